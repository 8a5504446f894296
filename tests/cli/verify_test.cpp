// Checksums and `retort verify` (docs/deploying.md, "Checksums and verify"):
// each run records the checksum of the revision file that ran; verify lists
// every applied revision whose file was edited or removed since (exit 1);
// `upgrade` refuses such a database (exit 2, nothing run) unless
// --allow-edited; `stamp --repair` records the file as it is now. The
// history table is read with plain SQL, not retort's reader.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kA = "c5a000000001";
constexpr const char* kB = "c5a000000002";
constexpr const char* kC = "c5a000000003";

constexpr const char* kFileA = "migrations/versions/c5a000000001_create_hero.toml";
constexpr const char* kFileB = "migrations/versions/c5a000000002_hero_age.toml";
constexpr const char* kFileC = "migrations/versions/c5a000000003_create_team.toml";

// Revision A with the name column's type as given.
std::string revision_a(const std::string& name_type = "varchar(100)") {
  return "revision = \"c5a000000001\"\n"
         "down_revision = \"\"\n"
         "message = \"create hero\"\n\n"
         "[[upgrade]]\n"
         "op = \"create_table\"\n"
         "table = \"hero\"\n"
         "columns = [ { name = \"id\", type = \"integer\", primary_key = true },\n"
         "            { name = \"name\", type = \"" +
         name_type +
         "\" } ]\n\n"
         "[[downgrade]]\n"
         "op = \"drop_table\"\n"
         "table = \"hero\"\n"
         "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";
}

constexpr const char* kRevisionB =
    "revision = \"c5a000000002\"\n"
    "down_revision = \"c5a000000001\"\n"
    "message = \"hero age\"\n\n"
    "[[upgrade]]\n"
    "op = \"add_column\"\n"
    "table = \"hero\"\n"
    "column = { name = \"age\", type = \"integer\", nullable = true }\n\n"
    "[[downgrade]]\n"
    "op = \"drop_column\"\n"
    "table = \"hero\"\n"
    "column = \"age\"\n";

constexpr const char* kRevisionC =
    "revision = \"c5a000000003\"\n"
    "down_revision = \"c5a000000002\"\n"
    "message = \"create team\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_table\"\n"
    "table = \"team\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n\n"
    "[[downgrade]]\n"
    "op = \"drop_table\"\n"
    "table = \"team\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";

class VerifyTest : public ::testing::TestWithParam<const char*> {
 protected:
  // A and B written and applied.
  void apply_a_and_b() {
    p_.write(kFileA, revision_a());
    p_.write(kFileB, kRevisionB);
    ProcessResult up = p_.retort({"upgrade", "head"});
    ASSERT_EQ(up.exit_code, 0) << up.describe();
  }
  // (revision, direction, checksum) of every history row, by seq.
  std::vector<std::vector<std::string>> checksums() const {
    return p_.query("SELECT revision, direction, checksum FROM retort_history ORDER BY seq");
  }

  CliProject p_{GetParam()};
};

TEST_P(VerifyTest, EachRunRecordsItsChecksumAndVerifyMatchesThem) {
  apply_a_and_b();
  const auto rows = checksums();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row[2].rfind("v1:", 0), 0u) << row[0] << " " << row[2];
    EXPECT_EQ(row[2].size(), 67u) << row[2];
  }
  EXPECT_NE(rows[0][2], rows[1][2]);
  ProcessResult verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.describe();
  EXPECT_NE(verify.out.find("2 applied revisions match their files"), std::string::npos)
      << verify.describe();
}

