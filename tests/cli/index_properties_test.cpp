// Index properties, whole databases and one change at a time: operator
// classes, key collations, NULLS FIRST/LAST, methods, INCLUDE, NULLS NOT
// DISTINCT (unique indexes and unique constraints) and storage parameters
// on PostgreSQL; key collations on SQLite.
// - Fidelity: a schema written by hand in plain SQL, as a real application's
//   is, goes through `inspect --format toml` into an empty database by
//   autogenerate + upgrade; both databases' indexes, read from the catalogs
//   directly (pg_get_indexdef, pg_get_constraintdef, reloptions; SQLite's
//   index pragmas), are the same, and `check` on the original finds nothing.
// - Change kinds: schema A with rows -> models B -> autogenerate -> upgrade
//   (rows kept, the catalog shows the property) -> no differences left ->
//   downgrade -1 (the catalog as it was in A).
// - Bad values in models.toml: exit 2 naming the file and line, nothing
//   written, the database untouched.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string joined(const Rows& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i == 0 ? "" : " | ") + row[i];
    out += "\n";
  }
  return out;
}

// "" when both are equal; otherwise the rows only one side has.
std::string differences(const Rows& original, const Rows& copy) {
  if (original == copy) return "";
  std::set<std::vector<std::string>> a(original.begin(), original.end());
  std::set<std::vector<std::string>> b(copy.begin(), copy.end());
  std::string out;
  for (const auto& row : original) {
    if (!b.contains(row)) out += "- original: " + joined({row});
  }
  for (const auto& row : copy) {
    if (!a.contains(row)) out += "+ copy:     " + joined({row});
  }
  return out.empty() ? "the same rows in another order\n" : out;
}

// --- the catalogs, read directly ----------------------------------------------

// Every index of the user tables (those of constraints too) as the server
// prints it, its storage parameters, and every unique constraint's
// definition. Storage parameters are a set: their order (which the server
// keeps as written) is not compared.
Rows pg_index_catalog(const CliProject& p) {
  return p.query(
      "SELECT c.relname, ic.relname, "
      "  regexp_replace(pg_get_indexdef(i.indexrelid), ' WITH \\([^)]*\\)', ''), "
      "  coalesce((SELECT string_agg(o, ',' ORDER BY o) FROM unnest(ic.reloptions) o), ''), "
      "  coalesce((SELECT pg_get_constraintdef(con.oid) FROM pg_constraint con "
      "            WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u')), '') "
      "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
      "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = 'public' AND c.relname NOT IN ('retort_version', 'retort_history') "
      "ORDER BY 1, 2");
}

// Every index of the user tables as SQLite's pragmas describe it: table,
// index, unique, origin, partial; then per key (not the rowid) its column
// (or expression, NULL name), order and collation (upper case: SQLite's
// collation names are case-insensitive).
Rows sqlite_index_catalog(const CliProject& p) {
  Rows out;
  const Rows tables = p.query(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "AND name NOT IN ('retort_version', 'retort_history') ORDER BY name");
  for (const auto& table : tables) {
    const Rows indexes =
        p.query("SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + table[0] +
                "') ORDER BY name");
    for (const auto& index : indexes) {
      out.push_back({table[0], index[0], index[1], index[2], index[3]});
      const Rows keys = p.query(
          "SELECT seqno, coalesce(name, '(expression)'), \"desc\", upper(coll) FROM "
          "pragma_index_xinfo('" +
          index[0] + "') WHERE key = 1 ORDER BY seqno");
      for (const auto& key : keys)
        out.push_back({table[0], index[0], key[0], key[1], key[2], key[3]});
    }
  }
  return out;
}

Rows index_catalog(const CliProject& p) {
  return p.dialect() == "postgresql" ? pg_index_catalog(p) : sqlite_index_catalog(p);
}

// --- fidelity -----------------------------------------------------------------

