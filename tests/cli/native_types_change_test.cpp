// Changes of a native column type, with rows in the table: schema A with
// rows -> models B -> autogenerate -> upgrade (rows kept, or converted by the
// op's `using` expression edited into the revision) -> no differences left
// -> downgrade -1 (schema A again, rows back). A change the database cannot
// make by a cast alone fails until its `using` is written, and leaves the
// database as it was.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

struct NativeChange {
  std::string name;
  std::string dialect;
  std::vector<std::string> prerequisites;  // by hand, first: what retort does not create
  std::string models_a;
  std::string models_b;
  std::vector<std::string> seed;  // rows, in schema A
  // The changed column's type as the database reports it, in A and in B.
  std::string type_query;
  std::string type_a;
  std::string type_b;
  // The table's rows: after the seed, after the upgrade, after the downgrade.
  std::string rows_query;
  Rows rows_a;
  Rows rows_b;
  Rows rows_back;
  // `using` expressions edited into the revision's alter_column ops of
  // `column` (none when empty); `needs_using`: the upgrade fails without.
  std::string column = {};
  std::string upgrade_using = {};
  std::string downgrade_using = {};
  bool needs_using = false;
};

void PrintTo(const NativeChange& c, std::ostream* os) { *os << c.name; }

std::string table(const std::string& name, const std::string& column) {
  return "[[table]]\nname = \"" + name +
         "\"\ncolumns = [\n  { name = \"id\", type = \"integer\", primary_key = true },\n  " +
         column + ",\n]\n";
}

std::string pg_type_of(const std::string& table, const std::string& column) {
  return "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + table +
         "'::regclass AND attname = '" + column + "'";
}

std::string sqlite_type_of(const std::string& table, const std::string& column) {
  return "SELECT type FROM pragma_table_xinfo('" + table + "') WHERE name = '" + column + "'";
}

std::vector<NativeChange> cases() {
  return {
      {"varchar_array_to_text_array",
       "postgresql",
       {},
       table("post", R"t({ name = "labels", type = "varchar(20)[]" })t"),
       table("post", R"t({ name = "labels", type = "text[]" })t"),
       {"INSERT INTO post (id, labels) VALUES (1, '{red,green}'), (2, '{}')"},
       pg_type_of("post", "labels"),
       "character varying(20)[]",
       "text[]",
       "SELECT id, array_to_string(labels, ',') FROM post ORDER BY id",
       {{"1", "red,green"}, {"2", ""}},
       {{"1", "red,green"}, {"2", ""}},
       {{"1", "red,green"}, {"2", ""}}},
      {"text_to_citext",
       "postgresql",
       {"CREATE EXTENSION citext"},
       table("person", R"t({ name = "email", type = "text" })t"),
       table("person", R"t({ name = "email", type = "citext" })t"),
       {"INSERT INTO person (id, email) VALUES (1, 'Ann@Example.com'), (2, 'bob@example.com')"},
       pg_type_of("person", "email"),
       "text",
       "citext",
       // citext compares without regard to case: the change shows in the rows.
       "SELECT id, email, (email = 'ann@example.com')::text FROM person ORDER BY id",
       {{"1", "Ann@Example.com", "false"}, {"2", "bob@example.com", "false"}},
       {{"1", "Ann@Example.com", "true"}, {"2", "bob@example.com", "false"}},
       {{"1", "Ann@Example.com", "false"}, {"2", "bob@example.com", "false"}}},
      {"text_to_text_array_using",
       "postgresql",
       {},
       table("post", R"t({ name = "tags", type = "text", nullable = true })t"),
       table("post", R"t({ name = "tags", type = "text[]", nullable = true })t"),
       {"INSERT INTO post (id, tags) VALUES (1, 'a,b'), (2, 'solo'), (3, NULL)"},
       pg_type_of("post", "tags"),
       "text",
       "text[]",
       "SELECT id, tags::text FROM post ORDER BY id",
       {{"1", "a,b"}, {"2", "solo"}, {"3", "NULL"}},
       {{"1", "{a,b}"}, {"2", "{solo}"}, {"3", "NULL"}},
       {{"1", "a,b"}, {"2", "solo"}, {"3", "NULL"}},
       "tags",
       "string_to_array(tags, ',')",
       "array_to_string(tags, ',')",
       /*needs_using=*/true},
      {"datetime_to_text",
       "sqlite",
       {},
       table("event", R"t({ name = "at", type = "DATETIME", native = true })t"),
       table("event", R"t({ name = "at", type = "text" })t"),
       {"INSERT INTO event (id, at) VALUES (1, '2024-01-02 03:04:05'), (2, '1999-12-31')"},
       sqlite_type_of("event", "at"),
       "DATETIME",
       "TEXT",
       "SELECT id, at, typeof(at) FROM event ORDER BY id",
       {{"1", "2024-01-02 03:04:05", "text"}, {"2", "1999-12-31", "text"}},
       {{"1", "2024-01-02 03:04:05", "text"}, {"2", "1999-12-31", "text"}},
       {{"1", "2024-01-02 03:04:05", "text"}, {"2", "1999-12-31", "text"}}},
      {"int_to_integer",
       "sqlite",
       {},
       table("item", R"t({ name = "qty", type = "INT", native = true, nullable = true })t"),
       table("item", R"t({ name = "qty", type = "integer", nullable = true })t"),
       {"INSERT INTO item (id, qty) VALUES (1, 10), (2, NULL), (3, -4)"},
       sqlite_type_of("item", "qty"),
       "INT",
       "INTEGER",
       "SELECT id, qty, typeof(qty) FROM item ORDER BY id",
       {{"1", "10", "integer"}, {"2", "NULL", "null"}, {"3", "-4", "integer"}},
       {{"1", "10", "integer"}, {"2", "NULL", "null"}, {"3", "-4", "integer"}},
       {{"1", "10", "integer"}, {"2", "NULL", "null"}, {"3", "-4", "integer"}}},
      {"text_to_nvarchar_using",
       "sqlite",
       {},
       table("hero", R"t({ name = "name", type = "text" })t"),
       table("hero", R"t({ name = "name", type = "NVARCHAR(40)", native = true })t"),
       {"INSERT INTO hero (id, name) VALUES (1, 'Deadpond'), (2, 'Rusty-Man')"},
       sqlite_type_of("hero", "name"),
       "TEXT",
       "NVARCHAR(40)",
       "SELECT id, name FROM hero ORDER BY id",
       {{"1", "Deadpond"}, {"2", "Rusty-Man"}},
       {{"1", "DEADPOND"}, {"2", "RUSTY-MAN"}},
       {{"1", "deadpond"}, {"2", "rusty-man"}},
       "name",
       "upper(name)",
       "lower(name)"},
  };
}

