// retort: ops -> SQL statements through a Dialect, tracking the schema.
//
// The Dialect compiles one op at a time given the schema before it (SQLite's
// table rebuild needs the whole table). compile_ops() advances that schema
// with core's apply() after each op, so a list of ops compiles in sequence
// without a database: offline --sql, `diff --format sql`, `inspect --format sql`.
// Execute ops whose `dialect` is another dialect's name compile to nothing.
#pragma once

#include <optional>
#include <vector>

#include "core/dialect.hpp"

namespace retort::migrations {

// True when `op` is an Execute limited to a dialect other than `dialect`.
bool skipped_on(const Op& op, const Dialect& dialect);

// The op to compile and apply for `op`: `op` itself, or (in `storage`) a copy
// with names longer than the dialect keeps cut as the database cuts them.
// Revision files written before names were checked may hold such names;
// PostgreSQL stored their first 63 bytes, and the schema tracked in memory
// must hold the same.
const Op& stored_op(const Op& op, const Dialect& dialect, std::optional<Op>& storage);

// The column types `op` declares: a created table's columns, an added
// column's, an altered column's new type.
std::vector<const Type*> column_types(const Op& op);

// kBadInput when the dialect refuses a native column type `op` declares
// (Dialect::check_native_type).
Status check_native_types(const Op& op, const Dialect& dialect);

// `before` is advanced in place to the schema after the ops. An op whose
// native column type the dialect refuses (Dialect::check_native_type) is
// kBadInput naming the op, before its SQL is made.
Result<std::vector<Statement>> compile_ops(const Dialect& dialect, const std::vector<Op>& ops,
                                           MetaData& before);

// Statements as a script: each followed by ";\n".
std::string to_script(const std::vector<Statement>& statements);

}  // namespace retort::migrations
