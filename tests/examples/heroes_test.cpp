// examples/heroes, run as a user would: its own migration CLI, the CRUD demo,
// the JSON import of good and bad records, and its JSON Schema checked by an
// independent validator (python3-jsonschema). On both dialects.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kRecords = std::string(HEROES_DIR) + "/records/";

class HeroesTest : public ::testing::TestWithParam<const char*> {
 protected:
  HeroesTest() : project_(GetParam()) {}

  ProcessResult heroes(const std::vector<std::string>& args) const {
    ProcessOptions options;
    options.cwd = project_.dir();
    options.env = {{"RETORT_URL", project_.url()}, {"NO_COLOR", "1"}};
    return run_process(HEROES_BINARY, args, options);
  }

  void migrate() const {
    ProcessResult made =
        heroes({"migrate", "revision", "--autogenerate", "-m", "create team and hero"});
    ASSERT_EQ(made.exit_code, 0) << made.describe();
    ProcessResult up = heroes({"migrate", "upgrade", "head"});
    ASSERT_EQ(up.exit_code, 0) << up.describe();
  }

  CliProject project_;
};

TEST_P(HeroesTest, ItsOwnMigrationCliCreatesTheTables) {
  ProcessResult made =
      heroes({"migrate", "revision", "--autogenerate", "-m", "create team and hero"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::string revision = project_.read(project_.revision_file("create_team_and_hero"));
  EXPECT_THAT(revision, HasSubstr("table = \"team\""));
  EXPECT_THAT(revision, HasSubstr("foreign_key = \"team.id\", on_delete = \"set null\""));
  ASSERT_EQ(heroes({"migrate", "upgrade", "head"}).exit_code, 0);
  ProcessResult check = heroes({"migrate", "check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_THAT(project_.query("SELECT count(*) FROM hero"),
              ::testing::ElementsAre(::testing::ElementsAre("0")));
}

TEST_P(HeroesTest, DemoCreatesSelectsUpdatesAndDeletes) {
  ASSERT_NO_FATAL_FAILURE(migrate());
  ProcessResult r = heroes({"demo"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_THAT(r.out, HasSubstr("Created teams: Preventers (id 1), Z-Force (id 2)\n"));
  EXPECT_THAT(r.out, HasSubstr("Created 5 heroes; Spider-Boy has id 3\n"));
  EXPECT_THAT(r.out, HasSubstr("Younger than 40, by name: Dr. Weird, Tarantula\n"));
  EXPECT_THAT(r.out, HasSubstr("Hero 2 is Rusty-Man, of Preventers\n"));
  EXPECT_THAT(r.out, HasSubstr("Without an age: 2\n"));
  EXPECT_THAT(r.out, HasSubstr("Heroes of Preventers: Dr. Weird, Rusty-Man, Tarantula\n"));
  EXPECT_THAT(r.out, HasSubstr("Heroes of Preventers: Dr. Weird, Spider-Boy, Tarantula\n"));
  EXPECT_THAT(r.out, HasSubstr("Heroes of Z-Force: Deadpond, Rusty-Man\n"));
  EXPECT_THAT(r.out, HasSubstr("Refused: 2 errors: name: "));
  EXPECT_THAT(r.out, HasSubstr("age: must be >= 0"));
  EXPECT_THAT(r.out, HasSubstr("Refused by the database: no team 999\n"));
  EXPECT_THAT(r.out, HasSubstr("Refused by the database: a second team Preventers\n"));
  EXPECT_THAT(r.out, HasSubstr("Deleted Z-Force; without a team: Deadpond, Rusty-Man\n"));
  EXPECT_THAT(r.out, HasSubstr("Removed Dr. Weird; 4 heroes left\n"));
  EXPECT_EQ(r.err, "");

  EXPECT_EQ(project_.query("SELECT name, coalesce(age, -1), coalesce(team_id, 0) FROM hero "
                           "ORDER BY id"),
            (std::vector<std::vector<std::string>>{{"Deadpond", "-1", "0"},
                                                   {"Rusty-Man", "48", "0"},
                                                   {"Spider-Boy", "16", "1"},
                                                   {"Tarantula", "32", "1"}}));
  EXPECT_EQ(project_.query("SELECT name FROM team ORDER BY id"),
            (std::vector<std::vector<std::string>>{{"Preventers"}}));
}

TEST_P(HeroesTest, ImportSavesGoodRecordsAndReportsEachBadOne) {
  ASSERT_NO_FATAL_FAILURE(migrate());
  ProcessResult good = heroes({"import", kRecords + "good.json"});
  EXPECT_EQ(good.exit_code, 0) << good.describe();
  EXPECT_THAT(good.out, HasSubstr("Saved 6 heroes; refused 0 records.\n"));

  ProcessResult bad = heroes({"import", kRecords + "bad.json"});
  EXPECT_EQ(bad.exit_code, 1) << bad.describe();
  EXPECT_THAT(bad.out, HasSubstr("record 0: {\"errors\":[{\"field\":\"name\""));
  EXPECT_THAT(bad.out, HasSubstr("\"rule\":\"min_length\""));
  EXPECT_THAT(bad.out,
              HasSubstr("record 1: {\"errors\":[{\"field\":\"age\",\"message\":\"must be >= 0\""));
  EXPECT_THAT(bad.out, HasSubstr("record 2: {\"errors\":[{\"field\":\"secret_name\""));
  EXPECT_THAT(bad.out, HasSubstr("record 3: {\"errors\":[{\"field\":\"age\""));
  EXPECT_THAT(bad.out, HasSubstr("record 4: {\"errors\":["));
  EXPECT_THAT(bad.out, HasSubstr("\"field\":\"power\""));
  EXPECT_THAT(bad.out, HasSubstr("\"message\":\"must be <= 200\""));
  EXPECT_THAT(bad.out, HasSubstr("record 5: {\"errors\":[{\"field\":\"team_id\""));
  EXPECT_THAT(bad.out, HasSubstr("\"table\":\"hero\"}"));
  EXPECT_THAT(bad.out, HasSubstr("Saved 0 heroes; refused 6 records.\n"));
  EXPECT_EQ(project_.query("SELECT count(*) FROM hero"),
            (std::vector<std::vector<std::string>>{{"6"}}));

  ProcessResult missing = heroes({"import", "nope.json"});
  EXPECT_EQ(missing.exit_code, 2) << missing.describe();
  EXPECT_THAT(missing.err, HasSubstr("cannot read nope.json"));
  project_.write("notes.json", "{\"not\": \"an array\"}");
  ProcessResult not_array = heroes({"import", "notes.json"});
  EXPECT_EQ(not_array.exit_code, 2) << not_array.describe();
}

// SQLModel's FastAPI pattern: HeroCreate in, HeroPublic out (no secret
// name), a partial Hero to PATCH, the errors as the 422 body.
TEST_P(HeroesTest, ApiTakesHeroCreateAnswersHeroPublicAndPatches) {
  ASSERT_NO_FATAL_FAILURE(migrate());
  ProcessResult created =
      heroes({"api", "POST", "/heroes", R"({"name": "Deadpond", "secret_name": "Dive Wilson"})"});
  EXPECT_EQ(created.exit_code, 0) << created.describe();
  EXPECT_EQ(created.out, "201 {\"id\":1,\"name\":\"Deadpond\",\"age\":null,\"team_id\":null}\n");

  ProcessResult refused =
      heroes({"api", "POST", "/heroes", R"({"name": "", "secret_name": "x", "id": 7})"});
  EXPECT_EQ(refused.exit_code, 1) << refused.describe();
  EXPECT_EQ(refused.out,
            "422 {\"errors\":[{\"field\":\"name\",\"message\":\"at least 1 characters\","
            "\"rule\":\"min_length\"},{\"field\":\"id\",\"message\":\"unknown field\","
            "\"rule\":\"unknown\"}],\"table\":\"hero\"}\n");

  ProcessResult patched = heroes({"api", "PATCH", "/heroes/1", R"({"age": 31})"});
  EXPECT_EQ(patched.exit_code, 0) << patched.describe();
  EXPECT_EQ(patched.out, "200 {\"id\":1,\"name\":\"Deadpond\",\"age\":31,\"team_id\":null}\n");
  ProcessResult bad_patch = heroes({"api", "PATCH", "/heroes/1", R"({"age": 300})"});
  EXPECT_EQ(bad_patch.exit_code, 1) << bad_patch.describe();
  EXPECT_THAT(bad_patch.out, HasSubstr("422 {\"errors\":[{\"field\":\"age\",\"message\":"
                                       "\"must be <= 200\""));
  EXPECT_EQ(heroes({"api", "PATCH", "/heroes/9", R"({"age": 3})"}).out,
            "404 {\"detail\":\"Hero not found\"}\n");

  EXPECT_EQ(heroes({"api", "GET", "/heroes/1x"}).out,
            "422 {\"detail\":\"the hero id must be an integer\"}\n");
  ProcessResult no_team = heroes(
      {"api", "POST", "/heroes", R"({"name": "Rusty", "secret_name": "Tommy", "team_id": 999})"});
  EXPECT_EQ(no_team.exit_code, 1) << no_team.describe();
  EXPECT_THAT(no_team.out, HasSubstr("409 {\"detail\":"));
  ProcessResult overflow =
      heroes({"api", "POST", "/heroes", R"({"name": "Rusty", "secret_name": "T", "age": 1e400})"});
  EXPECT_THAT(overflow.out,
              HasSubstr("422 {\"errors\":[{\"field\":\"\",\"message\":\"invalid JSON: "));

  ProcessResult listed = heroes({"api", "GET", "/heroes"});
  EXPECT_EQ(listed.out, "200 [{\"id\":1,\"name\":\"Deadpond\",\"age\":31,\"team_id\":null}]\n");
  EXPECT_THAT(listed.out, Not(HasSubstr("secret")));
  EXPECT_EQ(project_.query("SELECT name, secret_name, age FROM hero"),
            (std::vector<std::vector<std::string>>{{"Deadpond", "Dive Wilson", "31"}}));
}

// The Instructor loop with a scripted model whose first answer is invalid:
// the errors go back with the second ask, and the valid hero is saved.
TEST_P(HeroesTest, ExtractFeedsTheErrorsBackUntilTheAnswerIsValid) {
  ASSERT_NO_FATAL_FAILURE(migrate());
  ProcessResult r = heroes({"extract", kRecords + "answers.json"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_THAT(r.out, HasSubstr("ask 1: the hero schema ("));
  EXPECT_THAT(r.out, HasSubstr("ask 2: the hero schema and the errors: {\"errors\":[{\"field\":"
                               "\"id\",\"message\":\"field not accepted (left out of the JSON "
                               "schema)\",\"rule\":\"unknown\"},{\"field\":\"age\",\"message\":"
                               "\"must be >= 0\",\"rule\":\"ge\"}],\"table\":\"hero\"}\n"));
  EXPECT_THAT(r.out, HasSubstr("Extracted Deadpond after 2 answers; saved as hero "));
  EXPECT_EQ(project_.query("SELECT name, age FROM hero"),
            (std::vector<std::vector<std::string>>{{"Deadpond", "30"}}));

  ProcessResult wrong = heroes({"extract", kRecords + "wrong_answers.json"});
  EXPECT_EQ(wrong.exit_code, 1) << wrong.describe();
  EXPECT_THAT(wrong.out, HasSubstr("answer 1 refused: {\"errors\":[{\"field\":\"\",\"message\":"
                                   "\"invalid JSON: "));
  EXPECT_THAT(wrong.out, HasSubstr("answer 3 refused: {\"errors\":[{\"field\":\"age\""));
  EXPECT_THAT(wrong.out, HasSubstr("No valid hero in 3 answers; nothing saved.\n"));
  EXPECT_EQ(project_.query("SELECT count(*) FROM hero"),
            (std::vector<std::vector<std::string>>{{"1"}}));

  project_.write("short.json", "[{\"name\": \"\"}]");
  ProcessResult short_script = heroes({"extract", "short.json"});
  EXPECT_EQ(short_script.exit_code, 2) << short_script.describe();
  EXPECT_THAT(short_script.err, HasSubstr("the scripted model has no more answers"));
  project_.write("object.json", "{}");
  EXPECT_EQ(heroes({"extract", "object.json"}).exit_code, 2);
  EXPECT_EQ(heroes({"extract", "missing.json"}).exit_code, 2);
  EXPECT_EQ(project_.query("SELECT count(*) FROM hero"),
            (std::vector<std::vector<std::string>>{{"1"}}));
}

TEST_P(HeroesTest, BadUsageExitsTwo) {
  ProcessResult none = heroes({});
  EXPECT_EQ(none.exit_code, 2) << none.describe();
  EXPECT_THAT(none.err, HasSubstr("usage: heroes migrate"));
  EXPECT_EQ(heroes({"fly"}).exit_code, 2);
  ProcessResult migrate_help = heroes({"migrate", "--help"});
  EXPECT_EQ(migrate_help.exit_code, 0) << migrate_help.describe();
  EXPECT_THAT(migrate_help.out, HasSubstr("The models are compiled in"));
}

INSTANTIATE_TEST_SUITE_P(Dialects, HeroesTest, ::testing::ValuesIn(kAllDialects));

TEST(HeroesSchema, ValidatesGoodRecordsAndRejectsEachBadOne) {
  CliProject project("sqlite");
  ProcessOptions options;
  options.cwd = project.dir();
  ProcessResult schema = run_process(HEROES_BINARY, {"schema"}, options);
  ASSERT_EQ(schema.exit_code, 0) << schema.describe();
  EXPECT_THAT(schema.out,
              HasSubstr("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
  EXPECT_THAT(schema.out, Not(HasSubstr("\"id\"")));  // skip_json_schema
  project.write("hero.schema.json", schema.out);

  ProcessResult check =
      run_process("/usr/bin/python3",
                  {CHECK_JSON_SCHEMA, (project.dir() / "hero.schema.json").string(),
                   kRecords + "good.json", kRecords + "bad.json"},
                  options);
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  for (int i = 0; i < 6; ++i) {
    EXPECT_THAT(check.out, HasSubstr("good " + std::to_string(i) + ": valid\n"));
    EXPECT_THAT(check.out, HasSubstr("bad " + std::to_string(i) + ": invalid: "));
  }
  ProcessResult strict = run_process(HEROES_BINARY, {"schema", "--strict"}, options);
  ASSERT_EQ(strict.exit_code, 0) << strict.describe();
  const nlohmann::json strict_schema = nlohmann::json::parse(strict.out);
  EXPECT_FALSE(strict_schema.contains("$schema"));
  EXPECT_EQ(strict_schema["required"].size(), strict_schema["properties"].size());
  EXPECT_EQ(run_process(HEROES_BINARY, {"schema", "--loose"}, options).exit_code, 2);
}

}  // namespace
}  // namespace retort::testing
