// The compiled models drive migrations: a model with every supported member
// type autogenerates, upgrades and then checks clean (no false diff) on both
// dialects, and its rows round-trip through the migrated tables.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/model/runtime.hpp"
#include "dialects/registry.hpp"
#include "migrations/config.hpp"
#include "migrations/project.hpp"
#include "tests/core/model/session_models.hpp"
#include "tests/support/test_database.hpp"

namespace retort::session_test {
namespace {

namespace fs = std::filesystem;

class ModelMigrationTest : public ::testing::TestWithParam<const char*> {
 protected:
  retort::testing::TestDatabase db_{GetParam()};
};

TEST_P(ModelMigrationTest, EveryMemberTypeAutogeneratesUpgradesAndChecksClean) {
  ASSERT_FALSE(db_.url().empty());
  const fs::path dir = db_.dir() / "project";
  fs::create_directories(dir / "migrations" / "versions");
  std::ofstream(dir / "retort.toml") << "[retort]\nurl = \"" << db_.url() << "\"\n";

  Result<migrations::Config> config = migrations::load_config(dir / "retort.toml", std::nullopt);
  ASSERT_TRUE(config.ok()) << config.error().describe();
  Result<migrations::Project> project = migrations::Project::open(*config);
  ASSERT_TRUE(project.ok()) << project.error().describe();
  project->set_models(schema());

  migrations::RevisionOptions options;
  options.message = "every type";
  options.autogenerate = true;
  Result<migrations::Revision> rev = project->make_revision(options);
  ASSERT_TRUE(rev.ok()) << rev.error().describe();
  EXPECT_FALSE(rev->upgrade.empty());

  std::ostringstream out;
  Status up = project->upgrade("head", false, out);
  ASSERT_TRUE(up.ok()) << up.error().describe();
  Result<std::vector<Op>> diff = project->check();
  ASSERT_TRUE(diff.ok()) << diff.error().describe();
  EXPECT_TRUE(diff->empty()) << "models and the upgraded database differ: " << diff->size()
                             << " ops";

  // The migrated table takes and gives back every kind of value.
  Session session{retort::connect(db_.url())};
  Sample sample;
  sample.i16 = -32768;
  sample.i64 = 9'223'372'036'854'775'807;
  sample.s = "naïve 'quoted' \\ text";
  sample.blob = Blob{std::byte{0}, std::byte{255}, std::byte{0}};
  sample.uuid = Uuid::v4();
  sample.date = Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{23}};
  sample.o_s = "present";
  session.add(sample);
  ASSERT_TRUE(sample.id.has_value());
  std::optional<Sample> back = session.get<Sample>(*sample.id);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, sample);
}

INSTANTIATE_TEST_SUITE_P(Dialects, ModelMigrationTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace retort::session_test
