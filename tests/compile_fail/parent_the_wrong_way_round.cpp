// parent<>() the wrong way round: a team holds no key to a hero (the
// relationship is relationship<Hero, Team>).
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s, const cf::Team& team) { (void)s.parent<cf::Hero>(team); }
