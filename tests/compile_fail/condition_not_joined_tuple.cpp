// Selecting Hero and Team, a condition on Team before join<Team>().
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) {
  (void)s.select<cf::Hero, cf::Team>()
      .where(retort::c(&cf::Team::name) == "Preventers")
      .join<cf::Team>()
      .all();
}
