// The PostgreSQL Connection: parameters, errors, transactions, the lock.
#include <gtest/gtest.h>

#include "dialects/internal/url_secrets.hpp"
#include "dialects/postgresql/pg_dialect.hpp"
#include "dialects/registry.hpp"
#include "tests/dialects/postgresql/pg_test_util.hpp"

namespace retort::testing {
namespace {

TEST_F(PgTest, QueryBindsParametersAsText) {
  auto rows = conn().query("SELECT $1::text || '!', $2::int + 1, $3::text IS NULL",
                           {Cell{"it's"}, Cell{"41"}, std::nullopt});
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], Cell{"it's!"});
  EXPECT_EQ(rows->rows[0][1], Cell{"42"});
  EXPECT_EQ(rows->rows[0][2], Cell{"t"});
}

// A select's result is all in memory, so a reader can size its output once.
TEST_F(PgTest, RowsAheadCountsWhatTheResultHoldsAfterTheCurrentRow) {
  Result<PreparedStatement*> st = conn().prepare("SELECT generate_series(1, $1::int)");
  ASSERT_TRUE(st.ok()) << st.error().describe();
  (*st)->bind_int(0, 3);
  EXPECT_EQ((*st)->rows_ahead(), 0u);  // not executed yet
  std::vector<std::size_t> ahead;
  for (;;) {
    Result<bool> row = (*st)->step();
    ASSERT_TRUE(row.ok()) << row.error().describe();
    if (!*row) break;
    ahead.push_back((*st)->rows_ahead());
  }
  EXPECT_EQ(ahead, (std::vector<std::size_t>{2, 1, 0}));
  (*st)->reset();
}

TEST_F(PgTest, ErrorsCarrySqlstateMessageAndStatement) {
  Status s = conn().execute("SELECT * FROM no_such_table");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kDatabase);
  EXPECT_EQ(s.error().sqlstate, "42P01");
  EXPECT_NE(s.error().message.find("no_such_table"), std::string::npos) << s.error().message;
  EXPECT_EQ(s.error().statement, "SELECT * FROM no_such_table");
}

