#include "tests/core/model/session_fixture.hpp"

#include "core/model/create_all.hpp"
#include "dialects/registry.hpp"

namespace retort::session_test {

void SessionTest::SetUp() {
  db_ = std::make_unique<retort::testing::TestDatabase>(GetParam());
  ASSERT_FALSE(db_->url().empty());
  session_ = std::make_unique<Session>(retort::connect(db_->url()));
  ASSERT_FALSE(create_all(*session_, schema()).empty());
}

std::int64_t SessionTest::rows_in(const std::string& table) {
  Result<Rows> rows = session_->connection().query("SELECT COUNT(*) FROM " +
                                                   session_->dialect().quote_identifier(table));
  EXPECT_TRUE(rows.ok()) << rows.error().describe();
  if (!rows.ok()) return -1;
  return std::stoll(*rows->rows.at(0).at(0));
}

void SessionTest::add_league(Team& preventers, Team& z_force, Team& empty,
                             std::initializer_list<Hero*> heroes) {
  session_->add(preventers);
  session_->add(z_force);
  session_->add(empty);
  std::size_t i = 0;
  for (Hero* h : heroes) {
    if (i + 1 < heroes.size()) h->team_id = i == 1 ? z_force.id : preventers.id;
    session_->add(*h);
    ++i;
  }
}

}  // namespace retort::session_test
