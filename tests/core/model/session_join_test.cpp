// Queries beyond one table (core/model/query_join.hpp): joins along the
// declared foreign keys, conditions on joined models, tuples of models and
// of columns, LEFT JOIN as std::optional, the member named when several keys
// connect two models, and the joins no key allows.
#include <gtest/gtest.h>

#include <tuple>

#include "tests/core/model/session_fixture.hpp"

namespace retort::session_test {
namespace {

class SessionJoinTest : public SessionTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SessionTest::SetUp());
    add_league(preventers_, z_force_, empty_, {&deadpond_, &rusty_, &spider_, &loner_});
  }

  Team preventers_{.name = "Preventers"};
  Team z_force_{.name = "Z-Force"};
  Team empty_{.name = "Nobody"};
  Hero deadpond_{.name = "Deadpond", .secret_name = "Dive Wilson", .age = 48};
  Hero rusty_{.name = "Rusty-Man", .secret_name = "Tommy Sharp", .age = 48};
  Hero spider_{.name = "Spider-Boy", .secret_name = "Pedro Parqueador"};
  Hero loner_{.name = "Loner", .secret_name = "Nobody", .age = 30};
  using V = std::vector<std::string>;
};

TEST_P(SessionJoinTest, JoinGivesTuplesOfModels) {
  const std::vector<std::tuple<Hero, Team>> rows =
      session_->select<Hero, Team>().join<Team>().order_by(&Hero::name).all();
  EXPECT_EQ(rows, (std::vector<std::tuple<Hero, Team>>{
                      {deadpond_, preventers_}, {rusty_, z_force_}, {spider_, preventers_}}));
}

TEST_P(SessionJoinTest, ConditionsAndOrderOnTheJoinedModel) {
  std::vector<Hero> heroes = session_->select<Hero>()
                                 .join<Team>()
                                 .where(c(&Team::name) == "Preventers")
                                 .order_by_desc(&Hero::name)
                                 .all();
  EXPECT_EQ(heroes, (std::vector<Hero>{spider_, deadpond_}));
  // Conditions on both models at once, and a column compared with a column.
  heroes = session_->select<Hero>()
               .join<Team>()
               .where(c(&Team::name) == "Preventers" && c(&Hero::age) >= 40)
               .all();
  EXPECT_EQ(heroes, std::vector<Hero>{deadpond_});
  heroes = session_->select<Hero>()
               .join<Team>()
               .where(c(&Hero::team_id) == c(&Team::id) && c(&Team::name) != "Preventers")
               .all();
  EXPECT_EQ(heroes, std::vector<Hero>{rusty_});
  // From the parent's side: the join follows the same key backwards.
  const std::vector<Team> teams = session_->select<Team>()
                                      .join<Hero>()
                                      .where(c(&Hero::name) == "Rusty-Man")
                                      .order_by(&Team::name)
                                      .all();
  EXPECT_EQ(teams, std::vector<Team>{z_force_});
}

TEST_P(SessionJoinTest, LeftJoinGivesAnEmptyOptionalWhereNoRowJoined) {
  const auto rows = session_->select<Hero, Team>().left_join<Team>().order_by(&Hero::name).all();
  static_assert(std::is_same_v<std::decay_t<decltype(rows)>,
                               std::vector<std::tuple<Hero, std::optional<Team>>>>);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(std::get<0>(rows[1]), loner_);
  EXPECT_FALSE(std::get<1>(rows[1]).has_value());
  EXPECT_EQ(std::get<1>(rows[0]), preventers_);
  // Teams with their heroes: the empty team once, with no hero.
  const auto per_team = session_->select<Team, Hero>()
                            .left_join<Hero>()
                            .order_by(&Team::name)
                            .order_by(&Hero::name)
                            .all();
  ASSERT_EQ(per_team.size(), 4u);
  EXPECT_EQ(std::get<0>(per_team[0]), empty_);
  EXPECT_FALSE(std::get<1>(per_team[0]).has_value());
  EXPECT_EQ(std::get<1>(per_team[1]), deadpond_);
}

