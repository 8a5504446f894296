// like() on an integer member.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) {
  (void)s.select<cf::Hero>().where(retort::c(&cf::Hero::age).like("3%")).all();
}
