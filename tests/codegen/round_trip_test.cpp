// The generated headers compile, and each `metadata` equals read_models() of
// the models.toml it was generated from.
#include <gtest/gtest.h>

#include "codegen_all_types.hpp"
#include "codegen_enums.hpp"
#include "codegen_index_properties.hpp"
#include "codegen_objects.hpp"
#include "codegen_relations.hpp"
#include "core/comparator.hpp"
#include "core/models_toml.hpp"
#include "tests/codegen/second_unit.hpp"

namespace retort::testing {
namespace {

void expect_same_as_file(const MetaData& compiled, const std::string& file) {
  Result<MetaData> read = read_models_file(std::string(RETORT_CODEGEN_MODELS_DIR) + "/" + file);
  ASSERT_TRUE(read) << read.error().describe();
  std::string ops;
  for (const Op& op : compare(*read, compiled)) ops += "  " + describe(op) + "\n";
  EXPECT_TRUE(compiled == *read) << file << "\nops from the file to the compiled models:\n"
                                 << ops << "--- compiled ---\n"
                                 << write_models(compiled) << "--- file ---\n"
                                 << write_models(*read);
}

TEST(CodegenRoundTrip, EveryPortableType) {
  expect_same_as_file(gen_all_types::metadata, "all_types.toml");
}

TEST(CodegenRoundTrip, ForeignKeysIndexesUniquesAndChecks) {
  expect_same_as_file(gen_relations::metadata, "relations.toml");
}

TEST(CodegenRoundTrip, EnumsAndSchemas) { expect_same_as_file(gen_enums::metadata, "enums.toml"); }

TEST(CodegenRoundTrip, IndexPropertiesAsWholeIndexValues) {
  expect_same_as_file(gen_index_properties::metadata, "index_properties.toml");
}

TEST(CodegenRoundTrip, SchemasExtensionsSequencesDomainsAndCompositeTypes) {
  expect_same_as_file(gen_objects::metadata, "objects.toml");
  EXPECT_EQ(gen_objects::metadata.sequences.size(), 2u);
  EXPECT_EQ(gen_objects::metadata.domains.size(), 2u);
  EXPECT_EQ(gen_objects::metadata.views.size(), 1u);
}

TEST(CodegenRoundTrip, TheStructsAreTheModelsTypes) {
  gen_relations::Hero hero;
  hero.name = "Deadpond";
  EXPECT_FALSE(hero.id.has_value());  // autoincrement primary key
  EXPECT_EQ(gen_relations::heroes.column(&gen_relations::Hero::team_id).fk_table, "team");
  EXPECT_EQ(gen_relations::heroes.column(&gen_relations::Hero::name).max_length, 100u);
  gen_enums::Task task;
  task.status = gen_enums::TaskStatus::kInProgress;
  EXPECT_EQ(gen_enums::tasks.data().columns[1].access->get(&task),
            FieldValue(std::string("in progress")));
  gen_all_types::Sample sample;
  sample.class_ = "x";
  EXPECT_EQ(gen_all_types::samples.column(&gen_all_types::Sample::class_).name, "class");
  EXPECT_EQ(gen_all_types::samples.column(&gen_all_types::Sample::class_).access->get(&sample),
            FieldValue(std::string("x")));
}

TEST(CodegenRoundTrip, HeadersAreSharedAcrossTranslationUnits) {
  EXPECT_EQ(&gen_relations::metadata, relations_metadata_in_second_unit());
}

}  // namespace
}  // namespace retort::testing