// `copy`, an empty database upgraded from `models` (the original's inspect
// output), has the indexes `built` read from the original and checks
// clean; the original, stamped at the copy's revision, has nothing to change.
void expect_copy_the_same(const CliProject& original, const CliProject& copy,
                          const std::string& models, const Rows& built) {
  copy.write_models(models);
  ASSERT_FALSE(copy.migrate("from inspect").empty()) << models;
  EXPECT_EQ(differences(built, index_catalog(copy)), "");
  ProcessResult copy_check = copy.retort({"check"});
  EXPECT_EQ(copy_check.exit_code, 0) << copy_check.describe();

  original.write_models(models);
  for (const auto& file : copy.revision_files()) {
    std::filesystem::copy_file(file, original.versions_dir() / file.filename());
  }
  ProcessResult stamp = original.retort({"stamp", "head"});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.describe();
  ProcessResult check = original.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_TRUE(contains(check.out, "No differences")) << check.describe();
}

// A bookshop as its developers wrote it for PostgreSQL 15.
const std::vector<std::string> kPgApplication = {
    "CREATE TABLE author ("
    "  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  name text NOT NULL,"
    "  email varchar(200),"
    "  country char(2),"
    "  CONSTRAINT author_email_key UNIQUE NULLS NOT DISTINCT (email))",
    "CREATE TABLE book ("
    "  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  author_id integer NOT NULL REFERENCES author (id),"
    "  title text NOT NULL,"
    "  isbn varchar(20),"
    "  price numeric(8,2),"
    "  tags jsonb NOT NULL DEFAULT '{}'::jsonb,"
    "  published date,"
    "  location point,"
    "  words integer[])",
    // Prefix searches (LIKE 'abc%') whatever the database's collation.
    "CREATE INDEX book_title_prefix ON book (title text_pattern_ops)",
    "CREATE INDEX book_isbn_prefix ON book (isbn varchar_pattern_ops)",
    // Containment queries on the tags and words.
    "CREATE INDEX book_tags ON book USING gin (tags jsonb_path_ops)",
    "CREATE INDEX book_words ON book USING gin (words)",
    // A big append-only table's dates, a spatial index, equality lookups.
    "CREATE INDEX book_published ON book USING brin (published) WITH (pages_per_range = 16)",
    "CREATE INDEX book_location ON book USING gist (location)",
    "CREATE INDEX book_isbn_hash ON book USING hash (isbn)",
    "CREATE INDEX book_location_quad ON book USING spgist (location)",
    // An index-only scan of the price list, newest and unpriced first.
    "CREATE INDEX book_price_list ON book (price DESC NULLS LAST, published NULLS FIRST) "
    "INCLUDE (title)",
    // One ISBN, however many books have none yet.
    "CREATE UNIQUE INDEX book_isbn_key ON book (isbn) NULLS NOT DISTINCT WITH (fillfactor = 80)",
    // Sorting by title bytewise, and a case-insensitive lookup in C order.
    "CREATE INDEX book_title_c ON book (title COLLATE \"C\" DESC)",
    "CREATE INDEX book_title_lower ON book (lower(title) COLLATE \"C\")",
    "CREATE INDEX author_name ON author (name) WITH (fillfactor = 90, deduplicate_items = off)",
};

