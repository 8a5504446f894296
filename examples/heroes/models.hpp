// The heroes example's models: the SQLModel tutorial's teams and heroes,
// declared once in C++. The same declarations give the tables (through
// `heroes migrate revision --autogenerate`), validation, JSON, the JSON
// Schema and typed CRUD.
//
// Example:
//   Hero h{.name = "Deadpond", .secret_name = "Dive Wilson"};
//   session.add(h);   // validates, then sets h.id
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/model/runtime.hpp"

namespace heroes {

struct Team {
  std::optional<std::int64_t> id{};
  std::string name{};
  std::string headquarters{};
};

struct Hero {
  std::optional<std::int64_t> id{};
  std::string name{};
  std::string secret_name{};
  std::optional<int> age{};
  std::optional<std::int64_t> team_id{};
};

inline const auto teams =
    retort::table<Team>("team", retort::column("id", &Team::id).primary_key().skip_json_schema(),
                        retort::column("name", &Team::name)
                            .unique()
                            .min_length(1)
                            .max_length(50)
                            .comment("The team's name, unique"),
                        retort::column("headquarters", &Team::headquarters)
                            .max_length(100)
                            .comment("Where the team meets"));

inline const auto heroes = retort::table<Hero>(
    "hero", retort::column("id", &Hero::id).primary_key().skip_json_schema(),
    retort::column("name", &Hero::name)
        .index()
        .min_length(1)
        .max_length(100)
        .comment("The hero's public name"),
    retort::column("secret_name", &Hero::secret_name)
        .min_length(1)
        .comment("The name the hero keeps secret"),
    retort::column("age", &Hero::age).index().ge(0).le(200).comment("Age in years, if known"),
    retort::column("team_id", &Hero::team_id)
        .foreign_key(teams, &Team::id)
        .on_delete("set null")
        .comment("The hero's team; emptied when the team is deleted"),
    retort::table_comment("People with powers"));

inline const retort::MetaData metadata{teams, heroes};

// SQLModel's FastAPI models, derived from Hero (its rules, types and JSON
// come along): what a client sends to create a hero, and what it gets
// back, without the secret name. The PATCH body is retort::Partial<Hero>.
struct HeroCreate {
  std::string name{};
  std::string secret_name{};
  std::optional<int> age{};
  std::optional<std::int64_t> team_id{};
};
struct HeroPublic {
  std::int64_t id = 0;  // a hero sent back always has one
  std::string name{};
  std::optional<int> age{};
  std::optional<std::int64_t> team_id{};
};

inline const auto hero_create =
    retort::derive<HeroCreate>(heroes, retort::field(&HeroCreate::name, &Hero::name),
                               retort::field(&HeroCreate::secret_name, &Hero::secret_name),
                               retort::field(&HeroCreate::age, &Hero::age),
                               retort::field(&HeroCreate::team_id, &Hero::team_id));
inline const auto hero_public = retort::derive<HeroPublic>(
    heroes, retort::field(&HeroPublic::id, &Hero::id),
    retort::field(&HeroPublic::name, &Hero::name), retort::field(&HeroPublic::age, &Hero::age),
    retort::field(&HeroPublic::team_id, &Hero::team_id));

}  // namespace heroes

// A hero's team, for the compiler: session.related<Hero>(team) and
// session.parent<Team>(hero) follow hero.team_id (SQLModel's
// Relationship(back_populates=...), declared once for both ways).
template <>
struct retort::relationship<heroes::Hero, heroes::Team> : retort::by<&heroes::Hero::team_id> {};
