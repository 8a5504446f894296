// The PostgreSQL dialect's migration lock and lock waits
// (dialects/postgresql/pg_dialect.cpp): try_lock's advisory lock,
// lock_holder and lock_blockers read from pg_locks, the timeouts
// timeout_sql() sets, 55P03 as a lock timeout, and the application_name
// retort's connections carry (pg_connection.cpp).
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "dialects/internal/url_secrets.hpp"
#include "tests/dialects/postgresql/pg_test_util.hpp"

namespace retort::testing {
namespace {

constexpr std::string_view kKey = "retort_version";

Error error_with_sqlstate(std::string sqlstate) {
  Error e = Error::database("x");
  e.sqlstate = std::move(sqlstate);
  return e;
}

// 'value' for a libpq key=value string.
std::string kv_quote(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

class PgLockTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    other_ = open(db_->url());
  }
  void TearDown() override {
    other_.reset();
    PgTest::TearDown();
  }

  std::unique_ptr<Connection> open(const std::string& url) {
    auto c = dialect().connect(url);
    EXPECT_TRUE(c.ok()) << c.error().describe();
    return c.ok() ? std::move(*c) : nullptr;
  }

  static std::string value(Connection& c, const std::string& query) {
    Result<Rows> r = c.query(query);
    EXPECT_TRUE(r.ok()) << r.error().describe() << "\n" << query;
    if (!r.ok() || r->rows.empty() || r->rows[0].empty() || !r->rows[0][0]) return "NULL";
    return *r->rows[0][0];
  }
  static std::string pid_of(Connection& c) { return value(c, "SELECT pg_backend_pid()"); }
  static std::string application_of(Connection& c) {
    return value(c, "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()");
  }
  static void run(Connection& c, const std::string& sql) {
    Status s = c.execute(sql);
    ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << sql;
  }
  static void run_all(Connection& c, const std::vector<std::string>& statements) {
    for (const std::string& s : statements) ASSERT_NO_FATAL_FAILURE(run(c, s));
  }

  std::unique_ptr<Connection> other_;
};

TEST_F(PgLockTest, TryLockIsNullWhileAnotherSessionHoldsItAndTakenOnceReleased) {
  ASSERT_NE(other_, nullptr);
  {
    auto held = dialect().try_lock(*other_, kKey);
    ASSERT_TRUE(held.ok()) << held.error().describe();
    ASSERT_NE(held->get(), nullptr);

    auto mine = dialect().try_lock(conn(), kKey);
    ASSERT_TRUE(mine.ok()) << mine.error().describe();
    EXPECT_EQ(mine->get(), nullptr) << "two holders of the migration lock";
    // Trying never queues a waiter on the server.
    EXPECT_EQ(value(conn(), "SELECT count(*) FROM pg_locks WHERE NOT granted"), "0");
  }
  auto mine = dialect().try_lock(conn(), kKey);
  ASSERT_TRUE(mine.ok()) << mine.error().describe();
  EXPECT_NE(mine->get(), nullptr) << "the released lock cannot be taken";
}

TEST_F(PgLockTest, LockHolderNamesTheHoldingSession) {
  ASSERT_NE(other_, nullptr);
  EXPECT_EQ(dialect().lock_holder(conn(), kKey), "");
  {
    auto held = dialect().try_lock(*other_, kKey);
    ASSERT_TRUE(held.ok() && held->get() != nullptr);
    const std::string holder = dialect().lock_holder(conn(), kKey);
    EXPECT_TRUE(std::regex_match(
        holder, std::regex("pid " + pid_of(*other_) +
                           R"( \(application retort, client (local|[0-9a-f.:]+), connected at )"
                           R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00\))")))
        << holder;
    // The holder's own session is not "another" holder, and other keys are
    // other locks.
    EXPECT_EQ(dialect().lock_holder(*other_, kKey), "");
    EXPECT_EQ(dialect().lock_holder(conn(), "another_version_table"), "");
  }
  EXPECT_EQ(dialect().lock_holder(conn(), kKey), "");
}

TEST_F(PgLockTest, TimeoutSqlSetsTheTimeoutsForTheTransactionOrTheSession) {
  LockPolicy policy;
  policy.lock_timeout = std::chrono::milliseconds(1500);
  policy.statement_timeout = std::chrono::minutes(2);
  auto show = [&](const char* name) { return value(conn(), std::string("SHOW ") + name); };

  ASSERT_TRUE(conn().begin().ok());
  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, true)));
  EXPECT_EQ(show("lock_timeout"), "1500ms");
  EXPECT_EQ(show("statement_timeout"), "2min");
  // A property of the connection: set for the session only, not per revision.
  EXPECT_EQ(show("client_connection_check_interval"), "0");
  ASSERT_TRUE(conn().rollback().ok());
  EXPECT_EQ(show("lock_timeout"), "0") << "SET LOCAL outlived its transaction";
  EXPECT_EQ(show("client_connection_check_interval"), "0");

  policy.statement_timeout = std::chrono::milliseconds(0);  // no limit
  ASSERT_NO_FATAL_FAILURE(run(conn(), "SET statement_timeout = '9s'"));
  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, false)));
  EXPECT_EQ(show("lock_timeout"), "1500ms");
  EXPECT_EQ(show("statement_timeout"), "0");
  EXPECT_EQ(show("client_connection_check_interval"), "1s");

  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().reset_timeout_sql()));
  EXPECT_EQ(show("lock_timeout"), "0");
  EXPECT_EQ(show("statement_timeout"), "0");
  EXPECT_EQ(show("client_connection_check_interval"), "0");

  // No statement_timeout asked for: a DBA's own (here the session's) stays.
  policy.statement_timeout.reset();
  ASSERT_NO_FATAL_FAILURE(run(conn(), "SET statement_timeout = '9s'"));
  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, false)));
  EXPECT_EQ(show("lock_timeout"), "1500ms");
  EXPECT_EQ(show("statement_timeout"), "9s");
}

