// What PostgreSQL 15 cannot change in place (Dialect::refuse_in_place):
// autogenerate stops with exit 2 naming the change, why, and the way by
// hand, writes no revision and leaves the database as it was; `diff` lists
// the change as such.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Refusal {
  std::string name;
  std::string models_a;
  std::string models_b;
  std::string probe;    // a catalog query that reads the same before and after
  std::string message;  // in the error
  std::string hint;     // in the hint
};

void PrintTo(const Refusal& r, std::ostream* os) { *os << r.name; }

class InPlaceRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(InPlaceRefusalTest, AutogenerateRefusesAndDiffNamesIt) {
  const Refusal& c = GetParam();
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(c.models_a);
  ASSERT_FALSE(p.migrate("a").empty());
  const Rows before = p.query(c.probe);
  ASSERT_FALSE(before.empty());
  const std::size_t files = p.revision_files().size();

  p.write_models(c.models_b);
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "b"});
  EXPECT_EQ(made.exit_code, 2) << made.describe();
  EXPECT_NE(made.err.find(c.message), std::string::npos) << made.err;
  EXPECT_NE(made.err.find("hint:"), std::string::npos) << made.err;
  EXPECT_NE(made.err.find(c.hint), std::string::npos) << made.err;
  EXPECT_EQ(p.revision_files().size(), files) << "a revision was written";
  EXPECT_EQ(p.query(c.probe), before);

  ProcessResult diff = p.retort({"diff"});
  EXPECT_EQ(diff.exit_code, 1) << diff.describe();
  EXPECT_NE(diff.out.find("Cannot change in place: "), std::string::npos) << diff.out;
  EXPECT_NE(diff.out.find(c.message), std::string::npos) << diff.out;
}

const char* kItem =
    "[[table]]\nname = \"item\"\ncolumns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"price\", type = \"integer\" },\n"
    "  { name = \"qty\", type = \"integer\" },\n";

const char* kPayment =
    "[[table]]\nname = \"payment\"\nprimary_key = [\"id\", \"region\"]\ncolumns = [\n"
    "  { name = \"id\", type = \"integer\" },\n"
    "  { name = \"region\", type = \"text\" },\n"
    "]\n";

INSTANTIATE_TEST_SUITE_P(
    Postgresql, InPlaceRefusalTest,
    ::testing::Values(
        Refusal{"GeneratedExpressionChanged",
                std::string(kItem) +
                    "  { name = \"total\", type = \"integer\", generated = \"price * qty\" },\n]\n",
                std::string(kItem) +
                    "  { name = \"total\", type = \"integer\", generated = \"price * qty * 2\" "
                    "},\n]\n",
                "SELECT attgenerated::text, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
                "JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                "WHERE a.attrelid = 'item'::regclass AND a.attname = 'total'",
                "cannot be done in place", "generated"},
        Refusal{"ColumnMadeGenerated",
                std::string(kItem) + "  { name = \"total\", type = \"integer\" },\n]\n",
                std::string(kItem) +
                    "  { name = \"total\", type = \"integer\", generated = \"price * qty\" },\n]\n",
                "SELECT attgenerated::text FROM pg_attribute "
                "WHERE attrelid = 'item'::regclass AND attname = 'total'",
                "cannot be done in place", "generated"},
        Refusal{"PartitionKeyChanged", std::string(kPayment) + "partition_by = \"LIST (region)\"\n",
                std::string(kPayment) + "partition_by = \"HASH (id)\"\n",
                "SELECT pg_get_partkeydef('payment'::regclass)",
                "cannot change a table's partitioning in place", "copy the rows"},
        Refusal{"PlainTableMadePartitioned", kPayment,
                std::string(kPayment) + "partition_by = \"LIST (region)\"\n",
                "SELECT relkind::text FROM pg_class WHERE relname = 'payment'",
                "would become partitioned", "rename_table"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace retort::testing
