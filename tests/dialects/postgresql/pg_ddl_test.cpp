// The DDL compiler: every op, compiled and executed on a real server, leaves
// the database reflecting exactly what apply(op) predicts.
#include "dialects/postgresql/pg_ddl.hpp"

#include <gtest/gtest.h>

#include "tests/dialects/postgresql/pg_test_util.hpp"

namespace retort::testing {
namespace {

using std::string;

class PgDdlTest : public PgTest {
 protected:
  // Runs `op` on the live database and checks the reflected schema against
  // apply(op) on the normalised schema before it.
  void step(const Op& op, const InspectOptions& options = {}) {
    SCOPED_TRACE(describe(op));
    MetaData before = inspect(options);
    MetaData expected = before;
    ASSERT_TRUE(apply(expected, op).ok());
    expected = dialect().normalize(expected);
    ASSERT_NO_FATAL_FAILURE(run_op(op, before));
    MetaData after = inspect(options);
    EXPECT_EQ(describe_all(compare(after, expected)), "no ops");
    EXPECT_TRUE(after == expected) << "reflected schema differs from apply(op)";
  }

  Table hero() {
    Table t = table("hero", {pk("id"), col("name", "varchar(50)"), col("age", "integer", true),
                             with_default(col("level", "integer"), std::int64_t{1})});
    t.comment = "People with powers";
    t.finish();
    return t;
  }
  Table team() { return table("team", {pk("id"), col("name", "text")}); }
};

TEST_F(PgDdlTest, TableAndColumnOps) {
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{team()}));
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{hero()}));
  ASSERT_NO_FATAL_FAILURE(sql("INSERT INTO hero (name, age) VALUES ('Deadpond', 30)"));
  ASSERT_NO_FATAL_FAILURE(step(AddColumn{"", "hero", with_default(col("power", "real"), 1.5)}));
  Column note = col("note", "text", true);
  note.comment = "free text";
  ASSERT_NO_FATAL_FAILURE(step(AddColumn{"", "hero", note}));
  ASSERT_NO_FATAL_FAILURE(step(RenameColumn{"", "hero", "note", "remark"}));
  ASSERT_NO_FATAL_FAILURE(step(DropColumn{"", "hero", "remark", std::nullopt}));
  ASSERT_NO_FATAL_FAILURE(step(RenameTable{"", "team", "squad"}));
  ASSERT_NO_FATAL_FAILURE(step(DropTable{table("squad", {pk("id"), col("name", "text")})}));
  auto rows = conn().query("SELECT name, age, level, power FROM hero");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], Cell{"Deadpond"});
  EXPECT_EQ(rows->rows[0][2], Cell{"1"});
  EXPECT_EQ(rows->rows[0][3], Cell{"1.5"});
}

TEST_F(PgDdlTest, AlterColumnTypeNullableDefaultComment) {
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{hero()}));
  ASSERT_NO_FATAL_FAILURE(sql("INSERT INTO hero (name, age) VALUES ('Rusty', 40)"));
  const Column existing_name = col("name", "varchar(50)");
  AlterColumn widen = alter("hero", "name");
  widen.existing = existing_name;
  widen.type = *parse_type("varchar(100)");
  ASSERT_NO_FATAL_FAILURE(step(widen));
  AlterColumn to_text = alter("hero", "name");
  to_text.type = *parse_type("text");
  ASSERT_NO_FATAL_FAILURE(step(to_text));
  AlterColumn bigger = alter("hero", "level");
  bigger.type = *parse_type("bigint");
  bigger.existing = with_default(col("level", "integer"), std::int64_t{1});
  ASSERT_NO_FATAL_FAILURE(step(bigger));
  AlterColumn numeric = alter("hero", "age");
  numeric.type = *parse_type("numeric(10,2)");
  ASSERT_NO_FATAL_FAILURE(step(numeric));
  AlterColumn not_null = alter("hero", "age");
  not_null.nullable = false;
  ASSERT_NO_FATAL_FAILURE(step(not_null));
  AlterColumn nullable = alter("hero", "age");
  nullable.nullable = true;
  ASSERT_NO_FATAL_FAILURE(step(nullable));
  AlterColumn set_default = alter("hero", "name");
  set_default.default_ = ColumnDefault{string("anon"), std::nullopt};
  ASSERT_NO_FATAL_FAILURE(step(set_default));
  AlterColumn drop_default = alter("hero", "name");
  drop_default.default_ = ColumnDefault{};
  ASSERT_NO_FATAL_FAILURE(step(drop_default));
  AlterColumn sql_default = alter("hero", "name");
  sql_default.default_ = ColumnDefault{std::nullopt, string("md5(random()::text)")};
  ASSERT_NO_FATAL_FAILURE(step(sql_default));
  AlterColumn comment = alter("hero", "age");
  comment.comment = "in years";
  ASSERT_NO_FATAL_FAILURE(step(comment));
  auto rows = conn().query("SELECT name, age FROM hero");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0], Cell{"Rusty"});
  EXPECT_EQ(rows->rows[0][1], Cell{"40.00"});
}

