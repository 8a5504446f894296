// parent<>() the wrong way round with a member named: the member is the
// hero's, the object a team (one error, not two).
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s, const cf::Team& team) {
  (void)s.parent<cf::Hero>(team, &cf::Hero::team_id);
}
