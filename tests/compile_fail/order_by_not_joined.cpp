// Ordering by a column of a model the query has not joined.
#include "tests/compile_fail/models.hpp"

void queries(retort::Session& s) {
  (void)s.select(&cf::Hero::name).order_by(&cf::Team::name).all();
}
