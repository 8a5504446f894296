// `retort lint`'s rules without a database: each check found where it
// applies and not where it does not, per dialect (dialects/lint_rules.hpp),
// on a schema read from models; revisions linted with their lines, their
// acknowledged findings and the revision-wide no-lock-timeout
// (migrations/lint.hpp); lint_ignore read and written back, and refused
// when wrong (the CLI: tests/cli/lint_test.cpp).
#include "migrations/lint.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/models_toml.hpp"
#include "dialects/lint_rules.hpp"
#include "migrations/revision.hpp"

namespace retort::migrations {
namespace {

// hero (rows: running code uses it), with a unique index and an enum.
constexpr const char* kModels = R"t(
[[enum]]
name = "mood"
values = ["happy", "sad"]

[[table]]
name = "team"
columns = [ { name = "id", type = "bigint", primary_key = true } ]

[[table]]
name = "hero"
columns = [
  { name = "id", type = "bigint", primary_key = true },
  { name = "name", type = "varchar(100)" },
  { name = "age", type = "integer", nullable = true },
  { name = "power", type = "text", default = "none" },
  { name = "team_id", type = "bigint", nullable = true },
]
indexes = [ { name = "ix_hero_name", columns = ["name"] } ]
)t";

MetaData schema() {
  Result<MetaData> md = read_models(kModels, "models.toml");
  EXPECT_TRUE(md) << md.error().describe();
  return md ? *md : MetaData{};
}

Column column(const std::string& name, const std::string& type, bool nullable) {
  Column c;
  c.name = name;
  c.type = *parse_type(type);
  c.nullable = nullable;
  return c;
}

Column existing(const std::string& name) {
  return *schema().find_table("", "hero")->find_column(name);
}

AlterColumn alter(const std::string& name) {
  AlterColumn a;
  a.table = "hero";
  a.column = name;
  a.existing = existing(name);
  return a;
}

struct Case {
  const char* name;
  const char* dialect;  // "both", "postgresql", "sqlite"
  Op op;
  const char* code;
  bool found;
  bool new_table = false;     // hero was created by the same revision
  bool transactional = true;  // the revision's
};

std::vector<std::string> codes(std::string_view dialect, const Case& c) {
  const MetaData before = schema();
  LintContext context{.before = before, .transactional = c.transactional};
  if (c.new_table) context.new_tables.insert({"", "hero"});
  std::vector<std::string> out;
  for (const LintFinding& f : lint_op_on(dialect, c.op, context)) out.push_back(f.code);
  return out;
}

class LintRuleTest : public ::testing::TestWithParam<Case> {};

TEST_P(LintRuleTest, FoundWhereItAppliesAndNowhereElse) {
  const Case& c = GetParam();
  for (const char* dialect : {"postgresql", "sqlite"}) {
    const bool applies = std::string(c.dialect) == "both" || c.dialect == std::string(dialect);
    const std::vector<std::string> found = codes(dialect, c);
    const bool has = std::find(found.begin(), found.end(), c.code) != found.end();
    EXPECT_EQ(has, c.found && applies) << dialect << ": " << describe(c.op);
  }
}

Case drop_not_null() {
  AlterColumn a = alter("name");
  a.nullable = true;
  return {"drop_not_null", "both", a, "drop-not-null", true};
}
Case set_not_null(bool new_table) {
  AlterColumn a = alter("age");
  a.nullable = false;
  return {new_table ? "set_not_null_new_table" : "set_not_null",
          "both",
          a,
          "set-not-null",
          !new_table,
          new_table};
}
Case type_change(const char* name, const char* column, const char* type, const char* dialect,
                 const char* code, bool found) {
  AlterColumn a = alter(column);
  a.type = *parse_type(type);
  return {name, dialect, a, code, found};
}
Case drop_not_null_new_table() {
  AlterColumn a = alter("name");
  a.nullable = true;
  return {"drop_not_null_new_table", "both", a, "drop-not-null", false, true};
}
Case keep_not_null() {
  AlterColumn a = alter("name");
  a.type = *parse_type("varchar(200)");
  return {"keep_not_null", "both", a, "drop-not-null", false};
}
Case drop_default() {
  AlterColumn a = alter("power");
  a.default_ = ColumnDefault{};
  return {"drop_default", "both", a, "drop-default", true};
}
Case change_default() {
  AlterColumn a = alter("power");
  a.default_ = ColumnDefault{};
  a.default_->sql = "'some'";
  return {"change_default", "both", a, "drop-default", false};
}
Case drop_default_new_table() {
  AlterColumn a = alter("power");
  a.default_ = ColumnDefault{};
  return {"drop_default_new_table", "both", a, "drop-default", false, true};
}
Case add_column(const char* name, Column c, const char* dialect, const char* code, bool found) {
  return {name, dialect, AddColumn{"", "hero", std::move(c)}, code, found};
}
Column with_default(Column c, const std::string& sql) {
  c.default_.sql = sql;
  return c;
}
Index unique_name() {
  Index i;
  i.name = "ux_hero_name";
  i.keys = {IndexKey{.column = "name"}};
  i.unique = true;
  return i;
}
Index plain_age() {
  Index i;
  i.name = "ix_hero_age";
  i.keys = {IndexKey{.column = "age"}};
  return i;
}
CreateIndex concurrent_age() {
  CreateIndex c{"", "hero", plain_age()};
  c.concurrently = true;
  return c;
}
DropIndex concurrent_drop_age() {
  DropIndex d{"", "hero", plain_age()};
  d.concurrently = true;
  return d;
}
ForeignKey team_key(bool not_valid) {
  ForeignKey k;
  k.name = "fk_hero_team";
  k.columns = {"team_id"};
  k.ref_table = "team";
  k.ref_columns = {"id"};
  k.not_valid = not_valid;
  return k;
}
Case check(bool not_valid) {
  CheckConstraint k{.name = "ck_hero_age", .sql = "age >= 0", .not_valid = not_valid};
  return {not_valid ? "add_check_not_valid" : "add_check", "both", AddCheck{"", "hero", k},
          "add-check", !not_valid};
}

INSTANTIATE_TEST_SUITE_P(
    Rules, LintRuleTest,
    ::testing::Values(
        Case{"drop_table", "both", DropTable{*schema().find_table("", "hero")}, "drop-table", true},
        Case{"drop_table_new", "both", DropTable{*schema().find_table("", "hero")}, "drop-table",
             false, true},
        Case{"drop_column", "both", DropColumn{"", "hero", "age", existing("age")}, "drop-column",
             true},
        Case{"drop_column_new", "both", DropColumn{"", "hero", "age", existing("age")},
             "drop-column", false, true},
        Case{"drop_schema", "both", DropSchema{Schema{.name = "legacy"}}, "drop-schema", true},
        Case{"create_schema", "both", CreateSchema{Schema{.name = "legacy"}}, "drop-schema", false},
        Case{"drop_enum", "postgresql", DropEnum{*schema().find_enum("", "mood")}, "drop-type",
             true},
        Case{"create_enum", "postgresql", CreateEnum{*schema().find_enum("", "mood")}, "drop-type",
             false},
        Case{"drop_enum_value", "both", AlterEnum{"", "mood", {"happy"}, {"happy", "sad"}},
             "drop-enum-value", true},
        Case{"add_enum_value", "both",
             AlterEnum{"", "mood", {"happy", "sad", "ok"}, {"happy", "sad"}}, "drop-enum-value",
             false},
        type_change("narrow_varchar", "name", "varchar(50)", "both", "narrow-type", true),
        type_change("widen_varchar", "name", "varchar(200)", "both", "narrow-type", false),
        type_change("narrow_bigint", "id", "integer", "both", "narrow-type", true),
        type_change("widen_integer", "age", "bigint", "both", "narrow-type", false),
        type_change("text_to_varchar", "power", "varchar(10)", "both", "narrow-type", true),
        drop_default(), change_default(), drop_default_new_table(), drop_not_null(),
        drop_not_null_new_table(), keep_not_null(), set_not_null(false), set_not_null(true),
        add_column("not_null_no_default", column("rank", "integer", false), "both",
                   "add-not-null-column", true),
        add_column("not_null_with_default", with_default(column("rank", "integer", false), "0"),
                   "both", "add-not-null-column", false),
        add_column("nullable", column("rank", "integer", true), "both", "add-not-null-column",
                   false),
        Case{"unique_index", "both", CreateIndex{"", "hero", unique_name()}, "add-unique", true},
        Case{"plain_index", "both", CreateIndex{"", "hero", plain_age()}, "add-unique", false},
        check(false), check(true),
        Case{"rename_column", "both", RenameColumn{"", "hero", "age", "years"}, "rename-column",
             true},
        Case{"rename_column_new", "both", RenameColumn{"", "hero", "age", "years"}, "rename-column",
             false, true},
        Case{"rename_table", "both", RenameTable{"", "hero", "heroes"}, "rename-table", true},
        Case{"rename_table_new", "both", RenameTable{"", "hero", "heroes"}, "rename-table", false,
             true},
        // PostgreSQL's locks and rewrites.
        Case{"index_not_concurrent", "postgresql", CreateIndex{"", "hero", plain_age()},
             "index-not-concurrent", true},
        Case{"index_on_new_table", "postgresql", CreateIndex{"", "hero", plain_age()},
             "index-not-concurrent", false, true},
        Case{"drop_index", "postgresql", DropIndex{"", "hero", plain_age()},
             "drop-index-not-concurrent", true},
        Case{"drop_index_new_table", "postgresql", DropIndex{"", "hero", plain_age()},
             "drop-index-not-concurrent", false, true},
        Case{"index_concurrently", "postgresql", concurrent_age(), "index-not-concurrent", false,
             false, false},
        Case{"drop_index_concurrently", "postgresql", concurrent_drop_age(),
             "drop-index-not-concurrent", false, false, false},
        Case{"index_concurrently_in_transaction", "postgresql", concurrent_age(),
             "concurrently-in-transaction", true},
        Case{"drop_index_concurrently_in_transaction", "postgresql", concurrent_drop_age(),
             "concurrently-in-transaction", true},
        Case{"index_concurrently_outside_transaction", "postgresql", concurrent_age(),
             "concurrently-in-transaction", false, false, false},
        Case{"foreign_key", "postgresql", AddForeignKey{"", "hero", team_key(false)},
             "foreign-key-not-valid", true},
        Case{"foreign_key_not_valid", "postgresql", AddForeignKey{"", "hero", team_key(true)},
             "foreign-key-not-valid", false},
        Case{"unique_constraint", "postgresql",
             AddUnique{"", "hero", UniqueConstraint{.name = "uq_hero_name", .columns = {"name"}}},
             "constraint-builds-index", true},
        Case{"unique_constraint_new_table", "postgresql",
             AddUnique{"", "hero", UniqueConstraint{.name = "uq_hero_name", .columns = {"name"}}},
             "constraint-builds-index", false, true},
        Case{"primary_key_new_table", "postgresql",
             AlterPrimaryKey{"", "hero", "pk_hero", {"id", "name"}, {"id"}},
             "constraint-builds-index", false, true},
        type_change("integer_to_bigint", "age", "bigint", "postgresql", "type-rewrite", true),
        type_change("longer_varchar", "name", "varchar(200)", "postgresql", "type-rewrite", false),
        type_change("varchar_to_text", "name", "text", "postgresql", "type-rewrite", false),
        add_column("volatile_default",
                   with_default(column("token", "uuid", false), "gen_random_uuid()"), "postgresql",
                   "volatile-default", true),
        add_column("stable_default", with_default(column("at", "timestamptz", false), "now()"),
                   "postgresql", "volatile-default", false),
        Case{"concurrently_in_transaction", "postgresql",
             Execute{"CREATE INDEX CONCURRENTLY ix_hero_age ON hero (age)", ""},
             "concurrently-in-transaction", true},
        Case{"concurrently_outside_transaction", "postgresql",
             Execute{"CREATE INDEX CONCURRENTLY ix_hero_age ON hero (age)", ""},
             "concurrently-in-transaction", false, false, false},
        // SQLite's rebuilds.
        type_change("rebuild", "age", "bigint", "sqlite", "table-rebuild", true),
        add_column("no_rebuild", column("rank", "integer", true), "sqlite", "table-rebuild",
                   false)),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });

