// Column and table properties, end to end: generated columns, collations,
// PostgreSQL's UNLOGGED and storage parameters, SQLite's AUTOINCREMENT,
// WITHOUT ROWID and STRICT.
//
// Fidelity: a database written by hand in plain SQL with these properties is
// inspected into models, an empty database is upgraded from them, and the
// two are compared by reading the catalogs directly (pg_catalog; SQLite's
// sqlite_schema, pragmas and the rows the columns compute); then `check` on
// the original finds nothing to do. Change kinds: each property changed with
// rows in the table (kept, content checked), nothing left to change, and a
// downgrade back to the first schema (catalog checked). Bad models.toml
// values exit 2 naming the file and line, with the database untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

bool is_sqlite(const CliProject& p) { return p.dialect() == "sqlite"; }

// --- Reading the catalogs directly ----------------------------------------------

// PostgreSQL: every column of the public tables with its type, NOT NULL,
// generation kind and expression (or default), and collation; every table
// with its persistence and storage parameters.
Rows pg_catalog(const CliProject& p) {
  Rows out = p.query(
      "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, "
      "a.attgenerated::text, coalesce(pg_get_expr(d.adbin, d.adrelid), ''), "
      "coalesce((SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation "
      "AND a.attcollation <> 100), '') "
      "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 "
      "AND NOT a.attisdropped AND c.relname NOT LIKE 'retort%' ORDER BY 1, a.attnum");
  Rows tables = p.query(
      "SELECT relname, relpersistence::text, "
      "coalesce(array_to_string(ARRAY(SELECT o FROM unnest(reloptions) o ORDER BY o), ','), '') "
      "FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' "
      "AND relname NOT LIKE 'retort%' ORDER BY 1");
  out.insert(out.end(), tables.begin(), tables.end());
  return out;
}

// SQLite: every column of the tables (pragma table_xinfo: type, NOT NULL,
// default, key position, hidden = 2 VIRTUAL / 3 STORED), each table's
// STRICT and WITHOUT ROWID flags (pragma table_list), whether its SQL says
// AUTOINCREMENT, and the collation of each column as SQLite applies it
// (whether 'A' = 'a' holds in a comparison on the column).
Rows sqlite_catalog(const CliProject& p) {
  Rows out = p.query(
      "SELECT m.name, x.name, x.type, x.\"notnull\", coalesce(x.dflt_value, ''), x.pk, x.hidden "
      "FROM sqlite_schema m, pragma_table_xinfo(m.name) x WHERE m.type = 'table' "
      "AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'retort%' ORDER BY m.name, x.cid");
  Rows tables = p.query(
      "SELECT l.name, l.strict, l.wr, instr(upper(m.sql), 'AUTOINCREMENT') > 0 "
      "FROM pragma_table_list l JOIN sqlite_schema m ON m.name = l.name "
      "WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite%' "
      "AND l.name NOT LIKE 'retort%' ORDER BY 1");
  out.insert(out.end(), tables.begin(), tables.end());
  return out;
}

Rows catalog(const CliProject& p) { return is_sqlite(p) ? sqlite_catalog(p) : pg_catalog(p); }

// The catalog, and what table `item` of the change cases does with its
// values, which SQLite's pragmas do not show: whether `label` compares
// case-insensitively ('bolt' finds 'BOLT': NOCASE) or ignoring trailing
// spaces ('BOLT  ' finds it: RTRIM), and the values `total` holds.
Rows item_catalog(const CliProject& p) {
  Rows out = catalog(p);
  if (p.has_column("item", "label")) {
    Rows probe = p.query(
        "SELECT (SELECT count(*) FROM item WHERE label = 'bolt'), "
        "(SELECT count(*) FROM item WHERE label = 'BOLT  ')");
    out.insert(out.end(), probe.begin(), probe.end());
  }
  // pragma table_info, which has_column reads, leaves generated columns out.
  const bool has_total = is_sqlite(p)
                             ? p.query(
                                   "SELECT count(*) FROM pragma_table_xinfo('item') WHERE name = "
                                   "'total'") == Rows{{"1"}}
                             : p.has_column("item", "total");
  if (has_total) {
    Rows totals = p.query("SELECT id, total FROM item ORDER BY id");
    out.insert(out.end(), totals.begin(), totals.end());
  }
  return out;
}

