// retort/postgresql: the dialect of one member of a schema-per-tenant fleet
// (docs/fleets.md, "Schema per tenant").
//
// SchemaDialect is PostgreSQL's dialect bound to a tenant schema:
//   - its connections run `SET search_path TO "tenant", "shared"` first (the
//     shared schema only when the fleet names one), and refuse a schema that
//     does not exist (current_schema() must be the tenant's), so unqualified
//     tables, the version table and the history table live in the tenant;
//   - inspect() reads the tenant schema as the default one (""), and the
//     shared schema's enums as if they were the tenant's own: the schema
//     the runner, check and the drift check compare is the tenant's;
//   - the migration lock key is the schema-qualified version table, so
//     tenants of one database migrate in parallel;
//   - create_enum, alter_enum and drop_enum compile to nothing: enums are
//     database-wide and the fleet creates them once, before the members run,
//     in the shared schema (shared_enum_statements);
//   - offline scripts begin with the same SET search_path.
// Everything else is PostgreSQL's. Stateless once made; any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/dialect.hpp"

namespace retort::postgresql {

// `base` is postgresql_dialect(), which outlives the result.
std::unique_ptr<Dialect> make_schema_dialect(const Dialect& base, std::string schema,
                                             std::string shared_schema);

// CREATE SCHEMA IF NOT EXISTS `shared_schema`, then for each enum a CREATE
// TYPE that does nothing when the type exists, and an ALTER TYPE ... ADD
// VALUE IF NOT EXISTS per value (after the value before it), so running them
// again changes nothing and a type older than the revisions gains the values
// they added. Each statement runs alone, outside a transaction.
std::vector<std::string> shared_enum_statements(std::string_view shared_schema,
                                                const std::vector<Enum>& enums);

}  // namespace retort::postgresql
