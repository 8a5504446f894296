// Tests for core/models_toml.cpp: reading models.toml (shorthands, naming,
// default normalisation), writing it back equal, and every reader error with
// its file and line.
#include "core/models_toml.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/core/core_fixtures.hpp"

namespace retort {
namespace {

using testing::kitchen_sink;
using testing::kKitchenSinkModels;

Error read_error(std::string_view text) {
  Result<MetaData> md = read_models(text, "models.toml");
  if (md.ok()) {
    ADD_FAILURE() << "expected an error for:\n" << text;
    return {};
  }
  EXPECT_EQ(md.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(md.error().file, "models.toml");
  return md.error();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(ModelsTomlTest, ReadsTheKitchenSink) {
  const MetaData md = kitchen_sink();
  ASSERT_EQ(md.tables.size(), 7u);
  // Sorted by (schema, name).
  EXPECT_EQ(md.tables[0].name, "counter");
  EXPECT_EQ(md.tables[1].name, "hero");
  EXPECT_EQ(md.tables[2].name, "ledger");
  EXPECT_EQ(md.tables[3].name, "ledger_2024");
  EXPECT_EQ(md.tables[4].name, "ledger_old");
  EXPECT_EQ(md.tables[5].name, "team");
  EXPECT_EQ(md.tables[6].qualified_name(), "ops.mission");

  const Table& team = *md.find_table("", "team");
  EXPECT_EQ(team.comment, "Teams of heroes");
  EXPECT_EQ(team.primary_key_name, "pk_team");
  ASSERT_EQ(team.uniques.size(), 1u);
  EXPECT_EQ(team.uniques[0].name, "uq_team_name");
  EXPECT_EQ(team.uniques[0].columns, std::vector<std::string>{"name"});
  EXPECT_TRUE(team.find_column("id")->autoincrement);
  EXPECT_FALSE(team.find_column("id")->nullable);
  EXPECT_TRUE(team.find_column("headquarters")->nullable);
  EXPECT_EQ(team.find_column("headquarters")->comment, "city");

  const Table& hero = *md.find_table("", "hero");
  EXPECT_TRUE(hero.find_column("id")->autoincrement);  // bigint too
  ASSERT_EQ(hero.indexes.size(), 3u);
  EXPECT_EQ(hero.indexes[0].name, "ix_hero_lower_name");
  EXPECT_EQ(hero.indexes[0].keys[0].expression, "lower(name)");
  EXPECT_TRUE(hero.indexes[0].unique);
  EXPECT_EQ(hero.indexes[0].where, "age > 0");
  EXPECT_EQ(hero.indexes[1].name, "ix_hero_name");
  EXPECT_EQ(hero.indexes[2].name, "ix_hero_team_age");
  EXPECT_EQ(hero.indexes[2].keys[1].column, "age");
  EXPECT_EQ(hero.indexes[2].keys[1].order, SortOrder::kDesc);
  ASSERT_EQ(hero.foreign_keys.size(), 1u);
  EXPECT_EQ(hero.foreign_keys[0].name, "fk_hero_team_id_team");
  EXPECT_EQ(hero.foreign_keys[0].ref_table, "team");
  EXPECT_EQ(hero.foreign_keys[0].ref_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(hero.foreign_keys[0].on_delete, "set null");
  EXPECT_EQ(hero.checks[0].name, "ck_hero_age");
  EXPECT_EQ(hero.checks[0].sql, "age >= 0");

  // Defaults: literals, coerced; literal default_sql turned into a literal.
  EXPECT_EQ(hero.find_column("power_level")->default_.value, Literal{std::int64_t{1}});
  EXPECT_EQ(hero.find_column("active")->default_.value, Literal{true});
  EXPECT_EQ(hero.find_column("score")->default_.value, Literal{1.5});
  EXPECT_EQ(hero.find_column("salary")->default_.value, Literal{std::int64_t{0}});
  EXPECT_FALSE(hero.find_column("salary")->default_.sql.has_value());
  EXPECT_EQ(hero.find_column("code")->default_.value, Literal{std::string("it's")});
  EXPECT_EQ(hero.find_column("created_at")->default_.sql, "CURRENT_TIMESTAMP");
  EXPECT_EQ(hero.find_column("code")->type.to_string(), "char(3)");
  const Column& status = *hero.find_column("status");
  EXPECT_EQ(status.type.kind, TypeKind::kEnum);
  EXPECT_EQ(status.type.enum_name, "hero_status");

  const Table& mission = *md.find_table("ops", "mission");
  EXPECT_EQ(mission.primary_key(), (std::vector<std::string>{"hero_id", "code"}));
  EXPECT_FALSE(mission.find_column("hero_id")->autoincrement);
  ASSERT_EQ(mission.foreign_keys.size(), 2u);
  EXPECT_EQ(mission.foreign_keys[1].name, "fk_mission_team_id_team");
  EXPECT_TRUE(mission.foreign_keys[1].deferrable);
  EXPECT_TRUE(mission.foreign_keys[1].initially_deferred);
  EXPECT_EQ(mission.foreign_keys[0].on_update, "restrict");

  EXPECT_FALSE(md.find_table("", "counter")->find_column("id")->autoincrement);
  EXPECT_EQ(md.find_table("", "counter")->find_column("value")->default_.value,
            Literal{std::int64_t{-3}});

  ASSERT_EQ(md.enums.size(), 3u);
  EXPECT_EQ(md.enums[0].name, "hero_status");
  EXPECT_EQ(md.enums[0].values, (std::vector<std::string>{"active", "retired"}));
  EXPECT_EQ(md.enums[1].name, "mission_kind");
  EXPECT_EQ(md.enums[1].schema, "ops");
  EXPECT_EQ(md.enums[2].name, "unused_mood");
}

TEST(ModelsTomlTest, WriteThenReadIsEqual) {
  const MetaData md = kitchen_sink();
  const std::string written = write_models(md);
  Result<MetaData> again = read_models(written, "written.toml");
  ASSERT_TRUE(again.ok()) << again.error().describe() << "\n" << written;
  EXPECT_EQ(*again, md) << written;
  EXPECT_EQ(write_models(*again), written);  // stable text
}

TEST(ModelsTomlTest, RenamedFromIsReadAndWrittenBack) {
  constexpr std::string_view kText = R"~([[table]]
name = "squad"
renamed_from = "team"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "varchar(50)", renamed_from = "name" },
]
)~";
  Result<MetaData> md = read_models(kText, "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  const Table* squad = md->find_table("", "squad");
  ASSERT_NE(squad, nullptr);
  EXPECT_EQ(squad->renamed_from, "team");
  EXPECT_EQ(squad->find_column("title")->renamed_from, "name");
  const std::string written = write_models(*md);
  EXPECT_TRUE(contains(written, "renamed_from = \"team\"")) << written;
  Result<MetaData> again = read_models(written, "written.toml");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->find_table("", "squad")->find_column("title")->renamed_from, "name");
}

TEST(ModelsTomlTest, WriterUsesShorthandsForConventionNames) {
  const std::string written = write_models(kitchen_sink());
  EXPECT_TRUE(contains(written, R"~({ name = "name", type = "varchar(100)", unique = true })~"))
      << written;
  EXPECT_TRUE(contains(written, R"~({ name = "name", type = "varchar(100)", index = true })~"))
      << written;
  EXPECT_TRUE(contains(written, R"~(foreign_key = "team.id", on_delete = "set null")~")) << written;
  EXPECT_TRUE(contains(written, R"~({ name = "id", type = "integer", primary_key = true,)~"
                                R"~( autoincrement = false })~"))
      << written;
  EXPECT_FALSE(contains(written, "pk_team")) << written;
  EXPECT_TRUE(contains(written, "[[enum]]\nname = \"unused_mood\"")) << written;
  // Names that do not follow the convention stay explicit.
  EXPECT_TRUE(contains(written, R"~(name = "uq_hero_secret")~")) << written;
}

TEST(ModelsTomlTest, SpecExampleReads) {
  const char* spec = R"~(
[[table]]
name = "team"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(100)", unique = true },
  { name = "headquarters", type = "text", nullable = true },
]

[[table]]
name = "hero"
comment = "People with powers"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(100)", index = true },
  { name = "secret_name", type = "text" },
  { name = "age", type = "integer", nullable = true },
  { name = "power_level", type = "integer", nullable = true, default = 1 },
  { name = "created_at", type = "timestamp", default_sql = "CURRENT_TIMESTAMP" },
  { name = "team_id", type = "integer", nullable = true, foreign_key = "team.id", on_delete = "set null" },
]
indexes = [ { name = "ix_hero_team_age", columns = ["team_id", "age"] } ]
unique  = [ { name = "uq_hero_secret", columns = ["secret_name", "name"] } ]
checks  = [ { name = "ck_hero_age", sql = "age >= 0" } ]
)~";
  Result<MetaData> md = read_models(spec, "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  EXPECT_EQ(md->tables.size(), 2u);
  EXPECT_EQ(md->find_table("", "hero")->columns.size(), 7u);
  EXPECT_EQ(md->find_table("", "hero")->columns[1].line, 15);
}

