// `diff` against a URL of another database than the configured one: both
// sides are put in that database's form, so a database built from the same
// models shows no differences whatever the project's own dialect is.
#include <gtest/gtest.h>

#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

constexpr const char* kModels =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\", unique = true },\n"
    "]\n\n"
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\", index = true },\n"
    "  { name = \"active\", type = \"boolean\", default = true },\n"
    "  { name = \"team_id\", type = \"integer\", nullable = true, foreign_key = \"team.id\" },\n"
    "]\n";

// The project runs on `home`; the other database, on `away`, is brought to
// head with --url and then diffed by URL from the home project.
void expect_no_diff_across(const char* home, const char* away) {
  CliProject project(home);
  project.write_models(kModels);
  ASSERT_FALSE(project.migrate("create team and hero").empty());

  CliProject other(away);
  ProcessResult up = project.retort({"upgrade", "head", "--url", other.url()});
  ASSERT_EQ(up.exit_code, 0) << up.describe();

  ProcessResult from_url = project.retort({"diff", "--from", other.url(), "--to", "models"});
  EXPECT_EQ(from_url.exit_code, 0) << from_url.describe();
  ProcessResult to_url = project.retort({"diff", "--from", "head", "--to", other.url()});
  EXPECT_EQ(to_url.exit_code, 0) << to_url.describe();
  ProcessResult db_to_url = project.retort({"diff", "--from", "db", "--to", other.url()});
  EXPECT_EQ(db_to_url.exit_code, 0) << db_to_url.describe();
}

TEST(DiffAcrossDatabasesTest, SqliteProjectAgainstAPostgresqlUrl) {
  expect_no_diff_across("sqlite", "postgresql");
}

TEST(DiffAcrossDatabasesTest, PostgresqlProjectAgainstASqliteUrl) {
  expect_no_diff_across("postgresql", "sqlite");
}

}  // namespace
}  // namespace retort::testing
