// PostgreSQL declarative partitioning, end to end. A database built by hand
// in plain SQL as an application partitions its tables (a payment table by
// month with a DEFAULT partition, a LIST-partitioned table whose partition
// is partitioned again by range, a HASH-partitioned one; a composite primary
// key with the partition column, an index and a foreign key on the
// partitioned table, an index of one partition's own) is inspected into
// models, applied to an empty database, and the two compared through the
// catalogs (pg_partitioned_table, pg_inherits, pg_get_expr(relpartbound),
// pg_get_partkeydef, every table's indexes and constraints, partitions'
// included), not through retort's inspector. Then each change kind with
// rows in the tables, and what SQLite and bad models do with partitioning.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/catalog_rows.hpp"
#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

constexpr const char* kUserTables =
    "c.relnamespace = 'public'::regnamespace AND c.relname NOT IN ('retort_version', "
    "'retort_history')";

// The partitioning and everything hanging off each table, partitions
// included, as the catalogs print it.
Rows pg_partitioning(const CliProject& p) {
  const std::string where = kUserTables;
  Rows out;
  auto add = [&](const std::string& label, const std::string& sql) {
    for (auto row : p.query(sql)) {
      row.insert(row.begin(), label);
      out.push_back(std::move(row));
    }
  };
  add("key",
      "SELECT c.relname, pg_get_partkeydef(c.oid) FROM pg_partitioned_table pt "
      "JOIN pg_class c ON c.oid = pt.partrelid WHERE " +
          where + " ORDER BY 1");
  add("partition",
      "SELECT c.relname, pc.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
      "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class pc ON pc.oid = i.inhparent "
      "WHERE c.relkind IN ('r', 'p') AND " +
          where + " ORDER BY 1");
  add("column",
      "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text, "
      "coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a "
      "JOIN pg_class c ON c.oid = a.attrelid "
      "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND " +
          where + " ORDER BY c.relname, a.attnum");
  add("index",
      "SELECT c.relname, ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
      "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid "
      "WHERE " +
          where + " ORDER BY 1, 2");
  add("constraint",
      "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid), con.conislocal::text, "
      "con.coninhcount::text FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
      "WHERE " +
          where + " ORDER BY 1, 2, 3");
  return out;
}

// The application: customers and their payments by month, sales by region
// and then by year, events spread by hash.
const std::vector<std::string> kPgApplication = {
    "CREATE TABLE customer (customer_id integer PRIMARY KEY, name text NOT NULL)",
    "CREATE TABLE payment ("
    "  payment_id integer NOT NULL,"
    "  customer_id integer NOT NULL REFERENCES customer (customer_id) ON DELETE CASCADE,"
    "  amount numeric(5,2) NOT NULL,"
    "  payment_date date NOT NULL,"
    "  PRIMARY KEY (payment_id, payment_date)) PARTITION BY RANGE (payment_date)",
    "CREATE TABLE payment_p2022_01 PARTITION OF payment"
    "  FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')",
    "CREATE TABLE payment_p2022_02 PARTITION OF payment"
    "  FOR VALUES FROM ('2022-02-01') TO ('2022-03-01')",
    "CREATE TABLE payment_default PARTITION OF payment DEFAULT",
    "CREATE INDEX payment_customer_idx ON payment (customer_id)",
    "CREATE INDEX payment_p2022_01_amount_idx ON payment_p2022_01 (amount)",
    "CREATE TABLE sale ("
    "  sale_id integer NOT NULL,"
    "  region text NOT NULL,"
    "  sold_on date NOT NULL,"
    "  total numeric(8,2),"
    "  PRIMARY KEY (sale_id, region, sold_on)) PARTITION BY LIST (region)",
    "CREATE TABLE sale_eu PARTITION OF sale FOR VALUES IN ('eu', 'uk')"
    "  PARTITION BY RANGE (sold_on)",
    "CREATE TABLE sale_eu_2022 PARTITION OF sale_eu"
    "  FOR VALUES FROM ('2022-01-01') TO ('2023-01-01')",
    "CREATE TABLE sale_us PARTITION OF sale FOR VALUES IN ('us')",
    "CREATE TABLE event (event_id bigint NOT NULL, kind text) PARTITION BY HASH (event_id)",
    "CREATE TABLE event_h0 PARTITION OF event FOR VALUES WITH (modulus 2, remainder 0)",
    "CREATE TABLE event_h1 PARTITION OF event FOR VALUES WITH (modulus 2, remainder 1)",
};

