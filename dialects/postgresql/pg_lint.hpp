// retort/postgresql: what PostgreSQL adds to an op's lint findings: the
// locks its DDL takes on a table running code uses, the table rewrites,
// and statements that cannot run inside a transaction. Findings the
// dialect-neutral rules made get PostgreSQL's safe form where it has one
// (set-not-null: a NOT VALID check first).
#pragma once

#include <vector>

#include "core/lint.hpp"

namespace retort::postgresql {

void lint_postgresql(const Op& op, const LintContext& context, std::vector<LintFinding>& findings);

// Whether changing a column from `from` to `to` rewrites the table (and its
// indexes); a longer varchar, varchar to text and more numeric digits at
// the same scale do not.
bool rewrites(const Type& from, const Type& to);

}  // namespace retort::postgresql
