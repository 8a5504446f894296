// Lock timeouts and retries (docs/deploying.md, "Lock policy"): a revision
// that timed out on a lock runs again after a pause, and succeeds when the
// lock was released meanwhile; with --one-transaction the whole run does, and
// in a revision with `transactional = false` only the statement that timed
// out. A revision's own lock_timeout wins over the command line's; a bad
// duration is bad input that names where it was written.
//
// The holder of the lock is the test: PostgreSQL, a transaction that read
// hero; SQLite, the database's write lock (lock_test_support.hpp).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/cli_project.hpp"
#include "tests/cli/lock_test_support.hpp"

namespace retort::testing {
namespace {

using Cells = std::vector<std::vector<std::string>>;

bool is_postgresql(const CliProject& p) { return p.dialect() == "postgresql"; }

// How often `needle` occurs in `text`.
int occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class LockRetryTest : public ::testing::TestWithParam<const char*> {};

// Revisions 1 and 2 with revision 2 `transactional = false`: op 1 records
// itself in audit, op 2 alters hero, as an add_column op (a statement retort
// writes, which it may run again) or, with `raw_alter`, as an execute op
// (raw SQL, which it does not); the database at revision 1.
void at_revision_one_non_transactional(const CliProject& p, bool raw_alter = false) {
  p.write(revision_path(kCreateHero), create_hero_revision());
  const std::string alter =
      raw_alter ? "op = \"execute\"\nsql = \"ALTER TABLE hero ADD COLUMN nickname varchar(50)\"\n"
                : "op = \"add_column\"\ntable = \"hero\"\n"
                  "column = { name = \"nickname\", type = \"varchar(50)\", nullable = true }\n";
  p.write(revision_path(kAlterHero),
          std::string("revision = \"") + kAlterHero + "\"\ndown_revision = \"" + kCreateHero +
              "\"\nmessage = \"audit then alter\"\ntransactional = false\n\n"
              "[[upgrade]]\n"
              "op = \"execute\"\n"
              "sql = \"INSERT INTO audit (note) VALUES ('op 1')\"\n\n"
              "[[upgrade]]\n" +
              alter +
              "\n[[downgrade]]\n"
              "op = \"execute\"\n"
              "sql = \"ALTER TABLE hero DROP COLUMN nickname\"\n");
  ProcessResult first = p.retort({"upgrade", kCreateHero});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
}

TEST_P(LockRetryTest, LockReleasedDuringTheBackoffIsRetriedAndSucceeds) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  ASSERT_NO_FATAL_FAILURE(upgrade_to_revision_one(p));
  std::unique_ptr<Connection> holder = hold_table_lock(p);
  ASSERT_TRUE(holder);

  ScopedProcess up(p.start({"upgrade", "head", "--lock-timeout", "300ms", "--lock-retries", "5"}));
  ASSERT_TRUE(wait_for_stderr(up.get(), "retrying in")) << stderr_so_far(up.get());
  EXPECT_EQ(p.version(), kCreateHero);
  ASSERT_TRUE(holder->commit());  // released during the pause before the retry

  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(
      r.err.find(std::string("retort: revision ") + kAlterHero + " timed out waiting for a lock"),
      std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("was rolled back; retrying in 1s (retry 1 of 5)"), std::string::npos)
      << r.describe();
  EXPECT_EQ(r.err.find("retort: error:"), std::string::npos) << r.describe();
  EXPECT_EQ(p.version(), kAlterHero);
  EXPECT_TRUE(hero_has_nickname(p));
  // One run of the revision landed, and it is the one the history keeps.
  EXPECT_EQ(p.query(std::string("SELECT result FROM retort_history WHERE revision = '") +
                    kAlterHero + "'"),
            (Cells{{"applied"}}));
}

// With --one-transaction a lock timeout rolls back every revision of the run,
// so the whole run is run again.
TEST_P(LockRetryTest, OneTransactionRunIsRetriedWhole) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  // 1 creates hero; 2 creates sidekick (it lands in the same transaction as
  // 3); 3 alters hero, which the test holds.
  const std::string second = "1c0c00000022";
  const std::string third = "1c0c00000023";
  p.write(revision_path(kCreateHero), create_hero_revision());
  p.write("migrations/versions/" + second + "_sidekick.toml",
          "revision = \"" + second + "\"\ndown_revision = \"" + kCreateHero +
              "\"\nmessage = \"create sidekick\"\n\n"
              "[[upgrade]]\n"
              "op = \"create_table\"\n"
              "table = \"sidekick\"\n"
              "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n\n"
              "[[downgrade]]\n"
              "op = \"drop_table\"\n"
              "table = \"sidekick\"\n"
              "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n");
  p.write("migrations/versions/" + third + "_nickname.toml", alter_hero_revision(third, second));
  ProcessResult first = p.retort({"upgrade", kCreateHero});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  std::unique_ptr<Connection> holder = hold_table_lock(p);
  ASSERT_TRUE(holder);
  const std::string holder_pid = is_postgresql(p) ? backend_pid(*holder) : "";

