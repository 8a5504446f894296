// models_to_cpp() on small schemas: member types, column options, the order
// of declarations, names that are not C++ identifiers, what it cannot say.
#include "core/model/codegen_cpp.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/models_toml.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

MetaData models(const std::string& toml) {
  Result<MetaData> md = read_models(toml, "models.toml");
  EXPECT_TRUE(md) << md.error().describe();
  return md ? *md : MetaData{};
}

std::string header(const std::string& toml, const std::string& ns = {}) {
  return models_to_cpp(models(toml), CppOptions{ns, "models.toml"});
}

TEST(CodegenCpp, MemberTypesFollowThePortableTypes) {
  const std::string h = header(R"toml(
[[table]]
name = "sample"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "big", type = "bigint" },
  { name = "small", type = "smallint", nullable = true },
  { name = "flag", type = "boolean" },
  { name = "ratio", type = "float" },
  { name = "single", type = "real" },
  { name = "price", type = "numeric(10,2)" },
  { name = "code", type = "varchar(20)" },
  { name = "letter", type = "char(2)" },
  { name = "body", type = "text" },
  { name = "doc", type = "json" },
  { name = "alarm", type = "time" },
  { name = "born", type = "date" },
  { name = "local", type = "timestamp" },
  { name = "seen", type = "timestamptz", nullable = true },
  { name = "uid", type = "uuid" },
  { name = "data", type = "blob" },
]
)toml");
  EXPECT_THAT(h, HasSubstr("struct Sample {\n"
                           "  std::optional<std::int32_t> id{};\n"
                           "  std::int64_t big{};\n"
                           "  std::optional<std::int16_t> small{};\n"
                           "  bool flag{};\n"
                           "  double ratio{};\n"
                           "  float single{};\n"
                           "  std::string price{};\n"
                           "  std::string code{};\n"
                           "  std::string letter{};\n"
                           "  std::string body{};\n"
                           "  std::string doc{};\n"
                           "  std::string alarm{};\n"
                           "  retort::Date born{};\n"
                           "  retort::LocalTimestamp local{};\n"
                           "  std::optional<retort::Timestamp> seen{};\n"
                           "  retort::Uuid uid{};\n"
                           "  retort::Blob data{};\n"
                           "};"));
  EXPECT_THAT(h, HasSubstr("inline const auto samples = retort::table<Sample>(\n    \"sample\",\n"
                           "    retort::column(\"id\", &Sample::id).primary_key(),\n"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"price\", &Sample::price).type(\"numeric(10,2)\")"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"code\", &Sample::code).max_length(20)"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"letter\", &Sample::letter).type(\"char(2)\")"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"doc\", &Sample::doc).type(\"json\")"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"alarm\", &Sample::alarm).type(\"time\")"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"body\", &Sample::body),\n"));
  EXPECT_THAT(h, HasSubstr("inline const retort::MetaData metadata{samples};\n"));
  EXPECT_THAT(h, HasSubstr("#include \"core/model/model.hpp\""));
  EXPECT_TRUE(cpp_limitations(models(R"toml(
[[table]]
name = "t"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)toml"))
                  .empty());
}

// A native type is a std::string member with its name, and the marker as
// the models give it.
TEST(CodegenCpp, NativeTypesAreTextMembersWithTheirName) {
  const std::string h = header(R"toml(
[[table]]
name = "host"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "addr", type = "inet" },
  { name = "seen", type = "DATETIME", native = true, nullable = true },
]
)toml");
  EXPECT_THAT(h, HasSubstr("std::string addr{};"));
  EXPECT_THAT(h, HasSubstr("std::optional<std::string> seen{};"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"addr\", &Host::addr).type(\"inet\")"));
  EXPECT_THAT(h, HasSubstr(".type(\"DATETIME\").native()"));
}

