// A SQLite upgrade that runs out of disk space: exit 3, and the database file
// is left clean for every reader. SQLite answers SQLITE_FULL by rolling back
// in its cache only, leaving a hot journal that a read-only reader cannot
// play back ("attempt to write a readonly database"); retort must finish the
// rollback before it exits.
//
// The database lives on a small tmpfs mounted for the test (the suite runs as
// root); the revision files stay on the ordinary disk.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/cli/cli_project.hpp"
#include "tests/support/small_disk.hpp"

namespace retort::testing {
namespace {

namespace fs = std::filesystem;

// Runs the sqlite3 shell on `file` opened read-only (a reader that may not
// write, as a backup job or a reporting tool would open it).
ProcessResult read_only(const fs::path& file, const std::string& sql) {
  ProcessOptions options;
  options.cwd = file.parent_path();
  return run_process("/usr/bin/sqlite3", {"-bail", "file:" + file.string() + "?mode=ro", sql},
                     options);
}

constexpr const char* kHero =
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

constexpr const char* kHeroWithBio =
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "  { name = \"bio\", type = \"text\", nullable = true },\n"
    "]\n";

// Some 4 MB of rows: more than the 512 KiB disk, and more than SQLite's page
// cache, so pages are written (and the disk fills) before the commit.
constexpr const char* kFill =
    "\n[[upgrade]]\nop = \"execute\"\n"
    "sql = \"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
    "INSERT INTO hero (id, name, bio) SELECT i + 100, 'filler', hex(randomblob(500)) FROM n\"\n";

struct Case {
  const char* name;
  std::vector<std::string> upgrade;  // the command line
  bool transactional;                // the failing revision's setting
};

class DiskFullTest : public ::testing::TestWithParam<Case> {};

TEST_P(DiskFullTest, FailedUpgradeLeavesNoHotJournal) {
  const Case& c = GetParam();
  SmallDisk disk("512k");
  ASSERT_TRUE(disk.mounted());
  const fs::path db = disk.dir() / "app.db";
  const std::map<std::string, std::optional<std::string>> env = {
      {"RETORT_URL", "sqlite:///" + db.string()}};

  CliProject p("sqlite");
  p.write_models(kHero);
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "create hero"}, env);
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::string rev1 = generated_revision_id(made.out);
  ProcessResult up1 = p.retort({"upgrade", "head"}, env);
  ASSERT_EQ(up1.exit_code, 0) << up1.describe();

  // Revision 2 adds a column, then fills the disk.
  p.write_models(kHeroWithBio);
  made = p.retort({"revision", "--autogenerate", "-m", "fill"}, env);
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const fs::path file = p.revision_file("_fill.toml");
  std::string text = p.read(file);
  if (!c.transactional) text = "transactional = false\n" + text;
  p.write(file, text + kFill);

  const std::string schema_sql = "SELECT type, name, sql FROM sqlite_schema ORDER BY name";
  ProcessResult before = read_only(db, schema_sql);
  ASSERT_EQ(before.exit_code, 0) << before.describe();

  ProcessResult up = p.retort(c.upgrade, env);
  EXPECT_EQ(up.exit_code, 3) << up.describe();
  EXPECT_NE(up.err.find("database or disk is full"), std::string::npos) << up.describe();
  EXPECT_NE(up.err.find("[SQLite error 13]"), std::string::npos) << up.describe();

  EXPECT_FALSE(fs::exists(db.string() + "-journal")) << "a hot journal was left behind";
  ProcessResult check = read_only(db, "PRAGMA integrity_check");
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_EQ(check.out, "ok\n") << check.describe();
  ProcessResult after = read_only(db, schema_sql);
  EXPECT_EQ(after.exit_code, 0) << after.describe();
  if (c.transactional) {
    // Rolled back: the schema and the version table are as before.
    EXPECT_EQ(after.out, before.out);
    ProcessResult version = read_only(db, "SELECT version_num FROM retort_version");
    EXPECT_EQ(version.out, rev1 + "\n") << version.describe();
  }
  ProcessResult rows = read_only(db, "SELECT count(*) FROM hero");
  EXPECT_EQ(rows.exit_code, 0) << rows.describe();
  EXPECT_EQ(rows.out, "0\n") << rows.describe();
}

INSTANTIATE_TEST_SUITE_P(
    Runs, DiskFullTest,
    ::testing::Values(Case{"per_revision", {"upgrade", "head"}, true},
                      Case{"one_transaction", {"upgrade", "head", "--one-transaction"}, true},
                      Case{"non_transactional", {"upgrade", "head"}, false}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace retort::testing
