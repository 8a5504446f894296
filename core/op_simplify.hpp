// retort: folding a list of ops into a shorter one with the same effect, for
// `retort squash` (docs/squash.md).
//
// The ops run top to bottom; simplify() returns ops that take any schema the
// input applies to to the same schema, and leave the same rows, by these
// folds of a later op X into an earlier op P:
//   - X undoes P exactly (inverse(P) == X), or drops by name the column,
//     index, named constraint or view P made (an add and a later drop of a
//     column, a created and dropped index, table, view...): both go. Never
//     the other way round: a drop and a re-creation lose the rows; nor for
//     an alter that changes a type, has USING or a generation expression
//     (casts and generated values change rows), nor a refresh;
//   - P creates table T and X changes T: X is applied to P's table (so a
//     created table absorbs its later columns, indexes, constraints,
//     renames); X dropping T is the first rule;
//   - P adds column c and X alters it without touching the rows' values
//     (no USING, default, generated, identity or sequence change) or
//     renames it: P adds the column as X leaves it;
//   - P and X alter the same column, at most one of them its type and
//     neither with USING or a generation expression: one alter (none when
//     together they change nothing); X drops the column P altered: the
//     drop alone;
//   - two renames of one column: one rename (none when back to the start);
//     a rename and then a drop of the column: the drop, of the old name.
// An op never moves across an op that could observe or depend on it: raw
// SQL (execute) and view, function, trigger, type, schema and sequence ops
// stop every fold across them; a bulk_insert stops folds on its table; any
// other op on the same table (or the table a foreign key names) stops a
// fold, except a column op on another column of that table (an alter with
// USING or a generation expression, and the add or drop of a generated
// column, count as ops on the whole table: they read other columns). Data ops
// (execute, bulk_insert) are never folded, so they keep their place in the
// order.
#pragma once

#include <vector>

#include "core/ops.hpp"

namespace retort {

std::vector<Op> simplify(std::vector<Op> ops);

}  // namespace retort