TEST(CodegenCpp, ParentsAreDeclaredFirstAndReferencedByMember) {
  const std::string h = header(R"toml(
[[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "team_id", type = "integer", nullable = true, foreign_key = "team.id", on_delete = "set null" },
  { name = "mentor_id", type = "integer", nullable = true, foreign_key = "hero.id" },
]
[[table]]
name = "team"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)toml");
  const auto team = h.find("inline const auto teams");
  const auto hero = h.find("inline const auto heroes");
  ASSERT_NE(team, std::string::npos) << h;
  ASSERT_NE(hero, std::string::npos) << h;
  EXPECT_LT(team, hero) << h;
  EXPECT_THAT(h, HasSubstr(".foreign_key(teams, &Team::id).on_delete(\"set null\")"));
  // The table itself is not declared yet: its reference is text.
  EXPECT_THAT(
      h, HasSubstr("retort::column(\"mentor_id\", &Hero::mentor_id).foreign_key(\"hero.id\")"));
  EXPECT_THAT(h, HasSubstr("metadata{teams, heroes}"));
  // A relationship per pair of models a key joins, at global scope.
  EXPECT_THAT(h, HasSubstr("template <>\nstruct retort::relationship<::Hero, ::Team>\n"
                           "    : retort::by<&::Hero::team_id> {};\n"));
  EXPECT_THAT(h, HasSubstr("struct retort::relationship<::Hero, ::Hero>\n"
                           "    : retort::by<&::Hero::mentor_id> {};\n"));
  EXPECT_THAT(h, HasSubstr("#include \"core/model/relationship.hpp\""));
}

TEST(CodegenCpp, RelationshipsAreQualifiedByTheNamespaceAndListEveryKey) {
  const std::string h = header(R"toml(
[[table]]
name = "team"
columns = [ { name = "id", type = "integer", primary_key = true } ]
[[table]]
name = "mission"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "lead_id", type = "integer", foreign_key = "team.id" },
  { name = "backup_id", type = "integer", nullable = true, foreign_key = "team.id" },
]
)toml",
                               "app::db");
  const auto close = h.find("}  // namespace app::db");
  const auto related = h.find(
      "struct retort::relationship<::app::db::Mission, ::app::db::Team>\n"
      "    : retort::by<&::app::db::Mission::lead_id, &::app::db::Mission::backup_id> {};");
  ASSERT_NE(close, std::string::npos) << h;
  ASSERT_NE(related, std::string::npos) << h;
  EXPECT_LT(close, related) << h;
  EXPECT_EQ(h.find("relationship<::app::db::Team"), std::string::npos) << h;
}

// A key the header cannot declare (off the naming convention, deferrable:
// listed in the notes) gets no relationship, which the session could not
// follow; a table named like a retort type still compiles (names are
// fully qualified).
TEST(CodegenCpp, RelationshipsOnlyForTheKeysTheHeaderDeclares) {
  const std::string h = header(R"toml(
[[table]]
name = "domain"
columns = [ { name = "id", type = "integer", primary_key = true } ]
[[table]]
name = "site"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "domain_id", type = "integer", foreign_key = "domain.id" },
  { name = "backup_id", type = "integer", nullable = true },
]
foreign_keys = [
  { name = "site_backup_fkey", columns = ["backup_id"], references = "domain", ref_columns = ["id"] },
]
)toml");
  EXPECT_THAT(h, HasSubstr("struct retort::relationship<::Site, ::Domain>\n"
                           "    : retort::by<&::Site::domain_id> {};"));
  EXPECT_THAT(h, Not(HasSubstr("&::Site::backup_id")));
  EXPECT_THAT(h, HasSubstr("site_backup_fkey"));  // in the notes
}

