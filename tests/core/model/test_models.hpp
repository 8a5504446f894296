// Models shared by the model runtime's tests: one of every member type, a
// heroes-like pair with every column option, and one with every rule.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/model/runtime.hpp"

namespace retort::test {

enum class Mood { kHappy, kSad };
enum class Color { kRed, kGreen };  // stored as text (no enum type name)

}  // namespace retort::test

template <>
struct retort::enum_mapping<retort::test::Mood> {
  static constexpr std::string_view name = "mood";
  static constexpr std::pair<retort::test::Mood, std::string_view> values[] = {
      {retort::test::Mood::kHappy, "happy"}, {retort::test::Mood::kSad, "sad"}};
};
template <>
struct retort::enum_mapping<retort::test::Color> {
  static constexpr std::string_view name = "";
  static constexpr std::pair<retort::test::Color, std::string_view> values[] = {
      {retort::test::Color::kRed, "red"}, {retort::test::Color::kGreen, "green"}};
};

namespace retort::test {

struct Everything {
  std::optional<std::int64_t> id;
  std::int8_t i8 = 0;
  std::int16_t i16 = 0;
  std::int32_t i32 = 0;
  std::int64_t i64 = 0;
  std::uint8_t u8 = 0;
  std::uint16_t u16 = 0;
  std::uint32_t u32 = 0;
  float f = 0;
  double d = 0;
  bool b = false;
  std::string s;
  Blob blob;
  Uuid uuid;
  Timestamp ts;
  LocalTimestamp lts;
  Date date;
  Mood mood = Mood::kHappy;
  Color color = Color::kRed;
  std::optional<std::int8_t> o_i8;
  std::optional<std::int16_t> o_i16;
  std::optional<std::int32_t> o_i32;
  std::optional<std::int64_t> o_i64;
  std::optional<std::uint8_t> o_u8;
  std::optional<std::uint16_t> o_u16;
  std::optional<std::uint32_t> o_u32;
  std::optional<float> o_f;
  std::optional<double> o_d;
  std::optional<bool> o_b;
  std::optional<std::string> o_s;
  std::optional<Blob> o_blob;
  std::optional<Uuid> o_uuid;
  std::optional<Timestamp> o_ts;
  std::optional<LocalTimestamp> o_lts;
  std::optional<Date> o_date;
  std::optional<Mood> o_mood;
  std::optional<Color> o_color;
  friend bool operator==(const Everything&, const Everything&) = default;
};

#define RETORT_TEST_COLUMN(member) retort::column(#member, &Everything::member)
inline const auto everything = retort::table<Everything>(
    "everything", RETORT_TEST_COLUMN(id).primary_key(), RETORT_TEST_COLUMN(i8),
    RETORT_TEST_COLUMN(i16), RETORT_TEST_COLUMN(i32), RETORT_TEST_COLUMN(i64),
    RETORT_TEST_COLUMN(u8), RETORT_TEST_COLUMN(u16), RETORT_TEST_COLUMN(u32), RETORT_TEST_COLUMN(f),
    RETORT_TEST_COLUMN(d), RETORT_TEST_COLUMN(b), RETORT_TEST_COLUMN(s), RETORT_TEST_COLUMN(blob),
    RETORT_TEST_COLUMN(uuid), RETORT_TEST_COLUMN(ts), RETORT_TEST_COLUMN(lts),
    RETORT_TEST_COLUMN(date), RETORT_TEST_COLUMN(mood), RETORT_TEST_COLUMN(color),
    RETORT_TEST_COLUMN(o_i8), RETORT_TEST_COLUMN(o_i16), RETORT_TEST_COLUMN(o_i32),
    RETORT_TEST_COLUMN(o_i64), RETORT_TEST_COLUMN(o_u8), RETORT_TEST_COLUMN(o_u16),
    RETORT_TEST_COLUMN(o_u32), RETORT_TEST_COLUMN(o_f), RETORT_TEST_COLUMN(o_d),
    RETORT_TEST_COLUMN(o_b), RETORT_TEST_COLUMN(o_s), RETORT_TEST_COLUMN(o_blob),
    RETORT_TEST_COLUMN(o_uuid), RETORT_TEST_COLUMN(o_ts), RETORT_TEST_COLUMN(o_lts),
    RETORT_TEST_COLUMN(o_date), RETORT_TEST_COLUMN(o_mood), RETORT_TEST_COLUMN(o_color));
#undef RETORT_TEST_COLUMN

struct Team {
  std::optional<std::int64_t> id;
  std::string name;
  std::string headquarters;
  friend bool operator==(const Team&, const Team&) = default;
};

struct Hero {
  std::optional<std::int64_t> id;
  std::string name;
  std::string secret_name;
  std::optional<int> age;
  std::optional<std::int64_t> team_id;
  Mood mood = Mood::kHappy;
  std::optional<Uuid> token;  // a default_factory needs an optional
  std::optional<Timestamp> created_at;
  double power = 0;
  bool active = false;
  friend bool operator==(const Hero&, const Hero&) = default;
};

inline const auto teams = retort::table<Team>(
    "team", retort::column("id", &Team::id).primary_key(),
    retort::column("name", &Team::name).unique().max_length(50),
    retort::column("headquarters", &Team::headquarters).default_value("nowhere").comment("city"),
    retort::table_comment("teams of heroes"));

inline const auto heroes = retort::table<Hero>(
    "hero", retort::column("id", &Hero::id).primary_key().skip_json_schema(),
    retort::column("name", &Hero::name)
        .index()
        .min_length(1)
        .max_length(100)
        .comment("public name"),
    retort::column("secret_name", &Hero::secret_name).pattern("[A-Za-z ]+"),
    retort::column("age", &Hero::age).ge(0).lt(200),
    retort::column("team_id", &Hero::team_id).foreign_key(teams, &Team::id).on_delete("SET NULL"),
    retort::column("mood", &Hero::mood).default_value(Mood::kSad),
    retort::column("token", &Hero::token).unique().nullable(false).default_factory(Uuid::v4),
    retort::column("created_at", &Hero::created_at)
        .default_sql("CURRENT_TIMESTAMP")
        .skip_json_schema(),
    retort::column("power", &Hero::power).ge(0.0).le(100.5).default_value(1.5),
    retort::column("active", &Hero::active).default_value(true),
    retort::table_index({"name", "age"}), retort::table_unique({"name", "secret_name"}),
    retort::table_check("age_ok", "age >= 0"));

// The same two tables as models.toml.
inline constexpr std::string_view kHeroesToml = R"toml(
[[table]]
name = "team"
comment = "teams of heroes"
columns = [
  { name = "id", type = "bigint", primary_key = true },
  { name = "name", type = "varchar(50)", unique = true },
  { name = "headquarters", type = "text", default = "nowhere", comment = "city" },
]

[[table]]
name = "hero"
columns = [
  { name = "id", type = "bigint", primary_key = true },
  { name = "name", type = "varchar(100)", index = true, comment = "public name" },
  { name = "secret_name", type = "text" },
  { name = "age", type = "integer", nullable = true },
  { name = "team_id", type = "bigint", nullable = true, foreign_key = "team.id", on_delete = "set null" },
  { name = "mood", type = "enum", enum = "mood", values = ["happy", "sad"], default = "sad" },
  { name = "token", type = "uuid", unique = true },
  { name = "created_at", type = "timestamptz", nullable = true, default_sql = "CURRENT_TIMESTAMP" },
  { name = "power", type = "float", default = 1.5 },
  { name = "active", type = "boolean", default = true },
]
indexes = [ { columns = ["name", "age"] } ]
unique = [ { columns = ["name", "secret_name"] } ]
checks = [ { name = "age_ok", sql = "age >= 0" } ]
)toml";

