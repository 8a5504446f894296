#include "migrations/version_table.hpp"

#include <fmt/format.h>

#include <algorithm>

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

std::vector<std::string> VersionTable::move_sql(const VersionMove& move) const {
  const std::string table = dialect_.quote_identifier(name_);
  const std::string column = dialect_.quote_identifier("version_num");
  std::vector<std::string> out;
  for (const std::string& id : move.deletes) {
    out.push_back(
        fmt::format("DELETE FROM {} WHERE {} = {}", table, column, dialect_.quote_literal(id)));
  }
  if (move.update) {
    const auto& [from, to] = *move.update;
    out.push_back(fmt::format("UPDATE {} SET {} = {} WHERE {} = {}", table, column,
                              dialect_.quote_literal(to), column, dialect_.quote_literal(from)));
  }
  for (const std::string& id : move.inserts) {
    out.push_back(
        fmt::format("INSERT INTO {} ({}) VALUES ({})", table, column, dialect_.quote_literal(id)));
  }
  return out;
}

std::string VersionTable::purge_sql() const {
  return fmt::format("DELETE FROM {}", dialect_.quote_identifier(name_));
}

Status VersionTable::ensure(Connection& conn) const { return conn.execute(create_sql()); }

Result<bool> VersionTable::exists(Connection& conn) const {
  return dialect_.table_exists(conn, name_);
}

Result<std::vector<std::string>> VersionTable::current(Connection& conn) const {
  Result<bool> present = exists(conn);
  if (!present) return std::move(present).error();
  if (!*present) return std::vector<std::string>();
  return read(conn);
}

Result<std::vector<std::string>> VersionTable::read(Connection& conn) const {
  Result<Rows> rows = conn.query(select_sql());
  if (!rows) return std::move(rows).error();
  std::vector<std::string> out;
  for (const Row& row : rows->rows) {
    if (row.empty() || !row.front()) continue;
    out.push_back(*row.front());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status VersionTable::move(Connection& conn, const VersionMove& move) const {
  for (const std::string& sql : move_sql(move)) {
    if (Status s = conn.execute(sql); !s) return s;
  }
  return {};
}

VersionMove move_between(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  VersionMove move;
  for (const std::string& id : from) {
    if (std::find(to.begin(), to.end(), id) == to.end()) move.deletes.push_back(id);
  }
  for (const std::string& id : to) {
    if (std::find(from.begin(), from.end(), id) == from.end()) move.inserts.push_back(id);
  }
  return move;
}

}  // namespace retort::migrations
