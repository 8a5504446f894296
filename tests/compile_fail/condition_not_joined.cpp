// A condition on Team in a query of heroes that has not joined Team.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) {
  (void)s.select<cf::Hero>().where(retort::c(&cf::Team::name) == "Preventers").all();
}
