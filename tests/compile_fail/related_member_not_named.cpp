// related<>() without naming which of the relationship's two keys to
// follow (a hero's team_id or mentor_team_id).
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s, const cf::Team& team) { (void)s.related<cf::Hero>(team); }
