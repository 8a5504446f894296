// PostgreSQL declarative partitioning in core: the models.toml keys
// (partition_by, partition_of, for_values, default) read and written back,
// the attach_partition/detach_partition ops (TOML, inverse, apply), DropTable
// of a partitioned table and its partitions in either order, and the order
// compare() gives partitions in.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/comparator.hpp"
#include "core/internal/ops_toml.hpp"
#include "core/model/codegen_cpp.hpp"
#include "core/models_toml.hpp"
#include "core/ops.hpp"

namespace retort {
namespace {

constexpr const char* kModels = R"toml(
[[table]]
name = "customer"
columns = [ { name = "customer_id", type = "integer", primary_key = true } ]

[[table]]
name = "payment"
partition_by = "RANGE (payment_date)"
columns = [
  { name = "payment_id", type = "integer", primary_key = true },
  { name = "customer_id", type = "integer", foreign_key = "customer.customer_id" },
  { name = "payment_date", type = "date", primary_key = true },
]
indexes = [ { name = "payment_date_idx", columns = ["payment_date"] } ]

[[table]]
name = "payment_p2022_01"
partition_of = "payment"
for_values = "FROM ('2022-01-01') TO ('2022-02-01')"
indexes = [ { name = "p2022_01_customer_idx", columns = ["customer_id"] } ]

[[table]]
name = "payment_default"
partition_of = "payment"
default = true
comment = "everything else"

[[table]]
name = "sale"
schema = "shop"
partition_by = "LIST (region)"
columns = [ { name = "region", type = "text" } ]

[[table]]
name = "sale_eu"
schema = "shop"
partition_of = "sale"
for_values = "IN ('eu')"
partition_by = "RANGE (region)"
)toml";

MetaData models() {
  Result<MetaData> md = read_models(kModels, "models.toml");
  EXPECT_TRUE(md.ok()) << md.error().describe();
  return md.ok() ? *md : MetaData{};
}

TEST(PartitionModelsTest, KeysReadAndWriteBack) {
  const MetaData md = models();
  const Table* parent = md.find_table("", "payment");
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->partition_by, "RANGE (payment_date)");
  const Table* jan = md.find_table("", "payment_p2022_01");
  ASSERT_NE(jan, nullptr);
  EXPECT_TRUE(jan->columns.empty());
  EXPECT_EQ(jan->partition_of, "payment");
  EXPECT_EQ(jan->partition_of_schema, "");
  EXPECT_EQ(jan->partition_bound, "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')");
  EXPECT_EQ(jan->indexes.size(), 1u);
  EXPECT_EQ(md.find_table("", "payment_default")->partition_bound, "DEFAULT");
  const Table* eu = md.find_table("shop", "sale_eu");
  ASSERT_NE(eu, nullptr);
  EXPECT_EQ(eu->partition_of_schema, "shop");  // the partition's own schema
  EXPECT_EQ(eu->partition_by, "RANGE (region)");

  const std::string written = write_models(md);
  EXPECT_NE(written.find("for_values = \"FROM ('2022-01-01') TO ('2022-02-01')\""),
            std::string::npos)
      << written;
  EXPECT_NE(written.find("default = true"), std::string::npos) << written;
  Result<MetaData> back = read_models(written, "models.toml");
  ASSERT_TRUE(back.ok()) << back.error().describe() << "\n" << written;
  EXPECT_TRUE(*back == md) << written;
}

TEST(PartitionModelsTest, TablesWithoutPartitioningWriteNoNewKeys) {
  Result<MetaData> md = read_models(
      "[[table]]\nname = \"t\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key = "
      "true } ]\n",
      "models.toml");
  ASSERT_TRUE(md.ok());
  const std::string written = write_models(*md);
  for (const char* key : {"partition", "for_values", "default"}) {
    EXPECT_EQ(written.find(key), std::string::npos) << written;
  }
}

