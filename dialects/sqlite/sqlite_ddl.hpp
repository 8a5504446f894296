// retort/sqlite: the DDL compiler (ops -> SQLite statements).
//
// Native statements where SQLite has them (CREATE/DROP TABLE and INDEX, ADD
// and DROP COLUMN, RENAME); enum ops compile to nothing (an enum is a check
// on its columns); every other change is a table rebuild: create the new
// table under kRebuildPrefix + name, copy the rows, drop the old one, rename,
// recreate its indexes and triggers. See docs/sqlite.md.
#pragma once

#include <string_view>
#include <vector>

#include "core/dialect.hpp"

namespace retort::sqlite {

// The name of a table while it is being rebuilt.
inline constexpr std::string_view kRebuildPrefix = "_retort_tmp_";

// Statements for `op`, given the schema before it. An Execute for another
// dialect compiles to nothing.
Result<std::vector<Statement>> compile_op(const Op& op, const MetaData& before);

}  // namespace retort::sqlite
