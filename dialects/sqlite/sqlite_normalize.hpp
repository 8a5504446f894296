// retort/sqlite: a declared schema in the form SQLite reflects it.
#pragma once

#include "core/schema.hpp"

namespace retort::sqlite {

// `declared` as inspect_schema would read it back after creating it: defaults
// in their reflected spelling, enum columns carrying their values (enum types
// no column uses dropped: SQLite has none), foreign-key actions lower case
// with "no action" as empty.
MetaData normalize_schema(const MetaData& declared);

}  // namespace retort::sqlite
