// `retort squash` end to end, on both dialects: a 32-revision history (a
// branch merged before the range, two data migrations, column churn) is
// squashed over 20 revisions; databases left at five different replaced
// revisions, a fresh one and one never squashed must end alike, read from
// their catalogs (catalog_snapshot) and their rows, not through retort.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/internal/ops_toml.hpp"
#include "migrations/integrity.hpp"
#include "migrations/project.hpp"
#include "tests/migrations/catalog_snapshot.hpp"
#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;

struct Step {
  const char* id;
  const char* down;  // TOML value of down_revision
  const char* message;
  const char* upgrade;
  const char* downgrade;
};

// r06..r25 is the range squashed.
const Step kHistory[] = {
    {"r01", R"t("")t", "create team", R"t(
[[upgrade]]
op = "create_table"
table = "team"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(50)" },
])t",
     R"t(
[[downgrade]]
op = "drop_table"
table = "team"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(50)" },
])t"},
    {"r02", R"t("r01")t", "create hero", R"t(
[[upgrade]]
op = "create_table"
table = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "text" },
  { name = "team_id", type = "integer", nullable = true, foreign_key = "team.id" },
])t",
     R"t(
[[downgrade]]
op = "drop_table"
table = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "text" },
  { name = "team_id", type = "integer", nullable = true, foreign_key = "team.id" },
])t"},
    {"r03a", R"t("r02")t", "team city", R"t(
[[upgrade]]
op = "add_column"
table = "team"
column = { name = "city", type = "text", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "team"
column = "city")t"},
    {"r04a", R"t("r03a")t", "index team city", R"t(
[[upgrade]]
op = "create_index"
table = "team"
index = { name = "ix_team_city", columns = ["city"] })t",
     R"t(
[[downgrade]]
op = "drop_index"
table = "team"
index = { name = "ix_team_city", columns = ["city"] })t"},
    {"r03b", R"t("r02")t", "hero age", R"t(
[[upgrade]]
op = "add_column"
table = "hero"
column = { name = "age", type = "integer", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "hero"
column = "age")t"},
    {"r04b", R"t("r03b")t", "seed teams", R"t(
[[upgrade]]
op = "bulk_insert"
table = "team"
rows = [ { id = 1, name = "Preventers" }, { id = 2, name = "Z-Force" } ])t",
     R"t(
[[downgrade]]
op = "execute"
sql = "DELETE FROM team WHERE id IN (1, 2)")t"},
    {"r05", R"t(["r04a", "r04b"])t", "merge", "", ""},
    {"r06", R"t("r05")t", "hero nickname", R"t(
[[upgrade]]
op = "add_column"
table = "hero"
column = { name = "nickname", type = "varchar(40)", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "hero"
column = "nickname")t"},
    {"r07", R"t("r06")t", "seed heroes", R"t(
[[upgrade]]
op = "bulk_insert"
table = "hero"
rows = [
  { id = 1, name = "Deadpond", team_id = 2, age = 30, nickname = "Dive" },
  { id = 2, name = "Rusty-Man", team_id = 1, age = 48 },
  { id = 3, name = "Spider-Boy" },
])t",
     R"t(
[[downgrade]]
op = "execute"
sql = "DELETE FROM hero WHERE id IN (1, 2, 3)")t"},
    {"r08", R"t("r07")t", "longer nicknames", R"t(
[[upgrade]]
op = "alter_column"
table = "hero"
column = "nickname"
type = "varchar(80)"
existing = { name = "nickname", type = "varchar(40)", nullable = true })t",
     R"t(
[[downgrade]]
op = "alter_column"
table = "hero"
column = "nickname"
type = "varchar(40)"
existing = { name = "nickname", type = "varchar(80)", nullable = true })t"},
    {"r09", R"t("r08")t", "create mission", R"t(
[[upgrade]]
op = "create_table"
table = "mission"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "text" },
])t",
     R"t(
