// retort: the version table, retort's record of the applied revision.
//
//   CREATE TABLE IF NOT EXISTS "retort_version" (
//     "version_num" VARCHAR(32) NOT NULL PRIMARY KEY)
//
// It holds zero rows (base) or one row (the current revision). Identifiers are
// quoted and ids rendered as literals through the Dialect, so the same SQL
// serves online runs and offline (--sql) scripts.
#pragma once

#include <string>
#include <string_view>

#include "core/dialect.hpp"

namespace retort::migrations {

class VersionTable {
 public:
  // `dialect` must outlive this object.
  VersionTable(const Dialect& dialect, std::string table_name);

  const std::string& name() const { return name_; }

  std::string create_sql() const;  // CREATE TABLE IF NOT EXISTS ...
  std::string select_sql() const;  // SELECT version_num FROM ...
  // The statement moving the table from `from` to `to` ("" = base): an
  // INSERT (from base), DELETE (to base) or UPDATE. "" when from == to.
  std::string move_sql(std::string_view from, std::string_view to) const;
  std::string purge_sql() const;  // DELETE FROM ... (every row)

  // Creates the table if missing.
  Status ensure(Connection& conn) const;
  // Whether the table exists (asks the Dialect's inspector).
  Result<bool> exists(Connection& conn) const;
  // The current revision id, "" for base or a missing table. More than one
  // row is kDatabase (branches are not supported yet).
  Result<std::string> current(Connection& conn) const;
  // The current revision read from the table. REQUIRES: the table exists
  // (after ensure()); use this inside a migration's transaction.
  Result<std::string> read(Connection& conn) const;
  // Runs move_sql(from, to).
  Status move(Connection& conn, std::string_view from, std::string_view to) const;

 private:
  const Dialect& dialect_;
  std::string name_;
};

}  // namespace retort::migrations
