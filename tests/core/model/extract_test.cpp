// extract<T>() and extract_list<T>() (core/model/extract.cpp): the
// Instructor loop with a scripted `ask` standing in for the LLM.
#include "core/model/extract.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "test_models.hpp"

namespace retort::test {
namespace {

using nlohmann::json;

// Answers from a script, and what each call was given.
struct ScriptedLlm {
  std::vector<std::string> answers{};
  std::vector<std::string> schemas{};
  std::vector<std::string> feedback{};

  AskFunction ask() {
    return [this](const std::string& schema, const std::string& given) {
      schemas.push_back(schema);
      feedback.push_back(given);
      if (feedback.size() > answers.size()) throw std::logic_error("the script ran out");
      return answers[feedback.size() - 1];
    };
  }
};

TEST(ExtractTest, AnInvalidAnswerIsAskedAgainWithItsErrors) {
  ScriptedLlm llm{.answers = {R"({"name": "", "secret_name": "Dive Wilson", "age": -3})",
                              R"({"name": "Deadpond", "secret_name": "Dive Wilson", "age": 30})"}};
  const Hero h = extract<Hero>(heroes, llm.ask());
  EXPECT_EQ(h.name, "Deadpond");
  EXPECT_EQ(h.age, 30);
  ASSERT_EQ(llm.feedback.size(), 2u);
  EXPECT_EQ(llm.feedback[0], "");
  EXPECT_EQ(json::parse(llm.feedback[1]), json::parse(R"({"table": "hero", "errors": [
      {"field": "name", "message": "at least 1 characters", "rule": "min_length"},
      {"field": "age", "message": "must be >= 0", "rule": "ge"}]})"));
  // The strict schema, the same each time.
  // The schema text as json_schema writes it, in declaration order.
  EXPECT_EQ(llm.schemas[0], json_schema(heroes, {.strict = true}).dump());
  EXPECT_EQ(llm.schemas[1], llm.schemas[0]);
}

TEST(ExtractTest, AValidFirstAnswerIsTheOnlyCall) {
  ScriptedLlm llm{.answers = {R"({"name": "Rusty-Man", "secret_name": "Tommy Sharp"})"}};
  const Hero h = extract<Hero>(heroes, llm.ask(), {.max_retries = 0, .strict = false});
  EXPECT_EQ(h.name, "Rusty-Man");
  EXPECT_EQ(llm.feedback.size(), 1u);
  EXPECT_EQ(llm.schemas[0], json_schema(heroes).dump());
}

TEST(ExtractTest, EveryRefusedAnswerIsInTheError) {
  ScriptedLlm llm{.answers = {"not json", R"({"name": "x"})", R"([1])"}};
  try {
    (void)extract<Hero>(heroes, llm.ask(), {.max_retries = 2});
    ADD_FAILURE() << "no ExtractError";
  } catch (const ExtractError& e) {
    ASSERT_EQ(e.attempts().size(), 3u);
    EXPECT_EQ(e.attempts()[0].answer, "not json");
    EXPECT_EQ(e.attempts()[0].error.errors().front().rule, "json");
    EXPECT_EQ(e.attempts()[1].error.errors(),
              (std::vector<FieldError>{{"secret_name", "field required", "required"}}));
    EXPECT_EQ(e.attempts()[2].answer, "[1]");
    EXPECT_EQ(std::string(e.what()),
              "extract<hero>: 3 answers refused; the last: 1 error: expected a JSON object, got "
              "array");
    EXPECT_EQ(e.error().table, "hero");
  }
  EXPECT_EQ(llm.feedback.size(), 3u);  // no fourth call
  EXPECT_EQ(json::parse(llm.feedback[1])["errors"][0]["rule"], "json");
}

TEST(ExtractTest, WhatAskThrowsEndsTheLoop) {
  ScriptedLlm llm{.answers = {"{}"}};
  EXPECT_THROW((void)extract<Hero>(heroes, llm.ask(), {.max_retries = 5}), std::logic_error);
  EXPECT_EQ(llm.feedback.size(), 2u);
}

TEST(ExtractTest, AListNamesTheItemsInItsErrors) {
  ScriptedLlm llm{.answers = {
                      R"({"items": [{"name": "Deadpond", "secret_name": "Dive Wilson"},
                                    {"name": "", "secret_name": "Tommy Sharp", "x": 1}]})",
                      R"({"items": [{"name": "Deadpond", "secret_name": "Dive Wilson"},
                                    {"name": "Rusty-Man", "secret_name": "Tommy Sharp"}]})"}};
  const std::vector<Hero> found = extract_list<Hero>(heroes, llm.ask());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].name, "Rusty-Man");
  EXPECT_EQ(json::parse(llm.feedback[1])["errors"], json::parse(R"([
      {"field": "items[1].name", "message": "at least 1 characters", "rule": "min_length"},
      {"field": "items[1].x", "message": "unknown field", "rule": "unknown"}])"));
  EXPECT_EQ(llm.schemas[0], json_schema_list(heroes, {.strict = true}).dump());
}

TEST(ExtractTest, AListAnswerOfTheWrongShapeIsRefused) {
  ScriptedLlm llm{.answers = {R"({"heroes": []})", R"({"items": {}})", R"({"items": [5]})",
                              R"({"items": []})"}};
  EXPECT_TRUE(extract_list<Hero>(heroes, llm.ask()).empty());
  EXPECT_EQ(json::parse(llm.feedback[1])["errors"], json::parse(R"([
      {"field": "heroes", "message": "unknown field", "rule": "unknown"},
      {"field": "items", "message": "field required", "rule": "required"}])"));
  EXPECT_EQ(json::parse(llm.feedback[2])["errors"][0]["message"], "expected an array, got object");
  EXPECT_EQ(json::parse(llm.feedback[3])["errors"][0]["field"], "items[0]");
}

}  // namespace
}  // namespace retort::test