TEST_P(VerifyTest, AnEditedRevisionIsListedAndUpgradeRefusesUntilAllowed) {
  apply_a_and_b();
  p_.write(kFileA, revision_a("varchar(50)"));
  p_.write(kFileC, kRevisionC);

  ProcessResult verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 1) << verify.describe();
  EXPECT_NE(verify.out.find(std::string(kA) + "  "), std::string::npos) << verify.describe();
  EXPECT_NE(verify.out.find("c5a000000001_create_hero.toml"), std::string::npos)
      << verify.describe();
  EXPECT_NE(verify.out.find(": edited since"), std::string::npos) << verify.describe();
  EXPECT_NE(verify.out.find("applied 20"), std::string::npos) << "when it was applied\n"
                                                              << verify.describe();
  EXPECT_EQ(verify.out.find(std::string(kB) + "  "), std::string::npos) << verify.describe();

  ProcessResult json = p_.retort({"verify", "--format", "json"});
  EXPECT_EQ(json.exit_code, 1) << json.describe();
  EXPECT_NE(json.out.find("\"revision\": \"c5a000000001\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\"change\": \"edited\""), std::string::npos) << json.out;

  const auto history_before = checksums();
  ProcessResult up = p_.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 2) << up.describe();
  EXPECT_NE(up.err.find("1 applied revision changed since it was applied"), std::string::npos)
      << up.describe();
  EXPECT_NE(up.err.find(std::string(kA) + "  "), std::string::npos) << up.describe();
  EXPECT_NE(up.err.find("c5a000000001_create_hero.toml"), std::string::npos) << up.describe();
  EXPECT_NE(up.err.find("--allow-edited"), std::string::npos) << up.describe();
  // Untouched: no revision ran, nothing was recorded.
  EXPECT_EQ(p_.version(), kB);
  EXPECT_FALSE(p_.has_table("team"));
  EXPECT_EQ(checksums(), history_before);

  ProcessResult allowed = p_.retort({"upgrade", "head", "--allow-edited"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.describe();
  EXPECT_NE(allowed.err.find("warning: running on with an edited revision"), std::string::npos)
      << allowed.describe();
  EXPECT_EQ(p_.version(), kC);
  EXPECT_TRUE(p_.has_table("team"));
  // At head, with nothing to run, a deploy still learns of the edit.
  ProcessResult at_head = p_.retort({"upgrade", "head"});
  EXPECT_EQ(at_head.exit_code, 2) << at_head.describe();
  EXPECT_NE(at_head.err.find(std::string(kA) + "  "), std::string::npos) << at_head.describe();
}

TEST_P(VerifyTest, WhatDoesNotChangeAnOpIsNoEdit) {
  apply_a_and_b();
  // Comments, CRLF line endings, another message, keys at their defaults.
  std::string text = "# reviewed\n" + revision_a();
  text.replace(text.find("message = \"create hero\""), 23, "message = \"heroes\"  # renamed");
  text.replace(text.find("primary_key = true },\n"), 22,
               "primary_key = true, nullable = false },\n");
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  p_.write(kFileA, crlf);
  ProcessResult verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.describe();
  p_.write(kFileC, kRevisionC);
  ProcessResult up = p_.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
}

TEST_P(VerifyTest, StampRepairRecordsTheFileAsItIsNow) {
  apply_a_and_b();
  p_.write(kFileA, revision_a("varchar(50)"));
  ASSERT_EQ(p_.retort({"verify"}).exit_code, 1);

  // Not applied: refused, nothing recorded.
  p_.write(kFileC, kRevisionC);
  const auto before = checksums();
  ProcessResult wrong = p_.retort({"stamp", "--repair", kC});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.describe();
  EXPECT_NE(wrong.err.find("revision c5a000000003 is not applied"), std::string::npos)
      << wrong.describe();
  EXPECT_EQ(checksums(), before);
  ProcessResult both = p_.retort({"stamp", "--repair", "--purge", kA});
  EXPECT_EQ(both.exit_code, 2) << both.describe();
  EXPECT_EQ(checksums(), before);
  ProcessResult base = p_.retort({"stamp", "--repair", "base"});
  EXPECT_EQ(base.exit_code, 2) << base.describe();
  EXPECT_NE(base.err.find("base is no revision to repair"), std::string::npos) << base.describe();
  EXPECT_EQ(checksums(), before);

  ProcessResult repair = p_.retort({"stamp", "--repair", "c5a00000000"});
  ASSERT_EQ(repair.exit_code, 2) << "an ambiguous prefix is refused\n" << repair.describe();
  repair = p_.retort({"stamp", "--repair", kA});
  ASSERT_EQ(repair.exit_code, 0) << repair.describe();
  const auto after = checksums();
  ASSERT_EQ(after.size(), before.size() + 1);
  EXPECT_EQ(after.back()[0], kA);
  EXPECT_EQ(after.back()[1], "repair");
  EXPECT_NE(after.back()[2], before[0][2]);
  EXPECT_EQ(p_.version(), kB) << "the version table is left alone";
  ProcessResult verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.describe();
  EXPECT_EQ(p_.retort({"upgrade", "head"}).exit_code, 0);
}

TEST_P(VerifyTest, ARemovedRevisionFileIsListed) {
  apply_a_and_b();
  std::filesystem::remove(p_.dir() / kFileB);
  ProcessResult verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 1) << verify.describe();
  EXPECT_NE(verify.out.find(std::string(kB) + "  (no revision file)"), std::string::npos)
      << verify.describe();
  EXPECT_NE(verify.out.find("removed since"), std::string::npos) << verify.describe();
  EXPECT_EQ(verify.out.find(std::string(kA) + "  "), std::string::npos) << verify.describe();

  // The revisions behind the missing one are judged still.
  p_.write(kFileA, revision_a("varchar(50)"));
  verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 1) << verify.describe();
  EXPECT_NE(verify.out.find(std::string(kA) + "  migrations/versions/"), std::string::npos)
      << "relative path, edited ancestor listed\n"
      << verify.describe();
  EXPECT_NE(verify.out.find(std::string(kB) + "  (no revision file)"), std::string::npos)
      << verify.describe();

  // upgrade refuses as every command does on a row with no file, and
  // points at verify.
  ProcessResult up = p_.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 2) << up.describe();
  EXPECT_NE(up.err.find("`retort verify` lists every applied revision"), std::string::npos)
      << up.describe();
  EXPECT_EQ(p_.version(), kB);
}