  ScopedProcess up(p.start(
      {"upgrade", "head", "--one-transaction", "--lock-timeout", "300ms", "--lock-retries", "5"}));
  ASSERT_TRUE(wait_for_stderr(up.get(), "running it again in")) << stderr_so_far(up.get());
  // The first attempt left nothing: revision 2 was rolled back with it.
  EXPECT_EQ(p.version(), kCreateHero);
  ASSERT_TRUE(holder->commit());

  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.err.find("retort: the run timed out waiting for a lock"), std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("and was rolled back whole; running it again in 1s (retry 1 of 5)"),
            std::string::npos)
      << r.describe();
  if (is_postgresql(p)) {
    EXPECT_NE(r.err.find("Waiting on: pid " + holder_pid), std::string::npos) << r.describe();
  }
  EXPECT_EQ(r.err.find("retort: error:"), std::string::npos) << r.describe();
  EXPECT_EQ(p.version(), third);
  EXPECT_TRUE(hero_has_nickname(p));
  EXPECT_NE(p.schema().find_table("", "sidekick"), nullptr);
  EXPECT_EQ(p.query("SELECT revision, result FROM retort_history WHERE direction = 'upgrade' "
                    "ORDER BY seq"),
            (Cells{{kCreateHero, "applied"}, {second, "applied"}, {third, "applied"}}));
}

// Outside a transaction nothing rolls back, so only the statement that timed
// out runs again: op 1 (an INSERT) runs exactly once. On SQLite the write
// lock is the whole database's, so the revision already times out on the
// BEGIN IMMEDIATE that reads the version table before its first op, and is
// then tried again whole (nothing of it ran).
TEST_P(LockRetryTest, NonTransactionalRevisionRetriesTheStatement) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  ASSERT_NO_FATAL_FAILURE(at_revision_one_non_transactional(p));
  std::unique_ptr<Connection> holder = hold_table_lock(p);
  ASSERT_TRUE(holder);

  ScopedProcess up(p.start({"upgrade", "head", "--lock-timeout", "300ms", "--lock-retries", "5"}));
  ASSERT_TRUE(wait_for_stderr(up.get(), "retrying")) << stderr_so_far(up.get());
  ASSERT_TRUE(holder->commit());

  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  if (is_postgresql(p)) {
    EXPECT_NE(r.err.find("retort: a statement timed out waiting for a lock ("), std::string::npos)
        << r.describe();
    EXPECT_NE(r.err.find("; retrying it in 1s (retry 1 of 5)"), std::string::npos) << r.describe();
  } else {
    EXPECT_NE(r.err.find(std::string("retort: revision ") + kAlterHero +
                         " timed out waiting for a lock before any of its ops ran; retrying in "
                         "1s (retry 1 of 5)"),
              std::string::npos)
        << r.describe();
  }
  EXPECT_EQ(r.err.find("retort: error:"), std::string::npos) << r.describe();
  EXPECT_EQ(occurrences(r.out, "Running upgrade"), 1) << r.describe();
  EXPECT_EQ(p.query("SELECT note FROM audit"), (Cells{{"op 1"}}));
  EXPECT_EQ(p.version(), kAlterHero);
  EXPECT_TRUE(hero_has_nickname(p));
  EXPECT_EQ(p.query(std::string("SELECT result, ops_done, ops_total FROM retort_history WHERE "
                                "revision = '") +
                    kAlterHero + "'"),
            (Cells{{"applied", "2", "2"}}));
}