TEST(ModelsTomlTest, EquivalentDefaultSpellingsCompareEqual) {
  auto hero = [](std::string column) {
    Result<MetaData> md =
        read_models("[[table]]\nname = \"t\"\ncolumns = [ " + column + " ]\n", "models.toml");
    EXPECT_TRUE(md.ok()) << (md.ok() ? "" : md.error().describe());
    return md.ok() ? md->tables[0].columns[0] : Column{};
  };
  EXPECT_EQ(hero(R"~({ name = "a", type = "boolean", default = 1 })~"),
            hero(R"~({ name = "a", type = "boolean", default = true })~"));
  EXPECT_EQ(hero(R"~({ name = "a", type = "boolean", default_sql = "TRUE" })~"),
            hero(R"~({ name = "a", type = "boolean", default = true })~"));
  EXPECT_EQ(hero(R"~({ name = "a", type = "float", default = 1 })~"),
            hero(R"~({ name = "a", type = "float", default = 1.0 })~"));
  EXPECT_EQ(hero(R"~({ name = "a", type = "text", default_sql = "'x'" })~"),
            hero(R"~({ name = "a", type = "text", default = "x" })~"));
  EXPECT_EQ(hero(R"~({ name = "a", type = "integer", default_sql = "-5" })~"),
            hero(R"~({ name = "a", type = "integer", default = -5 })~"));
  EXPECT_EQ(hero(R"~({ name = "a", type = "integer", nullable = true, default_sql = "NULL" })~"),
            hero(R"~({ name = "a", type = "integer", nullable = true })~"));
  // An expression stays an expression.
  EXPECT_EQ(hero(R"~({ name = "a", type = "text", default_sql = "'a' || 'b'" })~").default_.sql,
            std::optional<std::string>("'a' || 'b'"));
}

