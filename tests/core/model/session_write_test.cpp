// Writes to rows that exist (core/model/session_write.cpp): update of some
// columns, patch from JSON, upsert, and the version column that turns a
// stale copy's write into a StaleWriteError instead of a lost update.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/core/model/session_fixture.hpp"

namespace retort::session_test {
namespace {

template <class E, class F>
E thrown(F write) {
  try {
    write();
  } catch (const E& e) {
    return e;
  }
  ADD_FAILURE() << "nothing thrown";
  if constexpr (std::is_same_v<E, ValidationError>) {
    return E("", {});
  } else {
    return E(Error::internal("nothing thrown"));
  }
}

Hero added_hero(Session& s) {
  Hero h{.name = "Deadpond", .secret_name = "Dive Wilson", .age = 30};
  s.add(h);
  return h;
}

TEST_P(SessionTest, UpdateOfNamedColumnsKeepsAnotherWritersChange) {
  Hero mine = added_hero(*session_);
  Hero theirs = *session_->get<Hero>(*mine.id);
  theirs.secret_name = "Wade Wilson";
  session_->update(theirs);

  mine.age = 31;
  session_->update(mine, {&Hero::age});  // mine.secret_name is stale: not written
  const Hero stored = *session_->get<Hero>(*mine.id);
  EXPECT_EQ(stored.age, 31);
  EXPECT_EQ(stored.secret_name, "Wade Wilson");

  mine.name = "Deadpool";
  mine.age = std::nullopt;
  session_->update(mine, {&Hero::name, &Hero::age});
  EXPECT_EQ(session_->get<Hero>(*mine.id)->name, "Deadpool");
  EXPECT_FALSE(session_->get<Hero>(*mine.id)->age.has_value());
}

TEST_P(SessionTest, UpdateOfNamedColumnsValidatesThoseColumns) {
  Hero h = added_hero(*session_);
  h.name = "";  // breaks min_length, but is not written
  h.age = 42;
  session_->update(h, {&Hero::age});
  EXPECT_EQ(session_->get<Hero>(*h.id)->age, 42);

  h.age = 300;
  ValidationError e = thrown<ValidationError>([&] { session_->update(h, {&Hero::age}); });
  ASSERT_EQ(e.errors().size(), 1u);
  EXPECT_EQ(e.errors()[0], (FieldError{"age", "must be <= 200", "le"}));
  EXPECT_EQ(session_->get<Hero>(*h.id)->age, 42);
}

TEST_P(SessionTest, UpdateOfNamedColumnsRefusesTheKeyTheVersionAndNone) {
  Hero h = added_hero(*session_);
  DatabaseError e = thrown<DatabaseError>([&] { session_->update(h, {&Hero::id, &Hero::age}); });
  EXPECT_EQ(e.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(e.error().message,
            "update(): hero.id is the primary key; it finds the row and is not written");
  e = thrown<DatabaseError>([&] { session_->update(h, {}); });
  EXPECT_EQ(e.error().message, "update(): no hero columns named");
  e = thrown<DatabaseError>([&] { session_->update(h, {&Hero::age, &Hero::age}); });
  EXPECT_EQ(e.error().message, "update(): hero.age is named twice");

  Note n{.title = "t", .body = "b"};
  session_->add(n);
  e = thrown<DatabaseError>([&] { session_->update(n, {&Note::version}); });
  EXPECT_EQ(e.error().message,
            "update(): note.version is the version column; the session writes it");

  Hero never{.name = "Never", .secret_name = "added"};
  e = thrown<DatabaseError>([&] { session_->update(never, {&Hero::age}); });
  EXPECT_NE(std::string(e.what()).find("no primary key value"), std::string::npos) << e.what();
}

// Without a version column a stale copy's update(obj) overwrites another
// writer's change (the last write wins); with one, it is refused.
TEST_P(SessionTest, AStaleCopyCannotOverwriteAVersionedRow) {
  Note first{.title = "draft", .body = "one"};
  session_->add(first);
  EXPECT_EQ(first.version, 1);  // add() starts at 1
  Note second = *session_->get<Note>(*first.id);

  first.title = "final";
  session_->update(first);
  EXPECT_EQ(first.version, 2);

  second.body = "two";
  StaleWriteError e = thrown<StaleWriteError>([&] { session_->update(second); });
  EXPECT_EQ(e.error().table, "note");
  EXPECT_EQ(e.error().message,
            fmt::format("update(): the note row with id = {} is no longer at version 1: another "
                        "writer changed or removed it since it was read",
                        *first.id));
  EXPECT_EQ(second.version, 1);  // unchanged, as the row
  const Note stored = *session_->get<Note>(*first.id);
  EXPECT_EQ(stored, first);

  second = stored;  // read again, change again: now it is written
  second.body = "two";
  session_->update(second, {&Note::body});
  EXPECT_EQ(second.version, 3);
  EXPECT_EQ(*session_->get<Note>(*first.id), second);

  session_->remove(second);
  EXPECT_THROW(session_->update(first), StaleWriteError);  // removed: also stale
}

TEST_P(SessionTest, PatchWritesTheFieldsGivenAndReturnsTheStoredRow) {
  Hero h = added_hero(*session_);
  Status s = session_->connection().execute(
      "UPDATE " + session_->dialect().quote_identifier("hero") + " SET " +
      session_->dialect().quote_identifier("secret_name") + " = 'Wade'");
  ASSERT_TRUE(s.ok()) << s.error().describe();

  std::optional<Hero> patched = session_->patch<Hero>(*h.id, R"({"age": 31, "team_id": null})");
  ASSERT_TRUE(patched.has_value());
  EXPECT_EQ(patched->age, 31);
  EXPECT_EQ(patched->secret_name, "Wade");  // as stored, not as `h` had it
  EXPECT_EQ(*session_->get<Hero>(*h.id), *patched);

  patched = session_->patch<Hero>(*h.id, nlohmann::json{{"name", "Deadpool"}});
  ASSERT_TRUE(patched.has_value());
  EXPECT_EQ(session_->get<Hero>(*h.id)->name, "Deadpool");
  EXPECT_EQ(patched->age, 31);

  EXPECT_FALSE(session_->patch<Hero>(*h.id + 1000, R"({"age": 1})").has_value());
}

TEST_P(SessionTest, PatchRefusesTheKeyAndInvalidFieldsAndWritesNothing) {
  Hero h = added_hero(*session_);
  ValidationError e =
      thrown<ValidationError>([&] { (void)session_->patch<Hero>(*h.id, R"({"id": 7})"); });
  EXPECT_EQ(e.errors(),
            (std::vector<FieldError>{{"id", "the primary key cannot be patched", "read_only"}}));

  e = thrown<ValidationError>(
      [&] { (void)session_->patch<Hero>(*h.id, R"({"age": -1, "nickname": "x"})"); });
  ASSERT_EQ(e.errors().size(), 2u);
  EXPECT_EQ(e.errors()[0], (FieldError{"age", "must be >= 0", "ge"}));
  EXPECT_EQ(e.errors()[1], (FieldError{"nickname", "unknown field", "unknown"}));
  e = thrown<ValidationError>([&] { (void)session_->patch<Hero>(*h.id, "[1]"); });
  EXPECT_EQ(e.errors(),
            (std::vector<FieldError>{{"", "expected a JSON object, got array", "type"}}));
  e = thrown<ValidationError>([&] { (void)session_->patch<Hero>(*h.id + 1000, "[1]"); });
  EXPECT_EQ(e.errors().at(0).rule, "type");  // refused before looking for the row
  e = thrown<ValidationError>([&] { (void)session_->patch<Hero>(*h.id, "{not json"); });
  EXPECT_EQ(e.errors().at(0).field, "");
  EXPECT_EQ(*session_->get<Hero>(*h.id), h);
  EXPECT_FALSE(session_->connection().in_transaction());  // its own one was rolled back
}

TEST_P(SessionTest, PatchJoinsTheOpenTransaction) {
  Hero h = added_hero(*session_);
  {
    auto tx = session_->begin();
    ASSERT_TRUE(session_->patch<Hero>(*h.id, R"({"age": 99})").has_value());
    EXPECT_EQ(session_->get<Hero>(*h.id)->age, 99);
    tx.rollback();
  }
  EXPECT_EQ(session_->get<Hero>(*h.id)->age, 30);
}

TEST_P(SessionTest, PatchOfAVersionedRowChecksTheVersionTheClientRead) {
  Note n{.title = "draft", .body = "one"};
  session_->add(n);
  std::optional<Note> patched = session_->patch<Note>(*n.id, R"({"title": "second"})");
  ASSERT_TRUE(patched.has_value());
  EXPECT_EQ(patched->version, 2);

  StaleWriteError e = thrown<StaleWriteError>(
      [&] { (void)session_->patch<Note>(*n.id, R"({"body": "late", "version": 1})"); });
  EXPECT_NE(std::string(e.what()).find("patch(): the note row with id = " + std::to_string(*n.id) +
                                       " is no longer at version 1"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(session_->get<Note>(*n.id)->body, "one");

  patched = session_->patch<Note>(*n.id, R"({"body": "in time", "version": 2})");
  ASSERT_TRUE(patched.has_value());
  EXPECT_EQ(patched->version, 3);
  EXPECT_EQ(patched->body, "in time");
  EXPECT_EQ(patched->title, "second");
}

TEST_P(SessionTest, UpsertInsertsThenUpdatesTheRowWithTheSameKey) {
  Hero h{.id = 500, .name = "Rusty-Man", .secret_name = "Tommy Sharp", .age = 48};
  session_->upsert(h);
  EXPECT_EQ(*session_->get<Hero>(500), h);
  h.age = 49;
  h.name = "Rusty";
  session_->upsert(h);
  EXPECT_EQ(*session_->get<Hero>(500), h);
  EXPECT_EQ(rows_in("hero"), 1);

  Hero fresh{.name = "Spider-Boy", .secret_name = "Pedro"};
  session_->upsert(fresh);  // no key: inserted, its key read back
  ASSERT_TRUE(fresh.id.has_value());
  EXPECT_EQ(*session_->get<Hero>(*fresh.id), fresh);

  Gadget g{.id = 9, .name = "rope"};  // server defaults are read back
  session_->upsert(g);
  EXPECT_EQ(g.level, 7);
  EXPECT_EQ(g.status, "new");
  ASSERT_TRUE(g.token.has_value());  // default_factory
  EXPECT_EQ(*session_->get<Gadget>(9), g);
}

TEST_P(SessionTest, UpsertValidatesAndReportsConstraintViolations) {
  Hero bad{.id = 1, .name = "", .secret_name = "x"};
  EXPECT_THROW(session_->upsert(bad), ValidationError);
  EXPECT_EQ(rows_in("hero"), 0);

  Team a{.id = 1, .name = "Preventers"};
  Team b{.id = 2, .name = "Z-Force"};
  session_->upsert(a);
  session_->upsert(b);
  b.name = "Preventers";
  DatabaseError e = thrown<DatabaseError>([&] { session_->upsert(b); });
  EXPECT_EQ(e.violation(), Violation::kUnique);
  EXPECT_EQ(e.constraint(), "uq_team_name");
}

TEST_P(SessionTest, UpsertOfAVersionedRowStartsAtOneAndChecksTheVersion) {
  Note n{.id = 50, .title = "t", .body = "b"};
  session_->upsert(n);
  EXPECT_EQ(n.version, 1);
  n.body = "b2";
  session_->upsert(n);
  EXPECT_EQ(n.version, 2);
  EXPECT_EQ(*session_->get<Note>(50), n);

  Note stale{.id = 50, .title = "t", .body = "lost", .version = 1};
  StaleWriteError e = thrown<StaleWriteError>([&] { session_->upsert(stale); });
  EXPECT_NE(std::string(e.what()).find("upsert(): the note row with id = 50 is no longer at "
                                       "version 1"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(stale.version, 1);
  EXPECT_EQ(session_->get<Note>(50)->body, "b2");
}

}  // namespace
}  // namespace retort::session_test
