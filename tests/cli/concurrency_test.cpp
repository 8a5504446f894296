// The migration lock (PostgreSQL advisory lock, SQLite flock on
// "<database>-retort.lock"): an upgrade waits while another holder has it and
// goes on once it is released, and two `retort upgrade head` processes started
// at the same moment apply each revision exactly once.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "dialects/registry.hpp"
#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr int kRevisions = 4;

std::string revision_id(int n) { return "c0ffee00000" + std::to_string(n); }

// Revision 1 creates the audit table; every revision (the first included)
// records itself in it with an execute op, and adds a table of its own so
// each one does some DDL too.
std::string revision_file(int n) {
  const std::string id = revision_id(n);
  std::string text = "revision = \"" + id + "\"\n";
  text += "down_revision = \"" + (n == 1 ? std::string() : revision_id(n - 1)) + "\"\n";
  text += "message = \"step " + std::to_string(n) + "\"\n\n";
  if (n == 1) {
    text +=
        "[[upgrade]]\n"
        "op = \"create_table\"\n"
        "table = \"audit\"\n"
        "columns = [ { name = \"revision\", type = \"varchar(12)\" } ]\n\n";
  }
  text += "[[upgrade]]\nop = \"create_table\"\ntable = \"step_" + std::to_string(n) +
          "\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n\n";
  text += "[[upgrade]]\nop = \"execute\"\nsql = \"INSERT INTO audit (revision) VALUES ('" + id +
          "')\"\n\n";
  text += "[[downgrade]]\nop = \"drop_table\"\ntable = \"step_" + std::to_string(n) +
          "\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";
  if (n == 1) {
    text +=
        "\n[[downgrade]]\n"
        "op = \"drop_table\"\n"
        "table = \"audit\"\n"
        "columns = [ { name = \"revision\", type = \"varchar(12)\" } ]\n";
  }
  return text;
}

class ConcurrencyTest : public ::testing::TestWithParam<const char*> {};

void write_revisions(const CliProject& p) {
  for (int n = 1; n <= kRevisions; ++n) {
    p.write("migrations/versions/" + revision_id(n) + "_step_" + std::to_string(n) + ".toml",
            revision_file(n));
  }
}

// True while the child has not exited (waitid with WNOWAIT leaves it to
// wait_process to collect).
bool still_running(const StartedProcess& child) {
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(child.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return false;
  }
  return info.si_pid == 0;
}

// True once the child has said on stderr that it waits for the migration
// lock (retort polls for it, so nothing queues on the server or in
// /proc/locks), naming the holder.
bool says_it_waits(const StartedProcess& child) {
  std::ifstream err(child.capture_dir / "stderr");
  const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  return text.find("waiting for the migration lock, held by ") != std::string::npos;
}

// Deterministic: the test holds the lock itself, so the upgrade must wait
// (and change nothing) until the test lets go, then run every revision.
TEST_P(ConcurrencyTest, UpgradeWaitsForTheLockHolderThenProceeds) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  write_revisions(p);

  Result<std::unique_ptr<Connection>> conn = retort::connect(p.url());
  ASSERT_TRUE(conn) << conn.error().describe();
  Result<const Dialect*> dialect = dialect_for_url(p.url());
  ASSERT_TRUE(dialect) << dialect.error().describe();
  Result<std::unique_ptr<Lock>> held = (*dialect)->try_lock(**conn, "retort_version");
  ASSERT_TRUE(held) << held.error().describe();

  StartedProcess upgrade = p.start({"upgrade", "head"});
  // Wait (bounded) until the upgrade says it waits for the lock.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool waiting = false;
  while (!waiting && still_running(upgrade) && std::chrono::steady_clock::now() < give_up) {
    waiting = says_it_waits(upgrade);
    // A poll interval, not a timing assumption.
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(waiting) << "the upgrade was never seen waiting for the lock";
  EXPECT_TRUE(still_running(upgrade)) << "the upgrade finished while the lock was held";
  EXPECT_EQ(p.version(), "") << "a revision ran while the lock was held";

  held->reset();  // release: the upgrade goes on
  ProcessResult r = wait_process(upgrade);
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(p.version(), revision_id(kRevisions));
  EXPECT_EQ(p.query("SELECT COUNT(*) FROM audit"),
            (std::vector<std::vector<std::string>>{{std::to_string(kRevisions)}}));
}

// Two processes at once: whichever order the lock gives them, each revision
// runs once and both succeed. (Whether they overlap is up to the scheduler;
// the waiting itself is proven by the test above.)
TEST_P(ConcurrencyTest, TwoUpgradesAtOnceApplyEachRevisionOnce) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  write_revisions(p);

  // Both are started before either is waited on.
  StartedProcess first = p.start({"upgrade", "head"});
  StartedProcess second = p.start({"upgrade", "head"});
  ProcessResult a = wait_process(first);
  ProcessResult b = wait_process(second);
  EXPECT_EQ(a.exit_code, 0) << a.describe();
  EXPECT_EQ(b.exit_code, 0) << b.describe();

  // Between them, the two processes ran each revision once.
  const std::string running = "Running upgrade";
  auto count = [&](const std::string& text) {
    int n = 0;
    for (auto at = text.find(running); at != std::string::npos; at = text.find(running, at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count(a.out) + count(b.out), kRevisions) << a.describe() << "\n" << b.describe();

  std::vector<std::vector<std::string>> expected;
  for (int n = 1; n <= kRevisions; ++n) expected.push_back({revision_id(n), "1"});
  EXPECT_EQ(p.query("SELECT revision, COUNT(*) FROM audit GROUP BY revision ORDER BY revision"),
            expected);
  EXPECT_EQ(p.query("SELECT COUNT(*) FROM audit"),
            (std::vector<std::vector<std::string>>{{std::to_string(kRevisions)}}));
  EXPECT_EQ(p.version(), revision_id(kRevisions));
  EXPECT_EQ(p.schema().tables.size(), static_cast<std::size_t>(kRevisions + 1));
}

INSTANTIATE_TEST_SUITE_P(Dialects, ConcurrencyTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
