// `retort lint` end to end on both dialects: by default the revisions the
// database has not applied, each finding at its op's file and line; exit 0
// on warnings, 1 with --strict or on an error; a finding a revision
// acknowledges (lint_ignore) never fails; --format json; --offline needs
// the revisions named; a bad lint_ignore is refused at its line with the
// database untouched (the rules one by one: tests/migrations/lint_test.cpp).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kHero = R"t(
[[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "text" },
  { name = "age", type = "integer", nullable = true },
]
)t";

constexpr const char* kHeroWithoutAge = R"t(
[[table]]
name = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "text" },
]
)t";

class LintCliTest : public ::testing::TestWithParam<const char*> {
 protected:
  // hero applied; a second revision that drops hero.age, not applied.
  void SetUp() override {
    p_.write_models(kHero);
    ASSERT_FALSE(p_.migrate("heroes").empty());
    p_.write_models(kHeroWithoutAge);
    ProcessResult rev = p_.retort({"revision", "--autogenerate", "-m", "no age"});
    ASSERT_EQ(rev.exit_code, 0) << rev.describe();
    file_ = p_.revision_file("no_age");
  }

  // The line of the first `[[upgrade]]` in the pending revision.
  int upgrade_line() const {
    const std::string text = p_.read(file_);
    int line = 1;
    for (std::size_t i = 0; i < text.find("[[upgrade]]"); ++i) line += text[i] == '\n' ? 1 : 0;
    return line;
  }

  CliProject p_{GetParam()};
  std::filesystem::path file_;
};

TEST_P(LintCliTest, UnappliedRevisionsAreLintedAtTheirOpsLine) {
  ProcessResult r = p_.retort({"lint"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  const std::string where = file_.filename().string() + ":" + std::to_string(upgrade_line()) +
                            ": warning [drop-column] drop column hero.age";
  EXPECT_NE(r.out.find(where), std::string::npos) << r.describe();
  EXPECT_NE(r.out.find("safe: "), std::string::npos) << r.describe();
  EXPECT_NE(r.out.find("1 revision(s)"), std::string::npos) << r.describe();

  ProcessResult strict = p_.retort({"lint", "--strict"});
  EXPECT_EQ(strict.exit_code, 1) << strict.describe();
  // Every revision, the applied one too (it creates hero: nothing to say).
  ProcessResult all = p_.retort({"lint", "--all", "--strict"});
  EXPECT_EQ(all.exit_code, 1) << all.describe();
  EXPECT_NE(all.out.find("2 revision(s)"), std::string::npos) << all.describe();
}

TEST_P(LintCliTest, AnAcknowledgedFindingFailsNothing) {
  std::string text = p_.read(file_);
  text.insert(text.find("[[upgrade]]"),
              "lint_ignore = [{ code = \"drop-column\", reason = \"nothing reads age\" }]\n\n");
  p_.write(file_, text);
  ProcessResult r = p_.retort({"lint", "--strict"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("acknowledged [drop-column]"), std::string::npos) << r.describe();
  EXPECT_NE(r.out.find("acknowledged: nothing reads age"), std::string::npos) << r.describe();
}

TEST_P(LintCliTest, JsonListsEveryFinding) {
  ProcessResult r = p_.retort({"lint", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["dialect"], GetParam());
  EXPECT_EQ(j["revisions"], 1);
  ASSERT_EQ(j["findings"].size(), 1u) << r.out;
  const nlohmann::json& f = j["findings"][0];
  EXPECT_EQ(f["code"], "drop-column");
  EXPECT_EQ(f["severity"], "warning");
  EXPECT_EQ(f["line"], upgrade_line());
  EXPECT_EQ(f["op"], "drop column hero.age");
  EXPECT_EQ(f["acknowledged"], false);
  EXPECT_TRUE(f["reason"].is_null());
  for (const char* key : {"revision", "file", "message", "safe"}) {
    EXPECT_TRUE(f[key].is_string()) << key << ": " << r.out;
  }
}

TEST_P(LintCliTest, OfflineNeedsTheRevisionsNamed) {
  ProcessResult bare = p_.retort({"lint", "--offline"});
  EXPECT_EQ(bare.exit_code, 2) << bare.describe();
  EXPECT_NE(bare.err.find("--offline lints the revisions named"), std::string::npos)
      << bare.describe();
  // Named, it needs no database: a URL nothing listens on still works.
  const std::string nowhere = GetParam() == std::string("sqlite")
                                  ? "sqlite:////nonexistent/dir/db.sqlite"
                                  : "postgresql://nobody@/none?host=/nonexistent";
  ProcessResult named =
      p_.retort({"lint", "--offline", "--all", "--strict"}, {{"RETORT_URL", nowhere}});
  EXPECT_EQ(named.exit_code, 1) << named.describe();
  EXPECT_NE(named.out.find("[drop-column]"), std::string::npos) << named.describe();
  ProcessResult both = p_.retort({"lint", "--all", "heads"});
  EXPECT_EQ(both.exit_code, 2) << both.describe();
}

TEST_P(LintCliTest, ABadLintIgnoreIsRefusedAtItsLineAndNothingRuns) {
  std::string text = p_.read(file_);
  text.insert(text.find("[[upgrade]]"),
              "lint_ignore = [{ code = \"drop-everything\", reason = \"x\" }]\n\n");
  p_.write(file_, text);
  const std::string version = p_.version();
  for (const char* command : {"lint", "upgrade"}) {
    ProcessResult r = p_.retort({command, command == std::string("lint") ? "--all" : "head"});
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find(file_.filename().string() + ":" + std::to_string(upgrade_line() - 2)),
              std::string::npos)
        << r.describe();
    EXPECT_NE(r.err.find("unknown lint code \"drop-everything\""), std::string::npos)
        << r.describe();
  }
  EXPECT_EQ(p_.version(), version);
  EXPECT_TRUE(p_.has_column("hero", "age"));
}

INSTANTIATE_TEST_SUITE_P(Dialects, LintCliTest, ::testing::Values("sqlite", "postgresql"));

// An error (a statement PostgreSQL refuses inside a transaction, in a
// transactional revision) fails without --strict.
TEST(LintCliPostgresqlTest, AnErrorFailsWithoutStrict) {
  CliProject p("postgresql");
  p.write_models(kHero);
  ASSERT_FALSE(p.migrate("heroes").empty());
  ProcessResult rev = p.retort({"revision", "-m", "index"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  const auto file = p.revision_file("index");
  p.write(file,
          p.read(file) +
              "\n[[upgrade]]\nop = \"execute\"\nsql = \"CREATE INDEX CONCURRENTLY ix_hero_age "
              "ON hero (age)\"\n");
  ProcessResult r = p.retort({"lint"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.out.find("error [concurrently-in-transaction]"), std::string::npos) << r.describe();
}

}  // namespace
}  // namespace retort::testing
