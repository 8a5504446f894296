// retort CLI: lint findings as people read them, for `retort lint` and for
// `retort revision --autogenerate` (which lints the revision it wrote):
//   FILE:LINE: SEVERITY [CODE] OP
//     what happens on a live database
//     safe: the safe way
//     acknowledged: the reason              (when a lint_ignore says so)
#pragma once

#include "cli/internal/output.hpp"
#include "migrations/lint.hpp"

namespace retort::cli {

// Each finding of `report`, in its order.
void print_lint_findings(Output& out, const migrations::LintReport& report);

// How many findings no lint_ignore acknowledges.
std::size_t open_findings(const migrations::LintReport& report);

}  // namespace retort::cli
