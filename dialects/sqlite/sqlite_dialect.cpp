#include "dialects/sqlite/sqlite_dialect.hpp"

#include <fmt/format.h>

#include "dialects/registry.hpp"
#include "dialects/sqlite/sqlite_connection.hpp"

namespace retort {

const Dialect& sqlite_dialect() {
  static const sqlite::SqliteDialect dialect;
  return dialect;
}

namespace sqlite {

std::string quote_name(std::string_view ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool has_rowid_alias(const Table& table) {
  std::vector<std::string> pk = table.primary_key();
  if (pk.size() != 1) return false;
  const Column* col = table.find_column(pk[0]);
  return col != nullptr &&
         (col->type.kind == TypeKind::kInteger || col->type.kind == TypeKind::kBigint);
}

Result<std::unique_ptr<Connection>> SqliteDialect::connect(std::string_view url) const {
  return open_sqlite(url);
}

Result<MetaData> SqliteDialect::inspect(Connection& conn, const InspectOptions& options) const {
  return inspect_schema(conn, options);
}

MetaData SqliteDialect::normalize(const MetaData& declared) const {
  return normalize_schema(declared);
}

Result<std::vector<Statement>> SqliteDialect::compile(const Op& op, const MetaData& before) const {
  return compile_op(op, before);
}

std::string SqliteDialect::quote_identifier(std::string_view ident) const {
  return quote_name(ident);
}

std::string SqliteDialect::quote_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string SqliteDialect::script_prologue() const { return "PRAGMA foreign_keys=OFF;"; }

namespace {
class NoLock final : public Lock {};
}  // namespace

Result<std::unique_ptr<Lock>> SqliteDialect::lock(Connection&, std::string_view) const {
  return std::unique_ptr<Lock>(std::make_unique<NoLock>());
}

Status SqliteDialect::verify(Connection& conn) const {
  constexpr std::string_view kSql = "PRAGMA foreign_key_check";
  Result<Rows> rows = conn.query(kSql);
  if (!rows) return rows.error();
  if (rows->rows.empty()) return {};
  // Columns: table, rowid, parent, fkid.
  const Row& first = rows->rows.front();
  auto cell = [&](std::size_t i) {
    return i < first.size() && first[i] ? *first[i] : std::string("NULL");
  };
  Error err = Error::database(
      fmt::format("foreign key violation: row {} of table '{}' refers to a missing row of '{}' ({} "
                  "violation{} in all)",
                  cell(1), cell(0), cell(2), rows->rows.size(), rows->rows.size() == 1 ? "" : "s"),
      "fix or delete the offending rows (see PRAGMA foreign_key_check), then run the migration "
      "again");
  err.on(cell(0));
  err.sqlstate = "787";  // SQLITE_CONSTRAINT_FOREIGNKEY
  err.with_statement(std::string(kSql));
  return err;
}

}  // namespace sqlite
}  // namespace retort