const std::vector<std::string> kPgRows = {
    "INSERT INTO customer VALUES (1, 'Mary'), (2, 'Patricia')",
    "INSERT INTO payment VALUES (1, 1, 2.99, '2022-01-15'), (2, 2, 0.99, '2022-02-03'),"
    "  (3, 1, 5.99, '2023-07-01')",
    "INSERT INTO sale VALUES (1, 'eu', '2022-05-01', 10), (2, 'us', '2021-01-01', 20)",
    "INSERT INTO event VALUES (1, 'a'), (2, 'b'), (3, 'c')",
};

// Which partition holds each row.
Rows pg_row_homes(const CliProject& p) {
  Rows out;
  for (const char* sql :
       {"SELECT tableoid::regclass::text, payment_id::text FROM payment ORDER BY 2",
        "SELECT tableoid::regclass::text, sale_id::text FROM sale ORDER BY 2",
        "SELECT tableoid::regclass::text, event_id::text FROM event ORDER BY 2"}) {
    for (auto& row : p.query(sql)) out.push_back(row);
  }
  return out;
}

TEST(PartitioningTest, PostgresqlHandBuiltDatabaseRoundTrips) {
  CliProject original("postgresql");
  ASSERT_FALSE(original.url().empty());
  for (const std::string& sql : kPgApplication) original.execute(sql);
  for (const std::string& sql : kPgRows) original.execute(sql);
  const Rows built = pg_partitioning(original);
  const Rows homes = pg_row_homes(original);
  ASSERT_EQ(homes.size(), 8u);

  ProcessResult inspect = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_EQ(inspect.err.find("partitioning"), std::string::npos) << inspect.describe();
  for (const char* expected :
       {"partition_by = \"RANGE (payment_date)\"", "partition_by = \"LIST (region)\"",
        "partition_by = \"HASH (event_id)\"", "partition_of = \"payment\"",
        "for_values = \"FROM ('2022-01-01') TO ('2022-02-01')\"", "default = true",
        "for_values = \"IN ('eu', 'uk')\"", "partition_of = \"sale_eu\"",
        "for_values = \"WITH (modulus 2, remainder 0)\"", "payment_p2022_01_amount_idx"}) {
    EXPECT_NE(inspect.out.find(expected), std::string::npos) << expected << "\n" << inspect.out;
  }
  // Inherited objects are the parent's, not the partition's own.
  EXPECT_EQ(inspect.out.find("payment_p2022_01_customer_id_idx"), std::string::npos) << inspect.out;
  EXPECT_EQ(inspect.out.find("payment_p2022_01_pkey"), std::string::npos) << inspect.out;

  CliProject copy("postgresql");
  ASSERT_FALSE(copy.url().empty());
  copy.write_models(inspect.out);
  ASSERT_FALSE(copy.migrate("from inspect").empty()) << inspect.out;
  for (const std::string& sql : kPgRows) copy.execute(sql);
  EXPECT_EQ(differences(built, pg_partitioning(copy)), "");
  EXPECT_EQ(pg_row_homes(copy), homes);
  expect_no_differences(copy);

  // The original, stamped at the copy's revision, has nothing to change.
  ASSERT_NO_FATAL_FAILURE(expect_original_adopts(original, copy, inspect.out));
  EXPECT_EQ(pg_partitioning(original), built);

  // The offline script builds the same database through psql.
  CliProject offline("postgresql");
  offline.write_models(inspect.out);
  copy_revisions(copy, offline);
  ProcessResult sql = offline.retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("PARTITION OF \"payment\" FOR VALUES FROM ('2022-01-01')"),
            std::string::npos)
      << sql.out;
  ProcessResult ran = offline.run_in_shell(sql.out);
  ASSERT_EQ(ran.exit_code, 0) << ran.describe();
  EXPECT_EQ(differences(built, pg_partitioning(offline)), "");
}

// --- change kinds -------------------------------------------------------------

