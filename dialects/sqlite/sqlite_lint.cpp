#include "dialects/sqlite/sqlite_lint.hpp"

#include <fmt/format.h>

#include "dialects/sqlite/sqlite_ddl.hpp"

namespace retort::sqlite {

void lint_sqlite(const Op& op, const LintContext& context, std::vector<LintFinding>& findings) {
  // Whether the op is a rebuild is what the DDL compiler makes of it.
  Result<std::vector<Statement>> statements = compile_op(op, context.before);
  if (!statements) return;
  for (const Statement& s : *statements) {
    std::string_view sql = s.sql;
    if (!sql.starts_with("CREATE TABLE ")) continue;
    sql.remove_prefix(13);
    if (sql.starts_with('"')) sql.remove_prefix(1);
    if (!sql.starts_with(kRebuildPrefix)) continue;
    sql.remove_prefix(kRebuildPrefix.size());
    const std::string table(sql.substr(0, sql.find_first_of("\" (")));
    if (!context.existing("", table)) continue;
    std::optional<std::int64_t> rows;
    if (context.row_count) rows = context.row_count("", table);
    findings.push_back(
        {"table-rebuild", LintSeverity::kWarning,
         fmt::format("SQLite cannot make this change in place: table {} is rebuilt, every row "
                     "copied into a new table while the database is locked for writes, for as "
                     "long as the table is big{}",
                     table,
                     rows ? fmt::format(" ({} row{} now)", *rows, *rows == 1 ? "" : "s") : ""),
         "run it when writes can wait (the whole revision is one transaction), or change the "
         "table in a way ALTER TABLE can (add a nullable column, rename)"});
  }
}

}  // namespace retort::sqlite
