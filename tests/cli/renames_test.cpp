// Renames that keep data, on both dialects: `renamed_from` in models.toml
// makes autogenerate write rename_column / rename_table (rows kept, checked by
// reading the tables), and a drop that looks like a rename is never written
// without being told: exit 2 without a terminal, a question with one,
// `--allow-drop` to confirm it.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

using Rows = std::vector<std::vector<std::string>>;

// What the database itself says, read from its catalog rather than through
// retort's inspector: the definition of index `index`, and of the foreign
// keys of table `table` (one row each).
std::string index_definition(const CliProject& p, const std::string& index) {
  const Rows rows = p.dialect() == "sqlite"
                        ? p.query("SELECT sql FROM sqlite_schema WHERE name = '" + index + "'")
                        : p.query("SELECT pg_get_indexdef('" + index + "'::regclass)");
  return rows.empty() || rows[0].empty() ? std::string() : rows[0][0];
}

Rows foreign_key_targets(const CliProject& p, const std::string& table) {
  return p.dialect() == "sqlite"
             ? p.query("SELECT \"table\", \"to\" FROM pragma_foreign_key_list('" + table + "')")
             : p.query(
                   "SELECT r.relname, a.attname FROM pg_constraint c "
                   "JOIN pg_class r ON r.oid = c.confrelid "
                   "JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = c.confkey[1] "
                   "WHERE c.conrelid = '" +
                   table + "'::regclass AND c.contype = 'f'");
}

// A team, its heroes and its fans: a foreign key into team.id from hero and
// one into team.name from fan, an index, a partial index and a check on the
// hero column that the tests rename. `team_head` is the team table's name
// line(s), `team_name` its name column's entry, `age` the hero column's
// entry and `col` its name, `team` the team table's name, `team_key` the
// team column fan refers to.
struct Shape {
  std::string team_head = "name = \"team\"\n";
  std::string team_name = "{ name = \"name\", type = \"varchar(50)\", unique = true }";
  std::string age = "{ name = \"age\", type = \"integer\", nullable = true, index = true }";
  std::string col = "age";
  std::string team = "team";
  std::string team_key = "name";
};

std::string models(const Shape& m) {
  std::string out = "\n[[table]]\n" + m.team_head;
  out += "columns = [\n";
  out += "  { name = \"id\", type = \"integer\", primary_key = true },\n";
  out += "  " + m.team_name + ",\n";
  out += "]\n\n";
  out += "[[table]]\nname = \"hero\"\ncolumns = [\n";
  out += "  { name = \"id\", type = \"integer\", primary_key = true },\n";
  out += "  { name = \"name\", type = \"varchar(100)\", index = true },\n";
  out += "  " + m.age + ",\n";
  out += "  { name = \"team_id\", type = \"integer\", nullable = true, foreign_key = \"" + m.team +
         ".id\" },\n";
  out += "]\n";
  out += "indexes = [{ name = \"ix_hero_adults\", columns = [\"name\"], where = \"" + m.col +
         " >= 18\" }]\n";
  out += "checks = [{ name = \"hero_age_positive\", sql = \"" + m.col + " >= 0\" }]\n\n";
  out += "[[table]]\nname = \"fan\"\ncolumns = [\n";
  out += "  { name = \"id\", type = \"integer\", primary_key = true },\n";
  out += "  { name = \"team_name\", type = \"varchar(50)\", foreign_key = \"" + m.team + "." +
         m.team_key + "\" },\n";
  out += "]\n";
  return out;
}

const std::string kBefore = models({});
// hero.age is now years; line 14 declares it.
const std::string kColumnRenamed =
    models({.age = R"({ name = "years", type = "integer", nullable = true, index = true, )"
                   R"(renamed_from = "age" })",
            .col = "years"});
// The same without saying it was a rename.
const std::string kColumnReplaced =
    models({.age = R"({ name = "years", type = "integer", nullable = true, index = true })",
            .col = "years"});
// team is now squad; the foreign keys into it follow it.
const std::string kTableRenamed =
    models({.team_head = "name = \"squad\"\nrenamed_from = \"team\"\n", .team = "squad"});
// team.name is now title; fan's foreign key into it follows it.
const std::string kReferencedColumnRenamed =
    models({.team_name = "{ name = \"title\", type = \"varchar(50)\", unique = true, "
                         "renamed_from = \"name\" }",
            .team_key = "title"});

class RenamesTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    p_ = std::make_unique<CliProject>(GetParam());
    p_->write_models(kBefore);
    first_ = p_->migrate("team and hero");
    ASSERT_FALSE(first_.empty());
    p_->execute("INSERT INTO team (id, name) VALUES (1, 'Preventers'), (2, 'Z-Force')");
    p_->execute(
        "INSERT INTO hero (id, name, age, team_id) VALUES (1, 'Deadpond', 48, 1), "
        "(2, 'Rusty-Man', NULL, 2), (3, 'Spider-Boy', 18, NULL)");
    p_->execute("INSERT INTO fan (id, team_name) VALUES (1, 'Preventers'), (2, 'Z-Force')");
  }

  CliProject& p() { return *p_; }

  // Autogenerates with `extra` arguments and returns the new file's text.
  std::string autogenerate(const std::string& slug, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"revision", "--autogenerate", "-m", slug};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult made = p().retort(args);
    EXPECT_EQ(made.exit_code, 0) << made.describe();
    if (made.exit_code != 0) return {};
    return p().read(p().revision_file(slug));
  }

  std::unique_ptr<CliProject> p_;
  std::string first_;
};

const std::vector<std::vector<std::string>> kHeroRows = {{"1", "Deadpond", "48", "1"},
                                                         {"2", "Rusty-Man", "NULL", "2"},
                                                         {"3", "Spider-Boy", "18", "NULL"}};

TEST_P(RenamesTest, RenamedColumnKeepsItsRowsAndDowngradeRestoresThem) {
  p().write_models(kColumnRenamed);
  const std::string text = autogenerate("age_to_years");
  EXPECT_TRUE(contains(text, "op = \"rename_column\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"drop_column\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"add_column\"")) << text;
  EXPECT_FALSE(contains(text, "renamed_from")) << text;
  // The convention-named index follows the column without being rebuilt, and
  // the check needs nothing: the database rewrites it.
  EXPECT_TRUE(contains(text, "op = \"rename_index\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"create_index\"")) << text;
  EXPECT_FALSE(contains(text, "_check\"")) << text;

  ProcessResult up = p().retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p().query("SELECT id, name, years, team_id FROM hero ORDER BY id"), kHeroRows);
  // The index and the check now use the new name.
  const MetaData after = p().schema();
  const Table* hero = after.find_table("", "hero");
  ASSERT_NE(hero, nullptr);
  EXPECT_EQ(hero->find_column("age"), nullptr);
  bool indexed = false;
  for (const Index& i : hero->indexes)
    indexed |= i.column_names() == std::vector<std::string>{"years"};
  EXPECT_TRUE(indexed) << schema_text(after);
  ASSERT_EQ(hero->checks.size(), 1u) << schema_text(after);
  EXPECT_TRUE(contains(hero->checks[0].sql, "years")) << hero->checks[0].sql;
  for (const Index& i : hero->indexes) {
    if (i.name == "ix_hero_adults") {
      EXPECT_TRUE(contains(i.where, "years")) << i.where;
    }
  }
  const std::string predicate = index_definition(p(), "ix_hero_adults");
  EXPECT_TRUE(contains(predicate, "years")) << predicate;
  EXPECT_FALSE(contains(predicate, "age")) << predicate;
  ProcessResult check = p().retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();

  // Once the database has the new name, renamed_from changes nothing.
  const std::string again = autogenerate("nothing_left");
  EXPECT_FALSE(contains(again, "op = ")) << again;
  ASSERT_TRUE(std::filesystem::remove(p().revision_file("nothing_left")));

  ProcessResult down = p().retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p().query("SELECT id, name, age, team_id FROM hero ORDER BY id"), kHeroRows);
  EXPECT_EQ(p().version(), first_);
}

