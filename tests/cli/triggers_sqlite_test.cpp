// Triggers on SQLite, declared as their CREATE TRIGGER statement: a lending
// library written by hand in SQL as a real application is (last_updated
// kept by triggers on every table that has the column, stock kept by loan
// triggers with WHEN and UPDATE OF, a RAISE guard, an audit trigger, an
// INSTEAD OF trigger on a view, views over views) inspected and built again
// in an empty database, the two compared by sqlite_schema and the pragmas
// read directly; spellings SQLite stores differently; a changed body; a
// column type change (a table rebuild) under a trigger and a view with the
// rows kept; a trigger the filters leave out kept through a rebuild; bad
// declarations (PostgreSQL's triggers: functions_test.cpp).
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/catalog_rows.hpp"
#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kLibrarySql = R"sql(
CREATE TABLE author (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  born INTEGER,
  last_updated TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE publisher (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  country TEXT,
  last_updated TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE book (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  author_id INTEGER NOT NULL REFERENCES author (id),
  publisher_id INTEGER REFERENCES publisher (id),
  isbn TEXT UNIQUE,
  price_cents INTEGER NOT NULL DEFAULT 0 CHECK (price_cents >= 0),
  stock INTEGER NOT NULL DEFAULT 0,
  last_updated TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_book_author ON book (author_id);
CREATE TABLE genre (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL);
CREATE TABLE book_genre (
  book_id INTEGER NOT NULL REFERENCES book (id) ON DELETE CASCADE,
  genre_code TEXT NOT NULL REFERENCES genre (code),
  PRIMARY KEY (book_id, genre_code)
) WITHOUT ROWID;
CREATE TABLE member (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  last_updated TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE loan (
  id INTEGER PRIMARY KEY,
  book_id INTEGER NOT NULL REFERENCES book (id),
  member_id INTEGER NOT NULL REFERENCES member (id) ON DELETE CASCADE,
  due_on TEXT NOT NULL,
  returned_on TEXT,
  last_updated TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX ix_loan_open ON loan (member_id) WHERE returned_on IS NULL;
CREATE TABLE review (
  book_id INTEGER NOT NULL REFERENCES book (id),
  member_id INTEGER NOT NULL REFERENCES member (id),
  stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  body TEXT,
  PRIMARY KEY (book_id, member_id)
) WITHOUT ROWID;
CREATE TABLE stock_log (
  id INTEGER PRIMARY KEY,
  book_id INTEGER NOT NULL,
  delta INTEGER NOT NULL
);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  table_name TEXT NOT NULL,
  row_id INTEGER NOT NULL,
  action TEXT NOT NULL
);
CREATE TRIGGER author_last_updated AFTER UPDATE ON author
  WHEN NEW.last_updated = OLD.last_updated
BEGIN
  UPDATE author SET last_updated = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
CREATE TRIGGER publisher_last_updated AFTER UPDATE ON publisher
  WHEN NEW.last_updated = OLD.last_updated
BEGIN
  UPDATE publisher SET last_updated = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
CREATE TRIGGER book_last_updated AFTER UPDATE ON book FOR EACH ROW
  WHEN NEW.last_updated = OLD.last_updated
BEGIN
  UPDATE book SET last_updated = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
create trigger member_last_updated after update on member
  when new.last_updated = old.last_updated
begin
  update member set last_updated = current_timestamp where id = new.id;
end;
CREATE TRIGGER loan_last_updated AFTER UPDATE ON loan
  WHEN NEW.last_updated = OLD.last_updated
BEGIN
  UPDATE loan SET last_updated = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
CREATE TRIGGER loan_needs_stock BEFORE INSERT ON loan
  WHEN (SELECT stock FROM book WHERE id = NEW.book_id) < 1
BEGIN
  SELECT RAISE(ABORT, 'no copy left to lend');
END;
CREATE TRIGGER loan_out AFTER INSERT ON loan
BEGIN
  UPDATE book SET stock = stock - 1 WHERE id = NEW.book_id;
  INSERT INTO stock_log (book_id, delta) VALUES (NEW.book_id, -1);
END;
CREATE TRIGGER loan_back AFTER UPDATE OF returned_on ON loan
  WHEN OLD.returned_on IS NULL AND NEW.returned_on IS NOT NULL
BEGIN
  UPDATE book SET stock = stock + 1 WHERE id = NEW.book_id;
  INSERT INTO stock_log (book_id, delta) VALUES (NEW.book_id, 1);
END;
CREATE TRIGGER member_audit_delete AFTER DELETE ON member
BEGIN
  -- kept for the yearly report
  INSERT INTO audit_log (table_name, row_id, action) VALUES ('member', OLD.id, 'delete');
END;
CREATE TRIGGER review_stars_audit AFTER UPDATE OF stars ON review
BEGIN
  INSERT INTO audit_log (table_name, row_id, action)
    VALUES ('review', NEW.book_id, 'stars ' || OLD.stars || ' -> ' || NEW.stars);
END;
CREATE VIEW book_list AS
  SELECT b.id, b.title, a.name AS author, b.price_cents / 100.0 AS price, b.stock
  FROM book b JOIN author a ON a.id = b.author_id;
CREATE VIEW available_books AS SELECT id, title, author FROM book_list WHERE stock > 0;
CREATE VIEW open_loans AS
  SELECT l.id, m.email, bl.title, l.due_on
  FROM loan l JOIN member m ON m.id = l.member_id JOIN book_list bl ON bl.id = l.book_id
  WHERE l.returned_on IS NULL;
CREATE TRIGGER book_list_insert INSTEAD OF INSERT ON book_list
BEGIN
  INSERT INTO author (name) SELECT NEW.author
    WHERE NOT EXISTS (SELECT 1 FROM author WHERE name = NEW.author);
  INSERT INTO book (id, title, author_id, price_cents, stock)
    VALUES (NEW.id, NEW.title, (SELECT id FROM author WHERE name = NEW.author),
            CAST(round(NEW.price * 100) AS INTEGER), coalesce(NEW.stock, 0));
END;
)sql";

// Every trigger and view as sqlite_schema keeps it (not through retort's
// inspector).
constexpr const char* kObjectCatalog =
    "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name";
constexpr const char* kViewCatalog =
    "SELECT name, tbl_name FROM sqlite_schema WHERE type = 'view' ORDER BY name";

TEST(TriggersSqliteTest, HandWrittenTriggersInspectedAndRebuiltMatchBySqliteSchemaAndPragmas) {
  CliProject original("sqlite");
  original.execute(kLibrarySql);
  ProcessResult inspect = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_NE(inspect.out.find("[[trigger]]"), std::string::npos) << inspect.out;
  EXPECT_EQ(inspect.err.find("not managed"), std::string::npos) << inspect.err;

  CliProject copy("sqlite");
  expect_adopted(original, copy, inspect.out);
  const CatalogRows triggers = original.query(kObjectCatalog);
  EXPECT_EQ(triggers.size(), 11u);
  EXPECT_EQ(differences(triggers, copy.query(kObjectCatalog)), "");
  EXPECT_EQ(differences(original.query(kViewCatalog), copy.query(kViewCatalog)), "");
  EXPECT_EQ(differences(sqlite_table_catalog(original), sqlite_table_catalog(copy)), "");
  EXPECT_EQ(differences(sqlite_index_catalog(original), sqlite_index_catalog(copy)), "");
  EXPECT_EQ(differences(sqlite_foreign_key_catalog(original), sqlite_foreign_key_catalog(copy)),
            "");

  // What the triggers do works in the copy.
  copy.execute(
      "INSERT INTO book_list (id, title, author, price, stock) VALUES (1, 'Dune', 'Herbert', "
      "9.99, 1);"
      "INSERT INTO member (email, name) VALUES ('a@b.c', 'Ann');"
      "INSERT INTO loan (id, book_id, member_id, due_on) VALUES (1, 1, 1, '2027-01-01')");
  EXPECT_EQ(copy.query("SELECT title, author, price, stock FROM book_list"),
            (CatalogRows{{"Dune", "Herbert", "9.99", "0"}}));
  EXPECT_EQ(copy.query("SELECT count(*) FROM available_books"), (CatalogRows{{"0"}}));
  ProcessResult no_copy = copy.run_in_shell(
      "INSERT INTO loan (id, book_id, member_id, due_on) VALUES (2, 1, 1, '2027-01-01');");
  EXPECT_NE(no_copy.exit_code, 0) << no_copy.describe();
  EXPECT_NE(no_copy.err.find("no copy left to lend"), std::string::npos) << no_copy.describe();
  copy.execute(
      "UPDATE book SET last_updated = '2000-01-01' WHERE id = 1;"
      "UPDATE loan SET returned_on = '2026-12-01' WHERE id = 1;"
      "UPDATE book SET title = 'Dune!' WHERE id = 1;"
      "DELETE FROM member");
  EXPECT_EQ(copy.query("SELECT stock, last_updated > '2020' FROM book"), (CatalogRows{{"1", "1"}}));
  EXPECT_EQ(copy.query("SELECT sum(delta), count(*) FROM stock_log"), (CatalogRows{{"0", "2"}}));
  EXPECT_EQ(copy.query("SELECT table_name, action FROM audit_log"),
            (CatalogRows{{"member", "delete"}}));
}

TEST(TriggersSqliteTest, InspectAsSqlBuildsTheSameTriggers) {
  CliProject original("sqlite");
  original.execute(kLibrarySql);
  ProcessResult sql = original.retort({"inspect", "--format", "sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("CREATE TRIGGER loan_back AFTER UPDATE OF returned_on ON loan"),
            std::string::npos)
      << sql.out;
  CliProject copy("sqlite");
  ProcessResult run = copy.run_in_shell(sql.out);
  ASSERT_EQ(run.exit_code, 0) << run.describe() << sql.out;
  EXPECT_EQ(differences(original.query(kObjectCatalog), copy.query(kObjectCatalog)), "");
}

// A trigger written in spellings SQLite keeps differently (IF NOT EXISTS,
// a `main.` name, case, line breaks, a closing semicolon) gives no ops.
constexpr const char* kTask = R"t(
[[table]]
name = "task"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "status", type = "varchar(10)" },
  { name = "done_at", type = "text", nullable = true },
]

[[view]]
name = "open_task"
query = "SELECT id, upper(status) AS status FROM task WHERE done_at IS NULL"

[[trigger]]
sql = """
create trigger if not exists main.Task_Done
  after update of status on task
  when NEW.status = 'done'
begin
  update task set done_at = '2026-12-07' where id = NEW.id;
end;"""

[[trigger]]
sql = "CREATE TRIGGER task_audit AFTER DELETE ON task BEGIN SELECT 1; END"
)t";

TEST(TriggersSqliteTest, SpellingsSqliteStoresDifferentlyGiveNoOps) {
  CliProject p("sqlite");
  p.write_models(kTask);
  ASSERT_FALSE(p.migrate("tasks").empty());
  const std::string text = p.read(p.revision_file("tasks"));
  EXPECT_NE(text.find("op = \"create_trigger\""), std::string::npos) << text;
  EXPECT_EQ(p.query("SELECT name, tbl_name FROM sqlite_schema WHERE type = 'trigger' ORDER BY 1"),
            (CatalogRows{{"Task_Done", "task"}, {"task_audit", "task"}}));
  expect_no_differences(p);
  p.execute("INSERT INTO task (id, status) VALUES (1, 'new'); UPDATE task SET status = 'done'");
  EXPECT_EQ(p.query("SELECT done_at FROM task"), (CatalogRows{{"2026-12-07"}}));
}

// One character of a body is a difference: the trigger is dropped and
// created again (SQLite has no OR REPLACE), and the downgrade brings the old
// one back.
TEST(TriggersSqliteTest, OneCharacterOfABodyIsAChangeThatDowngrades) {
  CliProject p("sqlite");
  p.write_models(kTask);
  ASSERT_FALSE(p.migrate("tasks").empty());
  const CatalogRows before = p.query(kObjectCatalog);
  std::string changed = kTask;
  const std::string from = "'2026-12-07'";
  changed.replace(changed.find(from), from.size(), "'2026-12-08'");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("later").empty());
  const std::string text = p.read(p.revision_file("later"));
  EXPECT_NE(text.find("op = \"alter_trigger\""), std::string::npos) << text;
  EXPECT_EQ(text.find("task_audit"), std::string::npos) << text;
  p.execute("INSERT INTO task (id, status) VALUES (1, 'new'); UPDATE task SET status = 'done'");
  EXPECT_EQ(p.query("SELECT done_at FROM task"), (CatalogRows{{"2026-12-08"}}));
  expect_no_differences(p);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(differences(before, p.query(kObjectCatalog)), "");
}

