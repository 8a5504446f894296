// A database's schema read straight from its catalogs (sqlite_schema and
// pragmas; pg_catalog), not through retort's inspector, as sorted lines that
// compare equal when two schemas are the same. Column order is left out
// (retort appends re-added columns), so is the version table.
#pragma once

#include <string>
#include <vector>

#include "core/connection.hpp"

namespace retort::testing {

// Lines like "column|hero|age|integer|notnull=1|default=...". `dialect` is
// "sqlite" or "postgresql". Sorted.
Result<std::vector<std::string>> catalog_snapshot(Connection& conn, const std::string& dialect,
                                                  const std::string& version_table);

// The lines only in `a` ("- ...") and only in `b` ("+ ..."), for a message.
std::string snapshot_difference(const std::vector<std::string>& a,
                                const std::vector<std::string>& b);

}  // namespace retort::testing
