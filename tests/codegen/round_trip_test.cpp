// The generated headers compile, and each `metadata` equals read_models() of
// the models.toml it was generated from.
#include <gtest/gtest.h>

#include <chrono>

#include "codegen_all_types.hpp"
#include "codegen_enums.hpp"
#include "codegen_index_properties.hpp"
#include "codegen_objects.hpp"
#include "codegen_relations.hpp"
#include "core/comparator.hpp"
#include "core/model/create_all.hpp"
#include "core/model/session.hpp"
#include "core/models_toml.hpp"
#include "dialects/registry.hpp"
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
  // Array columns are std::vector members of their items' types.
  static_assert(std::is_same_v<decltype(sample.tags), std::vector<std::string>>);
  static_assert(std::is_same_v<decltype(sample.scores), std::optional<std::vector<std::int32_t>>>);
  static_assert(
      std::is_same_v<decltype(sample.stamps), std::optional<std::vector<retort::Timestamp>>>);
  static_assert(std::is_same_v<decltype(sample.nets), std::optional<std::vector<std::string>>>);
  static_assert(
      std::is_same_v<decltype(task.history), std::optional<std::vector<gen_enums::TaskStatus>>>);
  sample.scores = std::vector<std::int32_t>{1, 2};
  EXPECT_EQ(gen_all_types::samples.column(&gen_all_types::Sample::scores).access->get(&sample),
            FieldValue(FieldArray{{std::int64_t{1}, std::int64_t{2}}}));
}

// The header declares a relationship per pair of models a foreign key
// joins (hero -> team, team -> hero, hero -> hero, the link to both), and
// the session follows them.
TEST(CodegenRoundTrip, TheForeignKeysAreRelationshipsTheSessionFollows) {
  using gen_relations::Hero;
  using gen_relations::Membership;
  using gen_relations::Team;
  Session s{connect("sqlite://")};
  create_all(s, gen_relations::metadata);
  Team team{.name = "Preventers"};
  s.add(team);
  Hero lead{.name = "Rusty-Man", .secret_name = "Tommy Sharp", .team_id = team.id};
  s.add(lead);
  Hero hero{
      .name = "Deadpond", .secret_name = "Dive Wilson", .team_id = team.id, .mentor_id = lead.id};
  s.add(hero);
  EXPECT_EQ(s.related<Hero>(team).size(), 2u);
  EXPECT_EQ(s.parent<Team>(hero)->name, "Preventers");
  EXPECT_EQ(s.parent<Hero>(hero)->name, "Rusty-Man");  // the mentor
  EXPECT_FALSE(s.parent<Hero>(team).has_value());      // no captain
  Membership joined{
      .hero_id = *hero.id, .team_id = *team.id, .since = std::chrono::year{2026} / 12 / 7};
  s.add(joined);
  const std::vector<Team> teams = s.related<Team>(hero, gen_relations::memberships);
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_EQ(teams[0].id, team.id);
  EXPECT_TRUE(s.unlink(team, hero, gen_relations::memberships));
}

TEST(CodegenRoundTrip, HeadersAreSharedAcrossTranslationUnits) {
  EXPECT_EQ(&gen_relations::metadata, relations_metadata_in_second_unit());
}

}  // namespace
}  // namespace retort::testing