// client_connection_check_interval is PGC_USERSET: a migration role with no
// special rights gets every setting, none silently skipped.
TEST_F(PgLockTest, TimeoutSqlNeedsNoSuperuser) {
  const std::string role = "retort_plain_" + pid_of(conn());
  ASSERT_NO_FATAL_FAILURE(run(conn(), "CREATE ROLE " + role));
  ASSERT_TRUE(conn().begin().ok());
  ASSERT_NO_FATAL_FAILURE(run(conn(), "SET LOCAL ROLE " + role));
  EXPECT_EQ(value(conn(), "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"), "f");
  LockPolicy policy;
  // The session form (a SET inside the transaction: the rollback undoes it).
  EXPECT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, false)));
  EXPECT_EQ(value(conn(), "SHOW client_connection_check_interval"), "1s");
  EXPECT_EQ(value(conn(), "SHOW lock_timeout"), "5s");
  ASSERT_TRUE(conn().rollback().ok());
  ASSERT_NO_FATAL_FAILURE(run(conn(), "DROP ROLE " + role));
}

// Another session holds ACCESS EXCLUSIVE on t in an open transaction; with
// no lock_timeout the ALTER would wait for ever. A session statement_timeout
// bounds the wait should timeout_sql() set nothing: that fails as 57014.
TEST_F(PgLockTest, AStatementGivesUpAfterTheLockTimeoutWithALockTimeoutError) {
  ASSERT_NE(other_, nullptr);
  sql("CREATE TABLE t (id integer)");
  ASSERT_TRUE(other_->begin().ok());
  ASSERT_NO_FATAL_FAILURE(run(*other_, "LOCK TABLE t IN ACCESS EXCLUSIVE MODE"));

  sql("SET statement_timeout = '60s'");
  LockPolicy policy;
  policy.lock_timeout = std::chrono::milliseconds(200);
  policy.statement_timeout = std::chrono::seconds(60);
  ASSERT_TRUE(conn().begin().ok());
  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, true)));
  Status s = conn().execute("ALTER TABLE t ADD COLUMN x integer");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().sqlstate, "55P03") << s.error().describe();
  EXPECT_TRUE(dialect().is_lock_timeout(s.error()));
  ASSERT_TRUE(conn().rollback().ok());

  ASSERT_TRUE(other_->commit().ok());
  sql("ALTER TABLE t ADD COLUMN x integer");
}

// statement_timeout cancels with 57014: the statement ran too long, and
// retrying it as it is would not help.
TEST_F(PgLockTest, AStatementTimeoutIsNotALockTimeout) {
  LockPolicy policy;
  policy.statement_timeout = std::chrono::milliseconds(100);
  ASSERT_TRUE(conn().begin().ok());
  ASSERT_NO_FATAL_FAILURE(run_all(conn(), dialect().timeout_sql(policy, true)));
  Status s = conn().execute("SELECT pg_sleep(30)");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().sqlstate, "57014") << s.error().describe();
  EXPECT_FALSE(dialect().is_lock_timeout(s.error()));
  ASSERT_TRUE(conn().rollback().ok());
}

