// retort/postgresql: the DDL compiler (ops -> PostgreSQL statements).
//
// Every op compiles natively; nothing is rebuilt. Statements are
// transactional except ALTER TYPE ... ADD VALUE (see docs/postgresql.md).
#pragma once

#include <vector>

#include "core/dialect.hpp"

namespace retort::postgresql {

// The SQL type for a portable type: varchar(100), double precision, jsonb,
// bytea, "schema"."enum_name", ...
std::string type_sql(const Type& type, std::string_view schema);

// Statements for `op`, given the schema before it. An Execute for another
// dialect compiles to nothing.
Result<std::vector<Statement>> compile_op(const Op& op, const MetaData& before);

}  // namespace retort::postgresql
