// Bad input: exit 2, a message naming the file (and line where there is
// one), and a database left exactly as it was.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kModels =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

// Starts every test from a database at its one revision.
class BadInputTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    p_.write_models(kModels);
    rev1_ = p_.migrate("create team");
    ASSERT_FALSE(rev1_.empty());
    schema_ = p_.schema();
    files_ = p_.revision_files().size();
  }

  // Runs a command that must refuse: exit 2, the error naming `where` (a
  // regex: file and line), and nothing changed.
  void expect_refused(const std::vector<std::string>& args, const std::string& where,
                      const std::string& also = "") {
    ProcessResult r = p_.retort(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.err.rfind("retort: error: ", 0), 0u) << r.describe();
    EXPECT_TRUE(std::regex_search(r.err, std::regex(where))) << "expected /" << where << "/\n"
                                                             << r.describe();
    if (!also.empty()) {
      EXPECT_NE(r.err.find(also), std::string::npos) << r.describe();
    }
    EXPECT_NE(r.err.find("\nretort: hint: "), std::string::npos) << r.describe();
    expect_untouched();
  }

  void expect_untouched() {
    EXPECT_EQ(p_.version(), rev1_);
    const MetaData now = p_.schema();
    EXPECT_TRUE(now == schema_) << schema_text(now);
  }

  // models.toml with one table whose column lines are `columns`.
  void write_models_with(const std::string& columns, const std::string& extra = "") {
    p_.write_models(std::string(kModels) + "\n[[table]]\nname = \"hero\"\ncolumns = [\n" +
                    "  { name = \"id\", type = \"integer\", primary_key = true },\n" + columns +
                    "]\n" + extra);
  }

  void expect_models_refused(const std::string& line_and_more, const std::string& also) {
    expect_refused({"revision", "--autogenerate", "-m", "more"}, "models\\.toml:" + line_and_more,
                   also);
    EXPECT_EQ(p_.revision_files().size(), files_) << "a revision file was written";
    expect_refused({"check"}, "models\\.toml:" + line_and_more, also);
  }

  CliProject p_{GetParam()};
  std::string rev1_;
  MetaData schema_;
  std::size_t files_ = 0;
};

TEST_P(BadInputTest, MalformedConfig) {
  p_.write("retort.toml", "[retort]\nscript_location = \"migrations\"\nmodels = \n");
  expect_refused({"upgrade", "head"}, "retort\\.toml:3");
}

TEST_P(BadInputTest, MalformedModels) {
  p_.write_models(std::string(kModels) + "\n[[table]\nname = \"hero\"\n");
  expect_models_refused("8", "");
}

TEST_P(BadInputTest, MalformedRevisionFile) {
  p_.write("migrations/versions/bad_revision.toml",
           "revision = \"abcdef123456\"\ndown_revision = [\n");
  expect_refused({"upgrade", "head"}, "bad_revision\\.toml:\\d+");
  expect_refused({"history"}, "bad_revision\\.toml:\\d+");
}

TEST_P(BadInputTest, UnknownType) {
  write_models_with("  { name = \"age\", type = \"integr\" },\n");
  expect_models_refused("12", "integr");
}

TEST_P(BadInputTest, IndexOnMissingColumn) {
  write_models_with("  { name = \"age\", type = \"integer\" },\n",
                    "indexes = [ { name = \"ix_hero_power\", columns = [\"power\"] } ]\n");
  expect_models_refused("\\d+", "power");
}

TEST_P(BadInputTest, ForeignKeyToMissingTable) {
  write_models_with("  { name = \"guild_id\", type = \"integer\", foreign_key = \"guild.id\" },\n");
  expect_models_refused("12", "guild");
}

TEST_P(BadInputTest, ForeignKeyToMissingColumn) {
  write_models_with("  { name = \"team_id\", type = \"integer\", foreign_key = \"team.code\" },\n");
  expect_models_refused("12", "code");
}

TEST_P(BadInputTest, DuplicateTable) {
  p_.write_models(std::string(kModels) + "\n" + kModels);
  expect_models_refused("\\d+", "team");
}

TEST_P(BadInputTest, DuplicateColumn) {
  write_models_with(
      "  { name = \"age\", type = \"integer\" },\n  { name = \"age\", type = \"text\" },\n");
  expect_models_refused("13", "age");
}

TEST_P(BadInputTest, DuplicateRevisionId) {
  const std::filesystem::path original = p_.revision_files().front();
  p_.write("migrations/versions/" + rev1_ + "_copy.toml", p_.read(original));
  expect_refused({"upgrade", "head"}, rev1_ + "_copy\\.toml", rev1_);
}

TEST_P(BadInputTest, MissingDownRevision) {
  p_.write("migrations/versions/orphan_rev.toml",
           "revision = \"0123456789ab\"\ndown_revision = \"ffffffffffff\"\nmessage = \"orphan\"\n");
  expect_refused({"upgrade", "head"}, "orphan_rev\\.toml", "ffffffffffff");
}

TEST_P(BadInputTest, UnknownRevisionIdentifier) {
  expect_refused({"upgrade", "nowhere"}, "nowhere");
  expect_refused({"downgrade", "nowhere"}, "nowhere");
  expect_refused({"show", "nowhere"}, "nowhere");
}

TEST_P(BadInputTest, AmbiguousRevisionIdentifier) {
  ASSERT_EQ(p_.retort({"revision", "-m", "a", "--rev-id", "abcd11112222"}).exit_code, 0);
  ASSERT_EQ(p_.retort({"revision", "-m", "b", "--rev-id", "abcd33334444"}).exit_code, 0);
  expect_refused({"upgrade", "abcd"}, "abcd11112222", "abcd33334444");
  expect_refused({"show", "abcd"}, "abcd11112222", "abcd33334444");
}

TEST_P(BadInputTest, AutogenerateWhenNotAtHead) {
  ASSERT_EQ(p_.retort({"revision", "-m", "manual", "--rev-id", "beef00000001"}).exit_code, 0);
  files_ = p_.revision_files().size();
  expect_refused({"revision", "--autogenerate", "-m", "more"}, "beef00000001|head");
  EXPECT_EQ(p_.revision_files().size(), files_);
}

INSTANTIATE_TEST_SUITE_P(Dialects, BadInputTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