constexpr const char* kCustomer =
    "[[table]]\n"
    "name = \"customer\"\n"
    "columns = [\n"
    "  { name = \"customer_id\", type = \"integer\", primary_key = true, autoincrement = false "
    "},\n"
    "  { name = \"name\", type = \"text\" },\n"
    "]\n\n";

// payment, partitioned by month; `extra` follows its declaration.
std::string payment(const std::string& extra = "") {
  return std::string(kCustomer) +
         "[[table]]\n"
         "name = \"payment\"\n"
         "partition_by = \"RANGE (payment_date)\"\n"
         "primary_key_name = \"payment_pkey\"\n"
         "columns = [\n"
         "  { name = \"payment_id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"customer_id\", type = \"integer\" },\n"
         "  { name = \"amount\", type = \"numeric(5,2)\" },\n"
         "  { name = \"payment_date\", type = \"date\", primary_key = true },\n"
         "]\n"
         "foreign_keys = [ { name = \"payment_customer_id_fkey\", columns = [\"customer_id\"], "
         "references = \"customer\", ref_columns = [\"customer_id\"] } ]\n" +
         extra + "\n";
}

std::string month(const std::string& name, const std::string& from, const std::string& to) {
  return "[[table]]\nname = \"" + name + "\"\npartition_of = \"payment\"\nfor_values = \"FROM ('" +
         from + "') TO ('" + to + "')\"\n\n";
}

const std::string kJanuary = month("payment_p2022_01", "2022-01-01", "2022-02-01");
const std::string kFebruary = month("payment_p2022_02", "2022-02-01", "2022-03-01");

// payment_p2022_02 as a table of its own, with what PostgreSQL leaves on a
// detached partition (names it gave the copies of the parent's objects).
const std::string kFebruaryTable =
    "[[table]]\n"
    "name = \"payment_p2022_02\"\n"
    "primary_key_name = \"payment_p2022_02_pkey\"\n"
    "columns = [\n"
    "  { name = \"payment_id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"customer_id\", type = \"integer\" },\n"
    "  { name = \"amount\", type = \"numeric(5,2)\" },\n"
    "  { name = \"payment_date\", type = \"date\", primary_key = true },\n"
    "]\n"
    "foreign_keys = [ { name = \"payment_customer_id_fkey\", columns = [\"customer_id\"], "
    "references = \"customer\", ref_columns = [\"customer_id\"] } ]\n\n";

struct PartitionCase {
  std::string name;
  std::string models_a;
  std::string models_b;
  std::vector<std::string> seed;
  std::string kept_query;  // reads the same in A and B
  Rows kept_rows;
};

void PrintTo(const PartitionCase& c, std::ostream* os) { *os << c.name; }

const std::vector<std::string> kCustomers = {
    "INSERT INTO customer VALUES (1, 'Mary'), (2, 'Patricia')"};

