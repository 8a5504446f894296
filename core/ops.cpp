#include "core/ops.hpp"

#include <fmt/format.h>

#include "core/ops/op_kind.hpp"

namespace retort {

// Each op kind's name, target, description, inverse and apply are stated
// once, in its OpKind (core/ops/*.cpp); these dispatch to it.

std::string_view op_name(const Op& op) {
  return detail::with_kind(op, [](const auto&, const auto& kind) { return kind.name; });
}

std::string op_target(const Op& op) {
  return detail::with_kind(op, [](const auto& o, const auto& kind) { return kind.target(o); });
}

std::string describe(const Op& op) {
  return detail::with_kind(op, [](const auto& o, const auto& kind) { return kind.describe(o); });
}

std::optional<Op> inverse(const Op& op) {
  return detail::with_kind(op, [](const auto& o, const auto& kind) { return kind.inverse(o); });
}

Status apply(MetaData& md, const Op& op) {
  return detail::with_kind(op, [&](const auto& o, const auto& kind) { return kind.apply(md, o); });
}

bool changes_existing(const Op& op, const MetaData& before) {
  return detail::with_kind(
      op, [&](const auto& o, const auto& kind) { return kind.changes_existing(before, o); });
}

Result<std::vector<Op>> inverse_all(const std::vector<Op>& ops) {
  std::vector<Op> out;
  out.reserve(ops.size());
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    std::optional<Op> inv = inverse(*it);
    if (!inv) {
      return Error::bad_input(
          fmt::format("{} has no inverse: {}", op_name(*it), describe(*it)),
          "write the downgrade ops by hand, or give the op the `existing` values it needs");
    }
    out.push_back(std::move(*inv));
  }
  return out;
}

}  // namespace retort