TEST(IndexPropertiesTest, PostgresqlHandBuiltIndexesRoundTrip) {
  CliProject original("postgresql");
  ASSERT_FALSE(original.url().empty());
  for (const std::string& sql : kPgApplication) original.execute(sql);
  const Rows built = pg_index_catalog(original);
  ASSERT_EQ(built.size(), 16u) << joined(built);

  ProcessResult inspect = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_EQ(inspect.err, "") << "nothing of these indexes is left unmodelled";
  for (
      const char* expected : {
          R"t({ name = "author_email_key", columns = ["email"], nulls_not_distinct = true })t",
          R"t({ name = "author_name", columns = ["name"], storage = { deduplicate_items = "off", fillfactor = 90 } })t",
          R"t({ name = "book_isbn_key", columns = ["isbn"], unique = true, nulls_not_distinct = true, storage = { fillfactor = 80 } })t",
          R"t({ name = "book_price_list", columns = [{ column = "price", order = "desc", nulls = "last" }, { column = "published", nulls = "first" }], include = ["title"] })t",
          R"t({ name = "book_published", columns = ["published"], method = "brin", storage = { pages_per_range = 16 } })t",
          R"t({ name = "book_tags", columns = [{ column = "tags", opclass = "jsonb_path_ops" }], method = "gin" })t",
          R"t({ name = "book_title_c", columns = [{ column = "title", order = "desc", collation = "C" }] })t",
          R"t({ name = "book_title_lower", columns = [{ expression = "lower(title)", collation = "C" }] })t",
          R"t({ name = "book_title_prefix", columns = [{ column = "title", opclass = "text_pattern_ops" }] })t",
      }) {
    EXPECT_TRUE(contains(inspect.out, expected)) << expected << "\n" << inspect.out;
  }

  CliProject copy("postgresql");
  ASSERT_FALSE(copy.url().empty());
  ASSERT_NO_FATAL_FAILURE(expect_copy_the_same(original, copy, inspect.out, built));
  EXPECT_EQ(pg_index_catalog(original), built);

  // The C++ declarations say every index whole.
  ProcessResult cpp = original.retort({"inspect", "--format", "cpp"});
  ASSERT_EQ(cpp.exit_code, 0) << cpp.describe();
  for (
      const char* expected : {
          R"t(retort::Index{.name = "book_tags", .keys = {{.column = "tags", .expression = "", .opclass = "jsonb_path_ops"}}, .where = "", .method = "gin"})t",
          R"t(retort::Index{.name = "book_isbn_key", .keys = {{.column = "isbn", .expression = ""}}, .unique = true, .where = "", .nulls_not_distinct = true, .storage = {"fillfactor=80"}})t",
          R"t(retort::UniqueConstraint{.name = "author_email_key", .columns = {"email"}, .nulls_not_distinct = true})t",
      }) {
    EXPECT_TRUE(contains(cpp.out, expected)) << expected << "\n" << cpp.out;
  }
}

// What a primary key's or unique constraint's index has beyond its columns
// (INCLUDE, storage parameters) is not modelled: inspect names it, the
// indexes of their own have nothing left to name.
TEST(IndexPropertiesTest, PostgresqlConstraintIndexOptionsAreNamed) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.execute(
      "CREATE TABLE seat (id integer PRIMARY KEY WITH (fillfactor = 60), row_no integer, "
      "  seat_no integer, label text,"
      "  CONSTRAINT seat_place UNIQUE NULLS NOT DISTINCT (row_no, seat_no) INCLUDE (label))");
  p.execute("CREATE INDEX seat_label ON seat USING hash (label) WITH (fillfactor = 50)");
  ProcessResult inspect = p.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_EQ(inspect.err,
            "retort: warning: table seat: index seat_pkey: storage parameters not modelled\n"
            "retort: warning: table seat: index seat_place: INCLUDE columns not modelled\n")
      << inspect.describe();
  EXPECT_TRUE(contains(
      inspect.out,
      R"t({ name = "seat_place", columns = ["row_no", "seat_no"], nulls_not_distinct = true })t"))
      << inspect.out;
}

// A music shop as its developers wrote it for SQLite: case-insensitive
// lookups through key collations.
const std::vector<std::string> kSqliteApplication = {
    "CREATE TABLE artist (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT)",
    "CREATE UNIQUE INDEX artist_name_key ON artist (name COLLATE NOCASE)",
    "CREATE INDEX artist_country ON artist (country COLLATE nocase DESC, name)",
    "CREATE TABLE album ("
    "  id INTEGER PRIMARY KEY,"
    "  artist_id INTEGER NOT NULL REFERENCES artist (id),"
    "  title TEXT NOT NULL,"
    "  code TEXT)",
    "CREATE INDEX album_title ON album (artist_id, title COLLATE NOCASE)",
    "CREATE INDEX album_code ON album (rtrim(code) COLLATE RTRIM) WHERE code IS NOT NULL",
    "CREATE INDEX album_code_binary ON album (code COLLATE BINARY)",
};

