// Partial runs (docs/deploying.md, "Partial runs, resumed"): a revision with
// `transactional = false` that fails at op 2, or is killed during it, keeps
// op 1, leaves the version table where it was and a `partial` history row;
// runs that would leave it behind are refused; `upgrade` (or `downgrade`)
// resumes it at op 2 once the file is fixed, and `resolve` settles it by hand
// either way.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "dialects/registry.hpp"
#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using HistoryRow = CliProject::HistoryRow;

constexpr const char* kBaseId = "b2d000000001";
constexpr const char* kPartialId = "b2d000000002";

constexpr const char* kBase =
    "revision = \"b2d000000001\"\n"
    "down_revision = \"\"\n"
    "message = \"create hero\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_table\"\n"
    "table = \"hero\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n\n"
    "[[downgrade]]\n"
    "op = \"drop_table\"\n"
    "table = \"hero\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";

constexpr const char* kCreatePart2 = "CREATE TABLE part2 (id INTEGER PRIMARY KEY)";
constexpr const char* kDropPart2 = "DROP TABLE part2";
constexpr const char* kNotSql = "THIS IS NOT SQL";

// The revision under test: three execute ops each way, run outside a
// transaction; op 2 of each direction is the one a test breaks.
std::string partial_revision(const std::string& op2_up, const std::string& op2_down) {
  std::string text =
      "revision = \"b2d000000002\"\n"
      "down_revision = \"b2d000000001\"\n"
      "message = \"three parts\"\n"
      "transactional = false\n";
  auto op = [&](const char* direction, const std::string& sql) {
    text += std::string("\n[[") + direction + "]]\nop = \"execute\"\nsql = \"" + sql + "\"\n";
  };
  op("upgrade", "CREATE TABLE part1 (id INTEGER PRIMARY KEY)");
  op("upgrade", op2_up);
  op("upgrade", "CREATE TABLE part3 (id INTEGER PRIMARY KEY)");
  op("downgrade", "DROP TABLE part3");
  op("downgrade", op2_down);
  op("downgrade", "DROP TABLE part1");
  return text;
}

std::string describe(const HistoryRow& r) {
  return r.seq + " " + r.revision + " " + r.direction + " " + r.result + " ops " + r.ops_done +
         "/" + r.ops_total + " started " + r.started_at + " finished " + r.finished_at +
         ", error: " + r.error;
}

std::string describe(const std::vector<HistoryRow>& rows) {
  std::string text;
  for (const HistoryRow& r : rows) text += describe(r) + "\n";
  return text;
}

