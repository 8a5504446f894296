// A relationship between two models no relationship<> joins (a power has
// no foreign key to a team).
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s, const cf::Team& team) { (void)s.related<cf::Power>(team); }
