// A relationship named by a member of the parent, not the child's foreign
// key. (A member the relationship lists that has no foreign key is a
// run-time DeclarationError: tests/core/model/session_related_test.cpp.)
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s, const cf::Team& team) {
  (void)s.related<cf::Hero>(team, &cf::Team::id);
}
