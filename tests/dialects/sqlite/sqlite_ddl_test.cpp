// dialects/sqlite/sqlite_ddl.cpp: every op compiled, executed and inspected
// equals core's apply() of the op on the schema before it, with rows kept.
#include "core/comparator.hpp"
#include "tests/dialects/sqlite/sqlite_fixture.hpp"

namespace retort::sqlite_test {
namespace {

AlterColumn alter(std::string table, std::string column) {
  AlterColumn op;
  op.table = std::move(table);
  op.column = std::move(column);
  return op;
}

Index index(std::string name, std::vector<IndexKey> keys, bool unique = false,
            std::string where = {}) {
  Index i;
  i.name = std::move(name);
  i.keys = std::move(keys);
  i.unique = unique;
  i.where = std::move(where);
  return i;
}

Table team_table() {
  Table t;
  t.name = "team";
  t.primary_key_name = "pk_team";
  t.columns = {pk("id"), col("name", "varchar(100)"), col("hq", "text", true)};
  t.uniques = {{"uq_team_name", {"name"}}};
  return t;
}

Table hero_table() {
  Table t;
  t.name = "hero";
  t.comment = "People with powers";
  Column name = col("name", "varchar(100)");
  name.comment = "the hero's name";
  Column created = col("created_at", "timestamp");
  created.default_.sql = "CURRENT_TIMESTAMP";
  t.columns = {pk("id"),
               name,
               col("secret", "text"),
               col("age", "integer", true),
               col("notes", "text", true),
               created,
               col("team_id", "integer", true),
               enum_col("status", "task_status", {"todo", "done"}, true)};
  t.indexes = {index("ix_hero_name", {key("name")}),
               index("ix_hero_team_age", {key("team_id"), key("age", SortOrder::kDesc)})};
  t.uniques = {{"uq_hero_secret", {"secret", "name"}}};
  ForeignKey fk;
  fk.name = "fk_hero_team_id_team";
  fk.columns = {"team_id"};
  fk.ref_table = "team";
  fk.ref_columns = {"id"};
  fk.on_delete = "set null";
  t.foreign_keys = {fk};
  t.checks = {{"ck_hero_age", "age >= 0"}};
  return t;
}

struct OpCase {
  std::string name;
  Op op;
};

Column with_default(Column c, ColumnDefault d) {
  c.default_ = std::move(d);
  return c;
}

std::vector<OpCase> op_cases() {
  Table hero = hero_table();
  std::vector<OpCase> cases;
  auto add = [&](std::string n, Op op) { cases.push_back({std::move(n), std::move(op)}); };
  add("add_column_nullable", AddColumn{"", "hero", col("nickname", "text", true)});
  add("add_column_not_null_default",
      AddColumn{"", "hero", with_default(col("level", "integer"), {std::int64_t{5}, {}})});
  add("add_column_default_sql",
      AddColumn{"", "hero",
                with_default(col("seen", "timestamp", true), {{}, "CURRENT_TIMESTAMP"})});
  Column bio = col("bio", "text", true);
  bio.comment = "short */ bio";
  add("add_column_comment", AddColumn{"", "hero", bio});
  add("add_column_enum", AddColumn{"", "hero",
                                   with_default(enum_col("mood", "mood", {"calm", "angry"}),
                                                {std::string("calm"), {}})});
  add("drop_column_unused", DropColumn{"", "hero", "notes", *hero.find_column("notes")});
  add("drop_column_indexed", DropColumn{"", "hero", "team_id", *hero.find_column("team_id")});
  add("drop_column_enum", DropColumn{"", "hero", "status", *hero.find_column("status")});
  AlterColumn type = alter("hero", "name");
  type.type = *parse_type("varchar(200)");
  add("alter_type", type);
  AlterColumn nullable = alter("hero", "secret");
  nullable.nullable = true;
  add("alter_nullable", nullable);
  AlterColumn not_null = alter("hero", "notes");
  not_null.nullable = false;
  add("alter_not_null", not_null);
  AlterColumn dflt = alter("hero", "age");
  dflt.default_ = ColumnDefault{std::int64_t{10}, {}};
  add("alter_default", dflt);
  AlterColumn drop_dflt = alter("hero", "created_at");
  drop_dflt.default_ = ColumnDefault{};
  add("drop_default", drop_dflt);
  AlterColumn comment = alter("hero", "name");
  comment.comment = "renamed\nin two lines";
  add("alter_comment", comment);
  AlterColumn to_bigint = alter("hero", "id");
  to_bigint.type = *parse_type("bigint");
  add("alter_pk_to_bigint", to_bigint);
  add("rename_table", RenameTable{"", "team", "squad"});
  add("rename_column", RenameColumn{"", "hero", "notes", "remarks"});
  add("rename_indexed_column", RenameColumn{"", "hero", "secret", "secret_name"});
  IndexKey lower;
  lower.expression = "lower(name)";
  add("create_expression_partial_index",
      CreateIndex{"", "hero", index("ix_hero_lower", {lower}, false, "age > 10")});
  add("create_unique_index",
      CreateIndex{"", "hero", index("ix_hero_secret", {key("secret", SortOrder::kDesc)}, true)});
  add("drop_index", DropIndex{"", "hero", hero.indexes[1]});
  add("add_unique", AddUnique{"", "team", {"uq_team_hq", {"hq"}}});
  add("drop_unique", DropUnique{"", "hero", hero.uniques[0]});
  ForeignKey cascade = hero.foreign_keys[0];
  cascade.name = "fk_hero_team_cascade";
  cascade.on_delete = "cascade";
  cascade.on_update = "restrict";
  cascade.deferrable = true;
  cascade.initially_deferred = true;
  add("add_foreign_key", AddForeignKey{"", "hero", cascade});
  add("drop_foreign_key", DropForeignKey{"", "hero", hero.foreign_keys[0]});
  add("add_check", AddCheck{"", "hero", {"ck_hero_name", "length(name) > 0"}});
  add("drop_check", DropCheck{"", "hero", hero.checks[0]});
  add("alter_primary_key", AlterPrimaryKey{"", "hero", "pk_hero", {"id", "name"}, {"id"}});
  add("set_table_comment", SetTableComment{"", "hero", "Heroes */ -- and more", hero.comment});
  add("remove_table_comment", SetTableComment{"", "hero", "", hero.comment});
  add("alter_enum", AlterEnum{"", "task_status", {"todo", "done", "archived"}, {"todo", "done"}});
  add("create_enum", CreateEnum{Enum{"", "unused", {"x"}}});
  add("drop_enum_still_used", DropEnum{Enum{"", "task_status", {"todo", "done"}}});
  add("execute", Execute{"UPDATE hero SET notes = 'touched'", ""});
  add("execute_other_dialect", Execute{"CREATE EXTENSION pgcrypto", "postgresql"});
  BulkInsert bulk{
      "", "team", {{{"name", std::string("Z-Force")}, {"hq", std::string("it's here")}}}};
  add("bulk_insert", bulk);
  Table mission;
  mission.name = "mission";
  mission.columns = {pk("id", "bigint"), col("hero_id", "integer"), col("title", "char(20)", true)};
  mission.foreign_keys = {ForeignKey{
      "fk_mission_hero", {"hero_id"}, "", "hero", {"id"}, "cascade", "", false, false, 0}};
  mission.indexes = {index("ix_mission_hero", {key("hero_id")})};
  add("create_table", CreateTable{mission});
  add("drop_table", DropTable{hero});
  return cases;
}

class SqliteOpTest : public SqliteTest, public ::testing::WithParamInterface<OpCase> {};

TEST_P(SqliteOpTest, CompiledOpMatchesApply) {
  const Op& op = GetParam().op;
  MetaData before = build({CreateTable{team_table()}, CreateTable{hero_table()}});
  sql("INSERT INTO team (name, hq) VALUES ('Avengers', 'NY'), ('Preventers', NULL)");
  sql("INSERT INTO hero (name, secret, age, notes, team_id, status) VALUES "
      "('Deadpond', 'Dive Wilson', 30, 'n1', 1, 'todo'), ('Spider-Boy', 'Pedro', 15, 'n2', 2, "
      "'done'), "
      "('Rusty-Man', 'Tommy', 48, 'n3', NULL, NULL)");
  ASSERT_EQ(before, inspect()) << "the base schema does not round-trip:\n"
                               << dump(inspect()) << "vs\n"
                               << dump(before);

  Status s = run(op, before);
  ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << s.error().statement;

  MetaData expected = before;
  Status applied = apply(expected, op);
  ASSERT_TRUE(applied.ok()) << applied.error().describe();
  expected = dialect().normalize(expected);
  MetaData actual = inspect();
  EXPECT_EQ(actual, expected) << "inspected:\n"
                              << dump(actual) << "expected (apply):\n"
                              << dump(expected);
  for (const Op& diff : compare(actual, expected))
    ADD_FAILURE() << "false diff: " << describe(diff);
  if (expected.find_table("", "hero") != nullptr) {
    EXPECT_EQ(scalar("SELECT count(*) FROM hero"), "3");
    EXPECT_EQ(scalar("SELECT group_concat(name, ',') FROM (SELECT name FROM hero ORDER BY id)"),
              "Deadpond,Spider-Boy,Rusty-Man");
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM pragma_foreign_key_check"), "0");
  EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_schema WHERE name LIKE '_retort_tmp_%'"), "0");
}

INSTANTIATE_TEST_SUITE_P(AllOps, SqliteOpTest, ::testing::ValuesIn(op_cases()),
                         [](const ::testing::TestParamInfo<OpCase>& info) {
                           return info.param.name;
                         });

TEST_F(SqliteTest, RebuildKeepsRowsIndexesAndForeignKeys) {
  MetaData before = build({CreateTable{team_table()}, CreateTable{hero_table()}});
  sql("INSERT INTO team (name, hq) VALUES ('Avengers', 'NY')");
  sql("INSERT INTO hero (name, secret, age, team_id, status) VALUES ('A', 'a', 1, 1, 'todo'), "
      "('B', 'b', 2, 1, 'done')");
  AlterColumn widen = alter("hero", "age");
  widen.type = *parse_type("bigint");
  ASSERT_TRUE(run(widen, before).ok());
  EXPECT_EQ(
      scalar(
          "SELECT group_concat(id || name || secret || age || team_id || status, ';') FROM hero"),
      "1Aa11todo;2Bb21done");
  EXPECT_EQ(scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'hero' "
                   "AND sql IS NOT NULL"),
            "2");
  // Rebuilding the parent keeps the child's reference to it working.
  ASSERT_TRUE(run(AddUnique{"", "team", {"uq_team_hq", {"hq"}}}, before).ok());
  EXPECT_EQ(scalar("SELECT \"table\" FROM pragma_foreign_key_list('hero')"), "team");
  sql("PRAGMA foreign_keys = ON");
  EXPECT_FALSE(
      conn().execute("INSERT INTO hero (name, secret, team_id) VALUES ('C', 'c', 42)").ok());
  sql("DELETE FROM team");
  EXPECT_EQ(scalar("SELECT count(*) FROM hero WHERE team_id IS NULL"), "2")
      << "ON DELETE SET NULL kept";
}

TEST_F(SqliteTest, RebuildRollsBackOnForeignKeyViolation) {
  MetaData before = build({CreateTable{team_table()}, CreateTable{hero_table()}});
  sql("INSERT INTO team (name) VALUES ('Avengers')");
  sql("INSERT INTO hero (name, secret, team_id) VALUES ('A', 'a', 1), ('Orphan', 'o', 99)");
  Status s = run(AddCheck{"", "hero", {"ck_hero_name", "length(name) > 0"}}, before);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kDatabase);
  EXPECT_EQ(s.error().table, "hero");
  EXPECT_NE(s.error().message.find("row 2"), std::string::npos) << s.error().message;
  EXPECT_FALSE(conn().in_transaction());
  EXPECT_EQ(inspect(), before) << "the schema is as it was";
  EXPECT_EQ(scalar("SELECT count(*) FROM hero"), "2");
}

TEST_F(SqliteTest, NotNullColumnWithoutDefaultOnFilledTableFailsLoudly) {
  MetaData before = build({CreateTable{team_table()}});
  sql("INSERT INTO team (name) VALUES ('Avengers')");
  Status s = run(AddColumn{"", "team", col("motto", "text")}, before);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("NOT NULL"), std::string::npos) << s.error().message;
  EXPECT_EQ(inspect(), before);
  // On an empty table the same op succeeds.
  sql("DELETE FROM team");
  EXPECT_TRUE(run(AddColumn{"", "team", col("motto", "text")}, before).ok());
}

