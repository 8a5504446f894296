// Functions, procedures, aggregates and triggers in core: the statement's
// head read without a grammar, [[function]] sections read and written back with their
// errors, and the comparator's order (before the tables, after the tables
// for one that reads a new table, after the views for one that reads a
// view, aggregates after their functions, replacements as drop and create;
// triggers last, and first to go when their table, view or function goes).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/comparator.hpp"
#include "core/function_head.hpp"
#include "core/models_toml.hpp"
#include "core/ops.hpp"
#include "core/trigger_head.hpp"
#include "core/view_order.hpp"

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

// Every op of `ops` has its inverse: played on `from` they give `to`, and
// the inverses played after them give `from` back.
void expect_plays_both_ways(const MetaData& from, const MetaData& to, const std::vector<Op>& ops) {
  Result<std::vector<Op>> back = inverse_all(ops);
  ASSERT_TRUE(back) << back.error().describe();
  MetaData played = from;
  for (const Op& op : ops) ASSERT_TRUE(apply(played, op)) << describe(op);
  EXPECT_EQ(played, to);
  for (const Op& op : *back) ASSERT_TRUE(apply(played, op)) << describe(op);
  EXPECT_EQ(played, from);
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
  expect_plays_both_ways(from, to, ops);
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

// Defaults, checks and indexes that call a function dropped first (new
// argument types, a new result) go before it and come back after, as they
// were; one the table ops change themselves is theirs to make. Each op has
// its inverse, and the downgrade plays back to `from`.
TEST(FunctionsTest, DefaultsChecksAndIndexesThatCallADroppedFunctionGoAroundIt) {
  auto account = [](const char* check) {
    Result<MetaData> md = read_models(std::string("[[table]]\nname = \"account\"\ncolumns = [\n") +
                                          R"x({ name = "id", type = "integer", primary_key = true },
{ name = "code", type = "text", default_sql = "code_of(0)" },
{ name = "note", type = "text", default_sql = "upper('x')" }]
indexes = [ { name = "ix_account_code", columns = [{ expression = "code_of(id)" }] },
            { name = "ix_account_note", columns = ["note"] } ]
checks = [ { name = "ck_code", sql = ")x" +
                                          check + "\" } ]\n",
                                      "models.toml");
    EXPECT_TRUE(md) << md.error().describe();
    return md ? *md : MetaData{};
  };
  MetaData from = account("is_code(code)");
  MetaData to = account("is_code(code) = 1");
  Function code_of = function("code_of");
  code_of.arguments = "integer";
  Function is_code = function("is_code");
  from.functions = {code_of, is_code};
  code_of.arguments = "bigint";  // new argument types
  is_code.signature = "t";       // a new result
  is_code.canonical = "returns integer";
  to.functions = {code_of, is_code};
  from.finish();
  to.finish();
  const std::vector<Op> ops = compare(from, to);
  EXPECT_EQ(
      described(ops),
      (std::vector<std::string>{
          "alter column account.code: drop default", "drop check constraint ck_code on account",
          "drop index ix_account_code on account", "drop function is_code()",
          "drop function code_of(integer)", "create function code_of(bigint)",
          "create function is_code()", "alter column account.code: default code_of(0)",
          "create index ix_account_code on account (code_of(id))",
          "add check constraint ck_code on account (is_code(code) = 1)"}));
  expect_plays_both_ways(from, to, ops);
}

// Generated columns that call a replaced function are dropped and added
// again around it (PostgreSQL cannot drop and set an expression), with what
// PostgreSQL drops with them: the index on one, the index that INCLUDEs the
// other, the unique constraint, the checks (one shared by both, one that
// calls the function itself, each moved once). Both columns come back
// before any of those. They come back last: the schema played forward
// differs from `to` only in that order, which compare() ignores.
TEST(FunctionsTest, GeneratedColumnsThatCallAReplacedFunctionAreDroppedAndAddedAgain) {
  Result<MetaData> read = read_models(R"x([[table]]
name = "doc"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "text" },
  { name = "slug", type = "text", nullable = true, generated = "slugify(title)" },
  { name = "code", type = "text", nullable = true, generated = "slugify(body)" },
  { name = "body", type = "text", nullable = true },
]
indexes = [ { name = "ix_doc_slug", columns = ["slug"] },
            { name = "ix_doc_title", columns = ["title"], include = ["code"] },
            { name = "ix_doc_body", columns = ["body"] } ]
unique = [ { name = "uq_doc_slug_id", columns = ["slug", "id"] } ]
checks = [ { name = "ck_doc_slug", sql = "slugify(slug) <> ''" },
           { name = "ck_doc_pair", sql = "slug <> code" },
           { name = "ck_doc_title", sql = "title <> ''" } ]
)x",
                                      "models.toml");
  ASSERT_TRUE(read) << read.error().describe();
  MetaData from = *read;
  from.functions = {function("slugify")};
  MetaData to = from;
  to.functions[0].signature = "t";  // a new result: drop and create
  to.functions[0].canonical = "returns varchar";
  from.finish();
  to.finish();
  const std::vector<Op> ops = compare(from, to);
  EXPECT_EQ(
      described(ops),
      (std::vector<std::string>{
          "drop check constraint ck_doc_pair on doc", "drop check constraint ck_doc_slug on doc",
          "drop index ix_doc_slug on doc", "drop unique constraint uq_doc_slug_id on doc",
          "drop column doc.slug", "drop index ix_doc_title on doc", "drop column doc.code",
          "drop function slugify()", "create function slugify()",
          "add column doc.slug (text, nullable)", "add column doc.code (text, nullable)",
          "add check constraint ck_doc_pair on doc (slug <> code)",
          "add check constraint ck_doc_slug on doc (slugify(slug) <> '')",
          "create index ix_doc_slug on doc (slug)",
          "add unique constraint uq_doc_slug_id on doc (slug, id)",
          "create index ix_doc_title on doc (title)"}));
  Result<std::vector<Op>> back = inverse_all(ops);
  ASSERT_TRUE(back) << back.error().describe();
  MetaData played = from;
  for (const Op& op : ops) ASSERT_TRUE(apply(played, op)) << describe(op);
  EXPECT_EQ(described(compare(played, to)), std::vector<std::string>{});
  EXPECT_EQ(played.find_table("", "doc")->columns.back().name, "code");
  for (const Op& op : *back) ASSERT_TRUE(apply(played, op)) << describe(op);
  EXPECT_EQ(described(compare(played, from)), std::vector<std::string>{});
}

