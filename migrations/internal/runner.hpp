// retort: the runner, which applies revisions.
//
// Online (a Connection): the whole command holds the Dialect's migration
// lock. The graph plans the run (RevisionGraph::upgrade_plan/downgrade_plan)
// from the version table's rows; each step runs in its own transaction
// (SQLite: BEGIN IMMEDIATE) together with its VersionMove. The rows are
// re-read inside that transaction: when another process moved the database
// since the plan was made, the run plans again from there, so a revision
// already applied (or removed) is skipped and two concurrent `upgrade heads`
// apply each revision exactly once.
// A failure rolls the revision back and returns kDatabase naming the
// revision file, the op index and the failing statement; revisions before it
// stay applied. A revision with `transactional = false` runs its statements
// without a transaction; a Statement with transactional = false commits the
// running transaction first and runs on its own.
//
// Offline (--sql): no connection. The run starts at the heads `from` names
// (usually base); the schema before each op comes from replaying history with
// core's apply(); the script creates the version table, then for each step:
// BEGIN; statements; version-table statements (the same as online); COMMIT;.
// Fed to the database's shell on an empty database it gives the same schema
// and version table rows as the online run. With one transaction for the
// whole run, the script is one BEGIN; ... COMMIT; as the online run is.
//
// Progress goes to `out`, one line per step (parents, or <base>, on the left):
//   Running upgrade a1b2c3d4e5f6 -> 3f2a9c1b7d4e, add hero
//   Running upgrade d1, d2 -> e, merge
//   Running downgrade e -> d1, d2, merge
//
// Targets are identifiers for RevisionGraph; relative ones (+N, -N, current)
// are resolved against the database's rows once the lock is held.
//
// Waiting (docs/deploying.md): the migration lock is waited for at most
// set_migration_lock_wait() (migrations/internal/migration_lock.hpp). The
// lock policy (LockSettings: a revision's own over set_lock_settings()) is
// put in force for the session at the start of a run, with SET LOCAL inside
// each transactional revision, and for the session around a revision with
// `transactional = false`. A transactional revision that times out on a lock
// (Dialect::is_lock_timeout) is rolled back and run again after a pause
// (1s, 2s, 4s... at most 30s), up to lock_retries times; with one
// transaction for the whole run, the whole run is; outside a transaction,
// the one statement. Each retry is announced on the notices stream; giving
// up is kDatabase naming the sessions that held the lock, with the hint
// that the revision was rolled back and can be run again as it is.
//
// History (migrations/history_table.hpp): each step writes its row in its
// own transaction; a failed one writes a `failed` row after the rollback. A
// revision with `transactional = false` records each op as it completes;
// when it fails or is stopped midway its row stays `partial`, and the next
// run that includes that step resumes at the first op not done (the file
// may have been fixed meanwhile). While a revision is partly applied, a run
// that does not include it is kBadInput, naming it and `retort resolve`.
// Every row carries the checksum of the revision that ran
// (migrations/checksum.hpp); set_upgrade_check() hangs the checks on
// recorded checksums and drift (made by the Project) before an upgrade.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"
#include "migrations/history_table.hpp"
#include "migrations/lock_settings.hpp"
#include "migrations/revision_graph.hpp"
#include "migrations/stop_request.hpp"
#include "migrations/version_table.hpp"

namespace retort::migrations {

class Runner {
 public:
  // All four must outlive the Runner.
  Runner(const Dialect& dialect, const RevisionGraph& graph, const VersionTable& version_table,
         const HistoryTable& history);

  // Upgrades to `target` (an identifier: head, heads, x@head, +1, ...).
  // Already there: prints nothing and succeeds. `target` below a current
  // head: kBadInput.
  Status upgrade(Connection& conn, std::string_view target, std::ostream& out) const;
  // Downgrades to `target` (base, -1, x@base, ...). `target` not applied:
  // kBadInput.
  Status downgrade(Connection& conn, std::string_view target, std::ostream& out) const;
  // Sets the version table to `targets` (RevisionGraph::stamp_heads) without
  // running ops, and records a `stamp` history row per head after it.
  // `purge` starts from no rows (for a version table in a bad state, e.g.
  // rows no revision file has).
  Status stamp(Connection& conn, const std::vector<std::string>& targets, bool purge,
               std::ostream& out) const;
  // Settles the partial run of revision `id` by hand: `applied` (the user
  // finished its ops) moves the version table as the step would have;
  // otherwise (the user undid them) it stays. Either way the history row is
  // closed. kBadInput when `id` has no partial run.
  Status resolve(Connection& conn, const std::string& id, bool applied, std::ostream& out) const;
  // `stamp --repair`: records the current checksum of each revision `ids`
  // names (full ids) in a `repair` history row, without running or moving
  // anything. kBadInput, nothing recorded, when one is not applied.
  Status repair(Connection& conn, const std::vector<std::string>& ids, std::ostream& out) const;

