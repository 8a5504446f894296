// retort/sqlite: what SQLite adds to an op's lint findings: a table
// rebuild (create, copy every row, drop, rename) for a change ALTER TABLE
// cannot make.
#pragma once

#include <vector>

#include "core/lint.hpp"

namespace retort::sqlite {

void lint_sqlite(const Op& op, const LintContext& context, std::vector<LintFinding>& findings);

}  // namespace retort::sqlite
