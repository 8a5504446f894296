// in() on an array member: in() takes single values, an array is compared
// whole with ==.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) {
  (void)s.select<cf::Post>().where(retort::c(&cf::Post::tags).in({"a", "b"})).all();
}
