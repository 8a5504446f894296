// retort: the members of a fleet, from retort.toml's [fleet.NAME].
//
// fleet_members() lists the database URLs of fleet `name`, in the order the
// config (or its urls_command) gives them, ${VAR}s expanded. Every failure
// is kBadInput, and nothing has connected yet:
//   - no such fleet (the hint lists the fleets there are);
//   - the schema-per-tenant layout (url + schemas_query), not supported yet;
//   - an unset ${VAR};
//   - urls_command exiting non-zero (its stderr is quoted) or printing no URL;
//   - one URL listed twice (two members would share a database and its lock).
// Errors name retort.toml and the line of the value at fault.
//
// Example:
//   Result<std::vector<std::string>> urls = fleet_members(config, "tenants");
//   if (!urls) return urls.error();
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migrations/config.hpp"

namespace retort::migrations {

Result<std::vector<std::string>> fleet_members(const Config& config, std::string_view name);

}  // namespace retort::migrations
