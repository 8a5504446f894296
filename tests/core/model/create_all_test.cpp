// create_all() (core/model/create_all.cpp) on both dialects: it creates
// the missing tables so that the database compares clean with the models,
// leaves existing tables and their rows alone, and creates nothing when a
// statement fails.
#include "core/model/create_all.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/comparator.hpp"
#include "dialects/registry.hpp"
#include "tests/core/model/session_models.hpp"
#include "tests/support/test_database.hpp"

namespace retort::session_test {
namespace {

class CreateAllTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<retort::testing::TestDatabase>(GetParam());
    ASSERT_FALSE(db_->url().empty());
    session_ = std::make_unique<Session>(retort::connect(db_->url()));
  }

  MetaData live() {
    Result<MetaData> m = session_->dialect().inspect(session_->connection(), {});
    EXPECT_TRUE(m.ok()) << m.error().describe();
    return m.ok() ? *m : MetaData{};
  }
  std::vector<std::string> live_tables() {
    std::vector<std::string> out;
    for (const Table& t : live().tables) out.push_back(t.name);
    return out;
  }
  void execute(const std::string& sql) {
    Status s = session_->connection().execute(sql);
    ASSERT_TRUE(s.ok()) << s.error().describe();
  }

  std::unique_ptr<retort::testing::TestDatabase> db_;
  std::unique_ptr<Session> session_;
};

std::size_t position(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

TEST_P(CreateAllTest, CreatesEveryTableAndTheDatabaseComparesClean) {
  const std::vector<std::string> created = create_all(*session_, schema());
  std::vector<std::string> sorted = created;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::string>{"badge", "event", "gadget", "hero", "hero_team_link",
                                              "mission", "note", "sample", "team"}));
  EXPECT_LT(position(created, "team"), position(created, "hero"));  // parents first

  const Dialect& d = session_->dialect();
  EXPECT_TRUE(compare(live(), d.normalize(schema())).empty());  // indexes, keys, enums too

  Team team{.name = "Preventers"};
  session_->add(team);
  Hero hero{.name = "Deadpond", .secret_name = "Dive Wilson", .team_id = team.id};
  session_->add(hero);
  Hero orphan{.name = "Orphan", .secret_name = "x", .team_id = 9999};
  try {
    session_->add(orphan);
    ADD_FAILURE() << "the foreign key was not created";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.violation(), Violation::kForeignKey) << e.what();
  }
}

TEST_P(CreateAllTest, CreatesOnlyWhatIsMissingAndLeavesExistingTablesAlone) {
  EXPECT_EQ(create_all(*session_, MetaData{teams}), std::vector<std::string>{"team"});
  Team team{.name = "Preventers"};
  session_->add(team);
  // A table of the models' name, but not of their shape: not altered.
  const Dialect& d = session_->dialect();
  execute("CREATE TABLE " + d.quote_identifier("event") + " (" + d.quote_identifier("id") +
          " integer PRIMARY KEY, " + d.quote_identifier("note") + " text)");

  const std::vector<std::string> created = create_all(*session_, schema());
  EXPECT_EQ(position(created, "team"), created.size());
  EXPECT_EQ(position(created, "event"), created.size());
  EXPECT_LT(position(created, "hero"), created.size());
  EXPECT_EQ(session_->get<Team>(*team.id), team);
  const MetaData after = live();
  const Table* event = after.find_table("", "event");
  ASSERT_NE(event, nullptr);
  EXPECT_NE(event->find_column("note"), nullptr);
  EXPECT_EQ(event->find_column("at"), nullptr);

  EXPECT_TRUE(create_all(*session_, schema()).empty());  // again: nothing to do
}

TEST_P(CreateAllTest, AFailedStatementCreatesNothing) {
  const Dialect& d = session_->dialect();
  execute("CREATE TABLE " + d.quote_identifier("other") + " (" + d.quote_identifier("x") +
          " integer)");
  // An index holding the name "team": CREATE TABLE team fails.
  execute("CREATE INDEX " + d.quote_identifier("team") + " ON " + d.quote_identifier("other") +
          " (" + d.quote_identifier("x") + ")");
  try {
    (void)create_all(*session_, schema());
    ADD_FAILURE() << "no DatabaseError";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.error().code, ErrorCode::kDatabase);
    EXPECT_NE(std::string(e.what()).find("team"), std::string::npos) << e.what();
    EXPECT_NE(e.error().hint.find("create_all()"), std::string::npos) << e.error().hint;
  }
  EXPECT_EQ(live_tables(), std::vector<std::string>{"other"});
  EXPECT_FALSE(session_->connection().in_transaction());
}

