// upgrade and downgrade behaviour: idempotent upgrade, base and back, and
// offline --sql equal to the online run.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kModelsV1 =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\", unique = true },\n"
    "]\n\n"
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\", index = true },\n"
    "  { name = \"team_id\", type = \"integer\", nullable = true, foreign_key = \"team.id\" },\n"
    "]\n";

// v2 widens a column, adds a defaulted column and a check: SQLite rebuilds.
constexpr const char* kModelsV2 =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(200)\", unique = true },\n"
    "  { name = \"rank\", type = \"integer\", default = 0 },\n"
    "]\n"
    "checks = [ { name = \"ck_team_rank\", sql = \"rank >= 0\" } ]\n\n"
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\", index = true },\n"
    "  { name = \"team_id\", type = \"integer\", nullable = true, foreign_key = \"team.id\", "
    "on_delete = \"cascade\" },\n"
    "]\n";

class UpgradeTest : public ::testing::TestWithParam<const char*> {
 protected:
  // Two revisions, written but not applied.
  void write_history() {
    p_.write_models(kModelsV1);
    ProcessResult r1 = p_.retort({"revision", "--autogenerate", "-m", "first"});
    ASSERT_EQ(r1.exit_code, 0) << r1.describe();
    rev1_ = generated_revision_id(r1.out);
    ASSERT_EQ(p_.retort({"upgrade", "head"}).exit_code, 0);
    p_.write_models(kModelsV2);
    ProcessResult r2 = p_.retort({"revision", "--autogenerate", "-m", "second"});
    ASSERT_EQ(r2.exit_code, 0) << r2.describe();
    rev2_ = generated_revision_id(r2.out);
  }
  CliProject p_{GetParam()};
  std::string rev1_;
  std::string rev2_;
};

