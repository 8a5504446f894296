// retort::cli::main(argc, argv, metadata): a program's own binary is the
// retort CLI, comparing the database with its compiled models; models.toml is
// never read. Two builds of one program (tests/embed/embed_app.cpp), the
// second with one more column, on both dialects.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class EmbeddedCliTest : public ::testing::TestWithParam<const char*> {
 protected:
  EmbeddedCliTest() : project_(GetParam()) {}

  ProcessResult run(const char* program, const std::vector<std::string>& args) const {
    ProcessOptions options;
    options.cwd = project_.dir();
    options.env = {{"RETORT_URL", project_.url()}, {"NO_COLOR", "1"}};
    return run_process(program, args, options);
  }

  CliProject project_;
};

TEST_P(EmbeddedCliTest, AutogeneratesUpgradesAndChecksAgainstTheCompiledModels) {
  ASSERT_FALSE(std::filesystem::exists(project_.dir() / "models.toml"));

  ProcessResult made = run(RETORT_EMBED_V1, {"revision", "--autogenerate", "-m", "init"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::string init = project_.read(project_.revision_file("init"));
  EXPECT_EQ(count(init, "op = \"create_table\""), 2u) << init;
  EXPECT_THAT(init, HasSubstr("table = \"hero\""));
  EXPECT_THAT(init, HasSubstr("foreign_key = \"team.id\", on_delete = \"set null\""));

  ProcessResult up = run(RETORT_EMBED_V1, {"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  ProcessResult check = run(RETORT_EMBED_V1, {"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_THAT(check.out, HasSubstr("No differences"));
  ProcessResult diff = run(RETORT_EMBED_V1, {"diff"});
  EXPECT_EQ(diff.exit_code, 0) << diff.describe();

  // One more column in the program: check, diff and autogenerate see it.
  ProcessResult stale = run(RETORT_EMBED_V2, {"check"});
  EXPECT_EQ(stale.exit_code, 1) << stale.describe();
  EXPECT_THAT(stale.out, HasSubstr("hero.nickname"));
  ProcessResult diff2 = run(RETORT_EMBED_V2, {"diff", "--from", "head", "--to", "models"});
  EXPECT_EQ(diff2.exit_code, 1) << diff2.describe();
  EXPECT_THAT(diff2.out, HasSubstr("hero.nickname"));

  ProcessResult add = run(RETORT_EMBED_V2, {"revision", "--autogenerate", "-m", "nickname"});
  ASSERT_EQ(add.exit_code, 0) << add.describe();
  const std::string nickname = project_.read(project_.revision_file("nickname"));
  EXPECT_EQ(count(nickname, "[[upgrade]]"), 1u) << nickname;
  EXPECT_THAT(nickname, HasSubstr("op = \"add_column\"\ntable = \"hero\"\n"
                                  "column = { name = \"nickname\", type = \"varchar(40)\", "
                                  "nullable = true }"));
  ProcessResult up2 = run(RETORT_EMBED_V2, {"upgrade", "head"});
  ASSERT_EQ(up2.exit_code, 0) << up2.describe();
  ProcessResult check2 = run(RETORT_EMBED_V2, {"check"});
  EXPECT_EQ(check2.exit_code, 0) << check2.describe();
  EXPECT_FALSE(std::filesystem::exists(project_.dir() / "models.toml"));
}

TEST_P(EmbeddedCliTest, NeedsNoModelsKeyAndSaysTheModelsAreCompiledIn) {
  project_.write("retort.toml", "[retort]\nscript_location = \"migrations\"\n");
  ProcessResult made = run(RETORT_EMBED_V1, {"revision", "--autogenerate", "-m", "init"});
  EXPECT_EQ(made.exit_code, 0) << made.describe();

  ProcessResult help = run(RETORT_EMBED_V1, {"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.describe();
  EXPECT_THAT(help.out, HasSubstr("The models are compiled in"));
  EXPECT_THAT(help.out, Not(HasSubstr("Declare tables in models.toml")));
}

TEST_P(EmbeddedCliTest, ADatabaseBehindHeadIsStillRefused) {
  ASSERT_EQ(run(RETORT_EMBED_V1, {"revision", "--autogenerate", "-m", "init"}).exit_code, 0);
  ProcessResult check = run(RETORT_EMBED_V1, {"check"});
  EXPECT_EQ(check.exit_code, 2) << check.describe();
  EXPECT_THAT(check.err, HasSubstr("not at head"));
}

INSTANTIATE_TEST_SUITE_P(Dialects, EmbeddedCliTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
