// retort: the version table, retort's record of the applied revisions.
//
//   CREATE TABLE IF NOT EXISTS "retort_version" (
//     "version_num" VARCHAR(32) NOT NULL PRIMARY KEY)
//
// One row per version head (RevisionGraph's vocabulary): no rows is base, one
// row a linear history, several rows a database on several branches. A step
// moves the rows with a VersionMove (deletes, then the update, then inserts).
// Identifiers are quoted and ids rendered as literals through the Dialect, so
// the same statements serve online runs and offline (--sql) scripts.
// Errors are kDatabase from the connection; a row that is not a revision id
// is the caller's to judge (RevisionGraph).
// REQUIRES: `dialect` outlives the VersionTable; every Connection passed in
// is of that dialect.
//
// Example:
//   VersionTable vt(dialect, "retort_version");
//   Result<std::vector<std::string>> rows = vt.current(conn);  // {"d1", "d2"}
//   Status s = vt.move(conn, step.version);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/dialect.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {

class VersionTable {
 public:
  // `dialect` must outlive this object.
  VersionTable(const Dialect& dialect, std::string table_name);

  const std::string& name() const { return name_; }

  std::string create_sql() const;  // CREATE TABLE IF NOT EXISTS ...
  std::string select_sql() const;  // SELECT version_num FROM ...
  // The statements of `move`, in order: a DELETE per deleted row, an UPDATE,
  // an INSERT per inserted row. Empty for an empty move.
  std::vector<std::string> move_sql(const VersionMove& move) const;
  std::string purge_sql() const;  // DELETE FROM ... (every row)

  // Creates the table if missing.
  Status ensure(Connection& conn) const;
  // Whether the table exists (Dialect::table_exists: one catalog query).
  Result<bool> exists(Connection& conn) const;
  // The rows, sorted; empty for base or a missing table.
  Result<std::vector<std::string>> current(Connection& conn) const;
  // The rows read from the table, sorted. REQUIRES: the table exists (after
  // ensure()); use this inside a migration's transaction.
  Result<std::vector<std::string>> read(Connection& conn) const;
  // Runs move_sql(move).
  Status move(Connection& conn, const VersionMove& move) const;

 private:
  const Dialect& dialect_;
  std::string name_;
};

// The move that turns rows `from` into rows `to` (deletes and inserts only).
VersionMove move_between(const std::vector<std::string>& from, const std::vector<std::string>& to);

}  // namespace retort::migrations