std::vector<PartitionCase> partition_cases() {
  const std::string jan_rows =
      "INSERT INTO payment VALUES (1, 1, 2.99, '2022-01-15'), (2, 2, 0.99, '2022-01-20')";
  const std::string feb_rows = "INSERT INTO payment VALUES (3, 1, 4.99, '2022-02-10')";
  const Rows jan = {{"payment_p2022_01", "1", "2.99"}, {"payment_p2022_01", "2", "0.99"}};
  const char* homes =
      "SELECT tableoid::regclass::text, payment_id::text, amount::text FROM payment ORDER BY 2";
  return {
      {"add_partition",
       payment() + kJanuary,
       payment() + kJanuary + kFebruary,
       {jan_rows},
       homes,
       jan},
      {"drop_partition",
       payment() + kJanuary + kFebruary,
       payment() + kJanuary,
       {jan_rows, feb_rows},
       "SELECT tableoid::regclass::text, payment_id::text, amount::text FROM payment "
       "WHERE payment_date < '2022-02-01' ORDER BY 2",
       jan},
      {"detach_partition",
       payment() + kJanuary + kFebruary,
       payment() + kJanuary + kFebruaryTable,
       {jan_rows, feb_rows},
       "SELECT payment_id::text, amount::text FROM payment_p2022_02 ORDER BY 1",
       {{"3", "4.99"}}},
      {"attach_partition",
       payment() + kJanuary + kFebruaryTable +
           "indexes = [ { name = \"payment_p2022_02_customer_id_idx\", columns = "
           "[\"customer_id\"] } ]\n",
       payment("indexes = [ { name = \"payment_customer_idx\", columns = [\"customer_id\"] } ]") +
           kJanuary + kFebruary,
       {jan_rows, "INSERT INTO payment_p2022_02 VALUES (3, 1, 4.99, '2022-02-10')"},
       "SELECT payment_id::text, amount::text FROM payment_p2022_02 ORDER BY 1",
       {{"3", "4.99"}}},
      {"index_on_partitioned_table",
       payment() + kJanuary + kFebruary,
       payment("indexes = [ { name = \"payment_amount_idx\", columns = [\"amount\"] } ]") +
           kJanuary + kFebruary,
       {jan_rows, feb_rows},
       homes,
       {{"payment_p2022_01", "1", "2.99"},
        {"payment_p2022_01", "2", "0.99"},
        {"payment_p2022_02", "3", "4.99"}}},
      {"partition_bound_change",
       payment() + kJanuary + kFebruary,
       payment() + kJanuary + month("payment_p2022_02", "2022-02-01", "2022-04-01"),
       {jan_rows, feb_rows},
       homes,
       {{"payment_p2022_01", "1", "2.99"},
        {"payment_p2022_01", "2", "0.99"},
        {"payment_p2022_02", "3", "4.99"}}},
  };
}

class PartitionChangeTest : public ::testing::TestWithParam<PartitionCase> {};

TEST_P(PartitionChangeTest, UpgradeKeepsRowsAndDowngradeRestoresCatalog) {
  const PartitionCase& c = GetParam();
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(c.models_a);
  const std::string rev_a = p.migrate("schema a");
  ASSERT_FALSE(rev_a.empty());
  expect_no_differences(p);
  for (const std::string& sql : kCustomers) p.execute(sql);
  for (const std::string& sql : c.seed) p.execute(sql);
  const Rows catalog_a = pg_partitioning(p);
  const Rows kept_a = p.query(c.kept_query);
  EXPECT_EQ(kept_a, c.kept_rows);

  p.write_models(c.models_b);
  ProcessResult pending = p.retort({"check"});
  EXPECT_EQ(pending.exit_code, 1) << pending.describe();
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "schema b"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe() << p.read(p.revision_file("schema_b"));
  EXPECT_EQ(p.query(c.kept_query), c.kept_rows);
  EXPECT_NE(differences(catalog_a, pg_partitioning(p)), "") << "the upgrade changed nothing";
  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.version(), rev_a);
  EXPECT_EQ(differences(catalog_a, pg_partitioning(p)), "");
  EXPECT_EQ(p.query(c.kept_query), c.kept_rows);
}

INSTANTIATE_TEST_SUITE_P(Postgresql, PartitionChangeTest, ::testing::ValuesIn(partition_cases()),
                         [](const auto& info) { return info.param.name; });

// Attach and detach come out as their own ops, a new bound as both.
TEST(PartitioningTest, RevisionsNameAttachAndDetach) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(payment() + kJanuary + kFebruary);
  ASSERT_FALSE(p.migrate("schema a").empty());
  p.write_models(payment() + kJanuary + month("payment_p2022_02", "2022-02-01", "2022-04-01"));
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "wider"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::string revision = p.read(p.revision_file("wider"));
  EXPECT_NE(revision.find("op = \"detach_partition\""), std::string::npos) << revision;
  EXPECT_NE(revision.find("op = \"attach_partition\""), std::string::npos) << revision;
  EXPECT_NE(revision.find("FOR VALUES FROM ('2022-02-01') TO ('2022-04-01')"), std::string::npos)
      << revision;
  EXPECT_EQ(revision.find("drop_table"), std::string::npos) << revision;
}

