// run_fleet()'s refusals before any member runs: options out of range, no
// members, and revision files every member would share (one error, exit 2,
// nothing connected). The runs themselves are tested end to end in
// tests/cli/fleet_test.cpp.
#include "migrations/fleet.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;

class RunFleetTest : public ::testing::Test {
 protected:
  RunFleetTest() : db_("sqlite") {
    fs::create_directories(db_.dir() / "migrations" / "versions");
    Result<Config> config =
        parse_config("[retort]\n", db_.dir() / "retort.toml", std::string("sqlite://"));
    EXPECT_TRUE(config.ok());
    if (config) config_ = *config;
    members_ = {{db_.url(), 3}};
  }

  retort::testing::TestDatabase db_;
  Config config_;
  std::vector<FleetMember> members_;
};

TEST_F(RunFleetTest, JobsOutOfRangeIsBadInput) {
  for (int jobs : {0, -1, kMaxFleetJobs + 1}) {
    FleetOptions options;
    options.jobs = jobs;
    Result<FleetReport> report = run_fleet(config_, members_, options);
    ASSERT_FALSE(report.ok()) << jobs;
    EXPECT_EQ(report.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(report.error().message, fmt::format("--jobs {} is out of range", jobs));
    EXPECT_EQ(report.error().hint, "give 1 to 64 members at once");
  }
}

TEST_F(RunFleetTest, NegativeCanaryIsBadInput) {
  FleetOptions options;
  options.canary = -2;
  Result<FleetReport> report = run_fleet(config_, members_, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().message, "--canary -2 is negative");
}

TEST_F(RunFleetTest, NoMembersIsBadInput) {
  Result<FleetReport> report = run_fleet(config_, {}, FleetOptions{});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().message, "the fleet has no members");
}

TEST_F(RunFleetTest, BrokenRevisionFileIsOneErrorAndNoMemberRuns) {
  const fs::path file = db_.dir() / "migrations" / "versions" / "0001_bad.toml";
  std::ofstream(file) << "revision = \"0001\"\ndown_revision = \"\"\nmessage = \n";
  bool ran = false;
  FleetOptions options;
  options.on_done = [&ran](const MemberReport&) { ran = true; };
  Result<FleetReport> report = run_fleet(config_, members_, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(report.error().file, file.string());
  EXPECT_EQ(report.error().line, 3);
  EXPECT_FALSE(ran);
  EXPECT_FALSE(fs::exists(db_.dir() / "test.db"));
}

}  // namespace
}  // namespace retort::migrations