TEST(ModelsTomlTest, CustomNamingConvention) {
  Result<MetaData> md = read_models(R"~(
[naming_convention]
ix = "%(table)s_%(column_0)s_idx"
pk = "%(table)s_pkey"

[[table]]
name = "t"
columns = [ { name = "id", type = "integer", primary_key = true }, { name = "a", type = "text", index = true } ]
)~",
                                    "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  EXPECT_EQ(md->tables[0].indexes[0].name, "t_a_idx");
  EXPECT_EQ(md->tables[0].primary_key_name, "t_pkey");
  // Written with explicit names, it reads back equal under the default convention.
  Result<MetaData> again = read_models(write_models(*md), "again.toml");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *md);
}

TEST(ModelsTomlTest, ReadsFromFile) {
  const auto path = std::filesystem::temp_directory_path() / "retort_models_toml_test.toml";
  {
    std::ofstream out(path);
    out << kKitchenSinkModels;
  }
  Result<MetaData> md = read_models_file(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(md.ok()) << md.error().describe();
  EXPECT_EQ(*md, kitchen_sink());

  Result<MetaData> missing = read_models_file("/nonexistent/models.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().file, "/nonexistent/models.toml");
  EXPECT_EQ(missing.error().code, ErrorCode::kBadInput);
}

// ---- every reader error, with its line ----------------------------------------

TEST(ModelsTomlErrorTest, MalformedToml) {
  Error e = read_error("[[table]]\nname = \"t\"\ncolumns = [ { name = \"id\" \n");
  EXPECT_EQ(e.line, 3);
  EXPECT_TRUE(contains(e.message, "malformed TOML")) << e.message;
}

TEST(ModelsTomlErrorTest, UnknownType) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "age", type = "int4;" },
]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.message, "\"int4;\" is not a type name");
  EXPECT_EQ(e.table, "hero");
  EXPECT_EQ(e.column, "age");
  EXPECT_TRUE(contains(e.hint, "varchar(n)"));
  EXPECT_TRUE(contains(e.hint, "native = true"));
  EXPECT_EQ(e.describe(),
            "models.toml:5: \"int4;\" is not a type name (table \"hero\", column \"age\")");
}

