#include "core/lint.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace retort {
namespace {

std::string qualified(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

LintFinding warning(std::string code, std::string message, std::string safe) {
  return {std::move(code), LintSeverity::kWarning, std::move(message), std::move(safe)};
}

// The size rank of an integer type (0 when it is none).
int integer_rank(TypeKind kind) {
  switch (kind) {
    case TypeKind::kSmallint:
      return 1;
    case TypeKind::kInteger:
      return 2;
    case TypeKind::kBigint:
      return 3;
    default:
      return 0;
  }
}

bool is_bounded_string(const Type& t) {
  return (t.kind == TypeKind::kVarchar && t.length > 0) || t.kind == TypeKind::kChar;
}

bool is_unbounded_string(const Type& t) {
  return t.kind == TypeKind::kText || (t.kind == TypeKind::kVarchar && t.length == 0);
}

void lint_alter_column(const AlterColumn& o, const LintContext& c, std::vector<LintFinding>& out) {
  if (!c.existing(o.schema, o.table)) return;
  const std::string column = qualified(o.schema, o.table) + "." + o.column;
  const Column* was = o.existing ? &*o.existing : nullptr;
  if (was == nullptr) {
    const Table* t = c.before.find_table(o.schema, o.table);
    if (t != nullptr) was = t->find_column(o.column);
  }
  if (o.type && was != nullptr && narrows(was->type, *o.type)) {
    out.push_back(warning(
        "narrow-type",
        fmt::format("{} goes from {} to {}: a value that does not fit fails the revision, or "
                    "is cut or rounded, and the wider values are gone after a downgrade",
                    column, was->type.to_string(), o.type->to_string()),
        "check that every row fits first (SELECT max(length(...)) ...); keep the wider type "
        "if unsure"));
  }
  if (o.default_ && o.default_->empty() && (was == nullptr || !was->default_.empty())) {
    out.push_back(warning("drop-default",
                          fmt::format("the default of {} goes: running code that inserts "
                                      "without the column now writes NULL or fails",
                                      column),
                          "deploy the code that always sets the column first, then drop the "
                          "default"));
  }
  if (o.nullable && *o.nullable && (was == nullptr || !was->nullable)) {
    out.push_back(warning("drop-not-null",
                          fmt::format("{} takes NULL from now on: code that reads it may not "
                                      "expect one, and a downgrade fails once a NULL is there",
                                      column),
                          "deploy the code that handles NULL first"));
  }
  if (o.nullable && !*o.nullable && (was == nullptr || was->nullable)) {
    out.push_back(warning(
        "set-not-null",
        fmt::format("{} becomes NOT NULL: the revision fails if a row holds NULL, and every row "
                    "is read to check it while the table is locked",
                    column),
        "fill the NULLs in an earlier revision (execute UPDATE ... WHERE col IS NULL) and deploy "
        "code that never writes NULL first"));
  }
}

}  // namespace

std::string_view severity_name(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::kNotice:
      return "notice";
    case LintSeverity::kWarning:
      return "warning";
    case LintSeverity::kError:
      return "error";
  }
  return "warning";
}

const std::vector<std::string_view>& lint_codes() {
  static const std::vector<std::string_view> kCodes = {
      // destructive
      "drop-table", "drop-column", "drop-schema", "drop-type", "drop-enum-value", "narrow-type",
      "drop-default", "drop-not-null",
      // depends on the rows already there
      "add-not-null-column", "set-not-null", "add-unique", "add-check",
      // running code
      "rename-column", "rename-table",
      // PostgreSQL's locks and rewrites
      "index-not-concurrent", "drop-index-not-concurrent", "foreign-key-not-valid",
      "constraint-builds-index", "type-rewrite", "volatile-default", "concurrently-in-transaction",
      // SQLite
      "table-rebuild",
      // the revision
      "no-lock-timeout"};
  return kCodes;
}

