// SessionPool (core/model/session_pool.hpp) and the statement log hook
// (core/model/statement_log.hpp): threads checking out at once, every
// session returned and none handed out twice, the checkout timeout, the
// rollback on return, a lost connection replaced, and the hook's view of
// the statements (SQL and parameter count, never the values).
#include "core/model/session_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <sstream>
#include <thread>

#include "dialects/registry.hpp"
#include "tests/core/model/session_fixture.hpp"

namespace retort::session_test {
namespace {

using std::chrono::milliseconds;

class SessionPoolTest : public SessionTest {
 protected:
  SessionPool::Connect connect() const {
    return [url = db_->url()] { return retort::connect(url); };
  }
};

TEST_P(SessionPoolTest, ThreadsShareTheSessionsAndReturnEveryOne) {
  constexpr std::size_t kSessions = 3;
  constexpr int kThreads = 6;
  constexpr int kRounds = 15;
  SessionPool pool({.size = kSessions}, connect());
  std::mutex mutex;
  std::set<const Session*> in_use, seen;
  std::size_t most_out = 0;
  std::atomic<int> double_checkouts{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        PooledSession s = pool.checkout();
        {
          const std::lock_guard<std::mutex> lock(mutex);
          if (!in_use.insert(&*s).second) ++double_checkouts;
          seen.insert(&*s);
          most_out = std::max(most_out, in_use.size());
        }
        Team team{.name = "t" + std::to_string(t) + "-" + std::to_string(r)};
        s->add(team);
        EXPECT_EQ(s->get<Team>(*team.id), team);
        {
          const std::lock_guard<std::mutex> lock(mutex);
          in_use.erase(&*s);
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(double_checkouts.load(), 0);
  EXPECT_LE(most_out, kSessions);
  EXPECT_LE(seen.size(), kSessions);
  EXPECT_EQ(pool.available(), kSessions);
  EXPECT_EQ(pool.replaced(), 0u);
  EXPECT_EQ(rows_in("team"), kThreads * kRounds);
}

TEST_P(SessionPoolTest, CheckoutWaitsThenTimesOut) {
  SessionPool pool({.size = 1, .checkout_timeout = milliseconds(50)}, connect());
  std::optional<PooledSession> held = pool.checkout();
  EXPECT_EQ(pool.available(), 0u);
  EXPECT_THROW((void)pool.checkout(), PoolTimeoutError);
  EXPECT_FALSE(pool.try_checkout(milliseconds(10)).has_value());

  // A waiting checkout gets the session as soon as it is returned.
  std::thread returner([&] {
    std::this_thread::sleep_for(milliseconds(20));
    held.reset();
  });
  std::optional<PooledSession> next = pool.try_checkout(milliseconds(5000));
  returner.join();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ((*next)->select<Team>().count(), 0);
  next.reset();
  EXPECT_EQ(pool.available(), 1u);
  try {
    (void)pool.checkout();  // returned at once: the pool is free again
  } catch (const PoolTimeoutError& e) {
    ADD_FAILURE() << e.what();
  }
}

TEST_P(SessionPoolTest, AnOpenTransactionIsRolledBackOnReturn) {
  SessionPool pool({.size = 1}, connect());
  {
    PooledSession s = pool.checkout();
    ASSERT_TRUE(s->connection().begin().ok());
    Team team{.name = "Uncommitted"};
    s->add(team);
    EXPECT_TRUE(s->connection().in_transaction());
  }  // returned with the transaction open
  PooledSession s = pool.checkout();
  EXPECT_FALSE(s->connection().in_transaction());
  EXPECT_EQ(s->select<Team>().count(), 0);
  EXPECT_EQ(pool.replaced(), 0u);
  // release() returns it early; the handle is then empty.
  s.release();
  EXPECT_FALSE(s);
  EXPECT_EQ(pool.available(), 1u);
}

TEST_P(SessionPoolTest, ALostConnectionIsReplacedAndAnErrorIsNot) {
  SessionPool pool({.size = 1}, connect());
  {
    PooledSession s = pool.checkout();
    Team a{.name = "Same"}, b{.name = "Same"};
    s->add(a);
    EXPECT_THROW(s->add(b), DatabaseError);
    EXPECT_FALSE(s->connection_lost());  // a refused statement is not a lost connection
  }
  EXPECT_EQ(pool.replaced(), 0u);
  if (!is_postgresql()) return;  // a SQLite file connection cannot be lost this way

  const Session* lost = nullptr;
  {
    PooledSession s = pool.checkout();
    lost = &*s;
    Result<Rows> pid = s->connection().query("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid.ok()) << pid.error().describe();
    Result<Rows> killed =
        session_->connection().query("SELECT pg_terminate_backend($1::int)", {pid->rows[0][0]});
    ASSERT_TRUE(killed.ok()) << killed.error().describe();
    EXPECT_THROW((void)s->select<Team>().all(), DatabaseError);
    EXPECT_TRUE(s->connection_lost());
  }
  EXPECT_EQ(pool.replaced(), 1u);
  PooledSession s = pool.checkout();
  EXPECT_NE(&*s, lost);
  EXPECT_FALSE(s->connection_lost());
  EXPECT_EQ(s->select<Team>().count(), 1);
}

TEST_P(SessionPoolTest, TheHookSeesEachStatementAndItsParameterCountNotTheValues) {
  std::vector<std::pair<std::string, std::size_t>> log;
  session_->set_statement_hook(
      [&](const StatementEvent& e) { log.emplace_back(std::string(e.sql), e.parameters); });
  Team team{.name = "Preventers"};
  session_->add(team);
  Hero hero{.name = "Deadpond", .secret_name = "hunter2", .team_id = team.id};
  {
    auto tx = session_->begin();
    session_->add(hero);
    tx.commit();
  }
  (void)session_->get<Hero>(*hero.id);
  (void)session_->get<Hero>(*hero.id);  // a cached statement is logged again
  session_->set_statement_hook(nullptr);
  (void)session_->select<Hero>().all();  // not logged

  ASSERT_EQ(log.size(), 6u);
  EXPECT_TRUE(log[0].first.starts_with("INSERT INTO")) << log[0].first;
  EXPECT_EQ(log[0].second, 1u);  // name; the key is the database's
  EXPECT_EQ(log[1].first, "BEGIN");
  EXPECT_TRUE(log[2].first.starts_with("INSERT INTO")) << log[2].first;
  EXPECT_EQ(log[2].second, 4u);  // name, secret_name, age, team_id
  EXPECT_EQ(log[3].first, "COMMIT");
  EXPECT_TRUE(log[4].first.starts_with("SELECT")) << log[4].first;
  EXPECT_EQ(log[4].second, 1u);
  EXPECT_EQ(log[5], log[4]);
  for (const auto& [sql, n] : log) EXPECT_EQ(sql.find("hunter2"), std::string::npos) << sql;
}

TEST_P(SessionPoolTest, APoolHookIsSetOnEachSessionAtCheckout) {
  std::ostringstream out;
  SessionPool pool({.size = 2, .statement_hook = echo_to(out)}, connect());
  {
    PooledSession s = pool.checkout();
    (void)s->select<Team>().count();
    ASSERT_TRUE(s->connection().begin().ok());
  }  // the rollback on return is logged too
  EXPECT_NE(out.str().find("retort: SELECT COUNT(*)"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find(" -- 0 parameters\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("retort: ROLLBACK -- 0 parameters\n"), std::string::npos) << out.str();

  pool.set_statement_hook(nullptr);
  const std::string before = out.str();
  PooledSession s = pool.checkout();
  (void)s->select<Team>().count();
  EXPECT_EQ(out.str(), before);
}

TEST_P(SessionPoolTest, ASizeOfZeroAndNoConnectFunctionAreRefused) {
  EXPECT_THROW(SessionPool({.size = 0}, connect()), DatabaseError);
  EXPECT_THROW(SessionPool({.size = 1}, nullptr), DatabaseError);
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Dialects, SessionPoolTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace retort::session_test
