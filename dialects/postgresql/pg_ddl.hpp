// retort/postgresql: the DDL compiler (ops -> PostgreSQL statements).
//
// Every op compiles natively; nothing is rebuilt. Statements are
// transactional; ALTER TYPE ... ADD VALUE IF NOT EXISTS is marked
// commit_first, so the runner commits it before the rest of the revision
// (see docs/postgresql.md).
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

// kBadInput for an alter_column that makes an existing column generated or
// changes its expression, which PostgreSQL 15 cannot do in place: the message
// names the change, says why, and how to make it by hand.
Error generation_refused(const AlterColumn& op);

// True when PostgreSQL refuses `sql` inside a transaction block, judged from
// its leading keywords only (comments and whitespace skipped): CREATE [UNIQUE]
// INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY,
// VACUUM, CREATE/DROP DATABASE, ALTER SYSTEM, CREATE/DROP TABLESPACE.
bool needs_autocommit(std::string_view sql);

// The constraint changes PostgreSQL cannot make in place (Dialect::
// refuse_in_place): a primary key or unique constraint that a foreign key
// references cannot become deferrable (a foreign key may not reference a
// deferrable key). kBadInput naming the change, why, and what to do.
Status refuse_constraint_change(const Op& op, const MetaData& before);

}  // namespace retort::postgresql