TEST(PgLock, IsLockTimeoutIsSqlstate55P03) {
  const Dialect& d = postgresql_dialect();
  EXPECT_TRUE(d.is_lock_timeout(error_with_sqlstate("55P03")));
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("57014")));  // statement_timeout
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("40P01")));  // deadlock
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("5")));
  EXPECT_FALSE(d.is_lock_timeout(error_with_sqlstate("")));
}

TEST_F(PgLockTest, LockBlockersNameTheSessionsHoldingLocksOnTheTables) {
  ASSERT_NE(other_, nullptr);
  sql("CREATE SCHEMA app");
  sql("CREATE TABLE hero (id integer)");
  sql("CREATE TABLE app.\"Villain\" (id integer)");
  sql("CREATE TABLE bystander (id integer)");
  EXPECT_EQ(dialect().lock_blockers(conn(), {"hero"}), "");

  ASSERT_TRUE(other_->begin().ok());
  ASSERT_NO_FATAL_FAILURE(run(*other_, "SELECT * FROM hero"));
  ASSERT_NO_FATAL_FAILURE(run(*other_, "LOCK TABLE app.\"Villain\" IN ROW EXCLUSIVE MODE"));
  // This session's own locks are never blockers.
  ASSERT_TRUE(conn().begin().ok());
  ASSERT_NO_FATAL_FAILURE(run(conn(), "LOCK TABLE hero IN SHARE MODE"));

  const std::string session =
      "pid " + pid_of(*other_) +
      R"( \(application retort, client (local|[0-9a-f.:]+), idle in transaction since )"
      R"(\d\d:\d\d:\d\d\+00\) holds )";
  const std::string hero = dialect().lock_blockers(conn(), {"hero"});
  EXPECT_TRUE(std::regex_match(hero, std::regex(session + "AccessShareLock on hero"))) << hero;
  const std::string villain = dialect().lock_blockers(conn(), {"app.Villain"});
  EXPECT_TRUE(
      std::regex_match(villain, std::regex(session + R"(RowExclusiveLock on app\."Villain")")))
      << villain;
  const std::string both = dialect().lock_blockers(conn(), {"hero", "app.Villain", "no_such"});
  EXPECT_TRUE(std::regex_match(
      both, std::regex(session + R"(RowExclusiveLock on app\."Villain", AccessShareLock on hero)")))
      << both;
  EXPECT_EQ(dialect().lock_blockers(conn(), {"bystander"}), "");
  // Without names: every relation of this database, catalogs left out.
  const std::string all = dialect().lock_blockers(conn(), {});
  EXPECT_EQ(all, both);

  ASSERT_TRUE(conn().rollback().ok());
  ASSERT_TRUE(other_->commit().ok());
  EXPECT_EQ(dialect().lock_blockers(conn(), {"hero"}), "");
  EXPECT_EQ(dialect().lock_blockers(conn(), {}), "");
}

TEST_F(PgLockTest, ConnectionsAreNamedRetortUnlessTheUrlNamesThemselves) {
  EXPECT_EQ(application_of(conn()), "retort");

  const std::string url = db_->url();
  const char sep = url.find('?') == std::string::npos ? '?' : '&';
  auto named = open(url + sep + "application_name=payroll");
  ASSERT_NE(named, nullptr);
  EXPECT_EQ(application_of(*named), "payroll");
  auto fallback = open(url + sep + "fallback_application_name=nightly");
  ASSERT_NE(fallback, nullptr);
  EXPECT_EQ(application_of(*fallback), "nightly");

  // The same database as a key=value string.
  const std::string host = value(conn(),
                                 "SELECT coalesce(host(inet_server_addr()), "
                                 "split_part(current_setting('unix_socket_directories'), ',', 1))");
  std::string kv = "host=" + kv_quote(host) + " port=" + value(conn(), "SHOW port") +
                   " dbname=" + kv_quote(value(conn(), "SELECT current_database()")) +
                   " user=" + kv_quote(value(conn(), "SELECT current_user"));
  if (const std::string pw = url_password(url); !pw.empty()) kv += " password=" + kv_quote(pw);
  auto plain = open(kv);
  ASSERT_NE(plain, nullptr);
  EXPECT_EQ(application_of(*plain), "retort");
  auto kv_named = open(kv + " application_name=payroll");
  ASSERT_NE(kv_named, nullptr);
  EXPECT_EQ(application_of(*kv_named), "payroll");
}

}  // namespace
}  // namespace retort::testing