TEST(LintTest, EveryCodeFoundIsAKnownCode) {
  for (const std::string_view code : lint_codes()) EXPECT_TRUE(is_lint_code(code)) << code;
  EXPECT_FALSE(is_lint_code("drop-everything"));
}

TEST(LintTest, SetNotNullOnPostgresqlSuggestsANotValidCheckFirst) {
  const MetaData before = schema();
  AlterColumn a = alter("age");
  a.nullable = false;
  const std::vector<LintFinding> pg = lint_op_on("postgresql", a, {.before = before});
  ASSERT_EQ(pg.size(), 1u);
  EXPECT_NE(pg[0].safe.find("not_valid"), std::string::npos) << pg[0].safe;
  EXPECT_EQ(pg[0].severity, LintSeverity::kWarning);
}

Revision revision(const std::string& text) {
  Result<Revision> r = read_revision(text, "versions/r.toml");
  EXPECT_TRUE(r) << r.error().describe();
  return r ? *r : Revision{};
}

// Two revisions: the first creates the table (nothing to say), the second
// changes it; only the second is linted, with each op's line, and its
// acknowledged finding does not fail --strict.
TEST(LintTest, RevisionsAreLintedOnTheSchemaBeforeThemWithLinesAndAcknowledgements) {
  Revision first = revision(R"t(revision = "aaaaaaaaaaaa"
down_revision = ""
message = "create"
[[upgrade]]
op = "create_table"
table = "hero"
columns = [ { name = "id", type = "integer", primary_key = true },
            { name = "age", type = "integer", nullable = true } ]
[[upgrade]]
op = "create_index"
table = "hero"
index = { name = "ix_hero_age", columns = ["age"] }
)t");
  Revision second = revision(R"t(revision = "bbbbbbbbbbbb"
down_revision = "aaaaaaaaaaaa"
message = "change"
lock_timeout = "0"
lint_ignore = [{ code = "drop-column", reason = "nothing reads age since 2.3" }]

[[upgrade]]
op = "drop_column"
table = "hero"
column = "age"

[[upgrade]]
op = "drop_index"
table = "hero"
index = { name = "ix_hero_age", columns = ["age"] }
)t");
  Result<RevisionGraph> graph = RevisionGraph::build({first, second});
  ASSERT_TRUE(graph) << graph.error().describe();
  const Revision* linted = graph->find("bbbbbbbbbbbb");
  const LintReport report = lint_revisions(*graph, {linted}, "postgresql", LockSettings{});
  EXPECT_EQ(report.revisions, 1u);
  EXPECT_EQ(report.ops, 2u);
  std::vector<std::string> seen;
  for (const RevisionFinding& f : report.findings) {
    seen.push_back(fmt::format("{}:{}:{}", f.finding.code, f.line, f.acknowledged));
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"drop-column:7:true", "drop-index-not-concurrent:12:false",
                                      "no-lock-timeout:1:false"}));
  EXPECT_EQ(report.findings[0].reason, "nothing reads age since 2.3");
  EXPECT_FALSE(lint_fails(report, false));
  EXPECT_TRUE(lint_fails(report, true));
  // The first revision alone: a table it creates has no rows to mind.
  const LintReport created =
      lint_revisions(*graph, {graph->find("aaaaaaaaaaaa")}, "postgresql", {});
  EXPECT_TRUE(created.findings.empty());
}