// Retries that run out in a revision with `transactional = false`: exit 3
// after as many attempts as were made. PostgreSQL: op 1 stayed applied, the
// history says so, and the next run resumes at op 2 without running op 1
// again. SQLite: it timed out before op 1 (see above), so nothing ran.
TEST_P(LockRetryTest, NonTransactionalRevisionGivesUpAfterItsRetries) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  ASSERT_NO_FATAL_FAILURE(at_revision_one_non_transactional(p));
  std::unique_ptr<Connection> holder = hold_table_lock(p);
  ASSERT_TRUE(holder);
  const std::string holder_pid = is_postgresql(p) ? backend_pid(*holder) : "";

  ScopedProcess up(p.start({"upgrade", "head", "--lock-timeout", "200ms", "--lock-retries", "1"}));
  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_NE(r.err.find("(gave up after 2 attempts)"), std::string::npos) << r.describe();
  EXPECT_EQ(p.version(), kCreateHero);
  if (is_postgresql(p)) {
    EXPECT_NE(r.err.find("; retrying it in 1s (retry 1 of 1)"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("nothing was rolled back: op 1 stayed applied"), std::string::npos)
        << r.describe();
    EXPECT_NE(r.err.find("it waited on: pid " + holder_pid), std::string::npos) << r.describe();
    EXPECT_EQ(p.query("SELECT count(*) FROM audit"), (Cells{{"1"}}));
    EXPECT_EQ(p.query(std::string("SELECT result, ops_done FROM retort_history WHERE revision = "
                                  "'") +
                      kAlterHero + "'"),
              (Cells{{"partial", "1"}}));
  } else {
    EXPECT_NE(r.err.find("before any of its ops ran; retrying in 1s (retry 1 of 1)"),
              std::string::npos)
        << r.describe();
    EXPECT_NE(r.err.find("it was rolled back and can simply be run again"), std::string::npos)
        << r.describe();
    EXPECT_EQ(p.query("SELECT count(*) FROM audit"), (Cells{{"0"}}));
  }

  ASSERT_TRUE(holder->commit());
  ProcessResult again = p.retort({"upgrade", "head"});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(p.version(), kAlterHero);
  EXPECT_TRUE(hero_has_nickname(p));
  EXPECT_EQ(p.query("SELECT count(*) FROM audit"), (Cells{{"1"}}));
}

