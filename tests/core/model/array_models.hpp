// A model with an array member of every kind an array may hold (the
// model runtime's std::vector members), for the JSON and Session suites.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/model.hpp"
#include "core/model/value.hpp"

namespace retort::array_test {

enum class Tone { kWarm, kCool };  // a PostgreSQL enum type "tone": tone[]

}  // namespace retort::array_test

template <>
struct retort::enum_mapping<retort::array_test::Tone> {
  static constexpr std::string_view name = "tone";
  static constexpr std::pair<retort::array_test::Tone, std::string_view> values[] = {
      {retort::array_test::Tone::kWarm, "warm"}, {retort::array_test::Tone::kCool, "cool"}};
};

namespace retort::array_test {

struct Article {
  std::optional<std::int64_t> id{};
  std::string title{};
  std::vector<std::string> tags{};
  std::vector<std::int64_t> counts{};
  std::vector<std::int16_t> ranks{};
  std::vector<double> ratios{};
  std::vector<bool> flags{};
  std::vector<Uuid> refs{};
  std::vector<Timestamp> seen{};
  std::vector<LocalTimestamp> local{};
  std::vector<Date> days{};
  std::vector<Tone> tones{};
  std::optional<std::vector<std::string>> aliases{};
  std::vector<std::string> codes{};  // varchar(3)[] by .type()
  bool operator==(const Article&) const = default;
};

inline const auto articles = retort::table<Article>(
    "article", retort::column("id", &Article::id).primary_key(),
    retort::column("title", &Article::title).min_length(1),
    retort::column("tags", &Article::tags).max_length(12).comment("labels"),
    retort::column("counts", &Article::counts), retort::column("ranks", &Article::ranks),
    retort::column("ratios", &Article::ratios), retort::column("flags", &Article::flags),
    retort::column("refs", &Article::refs), retort::column("seen", &Article::seen),
    retort::column("local", &Article::local), retort::column("days", &Article::days),
    retort::column("tones", &Article::tones).min_length(1),
    retort::column("aliases", &Article::aliases),
    retort::column("codes", &Article::codes).type("varchar(3)[]"));

}  // namespace retort::array_test
