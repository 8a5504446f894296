// Partial<T> (core/model/partial.hpp), SQLModel's HeroUpdate: the fields a
// PATCH body gives, checked one by one, applied and validated whole.
#include "core/model/partial.hpp"

#include <gtest/gtest.h>

#include "test_models.hpp"

namespace retort::test {
namespace {

using nlohmann::json;

Hero stored() {
  Hero h = from_json(heroes, R"({"name": "Deadpond", "secret_name": "Dive Wilson", "age": 30})");
  h.id = 1;
  return h;
}

TEST(PartialTest, OnlyTheFieldsGivenAreReadAndApplied) {
  const Partial<Hero> update = partial(heroes, R"({"age": 31, "mood": "happy"})");
  EXPECT_TRUE(update.has(&Hero::age));
  EXPECT_TRUE(update.has(&Hero::mood));
  EXPECT_FALSE(update.has(&Hero::name));
  EXPECT_EQ(update.fields(), (std::vector<std::string>{"age", "mood"}));
  EXPECT_EQ(update.values().age, 31);
  Hero h = stored();
  const Hero before = h;
  update.apply_to(h);
  EXPECT_EQ(h.age, 31);
  EXPECT_EQ(h.mood, Mood::kHappy);
  EXPECT_EQ(h.name, before.name);
  EXPECT_EQ(h.token, before.token);
  EXPECT_EQ(h.id, 1);

  partial(heroes, json{{"age", nullptr}}).apply_to(h);  // null empties an optional
  EXPECT_FALSE(h.age.has_value());
  EXPECT_TRUE(partial(heroes, "{}").empty());
}

// Each field given is checked alone: the members not given (an empty name
// here) are not looked at.
TEST(PartialTest, TheFieldsGivenAreCheckedOneByOne) {
  try {
    (void)partial(heroes, R"({"age": -1, "secret_name": "D1", "x": 1})");
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors(),
              (std::vector<FieldError>{{"secret_name", "must match pattern [A-Za-z ]+", "pattern"},
                                       {"age", "must be >= 0", "ge"},
                                       {"x", "unknown field", "unknown"}}));
  }
  try {
    (void)partial(teams, R"({"id": 2, "name": "Z-Force"})");
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors(),
              (std::vector<FieldError>{{"id", "the primary key cannot be patched", "read_only"}}));
  }
}

// Applying validates the whole object; a failure leaves it as it was.
TEST(PartialTest, ApplyingValidatesTheWholeObject) {
  Hero h = stored();
  h.name = "";  // invalid already
  const Hero before = h;
  const Partial<Hero> update = partial(heroes, R"({"age": 40})");
  try {
    update.apply_to(h);
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors(),
              (std::vector<FieldError>{{"name", "at least 1 characters", "min_length"}}));
  }
  EXPECT_EQ(h, before);
}

TEST(PartialTest, ThePartialSchemaRequiresNothingAndLeavesTheKeyOut) {
  const json s = json_schema(teams, {.partial = true});
  EXPECT_EQ(s["required"], json::array());
  EXPECT_FALSE(s["properties"].contains("id"));
  EXPECT_TRUE(s["properties"].contains("name"));
  EXPECT_EQ(s["additionalProperties"], false);
  EXPECT_THROW((void)json_schema(teams, {.strict = true, .partial = true}), DeclarationError);
  // Where other properties are allowed, the key is refused by name, as
  // apply_json refuses it under extra = ignore too.
  const json ignore = json_schema(teams, {.partial = true, .extra = Extra::kIgnore});
  EXPECT_EQ(ignore["properties"]["id"], false);
  EXPECT_FALSE(ignore.contains("additionalProperties"));
  Team t{.id = 1, .name = "x", .headquarters = "y"};
  EXPECT_THROW(apply_json(teams, t, R"({"id": 2})", {.extra = Extra::kIgnore}), ValidationError);
}

}  // namespace
}  // namespace retort::test
