// The models the compile-fail snippets misuse: a team and its heroes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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
};
inline const auto teams = retort::table<Team>("team", retort::column("id", &Team::id).primary_key(),
                                              retort::column("name", &Team::name));
inline const auto heroes =
    retort::table<Hero>("hero", retort::column("id", &Hero::id).primary_key(),
                        retort::column("name", &Hero::name), retort::column("age", &Hero::age),
                        retort::column("team_id", &Hero::team_id).foreign_key(teams, &Team::id));

}  // namespace cf