TEST(IndexPropertiesTest, SqliteHandBuiltIndexesRoundTrip) {
  CliProject original("sqlite");
  for (const std::string& sql : kSqliteApplication) original.execute(sql);
  const Rows built = sqlite_index_catalog(original);
  ASSERT_EQ(built.size(), 12u) << joined(built);

  ProcessResult inspect = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  for (
      const char* expected : {
          R"t({ name = "artist_name_key", columns = [{ column = "name", collation = "NOCASE" }], unique = true })t",
          R"t({ name = "artist_country", columns = [{ column = "country", order = "desc", collation = "NOCASE" }, "name"] })t",
          R"t({ name = "album_code", columns = [{ expression = "rtrim(code)", collation = "RTRIM" }], where = "code IS NOT NULL" })t",
          R"t({ name = "album_code_binary", columns = ["code"] })t",
      }) {
    EXPECT_TRUE(contains(inspect.out, expected)) << expected << "\n" << inspect.out;
  }

  CliProject copy("sqlite");
  ASSERT_NO_FATAL_FAILURE(expect_copy_the_same(original, copy, inspect.out, built));

  // A change that rebuilds artist keeps its collated indexes and its rows.
  original.execute(
      "INSERT INTO artist (id, name, country) VALUES (1, 'Nina', 'fr'), (2, 'Abba', NULL)");
  std::string models = inspect.out;
  const std::string country = R"t({ name = "country", type = "text", nullable = true })t";
  ASSERT_TRUE(contains(models, country)) << models;
  models.replace(models.find(country), country.size(),
                 R"t({ name = "country", type = "varchar(2)", nullable = true })t");
  original.write_models(models);
  ASSERT_FALSE(original.migrate("country as varchar").empty());
  EXPECT_EQ(differences(built, sqlite_index_catalog(original)), "");
  EXPECT_EQ(original.query("SELECT id, name, coalesce(country, 'NULL') FROM artist ORDER BY id"),
            (Rows{{"1", "Nina", "fr"}, {"2", "Abba", "NULL"}}));
  // The collation still applies: 'NINA' is the same name as 'Nina'.
  EXPECT_NE(original.run_in_shell("INSERT INTO artist (id, name) VALUES (3, 'NINA');\n").exit_code,
            0);
}

// --- change kinds -----------------------------------------------------------

// hero(id, name, age, team) with `indexes`/`unique` lines after the columns.
std::string hero(const std::string& table_lines) {
  return "[[table]]\n"
         "name = \"hero\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(50)\" },\n"
         "  { name = \"age\", type = \"integer\", nullable = true },\n"
         "  { name = \"team\", type = \"text\", nullable = true },\n"
         "]\n" +
         table_lines;
}

std::string indexes(const std::string& entry) { return hero("indexes = [ " + entry + " ]\n"); }

struct IndexChange {
  std::string name;
  std::string dialect;
  std::string models_a;
  std::string models_b;
  // Text the catalog shows in B and not in A (pg_get_indexdef, reloptions,
  // pg_get_constraintdef; SQLite's pragma rows joined).
  std::string catalog_b;
};

void PrintTo(const IndexChange& c, std::ostream* os) { *os << c.dialect << "_" << c.name; }

