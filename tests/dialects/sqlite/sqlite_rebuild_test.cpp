// dialects/sqlite/sqlite_ddl.cpp's table rebuild keeps what lives around the
// table: its triggers, views and triggers that name it, and the rows of child
// tables, whatever the SQLite build's foreign-key default.
#include <sqlite3.h>

#include "tests/dialects/sqlite/sqlite_fixture.hpp"

namespace retort::sqlite_test {
namespace {

Table team_table() {
  Table t;
  t.name = "team";
  t.columns = {pk("id"), col("name", "varchar(100)")};
  return t;
}

Table hero_table() {
  Table t;
  t.name = "hero";
  t.columns = {pk("id"), col("name", "varchar(100)"), col("age", "integer", true),
               col("team_id", "integer")};
  ForeignKey fk;
  fk.name = "fk_hero_team_id_team";
  fk.columns = {"team_id"};
  fk.ref_table = "team";
  fk.ref_columns = {"id"};
  fk.on_delete = "cascade";
  t.foreign_keys = {fk};
  return t;
}

Table audit_table() {
  Table t;
  t.name = "audit";
  t.columns = {pk("id"), col("hero_id", "integer")};
  return t;
}

AlterColumn widen_age() {
  AlterColumn op;
  op.table = "hero";
  op.column = "age";
  op.type = *parse_type("bigint");
  return op;
}

AlterColumn widen_team_name() {
  AlterColumn op;
  op.table = "team";
  op.column = "name";
  op.type = *parse_type("varchar(200)");
  return op;
}

// Stands in for a SQLite built with SQLITE_DEFAULT_FOREIGN_KEYS=1: every
// connection opened while it is registered starts with enforcement on.
int foreign_keys_on(sqlite3* db, const char**, const void*) {
  return sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
}

using EntryPoint = void (*)();

class ForeignKeysOnByDefault {
 public:
  ForeignKeysOnByDefault() { sqlite3_auto_extension(entry()); }
  ~ForeignKeysOnByDefault() { sqlite3_cancel_auto_extension(entry()); }

 private:
  static EntryPoint entry() { return reinterpret_cast<EntryPoint>(&foreign_keys_on); }
};

class SqliteRebuildTest : public SqliteTest {
 protected:
  // team, hero (ON DELETE CASCADE to team) and audit, with two heroes.
  void make_tables() {
    build({CreateTable{team_table()}, CreateTable{hero_table()}, CreateTable{audit_table()}});
    sql("INSERT INTO team (name) VALUES ('Avengers')");
    sql("INSERT INTO hero (name, age, team_id) VALUES ('A', 1, 1), ('B', 2, 1)");
  }
};

TEST_F(SqliteRebuildTest, RebuildKeepsTheTablesOwnTriggers) {
  make_tables();
  sql("CREATE TRIGGER trg_hero_update AFTER UPDATE ON hero BEGIN "
      "INSERT INTO audit (hero_id) VALUES (new.id); END");
  MetaData before = inspect();
  // A trigger retort manages: MetaData::triggers, re-created from there.
  ASSERT_EQ(before.triggers.size(), 1u);
  EXPECT_EQ(before.triggers[0].table, "hero");
  EXPECT_TRUE(before.find_table("", "hero")->triggers.empty());
  Status s = run(widen_age(), before);
  ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << s.error().statement;
  EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND "
                   "name = 'trg_hero_update' AND tbl_name = 'hero'"),
            "1");
  sql("UPDATE hero SET age = 3 WHERE name = 'A'");
  EXPECT_EQ(scalar("SELECT group_concat(hero_id) FROM audit"), "1") << "the trigger still fires";
}

TEST_F(SqliteRebuildTest, RebuildSucceedsWithViewsAndTriggersThatNameTheTable) {
  make_tables();
  sql("CREATE VIEW hero_names AS SELECT name FROM hero");
  sql("CREATE TRIGGER trg_audit_insert AFTER INSERT ON audit BEGIN "
      "UPDATE hero SET age = age + 1 WHERE id = new.hero_id; END");
  sql("CREATE TRIGGER trg_hero_delete AFTER DELETE ON hero BEGIN "
      "INSERT INTO audit (hero_id) VALUES (old.id); END");
  MetaData before = inspect();
  Status s = run(widen_age(), before);
  ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << s.error().statement;
  EXPECT_EQ(scalar("SELECT group_concat(name) FROM hero_names"), "A,B");
  sql("INSERT INTO audit (hero_id) VALUES (2)");
  EXPECT_EQ(scalar("SELECT age FROM hero WHERE id = 2"), "3") << "the other table's trigger works";
  sql("DELETE FROM hero WHERE id = 1");
  EXPECT_EQ(scalar("SELECT count(*) FROM audit WHERE hero_id = 1"), "1")
      << "the table's own trigger works";
  EXPECT_EQ(scalar("PRAGMA legacy_alter_table"), "0") << "the rebuild restores the setting";
}

TEST_F(SqliteRebuildTest, RebuildOfAParentKeepsEveryChildRowAndTheForeignKey) {
  make_tables();
  Status s = run(widen_team_name(), inspect());
  ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << s.error().statement;
  EXPECT_EQ(scalar("SELECT group_concat(name || team_id) FROM hero"), "A1,B1");
  EXPECT_EQ(scalar("SELECT \"table\" || '.' || \"to\" || ' ' || on_delete "
                   "FROM pragma_foreign_key_list('hero')"),
            "team.id CASCADE");
  sql("PRAGMA foreign_keys = ON");
  sql("DELETE FROM team");
  EXPECT_EQ(scalar("SELECT count(*) FROM hero"), "0") << "the cascade still points at team";
}

TEST_F(SqliteRebuildTest, ConnectionTurnsForeignKeysOffWhateverTheBuildDefault) {
  make_tables();
  ForeignKeysOnByDefault build_default;
  auto reopened = connect(db_.url());
  ASSERT_TRUE(reopened.ok()) << reopened.error().describe();
  conn_ = std::move(*reopened);
  EXPECT_EQ(scalar("PRAGMA foreign_keys"), "0");
  Status s = run(widen_team_name(), inspect());
  ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << s.error().statement;
  EXPECT_EQ(scalar("SELECT count(*) FROM hero"), "2") << "DROP TABLE team cascaded into hero";
}

TEST_F(SqliteRebuildTest, RebuildAfterARenameInTheSameRevisionFailsBeforeTouchingTheTable) {
  make_tables();
  sql("CREATE TRIGGER trg_hero_update AFTER UPDATE ON hero BEGIN "
      "INSERT INTO audit (hero_id) VALUES (new.id); END");
  MetaData schema = inspect();
  RenameTable rename{"", "hero", "heroes"};
  ASSERT_TRUE(run(rename, schema).ok());
  ASSERT_TRUE(apply(schema, rename).ok());  // tracked in memory, as the runner does
  AlterColumn widen = widen_age();
  widen.table = "heroes";
  auto statements = dialect().compile(widen, schema);
  ASSERT_FALSE(statements.ok());
  EXPECT_EQ(statements.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(statements.error().table, "heroes");
  EXPECT_NE(statements.error().hint.find("revision of its own"), std::string::npos);
  // Read afresh, the trigger text names the new table and the rebuild works.
  Status s = run(widen, inspect());
  ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << s.error().statement;
  EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"), "1");
}

}  // namespace
}  // namespace retort::sqlite_test