// A name no portable type has is read as a native type (kNative), marked
// when the column says native = true; the dialect checks it later.
TEST(ModelsTomlTest, NativeTypesAreReadAndWrittenBack) {
  Result<MetaData> md = read_models(R"~([[table]]
name = "host"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "addr", type = "inet" },
  { name = "tags", type = "  varchar(20)[] ", native = true },
  { name = "n", type = "integer", native = true },
]
)~",
                                    "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  const Table& t = md->tables[0];
  EXPECT_EQ(t.columns[1].type.kind, TypeKind::kNative);
  EXPECT_EQ(t.columns[1].type.native, "inet");
  EXPECT_FALSE(t.columns[1].type.native_marked);
  EXPECT_EQ(t.columns[2].type.native, "varchar(20)[]");
  EXPECT_TRUE(t.columns[2].type.native_marked);
  EXPECT_EQ(t.columns[3].type.kind, TypeKind::kNative)
      << "native = true keeps even a portable name";
  const std::string text = write_models(*md);
  EXPECT_TRUE(contains(text, "type = \"inet\" }")) << text;
  EXPECT_TRUE(contains(text, "type = \"varchar(20)[]\", native = true")) << text;
  Result<MetaData> again = read_models(text, "models.toml");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->tables[0].columns, t.columns);
}
TEST(ModelsTomlErrorTest, RenamedFromAColumnTheTableStillHas) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "age", type = "integer" },
  { name = "years", type = "integer", renamed_from = "age" },
]
)~");
  EXPECT_EQ(e.line, 6);
  EXPECT_TRUE(contains(e.message, "hero.years is renamed_from \"age\"")) << e.message;
  EXPECT_TRUE(contains(e.hint, "remove age from the table")) << e.hint;
  EXPECT_EQ(e.column, "years");
}

TEST(ModelsTomlErrorTest, TwoColumnsRenamedFromOne) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "years", type = "integer", renamed_from = "age" },
  { name = "age_now", type = "integer", renamed_from = "age" },
]
)~");
  EXPECT_EQ(e.line, 6);
  EXPECT_TRUE(contains(e.message, "two columns of table hero are renamed_from \"age\""))
      << e.message;
}

TEST(ModelsTomlErrorTest, RenamedFromATableTheModelsStillDeclare) {
  Error e = read_error(R"~([[table]]
name = "team"
columns = [{ name = "id", type = "integer", primary_key = true }]

[[table]]
name = "squad"
renamed_from = "team"
columns = [{ name = "id", type = "integer", primary_key = true }]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_TRUE(contains(e.message, "table squad is renamed_from \"team\"")) << e.message;
}

TEST(ModelsTomlErrorTest, UnknownColumnKey) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true, nulable = true },
]
)~");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.message, "unknown key `nulable` in column");
  EXPECT_TRUE(contains(e.hint, "nullable"));
  EXPECT_EQ(e.column, "id");
}

TEST(ModelsTomlErrorTest, UnknownTableKey) {
  Error e = read_error(R"~([[table]]
name = "hero"
colums = []
)~");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.message, "unknown key `colums` in table");
  EXPECT_TRUE(contains(e.hint, "columns"));
}

TEST(ModelsTomlErrorTest, UnknownTopLevelKey) {
  Error e = read_error("\ntables = 1\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_TRUE(contains(e.message, "unknown key `tables`"));
}

TEST(ModelsTomlErrorTest, DuplicateTable) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "id", type = "integer" } ]

[[table]]
name = "hero"
columns = [ { name = "id", type = "integer" } ]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.message, "duplicate table hero");
}

TEST(ModelsTomlErrorTest, DuplicateColumn) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [
  { name = "id", type = "integer" },
  { name = "id", type = "bigint" },
]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.message, "duplicate column \"id\" in table hero");
  EXPECT_EQ(e.column, "id");
}

TEST(ModelsTomlErrorTest, IndexOnMissingColumn) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "id", type = "integer" } ]
indexes = [
  { name = "ix_hero_age", columns = ["age"] },
]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.message, "index ix_hero_age names missing column \"age\"");
  EXPECT_EQ(e.column, "age");
}

TEST(ModelsTomlErrorTest, UniqueOnMissingColumn) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "id", type = "integer" } ]
unique = [ { columns = ["id", "email"] } ]
)~");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.message, "unique constraint uq_hero_id_email names missing column \"email\"");
}

TEST(ModelsTomlErrorTest, ForeignKeyOnMissingLocalColumn) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "id", type = "integer" } ]
foreign_keys = [ { columns = ["team_id"], references = "hero", ref_columns = ["id"] } ]
)~");
  EXPECT_EQ(e.line, 4);
  EXPECT_TRUE(contains(e.message, "names missing column \"team_id\"")) << e.message;
}

TEST(ModelsTomlErrorTest, PrimaryKeyOnMissingColumn) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "id", type = "integer" } ]

primary_key = ["id", "code"]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.message, "primary key names missing column \"code\"");
}

TEST(ModelsTomlErrorTest, ForeignKeyToMissingTable) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "team_id", type = "integer", foreign_key = "team.id" },
]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.message, "foreign key fk_hero_team_id_team references missing table team");
  EXPECT_EQ(e.column, "team_id");
}

