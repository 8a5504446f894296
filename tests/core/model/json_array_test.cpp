// Array members in JSON: to_json writes JSON arrays, from_json reads them
// item by item (errors name the item), the JSON Schema says `array` with the
// items' own schema and minItems/maxItems, and python3-jsonschema accepts
// exactly what from_json accepts. Declarations an array cannot take are
// refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/model/json.hpp"
#include "core/model/partial.hpp"
#include "tests/core/model/array_models.hpp"
#include "tests/core/model/json_test_support.hpp"

namespace retort::array_test {
namespace {

using namespace std::chrono;
using nlohmann::json;
using test::errors_of;

const char* const kBase =
    R"({"title": "t", "tags": [], "counts": [], "ranks": [], "ratios": [], "flags": [],
        "refs": [], "seen": [], "local": [], "days": [], "tones": ["warm"], "codes": []})";

// kBase with `key` set to `value` (JSON text), or left out when `value` is "".
json with(const std::string& key, const std::string& value) {
  json j = json::parse(kBase);
  if (value.empty()) {
    j.erase(key);
  } else {
    j[key] = json::parse(value);
  }
  return j;
}

Article sample() {
  Article a;
  a.id = 7;
  a.title = "arrays";
  a.tags = {"a", "say \"hi\""};
  a.counts = {-1, 9223372036854775807};
  a.ranks = {3};
  a.ratios = {0.5, -2.0};
  a.flags = {true, false};
  a.refs = {*Uuid::parse("3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab")};
  a.seen = {sys_days{2026y / November / 23} + 15h + 1min + 26s + microseconds{123456}};
  a.local = {local_days{1999y / December / 31} + 23h};
  a.days = {2024y / February / 29};
  a.tones = {Tone::kCool, Tone::kWarm};
  a.codes = {"abc"};
  return a;
}

TEST(JsonArrayTest, ToJsonWritesArraysAndFromJsonReadsThemBack) {
  const Article a = sample();
  const json j = json::parse(to_json(articles, a).dump());
  EXPECT_EQ(j["tags"], json::parse(R"(["a", "say \"hi\""])"));
  EXPECT_EQ(j["counts"], json::parse("[-1, 9223372036854775807]"));
  EXPECT_EQ(j["flags"], json::parse("[true, false]"));
  EXPECT_EQ(j["refs"], json::parse(R"(["3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab"])"));
  EXPECT_EQ(j["seen"], json::parse(R"(["2026-11-23T15:01:26.123456Z"])"));
  EXPECT_EQ(j["local"], json::parse(R"(["1999-12-31T23:00:00.000000"])"));
  EXPECT_EQ(j["days"], json::parse(R"(["2024-02-29"])"));
  EXPECT_EQ(j["tones"], json::parse(R"(["cool", "warm"])"));
  EXPECT_TRUE(j["aliases"].is_null());
  EXPECT_EQ(from_json(articles, j), a);

  Article b = a;
  b.aliases = std::vector<std::string>{};
  EXPECT_EQ(json::parse(to_json(articles, b).dump())["aliases"], json::array());
  EXPECT_EQ(from_json(articles, json::parse(to_json(articles, b).dump())), b);
}

TEST(JsonArrayTest, ItemErrorsNameTheItem) {
  using V = std::vector<FieldError>;
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("tags", R"("a")")); }),
            (V{{"tags", "expected an array, got string", "type"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("tags", R"(["a", 1])")); }),
            (V{{"tags", "item 1: expected a string, got number", "type"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("tags", R"(["a", null])")); }),
            (V{{"tags", "item 1: may not be null", "null"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("tags", "null")); }),
            (V{{"tags", "may not be null", "null"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("counts", "[1, 1.5]")); }),
            (V{{"counts", "item 1: expected an integer, got number", "type"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("ranks", "[40000]")); }),
            (V{{"ranks", "item 0: must be between -32768 and 32767", "range"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("tones", R"(["hot"])")); }),
            (V{{"tones", "item 0: must be one of warm, cool", "enum"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("tones", "[]")); }),
            (V{{"tones", "at least 1 item", "min_length"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("refs", R"(["nope"])")); }),
            (V{{"refs", "item 0: not a valid UUID", "format"}}));
  EXPECT_EQ(errors_of([] { (void)from_json(articles, with("tags", "")); }),
            (V{{"tags", "field required", "required"}}));
  const std::string thirteen = R"(["1","2","3","4","5","6","7","8","9","10","11","12","13"])";
  EXPECT_EQ(errors_of([&] { (void)from_json(articles, with("tags", thirteen)); }),
            (V{{"tags", "at most 12 items", "max_length"}}));
}

TEST(JsonArrayTest, SchemaSaysArrayWithTheItemsSchema) {
  const json p = json::parse(json_schema(articles).dump())["properties"];
  EXPECT_EQ(p["tags"], json::parse(R"({"type": "array", "items": {"type": "string"},
                                       "maxItems": 12, "description": "labels"})"));
  EXPECT_EQ(p["counts"], json::parse(R"({"type": "array", "items": {"type": "integer"}})"));
  EXPECT_EQ(p["refs"],
            json::parse(R"({"type": "array", "items": {"type": "string", "format": "uuid"}})"));
  EXPECT_EQ(p["tones"], json::parse(R"({"type": "array", "minItems": 1,
                                        "items": {"type": "string", "enum": ["warm", "cool"]}})"));
  EXPECT_EQ(p["aliases"],
            json::parse(R"({"type": ["array", "null"], "items": {"type": "string"}})"));
  // Lax numbers reach the items, as from_json's do.
  const json lax = json::parse(json_schema(articles, {.lax_numbers = true}).dump());
  EXPECT_EQ(lax["properties"]["counts"]["items"]["anyOf"][1]["type"], "string");
  Article a = from_json(articles, with("counts", R"(["12", 3])"), {.lax_numbers = true});
  EXPECT_EQ(a.counts, (std::vector<std::int64_t>{12, 3}));
}