TEST_F(PgDdlTest, ConstraintAndIndexOps) {
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{team()}));
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{hero()}));
  ASSERT_NO_FATAL_FAILURE(step(AddColumn{"", "hero", col("team_id", "integer", true)}));
  ASSERT_NO_FATAL_FAILURE(step(AddUnique{"", "hero", {"uq_hero_name_age", {"name", "age"}}}));
  ForeignKey fk{
      "fk_hero_team_id_team", {"team_id"}, "", "team", {"id"}, "set null", "cascade", true, false};
  ASSERT_NO_FATAL_FAILURE(step(AddForeignKey{"", "hero", fk}));
  ASSERT_NO_FATAL_FAILURE(step(AddCheck{"", "hero", {"ck_hero_age", "age >= 0"}}));
  ASSERT_NO_FATAL_FAILURE(step(CreateIndex{
      "", "hero", index("ix_hero_team_age", {key("team_id"), key("age", SortOrder::kDesc)})}));
  ASSERT_NO_FATAL_FAILURE(step(
      CreateIndex{"", "hero", index("ix_hero_lower", {expr("lower(name)")}, true, "age > 18")}));
  ASSERT_NO_FATAL_FAILURE(
      step(DropIndex{"", "hero", index("ix_hero_lower", {expr("lower(name)")}, true, "age > 18")}));
  ASSERT_NO_FATAL_FAILURE(step(DropCheck{"", "hero", {"ck_hero_age", "age >= 0"}}));
  ASSERT_NO_FATAL_FAILURE(step(DropForeignKey{"", "hero", fk}));
  ASSERT_NO_FATAL_FAILURE(step(DropUnique{"", "hero", {"uq_hero_name_age", {"name", "age"}}}));
  ASSERT_NO_FATAL_FAILURE(step(SetTableComment{"", "hero", "Capes", "People with powers"}));
  ASSERT_NO_FATAL_FAILURE(step(SetTableComment{"", "hero", "", "Capes"}));
}

TEST_F(PgDdlTest, PrimaryKeyChange) {
  Table t = table("pair", {pk("a"), col("b", "integer")});
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{t}));
  ASSERT_NO_FATAL_FAILURE(step(AlterPrimaryKey{"", "pair", "pk_pair", {"a", "b"}, {"a"}}));
  ASSERT_NO_FATAL_FAILURE(step(AlterPrimaryKey{"", "pair", "", {}, {"a", "b"}}));
}

TEST_F(PgDdlTest, EnumsCreatedExtendedShrunkAndDropped) {
  Enum status{"", "task_status", {"todo", "done"}};
  ASSERT_NO_FATAL_FAILURE(step(CreateEnum{status}));
  Table task = table("task", {pk("id"), enum_col("status", "task_status", {"todo", "done"})});
  task.columns[1].default_.value = string("todo");
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{task}));
  ASSERT_NO_FATAL_FAILURE(sql("INSERT INTO task (status) VALUES ('todo'), ('done')"));
  ASSERT_NO_FATAL_FAILURE(
      step(AlterEnum{"", "task_status", {"todo", "doing", "done", "archived"}, {"todo", "done"}}));
  MetaData md = inspect();
  ASSERT_EQ(md.enums.size(), 1u);
  EXPECT_EQ(md.enums[0].values, (std::vector<string>{"todo", "doing", "done", "archived"}));
  ASSERT_NO_FATAL_FAILURE(sql("INSERT INTO task (status) VALUES ('doing')"));
  // Removing a value recreates the type; the rows that use kept values stay.
  ASSERT_NO_FATAL_FAILURE(sql("DELETE FROM task WHERE status = 'doing'"));
  ASSERT_NO_FATAL_FAILURE(
      step(AlterEnum{"", "task_status", {"todo", "done"}, {"todo", "doing", "done", "archived"}}));
  auto rows = conn().query("SELECT status::text FROM task ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(rows->rows[1][0], Cell{"done"});
  ASSERT_NO_FATAL_FAILURE(step(DropTable{task}));
  ASSERT_NO_FATAL_FAILURE(step(DropEnum{status}));
  EXPECT_TRUE(inspect().enums.empty());
}

