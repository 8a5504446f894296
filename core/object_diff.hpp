// retort: the ops that take one schema's schemas, extensions, sequences,
// domains, composite types and functions to another's, placed around the
// table ops.
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
// Functions (procedures and aggregates too) are created and replaced after
// the types and before the tables, whose defaults, checks, indexes and
// generated columns may call them; one that names a table the same diff
// creates (Function::depends_on) waits until after the tables, and one that
// names a view until after the views (with_late_functions). They are
// dropped after the tables and before the types. Aggregates come after the
// functions they call and go before them. A change CREATE OR REPLACE cannot
// make (Function::signature), or new argument types for a function whose
// old ones go, is a drop ahead of everything and a create in the function's
// place; the column defaults, checks and indexes of `from` that call it (by
// the text "name(") are dropped before that drop and made again, as they
// were, after the creates that come before the tables. A generated column
// that calls it is dropped and added again (PostgreSQL 15 cannot drop and
// set an expression), with the indexes, unique constraints and checks of
// its table that use it; it comes back last in its table.
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

// Triggers around everything else: `ops` preceded by the drops of triggers
// that go, or whose table, view or function `ops` drop, or whose statement
// names (as a word) a column of its table that `ops` drop or change in type,
// collation or generation, and followed by the creates (those again too) and
// alters. A trigger is created last because it needs its table (or view)
// and its function, and dropped first.
std::vector<Op> with_trigger_ops(const MetaData& from, const MetaData& to, std::vector<Op> ops);

// `ops` (with the view ops) followed by the functions that wait for the
// views, and then by the ops of `ops` that make a default (an alter_column
// setting only that), check or index calling one of those created there:
// they cannot come before the function exists.
std::vector<Op> with_late_functions(const MetaData& from, const MetaData& to, std::vector<Op> ops);

}  // namespace retort
