// tutorial: the SQLModel tutorial's hero and team program, in C++ with
// retort, in the tutorial's order: create the tables, create rows, select
// with where/order/limit, update, delete, relationships both ways,
// many-to-many through a link table, joins.
//
//   tutorial DATABASE_URL [--echo]
//
// The database should be empty (a new SQLite file, a new PostgreSQL
// database): create_all() makes the tables, as SQLModel's create_all does
// in its tutorial; an application uses migrations instead. --echo prints
// every statement to stderr (SQLModel's echo=True). Exit codes: 0 done;
// 2 bad usage; 3 the database failed.
#include <fmt/format.h>

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "dialects/registry.hpp"
#include "examples/tutorial/models.hpp"

namespace tutorial {
namespace {

using retort::c;

std::string names(const std::vector<Hero>& list) {
  std::vector<std::string> out;
  for (const Hero& h : list) out.push_back(h.name);
  return out.empty() ? "nobody" : fmt::format("{}", fmt::join(out, ", "));
}

std::string age(const Hero& h) { return h.age ? std::to_string(*h.age) : "unknown"; }

void create(retort::Session& s) {
  fmt::print("Created tables: {}\n", fmt::join(retort::create_all(s, metadata), ", "));
  Team preventers{.name = "Preventers", .headquarters = "Sharp Tower"};
  Team z_force{.name = "Z-Force", .headquarters = "Sister Margaret's Bar"};
  s.add(preventers);
  s.add(z_force);
  std::vector<Hero> recruits = {
      {.name = "Deadpond", .secret_name = "Dive Wilson", .team_id = z_force.id},
      {.name = "Rusty-Man", .secret_name = "Tommy Sharp", .age = 48, .team_id = preventers.id},
      {.name = "Spider-Boy", .secret_name = "Pedro Parqueador"},
      {.name = "Tarantula", .secret_name = "Natalia Roman-on", .age = 32},
      {.name = "Black Lion", .secret_name = "Trevor Challa", .age = 35},
      {.name = "Dr. Weird", .secret_name = "Steve Weird", .age = 36},
      {.name = "Captain North America", .secret_name = "Esteban Rogelios", .age = 93},
  };
  s.add_all(recruits);  // one transaction; every id is filled in
  fmt::print("Created {} teams and {} heroes; Spider-Boy has id {}\n", 2, recruits.size(),
             *recruits[2].id);
}

void select(retort::Session& s) {
  fmt::print("All heroes: {}\n", names(s.select<Hero>().order_by(&Hero::id).all()));
  Hero deadpond = s.select<Hero>().where(c(&Hero::name) == "Deadpond").one();
  fmt::print("Deadpond's secret name: {}\n", deadpond.secret_name);
  fmt::print("35 or older, by age: {}\n",
             names(s.select<Hero>().where(c(&Hero::age) >= 35).order_by(&Hero::age).all()));
  fmt::print("Between 33 and 40: {}\n", names(s.select<Hero>()
                                                  .where(c(&Hero::age) >= 33 && c(&Hero::age) <= 40)
                                                  .order_by(&Hero::name)
                                                  .all()));
  fmt::print("First 3: {}\n", names(s.select<Hero>().order_by(&Hero::id).limit(3).all()));
  fmt::print("Next 3: {}\n", names(s.select<Hero>().order_by(&Hero::id).offset(3).limit(3).all()));
  std::optional<Hero> first_old = s.select<Hero>().where(c(&Hero::age) > 90).first();
  fmt::print("First older than 90: {}\n", first_old ? first_old->name : "nobody");
  std::optional<Hero> missing = s.get<Hero>(9001);
  fmt::print("Hero 9001: {}\n", missing ? missing->name : "none");
}

void update_and_delete(retort::Session& s) {
  Hero spider = s.select<Hero>().where(c(&Hero::name) == "Spider-Boy").one();
  spider.age = 16;
  spider.name = "Spider-Youngster";
  s.update(spider, {&Hero::age, &Hero::name});  // writes only these two columns
  Hero again = *s.get<Hero>(*spider.id);
  fmt::print("Updated hero {}: {}, age {}\n", *again.id, again.name, age(again));
  s.remove(again);
  fmt::print("Deleted {}; {} heroes left\n", again.name, s.select<Hero>().count());
}

void relationships(retort::Session& s) {
  Team preventers = s.select<Team>().where(c(&Team::name) == "Preventers").one();
  Team z_force = s.select<Team>().where(c(&Team::name) == "Z-Force").one();
  // team.heroes and hero.team, along hero.team_id
  fmt::print("Preventers' heroes: {}\n", names(s.related<Hero>(preventers)));
  Hero rusty = s.select<Hero>().where(c(&Hero::name) == "Rusty-Man").one();
  std::optional<Team> team = s.parent<Team>(rusty);
  fmt::print("Rusty-Man's team: {}\n", team ? team->name : "none");
  // Moving a hero to another team is writing the foreign key.
  Hero weird = s.select<Hero>().where(c(&Hero::name) == "Dr. Weird").one();
  weird.team_id = z_force.id;
  s.update(weird, {&Hero::team_id});
  // Every team's heroes at once: one query, grouped per team.
  const std::vector<Team> all_teams = s.select<Team>().order_by(&Team::name).all();
  const std::vector<std::vector<Hero>> per_team = s.related<Hero>(all_teams);
  for (std::size_t i = 0; i < all_teams.size(); ++i) {
    fmt::print("  {}: {}\n", all_teams[i].name, names(per_team[i]));
  }
}

void many_to_many(retort::Session& s) {
  Team preventers = s.select<Team>().where(c(&Team::name) == "Preventers").one();
  Team z_force = s.select<Team>().where(c(&Team::name) == "Z-Force").one();
  Hero deadpond = s.select<Hero>().where(c(&Hero::name) == "Deadpond").one();
  Hero rusty = s.select<Hero>().where(c(&Hero::name) == "Rusty-Man").one();
  s.link(preventers, deadpond, hero_team_links);
  s.link(z_force, deadpond, hero_team_links);
  s.link(preventers, rusty, hero_team_links);
  std::vector<std::string> helped;
  for (const Team& t : s.related<Team>(deadpond, hero_team_links)) helped.push_back(t.name);
  fmt::print("Deadpond helps: {}\n", fmt::join(helped, ", "));
  fmt::print("Helping the Preventers: {}\n", names(s.related<Hero>(preventers, hero_team_links)));
  s.unlink(z_force, deadpond, hero_team_links);
  fmt::print("After leaving Z-Force, Deadpond helps {} team(s)\n",
             s.related<Team>(deadpond, hero_team_links).size());
}

void joins(retort::Session& s) {
  for (const auto& [hero, team] : s.select<Hero, Team>()
                                      .join<Team>()
                                      .where(c(&Team::name) == "Preventers")
                                      .order_by(&Hero::name)
                                      .all()) {
    fmt::print("Joined: {} of {} ({})\n", hero.name, team.name, team.headquarters);
  }
  for (const auto& [hero, team] : s.select<Hero, Team>()
                                      .left_join<Team>()
                                      .where(c(&Hero::age) >= 35 || c(&Hero::age).is_null())
                                      .order_by(&Hero::name)
                                      .all()) {
    fmt::print("Left join: {}, {}\n", hero.name, team ? team->name : "no team");
  }
  for (const auto& [hero, team] :
       s.select(&Hero::name, &Team::name).join<Team>().order_by(&Hero::name).all()) {
    fmt::print("Columns: {} / {}\n", hero, team);
  }
  for (const auto& [team, heroes_in_team] : s.select(&Team::name, retort::count(&Hero::id))
                                                .left_join<Hero>()
                                                .group_by(&Team::name)
                                                .order_by(&Team::name)
                                                .all()) {
    fmt::print("Heroes per team: {} {}\n", team, heroes_in_team);
  }
  // Deleting a team: its heroes stay, without a team; its links go.
  Team z_force = s.select<Team>().where(c(&Team::name) == "Z-Force").one();
  s.remove(z_force);
  fmt::print(
      "Deleted Z-Force; without a team: {}\n",
      names(s.select<Hero>().where(c(&Hero::team_id).is_null()).order_by(&Hero::name).all()));
}

int run(int argc, char** argv) {
  const bool echo = argc == 3 && std::string_view(argv[2]) == "--echo";
  if (argc != 2 && !echo) {
    std::cerr << "usage: tutorial DATABASE_URL [--echo]\n";
    return 2;
  }
  retort::Session s{retort::connect(argv[1])};
  if (echo) s.set_statement_hook(retort::echo_to(std::cerr));
  create(s);
  select(s);
  update_and_delete(s);
  relationships(s);
  many_to_many(s);
  joins(s);
  return 0;
}

}  // namespace
}  // namespace tutorial

int main(int argc, char** argv) {
  try {
    return tutorial::run(argc, argv);
  } catch (const retort::Exception& e) {
    std::cerr << "tutorial: error: " << e.error().describe() << "\n";
    if (!e.error().hint.empty()) std::cerr << "tutorial: hint: " << e.error().hint << "\n";
    return e.error().code == retort::ErrorCode::kBadInput ? 2 : 3;
  }
}
