// IN over a subquery of two columns.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) {
  (void)s.select<cf::Hero>()
      .where(retort::c(&cf::Hero::team_id).in(s.select(&cf::Team::id, &cf::Team::name)))
      .all();
}
