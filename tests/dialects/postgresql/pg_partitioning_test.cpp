// PostgreSQL declarative partitioning in the dialect: CREATE TABLE ...
// PARTITION BY / PARTITION OF, ATTACH and DETACH PARTITION and DROP TABLE
// compiled and run on a real server leave the database reflecting exactly
// what apply(op) predicts; normalize() gives declared partitioning
// PostgreSQL's spelling; refuse_in_place() names the changes the server
// cannot make.
#include <gtest/gtest.h>

#include "tests/dialects/postgresql/pg_test_util.hpp"

namespace retort::testing {
namespace {

Table customer() { return table("customer", {pk("customer_id"), col("name", "text")}); }

// payment, partitioned by month, with a composite key, an index and a
// foreign key the partitions get from it.
Table payment() {
  Table t = table("payment", {pk("payment_id"), col("customer_id", "integer"),
                              col("amount", "numeric(5,2)"), pk("payment_date", "date")});
  t.partition_by = "RANGE (payment_date)";
  t.indexes = {index("payment_customer_idx", {key("customer_id")})};
  ForeignKey fk;
  fk.name = "payment_customer_id_fkey";
  fk.columns = {"customer_id"};
  fk.ref_table = "customer";
  fk.ref_columns = {"customer_id"};
  t.foreign_keys = {fk};
  t.finish();
  return t;
}

Table partition(std::string name, std::string parent, std::string bound) {
  Table t;
  t.name = std::move(name);
  t.partition_of = std::move(parent);
  t.partition_bound = std::move(bound);
  t.finish();
  return t;
}

class PgPartitioningTest : public PgTest {
 protected:
  void step(const Op& op) {
    SCOPED_TRACE(describe(op));
    MetaData before = inspect();
    MetaData expected = before;
    ASSERT_TRUE(apply(expected, op).ok());
    expected = dialect().normalize(expected);
    ASSERT_NO_FATAL_FAILURE(run_op(op, before));
    MetaData after = inspect();
    EXPECT_EQ(describe_all(compare(after, expected)), "no ops");
    EXPECT_TRUE(after == expected) << "reflected schema differs from apply(op)";
  }
};

TEST_F(PgPartitioningTest, CreateDetachAttachDrop) {
  step(CreateTable{customer()});
  step(CreateTable{payment()});
  step(CreateTable{partition("payment_p2022_01", "payment",
                             "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')")});
  step(CreateTable{partition("payment_default", "payment", "DEFAULT")});
  Table own =
      partition("payment_p2022_02", "payment", "FOR VALUES FROM ('2022-02-01') TO ('2022-03-01')");
  own.indexes = {index("payment_p2022_02_amount_idx", {key("amount")})};
  step(CreateTable{own});
  sql("INSERT INTO customer VALUES (1, 'Mary')");
  sql("INSERT INTO payment VALUES (1, 1, 2.99, '2022-02-15')");

  // The detached partition is predicted with the names PostgreSQL gives the
  // copies it made of the parent's objects.
  step(DetachPartition{"", "payment_p2022_02", "", "payment",
                       "FOR VALUES FROM ('2022-02-01') TO ('2022-03-01')"});
  const MetaData detached = inspect();
  const Table* t = detached.find_table("", "payment_p2022_02");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->primary_key_name, "payment_p2022_02_pkey");
  EXPECT_EQ(t->columns.size(), 4u);
  step(AttachPartition{"", "payment_p2022_02", "", "payment",
                       "FOR VALUES FROM ('2022-02-01') TO ('2023-01-01')"});
  EXPECT_EQ(conn().query("SELECT count(*) FROM payment")->rows.at(0).at(0), Cell{"1"});

  // Sub-partitions: a partition partitioned again.
  Table sub =
      partition("payment_2023", "payment", "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')");
  sub.partition_by = "RANGE (payment_date)";
  step(CreateTable{sub});
  step(CreateTable{partition("payment_2023_h1", "payment_2023",
                             "FOR VALUES FROM ('2023-01-01') TO ('2023-07-01')")});