// A generated column dropped and added again in one revision (around a
// replaced function) loses nothing: no drop-column. Dropped alone, it does.
TEST(LintTest, AColumnDroppedAndAddedAgainIsNoDropColumn) {
  const std::string create = R"t(revision = "aaaaaaaaaaaa"
down_revision = ""
[[upgrade]]
op = "create_table"
table = "doc"
columns = [ { name = "id", type = "integer", primary_key = true },
            { name = "title", type = "text" },
            { name = "slug", type = "text", nullable = true, generated = "lower(title)" } ]
)t";
  const std::string drop = R"t(revision = "bbbbbbbbbbbb"
down_revision = "aaaaaaaaaaaa"
[[upgrade]]
op = "drop_column"
table = "doc"
column = "slug"
)t";
  const std::string add = R"t(
[[upgrade]]
op = "add_column"
table = "doc"
column = { name = "slug", type = "text", nullable = true, generated = "lower(title)" }
)t";
  for (bool again : {false, true}) {
    Result<RevisionGraph> graph =
        RevisionGraph::build({revision(create), revision(drop + (again ? add : ""))});
    ASSERT_TRUE(graph) << graph.error().describe();
    std::vector<std::string> codes;
    for (const RevisionFinding& f :
         lint_revisions(*graph, {graph->find("bbbbbbbbbbbb")}, "postgresql", {}).findings)
      codes.push_back(f.finding.code);
    EXPECT_EQ(codes, again ? std::vector<std::string>{} : std::vector<std::string>{"drop-column"});
  }
}

