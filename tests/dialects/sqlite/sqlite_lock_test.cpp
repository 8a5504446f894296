// The SQLite dialect's migration lock and lock waits
// (dialects/sqlite/sqlite_dialect.cpp): try_lock's flock on
// "<database>-retort.lock" and the holder line in it, the busy timeout
// timeout_sql() sets, and SQLITE_BUSY as a lock timeout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <string>

#include "dialects/sqlite/sqlite_connection.hpp"
#include "tests/dialects/sqlite/sqlite_fixture.hpp"

namespace retort::sqlite_test {
namespace {

std::string this_host() {
  char host[256] = {};
  EXPECT_EQ(::gethostname(host, sizeof host - 1), 0);
  return host;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Error error_with_sqlstate(std::string sqlstate) {
  Error e = Error::database("x");
  e.sqlstate = std::move(sqlstate);
  return e;
}

class SqliteLockTest : public SqliteTest {
 protected:
  void SetUp() override {
    SqliteTest::SetUp();
    auto other = connect(db_.url());
    ASSERT_TRUE(other.ok()) << other.error().describe();
    other_ = std::move(*other);
    auto file = conn().query("SELECT file FROM pragma_database_list WHERE name = 'main'");
    ASSERT_TRUE(file.ok() && file->rows.size() == 1 && file->rows[0][0]);
    lock_file_ = *file->rows[0][0] + "-retort.lock";
  }

  // Runs every statement of `statements` on `c`, failing the test on error.
  static void run_all(Connection& c, const std::vector<std::string>& statements) {
    for (const std::string& s : statements) {
      Status st = c.execute(s);
      ASSERT_TRUE(st.ok()) << st.error().describe();
    }
  }

  std::string busy_timeout() { return scalar("PRAGMA busy_timeout"); }

  std::unique_ptr<Connection> other_;
  std::string lock_file_;
};

TEST_F(SqliteLockTest, TryLockIsNullWhileAnotherConnectionHoldsItAndTakenOnceReleased) {
  {
    auto held = dialect().try_lock(*other_, "retort_version");
    ASSERT_TRUE(held.ok()) << held.error().describe();
    ASSERT_NE(held->get(), nullptr);

    auto mine = dialect().try_lock(conn(), "retort_version");
    ASSERT_TRUE(mine.ok()) << mine.error().describe();
    EXPECT_EQ(mine->get(), nullptr) << "two holders of the migration lock";
  }
  auto mine = dialect().try_lock(conn(), "retort_version");
  ASSERT_TRUE(mine.ok()) << mine.error().describe();
  EXPECT_NE(mine->get(), nullptr) << "the released lock cannot be taken";
}

TEST_F(SqliteLockTest, LockHolderNamesTheHoldersPidHostAndStartWhileItHoldsTheLock) {
  EXPECT_EQ(dialect().lock_holder(conn(), "retort_version"), "");
  {
    auto held = dialect().try_lock(*other_, "retort_version");
    ASSERT_TRUE(held.ok() && held->get() != nullptr);
    const std::string holder = dialect().lock_holder(conn(), "retort_version");
    const std::string prefix = "pid " + std::to_string(::getpid()) + " on host " + this_host();
    EXPECT_EQ(holder.substr(0, prefix.size()), prefix) << holder;
    EXPECT_TRUE(std::regex_match(holder.substr(std::min(prefix.size(), holder.size())),
                                 std::regex(R"( since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
        << holder;
    EXPECT_EQ(read_file(lock_file_), holder + "\n");
  }
  EXPECT_EQ(dialect().lock_holder(conn(), "retort_version"), "");
  EXPECT_EQ(read_file(lock_file_), "") << "the released lock file still names its holder";
}

// A holder killed before it could empty the file leaves its line behind;
// only a held flock makes the line count.
TEST_F(SqliteLockTest, LockHolderIgnoresALineNobodyHolds) {
  std::ofstream(lock_file_) << "pid 1 on host gone since 2026-01-01T00:00:00Z\n";
  EXPECT_EQ(dialect().lock_holder(conn(), "retort_version"), "");
  auto mine = dialect().try_lock(conn(), "retort_version");
  ASSERT_TRUE(mine.ok());
  EXPECT_NE(mine->get(), nullptr);
}

TEST(SqliteLock, InMemoryDatabaseNeedsNoLockFile) {
  auto a = connect("sqlite://");
  ASSERT_TRUE(a.ok()) << a.error().describe();
  auto first = sqlite_dialect().try_lock(**a, "retort_version");
  auto second = sqlite_dialect().try_lock(**a, "retort_version");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->get(), nullptr);
  EXPECT_NE(second->get(), nullptr);
  EXPECT_EQ(sqlite_dialect().lock_holder(**a, "retort_version"), "");
}

TEST_F(SqliteLockTest, TimeoutSqlSetsTheBusyTimeoutAndResetRestoresTheDefault) {
  LockPolicy policy;
  policy.lock_timeout = std::chrono::milliseconds(1234);
  policy.statement_timeout = std::chrono::milliseconds(99);  // no SQLite counterpart
  // Connection-wide only: nothing to scope to a transaction.
  EXPECT_TRUE(dialect().timeout_sql(policy, true).empty());
  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, false)));
  EXPECT_EQ(busy_timeout(), "1234");

  policy.lock_timeout = std::chrono::milliseconds(0);  // no limit
  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, false)));
  EXPECT_EQ(busy_timeout(), "2147483647");

  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().reset_timeout_sql()));
  EXPECT_EQ(busy_timeout(), std::to_string(sqlite::kBusyTimeoutMs));
}

