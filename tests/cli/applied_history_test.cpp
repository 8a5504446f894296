// The history table (docs/deploying.md, "The applied history"): a row per
// revision for upgrade, downgrade, stamp and a failed run, online and from an
// offline --sql script, as the database holds it and as `history --applied`
// prints it; and the table stays out of inspect, diff, check and
// autogenerate.
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using HistoryRow = CliProject::HistoryRow;

// Hand-written, so the op counts are known: 1 creates hero (one op each
// way), 2 adds an indexed column (two ops each way).
constexpr const char* kRev1 =
    "revision = \"a1c000000001\"\n"
    "down_revision = \"\"\n"
    "message = \"create hero\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_table\"\n"
    "table = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n\n"
    "[[downgrade]]\n"
    "op = \"drop_table\"\n"
    "table = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

constexpr const char* kRev2 =
    "revision = \"a1c000000002\"\n"
    "down_revision = \"a1c000000001\"\n"
    "message = \"add nickname\"\n\n"
    "[[upgrade]]\n"
    "op = \"add_column\"\n"
    "table = \"hero\"\n"
    "column = { name = \"nickname\", type = \"varchar(50)\", nullable = true }\n\n"
    "[[upgrade]]\n"
    "op = \"create_index\"\n"
    "table = \"hero\"\n"
    "index = { name = \"ix_hero_nickname\", columns = [\"nickname\"] }\n\n"
    "[[downgrade]]\n"
    "op = \"drop_index\"\n"
    "table = \"hero\"\n"
    "index = \"ix_hero_nickname\"\n\n"
    "[[downgrade]]\n"
    "op = \"drop_column\"\n"
    "table = \"hero\"\n"
    "column = \"nickname\"\n";

// Transactional, failing at op 2 (a missing table) after op 1 made one.
constexpr const char* kRev2Broken =
    "revision = \"a1c000000002\"\n"
    "down_revision = \"a1c000000001\"\n"
    "message = \"broken\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_table\"\n"
    "table = \"sidekick\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n\n"
    "[[upgrade]]\n"
    "op = \"execute\"\n"
    "sql = \"INSERT INTO no_such_table (id) VALUES (1)\"\n\n"
    "[[downgrade]]\n"
    "op = \"drop_table\"\n"
    "table = \"sidekick\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";

constexpr const char* kRev1Id = "a1c000000001";
constexpr const char* kRev2Id = "a1c000000002";

constexpr const char* kModelsV1 =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

constexpr const char* kModelsV2 =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "  { name = \"city\", type = \"varchar(50)\", nullable = true },\n"
    "]\n";

// "2026-12-06T04:12:03.250Z"
bool is_utc_time(const std::string& text) {
  static const std::regex kTime(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  return std::regex_match(text, kTime);
}

// The operating-system user, as retort finds it.
std::string os_user() {
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
  if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr) return pw->pw_name;
  return "NULL";
}

std::string host() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

// The database's clock, in the history table's format.
std::string database_now(const CliProject& p) {
  const std::string sql = p.dialect() == "sqlite"
                              ? "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                              : "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', "
                                "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
  const auto rows = p.query(sql);
  return rows.empty() ? "" : rows.front().front();
}

std::string describe(const HistoryRow& r) {
  return r.seq + " " + r.revision + " " + r.direction + " " + r.result + " ops " + r.ops_done +
         "/" + r.ops_total + " started " + r.started_at + " finished " + r.finished_at + " in " +
         r.duration_ms + " ms, error: " + r.error;
}

// A run that ended: both times set and in order, a duration, who ran it.
void expect_finished_run(const HistoryRow& row) {
  SCOPED_TRACE(describe(row));
  EXPECT_TRUE(is_utc_time(row.started_at));
  EXPECT_TRUE(is_utc_time(row.finished_at));
  // Same format, so text order is time order.
  EXPECT_GE(row.finished_at, row.started_at);
  ASSERT_NE(row.duration_ms, "NULL");
  EXPECT_GE(std::stoll(row.duration_ms), 0);
  EXPECT_NE(row.retort_version, "NULL");
  EXPECT_FALSE(row.retort_version.empty());
  EXPECT_EQ(row.user_name, os_user());
  EXPECT_EQ(row.host_name, host());
  EXPECT_NE(row.host_name, "NULL");
}

