// Every change kind the comparator detects, on each dialect, with data in the
// tables: schema A with rows -> models B -> autogenerate -> upgrade (rows
// kept) -> no differences left -> downgrade -1 (schema equal to A, rows of
// the untouched columns kept).
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// team + hero; `hero_columns` are appended to hero's id column, `hero_extra`
// follows hero's column list, `more` follows the whole file.
std::string models(const std::string& hero_columns, const std::string& hero_extra = "",
                   const std::string& more = "") {
  return "[[table]]\n"
         "name = \"team\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(100)\" },\n"
         "]\n\n"
         "[[table]]\n"
         "name = \"hero\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n" +
         hero_columns + "]\n" + hero_extra + more;
}

// The usual hero columns; each case swaps one of them.
struct HeroColumns {
  std::string name = R"t({ name = "name", type = "varchar(50)" })t";
  std::string age = R"t({ name = "age", type = "integer", nullable = true })t";
  std::string team_id = R"t({ name = "team_id", type = "integer", nullable = true })t";
  std::string extra;  // more column lines
  std::string render() const {
    return "  " + name + ",\n  " + age + ",\n  " + team_id + ",\n" + extra;
  }
};

// A child table whose rows must survive changes (and SQLite rebuilds) of hero.
constexpr const char* kMissionCascade =
    "\n[[table]]\n"
    "name = \"mission\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"title\", type = \"varchar(200)\" },\n"
    "  { name = \"hero_id\", type = \"integer\", foreign_key = \"hero.id\", "
    "on_delete = \"cascade\" },\n"
    "]\n";

constexpr const char* kMission =
    "\n[[table]]\n"
    "name = \"mission\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"title\", type = \"varchar(200)\" },\n"
    "  { name = \"hero_id\", type = \"integer\", nullable = true, foreign_key = \"hero.id\" },\n"
    "]\n";

struct ChangeCase {
  std::string name;
  std::string models_a;
  std::string models_b;
  std::vector<std::string> extra_seed = {};  // after the usual rows
  // Rows of the changed table or column, checked after the upgrade and again
  // after the downgrade (a query that reads the same in schema A and B).
  std::string kept_query = {};
  std::vector<std::vector<std::string>> kept_rows = {};
};

void PrintTo(const ChangeCase& c, std::ostream* os) { *os << c.name; }

std::string with(HeroColumns h, const std::string& extra = "", const std::string& more = "") {
  return models(h.render(), extra, more);
}

HeroColumns base() { return {}; }
HeroColumns name_as(const std::string& column) {
  HeroColumns h;
  h.name = column;
  return h;
}
HeroColumns age_as(const std::string& column) {
  HeroColumns h;
  h.age = column;
  return h;
}
HeroColumns team_as(const std::string& column) {
  HeroColumns h;
  h.team_id = column;
  return h;
}
HeroColumns plus(const std::string& lines) {
  HeroColumns h;
  h.extra = lines;
  return h;
}