TEST_F(SqliteTest, CompileProducesNativeStatementsWhereSqliteCan) {
  MetaData before = build({CreateTable{team_table()}, CreateTable{hero_table()}});
  auto native = dialect().compile(AddColumn{"", "hero", col("x", "text", true)}, before);
  ASSERT_TRUE(native.ok());
  ASSERT_EQ(native->size(), 1u);
  EXPECT_EQ(native->at(0).sql, "ALTER TABLE \"hero\" ADD COLUMN \"x\" TEXT");
  auto drop = dialect().compile(DropColumn{"", "hero", "notes", std::nullopt}, before);
  ASSERT_TRUE(drop.ok());
  EXPECT_EQ(drop->at(0).sql, "ALTER TABLE \"hero\" DROP COLUMN \"notes\"");
  auto rebuild = dialect().compile(DropColumn{"", "hero", "age", std::nullopt}, before);
  ASSERT_TRUE(rebuild.ok());
  EXPECT_EQ(rebuild->at(0).sql.rfind("CREATE TABLE \"_retort_tmp_hero\"", 0), 0u)
      << rebuild->at(0).sql;
  EXPECT_TRUE(dialect().compile(CreateEnum{Enum{"", "e", {"a"}}}, before)->empty());
  EXPECT_EQ(dialect().quote_identifier("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(dialect().quote_literal("it's"), "'it''s'");
  EXPECT_EQ(dialect().begin_sql(), "BEGIN;");
  EXPECT_EQ(dialect().commit_sql(), "COMMIT;");
}

TEST_F(SqliteTest, NormalizeDropsSchemasAndUnusedEnums) {
  MetaData declared;
  Table t = team_table();
  t.schema = "app";
  declared.tables.push_back(t);
  declared.enums.push_back(Enum{"app", "unused", {"a"}});
  MetaData n = dialect().normalize(declared);
  ASSERT_EQ(n.tables.size(), 1u);
  EXPECT_EQ(n.tables[0].schema, "");
  EXPECT_TRUE(n.enums.empty());
  EXPECT_TRUE(n.tables[0].columns[0].autoincrement);
}

}  // namespace
}  // namespace retort::sqlite_test
