// Aggregates and GROUP BY (core/model/query_join.hpp), and the text and
// subquery conditions (core/model/query.hpp): ilike, contains with % and _
// taken literally, IN (subquery), EXISTS, correlated through outer().
#include <gtest/gtest.h>

#include <tuple>

#include "tests/core/model/session_fixture.hpp"

namespace retort::session_test {
namespace {

class SessionAggregateTest : public SessionTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SessionTest::SetUp());
    add_league(preventers_, z_force_, empty_, {&deadpond_, &rusty_, &spider_, &loner_});
  }

  std::vector<std::string> heroes_where(const Condition<Hero>& condition) {
    return session_->select(&Hero::name).where(condition).order_by(&Hero::name).all();
  }

  Team preventers_{.name = "Preventers"};
  Team z_force_{.name = "Z-Force"};
  Team empty_{.name = "Nobody"};
  Hero deadpond_{.name = "Deadpond", .secret_name = "100% Dive_Wilson", .age = 48};
  Hero rusty_{.name = "Rusty-Man", .secret_name = "Tommy 100 Sharp", .age = 40};
  Hero spider_{.name = "Spider-Boy", .secret_name = "Pedro DiveXWilson"};
  Hero loner_{.name = "Loner", .secret_name = "back\\slash", .age = 30};
  using V = std::vector<std::string>;
};

TEST_P(SessionAggregateTest, AggregatesOfTheWholeTable) {
  const auto [rows, with_age, total, mean, youngest, oldest, first_name] =
      session_
          ->select(count(), count(&Hero::age), sum(&Hero::age), avg(&Hero::age), min(&Hero::age),
                   max(&Hero::age), min(&Hero::name))
          .one();
  EXPECT_EQ(rows, 4);
  EXPECT_EQ(with_age, 3);  // NULLs are not counted
  static_assert(std::is_same_v<decltype(total), const std::optional<std::int64_t>>);
  EXPECT_EQ(total, 118);
  static_assert(std::is_same_v<decltype(mean), const std::optional<double>>);
  ASSERT_TRUE(mean.has_value());
  EXPECT_NEAR(*mean, 118.0 / 3, 1e-9);
  static_assert(std::is_same_v<decltype(youngest), const std::optional<int>>);
  EXPECT_EQ(youngest, 30);
  EXPECT_EQ(oldest, 48);
  EXPECT_EQ(first_name, "Deadpond");
}

TEST_P(SessionAggregateTest, AnEmptySetGivesZeroCountsAndEmptyOptionals) {
  const auto [rows, total, mean, youngest] =
      session_->select(count(), sum(&Hero::age), avg(&Hero::age), min(&Hero::age))
          .where(c(&Hero::age) > 100)
          .one();
  EXPECT_EQ(rows, 0);
  EXPECT_FALSE(total.has_value());
  EXPECT_FALSE(mean.has_value());
  EXPECT_FALSE(youngest.has_value());
  EXPECT_EQ(session_->select(sum(&Sample::d)).one(), std::nullopt);
}

TEST_P(SessionAggregateTest, GroupByAJoinedColumn) {
  const std::vector<std::tuple<std::string, std::int64_t, std::optional<int>>> rows =
      session_->select(&Team::name, count(&Hero::id), max(&Hero::age))
          .left_join<Hero>()
          .group_by(&Team::name)
          .order_by(&Team::name)
          .all();
  EXPECT_EQ(rows, (std::vector<std::tuple<std::string, std::int64_t, std::optional<int>>>{
                      {"Nobody", 0, std::nullopt}, {"Preventers", 2, 48}, {"Z-Force", 1, 40}}));
  // count() per group of the FROM model's own column.
  const auto per_age = session_->select(&Hero::age, count())
                           .where(c(&Hero::age).is_not_null())
                           .group_by(&Hero::age)
                           .order_by_desc(&Hero::age)
                           .all();
  EXPECT_EQ(per_age,
            (std::vector<std::tuple<std::optional<int>, std::int64_t>>{{48, 1}, {40, 1}, {30, 1}}));
}