std::vector<ChangeCase> change_cases() {
  const std::string fk_set_null =
      R"t({ name = "team_id", type = "integer", nullable = true, foreign_key = "team.id", on_delete = "set null" })t";
  const std::string fk_set_null_on_update =
      R"t({ name = "team_id", type = "integer", nullable = true, foreign_key = "team.id", on_delete = "set null", on_update = "cascade" })t";
  const std::string fk_cascade =
      R"t({ name = "team_id", type = "integer", nullable = true, foreign_key = "team.id", on_delete = "cascade" })t";
  return {
      {"varchar_length", with(base()),
       with(name_as(R"t({ name = "name", type = "varchar(100)" })t"))},
      {"integer_to_bigint", with(base()),
       with(age_as(R"t({ name = "age", type = "bigint", nullable = true })t"))},
      {"text_to_varchar", with(name_as(R"t({ name = "name", type = "text" })t")),
       with(name_as(R"t({ name = "name", type = "varchar(100)" })t"))},
      {"numeric_precision_scale",
       with(plus("  { name = \"price\", type = \"numeric(8,2)\", nullable = true },\n")),
       with(plus("  { name = \"price\", type = \"numeric(12,4)\", nullable = true },\n")),
       {"UPDATE hero SET price = 9.5"},
       "SELECT id, CAST(price * 100 AS INTEGER) FROM hero ORDER BY id",
       {{"1", "950"}, {"2", "950"}, {"3", "950"}}},
      {"make_nullable", with(age_as(R"t({ name = "age", type = "integer" })t")), with(base())},
      {"make_not_null", with(base()), with(age_as(R"t({ name = "age", type = "integer" })t"))},
      {"default_literal",
       with(age_as(R"t({ name = "age", type = "integer", nullable = true, default = 1 })t")),
       with(age_as(R"t({ name = "age", type = "integer", nullable = true, default = 5 })t"))},
      {"default_sql",
       with(plus("  { name = \"created_at\", type = \"timestamp\", nullable = true },\n")),
       with(plus("  { name = \"created_at\", type = \"timestamp\", nullable = true, "
                 "default_sql = \"CURRENT_TIMESTAMP\" },\n"))},
      {"index_add", with(base()),
       with(name_as(R"t({ name = "name", type = "varchar(50)", index = true })t"))},
      {"index_drop", with(name_as(R"t({ name = "name", type = "varchar(50)", index = true })t")),
       with(base())},
      {"index_columns_change",
       with(base(), "indexes = [ { name = \"ix_hero_lookup\", columns = [\"name\"] } ]\n"),
       with(base(),
            "indexes = [ { name = \"ix_hero_lookup\", columns = [\"name\", \"age\"] } ]\n")},
      {"index_column_order_change",
       with(base(), "indexes = [ { name = \"ix_hero_lookup\", columns = [\"name\", \"age\"] } ]\n"),
       with(base(),
            "indexes = [ { name = \"ix_hero_lookup\", columns = [\"age\", \"name\"] } ]\n")},
      {"index_descending",
       with(base(), "indexes = [ { name = \"ix_hero_lookup\", columns = [\"age\"] } ]\n"),
       with(base(), "indexes = [ { name = \"ix_hero_lookup\", columns = [\"age DESC\"] } ]\n")},
      {"index_uniqueness_change",
       with(base(), "indexes = [ { name = \"ix_hero_lookup\", columns = [\"name\"] } ]\n"),
       with(base(),
            "indexes = [ { name = \"ix_hero_lookup\", columns = [\"name\"], unique = true } ]\n")},
      {"unique_add", with(base()),
       with(base(), "unique = [ { name = \"uq_hero_name\", columns = [\"name\"] } ]\n")},
      {"foreign_key_add", with(base()), with(team_as(fk_set_null))},
      {"foreign_key_on_delete_change", with(team_as(fk_set_null)), with(team_as(fk_cascade))},
      {"foreign_key_on_update_change", with(team_as(fk_set_null)),
       with(team_as(fk_set_null_on_update))},
      {"parent_table_change_keeps_child_rows",
       with(base(), "", kMissionCascade),
       with(name_as(R"t({ name = "name", type = "varchar(100)" })t"), "", kMissionCascade),
       {"INSERT INTO mission (id, title, hero_id) VALUES (1, 'Save the day', 1)",
        "INSERT INTO mission (id, title, hero_id) VALUES (2, 'Rescue', 3)"},
       "SELECT id, title, hero_id FROM mission ORDER BY id",
       {{"1", "Save the day", "1"}, {"2", "Rescue", "3"}}},
      {"check_add", with(base()),
       with(base(), "checks = [ { name = \"ck_hero_age\", sql = \"age >= 0\" } ]\n")},
      {"check_body_change",
       with(base(), "checks = [ { name = \"ck_hero_age\", sql = \"age >= 0\" } ]\n"),
       with(base(), "checks = [ { name = \"ck_hero_age\", sql = \"age >= 10\" } ]\n")},
      {"index_where_change",
       with(base(),
            "indexes = [ { name = \"ix_hero_lookup\", columns = [\"name\"], "
            "where = \"age > 0\" } ]\n"),
       with(base(),
            "indexes = [ { name = \"ix_hero_lookup\", columns = [\"name\"], "
            "where = \"age > 10\" } ]\n")},
      {"index_expression_change",
       with(base(),
            "indexes = [ { name = \"ix_hero_lookup\", "
            "columns = [{ expression = \"lower(name)\" }] } ]\n"),
       with(base(),
            "indexes = [ { name = \"ix_hero_lookup\", "
            "columns = [{ expression = \"upper(name)\" }] } ]\n")},
      {"unique_columns_change",
       with(base(), "unique = [ { name = \"uq_hero_name\", columns = [\"name\"] } ]\n"),
       with(base(), "unique = [ { name = \"uq_hero_name\", columns = [\"name\", \"age\"] } ]\n")},
      {"table_comment", with(base()), with(base(), "comment = \"People with powers\"\n")},
      {"column_add", with(base()),
       with(plus("  { name = \"nickname\", type = \"varchar(50)\", nullable = true },\n"))},
      {"column_drop",
       with(plus("  { name = \"nickname\", type = \"varchar(50)\", nullable = true },\n")),
       with(base()),
       {"UPDATE hero SET nickname = 'nick'"}},
      {"table_add", with(base()), with(base(), "", kMission)},
      {"table_drop",
       with(base(), "", kMission),
       with(base()),
       {"INSERT INTO mission (id, title, hero_id) VALUES (1, 'Save the day', 1)"}},
  };
}