TEST_F(PgTest, DdlIsTransactional) {
  ASSERT_TRUE(conn().begin().ok());
  EXPECT_TRUE(conn().in_transaction());
  ASSERT_NO_FATAL_FAILURE(sql("CREATE TABLE t (id integer)"));
  ASSERT_TRUE(conn().rollback().ok());
  EXPECT_FALSE(conn().in_transaction());
  auto rows = conn().query("SELECT count(*) FROM pg_class WHERE relname = 't'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0], Cell{"0"});
}

TEST_F(PgTest, ExecuteOutsideATransactionRunsNonTransactionalStatements) {
  ASSERT_NO_FATAL_FAILURE(sql("CREATE TABLE t (id integer)"));
  ASSERT_NO_FATAL_FAILURE(sql("CREATE INDEX CONCURRENTLY ix_t_id ON t (id)"));
  auto rows = conn().query("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_t_id'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0], Cell{"1"});
}

TEST_F(PgTest, RoundTripsCountStatements) {
  const auto before = conn().round_trips();
  ASSERT_NO_FATAL_FAILURE(sql("SELECT 1"));
  ASSERT_TRUE(conn().query("SELECT 2").ok());
  EXPECT_EQ(conn().round_trips(), before + 2);
}

// In a transaction a batch is one round trip: a savepoint, the statements
// and its release in one simple query.
TEST_F(PgTest, ExecuteBatchInATransactionIsOneRoundTrip) {
  ASSERT_NO_FATAL_FAILURE(sql("CREATE TABLE t (id integer)"));
  ASSERT_TRUE(conn().begin().ok());
  const std::vector<std::string> batch = {"INSERT INTO t VALUES (1)",
                                          "INSERT INTO t VALUES (2) -- a trailing comment",
                                          "INSERT INTO t VALUES (3);"};
  const auto before = conn().round_trips();
  std::size_t failed = 99;
  Status s = conn().execute_batch(batch, &failed);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(conn().round_trips(), before + 1);
  ASSERT_TRUE(conn().commit().ok());
  auto rows = conn().query("SELECT count(*) FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0], Cell{"3"});
}

// The server does not say which statement of a batch failed: the batch is
// undone to its savepoint and replayed one by one, so the error names the
// right statement, whether it failed running or (failing the whole string
// before anything runs) parsing.
TEST_F(PgTest, ExecuteBatchNamesTheStatementThatFailed) {
  ASSERT_NO_FATAL_FAILURE(sql("CREATE TABLE t (id integer)"));
  struct Case {
    std::vector<std::string> batch;
    std::size_t failed;
    std::string sqlstate;
  };
  const std::vector<Case> cases = {
      {{"INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)",
        "INSERT INTO no_such_table VALUES (3)", "INSERT INTO t VALUES (4)"},
       2,
       "42P01"},
      {{"INSERT INTO t VALUES (1)", "THIS IS NOT SQL", "INSERT INTO t VALUES (3)"}, 1, "42601"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.batch.at(c.failed));
    ASSERT_TRUE(conn().begin().ok());
    std::size_t failed = 99;
    Status s = conn().execute_batch(c.batch, &failed);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(failed, c.failed);
    EXPECT_EQ(s.error().sqlstate, c.sqlstate);
    EXPECT_EQ(s.error().statement, c.batch.at(c.failed));
    ASSERT_TRUE(conn().rollback().ok());
  }
  auto rows = conn().query("SELECT count(*) FROM t");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0], Cell{"0"});
}

// Outside a transaction one multi-statement query would be one implicit
// transaction, which CREATE INDEX CONCURRENTLY refuses: one by one there.
TEST_F(PgTest, ExecuteBatchOutsideATransactionSendsStatementsOneByOne) {
  const std::vector<std::string> batch = {"CREATE TABLE t (id integer)",
                                          "CREATE INDEX CONCURRENTLY ix_t_id ON t (id)"};
  const auto before = conn().round_trips();
  std::size_t failed = 99;
  Status s = conn().execute_batch(batch, &failed);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(conn().round_trips(), before + 2);
}

TEST_F(PgTest, AdvisoryLockIsHeldUntilReleased) {
  auto other = dialect().connect(db_->url());
  ASSERT_TRUE(other.ok());
  const std::string key = std::to_string(postgresql::lock_key("retort_version"));
  auto try_lock = [&] {
    auto r = (*other)->query("SELECT pg_try_advisory_lock($1::bigint)", {key});
    EXPECT_TRUE(r.ok());
    const bool got = r.ok() && r->rows[0][0] == Cell{"t"};
    if (got) {
      EXPECT_TRUE((*other)->query("SELECT pg_advisory_unlock($1::bigint)", {key}).ok());
    }
    return got;
  };
  {
    auto lock = dialect().try_lock(conn(), "retort_version");
    ASSERT_TRUE(lock.ok()) << lock.error().describe();
    ASSERT_NE(lock->get(), nullptr);
    EXPECT_FALSE(try_lock());
  }
  EXPECT_TRUE(try_lock());
}

TEST(PgConnection, ErrorDoesNotEchoThePassword) {
  auto conn = postgresql_dialect().connect(
      "postgresql://someone:s3cretpw@/nodb?host=/nonexistent-socket-dir&connect_timeout=2");
  ASSERT_FALSE(conn.ok());
  const Error& e = conn.error();
  EXPECT_EQ(e.code, ErrorCode::kDatabase);
  EXPECT_EQ(e.describe().find("s3cretpw"), std::string::npos) << e.describe();
  EXPECT_EQ(e.hint.find("s3cretpw"), std::string::npos);
  EXPECT_NE(e.message.find("***"), std::string::npos) << e.message;
}

TEST(PgConnection, BadPasswordErrorShowsServerMessageWithoutPassword) {
  const char* server = std::getenv("RETORT_TEST_POSTGRES_URL");
  ASSERT_NE(server, nullptr) << "run tools/test.sh or set RETORT_TEST_POSTGRES_URL";
  // A role that does not exist: the server refuses, the URL's password stays hidden.
  std::string url(server);
  ASSERT_NE(url.find("postgres@"), std::string::npos) << "this test expects a postgres@ URL";
  url.replace(url.find("postgres@"), 9, "nosuchrole:hunter2pw@");
  auto conn = postgresql_dialect().connect(url);
  ASSERT_FALSE(conn.ok());
  EXPECT_NE(conn.error().message.find("nosuchrole"), std::string::npos) << conn.error().message;
  EXPECT_EQ(conn.error().describe().find("hunter2pw"), std::string::npos);
}

TEST(UrlSecrets, PasswordIsRedacted) {
  EXPECT_EQ(url_redacted("postgresql://u:p@h:5432/db"), "postgresql://u:***@h:5432/db");
  EXPECT_EQ(url_redacted("postgresql://u@h/db?password=p&x=1"),
            "postgresql://u@h/db?password=***&x=1");
  EXPECT_EQ(url_redacted("postgresql://u@/db?host=/tmp/s"), "postgresql://u@/db?host=/tmp/s");
  // A password with '@' in it is hidden whole, by every caller.
  EXPECT_EQ(url_redacted("postgresql://bob:pa@ss@h/db"), "postgresql://bob:***@h/db");
  EXPECT_EQ(redact_url("mysql://bob:pa@ss@h/db"), "mysql://bob:***@h/db");
}

}  // namespace
}  // namespace retort::testing