TEST_P(SessionAggregateTest, SumOfFloatingMembersIsADouble) {
  Sample a{.d = 1.5};
  Sample b{.d = 2.25};
  session_->add(a);
  session_->add(b);
  const std::optional<double> total = session_->select(sum(&Sample::d)).one();
  EXPECT_EQ(total, 3.75);
}

TEST_P(SessionAggregateTest, IlikeIgnoresCaseAndLikeFollowsTheDatabase) {
  EXPECT_EQ(heroes_where(c(&Hero::name).ilike("%MAN")), V{"Rusty-Man"});
  EXPECT_EQ(heroes_where(c(&Hero::name).ilike("s%")), V{"Spider-Boy"});
  // like(): PostgreSQL is case-sensitive, SQLite's LIKE folds ASCII.
  EXPECT_EQ(heroes_where(c(&Hero::name).like("s%")), is_postgresql() ? V{} : V{"Spider-Boy"});
}

TEST_P(SessionAggregateTest, ContainsTakesPercentAndUnderscoreLiterally) {
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("100%")), V{"Deadpond"});
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("Dive_Wilson")), V{"Deadpond"});
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("100")), (V{"Deadpond", "Rusty-Man"}));
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("%")), V{"Deadpond"});
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("_")), V{"Deadpond"});
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("\\")), V{"Loner"});
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("k\\s")), V{"Loner"});
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("")).size(), 4u);
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).contains("nothing")), V{});
  // Unescaped, like() reads them as wildcards.
  EXPECT_EQ(heroes_where(c(&Hero::secret_name).like("%Dive_Wilson%")),
            (V{"Deadpond", "Spider-Boy"}));
}

TEST_P(SessionAggregateTest, InASubquery) {
  EXPECT_EQ(heroes_where(
                c(&Hero::team_id).in(session_->select(&Team::id).where(c(&Team::name).like("P%")))),
            (V{"Deadpond", "Spider-Boy"}));
  // The subquery's values are bound parameters, numbered after the outer ones.
  EXPECT_EQ(
      heroes_where(
          c(&Hero::age) > 45 &&
          c(&Hero::team_id).in(session_->select(&Team::id).where(c(&Team::name) == "Preventers")) &&
          c(&Hero::name) != "Nobody"),
      V{"Deadpond"});
  EXPECT_EQ(heroes_where(!c(&Hero::team_id)
                              .in(session_->select(&Team::id).where(
                                  c(&Team::name).in({"Preventers", "Z-Force"})))),
            V{});
  // A subquery over a join.
  EXPECT_EQ(session_->select(&Team::name)
                .where(c(&Team::id).in(
                    session_->select(&Hero::team_id).join<Team>().where(c(&Hero::age) >= 40)))
                .order_by(&Team::name)
                .all(),
            (V{"Preventers", "Z-Force"}));
}

TEST_P(SessionAggregateTest, ExistsCorrelatedWithOuter) {
  // Teams with a hero older than 45.
  const std::vector<Team> teams =
      session_->select<Team>()
          .where(exists(session_->select<Hero>().where(c(&Hero::team_id) == outer(&Team::id) &&
                                                       c(&Hero::age) > 45)))
          .all();
  EXPECT_EQ(teams, std::vector<Team>{preventers_});
  // Teams without a hero, inside a joined outer query's scope too.
  EXPECT_EQ(
      session_->select(&Team::name)
          .where(!exists(session_->select(&Hero::id).where(c(&Hero::team_id) == outer(&Team::id))))
          .all(),
      V{"Nobody"});
  EXPECT_EQ(session_->select<Hero>().where(exists(session_->select<Team>())).count(), 4);
}

TEST_P(SessionAggregateTest, AnOuterColumnNoEnclosingQueryHasIsADeclarationError) {
  try {
    (void)session_->select<Hero>().where(c(&Hero::team_id) == outer(&Team::id)).all();
    ADD_FAILURE() << "no DeclarationError";
  } catch (const DeclarationError& e) {
    EXPECT_EQ(e.error().message,
              "the query names a column of team (id), a table it has not joined");
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, SessionAggregateTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace
}  // namespace retort::session_test