TEST_P(CreateAllTest, AnOpenTransactionIsRefused) {
  auto tx = session_->begin();
  try {
    (void)create_all(*session_, schema());
    ADD_FAILURE() << "no DatabaseError";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(e.error().message, "create_all() runs in its own transaction; one is open");
  }
  tx.rollback();
  EXPECT_TRUE(live_tables().empty());
}

// Objects declared beside the models in C++ (MetaData::Objects) are created
// with the tables, before them, and compare clean afterwards.
TEST(CreateAllObjectsTest, SequencesAndDomainsDeclaredInCppAreCreatedOnPostgresql) {
  retort::testing::TestDatabase db("postgresql");
  ASSERT_FALSE(db.url().empty());
  Session session{retort::connect(db.url())};
  const MetaData metadata{
      {teams},
      {.sequences = {Sequence{.name = "ticket_no", .options = {.start = 100}}},
       .domains = {Domain{.name = "positive",
                          .type = sql_type("integer"),
                          .checks = {{.name = "positive_check", .expression = "VALUE > 0"}}}}}};
  EXPECT_EQ(create_all(session, metadata), std::vector<std::string>{"team"});
  Result<Rows> next = session.connection().query("SELECT nextval('ticket_no')::text");
  ASSERT_TRUE(next.ok()) << next.error().describe();
  EXPECT_EQ(next->rows.at(0).at(0), std::optional<std::string>("100"));
  EXPECT_FALSE(session.connection().execute("SELECT (-1)::positive").ok());
  const Dialect& d = session.dialect();
  Result<MetaData> live = d.inspect(session.connection(), {});
  ASSERT_TRUE(live.ok()) << live.error().describe();
  EXPECT_TRUE(compare(*live, d.normalize(metadata)).empty());
  EXPECT_THROW((void)sql_type("varchar(;)"), DeclarationError);
}

// Functions and triggers declared in C++ are created after the tables they
// need; what is not such a statement is a DeclarationError.
TEST(CreateAllObjectsTest, FunctionsAndTriggersDeclaredInCppAreCreatedOnPostgresql) {
  retort::testing::TestDatabase db("postgresql");
  ASSERT_FALSE(db.url().empty());
  Session session{retort::connect(db.url())};
  const MetaData metadata{
      {teams},
      {.functions = {Function{.sql = "CREATE FUNCTION team_touch() RETURNS trigger LANGUAGE "
                                     "plpgsql AS $$BEGIN RETURN NEW; END$$"}},
       .triggers = {Trigger{.sql = "CREATE TRIGGER team_touch BEFORE UPDATE ON team FOR EACH "
                                   "ROW EXECUTE FUNCTION team_touch()",
                            .state = "disabled"}}}};
  EXPECT_EQ(create_all(session, metadata), std::vector<std::string>{"team"});
  Result<Rows> trigger = session.connection().query(
      "SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'team_touch'");
  ASSERT_TRUE(trigger.ok()) << trigger.error().describe();
  EXPECT_EQ(trigger->rows.at(0).at(0), std::optional<std::string>("D"));
  const Dialect& d = session.dialect();
  Result<MetaData> live = d.inspect(session.connection(), {});
  ASSERT_TRUE(live.ok()) << live.error().describe();
  EXPECT_TRUE(compare(*live, d.normalize(metadata)).empty());
  EXPECT_THROW((MetaData{{teams}, {.functions = {Function{.sql = "CREATE VIEW v AS SELECT 1"}}}}),
               DeclarationError);
  EXPECT_THROW((MetaData{{teams}, {.triggers = {Trigger{.sql = "CREATE TRIGGER t AFTER INSERT"}}}}),
               DeclarationError);
}

INSTANTIATE_TEST_SUITE_P(Dialects, CreateAllTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace
}  // namespace retort::session_test
