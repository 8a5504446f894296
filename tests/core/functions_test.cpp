// Functions, procedures and aggregates in core: the statement's head read
// without a grammar, [[function]] sections read and written back with their
// errors, and the comparator's order (before the tables, after the tables
// for one that reads a new table, after the views for one that reads a
// view, aggregates after their functions, replacements as drop and create).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/comparator.hpp"
#include "core/function_head.hpp"
#include "core/models_toml.hpp"
#include "core/ops.hpp"

namespace retort {
namespace {

TEST(FunctionHeadTest, ReadsKindSchemaAndNameAsPostgresqlFoldsThem) {
  auto head = read_function_head(
      "  -- the counter\n/* v2 */ create OR Replace FUNCTION Store.\"Hero Count\"() ...");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->routine, "function");
  EXPECT_EQ(head->schema, "store");
  EXPECT_EQ(head->name, "Hero Count");
  EXPECT_TRUE(head->or_replace);
  head = read_function_head("CREATE PROCEDURE p(a int) LANGUAGE sql AS ''");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->routine, "procedure");
  EXPECT_EQ(head->schema, "");
  EXPECT_EQ(head->name, "p");
  EXPECT_EQ(read_function_head("CREATE AGGREGATE a.s(numeric) (...)")->routine, "aggregate");
  EXPECT_FALSE(read_function_head("CREATE VIEW v AS SELECT 1"));
  EXPECT_FALSE(read_function_head("CREATE TRIGGER t ..."));
  EXPECT_FALSE(read_function_head("CREATE FUNCTION \"unterminated"));
}

TEST(FunctionHeadTest, OrReplaceIsAddedRemovedAndTheSchemaDropped) {
  EXPECT_EQ(or_replace_sql("CREATE FUNCTION f() RETURNS int"),
            "CREATE OR REPLACE FUNCTION f() RETURNS int");
  EXPECT_EQ(or_replace_sql("create or replace function f()"), "create or replace function f()");
  EXPECT_EQ(without_or_replace("CREATE OR REPLACE FUNCTION public.f()"),
            "CREATE FUNCTION public.f()");
  EXPECT_EQ(without_or_replace("CREATE FUNCTION f()"), "CREATE FUNCTION f()");
  EXPECT_EQ(unqualified_sql("CREATE FUNCTION tenant_a.f(x int)"), "CREATE FUNCTION f(x int)");
  EXPECT_EQ(unqualified_sql("CREATE FUNCTION f(x int)"), "CREATE FUNCTION f(x int)");
}

MetaData read(const std::string& text) {
  Result<MetaData> md = read_models(text, "models.toml");
  EXPECT_TRUE(md) << (md ? "" : md.error().describe());
  return md ? *md : MetaData{};
}

TEST(FunctionsTest, SectionsReadBackAsWritten) {
  const MetaData md = read(R"t(
[[function]]
sql = "CREATE FUNCTION app.add_one(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x + 1';"
comment = "Adds one"
)t");
  ASSERT_EQ(md.functions.size(), 1u);
  const Function& f = md.functions[0];
  EXPECT_EQ(f.schema, "app");
  EXPECT_EQ(f.name, "add_one");
  EXPECT_EQ(f.routine, "function");
  EXPECT_EQ(f.sql,
            "CREATE FUNCTION app.add_one(x integer) RETURNS integer LANGUAGE sql AS "
            "'SELECT x + 1'");
  EXPECT_EQ(f.comment, "Adds one");
  const std::string written = write_models(md);
  EXPECT_NE(written.find("[[function]]"), std::string::npos) << written;
  EXPECT_EQ(read(written), md);
}

TEST(FunctionsTest, BadSectionsAreRefusedAtTheirLine) {
  struct Case {
    const char* models;
    const char* message;
  };
  for (const Case& c : {
           Case{"\n[[function]]\ncomment = \"x\"\n", "models.toml:2"},
           Case{"\n\n[[function]]\nsql = \"CREATE TABLE t (id int)\"\n", "models.toml:4"},
           Case{"\n[[function]]\nsql = \"CREATE FUNCTION a.f() ...\"\nschema = \"b\"\n",
                "`schema` says \"b\""},
           Case{"\n[[function]]\nsql = 1\n", "models.toml:3"},
           Case{"function = 1\n", "`function` must be"},
       }) {
    Result<MetaData> md = read_models(c.models, "models.toml");
    ASSERT_FALSE(md) << c.models;
    EXPECT_NE(md.error().describe().find(c.message), std::string::npos) << md.error().describe();
  }
}

