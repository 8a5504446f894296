// Lock waits that end (docs/deploying.md, "Lock policy"): a holder of
// retort's own migration lock, a holder of a lock on the table a revision
// alters, and a waiter killed while it waits. Each run says what it waits
// for, gives up with exit 3 and a hint, changes nothing, and leaves no
// retort session waiting on the server.
//
// PostgreSQL's table lock is a plain SELECT left open in a transaction; its
// SQLite counterpart is another process's write lock (BEGIN IMMEDIATE).
// Checks of server sessions (pg_stat_activity) are PostgreSQL's alone.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "dialects/registry.hpp"
#include "tests/cli/cli_project.hpp"
#include "tests/cli/lock_test_support.hpp"

namespace retort::testing {
namespace {

using Cells = std::vector<std::vector<std::string>>;

constexpr const char* kWaiting = "waiting for the migration lock, held by ";

bool is_postgresql(const CliProject& p) { return p.dialect() == "postgresql"; }

// Holds retort's migration lock as another retort would (the key is the
// version table's name); `holder_text` gets how a waiter must name this
// holder: the connection's server pid (PostgreSQL), this process's pid
// written into the lock file (SQLite).
struct HeldMigrationLock {
  std::unique_ptr<Connection> conn;
  std::unique_ptr<Lock> lock;
  std::string holder_text;
};

HeldMigrationLock hold_migration_lock(const CliProject& p) {
  HeldMigrationLock held;
  held.conn = connect_as_test(p);
  if (!held.conn) return held;
  Result<const Dialect*> dialect = dialect_for_url(p.url());
  if (!dialect) {
    ADD_FAILURE() << dialect.error().describe();
    return held;
  }
  Result<std::unique_ptr<Lock>> lock = (*dialect)->try_lock(*held.conn, "retort_version");
  if (!lock || !*lock) {
    ADD_FAILURE() << "the test cannot take the migration lock";
    return held;
  }
  held.lock = std::move(*lock);
  if (is_postgresql(p)) {
    held.holder_text = "pid " + backend_pid(*held.conn) + " (application retort_test";
  } else {
    held.holder_text = "pid " + std::to_string(::getpid()) + " on host ";
  }
  return held;
}

// PostgreSQL: once the run is over, no session of retort's is left, waiting
// or not (the server may take a moment to see a client go).
void expect_no_retort_session_left(const CliProject& p) {
  if (!is_postgresql(p)) return;
  EXPECT_EQ(retort_sessions(p, true), 0) << "a retort session still waits for a lock";
  EXPECT_TRUE(eventually([&] { return retort_sessions(p, false) == 0; }))
      << "a retort session stayed on the server after retort exited";
}

class LockWaitTest : public ::testing::TestWithParam<const char*> {};

TEST_P(LockWaitTest, HeldMigrationLockIsNamedThenGivenUpOn) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  write_history(p);
  HeldMigrationLock held = hold_migration_lock(p);
  ASSERT_TRUE(held.lock);

  ScopedProcess up(p.start({"upgrade", "head", "--wait-for-lock", "2s"}));
  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  // The waiting line names the holder; the error does too, with a hint.
  EXPECT_NE(r.err.find(std::string("retort: ") + kWaiting + held.holder_text), std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("of at most 2s"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("retort: error: gave up waiting for the migration lock after 2s: it is "
                       "held by " +
                       held.holder_text),
            std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("retort: hint: another retort is migrating this database"),
            std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("nothing was run"), std::string::npos) << r.describe();
  EXPECT_EQ(r.out.find("Running upgrade"), std::string::npos) << r.describe();

  // Nothing ran: not even the version table was created.
  EXPECT_EQ(all_tables(p), std::vector<std::string>{});
  EXPECT_EQ(p.version(), "");
  expect_no_retort_session_left(p);
}

TEST_P(LockWaitTest, WaitForLockZeroGivesUpAtOnce) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  write_history(p);
  HeldMigrationLock held = hold_migration_lock(p);
  ASSERT_TRUE(held.lock);