[[downgrade]]
op = "drop_table"
table = "mission"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "text" },
])t"},
    {"r10", R"t("r09")t", "mission status", R"t(
[[upgrade]]
op = "add_column"
table = "mission"
column = { name = "status", type = "varchar(20)", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "mission"
column = "status")t"},
    {"r11", R"t("r10")t", "mission status required", R"t(
[[upgrade]]
op = "alter_column"
table = "mission"
column = "status"
nullable = false
default = "open"
existing = { name = "status", type = "varchar(20)", nullable = true })t",
     R"t(
[[downgrade]]
op = "alter_column"
table = "mission"
column = "status"
nullable = true
drop_default = true
existing = { name = "status", type = "varchar(20)", default = "open" })t"},
    {"r12", R"t("r11")t", "power level", R"t(
[[upgrade]]
op = "add_column"
table = "hero"
column = { name = "power_level", type = "integer", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "hero"
column = "power_level")t"},
    {"r13", R"t("r12")t", "compute power levels", R"t(
[[upgrade]]
op = "execute"
sql = "UPDATE hero SET power_level = COALESCE(age, 10) * 2")t",
     ""},
    {"r14", R"t("r13")t", "power level required", R"t(
[[upgrade]]
op = "alter_column"
table = "hero"
column = "power_level"
nullable = false
existing = { name = "power_level", type = "integer", nullable = true })t",
     R"t(
[[downgrade]]
op = "alter_column"
table = "hero"
column = "power_level"
nullable = true
existing = { name = "power_level", type = "integer" })t"},
    {"r15", R"t("r14")t", "temporary flag", R"t(
[[upgrade]]
op = "add_column"
table = "hero"
column = { name = "temp_flag", type = "boolean", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "hero"
column = "temp_flag")t"},
    {"r16", R"t("r15")t", "drop temporary flag", R"t(
[[upgrade]]
op = "drop_column"
table = "hero"
column = "temp_flag"
existing = { name = "temp_flag", type = "boolean", nullable = true })t",
     R"t(
[[downgrade]]
op = "add_column"
table = "hero"
column = { name = "temp_flag", type = "boolean", nullable = true })t"},
    {"r17", R"t("r16")t", "team motto", R"t(
[[upgrade]]
op = "add_column"
table = "team"
column = { name = "motto", type = "text", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "team"
column = "motto")t"},
    {"r18", R"t("r17")t", "motto is a slogan", R"t(
[[upgrade]]
op = "rename_column"
table = "team"
column = "motto"
new_name = "slogan")t",
     R"t(
[[downgrade]]
op = "rename_column"
table = "team"
column = "slogan"
new_name = "motto")t"},
    {"r19", R"t("r18")t", "index nicknames", R"t(
[[upgrade]]
op = "create_index"
table = "hero"
index = { name = "ix_hero_nickname", columns = ["nickname"] })t",
     R"t(
[[downgrade]]
op = "drop_index"
table = "hero"
index = { name = "ix_hero_nickname", columns = ["nickname"] })t"},
    {"r20", R"t("r19")t", "no index on nicknames", R"t(
[[upgrade]]
op = "drop_index"
table = "hero"
index = { name = "ix_hero_nickname", columns = ["nickname"] })t",
     R"t(
[[downgrade]]
op = "create_index"
table = "hero"
index = { name = "ix_hero_nickname", columns = ["nickname"] })t"},
    {"r21", R"t("r20")t", "mission hero", R"t(
[[upgrade]]
op = "add_column"
table = "mission"
column = { name = "hero_id", type = "integer", nullable = true }

[[upgrade]]
op = "add_foreign_key"
table = "mission"
foreign_key = { name = "fk_mission_hero", columns = ["hero_id"], references = "hero", ref_columns = ["id"] })t",
     R"t(
[[downgrade]]
op = "drop_foreign_key"
table = "mission"
foreign_key = { name = "fk_mission_hero", columns = ["hero_id"], references = "hero", ref_columns = ["id"] }

