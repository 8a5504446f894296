// Relationships along the declared foreign keys
// (core/model/session_related.cpp): children of one parent, of many at
// once in one query, the parent of a child, the member named when several
// keys connect two models, and a relationship whose member has no key.
#include <gtest/gtest.h>

#include "tests/core/model/session_fixture.hpp"

namespace retort::session_test {
namespace {

class SessionRelatedTest : public SessionTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(SessionTest::SetUp());
    add_league(preventers_, z_force_, empty_, {&deadpond_, &rusty_, &spider_, &loner_});
  }

  Team preventers_{.name = "Preventers"};
  Team z_force_{.name = "Z-Force"};
  Team empty_{.name = "Nobody"};
  Hero deadpond_{.name = "Deadpond", .secret_name = "Dive Wilson"};
  Hero rusty_{.name = "Rusty-Man", .secret_name = "Tommy Sharp"};
  Hero spider_{.name = "Spider-Boy", .secret_name = "Pedro Parqueador"};
  Hero loner_{.name = "Loner", .secret_name = "Nobody"};
};

TEST_P(SessionRelatedTest, RelatedGivesTheRowsPointingAtTheParentByKey) {
  EXPECT_EQ(session_->related<Hero>(preventers_), (std::vector<Hero>{deadpond_, spider_}));
  EXPECT_EQ(session_->related<Hero>(z_force_), std::vector<Hero>{rusty_});
  EXPECT_TRUE(session_->related<Hero>(empty_).empty());
  EXPECT_EQ(session_->related<Hero>(preventers_, &Hero::team_id),
            (std::vector<Hero>{deadpond_, spider_}));
}

TEST_P(SessionRelatedTest, ParentFollowsTheForeignKeyBack) {
  EXPECT_EQ(session_->parent<Team>(deadpond_), preventers_);
  EXPECT_EQ(session_->parent<Team>(rusty_, &Hero::team_id), z_force_);
  EXPECT_FALSE(session_->parent<Team>(loner_).has_value());  // NULL key
}

TEST_P(SessionRelatedTest, RelatedForManyParentsIsOneQueryGroupedPerParent) {
  const std::vector<Team> parents{z_force_, empty_, preventers_, z_force_};
  (void)session_->related<Hero>(parents);  // prepares the statement (a round trip on a server)
  const std::size_t before = session_->connection().round_trips();
  const std::vector<std::vector<Hero>> groups = session_->related<Hero>(parents);
  EXPECT_EQ(session_->connection().round_trips() - before, 1u);  // not one per parent
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0], std::vector<Hero>{rusty_});
  EXPECT_TRUE(groups[1].empty());
  EXPECT_EQ(groups[2], (std::vector<Hero>{deadpond_, spider_}));
  EXPECT_EQ(groups[3], std::vector<Hero>{rusty_});  // a parent given twice gets its rows twice

  EXPECT_TRUE(session_->related<Hero>(std::vector<Team>{}).empty());
}

TEST_P(SessionRelatedTest, SeveralKeysToTheParentNeedTheMemberNamed) {
  Mission m{.name = "rescue",
            .lead_team_id = preventers_.id,
            .backup_team_id = z_force_.id,
            .team_name = "Z-Force"};
  session_->add(m);
  EXPECT_EQ(session_->related<Mission>(preventers_, &Mission::lead_team_id),
            std::vector<Mission>{m});
  EXPECT_TRUE(session_->related<Mission>(preventers_, &Mission::backup_team_id).empty());
  EXPECT_EQ(session_->related<Mission>(z_force_, &Mission::team_name), std::vector<Mission>{m});
  EXPECT_EQ(session_->parent<Team>(m, &Mission::backup_team_id), z_force_);
  EXPECT_EQ(session_->parent<Team>(m, &Mission::team_name), z_force_);  // a unique text key

  try {
    (void)session_->parent<Team>(m, &Mission::name);
    ADD_FAILURE() << "no DeclarationError";
  } catch (const DeclarationError& e) {
    EXPECT_EQ(e.error().message, "parent(): mission.name is not a foreign key to team");
    EXPECT_EQ(e.error().column, "name");
  }
}

// A pair with no relationship is a compile error
// (tests/compile_fail/related_without_relationship.cpp); one whose member
// holds no foreign key to the parent is known only at the call.
TEST_P(SessionRelatedTest, ARelationshipWhoseMemberIsNoForeignKeyIsADeclarationError) {
  Note note{.title = "t", .body = "b"};
  session_->add(note);
  try {
    (void)session_->related<Note>(deadpond_);
    ADD_FAILURE() << "no DeclarationError";
  } catch (const DeclarationError& e) {
    EXPECT_EQ(e.error().message, "related(): note.version is not a foreign key to hero");
    EXPECT_EQ(e.error().table, "note");
    EXPECT_EQ(e.error().column, "version");
  }
  EXPECT_THROW((void)session_->related<Note>(std::vector<Hero>{deadpond_}), DeclarationError);
  EXPECT_THROW((void)session_->parent<Hero>(note), DeclarationError);
}

TEST_P(SessionRelatedTest, AParentNeverAddedIsAnError) {
  const Team unsaved{.name = "Unsaved"};
  try {
    (void)session_->related<Hero>(unsaved);
    ADD_FAILURE() << "no DatabaseError";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(e.error().message, "related(): the team object has no id value");
  }
}

TEST_P(SessionRelatedTest, ManyToManyThroughALinkModelBothWays) {
  session_->link(preventers_, deadpond_, hero_team_links);
  session_->link(z_force_, deadpond_, hero_team_links);
  session_->link(preventers_, rusty_, hero_team_links);
  session_->link(rusty_, z_force_, hero_team_links);  // either order
  EXPECT_EQ(session_->related<Hero>(preventers_, hero_team_links),
            (std::vector<Hero>{deadpond_, rusty_}));
  EXPECT_EQ(session_->related<Team>(deadpond_, hero_team_links),
            (std::vector<Team>{preventers_, z_force_}));
  EXPECT_TRUE(session_->related<Hero>(empty_, hero_team_links).empty());

  EXPECT_TRUE(session_->unlink(preventers_, deadpond_, hero_team_links));
  EXPECT_FALSE(session_->unlink(preventers_, deadpond_, hero_team_links));  // gone already
  EXPECT_EQ(session_->related<Hero>(preventers_, hero_team_links), std::vector<Hero>{rusty_});

  try {
    session_->link(z_force_, rusty_, hero_team_links);
    ADD_FAILURE() << "no DatabaseError";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.violation(), Violation::kUnique) << e.what();
  }
}

// Cascades come from the link's foreign keys (SQLModel's cascade_delete).
TEST_P(SessionRelatedTest, RemovingALinkedRowRemovesItsLinks) {
  session_->link(empty_, deadpond_, hero_team_links);
  session_->link(empty_, spider_, hero_team_links);
  session_->remove(empty_);
  EXPECT_EQ(rows_in("hero_team_link"), 0);
  EXPECT_TRUE(session_->related<Team>(deadpond_, hero_team_links).empty());
}

TEST_P(SessionRelatedTest, LinkingAnObjectNeverAddedIsAnError) {
  const Hero unsaved{.name = "Unsaved", .secret_name = "x"};
  try {
    session_->link(preventers_, unsaved, hero_team_links);
    ADD_FAILURE() << "no DatabaseError";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.error().message, "link(): the hero object has no id value");
  }
  EXPECT_EQ(rows_in("hero_team_link"), 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, SessionRelatedTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace
}  // namespace retort::session_test
