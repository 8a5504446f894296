// retort: what an op will do to a live database, before it runs — the
// findings `retort lint` prints (docs/lint.md has the table of codes).
//
// lint_op() looks at one op against the schema it runs on, the way a
// reviewer would: does it destroy data (drop-table, drop-column,
// narrow-type, ...), does it depend on the rows already there
// (add-not-null-column, set-not-null, add-unique, add-check)? Does it break
// running code (rename-column, rename-table)? Each finding
// has a stable code, a severity, what happens and why, and the safe way to
// do it. What depends on the database (PostgreSQL's locks and rewrites,
// SQLite's table rebuilds) comes from the dialect's rules
// (dialects/lint_rules.hpp), which add to these.
//
// Example:
//   LintContext c{.before = schema};
//   for (const LintFinding& f : lint_op(DropColumn{"", "hero", "age"}, c))
//     f.code   // "drop-column"
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ops.hpp"

namespace retort {

enum class LintSeverity {
  kNotice,   // worth knowing; never fails --strict
  kWarning,  // destroys data, depends on the rows, or locks a table: --strict fails
  kError,    // will fail as written
};

// "notice", "warning", "error".
std::string_view severity_name(LintSeverity severity);

// Every code a finding can have (docs/lint.md), core's and the dialects'.
const std::vector<std::string_view>& lint_codes();
bool is_lint_code(std::string_view code);

struct LintFinding {
  std::string code;  // stable: "drop-column", "index-not-concurrent", ...
  LintSeverity severity = LintSeverity::kWarning;
  std::string message;  // what the op does to a live database, and why it matters
  std::string safe;     // the safe way to do it
};

// What an op runs on: the schema before it, and the tables the same
// revision created before it (empty, so nothing locks or depends on rows).
struct LintContext {
  const MetaData& before;
  std::set<std::pair<std::string, std::string>> new_tables{};  // (schema, name)
  bool transactional = true;                                   // the revision's
  // The rows a table of the database holds now, when there is a database to
  // ask (`retort lint` without --offline); unset, or nullopt: not known.
  // table-rebuild says how many rows the rebuild copies.
  std::function<std::optional<std::int64_t>(const std::string& schema, const std::string& table)>
      row_count{};

  // Whether (schema, table) existed before the revision: a table with rows
  // that running code uses.
  bool existing(const std::string& schema, const std::string& table) const;
};

// The dialect-neutral findings for `op`.
std::vector<LintFinding> lint_op(const Op& op, const LintContext& context);

// Whether a column of type `from` changed to `to` may lose values: a
// shorter varchar/char, a smaller integer, fewer numeric digits, text to a
// bounded string, a floating type to an integer.
bool narrows(const Type& from, const Type& to);

}  // namespace retort
