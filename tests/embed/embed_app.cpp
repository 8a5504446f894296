// A program with compiled-in models that is its own migration CLI, as a
// user's program would be. Built twice: RETORT_EMBED_VERSION 2 adds one
// column, so autogenerate between the two must write exactly that.
#include <cstdint>
#include <optional>
#include <string>

#include "cli/main.hpp"
#include "core/model/model.hpp"

namespace {

struct Team {
  std::optional<std::int64_t> id;
  std::string name;
};

struct Hero {
  std::optional<std::int64_t> id;
  std::string name;
  std::optional<int> age;
  std::optional<std::int64_t> team_id;
#if RETORT_EMBED_VERSION >= 2
  std::optional<std::string> nickname;
#endif
};

const auto teams = retort::table<Team>("team", retort::column("id", &Team::id).primary_key(),
                                       retort::column("name", &Team::name).unique().max_length(50));

const auto heroes = retort::table<Hero>(
    "hero", retort::column("id", &Hero::id).primary_key(),
    retort::column("name", &Hero::name).index().min_length(1).max_length(100),
    retort::column("age", &Hero::age).ge(0),
    retort::column("team_id", &Hero::team_id).foreign_key(teams, &Team::id).on_delete("set null")
#if RETORT_EMBED_VERSION >= 2
        ,
    retort::column("nickname", &Hero::nickname).max_length(40)
#endif
);

const retort::MetaData metadata{teams, heroes};

}  // namespace

int main(int argc, char** argv) { return retort::cli::main(argc, argv, metadata); }
