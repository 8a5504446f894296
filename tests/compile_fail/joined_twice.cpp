// The same model joined twice.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) { (void)s.select<cf::Hero>().join<cf::Team>().join<cf::Team>(); }