std::vector<IndexChange> index_changes() {
  const std::string plain = R"t({ name = "ix_hero_name", columns = ["name"] })t";
  return {
      {"opclass_add", "postgresql", indexes(plain),
       indexes(
           R"t({ name = "ix_hero_name", columns = [{ column = "name", opclass = "varchar_pattern_ops" }] })t"),
       "USING btree (name varchar_pattern_ops)"},
      {"method_change", "postgresql", indexes(plain),
       indexes(R"t({ name = "ix_hero_name", columns = ["name"], method = "hash" })t"),
       "USING hash (name)"},
      {"include_add", "postgresql", indexes(plain),
       indexes(R"t({ name = "ix_hero_name", columns = ["name"], include = ["age", "team"] })t"),
       "USING btree (name) INCLUDE (age, team)"},
      {"nulls_order", "postgresql",
       indexes(R"t({ name = "ix_hero_age", columns = ["age DESC"] })t"),
       indexes(
           R"t({ name = "ix_hero_age", columns = [{ column = "age", order = "desc", nulls = "last" }] })t"),
       "(age DESC NULLS LAST)"},
      {"storage", "postgresql", indexes(plain),
       indexes(R"t({ name = "ix_hero_name", columns = ["name"], storage = { fillfactor = 70 } })t"),
       "fillfactor=70"},
      {"key_collation", "postgresql", indexes(plain),
       indexes(R"t({ name = "ix_hero_name", columns = [{ column = "name", collation = "C" }] })t"),
       "(name COLLATE \"C\")"},
      {"unique_index_nulls_not_distinct", "postgresql",
       indexes(R"t({ name = "ix_hero_team", columns = ["team"], unique = true })t"),
       indexes(
           R"t({ name = "ix_hero_team", columns = ["team"], unique = true, nulls_not_distinct = true })t"),
       "(team) NULLS NOT DISTINCT"},
      {"unique_constraint_nulls_not_distinct", "postgresql",
       hero("unique = [ { name = \"uq_hero_team\", columns = [\"team\"] } ]\n"),
       hero("unique = [ { name = \"uq_hero_team\", columns = [\"team\"], "
            "nulls_not_distinct = true } ]\n"),
       "UNIQUE NULLS NOT DISTINCT (team)"},
      {"key_collation", "sqlite", indexes(plain),
       indexes(
           R"t({ name = "ix_hero_name", columns = [{ column = "name", collation = "NOCASE" }] })t"),
       "ix_hero_name | 0 | name | 0 | NOCASE"},
      {"expression_key_collation", "sqlite",
       indexes(R"t({ name = "ix_hero_lower", columns = [{ expression = "lower(name)" }] })t"),
       indexes(
           R"t({ name = "ix_hero_lower", columns = [{ expression = "lower(name)", collation = "RTRIM" }] })t"),
       "ix_hero_lower | 0 | (expression) | 0 | RTRIM"},
  };
}

const std::vector<std::string> kSeed = {
    "INSERT INTO hero (id, name, age, team) VALUES (1, 'Deadpond', 30, 'Preventers')",
    "INSERT INTO hero (id, name, age, team) VALUES (2, 'Rusty-Man', NULL, NULL)",
    "INSERT INTO hero (id, name, age, team) VALUES (3, 'Spider-Boy', 16, 'Z-Force')",
};
constexpr const char* kHeroQuery =
    "SELECT id, name, coalesce(CAST(age AS TEXT), 'NULL'), coalesce(team, 'NULL') FROM hero "
    "ORDER BY id";
const Rows kHeroRows = {{"1", "Deadpond", "30", "Preventers"},
                        {"2", "Rusty-Man", "NULL", "NULL"},
                        {"3", "Spider-Boy", "16", "Z-Force"}};

class IndexChangeTest : public ::testing::TestWithParam<IndexChange> {};

