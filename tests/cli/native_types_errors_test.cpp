// Native type names retort must refuse, end to end: a typo of a portable
// name on SQLite (which takes any name, so only `native = true` says one is
// meant), a name the PostgreSQL database does not know, and a revision file
// declaring a type the dialect refuses. Each is exit 2 naming the file and
// line; nothing is written and the database is as it was.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

constexpr const char* kHero =
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(50)\" },\n"
    "]\n";

// kHero plus a column on line 6.
std::string hero_with(const std::string& column) {
  return "[[table]]\n"
         "name = \"hero\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(50)\" },\n"
         "  " +
         column +
         ",\n"
         "]\n";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A project at one revision with one row in hero.
struct Baseline {
  explicit Baseline(const char* dialect) : p(dialect) {
    p.write_models(kHero);
    rev = p.migrate("create hero");
    p.execute("INSERT INTO hero (id, name) VALUES (1, 'Deadpond')");
    schema = p.schema();
  }

  // Nothing changed: no new revision file, the same schema, version and rows.
  void expect_untouched() const {
    EXPECT_EQ(p.revision_files().size(), 1u);
    EXPECT_EQ(p.version(), rev);
    const MetaData now = p.schema();
    EXPECT_TRUE(now == schema) << "before:\n"
                               << schema_text(schema) << "\nnow:\n"
                               << schema_text(now);
    EXPECT_EQ(p.query("SELECT id, name FROM hero"), (Rows{{"1", "Deadpond"}}));
  }

  CliProject p;
  std::string rev;
  MetaData schema;
};

// Every command that reads the models refuses them the same way.
void expect_refused(const CliProject& p, const std::vector<std::string>& needles) {
  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"check"}, std::vector<std::string>{"diff"},
        std::vector<std::string>{"revision", "--autogenerate", "-m", "typo"}}) {
    ProcessResult r = p.retort(command);
    EXPECT_EQ(r.exit_code, 2) << command[0] << "\n" << r.describe();
    EXPECT_EQ(r.err.rfind("retort: error: ", 0), 0u) << command[0] << "\n" << r.describe();
    for (const std::string& needle : needles) {
      EXPECT_TRUE(contains(r.err, needle)) << command[0] << ": no \"" << needle << "\" in\n"
                                           << r.describe();
    }
  }
}

TEST(NativeTypesErrorsTest, SqliteTypoOfAPortableNameIsRefused) {
  Baseline b("sqlite");
  ASSERT_FALSE(b.rev.empty());
  b.p.write_models(hero_with(R"t({ name = "nickname", type = "varchr(10)", nullable = true })t"));
  expect_refused(b.p, {"models.toml:6:", "\"varchr(10)\"", "native = true",
                       "(table \"hero\", column \"nickname\")"});
  b.expect_untouched();

  // Marked, the same name is the database's own type, on purpose.
  b.p.write_models(
      hero_with(R"t({ name = "nickname", type = "varchr(10)", native = true, nullable = true })t"));
  ProcessResult marked = b.p.retort({"check"});
  EXPECT_EQ(marked.exit_code, 1) << marked.describe();
  EXPECT_TRUE(contains(marked.out, "varchr(10)")) << marked.describe();
}

TEST(NativeTypesErrorsTest, PostgresqlTypeTheDatabaseDoesNotKnowIsRefused) {
  Baseline b("postgresql");
  ASSERT_FALSE(b.rev.empty());
  b.p.write_models(hero_with(R"t({ name = "power", type = "intgr", nullable = true })t"));
  expect_refused(b.p, {"models.toml:6:", "type \"intgr\" does not exist in the database",
                       "(table \"hero\", column \"power\")"});
  b.expect_untouched();

  // Marked native or not, a name the server does not know is refused.
  b.p.write_models(
      hero_with(R"t({ name = "power", type = "intgr[]", native = true, nullable = true })t"));
  expect_refused(b.p, {"models.toml:6:", "does not exist in the database"});
  b.expect_untouched();

  // A name PostgreSQL's grammar cannot read as a type at all.
  b.p.write_models(hero_with(R"t({ name = "power", type = "varchar(20", nullable = true })t"));
  expect_refused(b.p, {"models.toml:6:", "varchar(20"});
  b.expect_untouched();
}

// An add_column op (its [[upgrade]] on line 5) whose type SQLite's dialect
// refuses: a typo of a portable name, without native = true.
constexpr const char* kBadRevision =
    "revision = \"b2000000bad1\"\n"
    "down_revision = \"{down}\"\n"
    "message = \"add nickname\"\n"
    "\n"
    "[[upgrade]]\n"
    "op = \"add_column\"\n"
    "table = \"hero\"\n"
    "column = { name = \"nickname\", type = \"varchr(10)\", nullable = true }\n"
    "\n"
    "[[downgrade]]\n"
    "op = \"drop_column\"\n"
    "table = \"hero\"\n"
    "column = \"nickname\"\n";

TEST(NativeTypesErrorsTest, SqliteRevisionWithARefusedTypeIsNotApplied) {
  Baseline b("sqlite");
  ASSERT_FALSE(b.rev.empty());
  std::string text = kBadRevision;
  text.replace(text.find("{down}"), 6, b.rev);
  const std::string name = "b2000000bad1_add_nickname.toml";
  b.p.write(std::filesystem::path("migrations") / "versions" / name, text);

  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"upgrade", "head"},
        std::vector<std::string>{"upgrade", "head", "--sql"}}) {
    ProcessResult up = b.p.retort(command);
    EXPECT_EQ(up.exit_code, 2) << up.describe();
    EXPECT_TRUE(contains(up.err, name + ":5:")) << up.describe();
    EXPECT_TRUE(contains(up.err, "\"varchr(10)\"")) << up.describe();
    EXPECT_TRUE(contains(up.err, "native = true")) << up.describe();
  }
  EXPECT_EQ(b.p.revision_files().size(), 2u);
  EXPECT_EQ(b.p.version(), b.rev);
  EXPECT_TRUE(b.p.schema() == b.schema) << schema_text(b.p.schema());
  EXPECT_EQ(b.p.query("SELECT id, name FROM hero"), (Rows{{"1", "Deadpond"}}));
}

