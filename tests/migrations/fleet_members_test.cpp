// [fleet.NAME] in retort.toml: the shapes read_fleets() accepts and refuses
// (kBadInput at retort.toml:line), and the members fleet_members() lists.
#include "migrations/fleet_members.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "migrations/config.hpp"

namespace retort::migrations {
namespace {

const char* const kFile = "/srv/app/retort.toml";

Result<Config> parse(const std::string& text) { return parse_config(text, kFile, std::nullopt); }

struct BadShape {
  const char* name;
  const char* text;
  int line;
  const char* message;  // a part of the message
};

class FleetShapeTest : public ::testing::TestWithParam<BadShape> {};

TEST_P(FleetShapeTest, IsRefusedAtItsLine) {
  const BadShape& c = GetParam();
  Result<Config> config = parse(c.text);
  ASSERT_FALSE(config.ok()) << c.name;
  EXPECT_EQ(config.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(config.error().file, kFile);
  EXPECT_EQ(config.error().line, c.line) << config.error().describe();
  EXPECT_NE(config.error().message.find(c.message), std::string::npos) << config.error().describe();
  EXPECT_FALSE(config.error().hint.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Config, FleetShapeTest,
    ::testing::Values(
        BadShape{"both",
                 "[retort]\n\n[fleet.t]\nurls = [\"sqlite:///a.db\"]\nurls_command = \"x\"\n", 3,
                 "urls and urls_command"},
        BadShape{"neither", "[fleet.t]\n", 1, "lists no members"},
        BadShape{"urls_not_array", "[fleet.t]\nurls = \"sqlite:///a.db\"\n", 2,
                 "urls must be an array"},
        BadShape{"urls_not_strings", "[fleet.t]\nurls = [\"sqlite:///a.db\", 3]\n", 2,
                 "urls must be an array"},
        BadShape{"urls_empty", "[fleet.t]\nurls = []\n", 2, "urls must be an array"},
        BadShape{"command_not_string", "[fleet.t]\nurls_command = 5\n", 2,
                 "urls_command must be a non-empty string"},
        BadShape{"unknown_key", "[fleet.t]\nurls = [\"sqlite:///a.db\"]\njobs = 4\n", 3,
                 "unknown key \"jobs\" in [fleet.t]"},
        BadShape{"not_a_table", "fleet = 3\n", 1, "\"fleet\" must hold tables"},
        BadShape{"fleet_not_a_table", "[fleet]\nt = 3\n", 2, "fleet.t must be a table"},
        BadShape{"url_without_query", "[fleet.t]\nurl = \"postgresql:///app\"\n", 1,
                 "url without schemas_query"},
        BadShape{"query_without_url", "[fleet.t]\nschemas_query = \"select 1\"\n", 1,
                 "schemas_query without url"},
        BadShape{"bad_name", "[fleet.\"a b\"]\nurls = [\"sqlite:///a.db\"]\n", 1,
                 "fleet name \"a b\" is not allowed"},
        BadShape{"urls_and_url",
                 "[fleet.t]\nurls = [\"sqlite:///a.db\"]\nurl = \"postgresql:///app\"\n"
                 "schemas_query = \"select 1\"\n",
                 1, "urls and url"}),
    [](const ::testing::TestParamInfo<BadShape>& info) { return std::string(info.param.name); });

TEST(FleetMembersTest, ListsUrlsWithVariablesExpandedWhenUsed) {
  ::setenv("RETORT_FLEET_TEST_PASS", "s3cret", 1);
  ::unsetenv("RETORT_FLEET_TEST_UNSET");
  Result<Config> config = parse(
      "[fleet.t]\nurls = [\"sqlite:///a.db\", \"postgresql://u:${RETORT_FLEET_TEST_PASS}@h/b\"]\n"
      "[fleet.broken]\nurls = [\"sqlite:///a.db\",\n  \"${RETORT_FLEET_TEST_UNSET}\"]\n");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  Result<std::vector<FleetMember>> urls = fleet_members(*config, "t");
  ASSERT_TRUE(urls.ok()) << urls.error().describe();
  ASSERT_EQ(urls->size(), 2u);
  EXPECT_EQ((*urls)[0].url, "sqlite:///a.db");
  EXPECT_EQ((*urls)[1].url, "postgresql://u:s3cret@h/b");
  EXPECT_EQ((*urls)[1].line, 2);

  Result<std::vector<FleetMember>> broken = fleet_members(*config, "broken");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().line, 5);
  EXPECT_NE(broken.error().message.find("RETORT_FLEET_TEST_UNSET is not set"), std::string::npos);
}

TEST(FleetMembersTest, UnknownFleetNamesTheFleetsThereAre) {
  Result<Config> config =
      parse("[fleet.tenants]\nurls = [\"sqlite:///a.db\"]\n[fleet.shards]\nurls_command = \"x\"\n");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  Result<std::vector<FleetMember>> urls = fleet_members(*config, "tenant");
  ASSERT_FALSE(urls.ok());
  EXPECT_EQ(urls.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(urls.error().message, "there is no fleet \"tenant\" in /srv/app/retort.toml");
  EXPECT_EQ(urls.error().hint, "the fleets are: shards, tenants");
}

TEST(FleetMembersTest, CommandPrintsOneUrlPerLineBlankLinesIgnored) {
  Result<Config> config = parse(
      "[fleet.t]\nurls_command = \"printf 'sqlite:///a.db\\\\n\\\\n  sqlite:///b.db  \\\\n'\"\n");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  Result<std::vector<FleetMember>> urls = fleet_members(*config, "t");
  ASSERT_TRUE(urls.ok()) << urls.error().describe();
  ASSERT_EQ(urls->size(), 2u);
  EXPECT_EQ((*urls)[0].url, "sqlite:///a.db");
  EXPECT_EQ((*urls)[1].url, "sqlite:///b.db");
  EXPECT_EQ((*urls)[1].line, 2);
}

TEST(FleetMembersTest, FailingCommandIsBadInputWithItsStderr) {
  Result<Config> config =
      parse("[retort]\n[fleet.t]\nurls_command = \"echo 'tenants: no such table' >&2; exit 4\"\n");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  Result<std::vector<FleetMember>> urls = fleet_members(*config, "t");
  ASSERT_FALSE(urls.ok());
  EXPECT_EQ(urls.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(urls.error().line, 3);
  EXPECT_EQ(urls.error().message,
            "urls_command of [fleet.t] (`echo 'tenants: no such table' >&2; exit 4`) exited 4: "
            "tenants: no such table");
}

TEST(FleetMembersTest, CommandPrintingNothingIsBadInput) {
  Result<Config> config = parse("[fleet.t]\nurls_command = \"printf '\\\\n\\\\n'\"\n");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  Result<std::vector<FleetMember>> urls = fleet_members(*config, "t");
  ASSERT_FALSE(urls.ok());
  EXPECT_EQ(urls.error().line, 2);
  EXPECT_NE(urls.error().message.find("printed no URL"), std::string::npos);
}

TEST(FleetMembersTest, DuplicateMemberIsBadInput) {
  Result<Config> config = parse("[fleet.t]\nurls = [\"sqlite:///a.db\", \"sqlite:///a.db\"]\n");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  Result<std::vector<FleetMember>> urls = fleet_members(*config, "t");
  ASSERT_FALSE(urls.ok());
  EXPECT_EQ(urls.error().line, 2);
  EXPECT_EQ(urls.error().message, "[fleet.t] lists sqlite:///a.db twice");
}

TEST(FleetMembersTest, SchemaPerTenantNeedsPostgreSQL) {
  Result<Config> config = parse(
      "[retort]\n\n[fleet.schemas]\nurl = \"sqlite:///app.db\"\n"
      "schemas_query = \"select nspname from pg_namespace\"\nshared_schema = \"shared\"\n");
  ASSERT_TRUE(config.ok()) << config.error().describe();
  const FleetConfig& fleet = config->fleets.at("schemas");
  EXPECT_EQ(fleet.layout, FleetConfig::Layout::kSchemas);
  EXPECT_EQ(fleet.shared_schema.text, "shared");
  EXPECT_EQ(fleet.shared_schema.line, 6);
  Result<std::vector<FleetMember>> urls = fleet_members(*config, "schemas");
  ASSERT_FALSE(urls.ok());
  EXPECT_EQ(urls.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(urls.error().line, 4);
  EXPECT_EQ(urls.error().message,
            "a schema-per-tenant fleet needs PostgreSQL, and sqlite:///app.db is sqlite");
}

TEST(FleetMembersTest, SharedSchemaBelongsToTheSchemaLayoutOnly) {
  Result<Config> config =
      parse("[retort]\n\n[fleet.t]\nurls = [\"sqlite:///a.db\"]\nshared_schema = \"shared\"\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().line, 5);
  EXPECT_NE(config.error().message.find("has shared_schema, which only a schema-per-tenant fleet"),
            std::string::npos)
      << config.error().message;
}

}  // namespace
}  // namespace retort::migrations
