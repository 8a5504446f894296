// The drift check (docs/deploying.md, "Drift check"): `upgrade
// --check-drift` (or drift_check = true) compares the live schema with the
// schema history gives at the database's revision before running anything,
// and refuses (exit 2, nothing run) on a difference. It judges only what the
// filters include, leaves out with a note what history cannot predict
// (objects an execute op names, revisions reached by stamp), and counts the
// completed ops of a partly applied revision as applied.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kB = "d41000000002";
constexpr const char* kC = "d41000000003";

constexpr const char* kFileA = "migrations/versions/d41000000001_create_hero.toml";
constexpr const char* kFileB = "migrations/versions/d41000000002_second.toml";
constexpr const char* kFileC = "migrations/versions/d41000000003_team_motto.toml";

constexpr const char* kConfig =
    "[retort]\n"
    "script_location = \"migrations\"\n"
    "models = \"models.toml\"\n"
    "version_table = \"retort_version\"\n";

std::string table_op(const char* direction, const char* op, const char* table) {
  return std::string("[[") + direction + "]]\nop = \"" + op + "\"\ntable = \"" + table +
         "\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key = true }, { name = "
         "\"name\", type = \"text\", nullable = true } ]\n\n";
}

std::string head(const char* id, const char* parent, const char* message) {
  return std::string("revision = \"") + id + "\"\ndown_revision = \"" + parent +
         "\"\nmessage = \"" + message + "\"\n\n";
}

const std::string kRevisionA = head("d41000000001", "", "create hero") +
                               table_op("upgrade", "create_table", "hero") +
                               table_op("downgrade", "drop_table", "hero");
// B creates team.
const std::string kRevisionB = head("d41000000002", "d41000000001", "create team") +
                               table_op("upgrade", "create_table", "team") +
                               table_op("downgrade", "drop_table", "team");
// C adds team.motto: the revision a refused upgrade must not run.
const std::string kRevisionC = head("d41000000003", "d41000000002", "team motto") +
                               "[[upgrade]]\nop = \"add_column\"\ntable = \"team\"\n"
                               "column = { name = \"motto\", type = \"text\", nullable = true }\n\n"
                               "[[downgrade]]\nop = \"drop_column\"\ntable = \"team\"\n"
                               "column = \"motto\"\n";

class DriftCheckTest : public ::testing::TestWithParam<const char*> {
 protected:
  void write_abc() {
    p_.write(kFileA, kRevisionA);
    p_.write(kFileB, kRevisionB);
    p_.write(kFileC, kRevisionC);
  }
  void upgrade_to(const char* id) {
    ProcessResult up = p_.retort({"upgrade", id});
    ASSERT_EQ(up.exit_code, 0) << up.describe();
  }
  // Expects `r` refused as drift with `diff_line` listed, and nothing run.
  void expect_refused(const ProcessResult& r, const std::string& diff_line,
                      const std::vector<std::vector<std::string>>& history_before) {
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find("the database has drifted from its history at " + std::string(kB)),
              std::string::npos)
        << r.describe();
    EXPECT_NE(r.err.find("\n  " + diff_line), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("Nothing was run"), std::string::npos) << r.describe();
    EXPECT_EQ(p_.version(), kB);
    EXPECT_FALSE(p_.has_column("team", "motto"));
    EXPECT_EQ(history(), history_before);
  }
  std::vector<std::vector<std::string>> history() const {
    return p_.query("SELECT seq, revision, result FROM retort_history ORDER BY seq");
  }

  CliProject p_{GetParam()};
};

TEST_P(DriftCheckTest, AColumnAddedByHandIsRefusedWithTheDiff) {
  write_abc();
  upgrade_to(kB);
  p_.execute("ALTER TABLE hero ADD COLUMN nickname TEXT");
  const auto before = history();
  expect_refused(p_.retort({"upgrade", "head", "--check-drift"}),
                 "add column hero.nickname (text, nullable)", before);
  // The check is asked for; without it the upgrade runs.
  ProcessResult plain = p_.retort({"upgrade", "head"});
  EXPECT_EQ(plain.exit_code, 0) << plain.describe();
  EXPECT_TRUE(p_.has_column("team", "motto"));
}

TEST_P(DriftCheckTest, DriftCheckInRetortTomlAppliesAndTheFlagOverridesIt) {
  write_abc();
  upgrade_to(kB);
  p_.write("retort.toml", std::string(kConfig) + "drift_check = true\n");
  p_.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY)");
  const auto before = history();
  expect_refused(p_.retort({"upgrade", "head"}), "create table scratch", before);
  ProcessResult off = p_.retort({"upgrade", "head", "--no-check-drift"});
  EXPECT_EQ(off.exit_code, 0) << off.describe();
  EXPECT_EQ(p_.version(), kC);

  p_.write("retort.toml", std::string(kConfig) + "drift_check = \"yes\"\n");
  ProcessResult bad = p_.retort({"upgrade", "head"});
  EXPECT_EQ(bad.exit_code, 2) << bad.describe();
  EXPECT_NE(bad.err.find("retort.toml:5"), std::string::npos) << bad.describe();
  EXPECT_NE(bad.err.find("\"drift_check\" must be true or false"), std::string::npos)
      << bad.describe();
}

