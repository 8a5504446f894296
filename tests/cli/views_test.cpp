// Views and materialized views end to end, on each dialect: declared in
// models.toml (inline or in a .sql file) -> autogenerate -> upgrade -> no
// differences; spellings the server normalises compared without false
// diffs, online and offline; views over a table whose column types change
// dropped and recreated around the change with the rows kept; a read-only
// connection that compares without creating anything; and the bad input.
// What the database holds is read from its catalog (pg_views, pg_matviews,
// sqlite_schema), not through retort's inspector.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/catalog_rows.hpp"
#include "tests/cli/cli_project.hpp"
#include "tests/support/test_database.hpp"

namespace retort::testing {
namespace {

constexpr const char* kTables = R"t(
[[table]]
name = "team"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(50)" },
]

[[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(50)" },
  { name = "age", type = "integer", nullable = true },
  { name = "team_id", type = "integer", nullable = true, foreign_key = "team.id" },
]
)t";

// A view over a join, and a view over that view.
std::string models_with_views(const std::string& grown_up_query,
                              const std::string& name_type = "varchar(50)",
                              const std::string& age_type = "integer") {
  std::string tables = kTables;
  const std::string from = R"t({ name = "name", type = "varchar(50)" },
  { name = "age", type = "integer", nullable = true },
  { name = "team_id")t";
  const std::string to = "{ name = \"name\", type = \"" + name_type +
                         "\" },\n  { name = \"age\", type = \"" + age_type +
                         "\", nullable = true },\n  { name = \"team_id\"";
  tables.replace(tables.find(from), from.size(), to);
  return tables + R"t(
[[view]]
name = "hero_team"
query = """
SELECT hero.id, hero.name, hero.age, team.name AS team_name
FROM hero JOIN team ON team.id = hero.team_id
"""

[[view]]
name = "grown_up"
query = ")t" +
         grown_up_query + "\"\n";
}

constexpr const char* kGrownUp = "SELECT id, name, team_name FROM hero_team WHERE age >= 18";

// The views of the default schema and their definitions, from the catalog.
CatalogRows catalog_views(const CliProject& p) {
  if (p.dialect() == "postgresql") {
    return p.query(
        "SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' "
        "UNION ALL SELECT matviewname, definition FROM pg_matviews WHERE schemaname = 'public' "
        "ORDER BY 1");
  }
  return p.query("SELECT name, sql FROM sqlite_schema WHERE type = 'view' ORDER BY name");
}

std::vector<std::string> view_names(const CliProject& p) {
  std::vector<std::string> out;
  for (const auto& row : catalog_views(p)) out.push_back(row[0]);
  return out;
}

void seed(const CliProject& p) {
  p.execute("INSERT INTO team (id, name) VALUES (1, 'Preventers'), (2, 'Z-Force')");
  p.execute(
      "INSERT INTO hero (id, name, age, team_id) VALUES (1, 'Deadpond', 30, 2), "
      "(2, 'Spider-Boy', 16, 1), (3, 'Rusty-Man', 48, 1)");
}

class ViewsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ViewsTest, DeclaredViewsAreCreatedInOrderAndCompareClean) {
  CliProject p(GetParam());
  p.write_models(kTables);
  ASSERT_FALSE(p.migrate("tables").empty());
  seed(p);
  p.write_models(models_with_views(kGrownUp));
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "views"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  const std::string text = p.read(p.revision_file("views"));
  // The view over the view is created after it.
  ASSERT_NE(text.find("create_view"), std::string::npos) << text;
  EXPECT_LT(text.find("name = \"hero_team\""), text.find("name = \"grown_up\"")) << text;
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(view_names(p), (std::vector<std::string>{"grown_up", "hero_team"}));
  EXPECT_EQ(p.query("SELECT name, team_name FROM grown_up ORDER BY id"),
            (CatalogRows{{"Deadpond", "Z-Force"}, {"Rusty-Man", "Preventers"}}));
  expect_no_differences(p);

  // Downgrade drops them, the reader first.
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_TRUE(view_names(p).empty());
  EXPECT_EQ(p.query("SELECT count(*) FROM hero"), (CatalogRows{{"3"}}));
}

TEST_P(ViewsTest, QueryFromSqlFileNextToTheModels) {
  CliProject p(GetParam());
  p.write("views/roster.sql",
          "-- the heroes of each team\nSELECT team.name AS team, hero.name AS hero\n"
          "FROM hero JOIN team ON team.id = hero.team_id;\n");
  p.write_models(std::string(kTables) +
                 "\n[[view]]\nname = \"roster\"\nsql_file = \"views/roster.sql\"\n");
  ASSERT_FALSE(p.migrate("roster").empty());
  seed(p);
  EXPECT_EQ(p.query("SELECT hero FROM roster WHERE team = 'Z-Force'"), (CatalogRows{{"Deadpond"}}));
  expect_no_differences(p);
  // Editing the file is a change to the view.
  p.write("views/roster.sql",
          "SELECT team.name AS team, hero.name AS hero, hero.age\n"
          "FROM hero JOIN team ON team.id = hero.team_id\n");
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 1) << check.describe();
  EXPECT_NE(check.out.find("view roster"), std::string::npos) << check.describe();
}

