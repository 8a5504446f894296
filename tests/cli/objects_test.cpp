// Schemas, extensions, sequences, domains and composite types on
// PostgreSQL: a billing application written by hand in SQL (an extension
// type under a domain, a composite type, sequences of their own, one used
// by a column default and one OWNED BY a column, comments, a view over it
// all) inspected and built again in an empty database, the two compared by
// pg_dump and by catalog queries; declared objects through autogenerate,
// upgrade, changes and downgrade, with the catalogs read directly; offline
// --sql; filters; and SQLite's refusal.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/catalog_rows.hpp"
#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kBillingSql = R"sql(
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'Invoices and what they cost';
CREATE DOMAIN positive_amount AS numeric(10, 2) DEFAULT 0 NOT NULL
  CONSTRAINT positive_amount_check CHECK (VALUE >= 0);
CREATE DOMAIN billing.email AS citext
  CONSTRAINT email_has_at CHECK (VALUE ~ '@') CONSTRAINT email_short CHECK (length(VALUE) < 200);
COMMENT ON DOMAIN billing.email IS 'An e-mail address';
CREATE TYPE billing.address AS (street text, city varchar(80), zip char(5) COLLATE "C");
COMMENT ON TYPE billing.address IS 'Where invoices go';
CREATE SEQUENCE billing.invoice_number AS integer START WITH 1000 INCREMENT BY 10 CACHE 5;
COMMENT ON SEQUENCE billing.invoice_number IS 'Printed on invoices';
CREATE SEQUENCE ticket_seq MINVALUE 0 MAXVALUE 99 CYCLE;
CREATE TABLE billing.customer (
  id integer PRIMARY KEY,
  email billing.email NOT NULL,
  home billing.address
);
CREATE TABLE billing.invoice (
  id bigint PRIMARY KEY,
  number integer NOT NULL DEFAULT nextval('billing.invoice_number'),
  legacy_number integer,
  customer_id integer NOT NULL REFERENCES billing.customer (id),
  total positive_amount
);
CREATE SEQUENCE billing.legacy_counter OWNED BY billing.invoice.legacy_number;
CREATE VIEW billing.invoice_list AS
  SELECT i.number, c.email, i.total FROM billing.invoice i JOIN billing.customer c
  ON c.id = i.customer_id;
)sql";

// Every domain, composite type, sequence and extension, as the catalog has
// them (not through retort's inspector).
constexpr const char* kObjectCatalog = R"sql(
SELECT 'domain', n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull::text,
       coalesce(t.typdefault, ''), coalesce(obj_description(t.oid, 'pg_type'), ''),
       coalesce((SELECT string_agg(c.conname || ' ' || pg_get_constraintdef(c.oid), '; '
                                   ORDER BY c.conname)
                 FROM pg_constraint c WHERE c.contypid = t.oid), '')
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'd' AND n.nspname IN ('public', 'billing')
UNION ALL
SELECT 'type', n.nspname, t.typname,
       (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' ||
                          coalesce(co.collname, ''), ', ' ORDER BY a.attnum)
        FROM pg_attribute a LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE a.attrelid = t.typrelid AND a.attnum > 0),
       '', '', coalesce(obj_description(t.oid, 'pg_type'), ''), ''
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid
WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname IN ('public', 'billing')
UNION ALL
SELECT 'sequence', schemaname, sequencename, data_type::text,
       start_value || ' ' || min_value || ' ' || max_value || ' ' || increment_by || ' ' ||
       cycle || ' ' || cache_size, '', '', ''
FROM pg_sequences WHERE schemaname IN ('public', 'billing')
UNION ALL
SELECT 'owned', n.nspname, s.relname, t.relname || '.' || a.attname, '', '', '', ''
FROM pg_depend d JOIN pg_class s ON s.oid = d.objid JOIN pg_namespace n ON n.oid = s.relnamespace
JOIN pg_class t ON t.oid = d.refobjid
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
WHERE s.relkind = 'S' AND d.deptype = 'a' AND n.nspname IN ('public', 'billing')
UNION ALL
SELECT 'extension', e.extname, e.extversion, n.nspname, '', '', '', ''
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
UNION ALL
SELECT 'schema', n.nspname, coalesce(obj_description(n.oid, 'pg_namespace'), ''), '', '', '', '',
       ''
