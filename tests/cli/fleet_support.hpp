// Test support for `retort --fleet`: a project folder (three hand-written
// revisions: hero, hero.nickname, team) and member databases of one
// dialect, each a CliProject of its own, so each member's version and
// history tables are read with plain SQL.
//
// Example:
//   FleetProject f("postgresql", 10);
//   f.add_fleet("all", f.member_urls());
//   ProcessResult r = f.retort({"--fleet", "all", "upgrade", "head", "--jobs", "4"});
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {

inline constexpr const char* kFleetRev1 = "f1ee70000001";
inline constexpr const char* kFleetRev2 = "f1ee70000002";
inline constexpr const char* kFleetRev3 = "f1ee70000003";  // creates table team

// The password the broken members' URLs carry; no output may show it.
inline constexpr const char* kSecret = "hunter2pw";

class FleetProject {
 public:
  // `members` healthy, empty databases of `dialect`.
  FleetProject(const std::string& dialect, int members);

  CliProject& project() { return project_; }
  CliProject& member(std::size_t i) { return *members_.at(i); }
  std::size_t size() const { return members_.size(); }
  std::vector<std::string> member_urls() const;

  // Appends [fleet.NAME] with `urls` to retort.toml.
  void add_fleet(const std::string& name, const std::vector<std::string>& urls);
  // Appends `text` to retort.toml as it is.
  void append_config(const std::string& text);

  ProcessResult retort(const std::vector<std::string>& args) const;

  // Broken members: an unknown URL scheme (exit 2), a PostgreSQL database
  // that does not exist (exit 3); both URLs carry kSecret as password.
  static std::string bad_scheme_url();
  static std::string missing_database_url();

  // Checks (non-fatally) that `member` holds all three revisions, each
  // applied once: one upgrade/applied history row per revision.
  static void expect_at_head_once(const CliProject& member);

 private:
  CliProject project_;
  std::vector<std::unique_ptr<CliProject>> members_;
};

// How many healthy members of each dialect the suites use: 10, or 50 with
// RETORT_TEST_FULL=1.
int fleet_size();

// The JSON report on `r`'s stdout (a failed expectation when it is not JSON).
nlohmann::json parse_fleet_report(const ProcessResult& r);
// The member of `report` whose `key` ("url", "member") is `value` (a failed
// expectation and an empty object when there is none).
nlohmann::json fleet_member(const nlohmann::json& report, const std::string& key,
                            const std::string& value);

}  // namespace retort::testing
