// A program with two models that is its own migration CLI:
//   consumer revision --autogenerate -m init && consumer upgrade head && consumer check
#include "cli/main.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include "core/model/model.hpp"

struct Team {
  std::optional<std::int64_t> id;
  std::string name;
};

struct Hero {
  std::optional<std::int64_t> id;
  std::string name;
  std::optional<int> age;
  std::optional<std::int64_t> team_id;
};

inline const auto teams =
    retort::table<Team>("team", retort::column("id", &Team::id).primary_key(),
                        retort::column("name", &Team::name).unique().max_length(50));

inline const auto heroes =
    retort::table<Hero>("hero", retort::column("id", &Hero::id).primary_key(),
                        retort::column("name", &Hero::name).index().max_length(100),
                        retort::column("age", &Hero::age).ge(0),
                        retort::column("team_id", &Hero::team_id).foreign_key(teams, &Team::id));

inline const retort::MetaData metadata{teams, heroes};

int main(int argc, char** argv) { return retort::cli::main(argc, argv, metadata); }