FROM pg_namespace n WHERE n.nspname = 'billing'
ORDER BY 1, 2, 3
)sql";

TEST(ObjectsPostgresqlTest, HandWrittenObjectsInspectedAndRebuiltMatchByPgDumpAndCatalog) {
  CliProject original("postgresql");
  original.execute(kBillingSql);
  ProcessResult inspect = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  for (const char* section :
       {"[[schema]]", "[[extension]]", "[[sequence]]", "[[domain]]", "[[composite_type]]"}) {
    EXPECT_NE(inspect.out.find(section), std::string::npos) << section << "\n" << inspect.out;
  }
  // Nothing of it is left unmanaged any more.
  EXPECT_EQ(inspect.err.find("not managed"), std::string::npos) << inspect.err;
  ProcessResult json = original.retort({"inspect", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.describe();
  for (const char* key : {"\"schema\": [", "\"extension\": [", "\"sequence\": [", "\"domain\": [",
                          "\"composite_type\": ["}) {
    EXPECT_NE(json.out.find(key), std::string::npos) << key << "\n" << json.out;
  }

  CliProject copy("postgresql");
  expect_adopted(original, copy, inspect.out);
  EXPECT_EQ(differences(pg_dump_schema(original), pg_dump_schema(copy)), "");
  EXPECT_EQ(differences(original.query(kObjectCatalog), copy.query(kObjectCatalog)), "");
  // The sequence a default uses, and the one a column owns, still work.
  copy.execute(
      "INSERT INTO billing.customer VALUES (1, 'a@b.c', ROW('Main St', 'Oslo', '01234'));"
      "INSERT INTO billing.invoice (id, customer_id, total) VALUES (1, 1, 5)");
  EXPECT_EQ(copy.query("SELECT number FROM billing.invoice"), (CatalogRows{{"1000"}}));
}

TEST(ObjectsPostgresqlTest, InspectAsSqlBuildsTheSameObjects) {
  CliProject original("postgresql");
  original.execute(kBillingSql);
  ProcessResult sql = original.retort({"inspect", "--format", "sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  for (const char* statement : {"CREATE EXTENSION IF NOT EXISTS", "CREATE SCHEMA IF NOT EXISTS",
                                "CREATE DOMAIN", "CREATE TYPE", "CREATE SEQUENCE", "OWNED BY"}) {
    EXPECT_NE(sql.out.find(statement), std::string::npos) << statement << "\n" << sql.out;
  }
  expect_script_rebuilds(original, sql.out);
}

constexpr const char* kDeclared = R"t(
[[schema]]
name = "billing"
comment = "Invoices"

[[extension]]
name = "citext"

[[domain]]
name = "email"
schema = "billing"
type = "citext"
native = true
checks = [ { name = "email_has_at", expression = "VALUE ~ '@'" } ]

[[domain]]
name = "amount"
type = "numeric(10,2)"
default = 0
not_null = true
checks = [ { expression = "VALUE >= 0" } ]

[[composite_type]]
name = "address"
schema = "billing"
attributes = [ { name = "street", type = "text" }, { name = "zip", type = "char(5)" } ]

[[sequence]]
name = "invoice_number"
schema = "billing"
type = "integer"
start = 1000
increment = 10

[[sequence]]
name = "legacy_counter"
schema = "billing"
owned_by = "invoice.legacy_number"

[[table]]
name = "invoice"
schema = "billing"
columns = [
  { name = "id", type = "bigint", primary_key = true, autoincrement = false },
  { name = "number", type = "integer", default_sql = "nextval('billing.invoice_number')" },
  { name = "legacy_number", type = "integer", nullable = true },
  { name = "email", type = "billing.email", native = true },
  { name = "total", type = "amount", native = true },
  { name = "home", type = "billing.address", native = true, nullable = true },
]
)t";

TEST(ObjectsPostgresqlTest, DeclaredObjectsAutogenerateUpgradeAndCheckClean) {
  CliProject p("postgresql");
  p.write_models(kDeclared);
  ASSERT_FALSE(p.migrate("billing").empty());
  expect_no_differences(p);
  const std::string text = p.read(p.revision_file("billing"));
  // Objects before the table that uses them; OWNED BY after it.
  const auto sequence = text.find("op = \"create_sequence\"");
  const auto table = text.find("op = \"create_table\"");
  const auto owned = text.find("op = \"alter_sequence\"");
  ASSERT_NE(sequence, std::string::npos) << text;
  ASSERT_NE(table, std::string::npos) << text;
  ASSERT_NE(owned, std::string::npos) << text;
  EXPECT_LT(sequence, table) << text;
  EXPECT_LT(table, owned) << text;
  EXPECT_LT(text.find("op = \"create_domain\""), table) << text;
  EXPECT_LT(text.find("op = \"create_composite_type\""), table) << text;
  EXPECT_LT(text.find("op = \"create_extension\""), text.find("op = \"create_domain\"")) << text;

  EXPECT_EQ(p.query("SELECT obj_description('billing'::regnamespace, 'pg_namespace')"),
            (CatalogRows{{"Invoices"}}));
  EXPECT_EQ(p.query("SELECT t.relname || '.' || a.attname FROM pg_depend d "
                    "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a ON "
                    "a.attrelid = t.oid AND a.attnum = d.refobjsubid "
                    "WHERE d.objid = 'billing.legacy_counter'::regclass AND d.deptype = 'a'"),
            (CatalogRows{{"invoice.legacy_number"}}));
  EXPECT_EQ(p.query("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE contypid = 'amount'::regtype"),
            (CatalogRows{{"amount_check", "CHECK ((VALUE >= (0)::numeric))"}}));
  p.execute("INSERT INTO billing.invoice (id, email, total) VALUES (1, 'A@B', 3)");
  EXPECT_EQ(p.query("SELECT number FROM billing.invoice"), (CatalogRows{{"1000"}}));
  // The domains hold: a bad value is refused by the database.
  EXPECT_EQ(p.query("SELECT count(*) FROM billing.invoice WHERE email = 'a@b'"),
            (CatalogRows{{"1"}}));
}

TEST(ObjectsPostgresqlTest, ChangedObjectsAlterInPlaceAndDowngradeRestoresTheCatalog) {
  CliProject p("postgresql");
  p.write_models(kDeclared);
  ASSERT_FALSE(p.migrate("billing").empty());
  p.execute("INSERT INTO billing.invoice (id, email, total) VALUES (1, 'A@B', 3)");
  const CatalogRows before = pg_dump_schema(p);

  std::string changed = kDeclared;
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = changed.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    changed.replace(at, from.size(), to);
  };
  replace("comment = \"Invoices\"", "comment = \"Invoices and credit notes\"");
  replace("increment = 10", "increment = 20\ncache = 4");
  replace("checks = [ { expression = \"VALUE >= 0\" } ]",
          "checks = [ { expression = \"VALUE >= 0\" }, { name = \"amount_cap\", expression = "
          "\"VALUE < 1000000\" } ]");
  replace("default = 0\nnot_null = true", "default = 1");
  replace("{ name = \"zip\", type = \"char(5)\" } ]",
          "{ name = \"zip\", type = \"char(5)\" }, { name = \"country\", type = \"text\" } ]");
  changed += R"t(
[[sequence]]
name = "ticket"
cycle = true
max = 99
comment = "Support tickets"
)t";
  p.write_models(changed);
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "change"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  const std::string text = p.read(p.revision_file("change"));
  for (const char* op : {"alter_schema", "alter_sequence", "alter_domain", "alter_composite_type",
                         "create_sequence"}) {
    EXPECT_NE(text.find(std::string("op = \"") + op + "\""), std::string::npos) << op << text;
  }
  EXPECT_EQ(text.find("drop_domain"), std::string::npos) << text;
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  expect_no_differences(p);
  EXPECT_EQ(p.query("SELECT increment_by, cache_size FROM pg_sequences "
                    "WHERE sequencename = 'invoice_number'"),
            (CatalogRows{{"20", "4"}}));
  EXPECT_EQ(p.query("SELECT typnotnull, typdefault FROM pg_type WHERE typname = 'amount'"),
            (CatalogRows{{"f", "1"}}));
  EXPECT_EQ(p.query("SELECT count(*) FROM billing.invoice"), (CatalogRows{{"1"}}));

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(differences(before, pg_dump_schema(p)), "");
  ProcessResult base = p.retort({"downgrade", "base"});
  ASSERT_EQ(base.exit_code, 0) << base.describe();
  // Domains and composite types (not the row types of retort's own tables).
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                    "LEFT JOIN pg_class c ON c.oid = t.typrelid WHERE (t.typtype = 'd' OR "
                    "c.relkind = 'c') AND n.nspname IN ('public', 'billing')"),
            (CatalogRows{{"0"}}));
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'billing'"),
            (CatalogRows{{"0"}}));
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_extension WHERE extname = 'citext'"),
            (CatalogRows{{"0"}}));
}

