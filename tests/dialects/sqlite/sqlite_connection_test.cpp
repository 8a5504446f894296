// dialects/sqlite/sqlite_connection.cpp and dialects/registry.cpp.
#include "dialects/sqlite/sqlite_connection.hpp"

#include <gtest/gtest.h>

#include "tests/dialects/sqlite/sqlite_fixture.hpp"

namespace retort::sqlite_test {
namespace {

TEST(SqliteUrl, MapsUrlsToFiles) {
  EXPECT_EQ(*sqlite::path_from_url("sqlite:///app.db"), "app.db");
  EXPECT_EQ(*sqlite::path_from_url("sqlite:///dir/app.db"), "dir/app.db");
  EXPECT_EQ(*sqlite::path_from_url("sqlite:////tmp/app.db"), "/tmp/app.db");
  EXPECT_EQ(*sqlite::path_from_url("sqlite://"), ":memory:");
  EXPECT_EQ(*sqlite::path_from_url("sqlite:///:memory:"), ":memory:");
}

TEST(SqliteUrl, RejectsAHost) {
  auto path = sqlite::path_from_url("sqlite://host/app.db");
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.error().code, ErrorCode::kBadInput);
  EXPECT_NE(path.error().hint.find("three slashes"), std::string::npos);
}

TEST(SqliteConnect, MissingDirectoryIsADatabaseError) {
  auto conn = connect("sqlite:////nonexistent-retort-dir/sub/app.db");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().code, ErrorCode::kDatabase);
  EXPECT_NE(conn.error().message.find("/nonexistent-retort-dir/sub/app.db"), std::string::npos);
  EXPECT_FALSE(conn.error().sqlstate.empty());
}

// SQLite has no round trips to save: a batch runs statement by statement,
// stops at the first failure and names it; the ones before it ran.
TEST(SqliteConnect, ExecuteBatchStopsAtTheFirstFailureAndNamesIt) {
  auto conn = connect("sqlite://");
  ASSERT_TRUE(conn.ok()) << conn.error().describe();
  const std::vector<std::string> batch = {"CREATE TABLE t (x INTEGER)", "INSERT INTO t VALUES (1)",
                                          "INSERT INTO no_such_table VALUES (2)",
                                          "INSERT INTO t VALUES (3)"};
  std::size_t failed = 99;
  Status s = (*conn)->execute_batch(batch, &failed);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(failed, 2u);
  EXPECT_NE(s.error().message.find("no_such_table"), std::string::npos) << s.error().message;
  auto rows = (*conn)->query("SELECT count(*) FROM t");
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  EXPECT_EQ(rows->rows[0][0], Cell{"1"});
}

TEST(SqliteConnect, InMemoryDatabaseWorks) {
  auto conn = connect("sqlite://");
  ASSERT_TRUE(conn.ok()) << conn.error().describe();
  ASSERT_TRUE((*conn)->execute("CREATE TABLE t (x INTEGER)").ok());
  EXPECT_EQ(&(*conn)->dialect(), &sqlite_dialect());
}

TEST_F(SqliteTest, BadSqlReportsMessageCodeAndStatement) {
  Status s = conn().execute("CREATE TABLE (oops");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kDatabase);
  EXPECT_NE(s.error().message.find("syntax error"), std::string::npos);
  EXPECT_EQ(s.error().sqlstate, "1");  // SQLITE_ERROR
  EXPECT_EQ(s.error().statement, "CREATE TABLE (oops");
}

TEST_F(SqliteTest, ConstraintErrorsCarryTheExtendedCode) {
  sql("CREATE TABLE t (x INTEGER NOT NULL)");
  Status s = conn().execute("INSERT INTO t (x) VALUES (NULL)");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().sqlstate, "1299");  // SQLITE_CONSTRAINT_NOTNULL
}

TEST_F(SqliteTest, QueryBindsParametersAsText) {
  sql("CREATE TABLE t (a TEXT, b TEXT)");
  auto ins =
      conn().query("INSERT INTO t (a, b) VALUES (?, ?)", {"x'); DROP TABLE t; --", std::nullopt});
  ASSERT_TRUE(ins.ok()) << ins.error().describe();
  auto rows = conn().query("SELECT a, b FROM t WHERE a = ?", {"x'); DROP TABLE t; --"});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows->rows[0][0], "x'); DROP TABLE t; --");
  EXPECT_FALSE(rows->rows[0][1].has_value());
  EXPECT_GE(conn().round_trips(), 3u);
}

