// retort: lint findings per database — core's dialect-neutral ones
// (core/lint.hpp) with what PostgreSQL's locks and rewrites and SQLite's
// table rebuilds add (docs/lint.md).
//
// Example:
//   lint_op_on("postgresql", CreateIndex{...}, context)
//     -> {{.code = "index-not-concurrent", ...}}
#pragma once

#include <string_view>
#include <vector>

#include "core/lint.hpp"

namespace retort {

// The findings for `op` on `dialect` ("postgresql", "sqlite"; another name
// gets core's alone).
std::vector<LintFinding> lint_op_on(std::string_view dialect, const Op& op,
                                    const LintContext& context);

}  // namespace retort
