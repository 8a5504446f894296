// The runner never commits part of a revision without its version update,
// says what stayed applied when a non-transactional revision fails, and
// writes offline scripts the database shell accepts as they are.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <thread>

#include "dialects/registry.hpp"
#include "migrations/history_table.hpp"
#include "migrations/internal/runner.hpp"
#include "tests/migrations/history_fixture.hpp"
#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

using retort::testing::kRev3;

constexpr const char* kRev4 = "d4e5f6a7b8c9";
constexpr const char* kRev5 = "e5f6a7b8c9d0";

class RunnerSafetyTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(db_.url().empty());
    conn_ = open();
    ASSERT_NE(conn_, nullptr);
    dialect_ = &conn_->dialect();
    version_table_ = std::make_unique<VersionTable>(*dialect_, "retort_version");
    history_table_ = std::make_unique<HistoryTable>(*dialect_, "retort_history");
  }

  std::unique_ptr<Connection> open() {
    Result<std::unique_ptr<Connection>> c = connect(db_.url());
    EXPECT_TRUE(c.ok()) << (c ? "" : c.error().describe());
    return c ? std::move(*c) : nullptr;
  }

  // The sample history plus `extra` on top.
  RevisionGraph graph_with(std::vector<Revision> extra) {
    std::vector<Revision> revs = retort::testing::sample_history();
    for (Revision& r : extra) revs.push_back(std::move(r));
    return retort::testing::build_graph(std::move(revs));
  }

  std::string current() { return retort::testing::current_revision(*version_table_, *conn_); }

  std::vector<std::string> audit() { return retort::testing::audit_rows(*conn_); }

  bool postgres() const { return std::string(dialect_->name()) == "postgresql"; }

  retort::testing::TestDatabase db_{GetParam()};
  std::unique_ptr<Connection> conn_;
  const Dialect* dialect_ = nullptr;
  std::unique_ptr<VersionTable> version_table_;
  std::unique_ptr<HistoryTable> history_table_;
};

TEST_P(RunnerSafetyTest, FailedNonTransactionalRevisionSaysWhatStayedApplied) {
  Revision rev = retort::testing::make_revision(
      kRev4, kRev3, "no transaction",
      {Execute{"INSERT INTO audit (rev) VALUES ('partial')", ""}, Execute{"THIS IS NOT SQL", ""}},
      /*audited=*/false);
  rev.transactional = false;
  RevisionGraph graph = graph_with({rev});
  Runner runner(*dialect_, graph, *version_table_, *history_table_);
  std::ostringstream out;
  ASSERT_TRUE(runner.upgrade(*conn_, kRev3, out).ok());

  Status s = runner.upgrade(*conn_, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kDatabase);
  EXPECT_NE(s.error().message.find("op 2"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().hint.find("op 1 stayed applied"), std::string::npos) << s.error().hint;
  EXPECT_NE(s.error().hint.find("version table was not updated"), std::string::npos)
      << s.error().hint;
  // It must not claim a rollback that did not happen.
  EXPECT_NE(s.error().hint.find("nothing was rolled back"), std::string::npos) << s.error().hint;
  EXPECT_EQ(s.error().hint.find("revision was rolled back"), std::string::npos) << s.error().hint;
  EXPECT_EQ(current(), kRev3);
  const std::vector<std::string> rows = audit();
  EXPECT_NE(std::find(rows.begin(), rows.end(), "partial"), rows.end());
}

TEST_P(RunnerSafetyTest, ConcurrentNonTransactionalRevisionsRunOnce) {
  std::vector<Revision> extra;
  for (const auto& [id, down] : {std::pair{kRev4, kRev3}, std::pair{kRev5, kRev4}}) {
    Revision rev = retort::testing::make_revision(id, down, "no transaction", {});
    rev.transactional = false;
    extra.push_back(rev);
  }
  RevisionGraph graph = graph_with(extra);
  std::ostringstream first;
  ASSERT_TRUE(Runner(*dialect_, graph, *version_table_, *history_table_)
                  .upgrade(*conn_, kRev3, first)
                  .ok());

  constexpr std::size_t kWorkers = 3;
  std::vector<std::unique_ptr<Connection>> conns;
  for (std::size_t i = 0; i < kWorkers; ++i) conns.push_back(open());
  std::vector<Status> results(kWorkers);
  std::vector<std::ostringstream> outs(kWorkers);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kWorkers; ++i) {
    threads.emplace_back([&, i] {
      results[i] = Runner(*dialect_, graph, *version_table_, *history_table_)
                       .upgrade(*conns[i], "head", outs[i]);
    });
  }
  for (std::thread& t : threads) t.join();
  std::size_t ok = 0;
  for (const Status& s : results) ok += s.ok() ? 1 : 0;
  EXPECT_GE(ok, 1u);
  EXPECT_EQ(current(), kRev5);
  const std::vector<std::string> rows = audit();
  EXPECT_EQ(std::count(rows.begin(), rows.end(), kRev4), 1);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), kRev5), 1);
}

