// A revision whose third op fails: exit 3, the error names the revision
// file, and the schema and version table are exactly as before it.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kHero =
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

constexpr const char* kHeroWithNickname =
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "  { name = \"nickname\", type = \"varchar(50)\", nullable = true, index = true },\n"
    "]\n";

class FailingRevisionTest : public ::testing::TestWithParam<const char*> {};

TEST_P(FailingRevisionTest, ThirdOpFailsAndEverythingRollsBack) {
  CliProject p(GetParam());
  p.write_models(kHero);
  const std::string rev1 = p.migrate("create hero");
  ASSERT_FALSE(rev1.empty());
  p.execute("INSERT INTO hero (id, name) VALUES (1, 'Deadpond')");

  // Ops 1 and 2 (add column, create index) come from autogenerate; op 3 is
  // an execute with bad SQL, appended to the upgrade list.
  p.write_models(kHeroWithNickname);
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "broken"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::filesystem::path file = p.revision_file("_broken.toml");
  p.write(file, p.read(file) + "\n[[upgrade]]\nop = \"execute\"\nsql = \"THIS IS NOT SQL\"\n");
  ProcessResult shown = p.retort({"show", "head"});
  ASSERT_EQ(shown.exit_code, 0) << shown.describe();
  EXPECT_NE(shown.out.find("Upgrade (3 ops)"), std::string::npos) << shown.out;

  const MetaData before = p.schema();
  ProcessResult up = p.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 3) << up.describe();
  EXPECT_EQ(up.err.rfind("retort: error: ", 0), 0u) << up.describe();
  EXPECT_NE(up.err.find(file.filename().string()), std::string::npos) << up.describe();
  EXPECT_NE(up.err.find("THIS IS NOT SQL"), std::string::npos) << up.describe();
  EXPECT_NE(up.err.find("\nretort: hint: "), std::string::npos) << up.describe();

  EXPECT_EQ(p.version(), rev1);
  const MetaData after = p.schema();
  EXPECT_TRUE(after == before) << "before:\n"
                               << schema_text(before) << "\nafter:\n"
                               << schema_text(after);
  EXPECT_EQ(p.query("SELECT id, name FROM hero"),
            (std::vector<std::vector<std::string>>{{"1", "Deadpond"}}));
  ProcessResult current = p.retort({"current"});
  EXPECT_EQ(current.out, rev1 + "\n") << current.describe();
}

INSTANTIATE_TEST_SUITE_P(Dialects, FailingRevisionTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
