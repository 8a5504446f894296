// retort/postgresql: reads the live schema from pg_catalog.
//
// A fixed number of catalog queries for the whole database, each batched over
// every table of the schemas read (never one round per table), so a
// 2,000-table schema costs the same number of round trips as a 2-table one.
#pragma once

#include "core/dialect.hpp"

namespace retort::postgresql {

// Reads tables (in `public`, reported with schema "", and in
// options.schemas), columns, keys, indexes, constraints, comments and enum
// types, views and materialized views (not an extension's), normalised to
// the portable vocabulary (other types are native
// types in format_type's spelling); what the schemas hold beyond that goes
// to MetaData::unmodelled. options.filter applies to both.
Result<MetaData> inspect_schema(Connection& conn, const InspectOptions& options);

// How many queries inspect_schema sends, whatever the number of tables.
inline constexpr int kInspectQueryCount = 8;

}  // namespace retort::postgresql