// The connection's own busy timeout is 30 s; timeout_sql() must make the
// wait end long before that, as a lock timeout that says who is at fault.
TEST_F(SqliteLockTest, AWriterGivesUpAfterTheLockTimeoutWithALockTimeoutError) {
  sql("CREATE TABLE t (x INTEGER)");
  ASSERT_TRUE(other_->begin().ok());  // BEGIN IMMEDIATE: the write lock
  LockPolicy policy;
  policy.lock_timeout = std::chrono::milliseconds(100);
  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, false)));

  const auto start = std::chrono::steady_clock::now();
  Status blocked = conn().begin();
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(blocked.ok());
  const Error& e = blocked.error();
  EXPECT_TRUE(dialect().is_lock_timeout(e)) << e.sqlstate;
  EXPECT_EQ(e.message, "database is locked by another process");
  EXPECT_EQ(e.sqlstate_label, "SQLite error 5");
  EXPECT_NE(e.hint.find("write lock"), std::string::npos) << e.hint;
  EXPECT_LT(waited, std::chrono::seconds(20)) << "the busy timeout was not shortened";
  EXPECT_FALSE(conn().in_transaction());
  // SQLite cannot say who holds its write lock.
  EXPECT_EQ(dialect().lock_blockers(conn(), {"t"}), "");

  ASSERT_TRUE(other_->rollback().ok());
  EXPECT_TRUE(conn().begin().ok());
  EXPECT_TRUE(conn().rollback().ok());
}

// Prepared statements (the model runtime) report the same message.
TEST_F(SqliteLockTest, APreparedWriteMeetingTheWriteLockSaysAnotherProcessHoldsIt) {
  sql("CREATE TABLE t (x INTEGER)");
  sql("PRAGMA busy_timeout = 0");
  ASSERT_TRUE(other_->begin().ok());
  ASSERT_TRUE(other_->execute("INSERT INTO t VALUES (1)").ok());
  Result<PreparedStatement*> st = conn().prepare("INSERT INTO t VALUES (?)");
  ASSERT_TRUE(st.ok()) << st.error().describe();
  (*st)->bind_int(0, 2);
  Result<bool> row = (*st)->step();
  ASSERT_FALSE(row.ok());
  EXPECT_EQ(row.error().message, "database is locked by another process");
  EXPECT_TRUE(dialect().is_lock_timeout(row.error()));
  (*st)->reset();
  ASSERT_TRUE(other_->rollback().ok());
}

TEST(SqliteLock, IsLockTimeoutIsSqliteBusyWithAnyExtendedCode) {
  const Dialect& d = sqlite_dialect();
  EXPECT_TRUE(d.is_lock_timeout(error_with_sqlstate("5")));     // SQLITE_BUSY
  EXPECT_TRUE(d.is_lock_timeout(error_with_sqlstate("261")));   // SQLITE_BUSY_RECOVERY
  EXPECT_TRUE(d.is_lock_timeout(error_with_sqlstate("517")));   // SQLITE_BUSY_SNAPSHOT
  EXPECT_TRUE(d.is_lock_timeout(error_with_sqlstate("773")));   // SQLITE_BUSY_TIMEOUT
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("6")));    // SQLITE_LOCKED
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("262")));  // SQLITE_LOCKED_SHAREDCACHE
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("19")));   // SQLITE_CONSTRAINT
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("")));
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("55P03")));
  EXPECT_FALSE(d.is_lock_timeout(Error::bad_input("5")));
}

}  // namespace
}  // namespace retort::sqlite_test
