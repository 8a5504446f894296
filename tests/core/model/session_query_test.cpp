// The query DSL: comparisons, logic, IN, NULL tests, LIKE, ordering,
// limit/offset, count, first/one, and the statement cache.
#include <gtest/gtest.h>

#include "tests/core/model/session_fixture.hpp"

namespace retort::session_test {
namespace {

class SessionQueryTest : public SessionTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SessionTest::SetUp());
    std::vector<Hero> seed = {
        {.name = "Deadpond", .secret_name = "Dive Wilson", .age = 48},
        {.name = "Spider-Boy", .secret_name = "Pedro Parqueador", .age = std::nullopt},
        {.name = "Rusty-Man", .secret_name = "Tommy Sharp", .age = 48},
        {.name = "Superma", .secret_name = "Clark Kent", .age = 30},
        {.name = "Black Lion", .secret_name = "Trevor Challa", .age = 35},
        {.name = "Sanya", .secret_name = "Sanya Sarif", .age = 18},
    };
    session_->add_all(seed);
  }

  std::vector<std::string> names(const std::vector<Hero>& rows) {
    std::vector<std::string> out;
    for (const Hero& h : rows) out.push_back(h.name);
    return out;
  }
  std::vector<std::string> where(const Condition<Hero>& condition) {
    return names(session_->select<Hero>().where(condition).order_by(&Hero::name).all());
  }
  using V = std::vector<std::string>;
};

TEST_P(SessionQueryTest, Comparisons) {
  EXPECT_EQ(where(c(&Hero::age) == 48), (V{"Deadpond", "Rusty-Man"}));
  EXPECT_EQ(where(c(&Hero::age) != 48), (V{"Black Lion", "Sanya", "Superma"}));
  EXPECT_EQ(where(c(&Hero::age) < 30), (V{"Sanya"}));
  EXPECT_EQ(where(c(&Hero::age) <= 30), (V{"Sanya", "Superma"}));
  EXPECT_EQ(where(c(&Hero::age) > 35), (V{"Deadpond", "Rusty-Man"}));
  EXPECT_EQ(where(c(&Hero::age) >= 35), (V{"Black Lion", "Deadpond", "Rusty-Man"}));
  EXPECT_EQ(where(c(&Hero::name) == "Sanya"), (V{"Sanya"}));
}

TEST_P(SessionQueryTest, LogicInAndNull) {
  EXPECT_EQ(where(c(&Hero::age) >= 18 && c(&Hero::name).like("S%")), (V{"Sanya", "Superma"}));
  EXPECT_EQ(where(c(&Hero::age) < 20 || c(&Hero::age).is_null()), (V{"Sanya", "Spider-Boy"}));
  EXPECT_EQ(where(!(c(&Hero::age) >= 30)), (V{"Sanya"}));
  EXPECT_EQ(where(c(&Hero::age).in({18, 30})), (V{"Sanya", "Superma"}));
  EXPECT_EQ(where(c(&Hero::age).not_in({48, 35})), (V{"Sanya", "Superma"}));
  EXPECT_EQ(where(c(&Hero::name).in(std::vector<std::string>{})), V{});
  EXPECT_EQ(where(c(&Hero::age).is_null()), (V{"Spider-Boy"}));
  EXPECT_EQ(where(c(&Hero::age).is_not_null()).size(), 5u);
  EXPECT_EQ(where((c(&Hero::age) == 48 || c(&Hero::age) == 18) && !c(&Hero::name).like("R%")),
            (V{"Deadpond", "Sanya"}));
  // Several where() calls are joined with AND.
  EXPECT_EQ(names(session_->select<Hero>()
                      .where(c(&Hero::age) > 20)
                      .where(c(&Hero::age) < 40)
                      .order_by(&Hero::name)
                      .all()),
            (V{"Black Lion", "Superma"}));
}

TEST_P(SessionQueryTest, OrderLimitOffset) {
  auto q = session_->select<Hero>().where(c(&Hero::age).is_not_null());
  EXPECT_EQ(names(q.order_by_desc(&Hero::age).order_by(&Hero::name).all()),
            (V{"Deadpond", "Rusty-Man", "Black Lion", "Superma", "Sanya"}));
  EXPECT_EQ(names(session_->select<Hero>().order_by(&Hero::name).limit(2).all()),
            (V{"Black Lion", "Deadpond"}));
  EXPECT_EQ(names(session_->select<Hero>().order_by(&Hero::name).limit(2).offset(2).all()),
            (V{"Rusty-Man", "Sanya"}));
  EXPECT_EQ(names(session_->select<Hero>().order_by(&Hero::name).offset(4).all()),
            (V{"Spider-Boy", "Superma"}));
}

TEST_P(SessionQueryTest, Count) {
  EXPECT_EQ(session_->select<Hero>().count(), 6);
  EXPECT_EQ(session_->select<Hero>().where(c(&Hero::age) == 48).count(), 2);
  EXPECT_EQ(session_->select<Hero>().limit(4).count(), 4);
  EXPECT_EQ(session_->select<Hero>().offset(5).count(), 1);
  EXPECT_EQ(session_->select<Hero>().where(c(&Hero::age) > 100).count(), 0);
}

TEST_P(SessionQueryTest, FirstAndOne) {
  std::optional<Hero> first =
      session_->select<Hero>().where(c(&Hero::age) == 48).order_by(&Hero::name).first();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->name, "Deadpond");
  EXPECT_FALSE(session_->select<Hero>().where(c(&Hero::age) > 100).first().has_value());

  Hero one = session_->select<Hero>().where(c(&Hero::name) == "Sanya").one();
  EXPECT_EQ(one.age, 18);
  try {
    (void)session_->select<Hero>().where(c(&Hero::age) > 100).one();
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("no hero row matched"), std::string::npos) << e.what();
  }
  try {
    (void)session_->select<Hero>().where(c(&Hero::age) == 48).one();
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("more than one hero row"), std::string::npos) << e.what();
  }
}

TEST_P(SessionQueryTest, TheSameShapeIsPreparedOnce) {
  Connection& conn = session_->connection();
  (void)session_->select<Hero>().where(c(&Hero::age) >= 18).limit(3).all();
  const std::size_t prepared = conn.statements_prepared();
  const std::size_t trips = conn.round_trips();
  std::vector<Hero> rows = session_->select<Hero>().where(c(&Hero::age) >= 40).limit(10).all();
  EXPECT_EQ(rows.size(), 2u);  // the new values were used
  EXPECT_EQ(conn.statements_prepared(), prepared);
  EXPECT_EQ(conn.round_trips(), trips + 1);
  // Another shape is another statement.
  (void)session_->select<Hero>().where(c(&Hero::age) < 18).all();
  EXPECT_EQ(conn.statements_prepared(), prepared + 1);
  // add() and get() reuse theirs too.
  Hero h{.name = "New", .secret_name = "n"};
  session_->add(h);
  (void)session_->get<Hero>(*h.id);
  const std::size_t after = conn.statements_prepared();
  Hero h2{.name = "Newer", .secret_name = "n"};
  session_->add(h2);
  (void)session_->get<Hero>(*h2.id);
  EXPECT_EQ(conn.statements_prepared(), after);
}

TEST_P(SessionQueryTest, AMemberThatIsNotAColumnIsADeclarationError) {
  struct NotAModel {
    int x = 0;
  };
  EXPECT_THROW((void)session_->select<NotAModel>(), DeclarationError);
}

INSTANTIATE_TEST_SUITE_P(Dialects, SessionQueryTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace
}  // namespace retort::session_test