// A function that reads a view is created after the views: the defaults,
// checks and indexes that call it (re-made around its replacement, or new)
// come after it, not before it exists.
TEST(FunctionsTest, CallersOfAFunctionMadeAfterTheViewsComeAfterIt) {
  auto account = [](bool with_new_check) {
    std::string text = R"x([[table]]
name = "account"
columns = [
{ name = "id", type = "integer", primary_key = true },
{ name = "code", type = "text", default_sql = "code_of(0)" }]
indexes = [ { name = "ix_account_code", columns = [{ expression = "code_of(id)" }] } ]
)x";
    if (with_new_check)
      text += "checks = [ { name = \"ck_code\", sql = \"code_of(id) <> ''\" } ]\n";
    text += "\n[[view]]\nname = \"code_names\"\nquery = \"SELECT 1 AS one\"\n";
    Result<MetaData> md = read_models(text, "models.toml");
    EXPECT_TRUE(md) << md.error().describe();
    return md ? *md : MetaData{};
  };
  MetaData from = account(false);
  MetaData to = account(true);
  Function code_of = function("code_of", {"code_names"});
  from.functions = {code_of};
  code_of.signature = "t";  // a new result: drop and create
  code_of.canonical = "returns bigint";
  to.functions = {code_of};
  from.finish();
  to.finish();
  const std::vector<Op> ops = compare(from, to);
  EXPECT_EQ(described(ops),
            (std::vector<std::string>{"alter column account.code: drop default",
                                      "drop index ix_account_code on account",
                                      "drop function code_of()", "create function code_of()",
                                      "add check constraint ck_code on account (code_of(id) <> '')",
                                      "alter column account.code: default code_of(0)",
                                      "create index ix_account_code on account (code_of(id))"}));
  expect_plays_both_ways(from, to, ops);
}