// A column type change rebuilds the table: its triggers and the view over
// it come back, with the rows, and the downgrade rebuilds it back.
TEST(TriggersSqliteTest, AColumnTypeChangeUnderTriggersAndAViewKeepsThemAndTheRows) {
  CliProject p("sqlite");
  p.write_models(kTask);
  ASSERT_FALSE(p.migrate("tasks").empty());
  p.execute("INSERT INTO task (id, status) VALUES (1, 'new'), (2, 'waiting')");
  const CatalogRows before = p.query(kObjectCatalog);
  std::string changed = kTask;
  const std::string from = R"x("varchar(10)")x";
  changed.replace(changed.find(from), from.size(), R"x("text")x");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("wider").empty());
  const std::string text = p.read(p.revision_file("wider"));
  const auto alter = text.find("op = \"alter_column\"");
  ASSERT_NE(alter, std::string::npos) << text;
  EXPECT_LT(text.find("op = \"drop_trigger\""), alter) << text;
  EXPECT_GT(text.find("op = \"create_trigger\""), alter) << text;
  EXPECT_EQ(p.query("SELECT type FROM pragma_table_info('task') WHERE name = 'status'"),
            (CatalogRows{{"TEXT"}}));
  EXPECT_EQ(differences(before, p.query(kObjectCatalog)), "");
  EXPECT_EQ(p.query("SELECT id, status FROM open_task ORDER BY id"),
            (CatalogRows{{"1", "NEW"}, {"2", "WAITING"}}));
  p.execute("UPDATE task SET status = 'done' WHERE id = 1");
  EXPECT_EQ(p.query("SELECT id FROM open_task"), (CatalogRows{{"2"}}));
  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.query("SELECT type FROM pragma_table_info('task') WHERE name = 'status'"),
            (CatalogRows{{"VARCHAR(10)"}}));
  EXPECT_EQ(differences(before, p.query(kObjectCatalog)), "");
  p.execute("UPDATE task SET status = 'done' WHERE id = 2");
  EXPECT_EQ(p.query("SELECT count(*) FROM task WHERE done_at IS NOT NULL"), (CatalogRows{{"2"}}));
}

