// Durations and lock settings as users write them (retort.toml, revision
// files, the command line) and how the sources layer.
#include "migrations/lock_settings.hpp"

#include <gtest/gtest.h>

#include "migrations/config.hpp"
#include "migrations/revision.hpp"

namespace retort::migrations {
namespace {

using std::chrono::milliseconds;

TEST(LockSettingsTest, DurationsHaveAUnitAndZeroMeansNoLimit) {
  EXPECT_EQ(*parse_duration("500ms"), milliseconds(500));
  EXPECT_EQ(*parse_duration("5s"), milliseconds(5000));
  EXPECT_EQ(*parse_duration("2min"), milliseconds(120'000));
  EXPECT_EQ(*parse_duration("2m"), milliseconds(120'000));
  EXPECT_EQ(*parse_duration("1h"), milliseconds(3'600'000));
  EXPECT_EQ(*parse_duration("0"), milliseconds(0));
  for (const char* bad :
       {"", "5", "s", "-1s", "1.5s", "5 s", "5sec", "10d", "25h", "9999999999s"}) {
    Result<milliseconds> d = parse_duration(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.error().code, ErrorCode::kBadInput);
    EXPECT_FALSE(d.error().hint.empty()) << bad;
  }
  EXPECT_EQ(format_duration(milliseconds(0)), "0");
  EXPECT_EQ(format_duration(milliseconds(250)), "250ms");
  EXPECT_EQ(format_duration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(format_duration(milliseconds(5000)), "5s");
  EXPECT_EQ(format_duration(milliseconds(600'000)), "10min");
  EXPECT_EQ(format_duration(milliseconds(7'200'000)), "2h");
  for (const char* text : {"250ms", "5s", "10min", "2h"}) {
    EXPECT_EQ(format_duration(*parse_duration(text)), text);
  }
}

TEST(LockSettingsTest, TheFirstSourceThatSetsAValueWins) {
  LockSettings config{milliseconds(5000), 3, milliseconds(60'000)};
  LockSettings cli{milliseconds(1000), std::nullopt, std::nullopt};
  LockSettings revision{std::nullopt, 7, std::nullopt};
  const LockPolicy p = revision.over(cli.over(config)).policy();
  EXPECT_EQ(p.lock_timeout, milliseconds(1000));
  EXPECT_EQ(p.lock_retries, 7);
  EXPECT_EQ(p.statement_timeout, milliseconds(60'000));
  // Nothing set anywhere: the documented defaults.
  const LockPolicy defaults = LockSettings{}.policy();
  EXPECT_EQ(defaults.lock_timeout, milliseconds(5000));
  EXPECT_EQ(defaults.lock_retries, 3);
  EXPECT_FALSE(defaults.statement_timeout.has_value());  // the server's own setting stays
}

TEST(LockSettingsTest, RetortTomlReadsTheLockKeysAndTheHistoryTableName) {
  Result<Config> c = parse_config(
      "[retort]\nlock_timeout = \"2s\"\nlock_retries = 5\nstatement_timeout = \"10min\"\n"
      "migration_lock_timeout = \"30s\"\n",
      "/srv/app/retort.toml", std::nullopt);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->lock.lock_timeout, milliseconds(2000));
  EXPECT_EQ(c->lock.lock_retries, 5);
  EXPECT_EQ(c->lock.statement_timeout, milliseconds(600'000));
  EXPECT_EQ(c->migration_lock_timeout, milliseconds(30'000));
  EXPECT_EQ(c->history_table_name(), "retort_history");

  Result<Config> defaults = parse_config("[retort]\n", "/srv/app/retort.toml", std::nullopt);
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->lock.empty());
  EXPECT_EQ(defaults->migration_lock_timeout, milliseconds(600'000));

  Result<Config> named = parse_config("[retort]\nversion_table = \"app_version\"\n",
                                      "/srv/app/retort.toml", std::nullopt);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->history_table_name(), "app_history");
  named = parse_config("[retort]\nversion_table = \"versions\"\n", "/srv/app/retort.toml",
                       std::nullopt);
  EXPECT_EQ(named->history_table_name(), "versions_history");
  named =
      parse_config("[retort]\nhistory_table = \"deploys\"\n", "/srv/app/retort.toml", std::nullopt);
  EXPECT_EQ(named->history_table_name(), "deploys");
}

TEST(LockSettingsTest, BadLockKeysInRetortTomlNameTheFileAndLine) {
  struct Case {
    const char* text;
    int line;
    const char* says;
  };
  for (const Case& c :
       {Case{"[retort]\n\nlock_timeout = \"5 seconds\"\n", 3, "not a duration"},
        Case{"[retort]\nlock_timeout = 5\n", 2, "duration string"},
        Case{"[retort]\nlock_retries = -1\n", 2, "0 to 20"},
        Case{"[retort]\nlock_retries = \"3\"\n", 2, "0 to 20"},
        Case{"[retort]\nmigration_lock_timeout = \"forever\"\n", 2, "migration_lock_timeout"},
        Case{"[retort]\nhistory_table = \"\"\n", 2, "1 to 63"}}) {
    Result<Config> r = parse_config(c.text, "/srv/app/retort.toml", std::nullopt);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(r.error().file, "/srv/app/retort.toml");
    EXPECT_EQ(r.error().line, c.line) << c.text;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
  }
}

TEST(LockSettingsTest, ARevisionCarriesItsOwnLockSettingsThroughWriteAndRead) {
  const std::string text =
      "revision = \"abcdef123456\"\ndown_revision = \"\"\nmessage = \"big index\"\n"
      "lock_timeout = \"30s\"\nlock_retries = 10\nstatement_timeout = \"1h\"\n";
  Result<Revision> r = read_revision(text, "v/r.toml");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->lock.lock_timeout, milliseconds(30'000));
  EXPECT_EQ(r->lock.lock_retries, 10);
  EXPECT_EQ(r->lock.statement_timeout, milliseconds(3'600'000));
  Result<Revision> back = read_revision(write_revision(*r), "v/r.toml");
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->lock, r->lock);

  // A revision without them writes none.
  Result<Revision> plain =
      read_revision("revision = \"abcdef123456\"\ndown_revision = \"\"\n", "v/r.toml");
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->lock.empty());
  EXPECT_EQ(write_revision(*plain).find("lock_"), std::string::npos);

  Result<Revision> bad = read_revision(
      "revision = \"abcdef123456\"\ndown_revision = \"\"\n\nlock_timeout = \"soon\"\n", "v/r.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().file, "v/r.toml");
  EXPECT_EQ(bad.error().line, 4);
}

}  // namespace
}  // namespace retort::migrations