// A table renamed in the same revision: the table ops name it by its new
// name, and still take the check that calls the replaced function over.
TEST(FunctionsTest, CallersOfAReplacedFunctionOnARenamedTableAreTakenOverOnce) {
  auto table = [](const char* name, const char* renamed_from, const char* check) {
    Result<MetaData> md =
        read_models(std::string("[[table]]\nname = \"") + name + "\"\n" + renamed_from +
                        "columns = [{ name = \"id\", type = \"integer\", primary_key = true }]\n"
                        "checks = [ { name = \"ck_ok\", sql = \"" +
                        check + "\" } ]\n",
                    "models.toml");
    EXPECT_TRUE(md) << md.error().describe();
    return md ? *md : MetaData{};
  };
  MetaData from = table("t", "", "ok(id)");
  MetaData to = table("t2", "renamed_from = \"t\"\n", "ok(id) = 1");
  Function ok = function("ok");
  from.functions = {ok};
  ok.canonical = "returns integer";
  ok.signature = "t";
  to.functions = {ok};
  from.finish();
  to.finish();
  EXPECT_EQ(
      described(compare(from, to)),
      (std::vector<std::string>{"drop check constraint ck_ok on t", "drop function ok()",
                                "create function ok()", "rename table t to t2",
                                "alter primary key of t2: (id) -> (id), renamed pk_t -> pk_t2",
                                "add check constraint ck_ok on t2 (ok(id) = 1)"}));
}

// A function given new argument types that nothing on a table calls is
// dropped after the table ops and the new functions (a SQL-standard body may
// move over to the new version first); one that a generated column calls
// goes first, after the column (which the models drop here: the table ops'
// drop is taken over).
TEST(FunctionsTest, ARetypedFunctionGoesFirstOnlyWhenSomethingOnATableCallsIt) {
  Result<MetaData> with_generated = read_models(
      R"x([[table]]
name = "t"
columns = [{ name = "id", type = "integer", primary_key = true },
           { name = "g", type = "integer", generated = "f(id)" }]
)x",
      "models.toml");
  ASSERT_TRUE(with_generated) << with_generated.error().describe();
  Result<MetaData> without = read_models(
      "[[table]]\nname = \"t\"\ncolumns = [{ name = \"id\", type = \"integer\", primary_key "
      "= true }]\n",
      "models.toml");
  ASSERT_TRUE(without) << without.error().describe();
  Function f = function("f");
  auto retyped = [&](MetaData from, MetaData to) {
    f.arguments = "integer";
    from.functions = {f};
    f.arguments = "bigint";
    to.functions = {f};
    from.finish();
    to.finish();
    return described(compare(from, to));
  };
  EXPECT_EQ(retyped(*without, *without),
            (std::vector<std::string>{"create function f(bigint)", "drop function f(integer)"}));
  EXPECT_EQ(retyped(*with_generated, *without),
            (std::vector<std::string>{"drop column t.g", "drop function f(integer)",
                                      "create function f(bigint)"}));
}

TEST(FunctionsTest, CallsAreFoundInAnyCaseAndQuoted) {
  EXPECT_TRUE(calls_any("\"IsOk\"(x) AND y", {"isok"}));
  EXPECT_TRUE(calls_any("store.\"IsOk\" (x)", {"isok"}));
  EXPECT_TRUE(calls_any("NEXT_CODE('C')", {"next_code"}));
  EXPECT_FALSE(calls_any("next_code_x('C')", {"next_code"}));
  EXPECT_FALSE(calls_any("next_code + 1", {"next_code"}));
}

TEST(TriggerHeadTest, ReadsNameAndTableWhereverOnStands) {
  auto head = read_trigger_head(
      "CREATE TRIGGER \"Touch\" BEFORE UPDATE OF title, \"on\" ON Store.Film FOR EACH ROW "
      "EXECUTE FUNCTION touch()");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->name, "Touch");
  EXPECT_EQ(head->schema, "store");
  EXPECT_EQ(head->table, "film");
  EXPECT_FALSE(head->constraint);
  head = read_trigger_head(
      "create or replace constraint trigger c after insert on t deferrable for each row "
      "execute function f('on')");
  ASSERT_TRUE(head);
  EXPECT_TRUE(head->constraint);
  EXPECT_TRUE(head->or_replace);
  EXPECT_EQ(head->table, "t");
  head = read_trigger_head("CREATE TRIGGER IF NOT EXISTS main.t AFTER INSERT ON a BEGIN END");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->schema, "main");
  EXPECT_EQ(head->name, "t");
  EXPECT_FALSE(read_trigger_head("CREATE TRIGGER t AFTER INSERT"));
  EXPECT_FALSE(read_trigger_head("CREATE FUNCTION f() ..."));
}

TEST(TriggerHeadTest, OrReplaceIsAddedAndPublicDropped) {
  EXPECT_EQ(or_replace_trigger_sql("CREATE TRIGGER t AFTER INSERT ON x EXECUTE FUNCTION f()"),
            "CREATE OR REPLACE TRIGGER t AFTER INSERT ON x EXECUTE FUNCTION f()");
  EXPECT_EQ(unqualified_trigger_sql("CREATE TRIGGER t AFTER INSERT ON public.x FOR EACH ROW"),
            "CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW");
}