// One column per rule.
struct Rules {
  std::optional<std::int64_t> id;
  std::string name;                       // 2..4 characters
  std::optional<std::string> nick;        // at most 3, optional
  std::int32_t count = 0;                 // 0 <= count <= 10
  double ratio = 0.5;                     // 0 < ratio < 1
  std::int64_t big = 0;                   // big <= 2^53 + 1 (exact integer compare)
  std::optional<std::int64_t> above = 6;  // > 5, optional
  double score = 0;                       // >= -1.5, <= 2.5
  std::string code = "ABC";               // pattern [A-Z]{3}
  int even = 0;                           // validator
  std::optional<int> maybe_even;          // validator on an optional
};

inline const auto rules =
    retort::table<Rules>("rules", retort::column("id", &Rules::id).primary_key(),
                         retort::column("name", &Rules::name).min_length(2).max_length(4),
                         retort::column("nick", &Rules::nick).max_length(3),
                         retort::column("count", &Rules::count).ge(0).le(10),
                         retort::column("ratio", &Rules::ratio).gt(0.0).lt(1.0),
                         retort::column("big", &Rules::big).le(std::int64_t{9007199254740993}),
                         retort::column("above", &Rules::above).gt(5),
                         retort::column("score", &Rules::score).ge(-1.5).le(2.5),
                         retort::column("code", &Rules::code).pattern("[A-Z]{3}"),
                         retort::column("even", &Rules::even)
                             .validator([](int v) { return v % 2 == 0; }, "must be even"),
                         retort::column("maybe_even", &Rules::maybe_even)
                             .validator([](int v) { return v % 2 == 0; }, "must be even"));

}  // namespace retort::test