TEST_P(IndexChangeTest, UpgradeKeepsRowsAndDowngradeRestoresTheIndex) {
  const IndexChange& c = GetParam();
  CliProject p(c.dialect);
  ASSERT_FALSE(p.url().empty());
  p.write_models(c.models_a);
  const std::string rev_a = p.migrate("schema a");
  ASSERT_FALSE(rev_a.empty());
  for (const std::string& sql : kSeed) p.execute(sql);
  const Rows catalog_a = index_catalog(p);
  ASSERT_FALSE(contains(joined(catalog_a), c.catalog_b)) << joined(catalog_a);

  p.write_models(c.models_b);
  ProcessResult pending = p.retort({"check"});
  EXPECT_EQ(pending.exit_code, 1) << pending.describe();
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "schema b"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p.version(), generated_revision_id(made.out));
  EXPECT_EQ(p.query(kHeroQuery), kHeroRows);
  EXPECT_TRUE(contains(joined(index_catalog(p)), c.catalog_b)) << joined(index_catalog(p));

  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.version(), rev_a);
  EXPECT_EQ(differences(catalog_a, index_catalog(p)), "");
  EXPECT_EQ(p.query(kHeroQuery), kHeroRows);
}

INSTANTIATE_TEST_SUITE_P(Properties, IndexChangeTest, ::testing::ValuesIn(index_changes()),
                         [](const auto& info) {
                           return info.param.dialect + "_" + info.param.name;
                         });

// NULLS NOT DISTINCT does what it says once upgraded: a second NULL team is
// refused (and taken again after the downgrade).
TEST(IndexPropertiesTest, PostgresqlNullsNotDistinctRefusesASecondNull) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(indexes(R"t({ name = "ix_hero_team", columns = ["team"], unique = true })t"));
  ASSERT_FALSE(p.migrate("schema a").empty());
  p.execute("INSERT INTO hero (id, name) VALUES (1, 'Deadpond')");
  p.write_models(indexes(
      R"t({ name = "ix_hero_team", columns = ["team"], unique = true, nulls_not_distinct = true })t"));
  ASSERT_FALSE(p.migrate("schema b").empty());
  EXPECT_NE(p.run_in_shell("INSERT INTO hero (id, name) VALUES (2, 'Rusty-Man');\n").exit_code, 0);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.run_in_shell("INSERT INTO hero (id, name) VALUES (2, 'Rusty-Man');\n").exit_code, 0);
}

// Offline --sql prints the same statements the upgrade runs. Collation
// names are each database's own ("C" on PostgreSQL, NOCASE on SQLite); the
// other options are PostgreSQL's, left out on SQLite.
TEST(IndexPropertiesTest, OfflineSqlSpellsEveryProperty) {
  for (const char* dialect : kAllDialects) {
    CliProject p(dialect);
    ASSERT_FALSE(p.url().empty());
    const bool pg = std::string(dialect) == "postgresql";
    const std::string collation = pg ? "C" : "NOCASE";
    p.write_models(
        hero("indexes = [\n"
             "  { name = \"ix_hero_name\", columns = [{ column = \"name\", order = \"desc\", "
             "nulls = \"last\", opclass = \"varchar_pattern_ops\", collation = \"" +
             collation +
             "\" }], include = [\"age\"], storage = { fillfactor = 70 } },\n"
             "  { name = \"ix_hero_team\", columns = [\"team\"], method = \"hash\" },\n"
             "]\n"
             "unique = [ { name = \"uq_hero_team_age\", columns = [\"team\", \"age\"], "
             "nulls_not_distinct = true } ]\n"));
    ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "hero"});
    ASSERT_EQ(made.exit_code, 0) << made.describe();
    ProcessResult sql = p.retort({"upgrade", "head", "--sql"});
    ASSERT_EQ(sql.exit_code, 0) << sql.describe();
    const std::vector<std::string> expected =
        pg ? std::vector<std::string>{"CREATE INDEX \"ix_hero_name\" ON \"hero\" (\"name\" COLLATE "
                                      "\"C\" \"varchar_pattern_ops\" DESC NULLS LAST) INCLUDE "
                                      "(\"age\") WITH (fillfactor = 70);",
                                      "CONSTRAINT \"uq_hero_team_age\" UNIQUE NULLS NOT DISTINCT "
                                      "(\"team\", \"age\")",
                                      "CREATE INDEX \"ix_hero_team\" ON \"hero\" USING hash "
                                      "(\"team\");"}
           : std::vector<std::string>{
                 "CREATE INDEX \"ix_hero_name\" ON \"hero\" (\"name\" COLLATE NOCASE DESC);",
                 "CONSTRAINT \"uq_hero_team_age\" UNIQUE (\"team\", \"age\")",
                 "CREATE INDEX \"ix_hero_team\" ON \"hero\" (\"team\");"};
    for (const std::string& line : expected) {
      EXPECT_TRUE(contains(sql.out, line)) << dialect << ": " << line << "\n" << sql.out;
    }
    EXPECT_FALSE(p.has_table("hero")) << "--sql ran nothing";
    // The script runs in the database's own shell.
    ProcessResult ran = p.run_in_shell(sql.out);
    EXPECT_EQ(ran.exit_code, 0) << ran.describe();
    EXPECT_TRUE(p.has_table("hero"));
  }
}