TEST(TriggersTest, SectionsReadBackAsWrittenAndBadStatesAreRefused) {
  const MetaData md = read(R"t(
[[table]]
name = "film"
schema = "store"
columns = [ { name = "id", type = "integer", primary_key = true } ]

[[trigger]]
sql = "CREATE TRIGGER touch BEFORE UPDATE ON store.film FOR EACH ROW EXECUTE FUNCTION touch()"
state = "disabled"
comment = "Keeps last_updated"
)t");
  ASSERT_EQ(md.triggers.size(), 1u);
  EXPECT_EQ(md.triggers[0].describe(), "trigger touch on store.film");
  EXPECT_EQ(md.triggers[0].state, "disabled");
  EXPECT_EQ(read(write_models(md)), md);
  Result<MetaData> bad = read_models(
      "\n[[trigger]]\nsql = \"CREATE TRIGGER t AFTER INSERT ON x EXECUTE FUNCTION "
      "f()\"\nstate = \"off\"\n",
      "models.toml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().describe().find("models.toml:4"), std::string::npos)
      << bad.error().describe();
}

Trigger trigger(const std::string& name, const std::string& table, const std::string& function) {
  Trigger t;
  t.name = name;
  t.table = table;
  t.sql = "CREATE TRIGGER " + name + " ...";
  t.canonical = t.sql;
  t.function = function;
  return t;
}

// Triggers come last, after their table, view and function, and go first;
// one whose function is replaced goes before it and comes back after.
TEST(TriggersTest, AroundEverythingElse) {
  MetaData from;
  from.functions = {function("touch"), function("audit")};
  from.triggers = {trigger("a_touch", "film", "touch"), trigger("b_audit", "film", "audit"),
                   trigger("c_gone", "film", "touch")};
  from.finish();
  MetaData to = from;
  for (Function& f : to.functions) {
    if (f.name == "audit") {  // replaced: another result
      f.canonical = "returns void";
      f.signature = "t";
    }
  }
  to.triggers[0].state = "disabled";  // a_touch: altered
  to.triggers.pop_back();             // c_gone
  to.triggers.push_back(trigger("d_new", "film", "touch"));
  to.finish();
  EXPECT_EQ(described(compare(from, to)),
            (std::vector<std::string>{
                "drop trigger c_gone on film", "drop trigger b_audit on film",
                "drop function audit()", "create function audit()", "alter trigger a_touch on film",
                "create trigger b_audit on film", "create trigger d_new on film"}));
}

// A trigger that names a column whose type changes, or that goes, goes
// first and comes back after (PostgreSQL refuses ALTER COLUMN ... TYPE under
// a trigger that depends on the column); one that names neither stays.
TEST(TriggersTest, AroundAColumnTheyNameThatChangesOrGoes) {
  auto film = [](const char* columns) {
    Result<MetaData> md = read_models(
        std::string("[[table]]\nname = \"film\"\ncolumns = [") + columns + "]\n", "models.toml");
    EXPECT_TRUE(md) << md.error().describe();
    return md ? *md : MetaData{};
  };
  MetaData from = film(
      R"x({ name = "id", type = "integer", primary_key = true }, { name = "rating", type = "varchar(5)" }, { name = "title", type = "text" })x");
  MetaData to = film(
      R"x({ name = "id", type = "integer", primary_key = true }, { name = "rating", type = "text" })x");
  Trigger rated = trigger("rated", "film", "touch");
  rated.sql = "CREATE TRIGGER rated BEFORE UPDATE OF Rating ON film FOR EACH ROW EXECUTE ...";
  Trigger titled = trigger("titled", "film", "touch");
  titled.sql = "CREATE TRIGGER titled BEFORE UPDATE ON film FOR EACH ROW WHEN (NEW.title <> '')";
  Trigger other = trigger("other", "film", "touch");
  other.sql = "CREATE TRIGGER other AFTER UPDATE OF ratings_count, rating_x ON film";
  for (MetaData* md : {&from, &to}) {
    md->triggers = {rated, titled, other};
    md->finish();
  }
  EXPECT_EQ(described(compare(from, to)),
            (std::vector<std::string>{"drop trigger titled on film", "drop trigger rated on film",
                                      "alter column film.rating: type varchar(5) -> text",
                                      "drop column film.title", "create trigger rated on film",
                                      "create trigger titled on film"}));
}

}  // namespace
}  // namespace retort
