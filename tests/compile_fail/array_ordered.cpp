// An array member ordered against a value: arrays compare whole, with ==.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) {
  (void)s.select<cf::Post>()
      .where(retort::c(&cf::Post::tags) < std::vector<std::string>{"a"})
      .all();
}
