// Tests for core/model/json.cpp: value forms, round trips, errors, PATCH
// semantics and the JSON Schema.
#include "core/model/json.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "test_models.hpp"
#include "tests/core/model/json_test_support.hpp"

namespace retort::test {
namespace {

using nlohmann::json;
using namespace std::chrono;

Everything sample() {
  Everything e;
  e.id = 7;
  e.i8 = -128;
  e.i16 = 32767;
  e.i32 = -2147483647 - 1;
  e.i64 = 9223372036854775807;
  e.u8 = 255;
  e.u16 = 65535;
  e.u32 = 4294967295u;
  e.f = 0.1f;
  e.d = 3.141592653589793;
  e.b = true;
  e.s = "héllo \"wörld\" 😀 \\ '; DROP TABLE x; --";
  e.s.push_back('\0');
  e.blob = {std::byte{0}, std::byte{1}, std::byte{0}, std::byte{255}};
  e.uuid = *Uuid::parse("3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab");
  e.ts = Timestamp{sys_days{year(2026) / 11 / 23}} + hours(15) + minutes(1) + seconds(26) +
         microseconds(123456);
  e.lts = LocalTimestamp{local_days{year(2026) / 11 / 23}} + hours(8) + microseconds(5);
  e.date = year(2026) / 2 / 28;
  e.mood = Mood::kSad;
  e.color = Color::kGreen;
  return e;
}

Everything sample_with_optionals() {
  Everything e = sample();
  e.o_i8 = e.i8;
  e.o_i16 = e.i16;
  e.o_i32 = e.i32;
  e.o_i64 = e.i64;
  e.o_u8 = e.u8;
  e.o_u16 = e.u16;
  e.o_u32 = e.u32;
  e.o_f = e.f;
  e.o_d = e.d;
  e.o_b = false;
  e.o_s = "";
  e.o_blob = Blob{};
  e.o_uuid = Uuid{};
  e.o_ts = e.ts;
  e.o_lts = e.lts;
  e.o_date = e.date;
  e.o_mood = Mood::kHappy;
  e.o_color = Color::kRed;
  return e;
}

TEST(JsonTest, ValueForms) {
  const json j = to_json(everything, sample());
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["i8"], -128);
  EXPECT_EQ(j["i64"], 9223372036854775807);
  EXPECT_EQ(j["u32"], 4294967295u);
  EXPECT_EQ(j["b"], true);
  EXPECT_EQ(j["blob"], "AAEA/w==");
  EXPECT_EQ(j["uuid"], "3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab");
  EXPECT_EQ(j["ts"], "2026-11-23T15:01:26.123456Z");
  EXPECT_EQ(j["lts"], "2026-11-23T08:00:00.000005");
  EXPECT_EQ(j["date"], "2026-02-28");
  EXPECT_EQ(j["mood"], "sad");
  EXPECT_EQ(j["color"], "green");
  EXPECT_TRUE(j["o_i8"].is_null());
  EXPECT_TRUE(j["o_mood"].is_null());
  EXPECT_EQ(j.size(), everything.data().columns.size());
}

TEST(JsonTest, EveryTypeRoundTripsExactly) {
  Everything zero;
  zero.date = year(1970) / 1 / 1;  // a default Date (0000-00-00) is not a date
  for (const Everything& e : {sample(), sample_with_optionals(), zero}) {
    const std::string text = to_json(everything, e).dump();
    EXPECT_EQ(from_json(everything, text), e) << text;
    EXPECT_EQ(from_json(everything, json::parse(text)), e) << text;
  }
}

TEST(JsonTest, TimestampsWithOffsetsParseToTheSameInstant) {
  json j = to_json(everything, sample());
  const Timestamp expected = sample().ts;
  for (const char* text : {"2026-11-23T20:31:26.123456+05:30", "2026-11-23 07:01:26.123456-08:00",
                           "2026-11-23 15:01:26.123456+00", "2026-11-23T15:01:26.123456Z"}) {
    j["ts"] = text;
    j["o_ts"] = text;
    Everything e = from_json(everything, j);
    EXPECT_EQ(e.ts, expected) << text;
    EXPECT_EQ(e.o_ts, expected) << text;
  }
}

// The session writes a version column: a new record need not send it.
TEST(JsonTest, AVersionColumnIsNotRequired) {
  struct Versioned {
    std::optional<std::int64_t> id;
    std::string body;
    std::int64_t version = 0;
  };
  const auto versioned = table<Versioned>("versioned", column("id", &Versioned::id).primary_key(),
                                          column("body", &Versioned::body),
                                          column("version", &Versioned::version).version_column());
  const Versioned v = from_json(versioned, R"({"body": "x"})");
  EXPECT_EQ(v.version, 0);
  EXPECT_EQ(from_json(versioned, R"({"body": "x", "version": 4})").version, 4);
  const json schema = json_schema(versioned);
  EXPECT_EQ(schema["required"], json({"body"}));
  EXPECT_EQ(schema["properties"]["version"], json::parse(R"({"type": "integer"})"));
}

TEST(JsonTest, MissingFieldsTakeDefaultsAndOptionalsStayEmpty) {
  Hero h = from_json(heroes, R"({"name": "Deadpond", "secret_name": "Dive Wilson"})");
  EXPECT_EQ(h.name, "Deadpond");
  EXPECT_EQ(h.mood, Mood::kSad);     // default_value
  EXPECT_EQ(h.power, 1.5);           // default_value
  EXPECT_TRUE(h.active);             // default_value
  ASSERT_TRUE(h.token.has_value());  // default_factory
  EXPECT_FALSE(h.token->is_nil());
  EXPECT_FALSE(h.id);
  EXPECT_FALSE(h.age);
  Hero other = from_json(heroes, R"({"name": "Rusty-Man", "secret_name": "Tommy Sharp"})");
  EXPECT_NE(h.token, other.token);  // a fresh value each time
  // A field given wins over its default.
  h = from_json(heroes, R"({"name": "a", "secret_name": "b", "mood": "happy"})");
  EXPECT_EQ(h.mood, Mood::kHappy);
}

// The schema leaves skip_json_schema fields out and refuses other
// properties; from_json refuses them too, so the two accept the same
// documents (the id stays the database's to assign).
TEST(JsonTest, FieldsTheSchemaLeavesOutAreRefused) {
  const auto errors =
      errors_of([] { (void)from_json(heroes, R"({"name": "a", "secret_name": "b", "id": 3})"); });
  EXPECT_EQ(errors, (std::vector<FieldError>{{"id",
                                              "field not accepted (left out of the JSON "
                                              "schema)",
                                              "unknown"}}));
  Hero h = from_json(heroes, R"({"name": "a", "secret_name": "b"})");
  const Hero before = h;
  EXPECT_EQ(errors_of([&] { apply_json(heroes, h, R"({"created_at": "2026-11-23T15:01:26Z"})"); }),
            (std::vector<FieldError>{
                {"created_at", "field not accepted (left out of the JSON schema)", "unknown"}}));
  EXPECT_EQ(h, before);
}

// JSON Schema's "integer" is any number with no fractional part; so is an
// integer member's.
TEST(JsonTest, AnIntegerMemberTakesANumberWithNoFraction) {
  Hero h = from_json(heroes, R"({"name": "a", "secret_name": "b", "age": 50.0})");
  EXPECT_EQ(h.age, 50);
  h = from_json(heroes, R"({"name": "a", "secret_name": "b", "age": 1e2})");
  EXPECT_EQ(h.age, 100);
  h = from_json(heroes, R"({"name": "a", "secret_name": "b", "age": -0.0})");
  EXPECT_EQ(h.age, 0);
  EXPECT_EQ(errors_of([] {
              (void)from_json(heroes, R"({"name": "a", "secret_name": "b", "age": 50.5})");
            }),
            (std::vector<FieldError>{{"age", "expected an integer, got number", "type"}}));
  json j = to_json(everything, sample());
  j["i64"] = 9.3e18;
  j["o_i64"] = -9223372036854775808.0;  // exactly the lowest int64
  j["i32"] = 3e9;
  const auto errors = errors_of([&] { (void)from_json(everything, j); });
  EXPECT_EQ(errors,
            (std::vector<FieldError>{{"i32", "must be between -2147483648 and 2147483647", "range"},
                                     {"i64", "integer out of range", "range"}}));
  j["i64"] = 9.2e18;
  j["i32"] = 7.0;
  const Everything e = from_json(everything, j);
  EXPECT_EQ(e.i64, 9200000000000000000);
  EXPECT_EQ(e.o_i64, std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(e.i32, 7);
}

// A number no double holds is text that is not JSON for the model's
// purposes: one error with rule "json", not a library exception.
TEST(JsonTest, ANumberPastADoubleIsInvalidJson) {
  const auto errors = errors_of(
      [] { (void)from_json(heroes, R"({"name": "a", "secret_name": "b", "age": 1e400})"); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rule, "json");
  EXPECT_EQ(errors[0].message.find("[json."), std::string::npos) << errors[0].message;
}

// The key is refused as the key even where the schema also skips it (the
// hero's id): the same rule as Session::patch.
TEST(JsonTest, ApplyJsonRefusesASkippedKeyAsTheKey) {
  Hero h = from_json(heroes, R"({"name": "a", "secret_name": "b"})");
  EXPECT_EQ(errors_of([&] { apply_json(heroes, h, R"({"id": 3})"); }),
            (std::vector<FieldError>{{"id", "the primary key cannot be patched", "read_only"}}));
}

// A PATCH never changes the key (as Session::patch).
TEST(JsonTest, ApplyJsonRefusesThePrimaryKey) {
  Team t = from_json(teams, R"({"id": 7, "name": "Preventers"})");
  const Team before = t;
  const auto errors = errors_of([&] { apply_json(teams, t, R"({"id": 99, "name": "Z-Force"})"); });
  EXPECT_EQ(errors,
            (std::vector<FieldError>{{"id", "the primary key cannot be patched", "read_only"}}));
  EXPECT_EQ(t, before);
  apply_json(teams, t, R"({"name": "Z-Force"})");
  EXPECT_EQ(t.id, 7);
}

TEST(JsonTest, EveryProblemIsReportedTogether) {
  const auto errors = errors_of([] {
    (void)from_json(heroes, R"({"secret_name": 5, "age": "old", "mood": "angry",
                                "token": "not-a-uuid", "power": true, "nickname": "x",
                                "created_at": "yesterday"})");
  });
  EXPECT_EQ(errors,
            (std::vector<FieldError>{
                {"name", "field required", "required"},
                {"secret_name", "expected a string, got number", "type"},
                {"age", "expected an integer, got string", "type"},
                {"mood", "must be one of happy, sad", "enum"},
                {"token", "not a valid UUID", "format"},
                {"created_at", "field not accepted (left out of the JSON schema)", "unknown"},
                {"power", "expected a number, got boolean", "type"},
                {"nickname", "unknown field", "unknown"},
            }));
}

TEST(JsonTest, TypeAndRangeErrorsPerMemberType) {
  json j = to_json(everything, sample());
  j["i8"] = 128;
  j["u8"] = -1;
  j["u32"] = 4294967296;
  j["i64"] = 18446744073709551615u;
  j["i32"] = 1.5;
  j["b"] = 1;
  j["blob"] = "AAE";
  j["date"] = "2026-02-30";
  j["lts"] = "2026-11-23T08:00:00Z";
  j["color"] = 3;
  j["s"] = nullptr;
  const auto errors = errors_of([&] { (void)from_json(everything, j); });
  EXPECT_EQ(errors, (std::vector<FieldError>{
                        {"i8", "must be between -128 and 127", "range"},
                        {"i32", "expected an integer, got number", "type"},
                        {"i64", "integer out of range", "range"},
                        {"u8", "must be between 0 and 255", "range"},
                        {"u32", "must be between 0 and 4294967295", "range"},
                        {"b", "expected a boolean, got number", "type"},
                        {"s", "may not be null", "null"},
                        {"blob", "not a valid base64 string", "format"},
                        {"lts", "not a valid local timestamp (e.g. 2026-11-23T15:01:26)", "format"},
                        {"date", "not a valid date (YYYY-MM-DD)", "format"},
                        {"color", "expected one of red, green, got number", "type"},
                    }));
}

TEST(JsonTest, ValidationRulesRunAfterConversion) {
  const auto errors = errors_of([] {
    (void)from_json(heroes, R"({"name": "", "secret_name": "D1", "age": 200, "power": -0.5})");
  });
  EXPECT_EQ(errors, (std::vector<FieldError>{
                        {"name", "at least 1 characters", "min_length"},
                        {"secret_name", "must match pattern [A-Za-z ]+", "pattern"},
                        {"age", "must be < 200", "lt"},
                        {"power", "must be >= 0", "ge"},
                    }));
}

TEST(JsonTest, InvalidJsonIsOneErrorWithoutAField) {
  try {
    (void)from_json(heroes, R"({"name": )");
    FAIL() << "no ValidationError";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].field, "");
    EXPECT_EQ(e.errors()[0].rule, "json");
    EXPECT_TRUE(e.errors()[0].message.starts_with("invalid JSON: parse error at line 1"))
        << e.errors()[0].message;
    EXPECT_TRUE(std::string(e.what()).starts_with("1 error: invalid JSON: ")) << e.what();
  }
  const auto errors = errors_of([] { (void)from_json(heroes, "[1, 2]"); });
  EXPECT_EQ(errors, (std::vector<FieldError>{{"", "expected a JSON object, got array", "type"}}));
}