[[downgrade]]
op = "drop_column"
table = "mission"
column = "hero_id")t"},
    {"r22", R"t("r21")t", "nickname comment", R"t(
[[upgrade]]
op = "alter_column"
table = "hero"
column = "nickname"
comment = "shown in lists"
existing = { name = "nickname", type = "varchar(80)", nullable = true })t",
     R"t(
[[downgrade]]
op = "alter_column"
table = "hero"
column = "nickname"
comment = ""
existing = { name = "nickname", type = "varchar(80)", nullable = true, comment = "shown in lists" })t"},
    {"r23", R"t("r22")t", "import table", R"t(
[[upgrade]]
op = "create_table"
table = "tmp_import"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "payload", type = "text", nullable = true },
])t",
     R"t(
[[downgrade]]
op = "drop_table"
table = "tmp_import"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "payload", type = "text", nullable = true },
])t"},
    {"r24", R"t("r23")t", "import done", R"t(
[[upgrade]]
op = "drop_table"
table = "tmp_import"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "payload", type = "text", nullable = true },
])t",
     R"t(
[[downgrade]]
op = "create_table"
table = "tmp_import"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "payload", type = "text", nullable = true },
])t"},
    {"r25", R"t("r24")t", "longer team names", R"t(
[[upgrade]]
op = "alter_column"
table = "team"
column = "name"
type = "varchar(100)"
existing = { name = "name", type = "varchar(50)" })t",
     R"t(
[[downgrade]]
op = "alter_column"
table = "team"
column = "name"
type = "varchar(50)"
existing = { name = "name", type = "varchar(100)" })t"},
    {"r26", R"t("r25")t", "hero rank", R"t(
[[upgrade]]
op = "add_column"
table = "hero"
column = { name = "rank", type = "integer", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "hero"
column = "rank")t"},
    {"r27", R"t("r26")t", "hero names view", R"t(
[[upgrade]]
op = "create_view"
name = "hero_names"
query = "SELECT id, name FROM hero")t",
     R"t(
[[downgrade]]
op = "drop_view"
name = "hero_names"
query = "SELECT id, name FROM hero")t"},
    {"r28", R"t("r27")t", "team founded", R"t(
[[upgrade]]
op = "add_column"
table = "team"
column = { name = "founded", type = "integer", nullable = true })t",
     R"t(
[[downgrade]]
op = "drop_column"
table = "team"
column = "founded")t"},
    {"r29", R"t("r28")t", "seed missions", R"t(
[[upgrade]]
op = "bulk_insert"
table = "mission"
rows = [ { id = 1, title = "Rescue", hero_id = 1 }, { id = 2, title = "Patrol", status = "done" } ])t",
     R"t(
[[downgrade]]
op = "execute"
sql = "DELETE FROM mission")t"},
    {"r30", R"t("r29")t", "rank default", R"t(
[[upgrade]]
op = "alter_column"
table = "hero"
column = "rank"
default = 0
existing = { name = "rank", type = "integer", nullable = true })t",
     R"t(
[[downgrade]]
op = "alter_column"
table = "hero"
column = "rank"
drop_default = true
existing = { name = "rank", type = "integer", nullable = true, default = 0 })t"},
};

// Every row of the application's tables, as text, in key order.
std::string rows_of(Connection& conn) {
  std::ostringstream out;
  for (const char* table : {"team", "hero", "mission"}) {
    Result<Rows> rows = conn.query(std::string("SELECT * FROM ") + table + " ORDER BY id");
    if (!rows) {
      out << table << ": " << rows.error().message << "\n";
      continue;
    }
    std::vector<std::string> columns = rows->columns;
    for (const Row& row : rows->rows) {
      // Column order may differ (a squash adds a column in its create table):
      // print name=value sorted by name.
      std::vector<std::string> cells;
      for (std::size_t i = 0; i < row.size(); ++i) {
        cells.push_back(columns[i] + "=" + (row[i] ? *row[i] : "NULL"));
      }
      std::sort(cells.begin(), cells.end());
      out << table << ":";
      for (const std::string& cell : cells) out << " " << cell;
      out << "\n";
    }
  }
  return out.str();
}

class SquashTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    fs::create_directories(versions());
    std::ofstream(root() / "retort.toml") << "[retort]\n";
    for (const Step& step : kHistory) write_step(step);
  }

  fs::path root() const { return scratch_.dir(); }
  fs::path versions() const { return root() / "migrations" / "versions"; }

  void write_step(const Step& step) {
    std::ofstream(versions() / (std::string(step.id) + ".toml"))
        << "revision = \"" << step.id << "\"\ndown_revision = " << step.down << "\nmessage = \""
        << step.message << "\"\n"
        << step.upgrade << "\n"
        << step.downgrade << "\n";
  }

  // A project on `db`'s URL.
  Project open(const retort::testing::TestDatabase& db) {
    Result<Config> config = load_config(root() / "retort.toml", db.url());
    EXPECT_TRUE(config.ok()) << (config ? "" : config.error().describe());
    Result<Project> project = Project::open(*config);
    EXPECT_TRUE(project.ok()) << (project ? "" : project.error().describe());
    return std::move(project).value();
  }

  void upgrade(const retort::testing::TestDatabase& db, const std::string& target) {
    Project project = open(db);
    std::ostringstream out;
    Status s = project.upgrade(target, false, out);
    ASSERT_TRUE(s.ok()) << target << ": " << s.error().describe() << "\n" << out.str();
    last_output_ = out.str();
  }

  // The catalog lines and rows of `db`, read without retort's inspector.
  std::string state(const retort::testing::TestDatabase& db) {
    Project project = open(db);
    Result<Connection*> conn = project.connection();
    EXPECT_TRUE(conn.ok());
    Result<std::vector<std::string>> lines =
        retort::testing::catalog_snapshot(**conn, GetParam(), "retort_version");
    EXPECT_TRUE(lines.ok()) << (lines ? "" : lines.error().describe());
    std::string text;
    for (const std::string& line : *lines) text += line + "\n";
    return text + rows_of(**conn);
  }

  std::vector<std::string> versions_of(const retort::testing::TestDatabase& db) {
    Project project = open(db);
    Result<std::vector<std::string>> rows = project.current();
    EXPECT_TRUE(rows.ok()) << (rows ? "" : rows.error().describe());
    return rows ? *rows : std::vector<std::string>{};
  }

  Revision squash(const std::string& range) {
    // The project's URL does not matter to squash: it reads files only.
    Project project = open(reference_);
    SquashOptions options;
    options.range = range;
    options.message = "squash r06 to r25";
    options.rev_id = "s1";
    Result<Revision> made = project.squash(options);
    EXPECT_TRUE(made.ok()) << (made ? "" : made.error().describe());
    return made ? *made : Revision{};
  }

  retort::testing::TestDatabase scratch_{"sqlite"};  // holds the project folder
  retort::testing::TestDatabase reference_{GetParam()};
  std::string last_output_;
};

