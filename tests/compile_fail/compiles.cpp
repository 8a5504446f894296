// The control: the same calls the other snippets get wrong, written right,
// compile (so their failures come from the mistake, not the setup).
#include <vector>

#include "core/model/derive.hpp"
#include "tests/compile_fail/models.hpp"

using retort::c;
using namespace cf;

void queries(retort::Session& s, const Team& team, const Hero& hero, const Power& power) {
  (void)s.select<Hero>().where(c(&Hero::age) == 30).all();
  (void)s.select<Hero>().join<Team>().where(c(&Team::name) == "Preventers").all();
  (void)s.select<Hero, Team>().join<Team>().where(c(&Team::name) == "Preventers").all();
  (void)s.select(&Hero::name, &Team::name).join<Team>().all();
  (void)s.select<Hero>().where(c(&Hero::name).like("S%")).all();
  (void)s.select<Hero>().where(c(&Hero::team_id).in(s.select(&Team::id))).all();
  (void)s.select(&Team::name, retort::count()).left_join<Hero>().group_by(&Team::name).all();
  (void)s.related<Hero>(team, &Hero::team_id);
  (void)s.related<Hero>(std::vector<Team>{team}, &Hero::mentor_team_id);
  (void)s.parent<Team>(hero, &Hero::team_id);
  (void)s.related<Power>(hero, hero_power_links);
  s.link(hero, power, hero_power_links);
  (void)s.unlink(power, hero, hero_power_links);
}

// A derived model, written right.
struct HeroCreate {
  std::string name;
};
inline const auto hero_create =
    retort::derive<HeroCreate>(heroes, retort::field(&HeroCreate::name, &Hero::name));