TEST(ObjectsPostgresqlTest, OfflineSqlWritesTheObjectsInOrder) {
  CliProject p("postgresql");
  p.write_models(kDeclared);
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "billing"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  ProcessResult sql = p.retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  const std::string& s = sql.out;
  const auto extension = s.find("CREATE EXTENSION IF NOT EXISTS \"citext\"");
  const auto domain = s.find("CREATE DOMAIN \"billing\".\"email\" AS citext");
  const auto sequence = s.find("CREATE SEQUENCE \"billing\".\"invoice_number\" AS integer");
  const auto table = s.find("CREATE TABLE \"billing\".\"invoice\"");
  const auto owned = s.find("OWNED BY \"billing\".\"invoice\".\"legacy_number\"");
  for (auto at : {extension, domain, sequence, table, owned}) ASSERT_NE(at, std::string::npos) << s;
  EXPECT_LT(extension, domain);
  EXPECT_LT(sequence, table);
  EXPECT_LT(table, owned);
  // Nothing ran.
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'billing'"),
            (CatalogRows{{"0"}}));
  // The script runs as written.
  ProcessResult run = p.run_in_shell(s);
  EXPECT_EQ(run.exit_code, 0) << run.describe() << s;
}

TEST(ObjectsPostgresqlTest, ExcludedObjectsAreNeitherReportedNorDropped) {
  CliProject p("postgresql");
  p.execute("CREATE SEQUENCE legacy_counter; CREATE DOMAIN legacy_code AS text");
  p.write("retort.toml",
          p.read("retort.toml") + "exclude = [\"sequence:legacy_*\", \"domain:legacy_*\"]\n");
  p.write_models(R"t(
[[sequence]]
name = "ticket"
)t");
  ASSERT_FALSE(p.migrate("ticket").empty());
  const std::string text = p.read(p.revision_file("ticket"));
  EXPECT_EQ(text.find("legacy"), std::string::npos) << text;
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_class WHERE relname IN ('legacy_counter', 'ticket')"),
            (CatalogRows{{"2"}}));
  ProcessResult inspect = p.retort({"inspect"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_EQ(inspect.out.find("legacy"), std::string::npos) << inspect.out;
}

TEST(ObjectsPostgresqlTest, DroppingATableAndTheSequenceItOwnsDowngradesBack) {
  CliProject p("postgresql");
  p.write_models(kDeclared);
  ASSERT_FALSE(p.migrate("billing").empty());
  const CatalogRows before = p.query(kObjectCatalog);
  // The schema stays declared: retort reads the schemas the models name.
  p.write_models(R"t(
[[schema]]
name = "billing"
comment = "Invoices"

[[extension]]
name = "citext"
)t");
  ASSERT_FALSE(p.migrate("drop all").empty());
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_class WHERE relname IN ('invoice_number', "
                    "'legacy_counter')"),
            (CatalogRows{{"0"}}));
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(differences(before, p.query(kObjectCatalog)), "");
  // The database is the first revision's again: its models check clean.
  const std::string latest = p.revision_file("drop_all").filename().string();
  std::filesystem::remove(p.versions_dir() / latest);
  p.write_models(kDeclared);
  expect_no_differences(p);
}

