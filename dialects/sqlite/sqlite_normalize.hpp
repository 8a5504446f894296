// retort/sqlite: a declared schema in the form SQLite reflects it.
#pragma once

#include <string>
#include <string_view>

#include "core/schema.hpp"

namespace retort::sqlite {

// `declared` as inspect_schema would read it back after creating it: defaults
// in their reflected spelling, enum columns carrying their values (enum types
// no column uses dropped: SQLite has none), foreign-key actions lower case
// with "no action" as empty.
MetaData normalize_schema(const MetaData& declared);

// An index of `table` as SQLite has it: keys with a collation (upper case,
// only when not the column's), order, unique, where; PostgreSQL's options
// (method, operator classes, nulls order, INCLUDE, NULLS NOT DISTINCT,
// storage parameters) cleared. The inspector reads indexes through it too.
void normalize_index_options(Index& index, const Table& table);

// A column's collation as the inspector and normalize_schema give it: its
// name upper case and unquoted (SQLite matches collation names
// case-insensitively, its own NOCASE and RTRIM and registered ones alike),
// "" for BINARY, the default.
std::string canonical_collation(std::string_view collation);

}  // namespace retort::sqlite