// --- bad values -----------------------------------------------------------------

class IndexBadValueTest : public ::testing::TestWithParam<const char*> {};

TEST_P(IndexBadValueTest, ExitTwoWithFileAndLineAndTheDatabaseUntouched) {
  CliProject p(GetParam());
  ASSERT_FALSE(p.url().empty());
  p.write_models(indexes(R"t({ name = "ix_hero_name", columns = ["name"] })t"));
  const std::string rev = p.migrate("schema a");
  ASSERT_FALSE(rev.empty());
  p.execute("INSERT INTO hero (id, name) VALUES (1, 'Deadpond')");
  const Rows catalog = index_catalog(p);

  struct Bad {
    std::string entry;
    std::string message;
  };
  // The entry is on line 10 of the models (hero()'s columns take lines 1-8).
  const std::vector<Bad> bad = {
      {R"t({ name = "ix_hero_name", columns = ["name"], method = "bitmap" })t",
       "`method` must be one of: btree, hash, gin, gist, brin, spgist"},
      {R"t({ name = "ix_hero_name", columns = [{ column = "name", nulls = "middle" }] })t",
       "`nulls` must be \"first\" or \"last\""},
      {R"t({ name = "ix_hero_name", columns = ["name"], nulls_not_distinct = true })t",
       "`nulls_not_distinct` applies only to a unique index"},
      {R"t({ name = "ix_hero_name", columns = ["name"], storage = { fillfactor = [70] } })t",
       "`storage.fillfactor` must be an integer, a boolean or a string"},
      {R"t({ name = "ix_hero_name", columns = ["name"], include = ["nickname"] })t",
       "index ix_hero_name names missing column \"nickname\""},
      {R"t({ name = "ix_hero_name", columns = [{ column = "name", opclas = "text_ops" }] })t",
       "unknown key `opclas` in index key"},
  };
  for (const Bad& b : bad) {
    p.write_models(hero("indexes = [\n  " + b.entry + ",\n]\n"));
    for (const std::vector<std::string>& command :
         {std::vector<std::string>{"check"}, std::vector<std::string>{"diff"},
          std::vector<std::string>{"revision", "--autogenerate", "-m", "bad"}}) {
      ProcessResult r = p.retort(command);
      EXPECT_EQ(r.exit_code, 2) << b.entry << "\n" << r.describe();
      EXPECT_TRUE(contains(r.err, "models.toml:10:")) << b.entry << "\n" << r.describe();
      EXPECT_TRUE(contains(r.err, b.message)) << b.entry << "\n" << r.describe();
    }
  }
  EXPECT_EQ(p.revision_files().size(), 1u);
  EXPECT_EQ(p.version(), rev);
  EXPECT_EQ(index_catalog(p), catalog);
  EXPECT_EQ(p.query("SELECT id, name FROM hero"), (Rows{{"1", "Deadpond"}}));
}

INSTANTIATE_TEST_SUITE_P(Dialects, IndexBadValueTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