TEST(LintTest, NoLockTimeoutOnlyWhereATableRunningCodeUsesIsChangedWithoutOne) {
  const std::string create = R"t(revision = "aaaaaaaaaaaa"
down_revision = ""
lock_timeout = "0"
[[upgrade]]
op = "create_table"
table = "hero"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)t";
  const std::string change = R"t(revision = "bbbbbbbbbbbb"
down_revision = "aaaaaaaaaaaa"
{}
[[upgrade]]
op = "add_column"
table = "hero"
column = {{ name = "age", type = "integer", nullable = true }}
)t";
  auto codes_of = [&](const std::string& second_settings, const std::string& id,
                      LockSettings settings) {
    Result<RevisionGraph> graph = RevisionGraph::build(
        {revision(create), revision(fmt::format(fmt::runtime(change), second_settings))});
    EXPECT_TRUE(graph) << graph.error().describe();
    std::vector<std::string> out;
    if (!graph) return out;
    for (const RevisionFinding& f :
         lint_revisions(*graph, {graph->find(id)}, "postgresql", settings).findings)
      out.push_back(f.finding.code);
    return out;
  };
  using Codes = std::vector<std::string>;
  // A new table under lock_timeout = 0: nothing waits behind it.
  EXPECT_EQ(codes_of("", "aaaaaaaaaaaa", {}), Codes{});
  // An existing table under the default 5s, or the revision's own: fine.
  EXPECT_EQ(codes_of("", "bbbbbbbbbbbb", {}), Codes{});
  EXPECT_EQ(codes_of("lock_timeout = \"2s\"", "bbbbbbbbbbbb", {}), Codes{});
  // lock_timeout = 0 from the revision, or from retort.toml, is found.
  EXPECT_EQ(codes_of("lock_timeout = \"0\"", "bbbbbbbbbbbb", {}), Codes{"no-lock-timeout"});
  LockSettings none;
  none.lock_timeout = std::chrono::milliseconds(0);
  EXPECT_EQ(codes_of("", "bbbbbbbbbbbb", none), Codes{"no-lock-timeout"});
}