// Polls `done` every 100 ms for at most `limit`; true once it holds.
bool wait_until(const std::function<bool()>& done,
                std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

// Kills and collects a started retort the test did not get to collect (a
// failed assertion), so no process outlives the test.
struct Reaper {
  StartedProcess& process;
  ~Reaper() {
    if (process.pid > 0) {
      ::kill(process.pid, SIGKILL);
      wait_process(process);
    }
  }
};

class PartialRunTest : public ::testing::TestWithParam<const char*> {
 protected:
  bool sqlite() const { return p_.dialect() == "sqlite"; }

  std::string partial_file() const { return "migrations/versions/b2d000000002_three_parts.toml"; }
  void write_revisions(const std::string& op2_up, const std::string& op2_down = kDropPart2) {
    p_.write("migrations/versions/b2d000000001_create_hero.toml", kBase);
    p_.write(partial_file(), partial_revision(op2_up, op2_down));
  }
  // The fixed file: op 2 creates (or drops) part2.
  void fix_revision() { p_.write(partial_file(), partial_revision(kCreatePart2, kDropPart2)); }

  bool has_table(const std::string& name) const {
    return p_.schema().find_table("", name) != nullptr;
  }

  // Applies the base revision, then fails the partial one at upgrade op 2.
  void fail_at_op_two() {
    write_revisions(kNotSql);
    ProcessResult base = p_.retort({"upgrade", kBaseId});
    ASSERT_EQ(base.exit_code, 0) << base.describe();
    ProcessResult up = p_.retort({"upgrade", "head"});
    ASSERT_EQ(up.exit_code, 3) << up.describe();
    ASSERT_TRUE(has_table("part1")) << schema_text(p_.schema());
    ASSERT_EQ(p_.version(), kBaseId);
  }

  // Everything a refused command must leave as it was.
  std::string state() const {
    return schema_text(p_.schema()) + "version: " + p_.version() + "\n" + describe(p_.history());
  }

  CliProject p_{GetParam()};
};

TEST_P(PartialRunTest, FailureAtOpTwoKeepsOpOneAndResumesAfterTheFix) {
  write_revisions(kNotSql);
  ProcessResult base = p_.retort({"upgrade", kBaseId});
  ASSERT_EQ(base.exit_code, 0) << base.describe();

  ProcessResult up = p_.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 3) << up.describe();
  EXPECT_NE(up.err.find("upgrade op 2 (execute)"), std::string::npos) << up.describe();
  EXPECT_NE(up.err.find("retort resolve " + std::string(kPartialId)), std::string::npos)
      << up.describe();

  // Nothing rolled op 1 back; op 3 never ran; the version did not move.
  EXPECT_TRUE(has_table("part1")) << schema_text(p_.schema());
  EXPECT_FALSE(has_table("part3")) << schema_text(p_.schema());
  EXPECT_EQ(p_.version(), kBaseId);
  std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), 2u) << describe(rows);
  const HistoryRow partial = rows[1];
  EXPECT_EQ(partial.revision, kPartialId);
  EXPECT_EQ(partial.direction, "upgrade");
  EXPECT_EQ(partial.result, "partial");
  EXPECT_EQ(partial.ops_done, "1");
  EXPECT_EQ(partial.ops_total, "3");
  EXPECT_NE(partial.error.find("upgrade op 2 (execute)"), std::string::npos) << partial.error;
  EXPECT_NE(partial.error.find("syntax error"), std::string::npos) << partial.error;

  ProcessResult current = p_.retort({"current"});
  EXPECT_EQ(current.exit_code, 0) << current.describe();
  EXPECT_EQ(current.out.rfind(std::string(kBaseId) + "\n", 0), 0u) << current.out;
  EXPECT_NE(current.out.find("Partly applied: revision " + std::string(kPartialId)),
            std::string::npos)
      << current.out;
  EXPECT_NE(current.out.find("op 1 of 3 done"), std::string::npos) << current.out;
  EXPECT_NE(current.out.find("`retort upgrade " + std::string(kPartialId) + "` resumes it at op 2"),
            std::string::npos)
      << current.out;
  EXPECT_NE(current.out.find("`retort resolve " + std::string(kPartialId) + " --applied`"),
            std::string::npos)
      << current.out;

  // Data written after the failure: a second run of op 1 would lose it (or fail).
  p_.execute("INSERT INTO part1 (id) VALUES (42)");

  // Runs that would leave the partial revision behind are refused whole.
  const std::string before = state();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"stamp", "head"}, std::vector<std::string>{"downgrade", "base"},
        std::vector<std::string>{"upgrade", "head", "--one-transaction"}}) {
    ProcessResult refused = p_.retort(args);
    EXPECT_EQ(refused.exit_code, 2) << refused.describe();
    EXPECT_NE(refused.err.find(kPartialId), std::string::npos) << refused.describe();
    EXPECT_NE(refused.err.find("retort resolve"), std::string::npos) << refused.describe();
    EXPECT_EQ(refused.out.find("Running"), std::string::npos) << refused.describe();
    EXPECT_EQ(state(), before) << refused.describe();
  }

  fix_revision();
  ProcessResult resumed = p_.retort({"upgrade", "head"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_NE(resumed.out.find("Resuming upgrade of " + std::string(kPartialId) + " at op 2 of 3"),
            std::string::npos)
      << resumed.out;
  EXPECT_EQ(p_.query("SELECT id FROM part1"), (std::vector<std::vector<std::string>>{{"42"}}));
  EXPECT_TRUE(has_table("part2")) << schema_text(p_.schema());
  EXPECT_TRUE(has_table("part3")) << schema_text(p_.schema());
  EXPECT_EQ(p_.version(), kPartialId);

  // The same row, now applied, remembering why the first run stopped.
  rows = p_.history();
  ASSERT_EQ(rows.size(), 2u) << describe(rows);
  const HistoryRow& done = rows[1];
  EXPECT_EQ(done.seq, partial.seq);
  EXPECT_EQ(done.revision, kPartialId);
  EXPECT_EQ(done.result, "applied");
  EXPECT_EQ(done.ops_done, "3");
  EXPECT_EQ(done.ops_total, "3");
  EXPECT_EQ(done.error.rfind("resumed at op 2 after: ", 0), 0u) << done.error;
  EXPECT_NE(done.error.find("syntax error"), std::string::npos) << done.error;
  EXPECT_NE(done.finished_at, "NULL");
  EXPECT_NE(done.duration_ms, "NULL");

  ProcessResult after = p_.retort({"current"});
  EXPECT_EQ(after.out.find("Partly applied"), std::string::npos) << after.out;
}

// ops_done of the revision's newest history row once it is `partial`, else
// "". Read quietly: retort may not have made the table yet.
std::string partial_progress(const CliProject& p) {
  Result<std::unique_ptr<Connection>> conn = retort::connect(p.url());
  if (!conn) return "";
  Result<Rows> rows = (*conn)->query(
      "SELECT result, ops_done FROM retort_history WHERE revision = 'b2d000000002' ORDER BY seq "
      "DESC");
  if (!rows || rows->rows.empty()) return "";
  const Row& row = rows->rows.front();
  if (!row.at(0) || *row.at(0) != "partial" || !row.at(1)) return "";
  return *row.at(1);
}

TEST_P(PartialRunTest, KilledDuringOpTwoResumesAfterTheFix) {
  // Op 2 runs for many seconds. SQLite has no sleep: count a long recursive
  // series and insert only its maximum, so the statement computes for long
  // but writes nothing until its end (its implicit transaction leaves
  // nothing behind when killed).
  const std::string slow =
      sqlite() ? "INSERT INTO part1 (id) SELECT max(x) FROM (WITH RECURSIVE c(x) AS (SELECT 1 "
                 "UNION ALL SELECT x + 1 FROM c LIMIT 300000000) SELECT x FROM c)"
               : "SELECT pg_sleep(30)";
  write_revisions(slow);
  ProcessResult base = p_.retort({"upgrade", kBaseId});
  ASSERT_EQ(base.exit_code, 0) << base.describe();

  StartedProcess run = p_.start({"upgrade", "head"});
  Reaper reaper{run};
  ASSERT_TRUE(wait_until([&] { return partial_progress(p_) == "1"; }))
      << "op 1 was never recorded as done";
  // Op 1 is committed; make sure op 2 is under way before the kill.
  std::string backend;
  if (sqlite()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  } else {
    ASSERT_TRUE(wait_until([&] {
      const auto rows = p_.query(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
          "pg_backend_pid() AND state = 'active' AND query LIKE 'SELECT pg_sleep(30)%'");
      if (!rows.empty()) backend = rows.front().front();
      return !rows.empty();
    })) << "op 2 never started";
  }
  ASSERT_EQ(::kill(run.pid, SIGKILL), 0);
  ProcessResult killed = wait_process(run);
  ASSERT_EQ(killed.exit_code, 128 + SIGKILL) << killed.describe();

  if (!backend.empty()) {
    // The server notices the dead client within client_connection_check_interval
    // (1s, set by retort) and ends the backend, releasing the migration lock.
    // Should it not have noticed yet, end the backend as a DBA would.
    const std::string alive = "SELECT 1 FROM pg_stat_activity WHERE pid = " + backend;
    if (!wait_until([&] { return p_.query(alive).empty(); }, std::chrono::seconds(30))) {
      p_.query("SELECT pg_terminate_backend(" + backend + ")");
      EXPECT_TRUE(wait_until([&] { return p_.query(alive).empty(); }));
    }
  }

  // Op 1 stayed, op 2 left nothing, the row says the run was stopped.
  EXPECT_TRUE(has_table("part1")) << schema_text(p_.schema());
  EXPECT_EQ(p_.query("SELECT count(*) FROM part1"), (std::vector<std::vector<std::string>>{{"0"}}));
  EXPECT_FALSE(has_table("part3")) << schema_text(p_.schema());
  EXPECT_EQ(p_.version(), kBaseId);
  std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), 2u) << describe(rows);
  const HistoryRow partial = rows[1];
  EXPECT_EQ(partial.revision, kPartialId);
  EXPECT_EQ(partial.result, "partial");
  EXPECT_EQ(partial.ops_done, "1");
  EXPECT_EQ(partial.ops_total, "3");
  EXPECT_EQ(partial.error, "NULL");
  EXPECT_EQ(partial.finished_at, "NULL");

  ProcessResult current = p_.retort({"current"});
  EXPECT_EQ(current.exit_code, 0) << current.describe();
  EXPECT_NE(current.out.find("op 1 of 3 done; op 2 did not finish (the run was stopped)"),
            std::string::npos)
      << current.out;

  p_.execute("INSERT INTO part1 (id) VALUES (7)");
  fix_revision();
  ProcessResult resumed = p_.retort({"upgrade", "head"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_NE(resumed.out.find("Resuming upgrade of " + std::string(kPartialId) + " at op 2 of 3"),
            std::string::npos)
      << resumed.out;
  // Op 1 ran once: the row written after the kill is still there.
  EXPECT_EQ(p_.query("SELECT id FROM part1"), (std::vector<std::vector<std::string>>{{"7"}}));
  EXPECT_TRUE(has_table("part2")) << schema_text(p_.schema());
  EXPECT_TRUE(has_table("part3")) << schema_text(p_.schema());
  EXPECT_EQ(p_.version(), kPartialId);
  rows = p_.history();
  ASSERT_EQ(rows.size(), 2u) << describe(rows);
  EXPECT_EQ(rows[1].seq, partial.seq);
  EXPECT_EQ(rows[1].result, "applied");
  EXPECT_EQ(rows[1].ops_done, "3");
  EXPECT_NE(rows[1].finished_at, "NULL");
  // The row still tells that an earlier run was stopped midway.
  EXPECT_EQ(rows[1].error, "resumed at op 2 after: the run was stopped");
}

TEST_P(PartialRunTest, ResolveRolledBackThenUpgradeRunsFromOpOne) {
  ASSERT_NO_FATAL_FAILURE(fail_at_op_two());
  // Undo op 1 by hand, then say so.
  p_.execute("DROP TABLE part1");
  ProcessResult resolve = p_.retort({"resolve", kPartialId, "--rolled-back"});
  ASSERT_EQ(resolve.exit_code, 0) << resolve.describe();
  EXPECT_NE(resolve.out.find("rolled back"), std::string::npos) << resolve.describe();
  EXPECT_EQ(p_.version(), kBaseId);
  std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), 2u) << describe(rows);
  const HistoryRow resolved = rows[1];
  EXPECT_EQ(resolved.revision, kPartialId);
  EXPECT_EQ(resolved.result, "resolved_rolled_back");
  EXPECT_NE(resolved.finished_at, "NULL");
  ProcessResult current = p_.retort({"current"});
  EXPECT_EQ(current.out, std::string(kBaseId) + "\n") << current.describe();

  fix_revision();
  ProcessResult up = p_.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(up.out.find("Resuming"), std::string::npos) << up.out;
  EXPECT_TRUE(has_table("part1")) << schema_text(p_.schema());
  EXPECT_TRUE(has_table("part2")) << schema_text(p_.schema());
  EXPECT_TRUE(has_table("part3")) << schema_text(p_.schema());
  EXPECT_EQ(p_.version(), kPartialId);

  // A new row for the new run; the resolved one is kept as it was.
  rows = p_.history();
  ASSERT_EQ(rows.size(), 3u) << describe(rows);
  EXPECT_EQ(describe(rows[1]), describe(resolved));
  EXPECT_EQ(rows[2].seq, "3");
  EXPECT_EQ(rows[2].revision, kPartialId);
  EXPECT_EQ(rows[2].result, "applied");
  EXPECT_EQ(rows[2].ops_done, "3");
  EXPECT_EQ(rows[2].error, "NULL");
}