TEST_P(RenamesTest, RenamedTableKeepsItsRowsAndTheForeignKeysIntoIt) {
  p().write_models(kTableRenamed);
  const std::string text = autogenerate("team_to_squad");
  EXPECT_TRUE(contains(text, "op = \"rename_table\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"drop_table\"")) << text;
  // Convention names follow: uq_team_name and fk_hero_team_id_team are
  // renamed, not dropped and added (which would check every row again).
  EXPECT_TRUE(contains(text, "op = \"rename_constraint\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"add_foreign_key\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"add_unique\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"create_table\"")) << text;

  ProcessResult up = p().retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p().query("SELECT id, name FROM squad ORDER BY id"),
            (std::vector<std::vector<std::string>>{{"1", "Preventers"}, {"2", "Z-Force"}}));
  EXPECT_EQ(p().query("SELECT id, name, age, team_id FROM hero ORDER BY id"), kHeroRows);
  const MetaData after = p().schema();
  const Table* hero = after.find_table("", "hero");
  ASSERT_NE(hero, nullptr);
  ASSERT_EQ(hero->foreign_keys.size(), 1u) << schema_text(after);
  EXPECT_EQ(hero->foreign_keys[0].ref_table, "squad");
  EXPECT_EQ(foreign_key_targets(p(), "hero"), (Rows{{"squad", "id"}}));
  EXPECT_EQ(foreign_key_targets(p(), "fan"), (Rows{{"squad", "name"}}));
  ProcessResult check = p().retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();

  ProcessResult down = p().retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p().query("SELECT id, name FROM team ORDER BY id"),
            (std::vector<std::vector<std::string>>{{"1", "Preventers"}, {"2", "Z-Force"}}));
}

TEST_P(RenamesTest, ForeignKeysIntoARenamedColumnFollowIt) {
  p().write_models(kReferencedColumnRenamed);
  const std::string text = autogenerate("name_to_title");
  EXPECT_TRUE(contains(text, "op = \"rename_column\"")) << text;
  EXPECT_TRUE(contains(text, "new_name = \"uq_team_title\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"add_foreign_key\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"drop_column\"")) << text;
  ProcessResult up = p().retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p().query("SELECT t.title, f.id FROM fan f JOIN team t ON t.title = f.team_name "
                      "ORDER BY f.id"),
            (std::vector<std::vector<std::string>>{{"Preventers", "1"}, {"Z-Force", "2"}}));
  const MetaData after = p().schema();
  const Table* fan = after.find_table("", "fan");
  ASSERT_NE(fan, nullptr);
  ASSERT_EQ(fan->foreign_keys.size(), 1u) << schema_text(after);
  EXPECT_EQ(fan->foreign_keys[0].ref_columns, std::vector<std::string>{"title"});
  EXPECT_EQ(foreign_key_targets(p(), "fan"), (Rows{{"team", "title"}}));
  ProcessResult check = p().retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  ProcessResult down = p().retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p().query("SELECT name FROM team ORDER BY id"),
            (std::vector<std::vector<std::string>>{{"Preventers"}, {"Z-Force"}}));
}

TEST_P(RenamesTest, AnUndeclaredRenameStopsAutogenerateWithoutATerminal) {
  p().write_models(kColumnReplaced);
  const MetaData before = p().schema();
  const auto files_before = p().revision_files();
  ProcessResult made = p().retort({"revision", "--autogenerate", "-m", "lossy"});
  EXPECT_EQ(made.exit_code, 2) << made.describe();
  EXPECT_TRUE(contains(made.err, "column hero.age -> hero.years (integer)")) << made.describe();
  EXPECT_TRUE(contains(made.err, "models.toml:14")) << made.describe();
  EXPECT_TRUE(contains(made.err, "renamed_from = \"age\" on hero.years")) << made.describe();
  EXPECT_TRUE(contains(made.err, "--allow-drop hero.age")) << made.describe();
  EXPECT_EQ(p().revision_files(), files_before);
  EXPECT_EQ(p().schema(), before);
  EXPECT_EQ(p().version(), first_);
}

TEST_P(RenamesTest, RenamedFromANameTheModelsStillDeclareIsRefused) {
  // hero keeps age and says years was age: line 14 again.
  Shape both;
  both.age =
      "{ name = \"years\", type = \"integer\", nullable = true, renamed_from = \"age\" },\n"
      "  { name = \"age\", type = \"integer\", nullable = true, index = true }";
  p().write_models(models(both));
  const MetaData before = p().schema();
  const auto files_before = p().revision_files();
  ProcessResult made = p().retort({"revision", "--autogenerate", "-m", "both"});
  EXPECT_EQ(made.exit_code, 2) << made.describe();
  EXPECT_TRUE(contains(made.err, "models.toml:14")) << made.describe();
  EXPECT_TRUE(contains(made.err, "renamed_from")) << made.describe();
  EXPECT_TRUE(contains(made.err, "retort: hint: ")) << made.describe();
  EXPECT_EQ(p().revision_files(), files_before);
  EXPECT_EQ(p().schema(), before);
  EXPECT_EQ(p().version(), first_);
}