TEST(JsonTest, ApplyJsonChangesOnlyTheFieldsPresent) {
  Hero h = from_json(heroes, R"({"name": "Deadpond", "secret_name": "Dive Wilson", "age": 30})");
  h.id = 1;
  const Hero before = h;
  apply_json(heroes, h, R"({"age": 31, "mood": "happy"})");
  EXPECT_EQ(h.age, 31);
  EXPECT_EQ(h.mood, Mood::kHappy);
  EXPECT_EQ(h.name, before.name);
  EXPECT_EQ(h.token, before.token);  // no fresh default on a patch
  EXPECT_EQ(h.power, before.power);
  EXPECT_EQ(h.id, 1);
  apply_json(heroes, h, json{{"age", nullptr}});  // null empties an optional
  EXPECT_FALSE(h.age);
  apply_json(heroes, h, "{}");
  EXPECT_FALSE(h.age);
  EXPECT_EQ(h.name, before.name);
}

TEST(JsonTest, ApplyJsonLeavesTheObjectUnchangedOnFailure) {
  Hero h = from_json(heroes, R"({"name": "Deadpond", "secret_name": "Dive Wilson", "age": 30})");
  const Hero before = h;
  auto errors = errors_of([&] { apply_json(heroes, h, R"({"age": 31, "name": ""})"); });
  EXPECT_EQ(errors, (std::vector<FieldError>{{"name", "at least 1 characters", "min_length"}}));
  EXPECT_EQ(h, before);
  errors = errors_of([&] { apply_json(heroes, h, R"({"age": 31, "name": null, "x": 1})"); });
  EXPECT_EQ(errors, (std::vector<FieldError>{{"name", "may not be null", "null"},
                                             {"x", "unknown field", "unknown"}}));
  EXPECT_EQ(h, before);
  errors = errors_of([&] { apply_json(heroes, h, "{"); });
  EXPECT_EQ(errors.size(), 1u);
  EXPECT_EQ(h, before);
}

