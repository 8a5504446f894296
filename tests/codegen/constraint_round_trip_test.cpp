// Constraint properties through `codegen cpp`: the generated header, with
// its whole retort::ForeignKey/UniqueConstraint/CheckConstraint/
// ExclusionConstraint/TablePrimaryKey values, compiles (with -Wextra) and
// declares what models/constraints.toml does.
#include <gtest/gtest.h>

#include "codegen_constraints.hpp"
#include "core/comparator.hpp"
#include "core/models_toml.hpp"

namespace retort::testing {
namespace {

TEST(CodegenRoundTrip, ConstraintProperties) {
  Result<MetaData> read =
      read_models_file(std::string(RETORT_CODEGEN_MODELS_DIR) + "/constraints.toml");
  ASSERT_TRUE(read) << read.error().describe();
  const MetaData& compiled = gen_constraints::metadata;
  std::string ops;
  for (const Op& op : compare(*read, compiled)) ops += "  " + describe(op) + "\n";
  EXPECT_TRUE(compiled == *read) << "ops from the file to the compiled models:\n"
                                 << ops << "--- compiled ---\n"
                                 << write_models(compiled) << "--- file ---\n"
                                 << write_models(*read);
  const Table* booking = compiled.find_table("", "booking");
  ASSERT_NE(booking, nullptr);
  EXPECT_TRUE(booking->primary_key_deferrable);
  ASSERT_EQ(booking->exclusions.size(), 1u);
  EXPECT_EQ(booking->exclusions[0].include, (std::vector<std::string>{"note"}));
}

}  // namespace
}  // namespace retort::testing