TEST_P(PartialRunTest, ResolveAppliedMovesTheVersionTable) {
  ASSERT_NO_FATAL_FAILURE(fail_at_op_two());
  // Finish ops 2 and 3 by hand, then say so.
  p_.execute(kCreatePart2);
  p_.execute("CREATE TABLE part3 (id INTEGER PRIMARY KEY)");
  ProcessResult resolve = p_.retort({"resolve", kPartialId, "--applied"});
  ASSERT_EQ(resolve.exit_code, 0) << resolve.describe();
  EXPECT_NE(resolve.out.find("Database is at " + std::string(kPartialId)), std::string::npos)
      << resolve.describe();
  EXPECT_EQ(p_.version(), kPartialId);
  std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), 2u) << describe(rows);
  EXPECT_EQ(rows[1].revision, kPartialId);
  EXPECT_EQ(rows[1].result, "resolved_applied");
  EXPECT_NE(rows[1].finished_at, "NULL");

  ProcessResult current = p_.retort({"current"});
  EXPECT_EQ(current.exit_code, 0) << current.describe();
  EXPECT_EQ(current.out.find("Partly applied"), std::string::npos) << current.out;
  EXPECT_NE(current.out.find(kPartialId), std::string::npos) << current.out;
  // Nothing is left to run.
  ProcessResult up = p_.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(up.out.find("Running"), std::string::npos) << up.out;
  EXPECT_EQ(p_.history().size(), 2u);
}