TEST_P(DriftCheckTest, AnUndriftedDatabaseUpgradesAndSaysWhatWasCompared) {
  write_abc();
  upgrade_to(kB);
  ProcessResult up = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_NE(up.err.find("drift check: compared 2 tables and 0 enums"), std::string::npos)
      << up.describe();
  EXPECT_EQ(p_.version(), kC);

  ProcessResult both = p_.retort({"upgrade", "head", "--check-drift", "--no-check-drift"});
  EXPECT_EQ(both.exit_code, 2) << both.describe();
  EXPECT_NE(both.err.find("--check-drift and --no-check-drift contradict each other"),
            std::string::npos)
      << both.describe();

  ProcessResult offline = p_.retort({"upgrade", "head", "--sql", "--check-drift"});
  EXPECT_EQ(offline.exit_code, 2) << offline.describe();
  EXPECT_NE(offline.err.find("--check-drift reads the database"), std::string::npos)
      << offline.describe();
}

TEST_P(DriftCheckTest, ObjectsAnExecuteOpNamesAreNotJudged) {
  p_.write(kFileA, kRevisionA);
  p_.write(kFileB, head("d41000000002", "d41000000001", "by hand in sql") +
                       table_op("upgrade", "create_table", "team") +
                       "[[upgrade]]\nop = \"execute\"\nsql = \"ALTER TABLE hero ADD COLUMN "
                       "nickname TEXT\"\n\n" +
                       table_op("downgrade", "drop_table", "team"));
  p_.write(kFileC, kRevisionC);
  upgrade_to(kB);
  ProcessResult up = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_NE(up.err.find("not judged, as history cannot predict it: hero (an execute op of "
                        "revision d41000000002 names it)"),
            std::string::npos)
      << up.describe();
  // team is judged still: a hand change there is drift.
  p_.execute("ALTER TABLE team ADD COLUMN color TEXT");
  p_.write("migrations/versions/d41000000004_more.toml",
           head("d41000000004", "d41000000003", "more") + table_op("upgrade", "create_table", "x") +
               table_op("downgrade", "drop_table", "x"));
  ProcessResult refused = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(refused.exit_code, 2) << refused.describe();
  EXPECT_NE(refused.err.find("add column team.color"), std::string::npos) << refused.describe();
}

TEST_P(DriftCheckTest, RevisionsReachedByStampAreNotJudged) {
  write_abc();
  // The database was made by hand, not as A says, and adopted by stamp.
  p_.execute("CREATE TABLE hero (id INTEGER PRIMARY KEY, name TEXT, legacy_code TEXT)");
  ProcessResult stamp = p_.retort({"stamp", "d41000000001"});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.describe();
  ProcessResult up = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_NE(up.err.find("1 applied revision was never run here"), std::string::npos)
      << up.describe();
  EXPECT_NE(up.err.find("hero (revision d41000000001 was reached by stamp, not run)"),
            std::string::npos)
      << up.describe();
  EXPECT_EQ(p_.version(), kC);
}

TEST_P(DriftCheckTest, WhatTheFiltersExcludeIsNotJudged) {
  write_abc();
  p_.write("retort.toml", std::string(kConfig) + "exclude = [\"legacy_*\"]\n");
  upgrade_to(kB);
  p_.execute("CREATE TABLE legacy_audit (id INTEGER PRIMARY KEY)");
  p_.execute("CREATE TABLE other (id INTEGER PRIMARY KEY)");
  const auto before = history();
  ProcessResult refused = p_.retort({"upgrade", "head", "--check-drift"});
  expect_refused(refused, "create table other", before);
  EXPECT_EQ(refused.err.find("legacy_audit"), std::string::npos) << refused.describe();
  p_.execute("DROP TABLE other");
  ProcessResult up = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
}

// A revision outside a transaction that stopped after op 1: op 1's table is
// expected, so resuming it is not drift.
TEST_P(DriftCheckTest, APartlyAppliedRevisionsCompletedOpsCountAsApplied) {
  p_.write(kFileA, kRevisionA);
  auto partial = [](const std::string& op2) {
    return head("d41000000002", "d41000000001", "two parts") + "transactional = false\n\n" +
           table_op("upgrade", "create_table", "part1") + op2 +
           table_op("downgrade", "drop_table", "part1");
  };
  p_.write(kFileB, partial("[[upgrade]]\nop = \"execute\"\nsql = \"NOT SQL AT ALL\"\n\n"));
  upgrade_to("d41000000001");
  ProcessResult failed = p_.retort({"upgrade", "head"});
  ASSERT_EQ(failed.exit_code, 3) << failed.describe();
  p_.write(kFileB, partial(table_op("upgrade", "create_table", "part2")));
  ProcessResult resumed = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_EQ(p_.version(), kB);
  EXPECT_TRUE(p_.has_table("part2"));
}

