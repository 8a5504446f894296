// Round trip on each dialect: declare -> autogenerate -> upgrade -> `check`
// exits 0 and `diff --format json` has no ops, for every portable type
// (nullable or not, with and without a default) and every constraint kind.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

// One portable type and a default that suits it (`default = ...` or
// `default_sql = ...`, as written in models.toml; empty for none).
struct TypeCase {
  std::string name;  // test name
  std::string type;  // models.toml spelling, with extra keys for enums
  std::string default_;
};

void PrintTo(const TypeCase& c, std::ostream* os) { *os << c.name; }

class TypeRoundTripTest : public ::testing::TestWithParam<std::tuple<const char*, TypeCase>> {};

TEST_P(TypeRoundTripTest, NoDifferencesAfterUpgrade) {
  const auto& [dialect, c] = GetParam();
  CliProject p(dialect);
  std::string columns = fmt::format(
      "  {{ name = \"id\", type = \"integer\", primary_key = true }},\n"
      "  {{ name = \"plain\", {0} }},\n"
      "  {{ name = \"maybe\", {0}, nullable = true }},\n",
      c.type);
  if (!c.default_.empty()) {
    columns += fmt::format(
        "  {{ name = \"with_default\", {0}, {1} }},\n"
        "  {{ name = \"maybe_default\", {0}, nullable = true, {1} }},\n",
        c.type, c.default_);
  }
  p.write_models("[[table]]\nname = \"sample\"\ncolumns = [\n" + columns + "]\n");
  ASSERT_FALSE(p.migrate("create sample").empty());
  expect_no_differences(p);
  const Table* table = p.schema().find_table("", "sample");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->columns.size(), c.default_.empty() ? 3u : 5u);
}

const TypeCase kTypeCases[] = {
    {"integer", R"t(type = "integer")t", "default = 7"},
    {"bigint", R"t(type = "bigint")t", "default = 9000000000"},
    {"smallint", R"t(type = "smallint")t", "default = 3"},
    {"boolean", R"t(type = "boolean")t", "default = true"},
    {"float", R"t(type = "float")t", "default = 1.5"},
    {"real", R"t(type = "real")t", "default = 2.5"},
    {"numeric", R"t(type = "numeric(10,2)")t", "default = 12.5"},
    {"varchar", R"t(type = "varchar(20)")t", R"t(default = "it's")t"},
    {"char", R"t(type = "char(3)")t", R"t(default = "xyz")t"},
    {"text", R"t(type = "text")t", R"t(default = "hello")t"},
    {"date", R"t(type = "date")t", R"t(default = "2024-01-02")t"},
    {"time", R"t(type = "time")t", R"t(default = "12:34:56")t"},
    {"timestamp", R"t(type = "timestamp")t", R"t(default_sql = "CURRENT_TIMESTAMP")t"},
    {"timestamptz", R"t(type = "timestamptz")t", R"t(default_sql = "CURRENT_TIMESTAMP")t"},
    {"uuid", R"t(type = "uuid")t", R"t(default = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")t"},
    {"json", R"t(type = "json")t", R"t(default = "{}")t"},
    {"blob", R"t(type = "blob")t", ""},  // no portable blob literal
    {"enum", R"t(type = "enum", enum = "task_status", values = ["todo", "done"])t",
     R"t(default = "todo")t"},
};

INSTANTIATE_TEST_SUITE_P(TypesAndDialects, TypeRoundTripTest,
                         ::testing::Combine(::testing::ValuesIn(kAllDialects),
                                            ::testing::ValuesIn(kTypeCases)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param)) + "_" +
                                  std::get<1>(info.param).name;
                         });

// One constraint kind, declared in models.toml.
struct ConstraintCase {
  std::string name;
  std::string models;
};

void PrintTo(const ConstraintCase& c, std::ostream* os) { *os << c.name; }

class ConstraintRoundTripTest
    : public ::testing::TestWithParam<std::tuple<const char*, ConstraintCase>> {};

TEST_P(ConstraintRoundTripTest, NoDifferencesAfterUpgrade) {
  const auto& [dialect, c] = GetParam();
  CliProject p(dialect);
  p.write_models(c.models);
  ASSERT_FALSE(p.migrate("create tables").empty());
  expect_no_differences(p);
  EXPECT_FALSE(p.schema().tables.empty());
}

constexpr const char* kTeam =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

