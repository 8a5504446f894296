// The safe forms of autogenerate end to end (docs/lint.md, "Deploying
// safely"): on PostgreSQL, --concurrently and --safe-constraints write index
// changes CONCURRENTLY in revisions outside a transaction and foreign keys
// and checks NOT VALID with a revision that validates them; lint has nothing
// to say about them; they upgrade and downgrade with every row kept, as the
// catalogs show (pg_index.indisvalid, pg_constraint.convalidated, read
// directly). SQLite and a revision without --autogenerate refuse them with
// nothing written (the split itself: tests/migrations/safe_forms_test.cpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kBefore = R"t(
[[table]]
name = "team"
columns = [ { name = "id", type = "bigint", primary_key = true },
            { name = "code", type = "text" } ]

[[table]]
name = "hero"
columns = [
  { name = "id", type = "bigint", primary_key = true },
  { name = "name", type = "text" },
  { name = "team_id", type = "bigint", nullable = true },
  { name = "age", type = "integer", nullable = true },
]
indexes = [ { name = "ix_hero_name", columns = ["name"] } ]
)t";

// hero gains a column, loses ix_hero_name, gains two indexes, a foreign
// key to team and a check; mission is new, with an index and a foreign key.
constexpr const char* kAfter = R"t(
[[table]]
name = "team"
columns = [ { name = "id", type = "bigint", primary_key = true },
            { name = "code", type = "text" } ]

[[table]]
name = "hero"
columns = [
  { name = "id", type = "bigint", primary_key = true },
  { name = "name", type = "text" },
  { name = "team_id", type = "bigint", nullable = true },
  { name = "age", type = "integer", nullable = true },
  { name = "rank", type = "integer", nullable = true },
]
indexes = [ { name = "ix_hero_age", columns = ["age"] },
            { name = "ix_hero_rank", columns = ["rank"] } ]
foreign_keys = [ { columns = ["team_id"], references = "team", ref_columns = ["id"] } ]
checks = [ { name = "age_positive", sql = "age >= 0" } ]

[[table]]
name = "mission"
columns = [ { name = "id", type = "bigint", primary_key = true },
            { name = "hero_id", type = "bigint" } ]
indexes = [ { name = "ix_mission_hero", columns = ["hero_id"] } ]
foreign_keys = [ { columns = ["hero_id"], references = "hero", ref_columns = ["id"] } ]
)t";

using Rows = std::vector<std::vector<std::string>>;

Rows hero_indexes(const CliProject& p) {
  return p.query(
      "SELECT c.relname, i.indisvalid::text FROM pg_index i JOIN pg_class c ON c.oid = "
      "i.indexrelid WHERE i.indrelid = 'hero'::regclass AND NOT i.indisprimary ORDER BY 1");
}

Rows hero_constraints(const CliProject& p) {
  return p.query(
      "SELECT conname, contype::text, convalidated::text FROM pg_constraint WHERE conrelid = "
      "'hero'::regclass AND contype IN ('f', 'c') ORDER BY 1");
}

std::string rows(const CliProject& p) {
  return p.query("SELECT count(*) || '/' || sum(id) FROM hero")[0][0] + " " +
         p.query("SELECT count(*) FROM team")[0][0];
}

