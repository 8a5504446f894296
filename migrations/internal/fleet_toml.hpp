// retort: the `[fleet.NAME]` tables of retort.toml (docs/fleets.md).
//
// read_fleets() checks each fleet's shape: exactly one layout (`urls`, an
// array of one or more strings; `urls_command`, a non-empty string; or `url`
// with `schemas_query`, the schema-per-tenant layout, which alone may add
// `shared_schema`), no other key, names of letters, digits, '_' and '-'.
// Errors are kBadInput at `file` and the offending line. Values are kept as
// written: ${VAR} expands when the fleet is used.
#pragma once

#include <toml++/toml.h>

#include <map>
#include <string>

#include "migrations/config.hpp"

namespace retort::migrations {

// `node` is the value of the top-level `fleet` key.
Result<std::map<std::string, FleetConfig>> read_fleets(const toml::node& node,
                                                       const std::string& file);

}  // namespace retort::migrations
