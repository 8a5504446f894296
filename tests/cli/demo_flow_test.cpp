// The README demo, end to end on each dialect: init, autogenerate, upgrade,
// edit the models, autogenerate, upgrade, check, diff, inspect, downgrade,
// current, history.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

class DemoFlowTest : public ::testing::TestWithParam<const char*> {};

// The demo's edit: hero gains a nickname with an index, and a mission table
// references hero.
std::string edited_models(std::string models) {
  const std::string anchor = "{ name = \"secret_name\", type = \"text\" },\n";
  std::size_t at = models.find(anchor);
  EXPECT_NE(at, std::string::npos) << "the example models changed:\n" << models;
  if (at == std::string::npos) return models;
  models.insert(
      at + anchor.size(),
      "  { name = \"nickname\", type = \"varchar(50)\", nullable = true, index = true },\n");
  models +=
      "\n[[table]]\n"
      "name = \"mission\"\n"
      "columns = [\n"
      "  { name = \"id\", type = \"integer\", primary_key = true },\n"
      "  { name = \"title\", type = \"varchar(200)\" },\n"
      "  { name = \"hero_id\", type = \"integer\", foreign_key = \"hero.id\", on_delete = "
      "\"cascade\" },\n"
      "]\n";
  return models;
}

TEST_P(DemoFlowTest, TutorialRunsEndToEnd) {
  CliProject p(GetParam(), /*with_config=*/false);

  ProcessResult init = p.retort({"init"});
  ASSERT_EQ(init.exit_code, 0) << init.describe();
  EXPECT_NE(init.out.find("retort.toml"), std::string::npos) << init.out;
  EXPECT_TRUE(std::filesystem::is_directory(p.versions_dir()));
  EXPECT_NE(p.read("models.toml").find("\"hero\""), std::string::npos);

  ProcessResult first = p.retort({"revision", "--autogenerate", "-m", "create team and hero"});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  EXPECT_NE(first.out.find("Generating migrations/versions/"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("_create_team_and_hero.toml ... done"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("team"), std::string::npos) << first.out;
  const std::string rev1 = generated_revision_id(first.out);
  ASSERT_EQ(rev1.size(), 12u) << first.out;

  ProcessResult up1 = p.retort({"upgrade", "head"});
  ASSERT_EQ(up1.exit_code, 0) << up1.describe();
  EXPECT_NE(up1.out.find("Running upgrade <base> -> " + rev1 + ", create team and hero"),
            std::string::npos)
      << up1.out;
  EXPECT_EQ(p.version(), rev1);

  ProcessResult current1 = p.retort({"current"});
  EXPECT_EQ(current1.exit_code, 0) << current1.describe();
  EXPECT_EQ(current1.out, rev1 + " (head)\n");

  p.write_models(edited_models(p.read("models.toml")));
  ProcessResult pending = p.retort({"check"});
  EXPECT_EQ(pending.exit_code, 1) << pending.describe();
  EXPECT_NE(pending.out.find("nickname"), std::string::npos) << pending.out;

  ProcessResult second = p.retort({"revision", "--autogenerate", "-m", "add nickname and mission"});
  ASSERT_EQ(second.exit_code, 0) << second.describe();
  const std::string rev2 = generated_revision_id(second.out);
  EXPECT_NE(second.out.find("nickname"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("mission"), std::string::npos) << second.out;

  ProcessResult up2 = p.retort({"upgrade", "head"});
  ASSERT_EQ(up2.exit_code, 0) << up2.describe();
  EXPECT_NE(up2.out.find("Running upgrade " + rev1 + " -> " + rev2 + ", add nickname and mission"),
            std::string::npos)
      << up2.out;
  EXPECT_EQ(p.version(), rev2);

  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();

  ProcessResult diff = p.retort({"diff", "--format", "json"});
  EXPECT_EQ(diff.exit_code, 0) << diff.describe();
  EXPECT_EQ(nlohmann::json::parse(diff.out), nlohmann::json::parse(R"({"ops": []})")) << diff.out;

  ProcessResult inspect = p.retort({"inspect"});
  EXPECT_EQ(inspect.exit_code, 0) << inspect.describe();
  for (const char* name : {"team", "hero", "mission", "nickname", "hero_id"}) {
    EXPECT_NE(inspect.out.find(name), std::string::npos) << name << "\n" << inspect.out;
  }
  EXPECT_EQ(inspect.out.find("retort_version"), std::string::npos) << inspect.out;

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_NE(down.out.find("Running downgrade " + rev2 + " -> " + rev1), std::string::npos)
      << down.out;
  EXPECT_EQ(p.version(), rev1);
  EXPECT_EQ(p.schema().find_table("", "mission"), nullptr);

  ProcessResult current2 = p.retort({"current"});
  EXPECT_EQ(current2.exit_code, 0) << current2.describe();
  EXPECT_EQ(current2.out, rev1 + "\n");

  ProcessResult history = p.retort({"history", "--indicate-current"});
  EXPECT_EQ(history.exit_code, 0) << history.describe();
  EXPECT_EQ(history.out, rev1 + " -> " + rev2 + " (head), add nickname and mission\n" +
                             "<base> -> " + rev1 + " (current), create team and hero\n");
}

INSTANTIATE_TEST_SUITE_P(Dialects, DemoFlowTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