// A PATCH body may replace an array whole.
TEST(JsonArrayTest, APartialBodyReplacesAnArray) {
  Article a = sample();
  Partial<Article> p = partial(articles, json::parse(R"({"tags": ["x", "y"]})"));
  p.apply_to(a);
  EXPECT_EQ(a.tags, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(a.counts, sample().counts);
}

// python3-jsonschema and from_json agree on every record, valid ones first.
TEST(JsonArrayTest, ValidatorAcceptsExactlyWhatFromJsonAccepts) {
  const std::vector<std::pair<std::string, std::string>> valid = {
      {"tags", R"(["a", "b"])"},
      {"tags", R"([""])"},
      {"tags", R"(["1","2","3","4","5","6","7","8","9","10","11","12"])"},
      {"counts", "[1, -2, 9223372036854775807]"},
      {"counts", "[1.0, 1e2]"},
      {"ranks", "[32767, -32768]"},
      {"ratios", "[0.5, 1, -2e10]"},
      {"flags", "[true, false]"},
      {"refs", R"(["3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab"])"},
      {"seen", R"(["2026-11-23T15:01:26Z", "2026-11-23T15:01:26.5+05:30"])"},
      {"local", R"(["2026-11-23T15:01:26", "2026-11-23 15:01:26.123456"])"},
      {"days", R"(["2024-02-29"])"},
      {"tones", R"(["cool", "warm", "cool"])"},
      {"aliases", "null"},
      {"aliases", R"(["x"])"},
      {"codes", R"(["abc"])"},
      {"id", "3"},
  };
  const std::vector<std::pair<std::string, std::string>> invalid = {
      {"tags", R"("a")"},
      {"tags", "[1]"},
      {"tags", "[null]"},
      {"tags", R"(["1","2","3","4","5","6","7","8","9","10","11","12","13"])"},
      {"tags", "null"},
      {"tags", ""},
      {"tags", R"([["a"]])"},
      {"tags", R"({"a": 1})"},
      {"counts", R"(["1"])"},
      {"counts", "[1.5]"},
      {"counts", "[true]"},
      {"ratios", R"(["x"])"},
      {"flags", "[1]"},
      {"refs", R"(["nope"])"},
      {"seen", R"(["yesterday"])"},
      {"local", R"(["2026-11-23"])"},
      {"days", R"(["2024-02-30"])"},
      {"days", R"(["24-02-29"])"},
      {"tones", "[]"},
      {"tones", R"(["hot"])"},
      {"tones", R"(["warm", null])"},
      {"aliases", "[null]"},
      {"aliases", "[3]"},
      {"extra", "[]"},
  };
  json records = json::array();
  for (const auto& [key, value] : valid) records.push_back(with(key, value));
  for (const auto& [key, value] : invalid) records.push_back(with(key, value));
  ASSERT_GE(records.size(), 40u);
  std::string ours;
  for (const json& r : records) {
    try {
      (void)from_json(articles, r);
      ours += '1';
    } catch (const ValidationError&) {
      ours += '0';
    }
  }
  EXPECT_EQ(ours, std::string(valid.size(), '1') + std::string(invalid.size(), '0'));
  EXPECT_EQ(test::validator_verdicts(json_schema(articles), records), ours);
}

// What an array member cannot declare: each a DeclarationError naming the
// column.
TEST(JsonArrayTest, DeclarationsAnArrayCannotTakeAreRefused) {
  struct Bad {
    std::optional<std::int64_t> id;
    std::vector<std::string> tags;
    std::vector<std::int64_t> counts;
  };
  auto refusal = [](auto build) {
    try {
      build();
    } catch (const DeclarationError& e) {
      return e.error();
    }
    ADD_FAILURE() << "no DeclarationError";
    return Error{};
  };
  const auto id = [] { return retort::column("id", &Bad::id).primary_key(); };
  Error e = refusal([&] {
    (void)retort::table<Bad>("bad", id(), retort::column("tags", &Bad::tags).pattern("a"));
  });
  EXPECT_EQ(e.table, "bad");
  EXPECT_EQ(e.column, "tags");
  EXPECT_EQ(e.message, "pattern applies to text columns, not a std::vector member");
  e = refusal(
      [&] { (void)retort::table<Bad>("bad", id(), retort::column("counts", &Bad::counts).ge(0)); });
  EXPECT_EQ(e.column, "counts");
  EXPECT_EQ(e.message, "ge applies to numeric columns, not a std::vector member");
  e = refusal([&] {
    (void)retort::table<Bad>("bad", id(), retort::column("tags", &Bad::tags).default_value({"a"}));
  });
  EXPECT_EQ(e.column, "tags");
  EXPECT_EQ(e.message, "an array column cannot have a default_value");
  EXPECT_NE(e.hint.find("default_sql"), std::string::npos);
  e = refusal([&] {
    (void)retort::table<Bad>("bad", id(), retort::column("tags", &Bad::tags).type("text"));
  });
  EXPECT_EQ(e.message, "type \"text\" cannot hold a std::vector member");
  // A type the database knows as an array is taken as written.
  const auto ok =
      retort::table<Bad>("bad", id(), retort::column("tags", &Bad::tags).type("varchar(20)[]"),
                         retort::column("counts", &Bad::counts).min_length(1));
  EXPECT_EQ(ok.table().columns[1].type.native, "varchar(20)[]");
  EXPECT_EQ(ok.table().columns[2].type.native, "bigint[]");
}

}  // namespace
}  // namespace retort::array_test