TEST_P(SquashTest, DatabasesAtReplacedRevisionsEndAsWithoutTheSquash) {
  // Without a squash: the reference database, and the schema at r05.
  upgrade(reference_, "head");
  const std::string expected = state(reference_);
  retort::testing::TestDatabase at_merge{GetParam()};
  upgrade(at_merge, "r05");
  const std::string at_r05 = state(at_merge);

  // Five databases left at replaced revisions before the squash.
  const char* stops[] = {"r06", "r11", "r13", "r20", "r25"};
  std::vector<std::unique_ptr<retort::testing::TestDatabase>> behind;
  for (const char* stop : stops) {
    behind.push_back(std::make_unique<retort::testing::TestDatabase>(GetParam()));
    upgrade(*behind.back(), stop);
  }

  // What history says r06..r25 change, before the squash.
  std::string range_change;
  {
    Project project = open(reference_);
    Result<SchemaDiff> before = project.diff("r05", "r25");
    ASSERT_TRUE(before.ok()) << before.error().describe();
    range_change = ops_to_json(before->ops).dump(1);
  }
  const Revision s1 = squash("r06:r25");
  {
    // The squash makes the same change: diff from its parent to it.
    Project project = open(reference_);
    Result<SchemaDiff> after = project.diff("r05", "s1");
    ASSERT_TRUE(after.ok()) << after.error().describe();
    EXPECT_EQ(ops_to_json(after->ops).dump(1), range_change);
    EXPECT_FALSE(after->ops.empty());
  }
  ASSERT_EQ(s1.replaces.size(), 20u);
  // The churn folded away; the data ops stayed, in their order.
  const std::string text = write_revision(s1);
  for (const char* gone : {"temp_flag", "tmp_import", "ix_hero_nickname", "motto"}) {
    EXPECT_EQ(text.find(gone), std::string::npos) << gone << " in\n" << text;
  }
  EXPECT_NE(text.find(R"t({ name = "status", type = "varchar(20)", default = "open" })t"),
            std::string::npos)
      << "mission's status was not folded into its create_table:\n"
      << text;
  EXPECT_LT(text.find("op = \"bulk_insert\""), text.find("op = \"execute\""));
  EXPECT_LT(text.find("op = \"execute\""), text.find("nullable = false"));
  EXPECT_EQ(s1.down_revisions, std::vector<std::string>{"r05"});
  // 12 ops where the replaced revisions had 21: the churn folded away.
  EXPECT_EQ(s1.upgrade.size(), 12u);

  for (std::size_t i = 0; i < behind.size(); ++i) {
    SCOPED_TRACE(stops[i]);
    {
      // The drift check reads the schema a row behind the squash stands for.
      Project project = open(*behind[i]);
      project.set_check_drift(true);
      std::ostringstream out;
      Status s = project.upgrade("head", false, out);
      ASSERT_TRUE(s.ok()) << s.error().describe();
      last_output_ = out.str();
    }
    EXPECT_NE(last_output_.find("Mapping r25 -> s1"), std::string::npos) << last_output_;
    EXPECT_EQ(state(*behind[i]), expected);
    EXPECT_EQ(versions_of(*behind[i]), std::vector<std::string>{"r30"});
    // The history records the mapping, with the squash's checksum, so
    // verify judges the squash as applied.
    Project project = open(*behind[i]);
    Result<IntegrityReport> report = project.verify();
    ASSERT_TRUE(report.ok()) << report.error().describe();
    EXPECT_TRUE(report->edited.empty());
    EXPECT_TRUE(report->unrecorded.empty());
    Result<std::vector<HistoryRow>> history = project.applied_history();
    ASSERT_TRUE(history.ok());
    EXPECT_TRUE(std::any_of(history->begin(), history->end(), [](const HistoryRow& row) {
      return row.revision == "s1" && row.direction == "squash";
    }));
  }

  // The database that ran every replaced revision before the squash: verify
  // judges the squash by them.
  {
    Project project = open(reference_);
    Result<IntegrityReport> report = project.verify();
    ASSERT_TRUE(report.ok()) << report.error().describe();
    EXPECT_TRUE(report->edited.empty());
    EXPECT_TRUE(report->unrecorded.empty()) << report->unrecorded.front();
  }

  // A fresh database runs only the squash, and equals them.
  retort::testing::TestDatabase fresh{GetParam()};
  upgrade(fresh, "head");
  EXPECT_EQ(last_output_.find("Running upgrade r24"), std::string::npos) << last_output_;
  EXPECT_NE(last_output_.find("Running upgrade r05 -> s1"), std::string::npos) << last_output_;
  EXPECT_EQ(state(fresh), expected);

  // Down through the squash goes back to its parent, r05.
  {
    Project project = open(fresh);
    std::ostringstream out;
    Status s = project.downgrade("r05", false, out);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    EXPECT_EQ(state(fresh), at_r05);
    ASSERT_TRUE(project.upgrade("head", false, out).ok());
    EXPECT_EQ(state(fresh), expected);
  }

  // Once every database is past r25, the replaced files can go: verify
  // stays clean and a fresh database still builds.
  for (const Step& step : kHistory) {
    const std::string id = step.id;
    if (id >= "r06" && id <= "r25") fs::remove(versions() / (id + ".toml"));
  }
  for (auto& db : behind) {
    Project project = open(*db);
    Result<IntegrityReport> report = project.verify();
    ASSERT_TRUE(report.ok()) << report.error().describe();
    EXPECT_TRUE(report->edited.empty());
    std::ostringstream out;
    ASSERT_TRUE(project.upgrade("head", false, out).ok());
    EXPECT_EQ(out.str(), "");
  }
  retort::testing::TestDatabase after_delete{GetParam()};
  upgrade(after_delete, "head");
  EXPECT_EQ(state(after_delete), expected);
}