TEST(ObjectsPostgresqlTest, ACommentGivenToAnImpliedSchemaIsAnAlterAndComesOffOnDowngrade) {
  CliProject p("postgresql");
  const std::string table = R"t(
[[table]]
name = "invoice"
schema = "billing"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)t";
  p.write_models(table);
  ASSERT_FALSE(p.migrate("invoice").empty());
  p.execute("INSERT INTO billing.invoice VALUES (1)");
  p.write_models(table + "\n[[schema]]\nname = \"billing\"\ncomment = \"Invoices\"\n");
  ASSERT_FALSE(p.migrate("comment").empty());
  const std::string text = p.read(p.revision_file("comment"));
  EXPECT_NE(text.find("op = \"alter_schema\""), std::string::npos) << text;
  const char* kComment = "SELECT coalesce(obj_description('billing'::regnamespace), 'none')";
  EXPECT_EQ(p.query(kComment), (CatalogRows{{"Invoices"}}));
  expect_no_differences(p);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.query(kComment), (CatalogRows{{"none"}}));
  EXPECT_EQ(p.query("SELECT id FROM billing.invoice"), (CatalogRows{{"1"}}));
}

// Bad declarations: exit 2, the file and line named, the database untouched.
struct BadObject {
  const char* name;
  const char* models;
  const char* where;
  const char* message;
};

