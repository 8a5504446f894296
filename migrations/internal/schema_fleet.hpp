// retort: what the members of a schema-per-tenant fleet share
// (docs/fleets.md, "Schema per tenant").
//
// check_schema_fleet() refuses, before any member connects (kBadInput):
//   - a revision op or a model (models.toml, or the compiled models) that
//     names a schema: every member's objects are its own schema's, reached
//     through search_path, so a schema-qualified object would be one object
//     for all tenants; the error names the revision and op, or the model
//     table or enum and its line;
//   - enums (created by a revision or declared by the models) when the fleet
//     names no shared_schema: enums are database-wide objects, created once
//     in the shared schema, never in a tenant's.
// shared_enums() are the enums the revisions create, each with every value
// any revision gives it, in the order the revisions give them: what the
// shared step makes (never drops or shrinks: a tenant behind the others
// may still use a value).
// Its statements are dialects/registry.hpp's shared_enum_sql();
// run_shared_step() runs them once on `url`, one by one
// outside a transaction, under a migration lock keyed on the shared schema
// (so two fleet runs never race), and says what it did in one line.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/dialect.hpp"
#include "migrations/config.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {

// `models`: the compiled models, or null for models.toml (not read when it
// does not exist: upgrade needs no models). `url` and `shared_schema` are
// the fleet's.
Status check_schema_fleet(const Config& config, const RevisionGraph& graph, const MetaData* models,
                          const std::string& url, const std::string& shared_schema);

std::vector<Enum> shared_enums(const RevisionGraph& graph);

Result<std::string> run_shared_step(const std::string& url, const std::string& shared_schema,
                                    const std::vector<Enum>& enums,
                                    std::chrono::milliseconds lock_wait);

}  // namespace retort::migrations
