// retort: one command over a fleet of databases (docs/fleets.md).
//
// run_fleet() runs `upgrade`, `downgrade`, `stamp`, `current`, `check` or
// `verify` on each member of a fleet: the
// project of `config` with its url replaced by the member's URL. Each member
// runs on its own thread with its own Project, connection, migration lock
// and transactions; at most `jobs` run at once. What a member prints
// (progress, lock notices) is captured in its report, never written to a
// shared stream, so outputs never interleave.
//
// What a failure does: a member that fails (a bad URL, a refused connection,
// a revision the database rejects) is reported with its error and never
// affects another member. With OnError::kStop no member starts after a
// failure is seen (running members finish); the rest are kNotStarted.
// With `canary` N > 0 the first N members run first (up to `jobs` at once)
// and, if any of them fails, no other member starts, whatever on_error says.
//
// Passwords: every URL in a report is redacted (user:***@) and every error
// and captured output has the member's password replaced by "***".
//
// Thread safety: run_fleet() may be called from any thread; `setup` and
// `on_done` are called from member threads, `on_done` one call at a time.
// Nothing in retort's layers below keeps unsynchronised process-wide state
// (docs/fleets.md, "Running in parallel"); the environment is read, never
// written.
//
// Example:
//   FleetOptions options;
//   options.jobs = 4;
//   Result<FleetReport> report = run_fleet(config, members, options);
//   if (!report) return report.error();    // bad revision files: nothing ran
//   report->exit_error();                   // the worst member's error kind
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "migrations/config.hpp"
#include "migrations/fleet_members.hpp"
#include "migrations/stop_request.hpp"

namespace retort::migrations {

class Project;

inline constexpr int kMaxFleetJobs = 64;

enum class FleetCommand {
  kUpgrade,    // Project::upgrade(target) on each member
  kDowngrade,  // Project::downgrade(target) on each member
  kStamp,      // Project::stamp(stamp_revisions, purge) on each member
  kCurrent,    // reads each member's version rows and whether it is at heads
  kCheck,      // Project::check(): the ops from each member to the models
  kVerify,     // Project::verify(): applied revisions whose files changed
  // upgrade --sql: each member's offline script from its own version row
  // to the target (MemberReport::script); the member is read, not written.
  kUpgradeSql,
};

enum class MemberResult {
  kUpgraded,         // upgrade: revisions applied, the member is at the target
  kDowngraded,       // downgrade: revisions reverted, the member is at the target
  kAlreadyAtTarget,  // upgrade, downgrade, stamp: the member was at the target; nothing changed
  kStamped,          // stamp: the version table now holds the revisions
  kAtHeads,          // current: every head is applied
  kBehind,           // current: some head is not applied
  kNoDifferences,    // check: the member matches the models
  kDiffers,          // check: ops would take the member to the models (listed in output)
  kVerified,         // verify: every applied revision matches its file
  kEdited,           // verify: some applied revision's file changed (listed in output)
  kScripted,         // upgrade --sql: the member's script is in MemberReport::script
  kStopped,          // upgrade, downgrade: stopped on request between revisions
  kFailed,           // see MemberReport::error
  kNotStarted,       // a failure elsewhere stopped the fleet first
};

// "upgraded", "downgraded", "already at target", "stamped", "at heads",
// "behind", "no differences", "differs", "verified", "edited", "scripted", "stopped",
// "failed", "not started".
const char* result_name(MemberResult result);

struct MemberReport {
  std::size_t index = 0;  // position in the member list, from 0
  std::string url;        // redacted: user:***@
  std::string name;       // how reports name it: the schema, else `url`
  std::string schema;     // schema per tenant: the member's schema; else ""
  bool canary = false;    // one of the first `canary` members
  MemberResult result = MemberResult::kNotStarted;
  std::vector<std::string> before;  // version rows before (empty: base)
  std::vector<std::string> after;   // and after; both empty if unread
  bool before_known = false;        // false when the member failed first
  bool after_known = false;
  std::chrono::milliseconds duration{0};
  std::optional<Error> error;  // kFailed only; the password scrubbed
  std::string output;          // what the member printed, the password scrubbed
  std::string script;          // kUpgradeSql: the offline script ("" when at the target)
};

struct FleetReport {
  std::vector<MemberReport> members;  // in member-list order
  // Schema per tenant: what the shared step did before the members ran
  // ("" when it had nothing to do), or with kUpgradeSql its script, which
  // runs before the members' scripts.
  std::string shared_step;
  std::string shared_script;

  // True when every member reached the target (upgrade) or was read
  // (current): no member failed, stopped or was left unstarted.
  bool ok() const;
  // The kind of the worst failure (kInternal over kDatabase over kBadInput),
  // or none when ok(). Unstarted members add nothing of their own: they
  // exist only because some member failed.
  std::optional<ErrorCode> worst() const;
  int count(MemberResult result) const;
};

struct FleetOptions {
  FleetCommand command = FleetCommand::kUpgrade;
  std::string target = "head";               // kUpgrade, kDowngrade
  std::vector<std::string> stamp_revisions;  // kStamp
  bool purge = false;                        // kStamp: empty the version table first
  int jobs = 1;                              // 1..kMaxFleetJobs members at once
  enum class OnError { kStop, kContinue } on_error = OnError::kStop;
  int canary = 0;  // run this many members first; stop if any fails
  // Once set (Ctrl-C), no member starts, and upgrade and downgrade members
  // stop between revisions (kStopped; migrations/stop_request.hpp). Null:
  // never.
  const StopFlag* stop = nullptr;
  // The compiled models (what `setup` gives each project), or null for
  // models.toml: a schema-per-tenant fleet checks them for schemas first.
  const MetaData* models = nullptr;
  // Applies the command line's settings to a member's project before it
  // runs (lock flags, --allow-edited, compiled-in models). Called on the
  // member's thread; a failure fails that member only.
  std::function<Status(Project&)> setup;
  // Told of each member as it starts, and as it ends (failed, upgraded,
  // ...), one call at a time across both, in the order they happen; not
  // for kNotStarted members.
  // Told, before any member starts, what the shared step of a
  // schema-per-tenant upgrade did (FleetReport::shared_step); not called when
  // it had nothing to do.
  std::function<void(const std::string&)> on_shared_step;
  std::function<void(const MemberReport&)> on_start;
  std::function<void(const MemberReport&)> on_done;
};

// Runs `options.command` on each of `members`. A member's bad-input error
// about its URL names the member's retort.toml line. Fails (nothing run)
// only for what every member would share: the revision files, bad options
// (jobs out of 1..kMaxFleetJobs, a negative canary), no members (all
// kBadInput). Schema per tenant (members with a schema: each member's
// project has Config::schema and shared_schema set) adds, before any member
// runs: the checks of migrations/internal/schema_fleet.hpp (kBadInput), and
// for kUpgrade the shared step that creates the enums in the shared schema
// (its failure is the run's: kDatabase, no member started).
Result<FleetReport> run_fleet(const Config& config, const std::vector<FleetMember>& members,
                              const FleetOptions& options);

}  // namespace retort::migrations