TEST_P(RenamesTest, ARevisionFileWithRenamedFromIsRefused) {
  const std::string file = "migrations/versions/bad1_carries_intent.toml";
  p().write(file, "revision = \"bad1\"\ndown_revision = \"" + first_ +
                      "\"\nmessage = \"carries intent\"\n\n"
                      "[[upgrade]]\nop = \"create_table\"\ntable = \"power\"\ncolumns = [\n"
                      "  { name = \"id\", type = \"integer\", primary_key = true, "
                      "renamed_from = \"key\" },\n]\n");
  const MetaData before = p().schema();
  ProcessResult up = p().retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 2) << up.describe();
  EXPECT_TRUE(contains(up.err, "bad1_carries_intent.toml:9")) << up.describe();
  EXPECT_TRUE(contains(up.err, "rename_column")) << up.describe();
  EXPECT_EQ(p().schema(), before);
  EXPECT_EQ(p().version(), first_);
}

TEST_P(RenamesTest, AllowDropWritesTheDropAndAdd) {
  p().write_models(kColumnReplaced);
  const std::string text = autogenerate("drop_age", {"--allow-drop", "hero.age"});
  EXPECT_TRUE(contains(text, "op = \"drop_column\"")) << text;
  EXPECT_TRUE(contains(text, "op = \"add_column\"")) << text;
  EXPECT_FALSE(contains(text, "op = \"rename_column\"")) << text;
}

TEST_P(RenamesTest, CheckAndDiffPointOutTheLookAlike) {
  p().write_models(kColumnReplaced);
  ProcessResult check = p().retort({"check"});
  EXPECT_EQ(check.exit_code, 1) << check.describe();
  EXPECT_TRUE(contains(check.err, "column hero.age -> hero.years (integer) may be a rename"))
      << check.describe();
  ProcessResult diff = p().retort({"diff", "--format", "json"});
  EXPECT_EQ(diff.exit_code, 1) << diff.describe();
  EXPECT_TRUE(contains(diff.err, "may be a rename")) << diff.describe();
  EXPECT_EQ(diff.out.find("may be a rename"), std::string::npos) << "notes stay off stdout";
}

TEST_P(RenamesTest, OnATerminalYesRenamesAndNoDrops) {
  p().write_models(kColumnReplaced);
  ProcessOptions yes;
  yes.cwd = p().dir();
  yes.env = {{"RETORT_URL", p().url()}, {"NO_COLOR", "1"}};
  yes.terminal_input = "y\n";
  yes.timeout_seconds = 60;
  ProcessResult renamed = run_retort({"revision", "--autogenerate", "-m", "asked_yes"}, yes);
  ASSERT_EQ(renamed.exit_code, 0) << renamed.describe();
  EXPECT_TRUE(contains(renamed.out, "Did you rename hero.age to hero.years (integer)? [y/N]"))
      << renamed.describe();
  const std::string yes_text = p().read(p().revision_file("asked_yes"));
  EXPECT_TRUE(contains(yes_text, "op = \"rename_column\"")) << yes_text;
  EXPECT_FALSE(contains(yes_text, "op = \"drop_column\"")) << yes_text;
  ASSERT_TRUE(std::filesystem::remove(p().revision_file("asked_yes")));

  ProcessOptions no = yes;
  no.terminal_input = "n\n";
  ProcessResult dropped = run_retort({"revision", "--autogenerate", "-m", "asked_no"}, no);
  ASSERT_EQ(dropped.exit_code, 0) << dropped.describe();
  const std::string no_text = p().read(p().revision_file("asked_no"));
  EXPECT_TRUE(contains(no_text, "op = \"drop_column\"")) << no_text;
  EXPECT_FALSE(contains(no_text, "op = \"rename_column\"")) << no_text;
}

INSTANTIATE_TEST_SUITE_P(Dialects, RenamesTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
