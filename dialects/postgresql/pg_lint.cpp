#include "dialects/postgresql/pg_lint.hpp"

#include <fmt/format.h>

#include <array>
#include <string>

#include "core/internal/text.hpp"

namespace retort::postgresql {
namespace {

std::string qualified(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

void add(std::vector<LintFinding>& out, std::string code, std::string message, std::string safe,
         LintSeverity severity = LintSeverity::kWarning) {
  out.push_back({std::move(code), severity, std::move(message), std::move(safe)});
}

void concurrently_in_transaction(std::vector<LintFinding>& out) {
  add(out, "concurrently-in-transaction",
      "this statement cannot run inside a transaction block, and the revision runs in one: the "
      "upgrade fails",
      "move it to a revision of its own with transactional = false", LintSeverity::kError);
}

// Functions whose value differs per row: a new column's default that calls
// one is computed for every row, which rewrites the table.
bool volatile_default(const ColumnDefault& d) {
  if (!d.sql) return false;
  const std::string sql = detail::lower(*d.sql);
  static constexpr std::array<const char*, 6> kVolatile = {
      "random(",          "gen_random_uuid(", "uuid_generate_v4(",
      "clock_timestamp(", "timeofday(",       "uuid_generate_v1("};
  for (const char* f : kVolatile) {
    if (sql.find(f) != std::string::npos) return true;
  }
  return false;
}

// Raw SQL that PostgreSQL refuses inside a transaction block.
bool refuses_transaction(const std::string& sql) {
  const std::string s = detail::lower(sql);
  if (s.find("concurrently") != std::string::npos &&
      (s.find("index") != std::string::npos || s.find("detach") != std::string::npos)) {
    return true;
  }
  for (const char* statement : {"vacuum", "create database", "drop database", "alter system"}) {
    if (s.find(statement) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

bool rewrites(const Type& from, const Type& to) {
  if (from == to) return false;
  const bool from_varchar = from.kind == TypeKind::kVarchar;
  if (from_varchar && to.kind == TypeKind::kVarchar)
    return to.length != 0 && (from.length == 0 || to.length < from.length);
  if (from_varchar && to.kind == TypeKind::kText) return false;
  if (from.kind == TypeKind::kText && to.kind == TypeKind::kVarchar && to.length == 0) return false;
  if (from.kind == TypeKind::kNumeric && to.kind == TypeKind::kNumeric) {
    if (to.precision == 0) return false;
    return from.precision == 0 || to.scale != from.scale || to.precision < from.precision;
  }
  return true;
}

void lint_postgresql(const Op& op, const LintContext& c, std::vector<LintFinding>& out) {
  for (LintFinding& f : out) {
    if (f.code == "set-not-null") {
      f.safe =
          "add a check `col IS NOT NULL` with not_valid = true, validate it in the next "
          "revision (validate_constraint: a scan without the write lock), then set NOT NULL "
          "(PostgreSQL uses the valid check and skips the scan), and drop the check";
    }
  }
  std::visit(
      [&](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateIndex> || std::is_same_v<T, DropIndex>) {
          if (o.concurrently) {
            if (c.transactional) concurrently_in_transaction(out);
            return;
          }
          if (!c.existing(o.schema, o.table)) return;
          const bool create = std::is_same_v<T, CreateIndex>;
          add(out, create ? "index-not-concurrent" : "drop-index-not-concurrent",
              fmt::format("without CONCURRENTLY this blocks every write to {} until it is done{}",
                          qualified(o.schema, o.table), create ? " (the whole build)" : ""),
              "set concurrently = true on the op, in a revision of its own with transactional "
              "= false (`retort revision --autogenerate --concurrently` writes it so)");
        } else if constexpr (std::is_same_v<T, AddForeignKey>) {
          if (!c.existing(o.schema, o.table) || o.foreign_key.not_valid) return;
          add(out, "foreign-key-not-valid",
              fmt::format("the foreign key is checked against every row of {}, blocking writes to "
                          "it and to {} meanwhile",
                          qualified(o.schema, o.table),
                          qualified(o.foreign_key.ref_schema, o.foreign_key.ref_table)),
              "add it with not_valid = true (new rows are checked at once, no scan) and "
              "validate it in the next revision (validate_constraint); `retort revision "
              "--autogenerate --safe-constraints` writes both");
        } else if constexpr (std::is_same_v<T, AddUnique> || std::is_same_v<T, AlterPrimaryKey>) {
          if (!c.existing(o.schema, o.table)) return;
          add(out, "constraint-builds-index",
              fmt::format("the constraint builds its index while {} is locked against reads and "
                          "writes",
                          qualified(o.schema, o.table)),
              "create the unique index first with CREATE UNIQUE INDEX CONCURRENTLY (an execute "
              "op, transactional = false), then add the constraint USING INDEX");
        } else if constexpr (std::is_same_v<T, AlterColumn>) {
          if (!c.existing(o.schema, o.table) || !o.type) return;
          const Table* t = c.before.find_table(o.schema, o.table);
          const Column* was = o.existing     ? &*o.existing
                              : t != nullptr ? t->find_column(o.column)
                                             : nullptr;
          if (was != nullptr && !rewrites(was->type, *o.type)) return;
          add(out, "type-rewrite",
              fmt::format("the new type rewrites {} and rebuilds its indexes while it is locked "
                          "against reads and writes",
                          qualified(o.schema, o.table)),
              "add a column of the new type, fill it in batches, move the code over, then drop "
              "the old column");
        } else if constexpr (std::is_same_v<T, AddColumn>) {
          if (!c.existing(o.schema, o.table) || !volatile_default(o.column.default_)) return;
          add(out, "volatile-default",
              fmt::format("a default computed per row rewrites {} while it is locked against reads "
                          "and writes",
                          qualified(o.schema, o.table)),
              "add the column without a default, set the default in a later revision (new rows "
              "only), and fill the old rows in batches");
        } else if constexpr (std::is_same_v<T, DropEnum> || std::is_same_v<T, DropDomain> ||
                             std::is_same_v<T, DropCompositeType>) {
          // SQLite has no such types (an enum is a check on its columns).
          std::string what;
          if constexpr (std::is_same_v<T, DropEnum>) {
            what = "enum " + qualified(o.enum_.schema, o.enum_.name);
          } else {
            what = o.object.describe();
          }
          add(out, "drop-type",
              fmt::format("{} is dropped: code and functions that name it fail from now on", what),
              "check that nothing names it any more (functions, casts in queries) before "
              "dropping it");
        } else if constexpr (std::is_same_v<T, Execute>) {
          if (!c.transactional || (!o.dialect.empty() && o.dialect != "postgresql")) return;
          if (refuses_transaction(o.sql)) concurrently_in_transaction(out);
        }
      },
      op);
}

}  // namespace retort::postgresql