const ConstraintCase kConstraintCases[] = {
    {"composite_primary_key",
     "[[table]]\nname = \"membership\"\ncolumns = [\n"
     "  { name = \"team_id\", type = \"integer\", primary_key = true },\n"
     "  { name = \"hero_id\", type = \"integer\", primary_key = true },\n"
     "  { name = \"role\", type = \"text\", nullable = true },\n]\n"},
    {"unique_column",
     "[[table]]\nname = \"team\"\ncolumns = [\n"
     "  { name = \"id\", type = \"integer\", primary_key = true },\n"
     "  { name = \"name\", type = \"varchar(100)\", unique = true },\n]\n"},
    {"unique_constraint",
     "[[table]]\nname = \"hero\"\ncolumns = [\n"
     "  { name = \"id\", type = \"integer\", primary_key = true },\n"
     "  { name = \"name\", type = \"varchar(100)\" },\n"
     "  { name = \"secret_name\", type = \"text\" },\n]\n"
     "unique = [ { name = \"uq_hero_secret\", columns = [\"secret_name\", \"name\"] } ]\n"},
    {"index_column",
     "[[table]]\nname = \"hero\"\ncolumns = [\n"
     "  { name = \"id\", type = \"integer\", primary_key = true },\n"
     "  { name = \"name\", type = \"varchar(100)\", index = true },\n]\n"},
    {"index_multi_column",
     "[[table]]\nname = \"hero\"\ncolumns = [\n"
     "  { name = \"id\", type = \"integer\", primary_key = true },\n"
     "  { name = \"team_id\", type = \"integer\", nullable = true },\n"
     "  { name = \"age\", type = \"integer\", nullable = true },\n]\n"
     "indexes = [ { name = \"ix_hero_team_age\", columns = [\"team_id\", \"age\"] } ]\n"},
    {"unique_index",
     "[[table]]\nname = \"hero\"\ncolumns = [\n"
     "  { name = \"id\", type = \"integer\", primary_key = true },\n"
     "  { name = \"email\", type = \"varchar(200)\" },\n]\n"
     "indexes = [ { name = \"ix_hero_email\", columns = [\"email\"], unique = true } ]\n"},
    {"foreign_key_set_null",
     std::string(kTeam) +
         "\n[[table]]\nname = \"hero\"\ncolumns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"team_id\", type = \"integer\", nullable = true, foreign_key = \"team.id\", "
         "on_delete = \"set null\" },\n]\n"},
    {"foreign_key_cascade",
     std::string(kTeam) + "\n[[table]]\nname = \"hero\"\ncolumns = [\n"
                          "  { name = \"id\", type = \"integer\", primary_key = true },\n"
                          "  { name = \"team_id\", type = \"integer\", foreign_key = \"team.id\", "
                          "on_delete = \"cascade\" },\n]\n"},
    {"foreign_key_plain",
     std::string(kTeam) +
         "\n[[table]]\nname = \"hero\"\ncolumns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"team_id\", type = \"integer\", foreign_key = \"team.id\" },\n]\n"},
    {"check",
     "[[table]]\nname = \"hero\"\ncolumns = [\n"
     "  { name = \"id\", type = \"integer\", primary_key = true },\n"
     "  { name = \"age\", type = \"integer\", nullable = true },\n]\n"
     "checks = [ { name = \"ck_hero_age\", sql = \"age >= 0\" } ]\n"},
    {"table_comment",
     "[[table]]\nname = \"hero\"\ncomment = \"People with powers\"\ncolumns = [\n"
     "  { name = \"id\", type = \"integer\", primary_key = true },\n]\n"},
    {"spec_example",
     std::string(kTeam) +
         "\n[[table]]\n"
         "name = \"hero\"\n"
         "comment = \"People with powers\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(100)\", index = true },\n"
         "  { name = \"secret_name\", type = \"text\" },\n"
         "  { name = \"age\", type = \"integer\", nullable = true },\n"
         "  { name = \"power_level\", type = \"integer\", nullable = true, default = 1 },\n"
         "  { name = \"created_at\", type = \"timestamp\", default_sql = \"CURRENT_TIMESTAMP\" },\n"
         "  { name = \"team_id\", type = \"integer\", nullable = true, foreign_key = \"team.id\", "
         "on_delete = \"set null\" },\n"
         "]\n"
         "indexes = [ { name = \"ix_hero_team_age\", columns = [\"team_id\", \"age\"] } ]\n"
         "unique  = [ { name = \"uq_hero_secret\", columns = [\"secret_name\", \"name\"] } ]\n"
         "checks  = [ { name = \"ck_hero_age\", sql = \"age >= 0\" } ]\n"},
};

INSTANTIATE_TEST_SUITE_P(KindsAndDialects, ConstraintRoundTripTest,
                         ::testing::Combine(::testing::ValuesIn(kAllDialects),
                                            ::testing::ValuesIn(kConstraintCases)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param)) + "_" +
                                  std::get<1>(info.param).name;
                         });

}  // namespace
}  // namespace retort::testing
