#include "migrations/version_table.hpp"

#include <fmt/format.h>

namespace retort::migrations {

VersionTable::VersionTable(const Dialect& dialect, std::string table_name)
    : dialect_(dialect), name_(std::move(table_name)) {}

std::string VersionTable::create_sql() const {
  return fmt::format("CREATE TABLE IF NOT EXISTS {} ({} VARCHAR(32) NOT NULL PRIMARY KEY)",
                     dialect_.quote_identifier(name_), dialect_.quote_identifier("version_num"));
}

std::string VersionTable::select_sql() const {
  return fmt::format("SELECT {} FROM {}", dialect_.quote_identifier("version_num"),
                     dialect_.quote_identifier(name_));
}

std::string VersionTable::move_sql(std::string_view from, std::string_view to) const {
  const std::string table = dialect_.quote_identifier(name_);
  const std::string column = dialect_.quote_identifier("version_num");
  if (from == to) return {};
  if (from.empty()) {
    return fmt::format("INSERT INTO {} ({}) VALUES ({})", table, column,
                       dialect_.quote_literal(to));
  }
  if (to.empty()) {
    return fmt::format("DELETE FROM {} WHERE {} = {}", table, column, dialect_.quote_literal(from));
  }
  return fmt::format("UPDATE {} SET {} = {} WHERE {} = {}", table, column,
                     dialect_.quote_literal(to), column, dialect_.quote_literal(from));
}

std::string VersionTable::purge_sql() const {
  return fmt::format("DELETE FROM {}", dialect_.quote_identifier(name_));
}

Status VersionTable::ensure(Connection& conn) const { return conn.execute(create_sql()); }

Result<bool> VersionTable::exists(Connection& conn) const {
  InspectOptions options;
  options.only_tables = {name_};
  Result<MetaData> schema = dialect_.inspect(conn, options);
  if (!schema) return std::move(schema).error();
  return schema->find_table("", name_) != nullptr;
}

Result<std::string> VersionTable::current(Connection& conn) const {
  Result<bool> present = exists(conn);
  if (!present) return std::move(present).error();
  if (!*present) return std::string();
  return read(conn);
}

Result<std::string> VersionTable::read(Connection& conn) const {
  Result<Rows> rows = conn.query(select_sql());
  if (!rows) return std::move(rows).error();
  if (rows->rows.empty()) return std::string();
  if (rows->rows.size() > 1) {
    return Error::database(
               fmt::format("version table {} holds {} rows; retort expects one", name_,
                           rows->rows.size()),
               "branches are not supported yet; `retort stamp --purge REV` resets the table")
        .on(name_);
  }
  const Cell& cell = rows->rows.front().empty() ? Cell() : rows->rows.front().front();
  return cell.value_or(std::string());
}

Status VersionTable::move(Connection& conn, std::string_view from, std::string_view to) const {
  const std::string sql = move_sql(from, to);
  if (sql.empty()) return {};
  return conn.execute(sql);
}

}  // namespace retort::migrations