std::string lines_with(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  std::string found;
  while (std::getline(in, line)) {
    if (line.find(needle) != std::string::npos) found += line + "\n";
  }
  return found;
}

// A JSON value as CliProject::query gives it: null as "NULL", strings bare,
// numbers as decimal text.
std::string cell(const nlohmann::json& value) {
  if (value.is_null()) return "NULL";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

class AppliedHistoryTest : public ::testing::TestWithParam<const char*> {
 protected:
  CliProject p_{GetParam()};
};

TEST_P(AppliedHistoryTest, UpgradeDowngradeAndStampsEachWriteARow) {
  p_.write("migrations/versions/a1c000000001_create_hero.toml", kRev1);
  p_.write("migrations/versions/a1c000000002_add_nickname.toml", kRev2);

  ProcessResult up = p_.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  ProcessResult down = p_.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  ASSERT_EQ(p_.version(), kRev1Id);
  ProcessResult stamp_head = p_.retort({"stamp", "head"});
  ASSERT_EQ(stamp_head.exit_code, 0) << stamp_head.describe();
  ProcessResult stamp_base = p_.retort({"stamp", "base"});
  ASSERT_EQ(stamp_base.exit_code, 0) << stamp_base.describe();
  EXPECT_EQ(p_.version(), "");

  struct Expected {
    std::string revision, direction, ops;
  };
  const std::vector<Expected> expected = {{kRev1Id, "upgrade", "1"},
                                          {kRev2Id, "upgrade", "2"},
                                          {kRev2Id, "downgrade", "2"},
                                          {kRev2Id, "stamp", "0"},
                                          {"base", "stamp", "0"}};
  const std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), expected.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(describe(rows[i]));
    EXPECT_EQ(rows[i].seq, std::to_string(i + 1));
    EXPECT_EQ(rows[i].revision, expected[i].revision);
    EXPECT_EQ(rows[i].direction, expected[i].direction);
    EXPECT_EQ(rows[i].result, "applied");
    EXPECT_EQ(rows[i].ops_total, expected[i].ops);
    EXPECT_EQ(rows[i].ops_done, rows[i].ops_total);
    EXPECT_EQ(rows[i].error, "NULL");
    expect_finished_run(rows[i]);
  }
  // Runs are written in order.
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_GE(rows[i].started_at, rows[i - 1].started_at);
  }

  ProcessResult text = p_.retort({"history", "--applied"});
  ASSERT_EQ(text.exit_code, 0) << text.describe();
  EXPECT_EQ(lines_with(text.out, "applied").size(), text.out.size()) << text.out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string line = lines_with(text.out, rows[i].started_at);
    EXPECT_NE(line.find(rows[i].revision), std::string::npos) << text.out;
    EXPECT_NE(line.find(rows[i].direction), std::string::npos) << text.out;
    EXPECT_NE(line.find("applied"), std::string::npos) << text.out;
  }
  EXPECT_EQ(std::count(text.out.begin(), text.out.end(), '\n'), 5) << text.out;

  ProcessResult json = p_.retort({"history", "--applied", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  const nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << json.out;
  ASSERT_TRUE(doc.contains("runs") && doc["runs"].is_array()) << json.out;
  ASSERT_EQ(doc["runs"].size(), rows.size()) << json.out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const nlohmann::json& run = doc["runs"][i];
    const HistoryRow& row = rows[i];
    SCOPED_TRACE(run.dump());
    EXPECT_TRUE(run["seq"].is_number_integer());
    EXPECT_EQ(cell(run["seq"]), row.seq);
    EXPECT_EQ(cell(run["revision"]), row.revision);
    EXPECT_EQ(cell(run["direction"]), row.direction);
    EXPECT_EQ(cell(run["result"]), row.result);
    EXPECT_EQ(cell(run["ops_done"]), row.ops_done);
    EXPECT_EQ(cell(run["ops_total"]), row.ops_total);
    EXPECT_EQ(cell(run["error"]), row.error);
    EXPECT_EQ(cell(run["started_at"]), row.started_at);
    EXPECT_EQ(cell(run["finished_at"]), row.finished_at);
    EXPECT_EQ(cell(run["duration_ms"]), row.duration_ms);
    EXPECT_EQ(cell(run["retort_version"]), row.retort_version);
    EXPECT_EQ(cell(run["user"]), row.user_name);
    EXPECT_EQ(cell(run["host"]), row.host_name);
  }

  // --format belongs to --applied.
  ProcessResult misplaced = p_.retort({"history", "--format", "json"});
  EXPECT_EQ(misplaced.exit_code, 2) << misplaced.describe();
  EXPECT_NE(misplaced.err.find("--applied"), std::string::npos) << misplaced.describe();
}