TEST_P(RunnerSafetyTest, OfflineScriptHasNoEmptyStatementsAndStartsWithThePrologue) {
  RevisionGraph graph = graph_with({});
  std::ostringstream script;
  Status s = Runner(*dialect_, graph, *version_table_, *history_table_)
                 .upgrade_sql("base", "head", script);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  const std::string text = script.str();
  EXPECT_EQ(text.find(";;"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n;"), std::string::npos) << text;
  if (!postgres()) {
    EXPECT_EQ(dialect_->script_prologue(), "PRAGMA foreign_keys=OFF;");
    EXPECT_EQ(text.rfind("PRAGMA foreign_keys=OFF;\n", 0), 0u) << text;
  }
  std::ostringstream down;
  ASSERT_TRUE(Runner(*dialect_, graph, *version_table_, *history_table_)
                  .downgrade_sql("head", "base", down)
                  .ok());
  EXPECT_EQ(down.str().find(";;"), std::string::npos) << down.str();
}

INSTANTIATE_TEST_SUITE_P(Dialects, RunnerSafetyTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

// SQLite checks foreign keys itself (PRAGMA foreign_key_check) before a
// revision commits. With one transaction for the run only the end state is
// ever committed, so it checks once, before that commit: a dangling row one
// revision leaves and a later one removes fails a revision-by-revision run
// but not a one-transaction run.
TEST(RunnerSqliteForeignKeys, OneTransactionChecksForeignKeysOnceBeforeItsCommit) {
  retort::testing::TestDatabase db("sqlite");
  Result<std::unique_ptr<Connection>> conn = connect(db.url());
  ASSERT_TRUE(conn.ok()) << conn.error().describe();
  VersionTable vt((*conn)->dialect(), "retort_version");
  HistoryTable history((*conn)->dialect(), "retort_history");
  std::vector<Revision> revs = retort::testing::sample_history();
  revs.push_back(retort::testing::make_revision(
      kRev4, kRev3, "dangling hero",
      {Execute{"INSERT INTO hero (id, name, team_id) VALUES (1, 'x', 999)", ""}},
      /*audited=*/false));
  revs.push_back(retort::testing::make_revision(
      kRev5, kRev4, "removes it", {Execute{"DELETE FROM hero WHERE team_id = 999", ""}},
      /*audited=*/false));
  RevisionGraph graph = retort::testing::build_graph(std::move(revs));
  std::ostringstream out;

  Runner per_revision((*conn)->dialect(), graph, vt, history);
  ASSERT_TRUE(per_revision.upgrade(**conn, kRev3, out).ok());
  Status s = per_revision.upgrade(**conn, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("foreign key violation"), std::string::npos)
      << s.error().describe();
  EXPECT_EQ(retort::testing::current_revision(vt, **conn), kRev3);

  Runner whole((*conn)->dialect(), graph, vt, history);
  whole.set_transaction_per_revision(false);
  s = whole.upgrade(**conn, "head", out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(retort::testing::current_revision(vt, **conn), kRev5);

  // A violation still there at the end rolls the whole run back.
  ASSERT_TRUE(whole.downgrade(**conn, kRev3, out).ok());
  ASSERT_TRUE((*conn)->execute("INSERT INTO hero (id, name, team_id) VALUES (2, 'y', 998)").ok());
  s = whole.upgrade(**conn, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("foreign key violation"), std::string::npos)
      << s.error().describe();
  EXPECT_EQ(retort::testing::current_revision(vt, **conn), kRev3);
}

TEST(TransactionTest, AFailedCommitIsRolledBackByTheDestructor) {
  retort::testing::TestDatabase db("sqlite");
  Result<std::unique_ptr<Connection>> conn = connect(db.url());
  ASSERT_TRUE(conn.ok()) << conn.error().describe();
  Connection& c = **conn;
  // A deferred foreign key is checked at COMMIT, so the COMMIT fails and
  // SQLite leaves the transaction open.
  ASSERT_TRUE(c.execute("PRAGMA foreign_keys=ON").ok());
  ASSERT_TRUE(c.execute("CREATE TABLE parent (id integer PRIMARY KEY)").ok());
  ASSERT_TRUE(c.execute("CREATE TABLE child (id integer, parent_id integer REFERENCES parent "
                        "(id) DEFERRABLE INITIALLY DEFERRED)")
                  .ok());
  {
    Transaction tx(c);
    ASSERT_TRUE(tx.begin().ok());
    ASSERT_TRUE(c.execute("INSERT INTO child (id, parent_id) VALUES (1, 42)").ok());
    EXPECT_FALSE(tx.commit().ok());
  }
  EXPECT_FALSE(c.in_transaction());
  Result<Rows> rows = c.query("SELECT id FROM child");
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  EXPECT_TRUE(rows->rows.empty());
  Transaction again(c);
  ASSERT_TRUE(again.begin().ok());
  ASSERT_TRUE(c.execute("INSERT INTO parent (id) VALUES (1)").ok());
  EXPECT_TRUE(again.commit().ok());
}

}  // namespace
}  // namespace retort::migrations