  // Offline scripts from the heads `from` names (an identifier, not relative
  // to a database: base, heads, an id, x@head) to `to`, written to `sql_out`.
  Status upgrade_sql(std::string_view from, std::string_view to, std::ostream& sql_out) const;
  Status downgrade_sql(std::string_view from, std::string_view to, std::ostream& sql_out) const;

  // One transaction per revision (the default) or one for the whole run:
  // a failure then rolls back every revision of the run, revisions that
  // cannot run inside a transaction are refused (kBadInput, nothing
  // committed), and the version table is written once, after the last
  // revision. Offline scripts follow the same setting.
  void set_transaction_per_revision(bool on) { transaction_per_revision_ = on; }
  // The lock policy of the run (the command line's over retort.toml's); a
  // revision's own settings go over it.
  void set_lock_settings(LockSettings settings) { lock_settings_ = settings; }
  // How long to wait for the migration lock (0: try once).
  void set_migration_lock_wait(std::chrono::milliseconds wait) { lock_wait_ = wait; }
  // Where waiting and retry notices go (stderr for the CLI); none when null.
  void set_notices(std::ostream* notices) { notices_ = notices; }
  // Looked at before each revision of upgrade/downgrade: once set, the run
  // ends there with stopped_error() (migrations/stop_request.hpp). None
  // when null.
  void set_stop(const StopFlag* stop) { stop_ = stop; }
  // Run by every online upgrade (one with nothing to do too, so a deploy
  // that finds the database at head still learns of an edited revision),
  // under the migration lock, with the version rows and the partly applied
  // revision's row, before anything runs; an error stops the upgrade (the
  // checksum and drift checks, migrations/integrity.hpp and
  // internal/drift_check.hpp).
  using UpgradeCheck = std::function<Status(Connection& conn, const std::vector<std::string>& rows,
                                            const std::optional<HistoryRow>& partial)>;
  void set_upgrade_check(UpgradeCheck check) { upgrade_check_ = std::move(check); }

 private:
  // The rows, each checked against the history (an unknown one: kBadInput).
  Result<std::vector<std::string>> read_known(Connection& conn) const;
  // Keeps the lock policy in force on the connection for a command.
  class PolicyScope;
  // Puts the command's lock policy in force, takes the migration lock
  // (waiting as set) and makes sure the version and history tables exist.
  Result<std::unique_ptr<Lock>> prepare(Connection& conn, PolicyScope& policy) const;
  Result<MigrationPlan> make_plan(const std::vector<std::string>& rows, std::string_view target,
                                  bool up) const;
  // One transaction per revision; re-plans when another process moved the
  // database between steps.
  Status migrate(Connection& conn, std::string_view target, bool up, std::ostream& out) const;
  // The whole run in one transaction, the version table written once.
  Status migrate_in_one_transaction(Connection& conn, std::string_view target, bool up,
                                    std::ostream& out) const;
  // The offline script from the heads `from` names to `to`.
  Status offline(std::string_view from, std::string_view to, bool up, std::ostream& sql_out) const;
  // Writes the script for `plan`'s steps, tracking the schema from `before`.
  Status write_script(const MigrationPlan& plan, MetaData before, std::ostream& sql_out) const;

  bool transaction_per_revision_ = true;
  LockSettings lock_settings_;
  std::chrono::milliseconds lock_wait_{10 * 60 * 1000};
  std::ostream* notices_ = nullptr;
  const StopFlag* stop_ = nullptr;
  UpgradeCheck upgrade_check_;
  const Dialect& dialect_;
  const RevisionGraph& graph_;
  const VersionTable& version_table_;
  const HistoryTable& history_;
};

}  // namespace retort::migrations