TEST(JsonSchemaTest, DescribesTheHeroModel) {
  const json schema = json_schema(heroes);
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema["title"], "hero");
  EXPECT_EQ(schema["type"], "object");
  EXPECT_EQ(schema["additionalProperties"], false);
  EXPECT_EQ(schema["required"], json({"name", "secret_name"}));
  const json& p = schema["properties"];
  EXPECT_FALSE(p.contains("id"));  // skip_json_schema
  EXPECT_FALSE(p.contains("created_at"));
  EXPECT_EQ(p["name"], json::parse(R"({"type": "string", "minLength": 1, "maxLength": 100,
                                        "description": "public name"})"));
  EXPECT_EQ(p["secret_name"], json::parse(R"({"type": "string",
                                               "pattern": "^(?:[A-Za-z ]+)$"})"));
  EXPECT_EQ(p["age"], json::parse(R"({"type": ["integer", "null"], "minimum": 0,
                                       "exclusiveMaximum": 200})"));
  EXPECT_EQ(p["team_id"], json::parse(R"({"type": ["integer", "null"]})"));
  EXPECT_EQ(p["mood"], json::parse(R"({"type": "string", "enum": ["happy", "sad"],
                                        "default": "sad"})"));
  // null is accepted: add() fills an empty token from its factory.
  EXPECT_EQ(p["token"], json::parse(R"({"type": ["string", "null"], "format": "uuid"})"));
  EXPECT_EQ(p["power"], json::parse(R"({"type": "number", "minimum": 0.0, "maximum": 100.5,
                                         "default": 1.5})"));
  EXPECT_EQ(p["active"], json::parse(R"({"type": "boolean", "default": true})"));
  EXPECT_EQ(p.size(), 8u);
}