Function function(const std::string& name, std::vector<std::string> depends_on = {},
                  const std::string& routine = "function") {
  Function f;
  f.name = name;
  f.routine = routine;
  f.sql = "CREATE " + routine + " " + name + "() ...";
  f.canonical = f.sql;
  f.signature = "s";
  f.depends_on = std::move(depends_on);
  return f;
}

std::vector<std::string> described(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const Op& op : ops) out.push_back(describe(op));
  return out;
}

TEST(FunctionsTest, CreatedAroundTheTablesAndViewsThatNeedThem) {
  MetaData to;
  Table item;
  item.name = "item";
  Column id;
  id.name = "id";
  id.type.kind = TypeKind::kInteger;
  id.primary_key = true;
  item.columns = {id};
  item.finish();
  to.tables = {item};
  View stats;
  stats.name = "stats";
  stats.query = "SELECT 1";
  to.views = {stats};
  to.functions = {function("sum_state"), function("total", {}, "aggregate"),
                  function("count_items", {"item"}), function("read_stats", {"stats"}),
                  function("plain", {"integer"})};
  to.finish();
  EXPECT_EQ(described(compare(MetaData{}, to)),
            (std::vector<std::string>{"create function plain()", "create function sum_state()",
                                      "create aggregate total()", "create table item (1 columns)",
                                      "create function count_items()", "create view stats",
                                      "create function read_stats()"}));
}

TEST(FunctionsTest, ChangesAreReplacesOrDropsAndCreatesAndDropsFollowTheTables) {
  MetaData from;
  from.functions = {function("body"), function("result"), function("gone"),
                    function("agg", {}, "aggregate")};
  from.finish();
  MetaData to = from;
  for (Function& f : to.functions) {
    if (f.name == "body") f.canonical = "new body";
    if (f.name == "result") {  // another signature too
      f.canonical = "other";
      f.signature = "t";
    }
  }
  std::erase_if(to.functions,
                [](const Function& f) { return f.name == "gone" || f.name == "agg"; });
  to.finish();
  const std::vector<Op> ops = compare(from, to);
  EXPECT_EQ(described(ops),
            (std::vector<std::string>{"drop function result()", "alter function body()",
                                      "create function result()", "drop aggregate agg()",
                                      "drop function gone()"}));
  // Every op has its inverse.
  Result<std::vector<Op>> back = inverse_all(ops);
  ASSERT_TRUE(back) << back.error().describe();
  MetaData played = from;
  for (const Op& op : ops) ASSERT_TRUE(apply(played, op)) << describe(op);
  EXPECT_EQ(played, to);
  for (const Op& op : *back) ASSERT_TRUE(apply(played, op)) << describe(op);
  EXPECT_EQ(played, from);
}

// A function replaced by a drop and a create takes the views that call it
// along: PostgreSQL refuses to drop a function a view calls.
TEST(FunctionsTest, AReplacedFunctionTakesTheViewsThatCallItAlong) {
  MetaData from;
  from.functions = {function("order_total")};
  View calls;
  calls.name = "order_summary";
  calls.query = "SELECT id, store.Order_Total (id) AS total FROM orders";
  View mentions;
  mentions.name = "order_names";
  mentions.query = "SELECT order_total_label FROM orders";
  from.views = {calls, mentions};
  from.finish();
  MetaData to = from;
  to.functions[0].canonical = "returns bigint";
  to.functions[0].signature = "t";
  EXPECT_EQ(
      described(compare(from, to)),
      (std::vector<std::string>{"drop view order_summary", "drop function order_total()",
                                "create function order_total()", "create view order_summary"}));
}

}  // namespace
}  // namespace retort