// Spellings of one query that the server stores alike: after the view is
// created from the first, the others give no ops against it.
TEST_P(ViewsTest, SpellingsTheServerNormalisesGiveNoOps) {
  CliProject p(GetParam());
  const bool pg = std::string(GetParam()) == "postgresql";
  std::vector<std::string> spellings = {
      "SELECT id, name, team_name FROM hero_team WHERE age >= 18",
      "select ID,   Name ,\\n team_name\\n from HERO_TEAM -- grown-ups\\n where AGE>=18;",
      "SELECT \\\"id\\\", \\\"name\\\", \\\"team_name\\\" FROM \\\"hero_team\\\" WHERE age >= 18",
  };
  if (pg) {
    // Aliases, qualified names and the casts the server adds.
    spellings.push_back(
        "SELECT h.id AS id, h.name, h.team_name FROM public.hero_team AS h WHERE (h.age >= 18)");
    spellings.push_back(
        "SELECT hero_team.id, hero_team.name, hero_team.team_name FROM hero_team "
        "WHERE hero_team.age >= 18::integer");
  }
  p.write_models(models_with_views(spellings[0]));
  ASSERT_FALSE(p.migrate("views").empty());
  for (const std::string& spelling : spellings) {
    SCOPED_TRACE(spelling);
    p.write_models(models_with_views(spelling));
    expect_no_differences(p);
  }
  // A different query is a change.
  p.write_models(models_with_views("SELECT id, name, team_name FROM hero_team WHERE age >= 21"));
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 1) << check.describe();
}

// Offline (the schema at a revision against the models): whitespace,
// keyword case, comments and aliases settle without a server.
TEST_P(ViewsTest, OfflineSpellingsThatDifferInLayoutOnlyGiveNoOps) {
  CliProject p(GetParam());
  p.write_models(models_with_views(kGrownUp));
  ASSERT_FALSE(p.migrate("views").empty());
  const bool pg = std::string(GetParam()) == "postgresql";
  std::vector<std::string> spellings = {
      "select id,name,team_name from hero_team where age >= 18",
      "SELECT id,\\n  name,\\n  team_name\\nFROM hero_team /* adults */ WHERE age >= 18;"};
  if (pg) {
    spellings.push_back(
        "SELECT t.id AS id, t.name AS name, t.team_name FROM hero_team AS t WHERE t.age >= 18");
  }
  for (const std::string& spelling : spellings) {
    SCOPED_TRACE(spelling);
    p.write_models(models_with_views(spelling));
    ProcessResult diff = p.retort({"diff", "--from", "head", "--to", "models"});
    EXPECT_EQ(diff.exit_code, 0) << diff.describe();
  }
}