TEST(JsonSchemaTest, FormatsOfEveryType) {
  const json p = json_schema(everything)["properties"];
  EXPECT_EQ(p["i8"], json::parse(R"({"type": "integer"})"));
  EXPECT_EQ(p["f"], json::parse(R"({"type": "number"})"));
  EXPECT_EQ(p["o_d"], json::parse(R"({"type": ["number", "null"]})"));
  EXPECT_EQ(p["blob"], json::parse(R"({"type": "string", "contentEncoding": "base64"})"));
  EXPECT_EQ(p["ts"], json::parse(R"({"type": "string", "format": "date-time"})"));
  EXPECT_EQ(p["o_date"], json::parse(R"({"type": ["string", "null"], "format": "date"})"));
  EXPECT_EQ(p["o_mood"],
            json::parse(R"({"type": ["string", "null"], "enum": ["happy", "sad", null]})"));
  EXPECT_EQ(p["color"], json::parse(R"({"type": "string", "enum": ["red", "green"]})"));
  EXPECT_EQ(p["lts"]["type"], "string");
  EXPECT_TRUE(p["lts"].contains("pattern"));
  const json schema = json_schema(teams);
  EXPECT_EQ(schema["description"], "teams of heroes");
  EXPECT_EQ(schema["properties"]["headquarters"],
            json::parse(R"({"type": "string", "default": "nowhere", "description": "city"})"));
}

}  // namespace
}  // namespace retort::test