TEST_P(PartialRunTest, ResolveRefusesWhatItCannotSettle) {
  write_revisions(kNotSql);
  ProcessResult base = p_.retort({"upgrade", kBaseId});
  ASSERT_EQ(base.exit_code, 0) << base.describe();
  ProcessResult none = p_.retort({"resolve", kBaseId, "--applied"});
  EXPECT_EQ(none.exit_code, 2) << none.describe();
  EXPECT_NE(none.err.find("revision " + std::string(kBaseId) + " has no partly applied run"),
            std::string::npos)
      << none.describe();

  ProcessResult up = p_.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 3) << up.describe();
  const std::string before = state();
  ASSERT_NE(before.find("partial"), std::string::npos) << before;
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"resolve", kPartialId}, "one of --applied or --rolled-back"},
      {{"resolve", kPartialId, "--applied", "--rolled-back"}, "one of --applied or --rolled-back"},
      {{"resolve", kBaseId, "--rolled-back"},
       "revision " + std::string(kBaseId) + " has no partly applied run"},
      {{"resolve", "f00f00f00f00", "--applied"}, "f00f00f00f00"},
  };
  for (const Case& c : cases) {
    ProcessResult r = p_.retort(c.args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.describe();
    EXPECT_EQ(state(), before) << r.describe();
  }
}