  // Dropping the parent first drops its partitions; their own drops after
  // it run nothing.
  const MetaData before = inspect();
  MetaData now = before;
  for (const char* name : {"payment", "payment_2023", "payment_2023_h1", "payment_default"}) {
    const Op op = DropTable{*before.find_table("", name)};
    ASSERT_NO_FATAL_FAILURE(run_op(op, now));
    ASSERT_TRUE(apply(now, op).ok()) << name;
  }
  EXPECT_EQ(inspect().tables.size(), 1u);
  EXPECT_EQ(now.tables.size(), 1u);
}

TEST(PgPartitioningNormalizeTest, GivesPostgresqlsSpelling) {
  const Dialect& pg = postgresql_dialect();
  MetaData md;
  Table parent = payment();
  parent.partition_by = "  range (payment_date) ";
  Table p = table("payment_p1", {pk("payment_id"), col("customer_id", "integer")});
  p.partition_of = "payment";
  p.partition_of_schema = "public";
  p.partition_bound = "from ('2022-01-01') to ('2022-02-01')";
  Table d = partition("payment_d", "payment", "default");
  md.tables = {parent, p, d};
  const MetaData out = pg.normalize(md);
  EXPECT_EQ(out.find_table("", "payment")->partition_by, "RANGE (payment_date)");
  const Table* p1 = out.find_table("", "payment_p1");
  EXPECT_TRUE(p1->columns.empty());
  EXPECT_EQ(p1->primary_key_name, "");
  EXPECT_EQ(p1->partition_of_schema, "");
  EXPECT_EQ(p1->partition_bound, "FOR VALUES from ('2022-01-01') to ('2022-02-01')");
  EXPECT_EQ(out.find_table("", "payment_d")->partition_bound, "DEFAULT");
}

TEST(PgPartitioningRefuseTest, PartitioningCannotChangeInPlace) {
  const Dialect& pg = postgresql_dialect();
  MetaData before;
  before.tables = {payment(), table("ledger", {pk("id")})};
  struct Case {
    Table now;
    std::string says;
  };
  Table rekeyed = payment();
  rekeyed.partition_by = "LIST (customer_id)";
  Table plain = payment();
  plain.partition_by.clear();
  Table ledger = table("ledger", {pk("id")});
  ledger.partition_by = "HASH (id)";
  for (const Case& c :
       {Case{rekeyed,
             "the partition key of table payment would change from RANGE "
             "(payment_date) to LIST (customer_id)"},
        Case{plain,
             "partitioned table payment (PARTITION BY RANGE (payment_date)) would "
             "become a plain table"},
        Case{ledger, "table ledger would become partitioned (PARTITION BY HASH (id))"}}) {
    Status s = pg.refuse_in_place(CreateTable{c.now}, before);
    ASSERT_FALSE(s.ok()) << c.says;
    EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
    EXPECT_NE(s.error().message.find(c.says), std::string::npos) << s.error().describe();
    EXPECT_NE(s.error().message.find("PostgreSQL cannot change a table's partitioning in place"),
              std::string::npos);
    EXPECT_NE(s.error().hint.find("execute op"), std::string::npos) << s.error().hint;
    EXPECT_NE(s.error().hint.find("rename_table"), std::string::npos) << s.error().hint;
  }
  // What can run in place is not refused: a new table, a new partition, a
  // bound (detach + attach), any other op.
  EXPECT_TRUE(pg.refuse_in_place(CreateTable{table("other", {pk("id")})}, before).ok());
  EXPECT_TRUE(pg.refuse_in_place(CreateTable{partition("p", "payment", "DEFAULT")}, before).ok());
  EXPECT_TRUE(pg.refuse_in_place(DetachPartition{"", "p", "", "payment", "DEFAULT"}, before).ok());
  EXPECT_TRUE(pg.refuse_in_place(DropTable{payment()}, before).ok());

  // The comparator gives such a change as create_table ahead of drop_table.
  MetaData after = before;
  after.tables[0] = rekeyed;
  const std::vector<Op> ops = compare(before, after);
  ASSERT_FALSE(ops.empty());
  EXPECT_FALSE(pg.refuse_in_place(ops.front(), before).ok()) << describe_all(ops);
}

}  // namespace
}  // namespace retort::testing