bool is_lint_code(std::string_view code) {
  const std::vector<std::string_view>& codes = lint_codes();
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool LintContext::existing(const std::string& schema, const std::string& table) const {
  return before.find_table(schema, table) != nullptr && new_tables.count({schema, table}) == 0;
}

bool narrows(const Type& from, const Type& to) {
  if (integer_rank(from.kind) != 0 && integer_rank(to.kind) != 0)
    return integer_rank(to.kind) < integer_rank(from.kind);
  if ((from.kind == TypeKind::kFloat || from.kind == TypeKind::kReal ||
       from.kind == TypeKind::kNumeric) &&
      integer_rank(to.kind) != 0) {
    return true;
  }
  if (from.kind == TypeKind::kFloat && to.kind == TypeKind::kReal) return true;
  if (from.kind == TypeKind::kNumeric && to.kind == TypeKind::kNumeric) {
    if (to.precision == 0) return false;
    if (from.precision == 0) return true;
    return to.precision - to.scale < from.precision - from.scale || to.scale < from.scale;
  }
  if (is_bounded_string(to)) {
    if (is_unbounded_string(from)) return true;
    if (is_bounded_string(from)) return to.length < from.length;
  }
  return false;
}

std::vector<LintFinding> lint_op(const Op& op, const LintContext& c) {
  std::vector<LintFinding> out;
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, DropTable>) {
          if (!c.existing(o.table.schema, o.table.name)) return;
          out.push_back(warning(
              "drop-table",
              fmt::format("table {} and every row in it are dropped; a downgrade makes the "
                          "table again, empty",
                          qualified(o.table.schema, o.table.name)),
              "stop every reader and writer first, back the rows up, and drop it in a revision "
              "of its own"));
        } else if constexpr (std::is_same_v<T, DropColumn>) {
          if (!c.existing(o.schema, o.table)) return;
          out.push_back(warning(
              "drop-column",
              fmt::format("column {}.{} and its values are dropped; a downgrade adds it again, "
                          "empty",
                          qualified(o.schema, o.table), o.column),
              "deploy code that no longer reads or writes the column first (with SQLModel-style "
              "models: remove the member), then drop it"));
        } else if constexpr (std::is_same_v<T, DropSchema>) {
          out.push_back(
              warning("drop-schema",
                      fmt::format("schema {} and everything left in it are dropped", o.object.name),
                      "move or drop what it holds in earlier revisions, each "
                      "reviewed, and drop the empty schema last"));
        } else if constexpr (std::is_same_v<T, AlterEnum>) {
          std::vector<std::string> gone;
          for (const std::string& v : o.existing) {
            if (std::find(o.values.begin(), o.values.end(), v) == o.values.end()) gone.push_back(v);
          }
          if (gone.empty()) return;
          out.push_back(warning(
              "drop-enum-value",
              fmt::format("enum {} loses {}: the revision fails if a row holds one, and code "
                          "that writes one fails from now on",
                          qualified(o.schema, o.name), fmt::join(gone, ", ")),
              "update the rows that hold those values and deploy code that no longer writes "
              "them first"));
        } else if constexpr (std::is_same_v<T, AlterColumn>) {
          lint_alter_column(o, c, out);
        } else if constexpr (std::is_same_v<T, RenameColumn> || std::is_same_v<T, RenameTable>) {
          if (!c.existing(o.schema, o.table)) return;
          const bool column = std::is_same_v<T, RenameColumn>;
          out.push_back(warning(
              column ? "rename-column" : "rename-table",
              std::string("running code that uses the old name fails from the moment the "
                          "revision commits until the new code is deployed"),
              column ? "add the new column, write both, backfill, move the readers, then drop "
                       "the old one (or deploy code that reads either name first)"
                     : "create a view with the old name over the renamed table until every "
                       "reader has moved, or deploy code that reads either name first"));
        } else if constexpr (std::is_same_v<T, AddColumn>) {
          const Column& col = o.column;
          if (!c.existing(o.schema, o.table) || col.nullable || !col.default_.empty() ||
              !col.identity.empty() || col.serial || !col.generated.empty()) {
            return;
          }
          out.push_back(warning(
              "add-not-null-column",
              fmt::format("{}.{} is NOT NULL without a default: adding it fails as soon as the "
                          "table has a row",
                          qualified(o.schema, o.table), col.name),
              "add it with a default, or add it nullable, fill it, then set NOT NULL in a "
              "later revision"));
        } else if constexpr (std::is_same_v<T, AddUnique> || std::is_same_v<T, CreateIndex>) {
          if constexpr (std::is_same_v<T, CreateIndex>) {
            if (!o.index.unique) return;
          }
          if (!c.existing(o.schema, o.table)) return;
          out.push_back(warning(
              "add-unique",
              fmt::format("rows already in {} must be unique: the revision fails on a duplicate",
                          qualified(o.schema, o.table)),
              "find and fix the duplicates first (SELECT ..., count(*) ... GROUP BY ... HAVING "
              "count(*) > 1)"));
        } else if constexpr (std::is_same_v<T, AddCheck>) {
          if (!c.existing(o.schema, o.table) || o.check.not_valid) return;
          out.push_back(warning(
              "add-check",
              fmt::format("check {} is tested on every row already in {}: the revision fails "
                          "on a row that breaks it",
                          o.check.name, qualified(o.schema, o.table)),
              "fix the rows first; on PostgreSQL add it `not_valid = true` and validate it in "
              "a later revision (validate_constraint)"));
        }
      },
      op);
  return out;
}

}  // namespace retort