TEST(CodegenCpp, ACycleOfForeignKeysIsBrokenWithATextReference) {
  const std::string h = header(R"toml(
[[table]]
name = "a"
columns = [ { name = "id", type = "integer", primary_key = true },
            { name = "b_id", type = "integer", nullable = true, foreign_key = "b.id" } ]
[[table]]
name = "b"
columns = [ { name = "id", type = "integer", primary_key = true },
            { name = "a_id", type = "integer", nullable = true, foreign_key = "a.id" } ]
)toml");
  EXPECT_THAT(h, HasSubstr("retort::column(\"b_id\", &A::b_id).foreign_key(\"b.id\")"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"a_id\", &B::a_id).foreign_key(as, &A::id)"));
}

TEST(CodegenCpp, ConstraintsOffTheConventionAreTableItemsWithTheirNames) {
  const std::string h = header(R"toml(
[[table]]
name = "hero"
schema = "game"
comment = "People"
columns = [
  { name = "id", type = "integer", primary_key = true, autoincrement = false },
  { name = "name", type = "text", unique = true, index = true },
  { name = "age", type = "integer", nullable = true, default = 1 },
]
indexes = [ { name = "ix_age_name", columns = ["age DESC", "name"] },
            { name = "ix_adult", columns = ["name"], where = "age >= 18", unique = true } ]
unique = [ { name = "my_unique", columns = ["age"] } ]
checks = [ { name = "ck_hero_age", sql = "age >= 0" } ]
)toml");
  EXPECT_THAT(h, HasSubstr("  std::int32_t id{};\n"));  // not autoincrement: not optional
  EXPECT_THAT(h, HasSubstr(".primary_key().autoincrement(false)"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"name\", &Hero::name).unique().index()"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"age\", &Hero::age).default_value(1)"));
  EXPECT_THAT(h, HasSubstr("retort::table_index({\"age DESC\", \"name\"}, \"ix_age_name\")"));
  EXPECT_THAT(h, HasSubstr("retort::TableIndex{{\"name\"}, \"ix_adult\", true, \"age >= 18\"}"));
  EXPECT_THAT(h, HasSubstr("retort::table_unique({\"age\"}, \"my_unique\")"));
  EXPECT_THAT(h, HasSubstr("retort::table_check(\"ck_hero_age\", \"age >= 0\")"));
  EXPECT_THAT(h, HasSubstr("retort::table_comment(\"People\")"));
  EXPECT_THAT(h, HasSubstr("retort::table_schema(\"game\")"));
}

TEST(CodegenCpp, RenameIntentIsKept) {
  const std::string h = header(R"toml(
[[table]]
name = "squad"
renamed_from = "team"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "text", renamed_from = "name" },
]
)toml");
  EXPECT_THAT(h, HasSubstr("retort::column(\"title\", &Squad::title).renamed_from(\"name\")"));
  EXPECT_THAT(h, HasSubstr("retort::table_renamed_from(\"team\")"));
}

TEST(CodegenCpp, EnumsBecomeEnumClassesWithAMapping) {
  const std::string h = header(R"toml(
[[table]]
name = "task"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "status", type = "enum", enum = "task_status", values = ["todo", "in progress", "2x"], default = "in progress" },
]
)toml",
                               "app::db");
  EXPECT_THAT(
      h, HasSubstr("namespace app::db {\n\nenum class TaskStatus { kTodo, kInProgress, k2x };"));
  EXPECT_THAT(h, HasSubstr("template <>\nstruct retort::enum_mapping<app::db::TaskStatus> {\n"
                           "  static constexpr std::string_view name = \"task_status\";\n"));
  EXPECT_THAT(h, HasSubstr("{app::db::TaskStatus::kInProgress, \"in progress\"},"));
  EXPECT_THAT(h, HasSubstr("  TaskStatus status{};\n"));
  EXPECT_THAT(h, HasSubstr(".default_value(TaskStatus::kInProgress)"));
  EXPECT_THAT(h, HasSubstr("}  // namespace app::db\n"));
}

