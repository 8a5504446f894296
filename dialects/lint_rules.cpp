#include "dialects/lint_rules.hpp"

#include "dialects/postgresql/pg_lint.hpp"
#include "dialects/sqlite/sqlite_lint.hpp"

namespace retort {

std::vector<LintFinding> lint_op_on(std::string_view dialect, const Op& op,
                                    const LintContext& context) {
  std::vector<LintFinding> findings = lint_op(op, context);
  if (dialect == "postgresql") postgresql::lint_postgresql(op, context, findings);
  if (dialect == "sqlite") sqlite::lint_sqlite(op, context, findings);
  return findings;
}

}  // namespace retort
