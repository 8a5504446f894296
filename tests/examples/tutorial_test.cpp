// examples/tutorial, run as a user would on a new database of each
// dialect: its whole output is the expected transcript
// (examples/tutorial/expected_output.txt), the same on both; --echo logs
// the statements to stderr without changing it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/cli/process.hpp"
#include "tests/support/test_database.hpp"

namespace retort::testing {
namespace {

using ::testing::HasSubstr;

std::string expected_output() {
  std::ifstream in(std::string(TUTORIAL_DIR) + "/expected_output.txt");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class TutorialTest : public ::testing::TestWithParam<const char*> {
 protected:
  ProcessResult tutorial(const TestDatabase& db, std::vector<std::string> args) const {
    ProcessOptions options;
    options.cwd = db.dir();
    args.insert(args.begin(), db.url());
    return run_process(TUTORIAL_BINARY, args, options);
  }
};

TEST_P(TutorialTest, PrintsTheExpectedTranscript) {
  TestDatabase db(GetParam());
  ASSERT_FALSE(db.url().empty());
  ProcessResult r = tutorial(db, {});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.out, expected_output());
  EXPECT_EQ(r.err, "");
}

TEST_P(TutorialTest, EchoLogsTheStatementsToStderr) {
  TestDatabase db(GetParam());
  ASSERT_FALSE(db.url().empty());
  ProcessResult r = tutorial(db, {"--echo"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.out, expected_output());
  EXPECT_THAT(r.err, HasSubstr("retort: BEGIN -- 0 parameters\n"));
  EXPECT_THAT(r.err, HasSubstr("retort: CREATE TABLE"));
  EXPECT_THAT(r.err, HasSubstr("retort: INSERT INTO \"hero\""));
  EXPECT_THAT(r.err, HasSubstr("JOIN \"team\""));
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("Dive Wilson")));  // values are never logged
}

INSTANTIATE_TEST_SUITE_P(Dialects, TutorialTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