class BadObjectTest : public ::testing::TestWithParam<BadObject> {};

TEST_P(BadObjectTest, RefusedWithFileAndLineAndNothingChanges) {
  CliProject p("postgresql");
  p.write_models(GetParam().models);
  ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "bad"});
  EXPECT_EQ(rev.exit_code, 2) << rev.describe();
  EXPECT_NE(rev.err.find(GetParam().where), std::string::npos) << rev.describe();
  EXPECT_NE(rev.err.find(GetParam().message), std::string::npos) << rev.describe();
  EXPECT_TRUE(p.revision_files().empty());
  EXPECT_EQ(p.query("SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                    "n.oid = c.relnamespace WHERE n.nspname = 'public') + (SELECT count(*) "
                    "FROM pg_proc WHERE pronamespace = 'public'::regnamespace)"),
            (CatalogRows{{"0"}}));
}

INSTANTIATE_TEST_SUITE_P(
    Models, BadObjectTest,
    ::testing::Values(
        BadObject{"sequence_type", "\n[[sequence]]\nname = \"s\"\ntype = \"text\"\n",
                  "models.toml:4", "must be smallint, integer or bigint"},
        BadObject{"owned_by_form", "\n\n[[sequence]]\nname = \"s\"\nowned_by = \"nodot\"\n",
                  "models.toml:5", "must be \"table.column\""},
        BadObject{"owned_by_undeclared", "\n[[sequence]]\nname = \"s\"\nowned_by = \"hero.id\"\n",
                  "models.toml:2", "which the models do not declare"},
        BadObject{
            "owned_by_serial",
            "\n[[table]]\nname = \"hero\"\ncolumns = [ { name = \"id\", type = \"integer\", "
            "primary_key = true, autoincrement = false, default_sql = \"nextval('s')\" } ]\n\n"
            "[[sequence]]\nname = \"s\"\nowned_by = \"hero.id\"\n",
            "models.toml:6", "a serial column"},
        BadObject{"duplicate_domain",
                  "\n[[domain]]\nname = \"d\"\ntype = \"text\"\n\n[[domain]]\nname = \"d\"\n"
                  "type = \"integer\"\n",
                  "models.toml:6", "duplicate domain d"},
        BadObject{"check_not_table",
                  "\n[[domain]]\nname = \"d\"\ntype = \"text\"\nchecks = [ \"VALUE <> ''\" ]\n",
                  "models.toml:5", "must be an inline table"},
        BadObject{"no_attributes", "\n[[composite_type]]\nname = \"t\"\n", "models.toml:2",
                  "needs `attributes`"},
        BadObject{"unknown_key", "\n[[extension]]\nname = \"citext\"\nrelease = \"1\"\n",
                  "models.toml", "release"}),
    [](const ::testing::TestParamInfo<BadObject>& info) { return std::string(info.param.name); });