TEST_F(PgDdlTest, NonPublicSchemaTablesAndEnums) {
  InspectOptions options;
  options.schemas = {"billing"};
  ASSERT_NO_FATAL_FAILURE(step(CreateEnum{Enum{"billing", "currency", {"eur", "usd"}}}, options));
  Table invoice = table("invoice",
                        {pk("id", "bigint"), col("total", "numeric(12,2)"),
                         enum_col("currency", "currency", {"eur", "usd"})},
                        "billing");
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{invoice}, options));
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{team()}, options));
  ASSERT_NO_FATAL_FAILURE(
      step(AddColumn{"billing", "invoice", col("team_id", "integer", true)}, options));
  ASSERT_NO_FATAL_FAILURE(step(
      AddForeignKey{"billing",
                    "invoice",
                    {"fk_invoice_team", {"team_id"}, "", "team", {"id"}, "", "", false, false}},
      options));
  ASSERT_NO_FATAL_FAILURE(
      step(CreateIndex{"billing", "invoice", index("ix_invoice_team", {key("team_id")})}, options));
  ASSERT_NO_FATAL_FAILURE(
      step(DropIndex{"billing", "invoice", index("ix_invoice_team", {key("team_id")})}, options));
  ASSERT_NO_FATAL_FAILURE(
      step(AlterEnum{"billing", "currency", {"eur", "gbp", "usd"}, {"eur", "usd"}}, options));
  ASSERT_NO_FATAL_FAILURE(step(RenameTable{"billing", "invoice", "bill"}, options));
  MetaData md = inspect(options);
  ASSERT_NE(md.find_table("billing", "bill"), nullptr);
  EXPECT_EQ(md.find_table("billing", "bill")->find_column("currency")->type.enum_name, "currency");
}

TEST_F(PgDdlTest, BulkInsertAndExecute) {
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{team()}));
  BulkInsert insert{
      "", "team", {{{"name", Literal{string("a'b")}}}, {{"name", Literal{string("c")}}}}};
  ASSERT_NO_FATAL_FAILURE(step(insert));
  ASSERT_NO_FATAL_FAILURE(step(Execute{"UPDATE team SET name = upper(name)", ""}));
  auto other = dialect().compile(Execute{"PRAGMA foreign_keys = ON", "sqlite"}, MetaData{});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
  auto rows = conn().query("SELECT name FROM team ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(rows->rows[0][0], Cell{"A'B"});
}

TEST_F(PgDdlTest, ConcurrentIndexIsMarkedNonTransactional) {
  auto stmts = dialect().compile(Execute{"CREATE INDEX CONCURRENTLY ix ON t (a)", ""}, MetaData{});
  ASSERT_TRUE(stmts.ok());
  ASSERT_EQ(stmts->size(), 1u);
  EXPECT_FALSE((*stmts)[0].transactional);
}

