#include "migrations/internal/branch_label.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace retort::migrations {

Status validate_branch_label(std::string_view label) {
  auto word = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  };
  const bool well_formed = !label.empty() && label.size() <= kMaxBranchLabel &&
                           word(label.front()) &&
                           std::all_of(label.begin(), label.end(),
                                       [&](char c) { return word(c) || c == '.' || c == '-'; });
  if (!well_formed) {
    return Error::bad_input(
        fmt::format("branch label \"{}\" is not valid", label),
        fmt::format("a branch label is 1 to {} characters of letters, digits, '_', '.' and '-', "
                    "starting with a letter, digit or '_' (it is used as LABEL@head)",
                    kMaxBranchLabel));
  }
  if (label == "head" || label == "heads" || label == "base" || label == "current") {
    return Error::bad_input(fmt::format("branch label \"{}\" is a reserved word", label),
                            "pick a label other than head, heads, base and current");
  }
  return {};
}

}  // namespace retort::migrations