TEST_P(SessionJoinTest, ColumnSelectsGiveValuesOrTuples) {
  const std::vector<std::tuple<std::string, std::string>> pairs =
      session_->select(&Hero::name, &Team::name).join<Team>().order_by(&Hero::name).all();
  EXPECT_EQ(
      pairs,
      (std::vector<std::tuple<std::string, std::string>>{
          {"Deadpond", "Preventers"}, {"Rusty-Man", "Z-Force"}, {"Spider-Boy", "Preventers"}}));
  const std::vector<std::string> names =
      session_->select(&Hero::name).where(c(&Hero::age) == 48).order_by(&Hero::name).all();
  EXPECT_EQ(names, (V{"Deadpond", "Rusty-Man"}));
  // An optional member stays optional; a left-joined column becomes one.
  const auto left = session_->select(&Hero::name, &Hero::age, &Team::name)
                        .left_join<Team>()
                        .order_by(&Hero::name)
                        .all();
  static_assert(
      std::is_same_v<
          std::decay_t<decltype(left)>,
          std::vector<std::tuple<std::string, std::optional<int>, std::optional<std::string>>>>);
  ASSERT_EQ(left.size(), 4u);
  EXPECT_EQ(left[1], std::make_tuple(std::string("Loner"), std::optional<int>(30),
                                     std::optional<std::string>()));
  EXPECT_EQ(left[3], std::make_tuple(std::string("Spider-Boy"), std::optional<int>(),
                                     std::optional<std::string>("Preventers")));
  // first() and one() on a joined query.
  const std::optional<std::string> first =
      session_->select(&Team::name).join<Hero>().order_by(&Team::name).first();
  EXPECT_EQ(first, "Preventers");
  EXPECT_EQ(session_->select(&Team::name).join<Hero>().where(c(&Hero::name) == "Rusty-Man").one(),
            "Z-Force");
  EXPECT_THROW((void)session_->select(&Team::name).join<Hero>().one(), DatabaseError);
  EXPECT_EQ(session_->select(&Hero::name).order_by(&Hero::name).limit(2).offset(1).all(),
            (V{"Loner", "Rusty-Man"}));
}

TEST_P(SessionJoinTest, SeveralKeysNeedTheMemberNamed) {
  Mission m{.name = "rescue",
            .lead_team_id = preventers_.id,
            .backup_team_id = z_force_.id,
            .team_name = "Z-Force"};
  session_->add(m);
  EXPECT_EQ(session_->select(&Mission::name, &Team::name).join<Team>(&Mission::lead_team_id).one(),
            std::make_tuple(std::string("rescue"), std::string("Preventers")));
  EXPECT_EQ(session_->select(&Team::name).join<Mission>(&Mission::backup_team_id).one(), "Z-Force");
  EXPECT_EQ(session_->select<Mission>()
                .left_join<Team>(&Mission::team_name)
                .where(c(&Team::name) == "Z-Force")
                .all(),
            std::vector<Mission>{m});

  try {
    (void)session_->select<Mission>().join<Team>();
    ADD_FAILURE() << "no DeclarationError";
  } catch (const DeclarationError& e) {
    EXPECT_EQ(e.error().message,
              "join<team>(): 3 foreign keys connect team with the query's tables "
              "(mission.lead_team_id, mission.backup_team_id, mission.team_name); name the member");
  }
  try {
    (void)session_->select<Mission>().join<Team>(&Mission::name);
    ADD_FAILURE() << "no DeclarationError";
  } catch (const DeclarationError& e) {
    EXPECT_EQ(e.error().message,
              "join<team>(): mission.name is not a foreign key between team and the query's "
              "tables (mission)");
  }
}

TEST_P(SessionJoinTest, AJoinNoForeignKeyAllowsIsADeclarationError) {
  try {
    (void)session_->select<Hero>().left_join<Note>();
    ADD_FAILURE() << "no DeclarationError";
  } catch (const DeclarationError& e) {
    EXPECT_EQ(e.error().message, "left_join<note>(): no foreign key connects note with hero");
    EXPECT_EQ(e.error().table, "note");
  }
}

TEST_P(SessionJoinTest, TheSameShapeIsPreparedOnceWithValuesBound) {
  Connection& conn = session_->connection();
  auto names_of = [&](const std::string& team) {
    return session_->select(&Hero::name)
        .join<Team>()
        .where(c(&Team::name) == team)
        .order_by(&Hero::name)
        .all();
  };
  EXPECT_EQ(names_of("Preventers"), (V{"Deadpond", "Spider-Boy"}));
  const std::size_t prepared = conn.statements_prepared();
  EXPECT_EQ(names_of("Z-Force"), V{"Rusty-Man"});
  EXPECT_EQ(names_of("it's'; DROP TABLE hero; --"), V{});
  EXPECT_EQ(conn.statements_prepared(), prepared);
  EXPECT_EQ(rows_in("hero"), 4);
}

INSTANTIATE_TEST_SUITE_P(Dialects, SessionJoinTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace
}  // namespace retort::session_test