// A file name that is not UTF-8 reaches the JSON report replaced, not as a
// crash.
TEST_P(VerifyTest, JsonOfANonUtf8FileName) {
  apply_a_and_b();
  std::filesystem::remove(p_.dir() / kFileB);
  p_.write("migrations/versions/c5a000000002_\xff.toml",
           std::string(kRevisionB) + "\n[[downgrade]]\nop = \"execute\"\nsql = \"SELECT 1\"\n");
  ProcessResult json = p_.retort({"verify", "--format", "json"});
  EXPECT_EQ(json.exit_code, 1) << json.describe();
  EXPECT_NE(json.out.find("\"change\": \"edited\""), std::string::npos) << json.describe();
  EXPECT_NE(json.out.find("c5a000000002_\xef\xbf\xbd.toml"), std::string::npos) << json.describe();
}

TEST_P(VerifyTest, OfflineScriptsRecordChecksums) {
  p_.write(kFileA, revision_a());
  p_.write(kFileB, kRevisionB);
  ProcessResult sql = p_.retort({"upgrade", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  ProcessResult fed = p_.run_in_shell(sql.out);
  ASSERT_EQ(fed.exit_code, 0) << fed.describe() << "\nscript:\n" << sql.out;
  ProcessResult verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.describe();
  EXPECT_NE(verify.out.find("2 applied revisions match"), std::string::npos) << verify.describe();
  p_.write(kFileB,
           std::string(kRevisionB) + "\n[[downgrade]]\nop = \"execute\"\nsql = \"SELECT 1\"\n");
  EXPECT_EQ(p_.retort({"verify"}).exit_code, 1);
}

TEST_P(VerifyTest, AStampRecordsItsHeadAndLeavesAncestorsUnrecorded) {
  p_.write(kFileA, revision_a());
  p_.write(kFileB, kRevisionB);
  ProcessResult stamp = p_.retort({"stamp", "head"});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.describe();
  ProcessResult verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.describe();
  EXPECT_NE(verify.out.find("1 applied revision with no checksum recorded"), std::string::npos)
      << verify.describe();
  EXPECT_NE(verify.out.find(kA), std::string::npos) << verify.describe();
  p_.write(kFileB,
           std::string(kRevisionB) + "\n[[downgrade]]\nop = \"execute\"\nsql = \"SELECT 1\"\n");
  EXPECT_EQ(p_.retort({"verify"}).exit_code, 1);
}

// A revision outside a transaction that failed midway, fixed and resumed,
// records the checksum of the file that completed it: verify is clean.
TEST_P(VerifyTest, AResumedRunRecordsTheFileThatCompletedIt) {
  p_.write(kFileA, revision_a());
  auto partial = [](const std::string& op2) {
    return "revision = \"c5a000000002\"\n"
           "down_revision = \"c5a000000001\"\n"
           "message = \"two parts\"\n"
           "transactional = false\n\n"
           "[[upgrade]]\nop = \"execute\"\nsql = \"CREATE TABLE part1 (id INTEGER PRIMARY "
           "KEY)\"\n\n"
           "[[upgrade]]\nop = \"execute\"\nsql = \"" +
           op2 +
           "\"\n\n"
           "[[downgrade]]\nop = \"execute\"\nsql = \"DROP TABLE part2\"\n\n"
           "[[downgrade]]\nop = \"execute\"\nsql = \"DROP TABLE part1\"\n";
  };
  p_.write(kFileB, partial("NOT SQL AT ALL"));
  ProcessResult failed = p_.retort({"upgrade", "head"});
  ASSERT_EQ(failed.exit_code, 3) << failed.describe();
  const std::string broken = checksums().back()[2];
  p_.write(kFileB, partial("CREATE TABLE part2 (id INTEGER PRIMARY KEY)"));
  ProcessResult resumed = p_.retort({"upgrade", "head"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.describe();
  const auto rows = checksums();
  EXPECT_EQ(rows.back()[0], kB);
  EXPECT_NE(rows.back()[2], broken) << "the fixed file's checksum replaces the broken one's";
  ProcessResult verify = p_.retort({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.describe();
}

INSTANTIATE_TEST_SUITE_P(Dialects, VerifyTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
