// The tutorial's models: the heroes example's Team and Hero
// (examples/heroes/models.hpp; a hero belongs to at most one team through
// hero.team_id), and SQLModel's HeroTeamLink, the link table of the
// many-to-many "also helps" between heroes and teams.
#pragma once

#include <cstdint>

#include "core/model/runtime.hpp"
#include "examples/heroes/models.hpp"

namespace tutorial {

using heroes::Hero;
using heroes::Team;

struct HeroTeamLink {
  std::int64_t team_id = 0;
  std::int64_t hero_id = 0;
};

// A removed hero or team takes its links with it.
inline const auto hero_team_links =
    retort::table<HeroTeamLink>("hero_team_link",
                                retort::column("team_id", &HeroTeamLink::team_id)
                                    .primary_key()
                                    .foreign_key(heroes::teams, &Team::id)
                                    .on_delete("cascade"),
                                retort::column("hero_id", &HeroTeamLink::hero_id)
                                    .primary_key()
                                    .foreign_key(heroes::heroes, &Hero::id)
                                    .on_delete("cascade"));

inline const retort::MetaData metadata{heroes::teams, heroes::heroes, hero_team_links};

}  // namespace tutorial

// The link model's key to each side, for the compiler (SQLModel's
// link_model=HeroTeamLink on both Relationship attributes).
template <>
struct retort::relationship<tutorial::HeroTeamLink, heroes::Team>
    : retort::by<&tutorial::HeroTeamLink::team_id> {};
template <>
struct retort::relationship<tutorial::HeroTeamLink, heroes::Hero>
    : retort::by<&tutorial::HeroTeamLink::hero_id> {};