// A user who undoes a broken revision by hand and deletes its file can still
// settle the partial run (by its full id); --applied needs the file.
TEST_P(PartialRunTest, ResolveRolledBackWorksAfterTheRevisionFileIsDeleted) {
  ASSERT_NO_FATAL_FAILURE(fail_at_op_two());
  p_.execute("DROP TABLE part1");
  std::filesystem::remove(p_.dir() / partial_file());
  ProcessResult refused = p_.retort({"upgrade", "head"});
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_NE(refused.err.find("partly applied"), std::string::npos) << refused.describe();
  ProcessResult applied = p_.retort({"resolve", kPartialId, "--applied"});
  EXPECT_EQ(applied.exit_code, 2) << applied.describe();

  ProcessResult resolve = p_.retort({"resolve", kPartialId, "--rolled-back"});
  ASSERT_EQ(resolve.exit_code, 0) << resolve.describe();
  EXPECT_EQ(p_.version(), kBaseId);
  const std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), 2u) << describe(rows);
  EXPECT_EQ(rows[1].result, "resolved_rolled_back");
  ProcessResult up = p_.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
  ProcessResult current = p_.retort({"current"});
  EXPECT_EQ(current.out.find("Partly applied"), std::string::npos) << current.describe();
}

TEST_P(PartialRunTest, DowngradeFailureAtOpTwoResumesWithTheDowngrade) {
  write_revisions(kCreatePart2, kNotSql);
  ProcessResult up = p_.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();

  ProcessResult down = p_.retort({"downgrade", "-1"});
  EXPECT_EQ(down.exit_code, 3) << down.describe();
  EXPECT_NE(down.err.find("downgrade op 2 (execute)"), std::string::npos) << down.describe();
  EXPECT_FALSE(has_table("part3")) << schema_text(p_.schema());
  EXPECT_TRUE(has_table("part2")) << schema_text(p_.schema());
  EXPECT_TRUE(has_table("part1")) << schema_text(p_.schema());
  EXPECT_EQ(p_.version(), kPartialId);
  std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), 3u) << describe(rows);
  const HistoryRow partial = rows[2];
  EXPECT_EQ(partial.revision, kPartialId);
  EXPECT_EQ(partial.direction, "downgrade");
  EXPECT_EQ(partial.result, "partial");
  EXPECT_EQ(partial.ops_done, "1");
  EXPECT_EQ(partial.ops_total, "3");
  EXPECT_NE(partial.error.find("downgrade op 2 (execute)"), std::string::npos) << partial.error;

  const std::string resume = "retort downgrade " + std::string(kPartialId) + "-1";
  ProcessResult current = p_.retort({"current"});
  EXPECT_NE(current.out.find("(downgrade started " + partial.started_at + "): op 1 of 3 done"),
            std::string::npos)
      << current.out;
  EXPECT_NE(current.out.find("`" + resume + "` resumes it at op 2"), std::string::npos)
      << current.out;
  // An upgrade does not include a partial downgrade.
  const std::string before = state();
  ProcessResult refused = p_.retort({"upgrade", "head"});
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_NE(refused.err.find(resume), std::string::npos) << refused.describe();
  EXPECT_EQ(state(), before);

  fix_revision();
  ProcessResult resumed = p_.retort({"downgrade", std::string(kPartialId) + "-1"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_NE(resumed.out.find("Resuming downgrade of " + std::string(kPartialId) + " at op 2 of 3"),
            std::string::npos)
      << resumed.out;
  EXPECT_FALSE(has_table("part1")) << schema_text(p_.schema());
  EXPECT_FALSE(has_table("part2")) << schema_text(p_.schema());
  EXPECT_TRUE(has_table("hero")) << schema_text(p_.schema());
  EXPECT_EQ(p_.version(), kBaseId);
  rows = p_.history();
  ASSERT_EQ(rows.size(), 3u) << describe(rows);
  EXPECT_EQ(rows[2].seq, partial.seq);
  EXPECT_EQ(rows[2].direction, "downgrade");
  EXPECT_EQ(rows[2].result, "applied");
  EXPECT_EQ(rows[2].ops_done, "3");
  EXPECT_EQ(rows[2].error.rfind("resumed at op 2 after: ", 0), 0u) << rows[2].error;
}

INSTANTIATE_TEST_SUITE_P(Dialects, PartialRunTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