TEST(LintTest, LintIgnoreIsWrittenBackAndRefusedWhenWrong) {
  const std::string head = "revision = \"cccccccccccc\"\ndown_revision = \"\"\n";
  Revision r = revision(head + "lint_ignore = [{ code = \"drop-table\", reason = \"gone\" }]\n");
  ASSERT_EQ(r.lint_ignore.size(), 1u);
  EXPECT_EQ(revision(write_revision(r)).lint_ignore, r.lint_ignore);
  for (auto [text, message] :
       {std::pair<std::string, std::string>{
            "lint_ignore = [{ code = \"drop-everything\", reason = \"x\" }]",
            "unknown lint code \"drop-everything\""},
        {"lint_ignore = [{ code = \"drop-table\" }]", "non-empty `reason`"},
        {"lint_ignore = [{ code = \"drop-table\", reason = \"x\", by = \"me\" }]",
         "unknown key \"by\""},
        {"lint_ignore = \"drop-table\"", "must be an array"}}) {
    Result<Revision> bad = read_revision(head + "\n" + text + "\n", "versions/r.toml");
    ASSERT_FALSE(bad) << text;
    EXPECT_NE(bad.error().describe().find("versions/r.toml:4"), std::string::npos)
        << bad.error().describe();
    EXPECT_NE(bad.error().describe().find(message), std::string::npos) << bad.error().describe();
  }
}

}  // namespace
}  // namespace retort::migrations