// The same for functions and triggers (tests/cli/functions_test.cpp has the
// rest).
INSTANTIATE_TEST_SUITE_P(
    Functions, BadObjectTest,
    ::testing::Values(
        BadObject{"syntax",
                  "\n[[function]]\nsql = \"CREATE FUNCTION f( RETURNS int LANGUAGE sql AS "
                  "'SELECT 1'\"\n",
                  "models.toml:2", "grammar refuses the statement"},
        BadObject{"not_a_function", "\n\n[[function]]\nsql = \"CREATE VIEW v AS SELECT 1\"\n",
                  "models.toml:4", "is not CREATE FUNCTION"},
        BadObject{"both_sql_and_file",
                  "\n[[function]]\nsql = \"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS "
                  "'SELECT 1'\"\nsql_file = \"f.sql\"\n",
                  "models.toml:2", "exactly one of `sql` and `sql_file`"},
        BadObject{"missing_file", "\n[[function]]\nsql_file = \"nowhere.sql\"\n", "models.toml:3",
                  "nowhere.sql"},
        BadObject{"name_disagrees",
                  "\n[[function]]\nname = \"g\"\nsql = \"CREATE FUNCTION f() RETURNS int "
                  "LANGUAGE sql AS 'SELECT 1'\"\n",
                  "models.toml:3", "`name` says \"g\""},
        BadObject{"duplicate",
                  "\n[[function]]\nsql = \"CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS "
                  "'SELECT 1'\"\n\n[[function]]\nsql = \"CREATE FUNCTION f(integer) RETURNS int "
                  "LANGUAGE sql AS 'SELECT 2'\"\n",
                  "models.toml:5", "duplicate function f(integer)"},
        BadObject{"unknown_key",
                  "\n[[function]]\nsql = \"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS "
                  "'SELECT 1'\"\nvolatile = true\n",
                  "models.toml", "volatile"},
        BadObject{"trigger_syntax",
                  "\n[[trigger]]\nsql = \"CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW "
                  "EXECUTE\"\n",
                  "models.toml:2", "grammar refuses the statement"},
        BadObject{"not_a_trigger",
                  "\n\n[[trigger]]\nsql = \"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS "
                  "'SELECT 1'\"\n",
                  "models.toml:4", "is not CREATE TRIGGER"},
        BadObject{"trigger_state",
                  "\n[[trigger]]\nsql = \"CREATE TRIGGER t AFTER INSERT ON x EXECUTE FUNCTION "
                  "f()\"\nstate = \"off\"\n",
                  "models.toml:4", "state \"off\""},
        BadObject{"duplicate_trigger",
                  "\n[[trigger]]\nsql = \"CREATE TRIGGER t AFTER INSERT ON x EXECUTE FUNCTION "
                  "f()\"\n\n[[trigger]]\nsql = \"CREATE TRIGGER t BEFORE INSERT ON x EXECUTE "
                  "FUNCTION g()\"\n",
                  "models.toml:5", "duplicate trigger t on x"}),
    [](const ::testing::TestParamInfo<BadObject>& info) { return std::string(info.param.name); });

TEST(ObjectsSqliteTest, ObjectsAreRefusedOnSqliteWithFileAndLine) {
  for (const char* section :
       {"[[sequence]]\nname = \"n\"", "[[schema]]\nname = \"app\"",
        "[[domain]]\nname = \"d\"\ntype = \"text\"", "[[extension]]\nname = \"citext\"",
        "[[composite_type]]\nname = \"t\"\nattributes = [ { name = \"a\", "
        "type = \"text\" } ]",
        "[[function]]\nsql = \"CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'\""}) {
    CliProject p("sqlite");
    p.write_models(std::string("\n\n") + section + "\n");
    ProcessResult rev = p.retort({"revision", "--autogenerate", "-m", "objects"});
    EXPECT_EQ(rev.exit_code, 2) << section << rev.describe();
    EXPECT_NE(rev.err.find("models.toml:3"), std::string::npos) << rev.describe();
    EXPECT_NE(rev.err.find("SQLite has no"), std::string::npos) << rev.describe();
    EXPECT_TRUE(p.revision_files().empty());
    EXPECT_EQ(p.query("SELECT count(*) FROM sqlite_schema"), (CatalogRows{{"0"}}));
  }
}

}  // namespace
}  // namespace retort::testing
