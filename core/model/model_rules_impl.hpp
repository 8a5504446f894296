// retort: what build_model() prepares once per model for validation
// (private to core/model: model.cpp fills it, validation.cpp reads it).
#pragma once

#include <optional>
#include <regex>
#include <vector>

namespace retort::detail {

struct CompiledRules {
  // One per column, in ModelData::columns order; set where `pattern` is.
  std::vector<std::optional<std::regex>> patterns;
};

}  // namespace retort::detail
