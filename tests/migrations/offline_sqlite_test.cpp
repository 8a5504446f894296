// The offline script is for a DBA's shell: fed to the sqlite3 program on an
// empty file it must give what `upgrade head` gives.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "dialects/registry.hpp"
#include "migrations/history_table.hpp"
#include "migrations/internal/runner.hpp"
#include "tests/migrations/history_fixture.hpp"
#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;

TEST(OfflineSqliteTest, ScriptThroughTheSqlite3ShellEqualsOnlineUpgrade) {
  ASSERT_TRUE(fs::exists("/usr/bin/sqlite3"))
      << "the sqlite3 shell is needed (apt-get install sqlite3)";
  retort::testing::TestDatabase online_db("sqlite");
  auto online = connect(online_db.url());
  ASSERT_TRUE(online.ok());
  const Dialect& dialect = (*online)->dialect();
  VersionTable vt(dialect, "retort_version");
  HistoryTable history(dialect, "retort_history");
  RevisionGraph graph = retort::testing::build_graph(retort::testing::sample_history());
  Runner runner(dialect, graph, vt, history);
  std::ostringstream out;
  ASSERT_TRUE(runner.upgrade(**online, "head", out).ok());

  std::ostringstream script;
  ASSERT_TRUE(runner.upgrade_sql("base", "head", script).ok());
  const fs::path script_file = online_db.dir() / "upgrade.sql";
  const fs::path offline_file = online_db.dir() / "offline.db";
  std::ofstream(script_file) << script.str();
  const std::string command =
      "/usr/bin/sqlite3 -bail '" + offline_file.string() + "' < '" + script_file.string() + "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << script.str();

  auto offline = connect("sqlite:///" + offline_file.string());
  ASSERT_TRUE(offline.ok()) << offline.error().describe();
  InspectOptions options;
  options.exclude_tables = {"retort_version"};
  EXPECT_EQ(*dialect.inspect(**offline, options), *dialect.inspect(**online, options));
  EXPECT_EQ(retort::testing::current_revision(vt, **offline), retort::testing::kRev3);
  Result<Rows> audit = (*offline)->query("SELECT count(*) FROM audit");
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->rows.at(0).at(0), "3");
}

}  // namespace
}  // namespace retort::migrations
