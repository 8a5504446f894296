// `retort --fleet NAME upgrade|current` (docs/fleets.md) on real databases
// of both dialects: every member at head with each revision applied once,
// three broken members (an unknown URL scheme, a database that does not
// exist, a table in the way of a revision) reported under both failure
// policies, --canary, reruns that skip finished members, the exit codes,
// the password mask and the JSON report. 10 members per dialect; 50 with
// RETORT_TEST_FULL=1.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/fleet_support.hpp"
#include "tests/cli/process.hpp"

namespace retort::testing {
namespace {

using nlohmann::json;

json parse_report(const ProcessResult& r) { return parse_fleet_report(r); }

// The member of a JSON report whose url is `url` (redacted form).
json member_of(const json& report, const std::string& url) {
  return fleet_member(report, "url", url);
}

std::string redacted(const std::string& url) {
  const std::string secret = kSecret;
  const auto pos = url.find(secret);
  return pos == std::string::npos ? url
                                  : url.substr(0, pos) + "***" + url.substr(pos + secret.size());
}

void expect_no_secret(const ProcessResult& r) {
  EXPECT_EQ(r.out.find(kSecret), std::string::npos) << r.describe();
  EXPECT_EQ(r.err.find(kSecret), std::string::npos) << r.describe();
}

class FleetTest : public ::testing::TestWithParam<const char*> {};

TEST_P(FleetTest, UpgradesEveryMemberOnceWithFourJobsAndARerunSkipsThem) {
  const int n = fleet_size();
  FleetProject f(GetParam(), n);
  f.add_fleet("all", f.member_urls());

  ProcessResult r = f.retort({"--fleet", "all", "upgrade", "head", "--jobs", "4"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find(fmt::format("Fleet all: {} members, {} upgraded.", n, n)), std::string::npos)
      << r.out;
  EXPECT_EQ(r.err, "");
  for (std::size_t i = 0; i < f.size(); ++i) {
    FleetProject::expect_at_head_once(f.member(i));
    // Each member's output is its own block, whole: its three revisions.
    EXPECT_NE(r.out.find(fmt::format("{}: upgraded (<base> -> {})", f.member(i).url(), kFleetRev3)),
              std::string::npos)
        << r.out;
  }

  ProcessResult again = f.retort({"--fleet", "all", "upgrade", "head", "--jobs", "4"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_NE(again.out.find(fmt::format("Fleet all: {} members, {} already at target.", n, n)),
            std::string::npos)
      << again.out;
  for (std::size_t i = 0; i < f.size(); ++i) FleetProject::expect_at_head_once(f.member(i));

  ProcessResult current =
      f.retort({"--fleet", "all", "current", "--jobs", "4", "--format", "json"});
  ASSERT_EQ(current.exit_code, 0) << current.describe();
  json report = parse_report(current);
  EXPECT_EQ(report["command"], "current");
  EXPECT_EQ(report["summary"]["at_heads"], n);
  for (const json& m : report["members"]) {
    EXPECT_EQ(m["result"], "at_heads");
    EXPECT_EQ(m["after"], json::array({kFleetRev3}));
  }
}

// The fleet "mixed": healthy members with the three broken ones among them.
struct Mixed {
  std::vector<std::string> urls;
  std::size_t conflict = 0;  // the member whose table `team` is in the way
};

Mixed make_mixed(FleetProject& f) {
  Mixed m;
  m.conflict = 3;
  f.member(m.conflict).execute("CREATE TABLE team (id integer PRIMARY KEY, name text)");
  std::vector<std::string> urls = f.member_urls();
  m.urls = {urls[0], FleetProject::bad_scheme_url()};
  for (std::size_t i = 1; i < urls.size(); ++i) {
    m.urls.push_back(urls[i]);
    if (i == 2) m.urls.push_back(FleetProject::missing_database_url());
  }
  f.add_fleet("mixed", m.urls);
  return m;
}

void expect_broken_reported(const json& report, const FleetProject& f, const Mixed& mixed) {
  (void)f;
  const json bad = member_of(report, redacted(FleetProject::bad_scheme_url()));
  EXPECT_EQ(bad["result"], "failed");
  EXPECT_EQ(bad["error"]["kind"], "bad_input");
  EXPECT_EQ(bad["error"]["exit_code"], 2);
  EXPECT_NE(bad["error"]["message"].get<std::string>().find("unknown database URL scheme 'mysql'"),
            std::string::npos)
      << bad.dump(2);
  EXPECT_EQ(bad["before"], json());

  const json missing = member_of(report, redacted(FleetProject::missing_database_url()));
  EXPECT_EQ(missing["result"], "failed");
  EXPECT_EQ(missing["error"]["kind"], "database");
  EXPECT_EQ(missing["error"]["exit_code"], 3);
  EXPECT_NE(missing["error"]["message"].get<std::string>().find("retort_fleet_no_such_database"),
            std::string::npos)
      << missing.dump(2);

  const json conflict = member_of(report, mixed.urls[mixed.conflict + 2]);
  EXPECT_EQ(conflict["result"], "failed");
  EXPECT_EQ(conflict["error"]["kind"], "database");
  EXPECT_NE(conflict["error"]["message"].get<std::string>().find("team"), std::string::npos)
      << conflict.dump(2);
  EXPECT_EQ(conflict["before"], json::array());
  EXPECT_EQ(conflict["after"], json::array({kFleetRev2}));
}

TEST_P(FleetTest, ContinueRunsEveryMemberAndReportsTheBrokenOnes) {
  FleetProject f(GetParam(), fleet_size());
  const Mixed mixed = make_mixed(f);
  ASSERT_EQ(mixed.urls[mixed.conflict + 2], f.member(mixed.conflict).url());

  ProcessResult r = f.retort(
      {"--fleet", "mixed", "upgrade", "--jobs", "4", "--on-error", "continue", "--format", "json"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();  // the worst: a database failure
  expect_no_secret(r);
  EXPECT_NE(r.err.find(fmt::format("retort: error: 3 of {} members of fleet mixed failed",
                                   mixed.urls.size())),
            std::string::npos)
      << r.err;
  const json report = parse_report(r);
  EXPECT_EQ(report["exit_code"], 3);
  EXPECT_EQ(report["on_error"], "continue");
  EXPECT_EQ(report["summary"]["members"], mixed.urls.size());
  EXPECT_EQ(report["summary"]["failed"], 3);
  EXPECT_EQ(report["summary"]["upgraded"], f.size() - 1);
  EXPECT_EQ(report["summary"]["not_started"], 0);
  expect_broken_reported(report, f, mixed);
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (i == mixed.conflict) continue;
    FleetProject::expect_at_head_once(f.member(i));
    const json m = member_of(report, f.member(i).url());
    EXPECT_EQ(m["result"], "upgraded");
    EXPECT_EQ(m["before"], json::array());
    EXPECT_EQ(m["after"], json::array({kFleetRev3}));
    EXPECT_EQ(m["error"], json());
    EXPECT_NE(m["output"].get<std::string>().find("Running upgrade f1ee70000002 -> f1ee70000003"),
              std::string::npos)
        << m.dump(2);
  }
  // The failed revision rolled back: the member stays at revision 2.
  EXPECT_EQ(f.member(mixed.conflict).versions(), std::vector<std::string>{kFleetRev2});

  // Rerun as text: finished members are skipped, the broken ones reported
  // again, with the password masked in the table.
  ProcessResult again =
      f.retort({"--fleet", "mixed", "upgrade", "--jobs", "4", "--on-error", "continue"});
  EXPECT_EQ(again.exit_code, 3) << again.describe();
  expect_no_secret(again);
  EXPECT_NE(again.out.find(fmt::format("Fleet mixed: {} members, {} already at target, 3 failed.",
                                       mixed.urls.size(), f.size() - 1)),
            std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find(redacted(FleetProject::bad_scheme_url())), std::string::npos)
      << again.out;
  // The table names the fleet entry of the bad URL: retort.toml:LINE.
  EXPECT_NE(again.out.find("exit 2: " + (f.project().dir() / "retort.toml").string() + ":"),
            std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("unknown database URL scheme 'mysql'"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("exit 3: "), std::string::npos) << again.out;
  EXPECT_NE(again.err.find(fmt::format("retort: error: 3 of {} members of fleet mixed failed",
                                       mixed.urls.size())),
            std::string::npos)
      << again.err;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (i != mixed.conflict) FleetProject::expect_at_head_once(f.member(i));
  }

  // Fixed, the member catches up; the rest are untouched.
  f.member(mixed.conflict).execute("DROP TABLE team");
  ProcessResult fixed = f.retort(
      {"--fleet", "mixed", "upgrade", "--jobs", "4", "--on-error", "continue", "--format", "json"});
  EXPECT_EQ(fixed.exit_code, 3) << fixed.describe();
  const json after_fix = parse_report(fixed);
  EXPECT_EQ(member_of(after_fix, f.member(mixed.conflict).url())["result"], "upgraded");
  EXPECT_EQ(after_fix["summary"]["already_at_target"], f.size() - 1);
  EXPECT_EQ(after_fix["summary"]["failed"], 2);
  EXPECT_EQ(f.member(mixed.conflict).versions(), std::vector<std::string>{kFleetRev3});
}

TEST_P(FleetTest, StopStartsNoMemberAfterTheFirstFailure) {
  FleetProject f(GetParam(), fleet_size());
  const Mixed mixed = make_mixed(f);

  // One at a time: everything after the bad URL (the 2nd member) is left.
  ProcessResult r = f.retort({"--fleet", "mixed", "upgrade", "--format", "json"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_no_secret(r);
  const json report = parse_report(r);
  EXPECT_EQ(report["on_error"], "stop");
  EXPECT_EQ(report["summary"]["upgraded"], 1);
  EXPECT_EQ(report["summary"]["failed"], 1);
  EXPECT_EQ(report["summary"]["not_started"], mixed.urls.size() - 2);
  EXPECT_EQ(report["members"][0]["result"], "upgraded");
  EXPECT_EQ(report["members"][1]["result"], "failed");
  FleetProject::expect_at_head_once(f.member(0));
  for (std::size_t i = 2; i < mixed.urls.size(); ++i) {
    EXPECT_EQ(report["members"][i]["result"], "not_started");
    EXPECT_EQ(report["members"][i]["before"], json());
    EXPECT_EQ(report["members"][i]["error"], json());
  }
  for (std::size_t i = 1; i < f.size(); ++i) {
    EXPECT_EQ(f.member(i).versions(), std::vector<std::string>{}) << f.member(i).url();
  }

  // Four at a time: the members running when the failure is seen finish,
  // no other starts; each report matches its database.
  ProcessResult four = f.retort({"--fleet", "mixed", "upgrade", "--jobs", "4", "--format", "json"});
  EXPECT_NE(four.exit_code, 0) << four.describe();
  expect_no_secret(four);
  const json parallel = parse_report(four);
  EXPECT_EQ(parallel["members"][1]["result"], "failed");
  for (std::size_t i = 0; i < f.size(); ++i) {
    const json m = member_of(parallel, f.member(i).url());
    const std::vector<std::string> rows = f.member(i).versions();
    if (m["result"] == "not_started") {
      EXPECT_EQ(rows, std::vector<std::string>{}) << f.member(i).url();
    } else if (i == mixed.conflict) {
      EXPECT_EQ(m["result"], "failed");
      EXPECT_EQ(rows, std::vector<std::string>{kFleetRev2});
    } else {
      EXPECT_TRUE(m["result"] == "upgraded" || m["result"] == "already_at_target") << m.dump(2);
      FleetProject::expect_at_head_once(f.member(i));
    }
  }
}

TEST_P(FleetTest, CanaryFailureStopsTheRestWhateverTheErrorPolicy) {
  FleetProject f(GetParam(), fleet_size());
  f.member(1).execute("CREATE TABLE team (id integer PRIMARY KEY)");
  f.add_fleet("all", f.member_urls());

  ProcessResult r = f.retort({"--fleet", "all", "upgrade", "--canary", "2", "--jobs", "4",
                              "--on-error", "continue", "--format", "json"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  const json report = parse_report(r);
  EXPECT_EQ(report["canary"], 2);
  EXPECT_EQ(report["members"][0]["canary"], true);
  EXPECT_EQ(report["members"][1]["canary"], true);
  EXPECT_EQ(report["members"][2]["canary"], false);
  EXPECT_EQ(report["members"][0]["result"], "upgraded");
  EXPECT_EQ(report["members"][1]["result"], "failed");
  EXPECT_EQ(report["summary"]["not_started"], f.size() - 2);
  for (std::size_t i = 2; i < f.size(); ++i) {
    EXPECT_EQ(f.member(i).versions(), std::vector<std::string>{}) << f.member(i).url();
  }

  // With the canaries healthy, everyone runs.
  f.member(1).execute("DROP TABLE team");
  ProcessResult ok = f.retort({"--fleet", "all", "upgrade", "--canary", "2", "--jobs", "4"});
  EXPECT_EQ(ok.exit_code, 0) << ok.describe();
  EXPECT_NE(ok.out.find(fmt::format("Fleet all: {} members, {} upgraded, 1 already at target.",
                                    f.size(), f.size() - 1)),
            std::string::npos)
      << ok.out;
  EXPECT_NE(ok.out.find(f.member(0).url() + " (canary)"), std::string::npos) << ok.out;
  for (std::size_t i = 0; i < f.size(); ++i) {
    // Member 1's history holds its failed attempt too.
    if (i != 1) FleetProject::expect_at_head_once(f.member(i));
  }
  EXPECT_EQ(f.member(1).versions(), std::vector<std::string>{kFleetRev3});
}

TEST_P(FleetTest, StampsEveryMemberWithoutRunningOps) {
  FleetProject f(GetParam(), fleet_size());
  std::vector<std::string> urls = f.member_urls();
  urls.push_back(FleetProject::missing_database_url());
  f.add_fleet("all", urls);

  ProcessResult r = f.retort({"--fleet", "all", "stamp", kFleetRev2, "--jobs", "4", "--on-error",
                              "continue", "--format", "json"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  expect_no_secret(r);
  const json report = parse_report(r);
  EXPECT_EQ(report["command"], "stamp");
  EXPECT_EQ(report["target"], json::array({kFleetRev2}));
  EXPECT_EQ(report["summary"]["stamped"], f.size());
  EXPECT_EQ(report["summary"]["failed"], 1);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const CliProject& m = f.member(i);
    EXPECT_EQ(member_of(report, m.url())["result"], "stamped");
    EXPECT_EQ(m.versions(), std::vector<std::string>{kFleetRev2}) << m.url();
    EXPECT_EQ(m.schema().tables.size(), 0u) << m.url();  // no op ran
    const std::vector<CliProject::HistoryRow> rows = m.history();
    ASSERT_EQ(rows.size(), 1u) << m.url();
    EXPECT_EQ(rows[0].revision, kFleetRev2);
    EXPECT_EQ(rows[0].direction, "stamp");
  }

  ProcessResult again =
      f.retort({"--fleet", "all", "stamp", kFleetRev2, "--jobs", "4", "--on-error", "continue"});
  EXPECT_EQ(again.exit_code, 3) << again.describe();
  EXPECT_NE(again.out.find(fmt::format("Fleet all: {} members, {} already at target, 1 failed.",
                                       f.size() + 1, f.size())),
            std::string::npos)
      << again.out;

  ProcessResult repair = f.retort({"--fleet", "all", "stamp", "--repair", kFleetRev2});
  EXPECT_EQ(repair.exit_code, 2) << repair.describe();
  EXPECT_NE(repair.err.find("stamp --repair does not run on a fleet"), std::string::npos)
      << repair.err;
}

TEST_P(FleetTest, OnlyABadUrlFailingExitsTwo) {
  FleetProject f(GetParam(), 2);
  f.add_fleet("some", {f.member(0).url(), FleetProject::bad_scheme_url(), f.member(1).url()});
  ProcessResult r = f.retort({"--fleet", "some", "upgrade", "--on-error", "continue"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  expect_no_secret(r);
  // retort.toml: 4 lines of [retort], a blank, [fleet.some], urls = [, the
  // first member, then the bad URL on line 9.
  EXPECT_NE(r.out.find("error: " + (f.project().dir() / "retort.toml").string() +
                       ":9: unknown database URL scheme 'mysql' in 'mysql://app:***@"),
            std::string::npos)
      << r.out;
  FleetProject::expect_at_head_once(f.member(0));
  FleetProject::expect_at_head_once(f.member(1));
}

// The models the three fleet revisions build.
constexpr const char* kFleetModels =
    "[[table]]\nname = \"hero\"\ncolumns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "  { name = \"nickname\", type = \"varchar(50)\", nullable = true },\n]\n\n"
    "[[table]]\nname = \"team\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";

TEST_P(FleetTest, ChecksEveryMemberAgainstTheModelsAndNamesTheOneThatDrifted) {
  FleetProject f(GetParam(), 3);
  f.add_fleet("all", f.member_urls());
  ASSERT_EQ(f.retort({"--fleet", "all", "upgrade", "head", "--jobs", "2"}).exit_code, 0);
  f.project().write_models(kFleetModels);

  ProcessResult clean = f.retort({"--fleet", "all", "check", "--jobs", "2", "--format", "json"});
  EXPECT_EQ(clean.exit_code, 0) << clean.describe();
  json report = parse_report(clean);
  EXPECT_EQ(report["command"], "check");
  EXPECT_EQ(report["summary"]["no_differences"], 3);

  f.member(1).execute("ALTER TABLE team ADD COLUMN motto varchar(20)");
  ProcessResult drift = f.retort({"--fleet", "all", "check", "--jobs", "2"});
  EXPECT_EQ(drift.exit_code, 1) << drift.describe();
  EXPECT_NE(drift.out.find(f.member(1).url() + ": differs"), std::string::npos) << drift.out;
  EXPECT_NE(drift.out.find("motto"), std::string::npos) << drift.out;
  EXPECT_NE(drift.out.find("Fleet all: 3 members, 2 no differences, 1 differs."), std::string::npos)
      << drift.out;
  EXPECT_NE(drift.out.find("1 of 3 members of fleet all differ from the models"), std::string::npos)
      << drift.out;
  EXPECT_TRUE(f.member(1).has_column("team", "motto")) << "check changed a member";

  // A member that is not at head is that member's bad input (exit 2).
  f.member(1).execute("ALTER TABLE team DROP COLUMN motto");
  ASSERT_EQ(f.retort({"--url", f.member(2).url(), "downgrade", "-1"}).exit_code, 0);
  ProcessResult behind =
      f.retort({"--fleet", "all", "check", "--on-error", "continue", "--format", "json"});
  EXPECT_EQ(behind.exit_code, 2) << behind.describe();
  report = parse_report(behind);
  EXPECT_EQ(report["summary"]["no_differences"], 2);
  EXPECT_EQ(member_of(report, f.member(2).url())["result"], "failed");
}

TEST_P(FleetTest, DowngradesEveryMemberAndARerunSkipsThem) {
  FleetProject f(GetParam(), 3);
  f.add_fleet("all", f.member_urls());
  ASSERT_EQ(f.retort({"--fleet", "all", "upgrade", "head", "--jobs", "2"}).exit_code, 0);

  ProcessResult down =
      f.retort({"--fleet", "all", "downgrade", "-1", "--jobs", "2", "--format", "json"});
  EXPECT_EQ(down.exit_code, 0) << down.describe();
  const json report = parse_report(down);
  EXPECT_EQ(report["command"], "downgrade");
  EXPECT_EQ(report["target"], "-1");
  EXPECT_EQ(report["summary"]["downgraded"], 3);
  for (std::size_t i = 0; i < f.size(); ++i) {
    const json m = member_of(report, f.member(i).url());
    EXPECT_EQ(m["before"], json::array({kFleetRev3}));
    EXPECT_EQ(m["after"], json::array({kFleetRev2}));
    EXPECT_EQ(f.member(i).versions(), std::vector<std::string>{kFleetRev2});
    EXPECT_FALSE(f.member(i).has_table("team")) << f.member(i).url();
    EXPECT_TRUE(f.member(i).has_column("hero", "nickname")) << f.member(i).url();
  }

  ProcessResult again = f.retort({"--fleet", "all", "downgrade", kFleetRev2});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_NE(again.out.find("Fleet all: 3 members, 3 already at target."), std::string::npos)
      << again.out;

  ProcessResult sql = f.retort({"--fleet", "all", "downgrade", "head:base", "--sql"});
  EXPECT_EQ(sql.exit_code, 2) << sql.describe();
  EXPECT_NE(sql.err.find("downgrade --sql does not run on a fleet"), std::string::npos) << sql.err;
  ProcessResult no_fleet = f.retort({"downgrade", "-1", "--jobs", "2"});
  EXPECT_EQ(no_fleet.exit_code, 2) << no_fleet.describe();
  EXPECT_NE(no_fleet.err.find("--jobs applies to a fleet"), std::string::npos) << no_fleet.err;
  for (std::size_t i = 0; i < f.size(); ++i) {
    EXPECT_EQ(f.member(i).versions(), std::vector<std::string>{kFleetRev2}) << "refused, untouched";
  }
}

TEST_P(FleetTest, VerifiesEveryMemberAndNamesTheEditedRevision) {
  FleetProject f(GetParam(), 3);
  f.add_fleet("all", f.member_urls());
  ASSERT_EQ(f.retort({"--fleet", "all", "upgrade", "head", "--jobs", "2"}).exit_code, 0);

  ProcessResult clean = f.retort({"--fleet", "all", "verify", "--jobs", "2"});
  EXPECT_EQ(clean.exit_code, 0) << clean.describe();
  EXPECT_NE(clean.out.find("Fleet all: 3 members, 3 verified."), std::string::npos) << clean.out;

  // An applied revision edited after the fact: every member names it.
  const std::string file = "migrations/versions/f1ee70000002_add_nickname.toml";
  std::string text = f.project().read(file);
  text.replace(text.find("varchar(50)"), 11, "varchar(80)");
  f.project().write(file, text);
  ProcessResult edited = f.retort({"--fleet", "all", "verify", "--format", "json"});
  EXPECT_EQ(edited.exit_code, 1) << edited.describe();
  const json report = parse_report(edited);
  EXPECT_EQ(report["command"], "verify");
  EXPECT_EQ(report["summary"]["edited"], 3);
  for (const json& m : report["members"]) {
    EXPECT_EQ(m["result"], "edited");
    EXPECT_NE(m["output"].get<std::string>().find(kFleetRev2), std::string::npos) << m.dump(2);
  }
  ProcessResult no_fleet = f.retort({"verify", "--jobs", "2"});
  EXPECT_EQ(no_fleet.exit_code, 2) << no_fleet.describe();
  EXPECT_NE(no_fleet.err.find("--jobs applies to a fleet"), std::string::npos) << no_fleet.err;
}

// On a terminal a progress line is redrawn in place as members start and
// end, and erased before each member's block and the report; through a pipe
// (and with --format json) there is none.
TEST_P(FleetTest, TerminalShowsALiveProgressLine) {
  FleetProject f(GetParam(), 2);
  f.add_fleet("all", f.member_urls());
  ProcessOptions options;
  options.cwd = f.project().dir();
  options.env = {{"NO_COLOR", "1"}, {"RETORT_URL", std::nullopt}};
  options.stdout_is_terminal = true;
  ProcessResult r = run_process(RETORT_BINARY, {"--fleet", "all", "upgrade"}, options);
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("\r\x1b[Kfleet all: 0 done, 0 failed, 1 running, of 2"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\r\x1b[Kfleet all: 2 done, 0 failed, 0 running, of 2"), std::string::npos)
      << r.out;
  const std::size_t report = r.out.find("Fleet all: 2 members, 2 upgraded.");
  ASSERT_NE(report, std::string::npos) << r.out;
  const std::size_t last_line = r.out.rfind("running, of 2", report);
  ASSERT_NE(last_line, std::string::npos) << r.out;
  EXPECT_LT(r.out.find("\r\x1b[K", last_line), report) << "the line is erased before the report";

  ProcessResult piped = f.retort({"--fleet", "all", "current"});
  EXPECT_EQ(piped.exit_code, 0) << piped.describe();
  EXPECT_EQ(piped.out.find("running, of"), std::string::npos) << piped.out;
  ProcessResult json_doc =
      run_process(RETORT_BINARY, {"--fleet", "all", "current", "--format", "json"}, options);
  EXPECT_EQ(json_doc.exit_code, 0) << json_doc.describe();
  EXPECT_EQ(json_doc.out.find("running, of"), std::string::npos) << json_doc.out;
}

// What a started child has written to stdout so far (a file, not a pipe).
std::string stdout_so_far(const StartedProcess& child) {
  std::ifstream in(child.capture_dir / "stdout", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Ctrl-C during a fleet upgrade: the running member finishes the revision
// it is in and stops there (no partial or failed run recorded), no other
// member starts, and the exit code is 130; the same command then finishes.
TEST_P(FleetTest, CtrlCStopsTheRunningMemberBetweenRevisionsAndStartsNoOther) {
  const std::string dialect = GetParam();
  FleetProject f(dialect, 3);
  // Ten slow revisions (about 0.3 s each) after the fleet's three.
  std::string down = kFleetRev3;
  for (int i = 1; i <= 10; ++i) {
    const std::string id = fmt::format("5104000000{:02d}", i);
    const std::string sql =
        dialect == "sqlite"
            ? fmt::format(
                  "CREATE TABLE slow_{} AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                  "SELECT x + 1 FROM c WHERE x < 1000000) SELECT count(*) AS n FROM c",
                  i)
            : fmt::format("CREATE TABLE slow_{} AS SELECT pg_sleep(0.3)::text AS n", i);
    f.project().write(fmt::format("migrations/versions/{}_slow_{}.toml", id, i),
                      fmt::format("revision = \"{}\"\ndown_revision = \"{}\"\nmessage = \"slow "
                                  "{}\"\n\n[[upgrade]]\nop = \"execute\"\nsql = \"{}\"\n\n"
                                  "[[downgrade]]\nop = \"execute\"\nsql = \"DROP TABLE slow_{}\"\n",
                                  id, down, i, sql, i));
    down = id;
  }
  const std::string last = down;
  f.add_fleet("all", f.member_urls());

  StartedProcess child = start_retort(f.project().dir(), {"--fleet", "all", "upgrade", "head"});
  // The first member's block is printed, and flushed, as it ends; the
  // second member starts right after it.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (stdout_so_far(child).find("[1/3]") == std::string::npos && is_running(child) &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(stdout_so_far(child).find("[1/3]"), std::string::npos) << stdout_so_far(child);
  // Into the second member's chain (13 revisions, 3 s or more), most
  // likely past its first revisions; a slow machine may still be before
  // them, which is a stop between revisions too.
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  ASSERT_EQ(::kill(child.pid, SIGINT), 0);
  ProcessResult r = wait_process(child);
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_NE(r.err.find("retort: stopping: running members finish their revision"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("fleet all stopped by Ctrl-C: 1 member stopped between revisions, 1 not "
                       "started, 0 failed"),
            std::string::npos)
      << r.describe();
  EXPECT_NE(r.out.find(f.member(1).url() + ": stopped"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stopped on request before revision"), std::string::npos) << r.out;

  EXPECT_EQ(f.member(0).versions(), std::vector<std::string>{last});
  const std::vector<std::string> at = f.member(1).versions();
  ASSERT_LE(at.size(), 1u);
  EXPECT_NE(at, std::vector<std::string>{last}) << "the second member was not stopped midway";
  for (const CliProject::HistoryRow& row : f.member(1).history()) {
    EXPECT_EQ(row.result, "applied") << row.revision;
  }
  EXPECT_FALSE(f.member(2).has_table("hero")) << "the third member was started";

  ProcessResult again = f.retort({"--fleet", "all", "upgrade", "head"});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  for (std::size_t i = 0; i < f.size(); ++i) {
    EXPECT_EQ(f.member(i).versions(), std::vector<std::string>{last});
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, FleetTest, ::testing::ValuesIn(kAllDialects),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return std::string(info.param);
                         });

// Members listed by urls_command: one URL per line, blank lines ignored.
TEST(FleetCommandTest, UrlsCommandListsTheMembers) {
  FleetProject f("sqlite", 2);
  f.append_config(fmt::format("\n[fleet.listed]\nurls_command = \"printf '{}\\\\n\\\\n{}\\\\n'\"\n",
                              f.member(0).url(), f.member(1).url()));
  ProcessResult r = f.retort({"--fleet", "listed", "upgrade", "--jobs", "2"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("Fleet listed: 2 members, 2 upgraded."), std::string::npos) << r.out;
  FleetProject::expect_at_head_once(f.member(0));
  FleetProject::expect_at_head_once(f.member(1));
}

// Bad input: exit 2 with what, where (retort.toml:line) and what to do, and
// no member touched.
struct BadFleetCase {
  const char* name;
  const char* config;  // appended to retort.toml ("" for none); URL is the member's
  std::vector<std::string> args;
  const char* message;  // part of stderr
};

class FleetBadInputTest : public ::testing::TestWithParam<BadFleetCase> {};

TEST_P(FleetBadInputTest, ExitsTwoAndTouchesNoMember) {
  const BadFleetCase& c = GetParam();
  FleetProject f("sqlite", 1);
  std::string config = c.config;
  for (std::size_t pos; (pos = config.find("URL")) != std::string::npos;) {
    config.replace(pos, 3, f.member(0).url());
  }
  f.append_config(config);
  ProcessResult r = f.retort(c.args);
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(c.message), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("retort: hint: "), std::string::npos) << r.describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(f.member(0).versions(), std::vector<std::string>{});
  EXPECT_EQ(f.member(0).query("SELECT count(*) FROM sqlite_master")[0][0], "0");
}

INSTANTIATE_TEST_SUITE_P(
    Cli, FleetBadInputTest,
    ::testing::Values(
        BadFleetCase{"unknown_fleet",
                     "\n[fleet.tenants]\nurls = [\"URL\"]\n",
                     {"--fleet", "tenant", "upgrade"},
                     "there is no fleet \"tenant\" in "},
        BadFleetCase{"both_keys",
                     "\n[fleet.t]\nurls = [\"URL\"]\nurls_command = \"echo URL\"\n",
                     {"--fleet", "t", "upgrade"},
                     "retort.toml:6: [fleet.t] gives more than one list of members (urls and "
                     "urls_command)"},
        BadFleetCase{"neither",
                     "\n[fleet.t]\n",
                     {"--fleet", "t", "upgrade"},
                     "retort.toml:6: [fleet.t] lists no members"},
        BadFleetCase{"wrong_type",
                     "\n[fleet.t]\nurls = \"URL\"\n",
                     {"--fleet", "t", "upgrade"},
                     "retort.toml:7: [fleet.t] urls must be an array of one or more URL strings"},
        BadFleetCase{"unknown_key",
                     "\n[fleet.t]\nurls = [\"URL\"]\njobs = 4\n",
                     {"--fleet", "t", "upgrade"},
                     "retort.toml:8: unknown key \"jobs\" in [fleet.t]"},
        BadFleetCase{"command_fails",
                     "\n[fleet.t]\nurls_command = \"echo 'no tenants table' >&2; exit 3\"\n",
                     {"--fleet", "t", "upgrade"},
                     "retort.toml:7: urls_command of [fleet.t] (`echo 'no tenants table' >&2; "
                     "exit 3`) exited 3: no tenants table"},
        BadFleetCase{"command_prints_nothing",
                     "\n[fleet.t]\nurls_command = \"true\"\n",
                     {"--fleet", "t", "upgrade"},
                     "retort.toml:7: urls_command of [fleet.t] (`true`) printed no URL"},
        BadFleetCase{"unset_variable",
                     "\n[fleet.t]\nurls = [\"${RETORT_FLEET_UNSET_VAR}\"]\n",
                     {"--fleet", "t", "upgrade"},
                     "retort.toml:7: environment variable RETORT_FLEET_UNSET_VAR is not set"},
        BadFleetCase{"schema_per_tenant",
                     "\n[fleet.s]\nurl = \"URL\"\nschemas_query = \"select 'a'\"\n",
                     {"--fleet", "s", "upgrade"},
                     "retort.toml:7: a schema-per-tenant fleet needs PostgreSQL, and sqlite:///"},
        BadFleetCase{"shared_schema_with_urls",
                     "\n[fleet.t]\nurls = [\"URL\"]\nshared_schema = \"shared\"\n",
                     {"--fleet", "t", "upgrade"},
                     "retort.toml:8: [fleet.t] has shared_schema, which only a schema-per-tenant "
                     "fleet (url + schemas_query) uses"},
        BadFleetCase{"jobs_without_fleet",
                     "",
                     {"upgrade", "--jobs", "4"},
                     "--jobs applies to a fleet, and no --fleet was given"},
        BadFleetCase{"format_without_fleet",
                     "",
                     {"current", "--format", "json"},
                     "--format applies to a fleet, and no --fleet was given"},
        BadFleetCase{"other_command",
                     "\n[fleet.t]\nurls = [\"URL\"]\n",
                     {"--fleet", "t", "inspect"},
                     "inspect does not run on a fleet"},
        BadFleetCase{"url_and_fleet",
                     "\n[fleet.t]\nurls = [\"URL\"]\n",
                     {"--fleet", "t", "--url", "sqlite:///x.db", "upgrade"},
                     "--url and --fleet both name the databases to use"},
        BadFleetCase{"output_dir_without_sql",
                     "\n[fleet.t]\nurls = [\"URL\"]\n",
                     {"--fleet", "t", "upgrade", "--output-dir", "scripts"},
                     "--output-dir applies to `retort --fleet NAME upgrade --sql`"},
        BadFleetCase{"jobs_zero",
                     "\n[fleet.t]\nurls = [\"URL\"]\n",
                     {"--fleet", "t", "upgrade", "--jobs", "0"},
                     "--jobs"},
        BadFleetCase{"jobs_too_many",
                     "\n[fleet.t]\nurls = [\"URL\"]\n",
                     {"--fleet", "t", "upgrade", "--jobs", "65"},
                     "--jobs"},
        BadFleetCase{"bad_policy",
                     "\n[fleet.t]\nurls = [\"URL\"]\n",
                     {"--fleet", "t", "upgrade", "--on-error", "ignore"},
                     "--on-error"},
        BadFleetCase{"bad_lock_flag",
                     "\n[fleet.t]\nurls = [\"URL\"]\n",
                     {"--fleet", "t", "upgrade", "--wait-for-lock", "soon"},
                     "--wait-for-lock"},
        BadFleetCase{"current_verbose",
                     "\n[fleet.t]\nurls = [\"URL\"]\n",
                     {"--fleet", "t", "current", "-v"},
                     "current -v does not run on a fleet"}),
    [](const ::testing::TestParamInfo<BadFleetCase>& info) {
      return std::string(info.param.name);
    });

}  // namespace
}  // namespace retort::testing