TEST(PartitionOpsTest, TomlInverseAndApply) {
  MetaData md = models();
  const AttachPartition attach{"", "payment_p2022_01", "", "payment",
                               "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')"};
  const DetachPartition detach{"", "payment_p2022_01", "", "payment", attach.bound};
  for (const Op& op : {Op{attach}, Op{detach}}) {
    Result<Op> back = op_from_toml(op_to_toml(op), "rev.toml");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_EQ(*back, op);
  }
  EXPECT_EQ(op_name(Op{attach}), "attach_partition");
  EXPECT_EQ(op_name(Op{detach}), "detach_partition");
  EXPECT_EQ(inverse(Op{detach}), std::optional<Op>(Op{attach}));
  EXPECT_EQ(inverse(Op{attach}), std::optional<Op>(Op{detach}));

  const Table before = *md.find_table("", "payment_p2022_01");
  ASSERT_TRUE(apply(md, Op{detach}).ok());
  const Table* plain = md.find_table("", "payment_p2022_01");
  EXPECT_TRUE(plain->partition_of.empty());
  EXPECT_EQ(plain->columns.size(), 3u);
  EXPECT_EQ(plain->primary_key_name, "payment_p2022_01_pkey");
  std::vector<std::string> index_names;
  for (const Index& i : plain->indexes) index_names.push_back(i.name);
  EXPECT_EQ(index_names, (std::vector<std::string>{"p2022_01_customer_idx",
                                                   "payment_p2022_01_payment_date_idx"}));
  EXPECT_EQ(plain->foreign_keys.size(), 1u);
  // Detaching again is an error naming the op; attaching gives it back.
  EXPECT_FALSE(apply(md, Op{detach}).ok());
  ASSERT_TRUE(apply(md, Op{attach}).ok());
  EXPECT_TRUE(*md.find_table("", "payment_p2022_01") == before);
  // Attaching to a table that is not partitioned is an error.
  Status bad = apply(md, Op{AttachPartition{"", "payment_default", "", "customer", "DEFAULT"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("not partitioned"), std::string::npos);
}

TEST(PartitionOpsTest, DropTableOfParentAndPartitionsInEitherOrder) {
  const MetaData md = models();
  const Table parent = *md.find_table("", "payment");
  const Table jan = *md.find_table("", "payment_p2022_01");
  const Table other = *md.find_table("", "payment_default");
  // Parent first: its partitions go with it.
  MetaData a = md;
  for (const Table& t : {parent, jan, other}) ASSERT_TRUE(apply(a, Op{DropTable{t}}).ok());
  // Partitions first.
  MetaData b = md;
  for (const Table& t : {jan, other, parent}) ASSERT_TRUE(apply(b, Op{DropTable{t}}).ok());
  EXPECT_TRUE(a == b);
  EXPECT_EQ(a.find_table("", "payment_p2022_01"), nullptr);
  // The inverses, in reverse order of partitions-first, recreate them all.
  for (const Table& t : {parent, other, jan}) ASSERT_TRUE(apply(b, Op{CreateTable{t}}).ok());
  EXPECT_TRUE(b == md);
}

TEST(PartitionCompareTest, ParentsBeforePartitionsAndBack) {
  const MetaData md = models();
  MetaData customer_only;
  customer_only.tables = {*md.find_table("", "customer")};
  auto names = [](const std::vector<Op>& ops) {
    std::vector<std::string> out;
    for (const Op& op : ops) out.push_back(std::string(op_name(op)) + " " + op_target(op));
    return out;
  };
  const std::vector<Op> create = compare(customer_only, md);
  EXPECT_EQ(names(create),
            (std::vector<std::string>{"create_table payment", "create_table payment_default",
                                      "create_table payment_p2022_01", "create_table shop.sale",
                                      "create_table shop.sale_eu"}));
  const std::vector<Op> drop = compare(md, customer_only);
  EXPECT_EQ(names(drop),
            (std::vector<std::string>{"drop_table payment_default", "drop_table payment_p2022_01",
                                      "drop_table payment", "drop_table shop.sale_eu",
                                      "drop_table shop.sale"}));
  MetaData state = customer_only;
  for (const Op& op : create) ASSERT_TRUE(apply(state, op).ok()) << describe(op);
  EXPECT_TRUE(state == md);
  for (const Op& op : drop) ASSERT_TRUE(apply(state, op).ok()) << describe(op);
  EXPECT_TRUE(state == customer_only);
}

TEST(PartitionCompareTest, MovesAreDetachAndAttach) {
  const MetaData md = models();
  MetaData wider = md;
  wider.find_table("", "payment_p2022_01")->partition_bound =
      "FOR VALUES FROM ('2022-01-01') TO ('2022-03-01')";
  const std::vector<Op> ops = compare(md, wider);
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<DetachPartition>(ops[0]));
  EXPECT_TRUE(std::holds_alternative<AttachPartition>(ops[1]));
  MetaData state = md;
  for (const Op& op : ops) ASSERT_TRUE(apply(state, op).ok()) << describe(op);
  EXPECT_TRUE(state == wider);

  // A plain table with the parent's columns that becomes a partition.
  MetaData plain = md;
  Table* def = plain.find_table("", "payment_default");
  const Table* parent = md.find_table("", "payment");
  *def = *parent;
  def->name = "payment_default";
  def->partition_by.clear();
  def->indexes.clear();
  def->foreign_keys.clear();
  def->comment = "everything else";
  def->primary_key_name = "payment_default_pkey";
  const std::vector<Op> attach = compare(plain, md);
  ASSERT_EQ(attach.size(), 1u) << (attach.empty() ? "" : describe(attach.front()));
  EXPECT_TRUE(std::holds_alternative<AttachPartition>(attach[0]));
}

// codegen cpp: the partitioning options, and a partition's struct with its
// parent's columns.
TEST(PartitionCodegenTest, CppDeclaresPartitioning) {
  const std::string header = models_to_cpp(models(), {});
  for (const char* expected :
       {"retort::table_partition_by(\"RANGE (payment_date)\")",
        "retort::table_partition_of(\"payment\", \"FOR VALUES FROM ('2022-01-01') TO "
        "('2022-02-01')\")",
        "retort::table_partition_of(\"payment\", \"DEFAULT\")",
        "retort::table_partition_of(\"sale\", \"FOR VALUES IN ('eu')\", \"shop\")",
        "struct PaymentP202201 {", "retort::column(\"payment_date\", &PaymentP202201::"}) {
    EXPECT_NE(header.find(expected), std::string::npos) << expected << "\n" << header;
  }
  EXPECT_TRUE(cpp_limitations(models()).empty());
}

}  // namespace
}  // namespace retort