TEST_P(UpgradeTest, OneTransactionFlagRunsTheWholeMoveAndEndsAtTheSameSchema) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  ProcessResult down = p_.retort({"downgrade", "base", "--one-transaction"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p_.version(), "");
  ProcessResult up = p_.retort({"upgrade", "head", "--one-transaction"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_NE(up.out.find("Running upgrade " + rev1_ + " -> " + rev2_), std::string::npos) << up.out;
  EXPECT_EQ(p_.version(), rev2_);
  ProcessResult check = p_.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
}

TEST_P(UpgradeTest, UpgradeHeadTwiceIsANoOpTheSecondTime) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  ProcessResult first = p_.retort({"upgrade", "head"});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  EXPECT_NE(first.out.find("Running upgrade " + rev1_ + " -> " + rev2_), std::string::npos)
      << first.out;
  const MetaData schema = p_.schema();

  ProcessResult second = p_.retort({"upgrade", "head"});
  EXPECT_EQ(second.exit_code, 0) << second.describe();
  EXPECT_EQ(second.out.find("Running upgrade"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("nothing to do"), std::string::npos) << second.out;
  EXPECT_EQ(p_.version(), rev2_);
  EXPECT_TRUE(p_.schema() == schema);
}

TEST_P(UpgradeTest, DowngradeBaseThenUpgradeHeadRebuildsTheSameSchema) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  ASSERT_EQ(p_.retort({"upgrade", "head"}).exit_code, 0);
  const MetaData at_head = p_.schema();

  ProcessResult down = p_.retort({"downgrade", "base"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_TRUE(p_.schema().tables.empty()) << schema_text(p_.schema());
  EXPECT_EQ(p_.version(), "");
  ProcessResult current = p_.retort({"current"});
  EXPECT_EQ(current.exit_code, 0) << current.describe();
  EXPECT_NE(current.out.find("<base>"), std::string::npos) << current.out;

  ProcessResult up = p_.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p_.version(), rev2_);
  const MetaData again = p_.schema();
  EXPECT_TRUE(again == at_head) << schema_text(at_head) << "\nagain:\n" << schema_text(again);
}

TEST_P(UpgradeTest, StepsByRelativeIdentifiers) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  EXPECT_EQ(p_.version(), rev1_);
  ProcessResult up = p_.retort({"upgrade", "+1"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p_.version(), rev2_);
  ProcessResult down = p_.retort({"downgrade", "-2"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p_.version(), "");
  ProcessResult prefix = p_.retort({"upgrade", rev1_.substr(0, 6)});
  ASSERT_EQ(prefix.exit_code, 0) << prefix.describe();
  EXPECT_EQ(p_.version(), rev1_);
}

TEST_P(UpgradeTest, OfflineSqlGivesTheSameSchemaAndVersionTable) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  ASSERT_EQ(p_.retort({"upgrade", "head"}).exit_code, 0);
  const MetaData online = p_.schema();

  ProcessResult sql = p_.retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("retort_version"), std::string::npos) << sql.out;
  // Offline: the database was not consulted or changed.
  EXPECT_EQ(p_.version(), rev2_);

  CliProject offline(GetParam());
  ProcessResult fed = offline.run_in_shell(sql.out);
  ASSERT_EQ(fed.exit_code, 0) << fed.describe() << "\nscript:\n" << sql.out;
  const MetaData replayed = offline.schema();
  EXPECT_TRUE(replayed == online) << "online:\n"
                                  << schema_text(online) << "\noffline:\n"
                                  << schema_text(replayed);
  EXPECT_EQ(offline.version(), rev2_);
  // The project's models and history agree with the replayed database.
  ProcessResult check = p_.retort({"--url", offline.url(), "check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
}

TEST_P(UpgradeTest, OfflineDowngradeSqlRunsARange) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  ProcessResult sql = p_.retort({"downgrade", rev2_ + ":" + rev1_, "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_FALSE(sql.out.empty());
  EXPECT_EQ(p_.version(), rev1_);
}

TEST_P(UpgradeTest, StampMovesTheVersionTableOnly) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  const MetaData schema = p_.schema();
  ProcessResult stamp = p_.retort({"stamp", "head"});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.describe();
  EXPECT_EQ(p_.version(), rev2_);
  EXPECT_TRUE(p_.schema() == schema);
  ProcessResult purge = p_.retort({"stamp", "base", "--purge"});
  ASSERT_EQ(purge.exit_code, 0) << purge.describe();
  EXPECT_EQ(p_.version(), "");
}

TEST_P(UpgradeTest, HistoryHeadsAndShowDescribeTheChain) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  ProcessResult heads = p_.retort({"heads"});
  EXPECT_EQ(heads.exit_code, 0) << heads.describe();
  EXPECT_EQ(heads.out, rev2_ + " (head), second\n");

  ProcessResult history = p_.retort({"history"});
  EXPECT_EQ(history.out,
            rev1_ + " -> " + rev2_ + " (head), second\n<base> -> " + rev1_ + ", first\n");
  ProcessResult range = p_.retort({"history", "-r", "base:" + rev1_});
  EXPECT_EQ(range.exit_code, 0) << range.describe();
  EXPECT_EQ(range.out, "<base> -> " + rev1_ + ", first\n");
  ProcessResult verbose = p_.retort({"history", "-v"});
  EXPECT_NE(verbose.out.find("Rev: " + rev2_ + " (head)"), std::string::npos) << verbose.out;
  EXPECT_NE(verbose.out.find("Parent: " + rev1_), std::string::npos) << verbose.out;

  ProcessResult show = p_.retort({"show", rev2_.substr(0, 5)});
  EXPECT_EQ(show.exit_code, 0) << show.describe();
  EXPECT_NE(show.out.find("Rev: " + rev2_), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("team"), std::string::npos) << show.out;

  ProcessResult current = p_.retort({"current", "-v"});
  EXPECT_EQ(current.exit_code, 0) << current.describe();
  EXPECT_NE(current.out.find("Rev: " + rev1_), std::string::npos) << current.out;
}

TEST_P(UpgradeTest, DiffSqlPrintsWhatTheDialectWouldRun) {
  ASSERT_NO_FATAL_FAILURE(write_history());
  ProcessResult sql = p_.retort({"diff", "--format", "sql"});
  EXPECT_EQ(sql.exit_code, 1) << sql.describe();
  EXPECT_NE(sql.out.find("rank"), std::string::npos) << sql.out;
  ProcessResult between = p_.retort({"diff", "--from", rev1_, "--to", rev2_});
  EXPECT_EQ(between.exit_code, 1) << between.describe();
  EXPECT_NE(between.out.find("rank"), std::string::npos) << between.out;
  ProcessResult same = p_.retort({"diff", "--from", rev2_, "--to", "models"});
  EXPECT_EQ(same.exit_code, 0) << same.describe();
}

INSTANTIATE_TEST_SUITE_P(Dialects, UpgradeTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
