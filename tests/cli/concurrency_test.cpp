// Two `retort upgrade head` processes started at the same moment against one
// database: the migration lock (PostgreSQL advisory lock, SQLite write lock)
// makes each revision run exactly once, and both processes succeed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr int kRevisions = 4;
constexpr int kRounds = 4;

std::string revision_id(int n) { return "c0ffee00000" + std::to_string(n); }

// Revision 1 creates the audit table; every revision (the first included)
// records itself in it with an execute op, and adds a table of its own so
// each one does some DDL too.
std::string revision_file(int n) {
  const std::string id = revision_id(n);
  std::string text = "revision = \"" + id + "\"\n";
  text += "down_revision = \"" + (n == 1 ? std::string() : revision_id(n - 1)) + "\"\n";
  text += "message = \"step " + std::to_string(n) + "\"\n\n";
  if (n == 1) {
    text +=
        "[[upgrade]]\n"
        "op = \"create_table\"\n"
        "table = \"audit\"\n"
        "columns = [ { name = \"revision\", type = \"varchar(12)\" } ]\n\n";
  }
  text += "[[upgrade]]\nop = \"create_table\"\ntable = \"step_" + std::to_string(n) +
          "\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n\n";
  text += "[[upgrade]]\nop = \"execute\"\nsql = \"INSERT INTO audit (revision) VALUES ('" + id +
          "')\"\n\n";
  text += "[[downgrade]]\nop = \"drop_table\"\ntable = \"step_" + std::to_string(n) +
          "\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";
  if (n == 1) {
    text +=
        "\n[[downgrade]]\n"
        "op = \"drop_table\"\n"
        "table = \"audit\"\n"
        "columns = [ { name = \"revision\", type = \"varchar(12)\" } ]\n";
  }
  return text;
}

class ConcurrencyTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ConcurrencyTest, TwoUpgradesAtOnceApplyEachRevisionOnce) {
  // Fresh databases each round make an overlap of the two processes likely.
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    CliProject p(GetParam());
    ASSERT_FALSE(p.url().empty());
    for (int n = 1; n <= kRevisions; ++n) {
      p.write("migrations/versions/" + revision_id(n) + "_step_" + std::to_string(n) + ".toml",
              revision_file(n));
    }

    // Both are started before either is waited on.
    StartedProcess first = p.start({"upgrade", "head"});
    StartedProcess second = p.start({"upgrade", "head"});
    ProcessResult a = wait_process(first);
    ProcessResult b = wait_process(second);
    EXPECT_EQ(a.exit_code, 0) << a.describe();
    EXPECT_EQ(b.exit_code, 0) << b.describe();

    // Between them, the two processes ran each revision once.
    const std::string running = "Running upgrade";
    auto count = [&](const std::string& text) {
      int n = 0;
      for (auto at = text.find(running); at != std::string::npos;
           at = text.find(running, at + 1)) {
        ++n;
      }
      return n;
    };
    EXPECT_EQ(count(a.out) + count(b.out), kRevisions) << a.describe() << "\n" << b.describe();

    std::vector<std::vector<std::string>> expected;
    for (int n = 1; n <= kRevisions; ++n) expected.push_back({revision_id(n), "1"});
    EXPECT_EQ(p.query("SELECT revision, COUNT(*) FROM audit GROUP BY revision ORDER BY revision"),
              expected);
    EXPECT_EQ(p.query("SELECT COUNT(*) FROM audit"),
              (std::vector<std::vector<std::string>>{{std::to_string(kRevisions)}}));
    EXPECT_EQ(p.version(), revision_id(kRevisions));
    EXPECT_EQ(p.schema().tables.size(), static_cast<std::size_t>(kRevisions + 1));
    if (::testing::Test::HasFailure()) break;
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, ConcurrencyTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
