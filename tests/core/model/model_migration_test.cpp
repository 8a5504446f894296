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
  // A project in db_.dir()/folder whose compiled models are `models`:
  // autogenerate (some ops), upgrade, then check finds nothing.
  void migrate_clean(const std::string& folder, MetaData models, const std::string& message) {
    const fs::path dir = db_.dir() / folder;
    fs::create_directories(dir / "migrations" / "versions");
    std::ofstream(dir / "retort.toml") << "[retort]\nurl = \"" << db_.url() << "\"\n";
    Result<migrations::Config> config = migrations::load_config(dir / "retort.toml", std::nullopt);
    ASSERT_TRUE(config.ok()) << config.error().describe();
    Result<migrations::Project> project = migrations::Project::open(*config);
    ASSERT_TRUE(project.ok()) << project.error().describe();
    project->set_models(std::move(models));

    migrations::RevisionOptions options;
    options.message = message;
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
  }

  retort::testing::TestDatabase db_{GetParam()};
};

TEST_P(ModelMigrationTest, EveryMemberTypeAutogeneratesUpgradesAndChecksClean) {
  ASSERT_FALSE(db_.url().empty());
  ASSERT_NO_FATAL_FAILURE(migrate_clean("project", schema(), "every type"));

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

// A program that declares native types (std::string members in their text
// form) migrates, checks clean and stores values through them. A model is
// declared once per type in a process: each dialect's declaration gets a
// type of its own, so that the test binary can run both in one process.
template <bool kPg>
struct HostOf {
  std::optional<std::int64_t> id;
  std::string addr;
  std::string seen;
  friend bool operator==(const HostOf&, const HostOf&) = default;
};

template <class Host>
MetaData host_models(bool pg) {
  // PostgreSQL checks the name with the server; SQLite needs the marker.
  return pg ? MetaData{retort::table<Host>(
                  "host", retort::column("id", &Host::id).primary_key(),
                  retort::column("addr", &Host::addr).type("inet"),
                  retort::column("seen", &Host::seen).type("timestamptz(0)"))}
            : MetaData{retort::table<Host>(
                  "host", retort::column("id", &Host::id).primary_key(),
                  retort::column("addr", &Host::addr).type("INET").native(),
                  retort::column("seen", &Host::seen).type("DATETIME").native())};
}

template <class Host>
void store_and_read_host(const std::string& url, bool pg) {
  Session session{retort::connect(url)};
  Host host{std::nullopt, "10.0.0.1", pg ? "2026-12-06 10:00:00+00" : "2026-12-06 10:00:00"};
  session.add(host);
  ASSERT_TRUE(host.id.has_value());
  std::optional<Host> back = session.get<Host>(*host.id);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, host);
}

TEST_P(ModelMigrationTest, NativeTypesAutogenerateUpgradeAndCheckClean) {
  ASSERT_FALSE(db_.url().empty());
  const bool pg = std::string(GetParam()) == "postgresql";
  const MetaData models = pg ? host_models<HostOf<true>>(true) : host_models<HostOf<false>>(false);
  ASSERT_NO_FATAL_FAILURE(migrate_clean("native", models, "hosts"));
  if (pg) {
    store_and_read_host<HostOf<true>>(db_.url(), true);
  } else {
    store_and_read_host<HostOf<false>>(db_.url(), false);
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, ModelMigrationTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

}  // namespace
}  // namespace retort::session_test
