// retort: the history table, retort's record of every run that moved the
// database (as Flyway's flyway_schema_history, Prisma's _prisma_migrations).
//
//   CREATE TABLE IF NOT EXISTS "retort_history" (
//     "seq" INTEGER NOT NULL PRIMARY KEY,    -- 1, 2, 3... (SQLite: the rowid)
//     "revision" VARCHAR(255) NOT NULL,      -- the revision id ("base" for a stamp to base)
//     "direction" VARCHAR(16) NOT NULL,      -- upgrade | downgrade | stamp | repair | squash
//     "result" VARCHAR(32) NOT NULL,         -- see HistoryResult
//     "ops_done" INTEGER NOT NULL,           -- ops completed and kept
//     "ops_total" INTEGER NOT NULL,
//     "message" TEXT, "error" TEXT,          -- the revision's message; why it failed
//     "checksum" VARCHAR(128),               -- the revision's (migrations/checksum.hpp)
//     "started_at" VARCHAR(40) NOT NULL,     -- ISO 8601 UTC, "2026-12-06T04:12:03.250Z"
//     "finished_at" VARCHAR(40), "duration_ms" BIGINT,
//     "retort_version" VARCHAR(32) NOT NULL, "user_name" VARCHAR(255),
//     "host_name" VARCHAR(255))
//
// Portable SQL only, so the same statements serve online runs and offline
// (--sql) scripts; `seq` is computed by the INSERT itself (MAX + 1: every
// writer holds the migration lock). Like the version table it is retort's
// own: inspect, diff, check and autogenerate never show it.
// A transactional revision's row is written in the revision's transaction;
// a revision with `transactional = false` gets a `partial` row committed
// before its first op, its `ops_done` committed after each op, and becomes
// `applied` in the transaction that moves the version table. Each row
// carries the checksum of the revision file that ran (a resumed run: the
// file that completed it); a `repair` row (`stamp --repair`) records the
// current file's checksum of a revision already applied, on purpose.
// REQUIRES: `dialect` outlives the HistoryTable.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dialect.hpp"

namespace retort::migrations {

// The values of the `result` column.
namespace history_result {
inline constexpr std::string_view kApplied = "applied";
// Rolled back: nothing of the revision stayed.
inline constexpr std::string_view kFailed = "failed";
// Ops 1..ops_done stayed applied and the version table was not moved: a
// `transactional = false` revision that failed or was stopped midway.
inline constexpr std::string_view kPartial = "partial";
// A partial run settled by `retort resolve`.
inline constexpr std::string_view kResolvedApplied = "resolved_applied";
inline constexpr std::string_view kResolvedRolledBack = "resolved_rolled_back";
}  // namespace history_result

struct HistoryRow {
  std::int64_t seq = 0;
  std::string revision;
  std::string direction;  // upgrade | downgrade | stamp | repair | squash
  std::string result;
  int ops_done = 0;
  int ops_total = 0;
  std::string message;
  std::string error;
  std::string checksum;
  // Empty when written: the database's clock (offline scripts).
  std::string started_at;
  std::string finished_at;
  std::optional<std::int64_t> duration_ms;
  std::string retort_version;
  std::string user_name;
  std::string host_name;
};

// True for a row whose run took effect: `applied`, or `resolved_applied`.
bool took_effect(const HistoryRow& row);

// A row with the retort version, user and host of this process, started
// now (started_at set from the clock, UTC).
HistoryRow new_history_row(std::string revision, std::string direction, std::string result);
// The time now (or `ago` before now), UTC, as ISO 8601 text with
// milliseconds.
std::string utc_now_text(std::chrono::milliseconds ago = std::chrono::milliseconds(0));
// A step that took `elapsed` and ends now: finished_at now, started_at
// `elapsed` before it and duration_ms, both times from one reading of the
// clock, so that started_at never follows finished_at.
void set_step_times(HistoryRow& row, std::chrono::milliseconds elapsed);
// One sentence on a `partial` row, for `current`, `upgrade` and errors:
// "revision 3f2a9c1b7d4e is partly applied (upgrade started 2026-...): op 1
// of 3 done; the run stopped with: ...".
std::string describe_partial(const HistoryRow& row);
// The command that resumes a partial run: "retort upgrade X", or
// "retort downgrade X-1" (to X's parent).
std::string resume_command(const HistoryRow& row);

class HistoryTable {
 public:
  HistoryTable(const Dialect& dialect, std::string table_name);

  const std::string& name() const { return name_; }

  std::string create_sql() const;  // CREATE TABLE IF NOT EXISTS ...
  // Inserts `row` with the next seq; finished_at, when `row.finished_at` is
  // empty and `finished` is true, and started_at, when empty, are the
  // database's clock (offline scripts); online runs write retort's times.
  std::string insert_sql(const HistoryRow& row, bool finished) const;
  // Records `ops_done` for the row `seq`.
  std::string progress_sql(std::int64_t seq, int ops_done) const;
  // Ends row `row.seq`: its result, error (empty: NULL), ops_done,
  // checksum (empty: NULL), finished_at (empty: the database's clock) and
  // duration (unset: NULL).
  std::string finish_sql(const HistoryRow& row) const;

  Status ensure(Connection& conn) const;
  // The seq of the row written last (under the migration lock: this
  // session's own).
  Result<std::int64_t> last_seq(Connection& conn) const;
  // Every row, by seq; none when the table does not exist.
  Result<std::vector<HistoryRow>> read(Connection& conn) const;
  // Every row, by seq. REQUIRES: the table exists (one query fewer than
  // read(), for a run that made sure of it).
  Result<std::vector<HistoryRow>> all(Connection& conn) const { return select(conn, ""); }
  // The rows whose result is `partial`, by seq. REQUIRES: the table exists.
  Result<std::vector<HistoryRow>> partial(Connection& conn) const;

 private:
  Result<std::vector<HistoryRow>> select(Connection& conn, std::string_view where) const;

  const Dialect& dialect_;
  std::string name_;
};

}  // namespace retort::migrations