// The copy's revisions into the original's versions folder.
void copy_revisions(const CliProject& from, const CliProject& to) {
  for (const auto& file : from.revision_files()) {
    std::filesystem::copy_file(file, to.versions_dir() / file.filename(),
                               std::filesystem::copy_options::overwrite_existing);
  }
}

// --- Fidelity ---------------------------------------------------------------------

// An order system as its developers wrote it for PostgreSQL: a product code
// compared byte-wise (COLLATE "C"), order lines whose total the server
// computes, a session cache that need not survive a crash (UNLOGGED, with
// storage parameters), and a busy table with a lower fillfactor.
const std::vector<std::string> kPgApplication = {
    "CREATE TABLE product ("
    "  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  code varchar(20) COLLATE \"C\" NOT NULL,"
    "  name text NOT NULL,"
    "  name_sort text COLLATE \"POSIX\")"
    " WITH (fillfactor = 80)",
    "CREATE TABLE order_line ("
    "  id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  product_id integer NOT NULL REFERENCES product (id),"
    "  price numeric(10,2) NOT NULL,"
    "  qty integer NOT NULL,"
    "  sku text NOT NULL,"
    "  total numeric(12,2) GENERATED ALWAYS AS (price * qty) STORED,"
    "  label text GENERATED ALWAYS AS (upper(sku)) STORED)",
    "CREATE UNLOGGED TABLE session_cache ("
    "  token text PRIMARY KEY,"
    "  payload text,"
    "  hits integer NOT NULL DEFAULT 0)"
    " WITH (fillfactor = 70, autovacuum_enabled = false)",
};

const std::vector<std::string> kPgRows = {
    "INSERT INTO product (code, name, name_sort) VALUES ('B-2', 'Bolt', 'bolt'), "
    "('a-1', 'Anchor', 'anchor')",
    "INSERT INTO order_line (product_id, price, qty, sku) VALUES (1, 2.50, 4, 'b2'), "
    "(2, 10.00, 1, 'a1')",
    "INSERT INTO session_cache (token, payload) VALUES ('t1', 'x')",
};
constexpr const char* kPgComputed =
    "SELECT p.code, o.total, o.label FROM order_line o JOIN product p ON p.id = o.product_id "
    "ORDER BY p.code";

// A shop as its developers wrote it for SQLite: customers keyed by an
// AUTOINCREMENT id with a case-insensitive email, order lines with a stored
// and a virtual generated column, settings in a WITHOUT ROWID table, and
// readings in a STRICT table.
const std::vector<std::string> kSqliteApplication = {
    "CREATE TABLE customer ("
    "  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,"
    "  email TEXT NOT NULL COLLATE NOCASE,"
    "  name TEXT NOT NULL COLLATE RTRIM)",
    "CREATE TABLE order_line ("
    "  id INTEGER NOT NULL PRIMARY KEY,"
    "  customer_id INTEGER NOT NULL REFERENCES customer (id),"
    "  price REAL NOT NULL,"
    "  qty INTEGER NOT NULL,"
    "  total REAL GENERATED ALWAYS AS (price * qty) STORED,"
    "  label TEXT GENERATED ALWAYS AS ('#' || qty) VIRTUAL)",
    "CREATE TABLE setting (key TEXT NOT NULL PRIMARY KEY, value TEXT) WITHOUT ROWID",
    "CREATE TABLE reading ("
    "  id INTEGER NOT NULL PRIMARY KEY,"
    "  sensor TEXT NOT NULL,"
    "  value REAL,"
    "  raw BLOB,"
    "  extra ANY) STRICT",
};

