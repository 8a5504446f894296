// An int member compared with a string.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) {
  (void)s.select<cf::Hero>().where(retort::c(&cf::Hero::age) == std::string("thirty")).all();
}
