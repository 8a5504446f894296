// A version-table row that names a revision no file has (the file was
// deleted, or the database was migrated from another branch of the code):
// the revision files disagree with the database. Every command that reads
// the version table says so in the same words and exits 2, and nothing
// changes; `stamp --purge` is the way out.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

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

constexpr const char* kHeroWithAge =
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "  { name = \"age\", type = \"integer\", nullable = true },\n"
    "]\n";

class UnknownVersionRowTest : public ::testing::TestWithParam<const char*> {};

TEST_P(UnknownVersionRowTest, EveryCommandExits2WithOneMessage) {
  CliProject p(GetParam());
  p.write_models(kHero);
  const std::string rev1 = p.migrate("create hero");
  ASSERT_FALSE(rev1.empty());
  p.write_models(kHeroWithAge);
  const std::string rev2 = p.migrate("add age");
  ASSERT_FALSE(rev2.empty());
  std::filesystem::remove(p.revision_file("_add_age.toml"));
  const MetaData before = p.schema();

  const std::string message = "retort: error: the database is at revision " + rev2 +
                              ", which no revision file has\n"
                              "retort: hint: restore the missing revision file (`retort "
                              "verify` lists every applied revision whose file is missing or "
                              "edited), or run `retort stamp --purge REV` to record the "
                              "revision the schema really matches\n";
  const std::vector<std::vector<std::string>> commands = {
      {"current"},
      {"current", "-v"},
      {"current", "--check-heads"},
      {"stamp", "head"},
      {"stamp", rev1},
      {"upgrade", "head"},
      {"upgrade", "+1"},
      {"upgrade", "head", "--one-transaction"},
      {"downgrade", "base"},
      {"downgrade", "-1"},
      {"history", "--indicate-current"},
      {"history", "-r", "-1:"},
      {"show", "current"},
      {"revision", "--autogenerate", "-m", "more"},
      {"revision", "-m", "more", "--head", "current"},
      {"check"},
      {"diff", "--from", "current", "--to", "models"},
  };
  for (const std::vector<std::string>& args : commands) {
    std::string line;
    for (const std::string& a : args) line += " " + a;
    SCOPED_TRACE("retort" + line);
    ProcessResult r = p.retort(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.err, message) << r.describe();
    EXPECT_EQ(r.out, "") << r.describe();
    EXPECT_EQ(p.versions(), std::vector<std::string>{rev2});
  }
  EXPECT_EQ(p.revision_files().size(), 1u) << "a revision file was written";
  EXPECT_TRUE(p.schema() == before) << schema_text(p.schema());

  // The way out: record the revision the schema really matches.
  ProcessResult purge = p.retort({"stamp", "--purge", rev1});
  EXPECT_EQ(purge.exit_code, 0) << purge.describe();
  EXPECT_EQ(p.versions(), std::vector<std::string>{rev1});
  ProcessResult current = p.retort({"current"});
  EXPECT_EQ(current.exit_code, 0) << current.describe();
  EXPECT_EQ(current.out, rev1 + " (head)\n") << current.describe();
}

INSTANTIATE_TEST_SUITE_P(Dialects, UnknownVersionRowTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