TEST_P(AppliedHistoryTest, FailedRevisionIsRecordedAfterItsRollback) {
  p_.write("migrations/versions/a1c000000001_create_hero.toml", kRev1);
  p_.write("migrations/versions/a1c000000002_broken.toml", kRev2Broken);
  ProcessResult first = p_.retort({"upgrade", kRev1Id});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  const MetaData before = p_.schema();

  ProcessResult up = p_.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 3) << up.describe();

  // Rolled back whole: op 1's table is gone too, the version did not move.
  EXPECT_EQ(p_.version(), kRev1Id);
  const MetaData after = p_.schema();
  EXPECT_TRUE(after == before) << "before:\n"
                               << schema_text(before) << "\nafter:\n"
                               << schema_text(after);
  EXPECT_EQ(after.find_table("", "sidekick"), nullptr);

  // The row outlived the rollback that undid the revision's own transaction.
  const std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].result, "applied");
  const HistoryRow& failed = rows[1];
  SCOPED_TRACE(describe(failed));
  EXPECT_EQ(failed.seq, "2");
  EXPECT_EQ(failed.revision, kRev2Id);
  EXPECT_EQ(failed.direction, "upgrade");
  EXPECT_EQ(failed.result, "failed");
  EXPECT_EQ(failed.ops_done, "0");
  EXPECT_EQ(failed.ops_total, "2");
  EXPECT_NE(failed.error.find("upgrade op 2 (execute)"), std::string::npos);
  // The database's own message for the failing statement.
  const std::string message = p_.dialect() == "sqlite"
                                  ? "no such table: no_such_table"
                                  : "relation \"no_such_table\" does not exist";
  EXPECT_NE(failed.error.find(message), std::string::npos);
  expect_finished_run(failed);

  ProcessResult text = p_.retort({"history", "--applied"});
  ASSERT_EQ(text.exit_code, 0) << text.describe();
  EXPECT_NE(lines_with(text.out, kRev2Id).find("failed"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(message), std::string::npos) << text.out;
}

// With one transaction for the run the statements of several revisions
// travel together; the failed row names the revision whose statement failed
// (the second), not the one that was being prepared, and nothing else stays.
TEST_P(AppliedHistoryTest, OneTransactionFailureRecordsTheRevisionThatFailed) {
  p_.write("migrations/versions/a1c000000001_create_hero.toml", kRev1);
  p_.write("migrations/versions/a1c000000002_broken.toml", kRev2Broken);
  ProcessResult up = p_.retort({"upgrade", "head", "--one-transaction"});
  EXPECT_EQ(up.exit_code, 3) << up.describe();
  EXPECT_EQ(p_.version(), "");
  const std::vector<HistoryRow> rows = p_.history();
  ASSERT_EQ(rows.size(), 1u);
  SCOPED_TRACE(describe(rows[0]));
  EXPECT_EQ(rows[0].revision, kRev2Id);
  EXPECT_EQ(rows[0].result, "failed");
  expect_finished_run(rows[0]);
}