// Raw SQL of an execute op is not run again outside a transaction (it may
// hold several statements, the first already committed): the run stops at
// once with op 1 kept and recorded, and the next run resumes at op 2.
// PostgreSQL only: on SQLite the write lock stops the revision before op 1.
TEST(LockRetryPostgresqlTest, NonTransactionalRawSqlIsNotRetriedButResumed) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  ASSERT_NO_FATAL_FAILURE(at_revision_one_non_transactional(p, /*raw_alter=*/true));
  std::unique_ptr<Connection> holder = hold_table_lock(p);
  ASSERT_TRUE(holder);

  ScopedProcess up(p.start({"upgrade", "head", "--lock-timeout", "200ms", "--lock-retries", "3"}));
  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_EQ(r.err.find("retrying"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("(gave up after 1 attempt)"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("resume at op 2"), std::string::npos) << r.describe();
  EXPECT_EQ(p.query("SELECT count(*) FROM audit"), (Cells{{"1"}}));
  EXPECT_EQ(p.query(std::string("SELECT result, ops_done FROM retort_history WHERE revision = '") +
                    kAlterHero + "'"),
            (Cells{{"partial", "1"}}));

  ASSERT_TRUE(holder->commit());
  ProcessResult again = p.retort({"upgrade", "head"});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_NE(again.out.find("Resuming upgrade of " + std::string(kAlterHero) + " at op 2 of 2"),
            std::string::npos)
      << again.describe();
  EXPECT_TRUE(hero_has_nickname(p));
  EXPECT_EQ(p.query("SELECT count(*) FROM audit"), (Cells{{"1"}}));
}

// The revision's own lock_timeout (20s) wins over --lock-timeout 100ms: the
// run keeps waiting well past 100ms without a retry, and goes on once the
// holder lets go.
TEST_P(LockRetryTest, RevisionLockTimeoutOverridesTheCommandLine) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  p.write(revision_path(kCreateHero), create_hero_revision());
  p.write(revision_path(kAlterHero),
          alter_hero_revision(kAlterHero, kCreateHero, "lock_timeout = \"20s\"\n"));
  ProcessResult first = p.retort({"upgrade", kCreateHero});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  std::unique_ptr<Connection> holder = hold_table_lock(p);
  ASSERT_TRUE(holder);

  ScopedProcess up(p.start({"upgrade", "head", "--lock-timeout", "100ms", "--lock-retries", "1"}));
  if (is_postgresql(p)) {
    // It is in the server's lock queue...
    ASSERT_TRUE(eventually([&] { return retort_sessions(p, true) == 1 || !up.running(); }))
        << stderr_so_far(up.get());
  }
  // ...and still is, ten times the command line's timeout later. (SQLite
  // shows no waiter; the same pause covers its start and its wait.)
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_TRUE(up.running()) << stderr_so_far(up.get());
  EXPECT_EQ(stderr_so_far(up.get()).find("timed out"), std::string::npos)
      << stderr_so_far(up.get());
  if (is_postgresql(p)) {
    EXPECT_EQ(retort_sessions(p, true), 1);
  }
  EXPECT_EQ(p.version(), kCreateHero);

  ASSERT_TRUE(holder->commit());
  const ProcessResult r = up.finish();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.err.find("timed out"), std::string::npos) << r.describe();
  EXPECT_EQ(p.version(), kAlterHero);
  EXPECT_TRUE(hero_has_nickname(p));
}

TEST_P(LockRetryTest, BadLockTimeoutsAreBadInput) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  write_history(p);

  ProcessResult flag = p.retort({"upgrade", "head", "--lock-timeout", "soon"});
  EXPECT_EQ(flag.exit_code, 2) << flag.describe();
  EXPECT_NE(flag.err.find("retort: error: --lock-timeout: "), std::string::npos) << flag.describe();
  EXPECT_NE(flag.err.find("soon"), std::string::npos) << flag.describe();
  EXPECT_EQ(all_tables(p), std::vector<std::string>{});

  // Line 4 of the revision file: after revision, down_revision and message.
  write_history(p, "lock_timeout = \"5 seconds\"\n");
  ProcessResult file = p.retort({"upgrade", "head"});
  EXPECT_EQ(file.exit_code, 2) << file.describe();
  const std::string name = std::filesystem::path(revision_path(kAlterHero)).filename().string();
  EXPECT_NE(file.err.find(name + ":4: lock_timeout: "), std::string::npos) << file.describe();
  EXPECT_NE(file.err.find("5 seconds"), std::string::npos) << file.describe();
  EXPECT_EQ(file.out.find("Running upgrade"), std::string::npos) << file.describe();
  EXPECT_EQ(all_tables(p), std::vector<std::string>{});
  EXPECT_EQ(p.version(), "");
}

INSTANTIATE_TEST_SUITE_P(Dialects, LockRetryTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
