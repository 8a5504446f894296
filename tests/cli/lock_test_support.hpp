// Test support for the lock tests (lock_wait_test.cpp, lock_retry_test.cpp):
// a small history whose second revision alters table `hero`, the locks a
// test holds against it, a started retort that is never left running, and
// what PostgreSQL's pg_stat_activity says about retort's sessions.
//
// Waits here are bounded polls (kLiveness): they check that something
// happens at all, never how fast.
//
// Example:
//   write_history(p);
//   ASSERT_EQ(p.retort({"upgrade", kCreateHero}).exit_code, 0);
//   std::unique_ptr<Connection> holder = hold_table_lock(p);
//   ScopedProcess up(p.start({"upgrade", "head", "--lock-timeout", "300ms"}));
//   ProcessResult r = up.finish();
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/connection.hpp"
#include "tests/cli/cli_project.hpp"
#include "tests/cli/process.hpp"

namespace retort::testing {

// The bound on every wait of these tests.
inline constexpr std::chrono::seconds kLiveness{60};

// Revision 1 creates `hero` and `audit`; revision 2 adds column `nickname` to
// `hero` (the DDL a holder of a lock on `hero` blocks).
inline constexpr const char* kCreateHero = "1c0c00000001";
inline constexpr const char* kAlterHero = "1c0c00000002";

// The file of revision 1.
std::string create_hero_revision();
// The file of a revision `id` after `parent` that adds `nickname` to hero;
// `header` goes after its message (e.g. "lock_timeout = \"20s\"\n").
std::string alter_hero_revision(const std::string& id, const std::string& parent,
                                const std::string& header = "");
// Writes revisions 1 and 2 (revision 2 with `header`) into p's versions folder.
void write_history(const CliProject& p, const std::string& header = "");
// The path, relative to p.dir(), of revision `id`'s file as write_history writes it.
std::string revision_path(const std::string& id);

// Writes revisions 1 and 2 and upgrades to revision 1 (fatal failure when it
// cannot), so revision 2 is left to run.
void upgrade_to_revision_one(const CliProject& p);
// Whether revision 2 ran: hero has column nickname.
bool hero_has_nickname(const CliProject& p);

// A connection of the test's own to p's database. On PostgreSQL it is named
// `retort_test` (the URL's application_name), so it never counts as one of
// retort's sessions.
std::unique_ptr<Connection> connect_as_test(const CliProject& p);

// Holds what DDL on `hero` must wait for, until commit() or closing:
// PostgreSQL, an open transaction that has read the table (AccessShareLock,
// the plain SELECT left open); SQLite, its only counterpart, the database's
// write lock (BEGIN IMMEDIATE). Null (and the test failed) when it cannot.
std::unique_ptr<Connection> hold_table_lock(const CliProject& p);

// The server process id of a PostgreSQL connection.
std::string backend_pid(Connection& conn);

// PostgreSQL: how many sessions on p's database are retort's (application
// name `retort`), not counting the one asking; `waiting_for_lock`: only those
// waiting for a lock (wait_event_type 'Lock').
int retort_sessions(const CliProject& p, bool waiting_for_lock);

// Polls `condition` until it holds (true) or kLiveness passes (false).
bool eventually(const std::function<bool()>& condition);

// The tables of p's database, retort's own included, sorted.
std::vector<std::string> all_tables(const CliProject& p);

// A started retort that the test collects with finish() or kill(); one the
// test did not collect (a failed assertion) is killed and collected on
// destruction, so no test leaves one running.
class ScopedProcess {
 public:
  explicit ScopedProcess(StartedProcess started) : started_(std::move(started)) {}
  ScopedProcess(const ScopedProcess&) = delete;
  ScopedProcess& operator=(const ScopedProcess&) = delete;
  ~ScopedProcess();

  const StartedProcess& get() const { return started_; }
  bool running() const { return is_running(started_); }
  // Waits for it to exit; past kLiveness kills it and fails the test (the
  // run was meant to give up or finish by itself).
  ProcessResult finish();
  // Kills it with SIGKILL, as an operator or the OOM killer would, and
  // collects it.
  ProcessResult kill();

 private:
  StartedProcess started_;
};

}  // namespace retort::testing