TEST(ModelsTomlErrorTest, ForeignKeyToMissingColumn) {
  Error e = read_error(R"~([[table]]
name = "team"
columns = [ { name = "id", type = "integer", primary_key = true } ]

[[table]]
name = "hero"
columns = [ { name = "team_id", type = "integer" } ]
foreign_keys = [
  { name = "fk_team", columns = ["team_id"], references = "team", ref_columns = ["uuid"] },
]
)~");
  EXPECT_EQ(e.line, 9);
  EXPECT_EQ(e.message, "foreign key fk_team references missing column team.uuid");
}

TEST(ModelsTomlErrorTest, EnumWithoutNameOrValues) {
  Error e = read_error(R"~([[table]]
name = "task"
columns = [
  { name = "status", type = "enum", values = ["todo"] },
]
)~");
  EXPECT_EQ(e.line, 4);
  EXPECT_TRUE(contains(e.message, "needs `enum`")) << e.message;

  e = read_error(R"~([[table]]
name = "task"
columns = [
  { name = "id", type = "integer" },
  { name = "status", type = "enum", enum = "task_status" },
]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.message, "enum column status has no `values`");
}

TEST(ModelsTomlErrorTest, EnumKeysOnANonEnumColumn) {
  Error e = read_error(R"~([[table]]
name = "task"
columns = [ { name = "status", type = "text", values = ["a"] } ]
)~");
  EXPECT_EQ(e.line, 3);
  EXPECT_TRUE(contains(e.message, "only to type = \"enum\""));
}

TEST(ModelsTomlErrorTest, ConflictingEnumValues) {
  Error e = read_error(R"~([[table]]
name = "task"
columns = [
  { name = "a", type = "enum", enum = "s", values = ["x", "y"] },
  { name = "b", type = "enum", enum = "s", values = ["y", "x"] },
]
)~");
  EXPECT_EQ(e.line, 5);
  EXPECT_TRUE(contains(e.message, "different values"));
}

TEST(ModelsTomlErrorTest, BadOnDelete) {
  Error e = read_error(R"~([[table]]
name = "team"
columns = [ { name = "id", type = "integer", primary_key = true } ]

[[table]]
name = "hero"
columns = [
  { name = "team_id", type = "integer", foreign_key = "team.id", on_delete = "explode" },
]
)~");
  EXPECT_EQ(e.line, 8);
  EXPECT_TRUE(contains(e.message, "`on_delete` must be one of")) << e.message;
  EXPECT_TRUE(contains(e.hint, "explode"));
}

TEST(ModelsTomlErrorTest, OnDeleteWithoutForeignKey) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "team_id", type = "integer", on_delete = "cascade" } ]
)~");
  EXPECT_EQ(e.line, 3);
  EXPECT_TRUE(contains(e.message, "need `foreign_key`"));
}

TEST(ModelsTomlErrorTest, MalformedForeignKeyTarget) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "team_id", type = "integer", foreign_key = "team" } ]
)~");
  EXPECT_EQ(e.line, 3);
  EXPECT_TRUE(contains(e.message, "\"table.column\""));
}

TEST(ModelsTomlErrorTest, DefaultAndDefaultSql) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "a", type = "integer", default = 1, default_sql = "2" } ]
)~");
  EXPECT_EQ(e.line, 3);
  EXPECT_TRUE(contains(e.message, "not both"));
}

TEST(ModelsTomlErrorTest, WrongValueTypes) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "a", type = "integer", nullable = "yes" } ]
)~");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.message, "`nullable` must be true or false");

  e = read_error("[[table]]\nname = \"hero\"\ncolumns = [ \"a\" ]\n");
  EXPECT_EQ(e.line, 3);
}

TEST(ModelsTomlErrorTest, TableWithoutColumns) {
  Error e = read_error("\n[[table]]\nname = \"hero\"\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.message, "table hero has no columns");
}

TEST(ModelsTomlErrorTest, ExpressionIndexNeedsAName) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "a", type = "text" } ]
indexes = [ { columns = [{ expression = "lower(a)" }] } ]
)~");
  EXPECT_EQ(e.line, 4);
  EXPECT_TRUE(contains(e.message, "needs a `name`"));
}

TEST(ModelsTomlErrorTest, DuplicateConstraintNames) {
  Error e = read_error(R"~([[table]]
name = "hero"
columns = [ { name = "a", type = "text", unique = true } ]
unique = [ { name = "uq_hero_a", columns = ["a"] } ]
)~");
  EXPECT_TRUE(contains(e.message, "duplicate index or constraint name \"uq_hero_a\""));
}

}  // namespace
}  // namespace retort