const std::vector<std::string> kSqliteRows = {
    "INSERT INTO customer (email, name) VALUES ('Ann@Example.com', 'Ann'), "
    "('bob@example.com', 'Bob')",
    "INSERT INTO order_line (id, customer_id, price, qty) VALUES (1, 1, 2.5, 4), (2, 2, 10, 1)",
    "INSERT INTO setting (key, value) VALUES ('theme', 'dark')",
    "INSERT INTO reading (id, sensor, value) VALUES (1, 's1', 20.5)",
};
constexpr const char* kSqliteComputed =
    "SELECT o.id, o.total, o.label, (SELECT count(*) FROM customer c "
    "WHERE c.email = 'ANN@EXAMPLE.COM'), (SELECT count(*) FROM customer c WHERE c.name = 'Ann  ') "
    "FROM order_line o ORDER BY o.id";

class PropertiesFidelityTest : public ::testing::TestWithParam<const char*> {};

TEST_P(PropertiesFidelityTest, InspectedModelsRebuildTheSameDatabase) {
  CliProject original(GetParam());
  const bool sqlite = is_sqlite(original);
  for (const std::string& sql : sqlite ? kSqliteApplication : kPgApplication) {
    original.execute(sql);
  }
  for (const std::string& sql : sqlite ? kSqliteRows : kPgRows) original.execute(sql);
  const Rows built = catalog(original);
  const char* computed = sqlite ? kSqliteComputed : kPgComputed;
  const Rows original_values = original.query(computed);

  ProcessResult inspected = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.describe();
  EXPECT_EQ(inspected.err.find("not modelled"), std::string::npos) << inspected.describe();
  const std::string models = inspected.out;

  CliProject copy(GetParam());
  copy.write_models(models);
  ASSERT_FALSE(copy.migrate("from inspect").empty()) << models;
  for (const std::string& sql : sqlite ? kSqliteRows : kPgRows) copy.execute(sql);
  EXPECT_EQ(catalog(copy), built) << models;
  EXPECT_EQ(copy.query(computed), original_values);
  expect_no_differences(copy);

  // The original, stamped at the copy's revision, has nothing to change.
  original.write_models(models);
  copy_revisions(copy, original);
  ProcessResult stamp = original.retort({"stamp", "head"});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.describe();
  ProcessResult check = original.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_EQ(catalog(original), built);

  // Every other output format carries the properties too.
  ProcessResult cpp = original.retort({"inspect", "--format", "cpp"});
  ASSERT_EQ(cpp.exit_code, 0) << cpp.describe();
  EXPECT_NE(cpp.out.find(".generated("), std::string::npos) << cpp.out;
  EXPECT_NE(cpp.out.find(".collation("), std::string::npos) << cpp.out;
  EXPECT_NE(cpp.out.find("retort::TableProperties{"), std::string::npos) << cpp.out;
  ProcessResult sql = original.retort({"inspect", "--format", "sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("GENERATED ALWAYS AS"), std::string::npos) << sql.out;
  EXPECT_NE(sql.out.find(sqlite ? "WITHOUT ROWID" : "CREATE UNLOGGED TABLE"), std::string::npos)
      << sql.out;
  ProcessResult json = original.retort({"inspect", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  EXPECT_NE(json.out.find("\"generated\""), std::string::npos) << json.out;
}

INSTANTIATE_TEST_SUITE_P(Dialects, PropertiesFidelityTest, ::testing::ValuesIn(kAllDialects));

// --- Change kinds ---------------------------------------------------------------

// One table `item` with rows; each case changes one property of it.
std::string item_models(const std::string& columns, const std::string& table_keys = "") {
  return "[[table]]\n"
         "name = \"item\"\n" +
         table_keys +
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(50)\" },\n"
         "  { name = \"price\", type = \"integer\" },\n"
         "  { name = \"qty\", type = \"integer\" },\n" +
         columns + "]\n";
}

const std::string kTotalPlain = "  { name = \"total\", type = \"integer\", nullable = true },\n";
const std::string kTotalGenerated =
    "  { name = \"total\", type = \"integer\", nullable = true, generated = \"price * qty\" },\n";
const std::string kTotalGeneratedVirtual =
    "  { name = \"total\", type = \"integer\", nullable = true, generated = \"price * qty\", "
    "stored = false },\n";
const std::string kTotalGeneratedOther =
    "  { name = \"total\", type = \"integer\", nullable = true, generated = \"price * qty + 1\" "
    "},\n";

std::string name_with_collation(const std::string& collation) {
  return item_models(
      "  { name = \"label\", type = \"varchar(50)\", nullable = true, collation = \"" + collation +
      "\" },\n");
}
const std::string kLabelPlain =
    item_models("  { name = \"label\", type = \"varchar(50)\", nullable = true },\n");

struct PropertyCase {
  std::string name;
  std::string dialect;
  std::string models_a;
  std::string models_b;
};

void PrintTo(const PropertyCase& c, std::ostream* os) { *os << c.dialect << "_" << c.name; }

std::vector<PropertyCase> property_cases() {
  return {
      // Both dialects.
      {"generated_column_add", "sqlite", item_models(""), item_models(kTotalGenerated)},
      {"generated_column_add", "postgresql", item_models(""), item_models(kTotalGenerated)},
      {"generated_column_drop", "sqlite", item_models(kTotalGenerated), item_models("")},
      {"generated_column_drop", "postgresql", item_models(kTotalGenerated), item_models("")},
      {"collation_set", "sqlite", kLabelPlain, name_with_collation("NOCASE")},
      {"collation_set", "postgresql", kLabelPlain, name_with_collation("C")},
      {"collation_change", "sqlite", name_with_collation("NOCASE"), name_with_collation("RTRIM")},
      {"collation_change", "postgresql", name_with_collation("C"), name_with_collation("POSIX")},
      // SQLite: every change through the table rebuild.
      {"generation_add_to_column", "sqlite", item_models(kTotalPlain),
       item_models(kTotalGenerated)},
      {"generation_drop_keeps_values", "sqlite", item_models(kTotalGenerated),
       item_models(kTotalPlain)},
      {"generated_expression_change", "sqlite", item_models(kTotalGenerated),
       item_models(kTotalGeneratedOther)},
      {"generated_stored_to_virtual", "sqlite", item_models(kTotalGenerated),
       item_models(kTotalGeneratedVirtual)},
      {"autoincrement_on", "sqlite", item_models(""),
       item_models("", "sqlite_autoincrement = true\n")},
      {"without_rowid_on", "sqlite", item_models(""),
       item_models("", "sqlite_without_rowid = true\n")},
      {"strict_on", "sqlite", item_models(""), item_models("", "sqlite_strict = true\n")},
      {"strict_off", "sqlite", item_models("", "sqlite_strict = true\n"), item_models("")},
      // PostgreSQL: in place.
      {"generation_drop_keeps_values", "postgresql", item_models(kTotalGenerated),
       item_models(kTotalPlain)},
      {"unlogged_on", "postgresql", item_models(""), item_models("", "unlogged = true\n")},
      {"unlogged_off", "postgresql", item_models("", "unlogged = true\n"), item_models("")},
      {"storage_set", "postgresql", item_models(""),
       item_models("", "storage = { fillfactor = 70, autovacuum_enabled = false }\n")},
      {"storage_change_and_reset", "postgresql",
       item_models("", "storage = { fillfactor = 70, autovacuum_enabled = false }\n"),
       item_models("", "storage = { fillfactor = 50 }\n")},
  };
}

const std::vector<std::string> kItemSeed = {
    "INSERT INTO item (id, name, price, qty) VALUES (1, 'bolt', 3, 4)",
    "INSERT INTO item (id, name, price, qty) VALUES (2, 'nut', 2, 10)",
};
constexpr const char* kItemQuery = "SELECT id, name, price, qty FROM item ORDER BY id";
const Rows kItemRows = {{"1", "bolt", "3", "4"}, {"2", "nut", "2", "10"}};

class PropertyChangeTest : public ::testing::TestWithParam<PropertyCase> {};

TEST_P(PropertyChangeTest, UpgradeKeepsRowsAndDowngradeRestoresCatalog) {
  const PropertyCase& c = GetParam();
  CliProject p(c.dialect);
  p.write_models(c.models_a);
  const std::string rev_a = p.migrate("schema a");
  ASSERT_FALSE(rev_a.empty());
  for (const std::string& sql : kItemSeed) p.execute(sql);
  const bool has_total = c.models_a.find("\"total\"") != std::string::npos;
  if (c.models_a.find("\"label\"") != std::string::npos) {
    p.execute("UPDATE item SET label = upper(name)");
  }
  if (has_total && c.models_a.find("generated") == std::string::npos) {
    p.execute("UPDATE item SET total = price * qty");
  }
  const Rows catalog_a = item_catalog(p);
  const MetaData schema_a = p.schema();

  p.write_models(c.models_b);
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "schema b"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe() << p.read(p.revision_file("schema_b"));
  EXPECT_EQ(p.query(kItemQuery), kItemRows);
  if (c.models_b.find("\"total\"") != std::string::npos) {
    // Computed by the server, or the values the column kept.
    const std::string plus = c.models_b.find("qty + 1") != std::string::npos ? " + 1" : "";
    EXPECT_EQ(p.query("SELECT count(*) FROM item WHERE total = price * qty" + plus), Rows{{"2"}});
  }
  if (c.models_b.find("\"label\"") != std::string::npos &&
      c.models_a.find("\"label\"") != std::string::npos) {
    EXPECT_EQ(p.query("SELECT label FROM item ORDER BY id"), (Rows{{"BOLT"}, {"NUT"}}));
  }
  EXPECT_NE(item_catalog(p), catalog_a) << "the upgrade changed nothing";
  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  if (c.dialect == "postgresql" && c.name == "generation_drop_keeps_values") {
    // The way back makes a column generated, which PostgreSQL 15 cannot do
    // in place: refused, naming the change and the way by hand.
    EXPECT_EQ(down.exit_code, 2) << down.describe();
    EXPECT_NE(down.err.find("making column \"item\".\"total\" generated"), std::string::npos)
        << down.describe();
    EXPECT_NE(down.err.find("cannot be done in place"), std::string::npos) << down.describe();
    EXPECT_NE(down.err.find("add a new column GENERATED ALWAYS AS"), std::string::npos)
        << down.describe();
    EXPECT_EQ(p.version(), generated_revision_id(made.out));
    return;
  }
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.version(), rev_a);
  EXPECT_EQ(item_catalog(p), catalog_a);
  const MetaData schema_back = p.schema();
  EXPECT_TRUE(schema_back == schema_a) << schema_text(schema_back);
  EXPECT_EQ(p.query(kItemQuery), kItemRows);
}

INSTANTIATE_TEST_SUITE_P(Cases, PropertyChangeTest, ::testing::ValuesIn(property_cases()),
                         [](const auto& info) {
                           return info.param.dialect + "_" + info.param.name;
                         });

// --- SQLite: AUTOINCREMENT survives every rebuild ----------------------------------

TEST(SqliteAutoincrementTest, RebuildKeepsIdsOfDeletedRowsUnused) {
  CliProject p("sqlite");
  const std::string a = item_models("", "sqlite_autoincrement = true\n");
  p.write_models(a);
  ASSERT_FALSE(p.migrate("autoincrement").empty());
  p.execute("INSERT INTO item (name, price, qty) VALUES ('a', 1, 1), ('b', 2, 2), ('c', 3, 3)");
  p.execute("DELETE FROM item WHERE id = 3");  // id 3 is never to be used again

  // Another change to the table: a rebuild that must carry AUTOINCREMENT and
  // the sequence.
  p.write_models(item_models(kTotalPlain, "sqlite_autoincrement = true\ncomment = \"items\"\n"));
  ASSERT_FALSE(p.migrate("rebuild").empty());
  EXPECT_EQ(p.query("SELECT count(*) FROM sqlite_schema WHERE name = 'item' AND sql LIKE "
                    "'%AUTOINCREMENT%'"),
            Rows{{"1"}});
  p.execute("INSERT INTO item (name, price, qty) VALUES ('d', 4, 4)");
  EXPECT_EQ(p.query("SELECT id FROM item WHERE name = 'd'"), Rows{{"4"}});
  p.execute("DELETE FROM item WHERE id = 4");
  p.execute("INSERT INTO item (name, price, qty) VALUES ('e', 5, 5)");
  EXPECT_EQ(p.query("SELECT id FROM item WHERE name = 'e'"), Rows{{"5"}});
  expect_no_differences(p);
}

// A STRICT table takes the portable types: each maps to a name STRICT
// allows, and reads back as the portable type.
TEST(SqliteStrictTest, PortableTypesOnAStrictTable) {
  CliProject p("sqlite");
  p.write_models(
      "[[table]]\n"
      "name = \"event\"\n"
      "sqlite_strict = true\n"
      "columns = [\n"
      "  { name = \"id\", type = \"bigint\", primary_key = true },\n"
      "  { name = \"title\", type = \"varchar(80)\" },\n"
      "  { name = \"done\", type = \"boolean\", default = false },\n"
      "  { name = \"at\", type = \"timestamp\", nullable = true },\n"
      "  { name = \"amount\", type = \"numeric(10,2)\", nullable = true },\n"
      "  { name = \"ratio\", type = \"float\", nullable = true },\n"
      "  { name = \"data\", type = \"blob\", nullable = true },\n"
      "]\n");
  ASSERT_FALSE(p.migrate("strict").empty());
  EXPECT_EQ(p.query("SELECT name, type FROM pragma_table_info('event') ORDER BY cid"),
            (Rows{{"id", "INTEGER"},
                  {"title", "TEXT"},
                  {"done", "INTEGER"},
                  {"at", "TEXT"},
                  {"amount", "REAL"},
                  {"ratio", "REAL"},
                  {"data", "BLOB"}}));
  EXPECT_EQ(p.query("SELECT strict FROM pragma_table_list WHERE name = 'event'"), Rows{{"1"}});
  p.execute("INSERT INTO event (id, title, done, at) VALUES (1, 'x', 1, '2024-01-01')");
  expect_no_differences(p);
}

// --- Bad input --------------------------------------------------------------------

class PropertiesBadInputTest : public ::testing::TestWithParam<const char*> {};

TEST_P(PropertiesBadInputTest, BadModelsExitTwoWithFileAndLine) {
  struct Bad {
    std::string models;
    std::string where;  // "models.toml:<line>"
    std::string what;
  };
  const std::vector<Bad> cases = {
      {item_models("  { name = \"total\", type = \"integer\", generated = \"price * qty\", "
                   "default = 0 },\n"),
       "models.toml:8", "is generated and has a default"},
      {"[[table]]\nname = \"item\"\ncolumns = [\n"
       "  { name = \"id\", type = \"integer\", primary_key = true, generated = \"1 + 1\" },\n]\n",
       "models.toml:4", "is generated and part of the primary key"},
      {item_models("  { name = \"total\", type = \"integer\", stored = false },\n"),
       "models.toml:8", "`stored` applies only to a generated column"},
      {item_models("  { name = \"label\", type = \"text\", collation = \"\" },\n"), "models.toml:8",
       "`collation` may not be empty"},
      {"[[table]]\nname = \"kv\"\nsqlite_without_rowid = true\ncolumns = [\n"
       "  { name = \"k\", type = \"text\" },\n]\n",
       "models.toml:1", "sqlite_without_rowid but has no primary key"},
      {"[[table]]\nname = \"kv\"\nsqlite_autoincrement = true\ncolumns = [\n"
       "  { name = \"k\", type = \"text\", primary_key = true },\n]\n",
       "models.toml:1", "sqlite_autoincrement but has no autoincrementing rowid key"},
      {item_models("", "storage = { fillfactor = [70] }\n"), "models.toml:3",
       "storage parameter `fillfactor` must be a number, boolean or string"},
      {item_models("", "storage = 70\n"), "models.toml:3", "`storage` must be a table"},
      {item_models("", "unlogged = \"yes\"\n"), "models.toml:3", "unlogged"},
  };
  for (const Bad& bad : cases) {
    SCOPED_TRACE(bad.what);
    CliProject p(GetParam());
    p.write_models(bad.models);
    ProcessResult r = p.retort({"revision", "--autogenerate", "-m", "bad"});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find(bad.where), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find(bad.what), std::string::npos) << r.describe();
    EXPECT_TRUE(p.revision_files().empty());
    ProcessResult up = p.retort({"upgrade", "head"});
    EXPECT_FALSE(p.has_table("item")) << up.describe();
    EXPECT_FALSE(p.has_table("kv"));
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, PropertiesBadInputTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
