// retort/sqlite: reads the live schema of one database file.
//
// The pragmas give columns, types, defaults, key order and foreign-key
// actions; the CREATE text SQLite stores (ddl_parser) gives what the pragmas
// do not: constraint names, CHECK bodies, DEFERRABLE, enum markers, comments
// and index keys.
#pragma once

#include "core/dialect.hpp"

namespace retort::sqlite {

// Tables and indexes of the main database (sqlite_ internals and
// options.exclude_tables left out; only options.only_tables when set),
// normalised to the portable vocabulary; an error when the stored SQL cannot
// be read.
Result<MetaData> inspect_schema(Connection& conn, const InspectOptions& options);

}  // namespace retort::sqlite