// A trigger the filters leave out is neither declared nor dropped, and a
// rebuild of its table re-creates it.
TEST(TriggersSqliteTest, AnExcludedTriggerIsKeptThroughARebuild) {
  CliProject p("sqlite");
  p.write("retort.toml", p.read("retort.toml") + "exclude = [\"trigger:legacy_*\"]\n");
  p.write_models(kTask);
  ASSERT_FALSE(p.migrate("tasks").empty());
  p.execute(
      "CREATE TRIGGER legacy_log AFTER INSERT ON task BEGIN UPDATE task SET done_at = 'logged' "
      "WHERE id = NEW.id; END");
  ProcessResult inspect = p.retort({"inspect"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_EQ(inspect.out.find("legacy_log"), std::string::npos) << inspect.out;
  expect_no_differences(p);
  std::string changed = kTask;
  const std::string from = R"x("varchar(10)")x";
  changed.replace(changed.find(from), from.size(), R"x("text")x");
  p.write_models(changed);
  ASSERT_FALSE(p.migrate("wider").empty());
  EXPECT_EQ(p.query("SELECT count(*) FROM sqlite_schema WHERE name = 'legacy_log'"),
            (CatalogRows{{"1"}}));
  p.execute("INSERT INTO task (id, status) VALUES (5, 'new')");
  EXPECT_EQ(p.query("SELECT done_at FROM task WHERE id = 5"), (CatalogRows{{"logged"}}));
}

// SQLite's names fold case: a trigger on table "Hero" written `ON Hero`
// (read back as `hero`) round-trips through revisions and inspect, and one
// whose ON differs in case from the table (`ON VILLAIN`) is read and kept
// through a rebuild.
TEST(TriggersSqliteTest, TableNamesInAnyCaseRoundTripAndSurviveRebuilds) {
  CliProject p("sqlite");
  const std::string models = R"t(
[[table]]
name = "Hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(20)" },
  { name = "seen", type = "integer", default = 0 },
]

[[trigger]]
sql = "CREATE TRIGGER Hero_Seen AFTER UPDATE OF name ON Hero BEGIN UPDATE Hero SET seen = seen + 1 WHERE id = NEW.id; END"
)t";
  p.write_models(models);
  ASSERT_FALSE(p.migrate("heroes").empty());
  expect_no_differences(p);
  p.execute(
      "CREATE TABLE villain (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
      "CREATE TRIGGER villain_named AFTER INSERT ON VILLAIN BEGIN UPDATE villain SET name = "
      "upper(name) WHERE id = NEW.id; END");
  ProcessResult inspect = p.retort({"inspect"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_NE(inspect.out.find("villain_named"), std::string::npos) << inspect.out;
  p.write_models(inspect.out);
  expect_no_differences(p);
  std::string wider = inspect.out;
  const std::string from = R"x("varchar(20)")x";
  ASSERT_NE(wider.find(from), std::string::npos) << wider;
  wider.replace(wider.find(from), from.size(), R"x("text")x");
  p.write_models(wider);
  ASSERT_FALSE(p.migrate("wider").empty());
  expect_no_differences(p);
  p.execute(
      "INSERT INTO Hero (id, name) VALUES (1, 'a'); UPDATE Hero SET name = 'b';"
      "INSERT INTO villain (id, name) VALUES (1, 'x')");
  EXPECT_EQ(p.query("SELECT seen FROM Hero"), (CatalogRows{{"1"}}));
  EXPECT_EQ(p.query("SELECT name FROM villain"), (CatalogRows{{"X"}}));
}

// What SQLite cannot keep is refused at the declaration's line, exit 2,
// nothing written.
struct BadTrigger {
  const char* name;
  const char* section;
  const char* message;
  const char* where = "models.toml:3";
};

class BadSqliteTriggerTest : public ::testing::TestWithParam<BadTrigger> {};

TEST_P(BadSqliteTriggerTest, RefusedWithFileAndLineAndNothingChanges) {
  CliProject p("sqlite");
  p.write_models(std::string("\n\n[[trigger]]\n") + GetParam().section + "\n");
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "bad"});
  EXPECT_EQ(rev.exit_code, 2) << rev.describe();
  EXPECT_NE(rev.err.find(GetParam().where), std::string::npos) << rev.describe();
  EXPECT_NE(rev.err.find(GetParam().message), std::string::npos) << rev.describe();
  EXPECT_TRUE(p.revision_files().empty());
  EXPECT_EQ(p.query("SELECT count(*) FROM sqlite_schema"), (CatalogRows{{"0"}}));
}

INSTANTIATE_TEST_SUITE_P(
    Sqlite, BadSqliteTriggerTest,
    ::testing::Values(
        BadTrigger{"temp", "sql = \"CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END\"",
                   "is TEMP"},
        BadTrigger{"no_end", "sql = \"CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;\"",
                   "the statement does not end"},
        BadTrigger{"state",
                   "sql = \"CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END\"\nstate = "
                   "\"disabled\"",
                   "SQLite cannot switch a trigger off"},
        BadTrigger{"comment",
                   "sql = \"CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END\"\ncomment = "
                   "\"c\"",
                   "SQLite keeps none on a trigger"},
        BadTrigger{"schema", "sql = \"CREATE TRIGGER t AFTER INSERT ON aux.x BEGIN SELECT 1; END\"",
                   "not `aux`"},
        BadTrigger{"not_a_trigger", "sql = \"CREATE VIEW v AS SELECT 1\"", "is not CREATE TRIGGER",
                   "models.toml:4"}),
    [](const ::testing::TestParamInfo<BadTrigger>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace retort::testing
