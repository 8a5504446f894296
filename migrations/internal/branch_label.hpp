// retort: the one rule for branch labels, wherever one is written
// (--branch-label, branch_labels in a revision file, LABEL@head): 1 to
// kMaxBranchLabel characters of [A-Za-z0-9_.-], the first one of
// [A-Za-z0-9_], and none of head, heads, base, current. docs/branches.md
// states the same rule for users.
//
// Example:
//   if (Status s = validate_branch_label(label); !s) return s;
#pragma once

#include <cstddef>
#include <string_view>

#include "core/error.hpp"

namespace retort::migrations {

inline constexpr std::size_t kMaxBranchLabel = 64;

// kBadInput (without a file: callers add where the label was written)
// when `label` breaks the rule.
Status validate_branch_label(std::string_view label);

}  // namespace retort::migrations