TEST_P(SquashTest, ADatabaseAtTheLastReplacedRevisionIsMappedAfterTheFilesAreGone) {
  retort::testing::TestDatabase db{GetParam()};
  upgrade(db, "r25");
  squash("r06:r25");
  for (const Step& step : kHistory) {
    const std::string id = step.id;
    if (id >= "r06" && id <= "r25") fs::remove(versions() / (id + ".toml"));
  }
  {
    // No file is needed for the row at r25: the drift check reads it as s1.
    Project project = open(db);
    project.set_check_drift(true);
    std::ostringstream out;
    Status s = project.upgrade("head", false, out);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    EXPECT_NE(out.str().find("Mapping r25 -> s1"), std::string::npos) << out.str();
  }
  upgrade(reference_, "head");
  EXPECT_EQ(state(db), state(reference_));
}

TEST_P(SquashTest, BehindTheSquashStampRefusesAndVerifyJudgesTheReplacedFiles) {
  retort::testing::TestDatabase db{GetParam()};
  upgrade(db, "r20");
  const std::string before = state(db);
  squash("r06:r25");
  Project project = open(db);
  std::ostringstream out;
  Status stamped = project.stamp({"r29"}, false, out);
  ASSERT_FALSE(stamped.ok());
  EXPECT_NE(stamped.error().message.find("the database is at r20, which squash s1 replaces"),
            std::string::npos)
      << stamped.error().describe();
  EXPECT_EQ(versions_of(db), std::vector<std::string>{"r20"});
  EXPECT_EQ(state(db), before);
  // An edit to a replaced file this database ran is reported.
  fs::path file = versions() / "r10.toml";
  std::ofstream(file, std::ios::app) << "\n[[upgrade]]\nop = \"execute\"\nsql = \"SELECT 1\"\n";
  Project edited = open(db);
  Result<IntegrityReport> report = edited.verify();
  ASSERT_TRUE(report.ok()) << report.error().describe();
  ASSERT_EQ(report->edited.size(), 1u);
  EXPECT_EQ(report->edited[0].revision, "r10");
}