// The revision text with `using = "<expression>"` added to the alter_column
// op of `column` in its [[upgrade]] or [[downgrade]] list.
std::string with_using(std::string text, const std::string& list, const std::string& column,
                       const std::string& expression) {
  const std::string header = "[[" + list + "]]\n";
  const std::string key = "column = \"" + column + "\"\n";
  for (std::size_t at = text.find(header); at != std::string::npos;
       at = text.find(header, at + 1)) {
    const std::size_t end = text.find("\n[[", at + header.size());
    const std::string block = text.substr(at, end == std::string::npos ? end : end - at);
    if (block.find("op = \"alter_column\"") == std::string::npos) continue;
    const std::size_t line = block.find(key);
    if (line == std::string::npos) continue;
    std::string escaped;
    for (char ch : expression) {
      if (ch == '"' || ch == '\\') escaped += '\\';
      escaped += ch;
    }
    return text.insert(at + line + key.size(), "using = \"" + escaped + "\"\n");
  }
  ADD_FAILURE() << "no alter_column of " << column << " in [[" << list << "]]:\n" << text;
  return text;
}

class NativeChangeTest : public ::testing::TestWithParam<NativeChange> {};

TEST_P(NativeChangeTest, RowsKeptNoDiffLeftAndDowngradeRestores) {
  const NativeChange& c = GetParam();
  CliProject p(c.dialect);
  ASSERT_FALSE(p.url().empty());
  for (const std::string& sql : c.prerequisites) p.execute(sql);
  p.write_models(c.models_a);
  const std::string rev_a = p.migrate("schema a");
  ASSERT_FALSE(rev_a.empty());
  for (const std::string& sql : c.seed) p.execute(sql);
  ASSERT_EQ(p.query(c.rows_query), c.rows_a);
  ASSERT_EQ(p.query(c.type_query), Rows{{c.type_a}});
  const MetaData schema_a = p.schema();

  p.write_models(c.models_b);
  ProcessResult pending = p.retort({"check"});
  EXPECT_EQ(pending.exit_code, 1) << pending.describe();
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "schema b"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::filesystem::path file = p.revision_file("_schema_b.toml");

  if (c.needs_using) {
    // The cast alone cannot convert the rows: the upgrade fails, and the
    // table, its rows and the version are as they were.
    ProcessResult refused = p.retort({"upgrade", "head"});
    EXPECT_EQ(refused.exit_code, 3) << refused.describe();
    EXPECT_NE(refused.err.find(file.filename().string()), std::string::npos) << refused.describe();
    EXPECT_EQ(p.version(), rev_a);
    EXPECT_EQ(p.query(c.type_query), Rows{{c.type_a}});
    EXPECT_EQ(p.query(c.rows_query), c.rows_a);
  }
  if (!c.upgrade_using.empty()) {
    std::string text = p.read(file);
    text = with_using(text, "upgrade", c.column, c.upgrade_using);
    text = with_using(text, "downgrade", c.column, c.downgrade_using);
    p.write(std::filesystem::path("migrations") / "versions" / file.filename(), text);
  }

  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe() << "\n" << p.read(file);
  EXPECT_EQ(p.version(), generated_revision_id(made.out));
  EXPECT_EQ(p.query(c.type_query), Rows{{c.type_b}});
  EXPECT_EQ(p.query(c.rows_query), c.rows_b);

  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.version(), rev_a);
  EXPECT_EQ(p.query(c.type_query), Rows{{c.type_a}});
  EXPECT_EQ(p.query(c.rows_query), c.rows_back);
  const MetaData schema_back = p.schema();
  EXPECT_TRUE(schema_back == schema_a) << "before:\n"
                                       << schema_text(schema_a) << "\nafter downgrade:\n"
                                       << schema_text(schema_back);
}

INSTANTIATE_TEST_SUITE_P(NativeTypes, NativeChangeTest, ::testing::ValuesIn(cases()),
                         [](const auto& info) {
                           return info.param.dialect + "_" + info.param.name;
                         });

}  // namespace
}  // namespace retort::testing