const std::vector<std::string> kSeed = {
    "INSERT INTO team (id, name) VALUES (1, 'Preventers')",
    "INSERT INTO team (id, name) VALUES (2, 'Z-Force')",
    "INSERT INTO hero (id, name, age, team_id) VALUES (1, 'Deadpond', 30, 1)",
    "INSERT INTO hero (id, name, age, team_id) VALUES (2, 'Rusty-Man', 48, 2)",
    "INSERT INTO hero (id, name, age, team_id) VALUES (3, 'Spider-Boy', 16, 1)",
};
constexpr const char* kHeroQuery = "SELECT id, name, age, team_id FROM hero ORDER BY id";
constexpr const char* kTeamQuery = "SELECT id, name FROM team ORDER BY id";
const Rows kHeroRows = {
    {"1", "Deadpond", "30", "1"}, {"2", "Rusty-Man", "48", "2"}, {"3", "Spider-Boy", "16", "1"}};
const Rows kTeamRows = {{"1", "Preventers"}, {"2", "Z-Force"}};

class ChangeKindTest : public ::testing::TestWithParam<std::tuple<const char*, ChangeCase>> {};

TEST_P(ChangeKindTest, UpgradeKeepsRowsAndDowngradeRestoresSchema) {
  const auto& [dialect, c] = GetParam();
  CliProject p(dialect);
  p.write_models(c.models_a);
  const std::string rev_a = p.migrate("schema a");
  ASSERT_FALSE(rev_a.empty());
  for (const std::string& sql : kSeed) p.execute(sql);
  for (const std::string& sql : c.extra_seed) p.execute(sql);
  const MetaData schema_a = p.schema();

  p.write_models(c.models_b);
  ProcessResult pending = p.retort({"check"});
  EXPECT_EQ(pending.exit_code, 1) << pending.describe();

  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "schema b"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p.version(), generated_revision_id(made.out));
  EXPECT_EQ(p.query(kHeroQuery), kHeroRows);
  EXPECT_EQ(p.query(kTeamQuery), kTeamRows);
  if (!c.kept_query.empty()) {
    EXPECT_EQ(p.query(c.kept_query), c.kept_rows);
  }
  EXPECT_FALSE(p.schema() == schema_a) << "the upgrade changed nothing:\n" << schema_text(schema_a);

  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.version(), rev_a);
  const MetaData schema_back = p.schema();
  EXPECT_TRUE(schema_back == schema_a) << "before:\n"
                                       << schema_text(schema_a) << "\nafter downgrade:\n"
                                       << schema_text(schema_back);
  EXPECT_EQ(p.query(kHeroQuery), kHeroRows);
  EXPECT_EQ(p.query(kTeamQuery), kTeamRows);
  if (!c.kept_query.empty()) {
    EXPECT_EQ(p.query(c.kept_query), c.kept_rows);
  }
}

INSTANTIATE_TEST_SUITE_P(KindsAndDialects, ChangeKindTest,
                         ::testing::Combine(::testing::ValuesIn(kAllDialects),
                                            ::testing::ValuesIn(change_cases())),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param)) + "_" +
                                  std::get<1>(info.param).name;
                         });

}  // namespace
}  // namespace retort::testing