TEST_P(SquashTest, TwoSquashesInARowAndARelativeTargetFromBehindOne) {
  retort::testing::TestDatabase at_r27{GetParam()};
  upgrade(at_r27, "r27");
  retort::testing::TestDatabase at_r20{GetParam()};
  upgrade(at_r20, "r20");
  squash("r06:r25");
  {
    Project project = open(reference_);
    SquashOptions options{
        .range = "r26:r28", .message = "second", .rev_id = "s2", .simplify = true};
    Result<Revision> s2 = project.squash(options);
    ASSERT_TRUE(s2.ok()) << s2.error().describe();
    // r26's file names r25, which stands for s1.
    EXPECT_EQ(s2->down_revisions, std::vector<std::string>{"s1"});
    // Across the first squash: refused, not a crash.
    options = SquashOptions{.range = "s1:r29", .message = "x", .rev_id = "", .simplify = true};
    Result<Revision> across = project.squash(options);
    ASSERT_FALSE(across.ok());
    EXPECT_NE(across.error().message.find("s1 is a squash already"), std::string::npos)
        << across.error().describe();
  }
  // +1 from behind s1 counts from s1: the rest of s1's revisions, the map,
  // then s2 (r26's place).
  upgrade(at_r20, "+1");
  EXPECT_EQ(versions_of(at_r20), std::vector<std::string>{"s2"});
  upgrade(at_r20, "head");
  upgrade(at_r27, "head");
  EXPECT_NE(last_output_.find("Mapping r28 -> s2"), std::string::npos) << last_output_;
  upgrade(reference_, "head");
  const std::string expected = state(reference_);
  EXPECT_EQ(state(at_r20), expected);
  EXPECT_EQ(state(at_r27), expected);
}

TEST_P(SquashTest, OneTransactionForTheRunCatchesUpToo) {
  retort::testing::TestDatabase db{GetParam()};
  upgrade(db, "r11");
  squash("r06:r25");
  Project project = open(db);
  project.set_transaction_per_revision(false);
  std::ostringstream out;
  Status s = project.upgrade("head", false, out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_NE(out.str().find("Running upgrade r11 -> r12"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Mapping r25 -> s1"), std::string::npos) << out.str();
  upgrade(reference_, "head");
  EXPECT_EQ(state(db), state(reference_));
}

TEST_P(SquashTest, ADatabaseInsideTheRangeWhoseFilesAreGoneIsRefusedUntouched) {
  retort::testing::TestDatabase db{GetParam()};
  upgrade(db, "r13");
  const std::string before = state(db);
  squash("r06:r25");
  fs::remove(versions() / "r20.toml");
  Project project = open(db);
  std::ostringstream out;
  Status s = project.upgrade("head", false, out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
  EXPECT_NE(s.error().message.find("the file of r20"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().hint.find("restore the replaced revision files"), std::string::npos);
  EXPECT_EQ(state(db), before);
  EXPECT_EQ(versions_of(db), std::vector<std::string>{"r13"});
  // Other plans cannot start behind a squash either.
  Status down = project.downgrade("-1", false, out);
  ASSERT_FALSE(down.ok());
  EXPECT_NE(down.error().message.find("which squash s1 replaces"), std::string::npos)
      << down.error().message;
}

INSTANTIATE_TEST_SUITE_P(Dialects, SquashTest, ::testing::ValuesIn(retort::testing::kAllDialects));

// Refusals: each is kBadInput naming the file, and writes nothing.
class SquashRefusalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(versions());
    std::ofstream(dir() / "retort.toml") << "[retort]\n";
    for (const Step& step : kHistory) write(step);
  }
  fs::path dir() const { return scratch_.dir(); }
  fs::path versions() const { return dir() / "migrations" / "versions"; }
  void write(const Step& step, const std::string& extra = "") {
    std::ofstream(versions() / (std::string(step.id) + ".toml"))
        << "revision = \"" << step.id << "\"\ndown_revision = " << step.down << "\n"
        << extra << "message = \"" << step.message << "\"\n"
        << step.upgrade << "\n"
        << step.downgrade << "\n";
  }
  std::size_t files() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(versions()), {}));
  }
  Error refused(const std::string& range) {
    Result<Config> config = load_config(dir() / "retort.toml", "");
    EXPECT_TRUE(config.ok());
    Result<Project> project = Project::open(*config);
    EXPECT_TRUE(project.ok()) << (project ? "" : project.error().describe());
    const std::size_t before = files();
    SquashOptions options;
    options.range = range;
    options.message = "squash";
    Result<Revision> made = project->squash(options);
    EXPECT_FALSE(made.ok()) << range;
    EXPECT_EQ(files(), before) << "a refused squash wrote a file";
    if (made) return Error::internal("not refused");
    EXPECT_EQ(made.error().code, ErrorCode::kBadInput) << made.error().describe();
    return made.error();
  }
  retort::testing::TestDatabase scratch_{"sqlite"};
};