namespace retort::test {
namespace {

// The schema agrees with from_json: a JSON Schema validator (python3-jsonschema,
// Draft 2020-12 with format checks) accepts exactly the records from_json does,
// in each mode (extra = forbid, the default, and extra = ignore).

// Edge cases over every field of the hero model: types, bounds at and past
// their ends, integral floats, nulls, formats, patterns, unknown and
// skipped fields. (Integers past a member's C++ range are left out: the
// schema gives no bounds a model does not declare.)
json edge_case_heroes() {
  const std::string base = R"("name": "Deadpond", "secret_name": "Dive Wilson")";
  const std::vector<std::string> extra = {
      "",  // the base record alone
      R"(, "age": 0)",
      R"(, "age": 199)",
      R"(, "age": 199.0)",
      R"(, "age": 1e1)",
      R"(, "age": -0.0)",
      R"(, "age": null)",
      R"(, "team_id": 9223372036854775807)",
      R"(, "team_id": null)",
      R"(, "mood": "happy")",
      R"(, "power": 100.5)",
      R"(, "power": 0)",
      R"(, "power": 3)",
      R"(, "power": 1e-3)",
      R"(, "active": true)",
      R"(, "token": "3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab")",
      R"(, "age": -1)",
      R"(, "age": 200)",
      R"(, "age": 200.0)",
      R"(, "age": 50.5)",
      R"(, "age": "5")",
      R"(, "age": true)",
      R"(, "team_id": 1.5)",
      R"(, "team_id": "1")",
      R"(, "mood": "angry")",
      R"(, "mood": null)",
      R"(, "mood": 1)",
      R"(, "power": 100.6)",
      R"(, "power": -0.1)",
      R"(, "power": "1")",
      R"(, "power": null)",
      R"(, "active": "yes")",
      R"(, "active": 1)",
      R"(, "token": "not-a-uuid")",
      R"(, "token": 5)",
      R"(, "nickname": "Pond")",
      R"(, "id": 3)",
      R"(, "created_at": "2026-11-23T15:01:26Z")",
      R"(, "nickname": null, "age": 3)",
  };
  json records = json::array();
  for (const std::string& e : extra) records.push_back(json::parse("{" + base + e + "}"));
  const std::string long_name(100, 'x');
  for (const std::string& r : std::vector<std::string>{
           R"({"name": ")" + long_name + R"(", "secret_name": "A"})",
           R"({"name": ")" + long_name + R"(x", "secret_name": "A"})",
           R"({"name": "Ünïcødé", "secret_name": "A B"})",
           R"({"name": "x", "secret_name": ""})",
           R"({"name": "x", "secret_name": "D1"})",
           R"({"name": "", "secret_name": "A"})",
           R"({"name": null, "secret_name": "A"})",
           R"({"name": 5, "secret_name": "A"})",
           R"({"secret_name": "A"})",
           R"({"name": "x"})",
           R"({})",
       }) {
    records.push_back(json::parse(r));
  }
  return records;
}

std::string from_json_verdicts(const json& records, const FromJsonOptions& options) {
  std::string out;
  for (const auto& r : records) {
    try {
      (void)from_json(heroes, r, options);
      out += '1';
    } catch (const ValidationError&) {
      out += '0';
    }
  }
  return out;
}

TEST(JsonSchemaTest, ValidatorAcceptsExactlyWhatFromJsonAccepts) {
  const json records = edge_case_heroes();
  ASSERT_GE(records.size(), 40u);
  const std::string forbid = from_json_verdicts(records, {});
  EXPECT_EQ(forbid, "11111111111111110000000000000000000000010100000000");
  EXPECT_EQ(validator_verdicts(json_schema(heroes), records), forbid);
}

TEST(JsonSchemaTest, WithExtraIgnoredBothAcceptOtherProperties) {
  const json records = edge_case_heroes();
  const std::string ignore = from_json_verdicts(records, {.extra = Extra::kIgnore});
  // The unknown and skipped fields are now accepted; nothing else changes.
  EXPECT_EQ(ignore, "11111111111111110000000000000000000111110100000000");
  EXPECT_EQ(validator_verdicts(json_schema(heroes, {.extra = Extra::kIgnore}), records), ignore);
  // Ignored means left alone: the skipped id keeps the struct's value.
  const Hero h = from_json(heroes, R"({"name": "a", "secret_name": "b", "id": 3, "x": 1})",
                           {.extra = Extra::kIgnore});
  EXPECT_FALSE(h.id.has_value());
  EXPECT_THROW((void)json_schema(heroes, {.strict = true, .extra = Extra::kIgnore}),
               DeclarationError);
}

// Lax numbers take a number's text, for number members only, as the
// patterns say; bounds still apply.
TEST(JsonTest, LaxNumbersTakeANumbersText) {
  const FromJsonOptions lax{.lax_numbers = true};
  Hero h =
      from_json(heroes, R"({"name": "a", "secret_name": "b", "age": "42", "power": "1.5e1"})", lax);
  EXPECT_EQ(h.age, 42);
  EXPECT_EQ(h.power, 15.0);
  EXPECT_EQ(errors_of([&] {
              (void)from_json(heroes,
                              R"({"name": "a", "secret_name": "b", "age": "4.5", "power": "x",
                                  "active": "true"})",
                              lax);
            }),
            (std::vector<FieldError>{{"age", "expected an integer, got string", "type"},
                                     {"power", "expected a number, got string", "type"},
                                     {"active", "expected a boolean, got string", "type"}}));
  EXPECT_EQ(errors_of([&] {
              (void)from_json(heroes, R"({"name": "a", "secret_name": "b", "age": "300"})", lax);
            }),
            (std::vector<FieldError>{{"age", "must be < 200", "lt"}}));
  EXPECT_THROW((void)from_json(heroes, R"({"name": "a", "secret_name": "b", "age": "42"})"),
               ValidationError);  // off by default
  EXPECT_THROW((void)json_schema(heroes, {.strict = true, .lax_numbers = true}), DeclarationError);
}

