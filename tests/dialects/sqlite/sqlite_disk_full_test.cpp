// dialects/sqlite: a statement that fails for want of disk space leaves no
// hot journal behind, whichever way it ran (execute, query, a prepared
// statement), inside a transaction or not, and while the connection is still
// open: SQLite rolls back in its cache only, and the connection must finish
// the rollback on disk so that a reader that may not write can open the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/connection.hpp"
#include "dialects/registry.hpp"
#include "tests/support/small_disk.hpp"

namespace retort::sqlite_test {
namespace {

namespace fs = std::filesystem;
using retort::testing::SmallDisk;

// Some 4 MB of rows: more than the disk and more than SQLite's page cache,
// so pages reach the file (and fill the disk) before any commit.
constexpr const char* kFill =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) "
    "INSERT INTO t (x) SELECT hex(randomblob(500)) FROM n";

enum class Way { kExecute, kQuery, kPrepared };

struct Case {
  const char* name;
  Way way;
  bool in_transaction;
};

class SqliteDiskFullTest : public ::testing::TestWithParam<Case> {};

TEST_P(SqliteDiskFullTest, FailedStatementLeavesNoHotJournal) {
  const Case& c = GetParam();
  SmallDisk disk("512k");
  ASSERT_TRUE(disk.mounted());
  const fs::path db = disk.dir() / "app.db";
  Result<std::unique_ptr<Connection>> opened = connect("sqlite:///" + db.string());
  ASSERT_TRUE(opened.ok()) << opened.error().describe();
  Connection& conn = **opened;
  ASSERT_TRUE(conn.execute("CREATE TABLE t (x TEXT)").ok());
  ASSERT_TRUE(conn.execute("INSERT INTO t (x) VALUES ('kept')").ok());

  if (c.in_transaction) {
    ASSERT_TRUE(conn.begin().ok());
  }
  Error error;
  switch (c.way) {
    case Way::kExecute: {
      Status s = conn.execute(kFill);
      ASSERT_FALSE(s.ok());
      error = s.error();
      break;
    }
    case Way::kQuery: {
      Result<Rows> r = conn.query(kFill);
      ASSERT_FALSE(r.ok());
      error = r.error();
      break;
    }
    case Way::kPrepared: {
      Result<PreparedStatement*> st = conn.prepare(kFill);
      ASSERT_TRUE(st.ok()) << st.error().describe();
      Result<bool> step = (*st)->step();
      ASSERT_FALSE(step.ok());
      error = step.error();
      (*st)->reset();
      break;
    }
  }
  EXPECT_EQ(error.code, ErrorCode::kDatabase);
  EXPECT_EQ(error.sqlstate, "13") << error.describe();  // SQLITE_FULL
  EXPECT_EQ(error.sqlstate_label, "SQLite error 13");
  if (c.in_transaction) {
    ASSERT_TRUE(conn.rollback().ok());
  }

  // Before the connection closes: nothing left for another reader to undo.
  EXPECT_FALSE(fs::exists(db.string() + "-journal")) << "a hot journal was left behind";
  EXPECT_FALSE(conn.in_transaction());
  Result<Rows> rows = conn.query("SELECT x FROM t");
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], Cell{"kept"});
}

INSTANTIATE_TEST_SUITE_P(Ways, SqliteDiskFullTest,
                         ::testing::Values(Case{"execute", Way::kExecute, false},
                                           Case{"execute_in_transaction", Way::kExecute, true},
                                           Case{"query", Way::kQuery, false},
                                           Case{"query_in_transaction", Way::kQuery, true},
                                           Case{"prepared", Way::kPrepared, false},
                                           Case{"prepared_in_transaction", Way::kPrepared, true}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace retort::sqlite_test