TEST(CodegenCpp, NamesThatAreNotIdentifiersAreMadeInto) {
  const std::string h = header(R"toml(
[[table]]
name = "order line"
columns = [
  { name = "class", type = "integer", primary_key = true },
  { name = "2nd place", type = "text", default = "say \"hi\"\n?" },
  { name = "2nd-place", type = "text", comment = "back\\slash" },
]
)toml");
  EXPECT_THAT(h, HasSubstr("struct OrderLine {"));
  EXPECT_THAT(h, HasSubstr("inline const auto order_lines = retort::table<OrderLine>("));
  EXPECT_THAT(h, HasSubstr("retort::column(\"class\", &OrderLine::class_)"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"2nd place\", &OrderLine::c_2nd_place)"
                           ".default_value(\"say \\\"hi\\\"\\n\\?\")"));
  EXPECT_THAT(h, HasSubstr("retort::column(\"2nd-place\", &OrderLine::c_2nd_place_2)"
                           ".comment(\"back\\\\slash\")"));
}

TEST(CodegenCpp, DefaultsThatAreNotTheMembersTypeAreWrittenAsSql) {
  const std::string h = header(R"toml(
[[table]]
name = "t"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "price", type = "numeric(10,2)", default = 0 },
  { name = "single", type = "real", default = 0.1 },
  { name = "ratio", type = "float", default = 2 },
  { name = "born", type = "date", default_sql = "'2000-01-01'" },
  { name = "at", type = "timestamp", default_sql = "CURRENT_TIMESTAMP" },
]
)toml");
  EXPECT_THAT(h, HasSubstr("&T::price).type(\"numeric(10,2)\").default_sql(\"0\")"));
  EXPECT_THAT(h, HasSubstr("&T::single).default_sql(\"0.1\")"));
  EXPECT_THAT(h, HasSubstr("&T::ratio).default_value(2.0)"));
  EXPECT_THAT(h, HasSubstr("&T::born).default_sql(\"'2000-01-01'\")"));
  EXPECT_THAT(h, HasSubstr("&T::at).default_sql(\"CURRENT_TIMESTAMP\")"));
}

TEST(CodegenCpp, WhatAModelCannotSayIsListedAndCommented) {
  const MetaData md = models(R"toml(
[[table]]
name = "parent"
primary_key_name = "parent_key"
columns = [ { name = "a", type = "integer", primary_key = true },
            { name = "b", type = "integer", primary_key = true } ]
indexes = [ { name = "ix_lower", columns = [ { expression = "lower(b)" } ] } ]
[[table]]
name = "child"
columns = [ { name = "id", type = "integer", primary_key = true },
            { name = "a", type = "integer" }, { name = "b", type = "integer" } ]
foreign_keys = [ { name = "fk_child_parent", columns = ["a", "b"], references = "parent", ref_columns = ["a", "b"] } ]
)toml");
  EXPECT_THAT(
      cpp_limitations(md),
      ElementsAre(HasSubstr("table parent: expression index ix_lower"),
                  HasSubstr("table child: foreign key fk_child_parent (a, b) -> parent(a, b)")));
  const std::string h = models_to_cpp(md, {});
  EXPECT_THAT(h, HasSubstr("// Not declared here (a model declaration cannot say it):\n"
                           "//   - table parent: expression index ix_lower"));
  // The key's name is declared (table_primary_key), not listed.
  EXPECT_THAT(h, HasSubstr("retort::table_primary_key({\"a\", \"b\"}, \"parent_key\")"));
  EXPECT_THAT(h, Not(HasSubstr("ix_lower\")")));
}

TEST(CodegenCpp, NamespaceNamesAreChecked) {
  EXPECT_TRUE(check_cpp_namespace(""));
  EXPECT_TRUE(check_cpp_namespace("app::db"));
  Status bad = check_cpp_namespace("app-db");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kBadInput);
  EXPECT_THAT(bad.error().message, HasSubstr("\"app-db\" is not a C++ namespace name"));
  EXPECT_FALSE(check_cpp_namespace("a::"));
}

}  // namespace
}  // namespace retort