// Properties come in declaration order, in objects and schemas (what a
// language model writes follows the schema's order).
TEST(JsonTest, PropertiesAreInDeclarationOrder) {
  const auto keys_of = [](const nlohmann::ordered_json& object) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : object.items()) keys.push_back(key);
    return keys;
  };
  const Hero h = from_json(heroes, R"({"name": "Deadpond", "secret_name": "Dive Wilson"})");
  EXPECT_EQ(keys_of(to_json(heroes, h)),
            (std::vector<std::string>{"id", "name", "secret_name", "age", "team_id", "mood",
                                      "token", "created_at", "power", "active"}));
  const nlohmann::ordered_json schema = json_schema(heroes);
  EXPECT_EQ(keys_of(schema["properties"]),
            (std::vector<std::string>{"name", "secret_name", "age", "team_id", "mood", "token",
                                      "power", "active"}));
  EXPECT_EQ(keys_of(schema), (std::vector<std::string>{"$schema", "title", "type", "properties",
                                                       "required", "additionalProperties"}));
  EXPECT_EQ(json(schema["required"]), json::parse(R"(["name", "secret_name"])"));
}

// Lax numbers: the schema's text branch has the same grammar and length as
// from_json. The difference: text past a bound ("300" for an age below
// 200) or past what the member holds (1e400), which a schema cannot
// compare; the test names those records.
TEST(JsonSchemaTest, WithLaxNumbersBothTakeANumbersText) {
  json records = edge_case_heroes();
  const std::size_t first_lax = records.size();
  for (const char* r : {R"({"name": "a", "secret_name": "b", "age": "42"})",
                        R"({"name": "a", "secret_name": "b", "age": "-0"})",
                        R"({"name": "a", "secret_name": "b", "age": "4.5"})",
                        R"({"name": "a", "secret_name": "b", "age": " 4"})",
                        R"({"name": "a", "secret_name": "b", "age": ""})",
                        R"({"name": "a", "secret_name": "b", "power": "1.5e1"})",
                        R"({"name": "a", "secret_name": "b", "power": "-0.5"})",
                        R"({"name": "a", "secret_name": "b", "power": ".5"})",
                        R"({"name": "a", "secret_name": "b", "power": "NaN"})",
                        R"({"name": "a", "secret_name": "b", "team_id": "7"})",
                        R"({"name": "a", "secret_name": "b", "active": "true"})",
                        R"({"name": "a", "secret_name": "b", "age": "007"})",
                        R"({"name": "a", "secret_name": "b", "age": "1.0"})",
                        R"({"name": "a", "secret_name": "b", "age": "-"})",
                        R"({"name": "a", "secret_name": "b", "power": "1."})",
                        R"({"name": "a", "secret_name": "b", "power": "1e"})",
                        R"({"name": "a", "secret_name": "b", "power": "2E-1"})",
                        R"({"name": "a", "secret_name": "b", "age": "300"})"}) {
    records.push_back(json::parse(r));
  }
  // Longer than the 64 characters lax text may have: refused by both.
  records.push_back(json{{"name", "a"}, {"secret_name", "b"}, {"team_id", std::string(65, '1')}});
  // Past a bound or past what the member holds: only from_json can tell.
  const std::vector<std::size_t> differences = {first_lax + 6, first_lax + 17, records.size()};
  records.push_back(json{{"name", "a"}, {"secret_name", "b"}, {"power", "1e400"}});
  const std::string lax = from_json_verdicts(records, {.lax_numbers = true});
  std::string expected = validator_verdicts(json_schema(heroes, {.lax_numbers = true}), records);
  ASSERT_EQ(expected.size(), lax.size());
  for (std::size_t d : differences) {
    EXPECT_EQ(expected[d], '1') << d;  // "-0.5" for power >= 0, "300" for age < 200, 1e400
    expected[d] = '0';
  }
  EXPECT_EQ(lax, expected);
  EXPECT_EQ(lax.substr(first_lax), "11000100010000001000");
}

TEST(JsonTest, ToJsonLeavesOutTheExcludedMembers) {
  Hero h = from_json(heroes, R"({"name": "Deadpond", "secret_name": "Dive Wilson", "age": 3})");
  const json out = to_json(heroes, h, {.exclude = {&Hero::secret_name, &Hero::token}});
  EXPECT_FALSE(out.contains("secret_name"));
  EXPECT_FALSE(out.contains("token"));
  EXPECT_EQ(out["age"], 3);
  EXPECT_EQ(out.size(), to_json(heroes, h).size() - 2);
}

}  // namespace
}  // namespace retort::test
