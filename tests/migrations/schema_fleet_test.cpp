// What a schema-per-tenant fleet shares (migrations/internal/schema_fleet.hpp):
// the enums the shared step makes from the revisions, and run_fleet()'s
// refusal of compiled models that name a schema, before any member
// connects. The runs themselves are tested end to end in
// tests/cli/fleet_schemas_test.cpp.
#include "migrations/internal/schema_fleet.hpp"

#include <gtest/gtest.h>

#include "migrations/fleet.hpp"
#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

Revision revision(std::string id, std::string parent, std::vector<Op> upgrade) {
  Revision rev;
  rev.id = std::move(id);
  if (!parent.empty()) rev.down_revisions = {std::move(parent)};
  rev.upgrade = std::move(upgrade);
  return rev;
}

TEST(SharedEnumsTest, EveryEnumWithEveryValueAnyRevisionGivesIt) {
  Enum mood{.schema = {}, .name = "mood", .values = {"happy", "sad"}, .line = 0};
  Enum size{.schema = {}, .name = "size", .values = {"s", "l"}, .line = 0};
  std::vector<Revision> revisions;
  revisions.push_back(revision("a00000000001", "", {CreateEnum{mood}, CreateEnum{size}}));
  // A value between two others, then one at the end.
  revisions.push_back(revision(
      "a00000000002", "a00000000001",
      {AlterEnum{
          .schema = {}, .name = "size", .values = {"s", "m", "l"}, .existing = {"s", "l"}}}));
  revisions.push_back(revision("a00000000003", "a00000000002",
                               {AlterEnum{.schema = {},
                                          .name = "mood",
                                          .values = {"happy", "sad", "angry"},
                                          .existing = {"happy", "sad"}}}));
  // A later drop does not take the type away: a tenant behind may use it.
  revisions.push_back(revision("a00000000004", "a00000000003", {DropEnum{size}}));
  Result<RevisionGraph> graph = RevisionGraph::build(std::move(revisions));
  ASSERT_TRUE(graph.ok()) << graph.error().describe();

  const std::vector<Enum> enums = shared_enums(*graph);
  ASSERT_EQ(enums.size(), 2u);
  EXPECT_EQ(enums[0].name, "mood");
  EXPECT_EQ(enums[0].values, (std::vector<std::string>{"happy", "sad", "angry"}));
  EXPECT_EQ(enums[1].name, "size");
  EXPECT_EQ(enums[1].values, (std::vector<std::string>{"s", "m", "l"}));
}

TEST(SchemaFleetTest, CompiledModelsNamingASchemaAreRefusedBeforeAnyMemberConnects) {
  retort::testing::TestDatabase db("sqlite");
  std::filesystem::create_directories(db.dir() / "migrations" / "versions");
  Result<Config> config =
      parse_config("[retort]\n", db.dir() / "retort.toml", std::string("sqlite://"));
  ASSERT_TRUE(config.ok()) << config.error().describe();
  MetaData models;
  Table audit;
  audit.schema = "audit";
  audit.name = "event";
  models.tables.push_back(audit);
  FleetOptions options;
  options.models = &models;
  bool ran = false;
  options.on_start = [&ran](const MemberReport&) { ran = true; };
  // The member's URL is never connected to.
  const std::vector<FleetMember> members = {
      {.url = "postgresql://nobody@/nowhere?host=/nonexistent",
       .line = 3,
       .schema = "tenant_a",
       .shared_schema = {}}};
  Result<FleetReport> report = run_fleet(*config, members, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(report.error().file, "the compiled models");
  EXPECT_EQ(report.error().message,
            "model table audit.event names a schema, which a schema-per-tenant fleet refuses");
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace retort::migrations
