// retort: the ops that take one schema's schemas, extensions, sequences,
// domains and composite types to another's, placed around the table ops.
//
// Order (docs/objects.md, "Dependency order"): schemas, extensions,
// sequences, domains and composite types are created and altered before the
// tables (their columns and defaults use them) and dropped after them, in the
// reverse order (a schema last, once empty). A sequence's OWNED BY needs its
// table: it is cleared before the table ops and set after them.
//
// Schemas: every schema an object lives in is implied. Only a declared one
// (MetaData::schemas) is created by an op and has its comment compared (the
// DDL of a table, enum or view creates a missing schema itself), and only a
// schema `from` holds as an object and `to` neither declares nor uses is
// dropped.
//
// Extensions: one the other side has and `to` does not declare is dropped
// only when `to` declares some extension (managing them is opt-in).
//
// Example:
//   std::vector<Op> ops = with_object_ops(live, declared, table_ops);
#pragma once

#include <vector>

#include "core/ops.hpp"

namespace retort {

std::vector<Op> with_object_ops(const MetaData& from, const MetaData& to,
                                std::vector<Op> table_ops);

}  // namespace retort