// Offline nothing can ask the database whether a native type exists: the
// script says which ones it takes as written.
TEST(NativeTypesOfflineTest, ScriptNamesTheNativeTypesItTakesAsWritten) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(hero_with(R"t({ name = "addr", type = "inet", nullable = true })t"));
  ASSERT_FALSE(p.migrate("hosts").empty());
  ProcessResult sql = p.retort({"upgrade", "base:head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_TRUE(contains(sql.out, "-- Native column types, taken as written")) << sql.out;
  EXPECT_TRUE(contains(sql.out, "it does when this script runs): inet\n")) << sql.out;

  CliProject plain("postgresql");
  plain.write_models(kHero);
  ASSERT_FALSE(plain.migrate("plain").empty());
  ProcessResult none = plain.retort({"upgrade", "base:head", "--sql"});
  ASSERT_EQ(none.exit_code, 0) << none.describe();
  EXPECT_FALSE(contains(none.out, "Native column types")) << none.out;
}

}  // namespace
}  // namespace retort::testing

namespace retort::testing {
namespace {

// SQLite has no arrays: an array type written as PostgreSQL writes one
// (`text[]`, `varchar(20)[]`) is stored as a JSON array (JSON_TEXT), as the
// model runtime stores a std::vector member, so one models.toml serves both
// databases. Marked `native = true`, the name is kept as written.
TEST(NativeTypesSqliteArrayTest, AnArrayTypeIsAJsonColumn) {
  CliProject p("sqlite");
  p.write_models(hero_with(R"t({ name = "tags", type = "text[]", default = "[]" })t") +
                 "[[table]]\nname = \"post\"\ncolumns = [\n"
                 "  { name = \"id\", type = \"integer\", primary_key = true },\n"
                 "  { name = \"codes\", type = \"varchar(20)[]\", nullable = true },\n"
                 "]\n");
  ASSERT_FALSE(p.migrate("arrays").empty());
  EXPECT_EQ(p.query("SELECT name, type FROM pragma_table_info('hero') WHERE name = 'tags'"),
            (Rows{{"tags", "JSON_TEXT"}}));
  EXPECT_EQ(p.query("SELECT name, type FROM pragma_table_info('post') WHERE name = 'codes'"),
            (Rows{{"codes", "JSON_TEXT"}}));
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();  // no false difference
  p.execute("INSERT INTO hero (id, name) VALUES (1, 'a')");
  EXPECT_EQ(p.query("SELECT json_array_length(tags) FROM hero"), (Rows{{"0"}}));
}

}  // namespace
}  // namespace retort::testing

namespace retort::testing {
namespace {

// On SQLite an array column holds JSON, so a default in PostgreSQL's array
// syntax ("{}") would store rows no array reader can read: refused, naming
// the file and line, nothing written.
TEST(NativeTypesSqliteArrayTest, ADefaultThatIsNotAJsonArrayIsRefused) {
  Baseline b("sqlite");
  ASSERT_FALSE(b.rev.empty());
  b.p.write_models(hero_with(R"t({ name = "tags", type = "text[]", default = "{}" })t"));
  expect_refused(b.p, {"models.toml:", "default '{}' is not a JSON array", "default = \"[]\""});
  b.expect_untouched();
}

}  // namespace
}  // namespace retort::testing