TEST_F(SqliteTest, RollbackUndoesAndCommitKeeps) {
  sql("CREATE TABLE t (x INTEGER)");
  ASSERT_TRUE(conn().begin().ok());
  EXPECT_TRUE(conn().in_transaction());
  sql("INSERT INTO t VALUES (1)");
  ASSERT_TRUE(conn().rollback().ok());
  EXPECT_FALSE(conn().in_transaction());
  EXPECT_EQ(scalar("SELECT count(*) FROM t"), "0");
  {
    Transaction tx(conn());
    ASSERT_TRUE(tx.begin().ok());
    sql("INSERT INTO t VALUES (2)");
    ASSERT_TRUE(tx.commit().ok());
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM t"), "1");
  EXPECT_TRUE(conn().rollback().ok()) << "rollback outside a transaction is a no-op";
}

TEST_F(SqliteTest, BeginTakesTheWriteLock) {
  auto other = connect(db_.url());
  ASSERT_TRUE(other.ok());
  sql("CREATE TABLE t (x INTEGER)");
  ASSERT_TRUE(conn().begin().ok());
  // While we hold BEGIN IMMEDIATE, another writer cannot take the lock; a
  // zero busy timeout makes it report SQLITE_BUSY at once instead of waiting.
  ASSERT_TRUE((*other)->execute("PRAGMA busy_timeout = 0").ok());
  Status blocked = (*other)->begin();
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().sqlstate, "5");  // SQLITE_BUSY
  ASSERT_TRUE(conn().commit().ok());
  EXPECT_TRUE((*other)->begin().ok());
  EXPECT_TRUE((*other)->rollback().ok());
}

TEST_F(SqliteTest, LockIsTakenWithoutError) {
  auto lock = dialect().try_lock(conn(), "retort_version");
  ASSERT_TRUE(lock.ok()) << lock.error().describe();
  EXPECT_NE(lock->get(), nullptr);
}

TEST(Registry, PicksTheDialectFromTheScheme) {
  EXPECT_EQ((*dialect_for_url("sqlite:///a.db"))->name(), "sqlite");
  EXPECT_EQ((*dialect_for_url("sqlite://"))->name(), "sqlite");
  EXPECT_EQ((*dialect_for_url("postgresql://u@h/db"))->name(), "postgresql");
  EXPECT_EQ((*dialect_for_url("postgres://u@h/db"))->name(), "postgresql");
  auto bad = dialect_for_url("mysql://root:pw@h/db");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
  EXPECT_NE(bad.error().message.find("mysql"), std::string::npos);
  EXPECT_EQ(bad.error().message.find("pw"), std::string::npos);
}

TEST(Registry, RedactsPasswords) {
  EXPECT_EQ(redact_url("postgresql://bob:s3cret@db.example:5432/app"),
            "postgresql://bob:***@db.example:5432/app");
  EXPECT_EQ(redact_url("postgresql://bob@db/app"), "postgresql://bob@db/app");
  EXPECT_EQ(redact_url("postgresql:///app?host=/tmp&password=s3cret&sslmode=off"),
            "postgresql:///app?host=/tmp&password=***&sslmode=off");
  EXPECT_EQ(redact_url("sqlite:////tmp/a.db"), "sqlite:////tmp/a.db");
}

TEST(Registry, ConnectUsesTheUrlsDialect) {
  auto conn = connect("sqlite://");
  ASSERT_TRUE(conn.ok());
  EXPECT_EQ((*conn)->dialect().name(), "sqlite");
  EXPECT_FALSE(connect("oracle://x").ok());
}

// Queries reuse prepared statements: the same text must still see new
// parameters, schema changes, and must not hold locks that block DDL.
TEST_F(SqliteTest, RepeatedQueriesSeeNewParametersAndSchemaChanges) {
  sql("CREATE TABLE t (a INTEGER, b TEXT)");
  const std::string cols = "SELECT name FROM pragma_table_info(?) ORDER BY cid";
  auto first = conn().query(cols, {std::string("t")});
  ASSERT_TRUE(first.ok()) << first.error().describe();
  ASSERT_EQ(first->rows.size(), 2u);
  auto none = conn().query(cols, {std::string("missing")});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->rows.empty());
  sql("ALTER TABLE t ADD COLUMN c TEXT");  // schema change after the statement was prepared
  auto after = conn().query(cols, {std::string("t")});
  ASSERT_TRUE(after.ok()) << after.error().describe();
  ASSERT_EQ(after->rows.size(), 3u);
  EXPECT_EQ(*after->rows[2][0], "c");
  // A cached read of t does not block dropping it, in or out of a transaction.
  auto rows = conn().query("SELECT a FROM t", {});
  ASSERT_TRUE(rows.ok());
  ASSERT_TRUE(conn().begin().ok());
  EXPECT_TRUE(conn().execute("DROP TABLE t").ok());
  EXPECT_TRUE(conn().commit().ok());
}

TEST_F(SqliteTest, AQueryThatFailedCanRunAgainOnceFixed) {
  sql("CREATE TABLE t (x INTEGER)");
  ASSERT_TRUE(conn().query("SELECT x FROM t", {}).ok());
  sql("DROP TABLE t");
  auto gone = conn().query("SELECT x FROM t", {});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kDatabase);
  EXPECT_EQ(gone.error().statement, "SELECT x FROM t");
  sql("CREATE TABLE t (x INTEGER)");
  sql("INSERT INTO t VALUES (7)");
  auto back = conn().query("SELECT x FROM t", {});
  ASSERT_TRUE(back.ok()) << back.error().describe();
  ASSERT_EQ(back->rows.size(), 1u);
  EXPECT_EQ(*back->rows[0][0], "7");
}

}  // namespace
}  // namespace retort::sqlite_test