TEST_P(AppliedHistoryTest, OfflineScriptWritesTheRowsByTheDatabaseClock) {
  p_.write("migrations/versions/a1c000000001_create_hero.toml", kRev1);
  p_.write("migrations/versions/a1c000000002_add_nickname.toml", kRev2);
  ProcessResult sql = p_.retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("retort_history"), std::string::npos) << sql.out;

  // Fed to the database's own shell on an empty database, as a DBA would.
  CliProject offline(GetParam());
  const std::string before = database_now(offline);
  ProcessResult fed = offline.run_in_shell(sql.out);
  ASSERT_EQ(fed.exit_code, 0) << fed.describe() << "\nscript:\n" << sql.out;
  const std::string after = database_now(offline);
  ASSERT_TRUE(is_utc_time(before)) << before;

  EXPECT_EQ(offline.version(), kRev2Id);
  const std::vector<HistoryRow> rows = offline.history();
  ASSERT_EQ(rows.size(), 2u);
  const char* const ids[] = {kRev1Id, kRev2Id};
  const char* const ops[] = {"1", "2"};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(describe(rows[i]));
    EXPECT_EQ(rows[i].seq, std::to_string(i + 1));
    EXPECT_EQ(rows[i].revision, ids[i]);
    EXPECT_EQ(rows[i].direction, "upgrade");
    EXPECT_EQ(rows[i].result, "applied");
    EXPECT_EQ(rows[i].ops_total, ops[i]);
    EXPECT_EQ(rows[i].ops_done, ops[i]);
    EXPECT_EQ(rows[i].error, "NULL");
    EXPECT_TRUE(is_utc_time(rows[i].started_at));
    EXPECT_TRUE(is_utc_time(rows[i].finished_at));
    EXPECT_GE(rows[i].finished_at, rows[i].started_at);
    // Stamped when the script ran, not when it was written.
    EXPECT_GE(rows[i].started_at, before);
    EXPECT_LE(rows[i].finished_at, after);
    EXPECT_FALSE(rows[i].retort_version.empty());
    EXPECT_NE(rows[i].retort_version, "NULL");
  }
  // The project's own reader agrees.
  ProcessResult listed = p_.retort({"--url", offline.url(), "history", "--applied"});
  ASSERT_EQ(listed.exit_code, 0) << listed.describe();
  EXPECT_NE(lines_with(listed.out, kRev2Id).find("applied"), std::string::npos) << listed.out;
}

TEST_P(AppliedHistoryTest, TableIsHiddenFromInspectDiffCheckAndAutogenerate) {
  p_.write_models(kModelsV1);
  ASSERT_FALSE(p_.migrate("create team").empty());
  p_.write_models(kModelsV2);
  ASSERT_FALSE(p_.migrate("add city").empty());
  ASSERT_EQ(p_.history().size(), 2u);

  for (const char* format : {"toml", "json", "sql"}) {
    ProcessResult inspect = p_.retort({"inspect", "--format", format});
    EXPECT_EQ(inspect.exit_code, 0) << inspect.describe();
    EXPECT_NE(inspect.out.find("team"), std::string::npos) << inspect.describe();
    EXPECT_EQ(inspect.out.find("retort_history"), std::string::npos) << inspect.describe();
    EXPECT_EQ(inspect.err.find("retort_history"), std::string::npos) << inspect.describe();
  }
  expect_no_differences(p_);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check"}, std::vector<std::string>{"diff"},
        std::vector<std::string>{"diff", "--format", "json"},
        std::vector<std::string>{"diff", "--format", "sql"}}) {
    ProcessResult r = p_.retort(args);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out.find("retort_history"), std::string::npos) << r.describe();
    EXPECT_EQ(r.err.find("retort_history"), std::string::npos) << r.describe();
  }

  // Autogenerate proposes nothing, in particular no drop of the table.
  ProcessResult made = p_.retort({"revision", "--autogenerate", "-m", "nothing"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  EXPECT_NE(made.out.find("No changes detected"), std::string::npos) << made.describe();
  const std::string file = p_.read(p_.revision_file("_nothing.toml"));
  EXPECT_EQ(file.find("retort_history"), std::string::npos) << file;
  EXPECT_EQ(file.find("drop_table"), std::string::npos) << file;
}

INSTANTIATE_TEST_SUITE_P(Dialects, AppliedHistoryTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
