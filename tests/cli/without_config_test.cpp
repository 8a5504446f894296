// Outside any project (no retort.toml, no -c), the commands that need only a
// database run from --url or RETORT_URL: inspect, current, and diff between
// two databases. Every other command says it needs a project, and which
// commands do not.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kNeedsProject = "this command needs a project";

class WithoutConfigTest : public ::testing::TestWithParam<const char*> {
 protected:
  WithoutConfigTest() : p_(GetParam(), /*with_config=*/false) {
    p_.execute("CREATE TABLE hero (id integer PRIMARY KEY, name varchar(100) NOT NULL)");
  }

  // retort with --url and no RETORT_URL.
  ProcessResult with_url(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--url", p_.url()});
    return p_.retort(args, {{"RETORT_URL", std::nullopt}});
  }
  // retort with neither --url nor RETORT_URL.
  ProcessResult without_url(const std::vector<std::string>& args) const {
    return p_.retort(args, {{"RETORT_URL", std::nullopt}});
  }

  CliProject p_;
};

TEST_P(WithoutConfigTest, InspectReadsTheDatabase) {
  ASSERT_FALSE(std::filesystem::exists(p_.dir() / "retort.toml"));
  for (const ProcessResult& r : {with_url({"inspect"}), p_.retort({"inspect"})}) {
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_NE(r.out.find("name = \"hero\""), std::string::npos) << r.describe();
    EXPECT_EQ(r.err, "") << r.describe();
  }
  ProcessResult sql = with_url({"inspect", "--format", "sql", "--table", "hero"});
  EXPECT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("CREATE TABLE"), std::string::npos) << sql.describe();
  EXPECT_FALSE(std::filesystem::exists(p_.dir() / "retort.toml"));
}

TEST_P(WithoutConfigTest, CurrentReadsTheVersionTable) {
  ProcessResult base = with_url({"current"});
  EXPECT_EQ(base.exit_code, 0) << base.describe();
  EXPECT_EQ(base.out, "<base>\n") << base.describe();

  p_.execute("CREATE TABLE retort_version (version_num varchar(32) NOT NULL PRIMARY KEY)");
  p_.execute("INSERT INTO retort_version (version_num) VALUES ('a1b2c3d4e5f6')");
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"current"}, {"current", "-v"}}) {
    ProcessResult r = with_url(args);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_NE(r.out.find("a1b2c3d4e5f6\n"), std::string::npos) << r.describe();
  }

  // Comparing with the heads needs the revision files.
  ProcessResult heads = with_url({"current", "--check-heads"});
  EXPECT_EQ(heads.exit_code, 2) << heads.describe();
  EXPECT_NE(heads.err.find("current --check-heads needs a project"), std::string::npos)
      << heads.describe();
}

TEST_P(WithoutConfigTest, DiffComparesTwoDatabases) {
  ProcessResult same = without_url({"diff", "--from", p_.url(), "--to", p_.url()});
  EXPECT_EQ(same.exit_code, 0) << same.describe();
  EXPECT_NE(same.out.find("No differences"), std::string::npos) << same.describe();

  // An empty SQLite file: everything in the database is dropped on the way.
  ProcessResult to_empty = with_url({"diff", "--from", "db", "--to", "sqlite:///empty.db"});
  EXPECT_EQ(to_empty.exit_code, 1) << to_empty.describe();
  EXPECT_NE(to_empty.out.find("drop table hero"), std::string::npos) << to_empty.describe();

  // The models and the revisions belong to a project.
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"diff"}, {"diff", "--from", "db", "--to", "head"}}) {
    ProcessResult r = with_url(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find("needs a project, and there is no retort.toml here"), std::string::npos)
        << r.describe();
  }
  ProcessResult no_url = without_url({"diff", "--from", "db", "--to", p_.url()});
  EXPECT_EQ(no_url.exit_code, 2) << no_url.describe();
  EXPECT_NE(no_url.err.find("no database URL"), std::string::npos) << no_url.describe();
}

TEST_P(WithoutConfigTest, DatabaseCommandsWithoutAUrlSayWhatIsMissing) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"inspect"}, {"current"}}) {
    ProcessResult r = without_url(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.err.rfind("retort: error: there is no retort.toml here and no database URL\n", 0),
              0u)
        << r.describe();
    EXPECT_NE(r.err.find("pass --url URL"), std::string::npos) << r.describe();
  }
}

TEST_P(WithoutConfigTest, ProjectCommandsSayTheyNeedAProject) {
  const std::vector<std::vector<std::string>> commands = {
      {"upgrade", "head"},
      {"upgrade", "head", "--sql"},
      {"downgrade", "base"},
      {"stamp", "head"},
      {"history"},
      {"heads"},
      {"branches"},
      {"show", "head"},
      {"check"},
      {"revision", "-m", "x"},
      {"merge", "heads", "-m", "x"},
  };
  for (const std::vector<std::string>& args : commands) {
    SCOPED_TRACE(args.front());
    ProcessResult r = with_url(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.err.rfind("retort: error: retort.toml: cannot read config file retort.toml: No "
                          "such file or directory\n",
                          0),
              0u)
        << r.describe();
    EXPECT_NE(r.err.find(kNeedsProject), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find("inspect, current and diff between two databases"), std::string::npos)
        << r.describe();
  }
  EXPECT_FALSE(std::filesystem::exists(p_.dir() / "migrations"));
}

TEST_P(WithoutConfigTest, AnExplicitConfigMustExist) {
  ProcessResult r = with_url({"-c", "missing.toml", "inspect"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("cannot read config file missing.toml"), std::string::npos) << r.describe();
}

INSTANTIATE_TEST_SUITE_P(Dialects, WithoutConfigTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
