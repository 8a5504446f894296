// A column of Team selected without joining Team.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) { (void)s.select(&cf::Hero::name, &cf::Team::name).all(); }