// The op a partial run stopped in may have done part of its work: an
// execute of two statements whose first one committed (SQLite).
TEST_P(DriftCheckTest, TheOpAPartialRunStoppedInIsNotJudged) {
  p_.write(kFileA, kRevisionA);
  auto partial = [](const std::string& second) {
    return head("d41000000002", "d41000000001", "two statements") + "transactional = false\n\n" +
           table_op("upgrade", "create_table", "team") +
           "[[upgrade]]\nop = \"execute\"\nsql = \"ALTER TABLE hero ADD COLUMN q TEXT; " + second +
           "\"\n\n" + table_op("downgrade", "drop_table", "team");
  };
  p_.write(kFileB, partial("NOT SQL AT ALL"));
  upgrade_to("d41000000001");
  ProcessResult failed = p_.retort({"upgrade", "head"});
  ASSERT_EQ(failed.exit_code, 3) << failed.describe();
  // Fixed so that it can run again whether or not q was kept; it still
  // names the table it works on, as a fix does.
  p_.write(kFileB, head("d41000000002", "d41000000001", "two statements") +
                       "transactional = false\n\n" + table_op("upgrade", "create_table", "team") +
                       "[[upgrade]]\nop = \"execute\"\nsql = \"UPDATE hero SET name = name\"\n\n" +
                       table_op("downgrade", "drop_table", "team"));
  ProcessResult resumed = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.describe();
  EXPECT_NE(resumed.err.find("op 2 of revision d41000000002 stopped midway"), std::string::npos)
      << resumed.describe();
  EXPECT_EQ(p_.version(), kB);
}

// What is unknown of a table follows it through a rename.
TEST_P(DriftCheckTest, ARenameCarriesWhatIsUnknownOfATable) {
  p_.write(kFileA, kRevisionA);
  p_.write(kFileB, head("d41000000002", "d41000000001", "sql then rename") +
                       "[[upgrade]]\nop = \"execute\"\nsql = \"ALTER TABLE hero ADD COLUMN x "
                       "TEXT\"\n\n[[upgrade]]\nop = \"rename_table\"\ntable = \"hero\"\nnew_name = "
                       "\"heroes\"\n\n[[downgrade]]\nop = \"rename_table\"\ntable = "
                       "\"heroes\"\nnew_name = \"hero\"\n");
  p_.write(kFileC, head("d41000000003", "d41000000002", "team") +
                       table_op("upgrade", "create_table", "team") +
                       table_op("downgrade", "drop_table", "team"));
  upgrade_to(kB);
  ProcessResult up = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_NE(up.err.find("heroes (an execute op of revision d41000000002 names it)"),
            std::string::npos)
      << up.describe();
}

// A stamped history that renames a table and declares an enum type (and,
// on PostgreSQL, spells out the public schema): none of it is judged.
TEST_P(DriftCheckTest, AStampedRenameAndEnumAreNotJudged) {
  const bool pg = p_.dialect() == "postgresql";
  const std::string schema = pg ? "schema = \"public\"\n" : "";
  p_.write(kFileA, head("d41000000001", "", "create hero") +
                       "[[upgrade]]\nop = \"create_table\"\n" + schema +
                       "table = \"hero\"\ncolumns = [ { name = \"id\", type = \"integer\", "
                       "primary_key = true }, { name = \"mood\", type = \"enum\", enum = "
                       "\"mood\", values = [\"happy\", \"sad\"] } ]\n\n" +
                       table_op("downgrade", "drop_table", "hero"));
  p_.write(kFileB, head("d41000000002", "d41000000001", "rename") +
                       "[[upgrade]]\nop = "
                       "\"rename_table\"\n" +
                       schema +
                       "table = \"hero\"\nnew_name = \"heroes\"\n\n[[downgrade]]\nop = "
                       "\"rename_table\"\ntable = \"heroes\"\nnew_name = \"hero\"\n");
  p_.write(kFileC, head("d41000000003", "d41000000002", "team") +
                       table_op("upgrade", "create_table", "team") +
                       table_op("downgrade", "drop_table", "team"));
  // Made by hand, not as history says: another column, no enum type.
  p_.execute("CREATE TABLE heroes (id INTEGER PRIMARY KEY, mood TEXT, extra TEXT)");
  ProcessResult stamp = p_.retort({"stamp", kB});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.describe();
  ProcessResult up = p_.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_NE(up.err.find("2 applied revisions were never run here"), std::string::npos)
      << up.describe();
  EXPECT_EQ(p_.version(), kC);
}

INSTANTIATE_TEST_SUITE_P(Dialects, DriftCheckTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
