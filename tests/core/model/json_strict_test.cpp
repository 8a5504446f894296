// json_schema(model, {.strict = true}) and json_schema_list(): the form
// OpenAI's strict structured outputs take, checked against the keyword list
// docs/model-reference.md ("Strict mode") gives from OpenAI's published
// "Supported schemas".
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/model/json.hpp"
#include "test_models.hpp"
#include "tests/core/model/array_models.hpp"

namespace retort::test {
namespace {

using nlohmann::json;

// The documented list: keywords per type, and the formats strings may use.
const std::set<std::string> kAnyKeywords = {"type", "description", "title",
                                            "enum", "const",       "anyOf"};
const std::set<std::string> kObjectKeywords = {"properties", "required", "additionalProperties",
                                               "$defs", "$ref"};
const std::set<std::string> kStringKeywords = {"pattern", "format"};
const std::set<std::string> kNumberKeywords = {"minimum", "maximum", "exclusiveMinimum",
                                               "exclusiveMaximum", "multipleOf"};
const std::set<std::string> kArrayKeywords = {"items", "minItems", "maxItems"};
const std::set<std::string> kFormats = {"date-time", "time", "date", "duration", "email",
                                        "hostname",  "ipv4", "ipv6", "uuid"};
const std::set<std::string> kTypes = {"string", "number", "integer", "boolean",
                                      "object", "array",  "null"};

// The schema's one non-null type.
std::string main_type(const json& schema) {
  const json& t = schema.at("type");
  if (t.is_string()) return t.get<std::string>();
  EXPECT_EQ(t.size(), 2u) << schema;
  EXPECT_EQ(t[1], "null") << schema;
  return t[0].get<std::string>();
}

// Checks `schema` and everything under it against the list; `where` names
// it in failures.
void expect_strict(const json& schema, const std::string& where) {
  ASSERT_TRUE(schema.is_object()) << where;
  const std::string type = main_type(schema);
  EXPECT_TRUE(kTypes.contains(type)) << where << ": type " << type;
  const std::set<std::string>* own = type == "object"                        ? &kObjectKeywords
                                     : type == "string"                      ? &kStringKeywords
                                     : type == "number" || type == "integer" ? &kNumberKeywords
                                     : type == "array"                       ? &kArrayKeywords
                                                                             : nullptr;
  for (const auto& [key, value] : schema.items()) {
    EXPECT_TRUE(kAnyKeywords.contains(key) || (own != nullptr && own->contains(key)))
        << where << ": \"" << key << "\" is not a strict-mode keyword for " << type;
  }
  if (schema.contains("format")) {
    EXPECT_TRUE(kFormats.contains(schema["format"].get<std::string>())) << where;
  }
  if (type == "object") {
    EXPECT_EQ(schema.value("additionalProperties", true), false) << where;
    json names = json::array();
    for (const auto& [name, property] : schema.at("properties").items()) {
      names.push_back(name);
      expect_strict(property, where + "." + name);
    }
    // Every property is required (order aside).
    std::set<std::string> required, listed;
    for (const auto& r : schema.at("required")) required.insert(r.get<std::string>());
    for (const auto& n : names) listed.insert(n.get<std::string>());
    EXPECT_EQ(required, listed) << where;
  }
  if (type == "array") expect_strict(schema.at("items"), where + "[]");
}

void expect_strict_root(const json& schema, const std::string& where) {
  EXPECT_FALSE(schema.contains("$schema")) << where;
  EXPECT_EQ(schema.at("type"), "object") << where;
  expect_strict(schema, where);
}

TEST(JsonSchemaStrictTest, EverySchemaUsesOnlyTheDocumentedKeywords) {
  expect_strict_root(json_schema(heroes, {.strict = true}), "hero");
  expect_strict_root(json_schema(teams, {.strict = true}), "team");
  expect_strict_root(json_schema(everything, {.strict = true}), "everything");
  expect_strict_root(json_schema(rules, {.strict = true}), "rules");
  expect_strict_root(json_schema_list(heroes, {.strict = true}), "hero list");
  expect_strict_root(json_schema_list(everything, {.strict = true}), "everything list");
  expect_strict_root(json_schema(array_test::articles, {.strict = true}), "article");
  expect_strict_root(json_schema_list(array_test::articles, {.strict = true}), "article list");
}

// The checker itself refuses the plain schema's extras (a check that can
// fail).
TEST(JsonSchemaStrictTest, ThePlainSchemaIsNotStrict) {
  const json plain = json_schema(heroes);
  EXPECT_TRUE(plain.contains("$schema"));
  EXPECT_TRUE(plain["properties"]["name"].contains("maxLength"));
  EXPECT_TRUE(plain["properties"]["mood"].contains("default"));
  EXPECT_NE(plain["required"].size(), plain["properties"].size());
  EXPECT_NONFATAL_FAILURE(expect_strict(json{{"type", "string"}, {"maxLength", 3}}, "plain"),
                          "\"maxLength\" is not a strict-mode keyword for string");
  EXPECT_NONFATAL_FAILURE(expect_strict(json{{"type", "string"}, {"format", "uri"}}, "plain"),
                          "plain");
}

TEST(JsonSchemaStrictTest, OptionalFieldsAreRequiredAndNullable) {
  const json s = json_schema(heroes, {.strict = true});
  EXPECT_EQ(s["properties"]["age"]["type"], json::parse(R"(["integer", "null"])"));
  EXPECT_EQ(s["properties"]["mood"]["type"], "string");  // a default, not optional
  EXPECT_EQ(s["required"].size(), s["properties"].size());
  EXPECT_FALSE(s["properties"].contains("id"));  // skip_json_schema
  EXPECT_EQ(s["additionalProperties"], false);
  EXPECT_EQ(s["title"], "hero");
}

// What strict mode cannot say goes into the description, for the model to
// read; from_json still checks it.
TEST(JsonSchemaStrictTest, RulesStrictModeCannotSayAreDescribed) {
  const json s = json_schema(heroes, {.strict = true});
  EXPECT_EQ(s["properties"]["name"]["description"],
            "public name (at least 1 characters; at most 100 characters)");
  EXPECT_EQ(s["properties"]["mood"]["description"], "usually \"sad\"");
  EXPECT_EQ(s["properties"]["secret_name"]["pattern"], "^(?:[A-Za-z ]+)$");
  EXPECT_EQ(s["properties"]["age"]["minimum"], 0);
  const json e = json_schema(everything, {.strict = true});
  EXPECT_EQ(e["properties"]["blob"]["description"], "base64");
  EXPECT_EQ(e["properties"]["uuid"]["format"], "uuid");
}

TEST(JsonSchemaStrictTest, AListIsWrappedInAnObject) {
  const json s = json_schema_list(heroes, {.strict = true});
  EXPECT_EQ(s["required"], json::array({"items"}));
  EXPECT_EQ(s["properties"]["items"]["type"], "array");
  EXPECT_EQ(s["properties"]["items"]["items"], json(json_schema(heroes, {.strict = true})));
  const json plain = json_schema_list(heroes);
  EXPECT_EQ(plain["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_FALSE(plain["properties"]["items"]["items"].contains("$schema"));
}

}  // namespace
}  // namespace retort::test