  ScopedProcess up(p.start({"upgrade", "head", "--wait-for-lock", "0"}));
  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_EQ(r.err.find(kWaiting), std::string::npos) << "it waited:\n" << r.describe();
  EXPECT_NE(r.err.find("retort: error: gave up waiting for the migration lock"), std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("held by " + held.holder_text), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("retort: hint: "), std::string::npos) << r.describe();
  EXPECT_EQ(all_tables(p), std::vector<std::string>{});
  expect_no_retort_session_left(p);
}

// retort polls for its lock, so a waiter killed with SIGKILL leaves nothing
// queued: once the holder lets go, the next run takes the lock at once.
TEST_P(LockWaitTest, KilledMigrationLockWaiterLeavesNothingBehind) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  write_history(p);
  HeldMigrationLock held = hold_migration_lock(p);
  ASSERT_TRUE(held.lock);

  ScopedProcess waiter(p.start({"upgrade", "head"}));  // the default wait: 10min
  ASSERT_TRUE(wait_for_stderr(waiter.get(), kWaiting)) << stderr_so_far(waiter.get());
  if (is_postgresql(p)) {
    // Polling: the waiting session is idle on the server, never in a lock queue.
    EXPECT_GE(retort_sessions(p, false), 1);
    EXPECT_EQ(retort_sessions(p, true), 0);
  }
  const ProcessResult killed = waiter.kill();
  EXPECT_EQ(killed.exit_code, 128 + 9) << killed.describe();
  expect_no_retort_session_left(p);
  EXPECT_EQ(all_tables(p), std::vector<std::string>{});

  held.lock.reset();
  // Not waiting at all: nothing the killed waiter did holds or queues.
  ProcessResult next = p.retort({"upgrade", "head", "--wait-for-lock", "0"});
  EXPECT_EQ(next.exit_code, 0) << next.describe();
  EXPECT_EQ(p.version(), kAlterHero);
}