// create_index / drop_index with concurrently = true: the CONCURRENTLY
// forms, outside a transaction, and the index built valid on a live table.
TEST_F(PgDdlTest, ConcurrentIndexOpsCompileOutsideATransaction) {
  ASSERT_TRUE(conn().execute("CREATE TABLE hero (id integer PRIMARY KEY, age integer)").ok());
  MetaData before = inspect();
  Index index;
  index.name = "ix_hero_age";
  index.keys = {IndexKey{.column = "age"}};
  index.unique = true;
  CreateIndex create{"", "hero", index, true};
  auto stmts = dialect().compile(create, before);
  ASSERT_TRUE(stmts.ok()) << stmts.error().describe();
  ASSERT_EQ(stmts->size(), 1u);
  EXPECT_EQ((*stmts)[0].sql,
            "CREATE UNIQUE INDEX CONCURRENTLY \"ix_hero_age\" ON \"hero\" (\"age\")");
  EXPECT_FALSE((*stmts)[0].transactional);
  ASSERT_TRUE(conn().execute((*stmts)[0].sql).ok());
  auto valid = conn().query(
      "SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'ix_hero_age'::regclass");
  ASSERT_TRUE(valid.ok());
  EXPECT_EQ(valid->rows[0][0], Cell{"true"});

  auto drop = dialect().compile(DropIndex{"", "hero", index, true}, before);
  ASSERT_TRUE(drop.ok());
  ASSERT_EQ(drop->size(), 1u);
  EXPECT_EQ((*drop)[0].sql, "DROP INDEX CONCURRENTLY \"ix_hero_age\"");
  EXPECT_FALSE((*drop)[0].transactional);
  // Without the flag: the plain forms, in the revision's transaction.
  auto plain = dialect().compile(DropIndex{"", "hero", index}, before);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)[0].sql, "DROP INDEX \"ix_hero_age\"");
  EXPECT_TRUE((*plain)[0].transactional);
}

TEST(PgTypeSql, PortableTypesMapToPostgresTypes) {
  auto t = [](std::string_view s) { return postgresql::type_sql(*parse_type(s), ""); };
  EXPECT_EQ(t("float"), "double precision");
  EXPECT_EQ(t("json"), "jsonb");
  EXPECT_EQ(t("blob"), "bytea");
  EXPECT_EQ(t("timestamptz"), "timestamptz");
  EXPECT_EQ(t("numeric(10,2)"), "numeric(10,2)");
  EXPECT_EQ(t("uuid"), "uuid");
  Type e = *parse_type("enum");
  e.enum_name = "mood";
  EXPECT_EQ(postgresql::type_sql(e, "app"), "\"app\".\"mood\"");
}

TEST(PgAutocommitTest, DecidesFromLeadingKeywordsOnly) {
  using postgresql::needs_autocommit;
  EXPECT_TRUE(needs_autocommit("CREATE INDEX CONCURRENTLY ix ON t (a)"));
  EXPECT_TRUE(needs_autocommit("  /* online */ create unique index concurrently ix ON t (a)"));
  EXPECT_TRUE(needs_autocommit("-- drop it online\nDROP INDEX CONCURRENTLY ix"));
  EXPECT_TRUE(needs_autocommit("REINDEX (VERBOSE) TABLE CONCURRENTLY t"));
  EXPECT_TRUE(needs_autocommit("vacuum analyze t"));
  EXPECT_TRUE(needs_autocommit("CREATE DATABASE other"));
  EXPECT_TRUE(needs_autocommit("DROP TABLESPACE fast"));
  EXPECT_TRUE(needs_autocommit("ALTER SYSTEM SET work_mem = '64MB'"));
  EXPECT_FALSE(needs_autocommit("UPDATE notes SET t = 'done concurrently'"));
  EXPECT_FALSE(needs_autocommit("INSERT INTO x VALUES ('CREATE DATABASE y')"));
  EXPECT_FALSE(needs_autocommit("CREATE INDEX ix ON t (concurrently)"));
  EXPECT_FALSE(needs_autocommit("SELECT 1; VACUUM"));
  EXPECT_FALSE(needs_autocommit("REINDEX TABLE t"));
}

TEST(PgAutocommitTest, AddedEnumValuesAreIdempotentAndCommittedFirst) {
  MetaData before;
  before.enums.push_back(Enum{"", "mood", {"ok"}});
  Result<std::vector<Statement>> s =
      postgresql::compile_op(AlterEnum{"", "mood", {"ok", "sad"}, {"ok"}}, before);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ((*s)[0].sql, "ALTER TYPE \"mood\" ADD VALUE IF NOT EXISTS 'sad'");
  EXPECT_TRUE((*s)[0].transactional);
  EXPECT_TRUE((*s)[0].commit_first);
}

}  // namespace
}  // namespace retort::testing
