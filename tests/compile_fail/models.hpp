// The models the compile-fail snippets misuse: teams, heroes (two keys to
// a team), powers and the hero-power link, with their relationships, and
// posts with an array of tags.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/session.hpp"

namespace cf {

struct Team {
  std::optional<std::int64_t> id{};
  std::string name{};
};
struct Hero {
  std::optional<std::int64_t> id{};
  std::string name{};
  std::optional<int> age{};
  std::optional<std::int64_t> team_id{};
  std::optional<std::int64_t> mentor_team_id{};
};
struct Power {
  std::optional<std::int64_t> id{};
  std::string name{};
};
struct HeroPowerLink {
  std::int64_t hero_id = 0;
  std::int64_t power_id = 0;
};
inline const auto teams = retort::table<Team>("team", retort::column("id", &Team::id).primary_key(),
                                              retort::column("name", &Team::name));
inline const auto heroes = retort::table<Hero>(
    "hero", retort::column("id", &Hero::id).primary_key(), retort::column("name", &Hero::name),
    retort::column("age", &Hero::age),
    retort::column("team_id", &Hero::team_id).foreign_key(teams, &Team::id),
    retort::column("mentor_team_id", &Hero::mentor_team_id).foreign_key(teams, &Team::id));
inline const auto powers = retort::table<Power>(
    "power", retort::column("id", &Power::id).primary_key(), retort::column("name", &Power::name));
inline const auto hero_power_links = retort::table<HeroPowerLink>(
    "hero_power_link",
    retort::column("hero_id", &HeroPowerLink::hero_id).primary_key().foreign_key(heroes, &Hero::id),
    retort::column("power_id", &HeroPowerLink::power_id)
        .primary_key()
        .foreign_key(powers, &Power::id));

struct Post {
  std::optional<std::int64_t> id{};
  std::vector<std::string> tags{};
};
inline const auto posts = retort::table<Post>("post", retort::column("id", &Post::id).primary_key(),
                                              retort::column("tags", &Post::tags));

}  // namespace cf

// Hero -> Team by two keys (a call names one); the link model's key to
// each side.
template <>
struct retort::relationship<cf::Hero, cf::Team>
    : retort::by<&cf::Hero::team_id, &cf::Hero::mentor_team_id> {};
template <>
struct retort::relationship<cf::HeroPowerLink, cf::Hero> : retort::by<&cf::HeroPowerLink::hero_id> {
};
template <>
struct retort::relationship<cf::HeroPowerLink, cf::Power>
    : retort::by<&cf::HeroPowerLink::power_id> {};