// Changing the type of columns two stacked views read: one revision drops
// the views, alters the columns and recreates the views; rows are kept,
// nothing is left to change, and downgrade restores the old definitions.
TEST_P(ViewsTest, ColumnTypeChangeUnderStackedViewsRecreatesThem) {
  CliProject p(GetParam());
  p.write_models(models_with_views(kGrownUp));
  ASSERT_FALSE(p.migrate("views").empty());
  seed(p);
  const CatalogRows before = catalog_views(p);
  p.write_models(models_with_views(kGrownUp, "varchar(200)", "bigint"));
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "widen"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  const std::string text = p.read(p.revision_file("widen"));
  const auto first_drop = text.find("op = \"drop_view\"");
  const auto alter = text.find("op = \"alter_column\"");
  const auto last_create = text.rfind("op = \"create_view\"");
  ASSERT_NE(first_drop, std::string::npos) << text;
  ASSERT_NE(alter, std::string::npos) << text;
  ASSERT_NE(last_create, std::string::npos) << text;
  EXPECT_LT(first_drop, alter) << text;
  EXPECT_LT(alter, last_create) << text;
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(view_names(p), (std::vector<std::string>{"grown_up", "hero_team"}));
  EXPECT_EQ(p.query("SELECT name, team_name FROM grown_up ORDER BY id"),
            (CatalogRows{{"Deadpond", "Z-Force"}, {"Rusty-Man", "Preventers"}}));
  if (p.dialect() == "postgresql") {
    EXPECT_EQ(p.query("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                      "WHERE attrelid = 'grown_up'::regclass AND attname = 'name'"),
              (CatalogRows{{"character varying(200)"}}));
  }
  expect_no_differences(p);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(catalog_views(p), before);
  EXPECT_EQ(p.query("SELECT count(*) FROM grown_up"), (CatalogRows{{"2"}}));
}

// Views written by hand are inspected in every format: toml ([[view]]), json,
// sql (CREATE VIEW, what a view reads first) and cpp (retort::View).
TEST_P(ViewsTest, InspectWritesViewsInEveryFormat) {
  CliProject p(GetParam());
  p.execute("CREATE TABLE hero (id integer PRIMARY KEY, name varchar(50) NOT NULL, age integer)");
  p.execute("CREATE VIEW zz_base AS SELECT id, name FROM hero WHERE age > 30");
  p.execute("CREATE VIEW aa_top AS SELECT name FROM zz_base");
  ProcessResult toml = p.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(toml.exit_code, 0) << toml.describe();
  EXPECT_NE(toml.out.find("[[view]]\nname = \"aa_top\""), std::string::npos) << toml.out;
  ProcessResult json = p.retort({"inspect", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  EXPECT_NE(json.out.find("\"zz_base\""), std::string::npos) << json.out;
  ProcessResult sql = p.retort({"inspect", "--format", "sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  const auto base = sql.out.find("CREATE VIEW \"zz_base\"") != std::string::npos
                        ? sql.out.find("CREATE VIEW \"zz_base\"")
                        : sql.out.find("CREATE VIEW zz_base");
  const auto top = sql.out.find("aa_top");
  ASSERT_NE(base, std::string::npos) << sql.out;
  EXPECT_LT(base, top) << sql.out;
  ProcessResult cpp = p.retort({"inspect", "--format", "cpp"});
  ASSERT_EQ(cpp.exit_code, 0) << cpp.describe();
  EXPECT_NE(cpp.out.find("retort::View{.name = \"aa_top\""), std::string::npos) << cpp.out;
  // The toml output, applied to an empty database, builds the same views.
  CliProject copy(GetParam());
  copy.write_models(toml.out);
  ASSERT_FALSE(copy.migrate("adopt").empty());
  EXPECT_EQ(copy.query("SELECT name FROM aa_top"), p.query("SELECT name FROM aa_top"));
  EXPECT_EQ(view_names(copy), view_names(p));
  expect_no_differences(copy);
}

TEST_P(ViewsTest, BadViewDeclarationsAreRefusedWithFileAndLine) {
  struct Case {
    std::string name;
    std::string view;  // appended to kTables
    std::string message;
  };
  const std::vector<Case> cases = {
      {"both", "[[view]]\nname = \"v\"\nquery = \"SELECT 1\"\nsql_file = \"v.sql\"\n",
       "needs exactly one of `query` and `sql_file`"},
      {"neither", "[[view]]\nname = \"v\"\n", "needs exactly one of `query` and `sql_file`"},
      {"missing file", "[[view]]\nname = \"v\"\nsql_file = \"views/none.sql\"\n", "none.sql"},
      {"with_data", "[[view]]\nname = \"v\"\nquery = \"SELECT 1\"\nwith_data = false\n",
       "`with_data` applies only to a materialized view"},
      {"table name", "[[view]]\nname = \"hero\"\nquery = \"SELECT 1\"\n",
       "view hero has the name of a table"},
      {"duplicate",
       "[[view]]\nname = \"v\"\nquery = \"SELECT 1\"\n\n[[view]]\nname = \"v\"\nquery = \"SELECT "
       "2\"\n",
       "duplicate view v"},
      {"unknown key", "[[view]]\nname = \"v\"\nquery = \"SELECT 1\"\ncolumns = []\n", "columns"},
  };
  std::vector<Case> all = cases;
  if (std::string(GetParam()) == "sqlite") {
    all.push_back({"materialized on sqlite",
                   "[[view]]\nname = \"v\"\nmaterialized = true\nquery = \"SELECT 1 AS one\"\n",
                   "SQLite has no materialized views"});
    all.push_back({"comment on sqlite",
                   "[[view]]\nname = \"v\"\ncomment = \"x\"\nquery = \"SELECT 1 AS one\"\n",
                   "SQLite keeps none on a view"});
  }
  CliProject p(GetParam());
  for (const Case& c : all) {
    SCOPED_TRACE(c.name);
    p.write_models(std::string(kTables) + "\n" + c.view);
    ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "bad"});
    EXPECT_EQ(rev.exit_code, 2) << rev.describe();
    EXPECT_NE(rev.err.find(c.message), std::string::npos) << rev.describe();
    EXPECT_NE(rev.err.find("models.toml"), std::string::npos) << rev.describe();
    EXPECT_TRUE(p.revision_files().empty());
    EXPECT_TRUE(view_names(p).empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, ViewsTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
