// A revision whose third op fails: exit 3, the error names the revision
// file, and the schema and version table are exactly as before it; in a chain
// of three run by one upgrade, the two good revisions stay applied.
#include <gtest/gtest.h>

#include <algorithm>
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
  const std::string generated = p.read(file);
  // The appended op's [[upgrade]] line: after the generated lines and a blank one.
  const long bad_op_line = std::count(generated.begin(), generated.end(), '\n') + 2;
  p.write(file, generated + "\n[[upgrade]]\nop = \"execute\"\nsql = \"THIS IS NOT SQL\"\n");
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
  // The error points at the failing op's line, not the top of the file.
  EXPECT_NE(up.err.find(file.filename().string() + ":" + std::to_string(bad_op_line) + ": "),
            std::string::npos)
      << up.describe();

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

// Hand-written history: 1 creates hero, 2 adds a column, 3 creates a table
// and an index and then fails at its third op (a missing table).
constexpr const char* kChainRev1 =
    "revision = \"c4a100000001\"\n"
    "down_revision = \"\"\n"
    "message = \"create hero\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_table\"\n"
    "table = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n\n"
    "[[downgrade]]\n"
    "op = \"drop_table\"\n"
    "table = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

constexpr const char* kChainRev2 =
    "revision = \"c4a100000002\"\n"
    "down_revision = \"c4a100000001\"\n"
    "message = \"add nickname\"\n\n"
    "[[upgrade]]\n"
    "op = \"add_column\"\n"
    "table = \"hero\"\n"
    "column = { name = \"nickname\", type = \"varchar(50)\", nullable = true }\n\n"
    "[[downgrade]]\n"
    "op = \"drop_column\"\n"
    "table = \"hero\"\n"
    "column = \"nickname\"\n";

constexpr const char* kChainRev3 =
    "revision = \"c4a100000003\"\n"
    "down_revision = \"c4a100000002\"\n"
    "message = \"broken\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_table\"\n"
    "table = \"sidekick\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n\n"
    "[[upgrade]]\n"
    "op = \"create_index\"\n"
    "table = \"hero\"\n"
    "index = { name = \"ix_hero_nickname\", columns = [\"nickname\"] }\n\n"
    "[[upgrade]]\n"
    "op = \"execute\"\n"
    "sql = \"INSERT INTO no_such_table (id) VALUES (1)\"\n\n"
    "[[downgrade]]\n"
    "op = \"drop_index\"\n"
    "table = \"hero\"\n"
    "index = \"ix_hero_nickname\"\n\n"
    "[[downgrade]]\n"
    "op = \"drop_table\"\n"
    "table = \"sidekick\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";

TEST_P(FailingRevisionTest, ChainOfThreeStopsAtTheSecond) {
  CliProject p(GetParam());
  p.write("migrations/versions/c4a100000001_create_hero.toml", kChainRev1);
  p.write("migrations/versions/c4a100000002_add_nickname.toml", kChainRev2);
  p.write("migrations/versions/c4a100000003_broken.toml", kChainRev3);

  // The schema at revision 2, for comparison; then back to an empty database.
  ProcessResult to_two = p.retort({"upgrade", "c4a100000002"});
  ASSERT_EQ(to_two.exit_code, 0) << to_two.describe();
  const MetaData at_two = p.schema();
  ASSERT_EQ(at_two.tables.size(), 1u) << schema_text(at_two);
  ProcessResult down = p.retort({"downgrade", "base"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  ASSERT_TRUE(p.schema().tables.empty()) << schema_text(p.schema());
  ASSERT_EQ(p.version(), "");

  // One upgrade runs all three: 1 and 2 commit, 3 rolls back.
  ProcessResult up = p.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 3) << up.describe();
  EXPECT_NE(up.out.find("Running upgrade <base> -> c4a100000001"), std::string::npos)
      << up.describe();
  EXPECT_NE(up.out.find("Running upgrade c4a100000001 -> c4a100000002"), std::string::npos)
      << up.describe();
  EXPECT_NE(up.out.find("Running upgrade c4a100000002 -> c4a100000003"), std::string::npos)
      << up.describe();
  EXPECT_EQ(up.err.rfind("retort: error: ", 0), 0u) << up.describe();
  EXPECT_NE(up.err.find("c4a100000003_broken.toml"), std::string::npos) << up.describe();
  EXPECT_NE(up.err.find("upgrade op 3 (execute)"), std::string::npos) << up.describe();
  EXPECT_NE(up.err.find("statement: INSERT INTO no_such_table (id) VALUES (1)"), std::string::npos)
      << up.describe();
  // PostgreSQL: undefined_table; SQLite: its result code SQLITE_ERROR.
  const std::string sqlstate =
      std::string(GetParam()) == "postgresql" ? "[SQLSTATE 42P01]" : "[SQLite error 1]";
  EXPECT_NE(up.err.find(sqlstate), std::string::npos) << up.describe();

  EXPECT_EQ(p.version(), "c4a100000002");
  const MetaData after = p.schema();
  EXPECT_TRUE(after == at_two) << "at revision 2:\n"
                               << schema_text(at_two) << "\nafter:\n"
                               << schema_text(after);
  EXPECT_EQ(after.find_table("", "sidekick"), nullptr);
  ProcessResult current = p.retort({"current"});
  EXPECT_EQ(current.out, "c4a100000002\n") << current.describe();
}

INSTANTIATE_TEST_SUITE_P(Dialects, FailingRevisionTest, ::testing::ValuesIn(kAllDialects));

}  // namespace
}  // namespace retort::testing