TEST_P(LockWaitTest, TableLockHolderMakesTheRunGiveUp) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  ASSERT_NO_FATAL_FAILURE(upgrade_to_revision_one(p));
  std::unique_ptr<Connection> holder = hold_table_lock(p);
  ASSERT_TRUE(holder);
  const std::string holder_pid = is_postgresql(p) ? backend_pid(*holder) : "";

  ScopedProcess up(p.start({"upgrade", "head", "--lock-timeout", "300ms", "--lock-retries", "1"}));
  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  // One retry, announced, then the error.
  EXPECT_NE(
      r.err.find(std::string("retort: revision ") + kAlterHero + " timed out waiting for a lock"),
      std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("retrying in 1s (retry 1 of 1)"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("(gave up after 2 attempts)"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("retort: hint: a lock timeout, not a fault in the revision: it was rolled "
                       "back and can simply be run again"),
            std::string::npos)
      << r.describe();
  if (is_postgresql(p)) {
    EXPECT_NE(r.err.find("[SQLSTATE 55P03]"), std::string::npos) << r.describe();
    // The session that held the lock, in the notice and the hint.
    const std::string blocker =
        "pid " + holder_pid + " (application retort_test, client local, idle in transaction";
    EXPECT_NE(r.err.find("Waiting on: " + blocker), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("it waited on: " + blocker), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("holds AccessShareLock on hero"), std::string::npos) << r.describe();
  } else {
    EXPECT_NE(r.err.find("database is locked by another process"), std::string::npos)
        << r.describe();
  }

  // The revision was rolled back: the version table did not move.
  EXPECT_EQ(p.version(), kCreateHero);
  EXPECT_FALSE(hero_has_nickname(p));
  expect_no_retort_session_left(p);

  // Once the holder is done, the same command runs it.
  ASSERT_TRUE(holder->commit());
  ProcessResult again = p.retort({"upgrade", "head", "--lock-timeout", "300ms"});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(p.version(), kAlterHero);
  EXPECT_TRUE(hero_has_nickname(p));
}

// A waiter killed while it waits for a table lock leaves nothing behind.
// PostgreSQL: its session is gone from the lock queue, so plain reads of the
// table no longer queue behind its ALTER (the classic migration outage); the
// lock timeout is long, so it is the server noticing the dead client
// (client_connection_check_interval), not the timeout, that ends the wait.
TEST_P(LockWaitTest, KilledTableLockWaiterLeavesNothingBehind) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  ASSERT_NO_FATAL_FAILURE(upgrade_to_revision_one(p));
  std::unique_ptr<Connection> holder = hold_table_lock(p);
  ASSERT_TRUE(holder);

  std::unique_ptr<ScopedProcess> waiter;
  if (is_postgresql(p)) {
    waiter = std::make_unique<ScopedProcess>(
        p.start({"upgrade", "head", "--lock-timeout", "10min", "--lock-retries", "5"}));
    // retort's ALTER TABLE waits in the server's lock queue.
    ASSERT_TRUE(eventually([&] { return retort_sessions(p, true) == 1 || !waiter->running(); }));
    ASSERT_TRUE(waiter->running()) << stderr_so_far(waiter->get());
    // While it waits, a plain read of hero queues behind it: the outage the
    // lock timeout bounds.
    std::unique_ptr<Connection> reader = connect_as_test(p);
    ASSERT_TRUE(reader);
    ASSERT_TRUE(reader->execute("SET statement_timeout = '200ms'"));
    Result<Rows> queued = reader->query("SELECT 1 FROM hero");
    EXPECT_FALSE(queued) << "a read of hero did not queue behind retort's waiting ALTER";
  } else {
    // SQLite waits in-process (the busy timeout): a retry notice shows it is
    // in the wait-and-retry loop.
    waiter = std::make_unique<ScopedProcess>(
        p.start({"upgrade", "head", "--lock-timeout", "200ms", "--lock-retries", "5"}));
    ASSERT_TRUE(wait_for_stderr(waiter->get(), "retrying in")) << stderr_so_far(waiter->get());
  }

  const ProcessResult killed = waiter->kill();
  EXPECT_EQ(killed.exit_code, 128 + 9) << killed.describe();
  if (is_postgresql(p)) {
    EXPECT_TRUE(eventually([&] { return retort_sessions(p, true) == 0; }))
        << "the killed retort's session still waits for a lock";
    EXPECT_TRUE(eventually([&] { return retort_sessions(p, false) == 0; }))
        << "the killed retort's session stayed";
    // The holder still reads hero (AccessShareLock); another reader is not
    // blocked any more.
    std::unique_ptr<Connection> reader = connect_as_test(p);
    ASSERT_TRUE(reader);
    ASSERT_TRUE(reader->execute("SET statement_timeout = '5s'"));
    Result<Rows> read = reader->query("SELECT 1 FROM hero");
    EXPECT_TRUE(read) << read.error().describe();
  }
  EXPECT_EQ(p.version(), kCreateHero);

  // Nothing of the killed run stays: the migration lock is free and the
  // revision runs whole.
  ASSERT_TRUE(holder->commit());
  ProcessResult next = p.retort({"upgrade", "head", "--wait-for-lock", "0"});
  EXPECT_EQ(next.exit_code, 0) << next.describe();
  EXPECT_EQ(p.version(), kAlterHero);
  EXPECT_TRUE(hero_has_nickname(p));
}

INSTANTIATE_TEST_SUITE_P(Dialects, LockWaitTest, ::testing::ValuesIn(kAllDialects));

// retort's sessions are named in pg_stat_activity, so a DBA sees who waits.
TEST(LockWaitPostgresqlTest, SessionsAreNamedRetort) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  write_history(p);
  HeldMigrationLock held = hold_migration_lock(p);
  ASSERT_TRUE(held.lock);

  ScopedProcess up(p.start({"upgrade", "head"}));
  ASSERT_TRUE(wait_for_stderr(up.get(), kWaiting)) << stderr_so_far(up.get());
  // Every session but the test's and the asking one is the waiting retort's.
  const Cells names = p.query(
      "SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database() "
      "AND pid <> pg_backend_pid() AND application_name <> 'retort_test'");
  EXPECT_EQ(names, (Cells{{"retort"}}));

  held.lock.reset();
  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(p.version(), kAlterHero);
}

}  // namespace
}  // namespace retort::testing
