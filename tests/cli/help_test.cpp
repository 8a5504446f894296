// --help for every command, usage errors, and the colour rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"
#include "tests/cli/process.hpp"

namespace retort::testing {
namespace {

struct HelpCase {
  std::string command;
  std::vector<std::string> mentions;
};

class CommandHelpTest : public ::testing::TestWithParam<HelpCase> {};

TEST_P(CommandHelpTest, ExitsZeroAndMentionsEveryOption) {
  const HelpCase& c = GetParam();
  ProcessResult r = run_retort(std::filesystem::temp_directory_path(), {c.command, "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(r.err.empty()) << r.describe();
  for (const std::string& word : c.mentions) {
    EXPECT_NE(r.out.find(word), std::string::npos)
        << "help of " << c.command << " lacks " << word << "\n"
        << r.out;
  }
  // Global options reach every command.
  EXPECT_NE(r.out.find("--config"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--url"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--fleet"), std::string::npos) << r.out;
}

INSTANTIATE_TEST_SUITE_P(
    Commands, CommandHelpTest,
    ::testing::Values(
        HelpCase{"init", {"DIR", "retort.toml", "models.toml"}},
        HelpCase{"revision",
                 {"-m", "--message", "--autogenerate", "--rev-id", "--head", "--splice",
                  "--branch-label", "--depends-on"}},
        HelpCase{"upgrade",
                 {"TARGET", "--sql", "head", "heads", "LABEL@head", "--jobs", "--on-error",
                  "--canary", "--format", "--output-dir", "docs/fleets.md"}},
        HelpCase{"downgrade", {"TARGET", "--sql", "base"}},
        HelpCase{"current",
                 {"-v", "--verbose", "--check-heads", "--jobs", "--on-error", "--canary",
                  "--format", "docs/fleets.md"}},
        HelpCase{"history", {"-r", "--rev-range", "-v", "--indicate-current"}},
        HelpCase{"heads", {"-v"}}, HelpCase{"branches", {"-v", "branch point"}},
        HelpCase{"merge", {"REV", "-m", "--branch-label", "--rev-id", "heads"}},
        HelpCase{"squash",
                 {"RANGE", "-m", "--rev-id", "--no-simplify", "replaces", "Delete the replaced"}},
        HelpCase{"show", {"REV"}},
        HelpCase{"stamp", {"REV", "--purge", "--jobs", "--canary", "docs/fleets.md"}},
        HelpCase{"check", {"Exit codes"}},
        HelpCase{"diff", {"--from", "--to", "--format", "text", "json", "sql"}},
        HelpCase{"inspect", {"--format", "toml", "json", "sql", "--table"}},
        HelpCase{"codegen", {"cpp", "MODELS.toml", "--output", "--namespace"}}),
    [](const ::testing::TestParamInfo<HelpCase>& info) { return info.param.command; });

TEST(RetortHelp, TopLevelListsEveryCommand) {
  ProcessResult r = run_retort(std::filesystem::temp_directory_path(), {"--help"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  for (const char* command :
       {"init", "revision", "upgrade", "downgrade", "current", "history", "heads", "branches",
        "merge", "squash", "show", "stamp", "check", "diff", "inspect", "codegen", "LABEL@head"}) {
    EXPECT_NE(r.out.find(command), std::string::npos) << command << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("Exit codes"), std::string::npos) << r.out;
}

TEST(RetortUsage, UnknownOptionExitsTwoWithErrorAndHint) {
  ProcessResult r = run_retort(std::filesystem::temp_directory_path(), {"upgrade", "--bogus"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_EQ(r.err.rfind("retort: error: ", 0), 0u) << r.describe();
  EXPECT_NE(r.err.find("--bogus"), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("\nretort: hint: "), std::string::npos) << r.describe();
  EXPECT_NE(r.err.find("retort upgrade --help"), std::string::npos) << r.describe();
  EXPECT_TRUE(r.out.empty()) << r.describe();
}

TEST(RetortUsage, NoCommandExitsTwo) {
  ProcessResult r = run_retort(std::filesystem::temp_directory_path(), {});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_EQ(r.err.rfind("retort: error: ", 0), 0u) << r.describe();
}

TEST(RetortUsage, UnknownCommandIsNamed) {
  ProcessResult r = run_retort(std::filesystem::temp_directory_path(), {"upgrad", "head"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("retort: error: unknown command 'upgrad'"), std::string::npos)
      << r.describe();
  EXPECT_NE(r.err.find("retort --help"), std::string::npos) << r.describe();
}

TEST(RetortUsage, BadFormatValueExitsTwo) {
  ProcessResult r =
      run_retort(std::filesystem::temp_directory_path(), {"diff", "--format", "yaml"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("yaml"), std::string::npos) << r.describe();
}

TEST(RetortUsage, MissingMessageExitsTwo) {
  ProcessResult r = run_retort(std::filesystem::temp_directory_path(), {"revision"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("--message"), std::string::npos) << r.describe();
}

TEST(RetortUsage, DowngradeWithoutTargetExitsTwo) {
  ProcessResult r = run_retort(std::filesystem::temp_directory_path(), {"downgrade"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("TARGET"), std::string::npos) << r.describe();
}

TEST(RetortUsage, MissingConfigExitsTwoNamingIt) {
  ProcessResult r = run_retort(std::filesystem::temp_directory_path(),
                               {"-c", "/nonexistent/retort.toml", "heads"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("/nonexistent/retort.toml"), std::string::npos) << r.describe();
}

// Colour appears on a terminal, and NO_COLOR turns it off.
class ColourTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessResult made = project_.retort({"revision", "-m", "first", "--rev-id", "aaaa11112222"});
    ASSERT_EQ(made.exit_code, 0) << made.describe();
  }
  ProcessResult heads_on_terminal(std::optional<std::string> no_colour) {
    ProcessOptions options;
    options.cwd = project_.dir();
    options.env = {{"NO_COLOR", no_colour}, {"RETORT_URL", project_.url()}};
    options.stdout_is_terminal = true;
    return run_process(RETORT_BINARY, {"heads"}, options);
  }
  CliProject project_{"sqlite"};
};

TEST_F(ColourTest, TerminalGetsColour) {
  ProcessResult r = heads_on_terminal(std::nullopt);
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("aaaa11112222"), std::string::npos) << r.describe();
  EXPECT_NE(r.out.find("\x1b["), std::string::npos) << r.describe();
}

TEST_F(ColourTest, NoColorIsRespected) {
  ProcessResult r = heads_on_terminal("1");
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("aaaa11112222"), std::string::npos) << r.describe();
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << r.describe();
}

TEST_F(ColourTest, PipedOutputIsPlain) {
  ProcessResult r = project_.retort({"heads"}, {{"NO_COLOR", std::nullopt}});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.out, "aaaa11112222 (head), first\n") << r.describe();
}

}  // namespace
}  // namespace retort::testing