TEST_F(SquashRefusalTest, AMergeInsideTheRange) {
  Error e = refused("r03a:r06");
  EXPECT_NE(e.message.find("r05 is a merge inside the range"), std::string::npos) << e.message;
  EXPECT_EQ(fs::path(e.file).filename(), "r05.toml");
}

TEST_F(SquashRefusalTest, ABranchInsideTheRange) {
  Error e = refused("r01:r03a");
  EXPECT_NE(e.message.find("r03b branches off r02 inside the range"), std::string::npos)
      << e.message;
  EXPECT_EQ(fs::path(e.file).filename(), "r03b.toml");
  EXPECT_GT(e.line, 0);
}

TEST_F(SquashRefusalTest, ARangeStartingAtAMerge) {
  Error e = refused("r05:r07");
  EXPECT_NE(e.message.find("r05 is a merge"), std::string::npos) << e.message;
}

TEST_F(SquashRefusalTest, DependsOnCrossingTheBoundary) {
  write(kHistory[27], "depends_on = [\"r10\"]\n");  // r26 depends on r10
  Error e = refused("r06:r25");
  EXPECT_NE(e.message.find("r26 depends on r10, inside the range"), std::string::npos) << e.message;
  EXPECT_EQ(fs::path(e.file).filename(), "r26.toml");
}

TEST_F(SquashRefusalTest, ANonTransactionalRevision) {
  write(kHistory[12], "transactional = false\n");  // r11
  Error e = refused("r06:r25");
  EXPECT_NE(e.message.find("revision r11 runs outside a transaction"), std::string::npos)
      << e.message;
  EXPECT_EQ(fs::path(e.file).filename(), "r11.toml");
}

TEST_F(SquashRefusalTest, ADowngradeThatDoesNotUndoItsUpgrade) {
  Step r10 = kHistory[11];
  r10.downgrade = "";  // adds mission.status, never drops it
  write(r10);
  Error e = refused("r06:r25");
  EXPECT_NE(e.message.find("revision r10's downgrade does not undo its upgrade"), std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("status"), std::string::npos) << e.message;
  EXPECT_EQ(fs::path(e.file).filename(), "r10.toml");
  EXPECT_FALSE(e.hint.empty());
}

TEST_F(SquashRefusalTest, ReversedSingleAndBaseRanges) {
  EXPECT_NE(refused("r25:r06").message.find("r25 is not below r06"), std::string::npos);
  EXPECT_NE(refused("r06:r06").message.find("nothing to squash"), std::string::npos);
  EXPECT_NE(refused("base:r06").message.find("names base"), std::string::npos);
  EXPECT_NE(refused("r06").message.find("needs a range A:B"), std::string::npos);
  EXPECT_NE(refused("+1:r06").message.find("depends on the database"), std::string::npos);
}

TEST_F(SquashRefusalTest, ASquashDoesNotNest) {
  std::ofstream(versions() / "s0.toml") << "revision = \"s0\"\ndown_revision = \"r30\"\n"
                                        << "message = \"empty\"\nreplaces = [\"zz1\"]\n";
  std::ofstream(versions() / "t1.toml") << "revision = \"t1\"\ndown_revision = \"s0\"\n"
                                        << "message = \"after\"\n";
  Error e = refused("r30:t1");
  EXPECT_NE(e.message.find("s0 is a squash already"), std::string::npos) << e.message;
}

}  // namespace
}  // namespace retort::migrations