TEST(SafeFormsCliTest, PostgresqlSafeFormsLintCleanAndUpgradeAndDowngradeWithRowsKept) {
  CliProject p("postgresql");
  p.write_models(kBefore);
  const std::string before = p.migrate("heroes");
  ASSERT_FALSE(before.empty());
  p.execute(
      "INSERT INTO team SELECT g, 'T' || g FROM generate_series(1, 3) g;"
      "INSERT INTO hero SELECT g, 'hero ' || g, 1 + g % 3, 20 + g % 50 "
      "FROM generate_series(1, 200) g");
  const std::string kept = rows(p);

  p.write_models(kAfter);
  ProcessResult rev = p.retort(
      {"revision", "--autogenerate", "--concurrently", "--safe-constraints", "-m", "hero lookups"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  // Four revisions, one after the other, each printed with its changes.
  EXPECT_EQ(p.revision_files().size(), 5u) << rev.describe();
  const std::string drops = p.read(p.revision_file("drop_indexes_concurrently"));
  const std::string main = p.read(p.revision_file("hero_lookups.toml"));
  const std::string creates = p.read(p.revision_file("create_indexes_concurrently"));
  const std::string validates = p.read(p.revision_file("validate_constraints"));
  EXPECT_NE(drops.find("transactional = false"), std::string::npos) << drops;
  EXPECT_NE(drops.find("concurrently = true"), std::string::npos) << drops;
  EXPECT_EQ(main.find("transactional = false"), std::string::npos) << main;
  EXPECT_NE(main.find("not_valid = true"), std::string::npos) << main;
  // mission is new: its index and foreign key are written as usual.
  EXPECT_NE(main.find("ix_mission_hero"), std::string::npos) << main;
  EXPECT_NE(creates.find("transactional = false"), std::string::npos) << creates;
  EXPECT_NE(creates.find("ix_hero_age"), std::string::npos) << creates;
  EXPECT_NE(creates.find("ix_hero_rank"), std::string::npos) << creates;
  EXPECT_NE(validates.find("op = \"validate_constraint\""), std::string::npos) << validates;
  EXPECT_NE(rev.out.find("drop index ix_hero_name on hero concurrently"), std::string::npos)
      << rev.out;
  EXPECT_NE(rev.out.find("(transactional = false)"), std::string::npos) << rev.out;
  // Lint has nothing to say, after autogenerate or on its own.
  EXPECT_EQ(rev.out.find("Lint found"), std::string::npos) << rev.out;
  ProcessResult lint = p.retort({"lint", "--strict"});
  EXPECT_EQ(lint.exit_code, 0) << lint.describe();
  EXPECT_NE(lint.out.find("4 revision(s)"), std::string::npos) << lint.describe();
  EXPECT_NE(lint.out.find("0 finding(s)"), std::string::npos) << lint.describe();

  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(hero_indexes(p), (Rows{{"ix_hero_age", "true"}, {"ix_hero_rank", "true"}}));
  EXPECT_EQ(hero_constraints(p),
            (Rows{{"age_positive", "c", "true"}, {"fk_hero_team_id_team", "f", "true"}}));
  EXPECT_EQ(rows(p), kept);
  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", before});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.version(), before);
  EXPECT_EQ(hero_indexes(p), (Rows{{"ix_hero_name", "true"}}));
  EXPECT_EQ(hero_constraints(p), Rows{});
  EXPECT_FALSE(p.has_column("hero", "rank"));
  EXPECT_EQ(rows(p), kept);

  ProcessResult again = p.retort({"upgrade", "head"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(rows(p), kept);
  expect_no_differences(p);
}

// An index alone is one revision outside a transaction; a unique index
// still says that the rows must be unique (the form does not change that).
TEST(SafeFormsCliTest, PostgresqlAnIndexAloneIsOneRevisionOutsideATransaction) {
  CliProject p("postgresql");
  p.write_models(kBefore);
  ASSERT_FALSE(p.migrate("heroes").empty());
  std::string models = kBefore;
  models.replace(models.find("{ name = \"ix_hero_name\", columns = [\"name\"] }"),
                 std::string("{ name = \"ix_hero_name\", columns = [\"name\"] }").size(),
                 "{ name = \"ix_hero_name\", columns = [\"name\"] }, { name = \"ux_hero_age\", "
                 "columns = [\"age\"], unique = true }");
  p.write_models(models);
  ProcessResult rev =
      p.retort({"revision", "--autogenerate", "--concurrently", "-m", "unique age"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  EXPECT_EQ(p.revision_files().size(), 2u);
  const std::string text = p.read(p.revision_file("unique_age"));
  EXPECT_NE(text.find("transactional = false"), std::string::npos) << text;
  EXPECT_NE(text.find("concurrently = true"), std::string::npos) << text;
  EXPECT_NE(rev.out.find("[add-unique]"), std::string::npos) << rev.out;
  EXPECT_EQ(rev.out.find("[index-not-concurrent]"), std::string::npos) << rev.out;
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(hero_indexes(p), (Rows{{"ix_hero_name", "true"}, {"ux_hero_age", "true"}}));
  expect_no_differences(p);
}

// A CONCURRENTLY op in a transactional revision (edited by hand): lint calls
// it an error, and upgrade refuses that revision at the op before running
// any of it.
TEST(SafeFormsCliTest, PostgresqlConcurrentlyInATransactionalRevisionIsRefused) {
  CliProject p("postgresql");
  p.write_models(kBefore);
  ASSERT_FALSE(p.migrate("heroes").empty());
  p.write_models(kAfter);
  ProcessResult rev =
      p.retort({"revision", "--autogenerate", "--concurrently", "-m", "hero lookups"});
  ASSERT_EQ(rev.exit_code, 0) << rev.describe();
  const std::filesystem::path file = p.revision_file("create_indexes_concurrently");
  std::string text = p.read(file);
  text.replace(text.find("transactional = false\n"), 22, "");
  p.write(file, text);
  ProcessResult lint = p.retort({"lint"});
  EXPECT_EQ(lint.exit_code, 1) << lint.describe();
  EXPECT_NE(lint.out.find(file.filename().string()), std::string::npos) << lint.describe();
  EXPECT_NE(lint.out.find("error [concurrently-in-transaction]"), std::string::npos)
      << lint.describe();
  ProcessResult up = p.retort({"upgrade", "head"});
  EXPECT_NE(up.exit_code, 0) << up.describe();
  EXPECT_NE(up.err.find("transactional = false"), std::string::npos) << up.describe();
  EXPECT_EQ(p.query("SELECT count(*) FROM pg_class WHERE relname = 'ix_hero_age'")[0][0], "0");
}

class SafeFormsRefusedTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SafeFormsRefusedTest, WithoutAutogenerateOrOnSqliteNothingIsWritten) {
  CliProject p(GetParam());
  p.write_models(kBefore);
  ASSERT_FALSE(p.migrate("heroes").empty());
  p.write_models(kAfter);
  for (const char* flag : {"--concurrently", "--safe-constraints"}) {
    ProcessResult manual = p.retort({"revision", flag, "-m", "by hand"});
    EXPECT_EQ(manual.exit_code, 2) << manual.describe();
    EXPECT_NE(manual.err.find("add --autogenerate"), std::string::npos) << manual.describe();
    ProcessResult auto_rev = p.retort({"revision", "--autogenerate", flag, "-m", "safe"});
    if (p.dialect() == "sqlite") {
      EXPECT_EQ(auto_rev.exit_code, 2) << auto_rev.describe();
      EXPECT_NE(auto_rev.err.find(std::string(flag) + " is for PostgreSQL"), std::string::npos)
          << auto_rev.describe();
    } else {
      EXPECT_EQ(auto_rev.exit_code, 0) << auto_rev.describe();
      for (const auto& f : p.revision_files()) {
        if (f.filename().string().find("heroes") == std::string::npos) {
          std::filesystem::remove(f);
        }
      }
    }
    EXPECT_EQ(p.revision_files().size(), 1u) << flag;
  }
  EXPECT_FALSE(p.has_column("hero", "rank"));
}

INSTANTIATE_TEST_SUITE_P(Dialects, SafeFormsRefusedTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace retort::testing