// Dropping a partitioned table with its partitions, and back.
TEST(PartitioningTest, DropPartitionedTableWithItsPartitions) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(payment() + kJanuary + kFebruary);
  const std::string rev_a = p.migrate("schema a");
  ASSERT_FALSE(rev_a.empty());
  const Rows catalog_a = pg_partitioning(p);
  p.write_models(kCustomer);
  ASSERT_FALSE(p.migrate("drop payment").empty());
  EXPECT_FALSE(p.has_table("payment"));
  EXPECT_FALSE(p.has_table("payment_p2022_01"));
  expect_no_differences(p);
  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(differences(catalog_a, pg_partitioning(p)), "");
}

// --- what cannot be done ------------------------------------------------------

// Bad partitioning in models.toml: exit 2 naming the file and line, the
// database untouched.
TEST(PartitioningTest, BadModelsAreRefusedWithFileAndLine) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(payment() + kJanuary);
  ASSERT_FALSE(p.migrate("schema a").empty());
  const Rows catalog = pg_partitioning(p);
  struct Bad {
    std::string models;
    std::string message;
    int line;
  };
  const std::string base = payment();  // 19 lines
  const std::vector<Bad> cases = {
      {base + "[[table]]\nname = \"p1\"\npartition_of = \"payment\"\n",
       "needs exactly one of `for_values` and `default = true`", 22},
      {base + "[[table]]\nname = \"p1\"\nfor_values = \"IN (1)\"\ncolumns = [ { name = \"id\", "
              "type = \"integer\" } ]\n",
       "`for_values` needs a non-empty `partition_of`", 22},
      {base + "[[table]]\nname = \"p1\"\npartition_of = \"payment\"\ndefault = true\n"
              "columns = [ { name = \"id\", type = \"integer\" } ]\n",
       "partition p1 may not declare `columns`", 24},
      {base + "[[table]]\nname = \"p1\"\npartition_of = \"nowhere\"\ndefault = true\n",
       "partition p1 is partition_of missing table nowhere", 20},
      {base + "[[table]]\nname = \"p1\"\npartition_of = \"customer\"\ndefault = true\n",
       "which has no partition_by", 20},
      {base + "[[table]]\nname = \"p1\"\npartition_by = \"\"\ncolumns = [ { name = \"id\", "
              "type = \"integer\" } ]\n",
       "`partition_by` may not be empty", 22},
  };
  for (const Bad& bad : cases) {
    SCOPED_TRACE(bad.message);
    p.write_models(bad.models);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"check"}, {"revision", "--autogenerate", "-m", "bad"}}) {
      ProcessResult r = p.retort(args);
      EXPECT_EQ(r.exit_code, 2) << r.describe();
      EXPECT_NE(r.err.find(bad.message), std::string::npos) << r.describe();
      EXPECT_NE(r.err.find("models.toml:" + std::to_string(bad.line)), std::string::npos)
          << r.describe();
    }
  }
  EXPECT_EQ(p.revision_files().size(), 1u);
  EXPECT_EQ(pg_partitioning(p), catalog);
}

// SQLite has no partitioning: a model that declares it is refused (exit 2,
// file and line), before anything is written or run.
TEST(PartitioningTest, SqliteRefusesPartitionedModels) {
  CliProject p("sqlite");
  p.write_models(kCustomer);
  ASSERT_FALSE(p.migrate("customer").empty());
  p.execute("INSERT INTO customer VALUES (1, 'Mary')");
  for (const std::string& models :
       {payment(), std::string(kCustomer) +
                       "[[table]]\nname = \"p\"\npartition_of = \"customer\"\ndefault = true\n"}) {
    p.write_models(models);
    for (const std::vector<std::string>& args : {std::vector<std::string>{"check"},
                                                 {"revision", "--autogenerate", "-m", "part"},
                                                 {"diff"}}) {
      ProcessResult r = p.retort(args);
      EXPECT_EQ(r.exit_code, 2) << r.describe();
      EXPECT_NE(r.err.find("SQLite has no table partitioning"), std::string::npos) << r.describe();
      EXPECT_NE(r.err.find("models.toml:"), std::string::npos) << r.describe();
    }
  }
  EXPECT_EQ(p.revision_files().size(), 1u);
  EXPECT_FALSE(p.has_table("payment"));
  EXPECT_EQ(p.query("SELECT customer_id, name FROM customer"), (Rows{{"1", "Mary"}}));
}

}  // namespace
}  // namespace retort::testing
