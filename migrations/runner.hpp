// retort: the runner, which applies revisions.
//
// Online (a Connection): the whole command holds the Dialect's migration
// lock. Each revision runs in its own transaction (SQLite: BEGIN IMMEDIATE)
// together with its version-table update; the current revision is re-read
// inside that transaction, so a revision another process applied meanwhile is
// skipped and two concurrent `upgrade head` apply each revision exactly once.
// A failure rolls the revision back and returns kDatabase naming the
// revision file, the op index and the failing statement; revisions before it
// stay applied. A revision with `transactional = false` runs its statements
// without a transaction; a Statement with transactional = false commits the
// running transaction first and runs on its own.
//
// Offline (--sql): no connection. The schema before each op comes from
// replaying history from base with core's apply(); the script creates the
// version table, then for each revision: BEGIN; statements; version update;
// COMMIT;. Fed to the database's shell on an empty database it gives the
// same schema and version table as the online run.
//
// Progress goes to `out`, one line per revision:
//   Running upgrade a1b2c3d4e5f6 -> 3f2a9c1b7d4e, add hero
//
// Targets are identifiers for RevisionGraph::resolve(); relative ones (+N,
// -N) are resolved against the database's current revision once the lock is
// held.
#pragma once

#include <ostream>
#include <string_view>

#include "core/connection.hpp"
#include "migrations/revision_graph.hpp"
#include "migrations/version_table.hpp"

namespace retort::migrations {

class Runner {
 public:
  // All three must outlive the Runner.
  Runner(const Dialect& dialect, const RevisionGraph& graph, const VersionTable& version_table);

  // Upgrades to `target` (an identifier). Already there: prints nothing and
  // succeeds. `target` below the current revision: kBadInput.
  Status upgrade(Connection& conn, std::string_view target, std::ostream& out) const;
  // Downgrades to `target`. `target` above the current revision: kBadInput.
  Status downgrade(Connection& conn, std::string_view target, std::ostream& out) const;
  // Sets the version table to `target` without running ops. `purge` empties
  // the table first (for a version table in a bad state).
  Status stamp(Connection& conn, std::string_view target, bool purge, std::ostream& out) const;

  // Offline scripts from `from` to `to` (identifiers, not relative to a
  // database; upgrade's `from` is usually "base"), written to `sql_out`.
  Status upgrade_sql(std::string_view from, std::string_view to, std::ostream& sql_out) const;
  Status downgrade_sql(std::string_view from, std::string_view to, std::ostream& sql_out) const;

 private:
  const Dialect& dialect_;
  const RevisionGraph& graph_;
  const VersionTable& version_table_;
};

}  // namespace retort::migrations
