// sum() of a text member.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) { (void)s.select(retort::sum(&cf::Hero::name)).one(); }
