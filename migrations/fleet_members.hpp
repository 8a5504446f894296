// retort: the members of a fleet, from retort.toml's [fleet.NAME].
//
// fleet_members() lists the members of fleet `name`: their database URLs,
// in the order the config (or its urls_command) gives them, ${VAR}s
// expanded, each with the retort.toml line that names it. Every failure
// is kBadInput, and nothing has connected yet:
//   - no such fleet (the hint lists the fleets there are);
//   - the schema-per-tenant layout (url + schemas_query), not supported yet;
//   - an unset ${VAR};
//   - urls_command exiting non-zero (its stderr is quoted) or printing no URL;
//   - one URL listed twice (two members would share a database and its lock).
// Errors name retort.toml and the line of the value at fault.
//
// Example:
//   Result<std::vector<FleetMember>> members = fleet_members(config, "tenants");
//   if (!members) return members.error();
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "migrations/config.hpp"

namespace retort::migrations {

struct FleetMember {
  std::string url;
  int line = 0;  // its entry in urls, or the urls_command line
};

Result<std::vector<FleetMember>> fleet_members(const Config& config, std::string_view name);

}  // namespace retort::migrations
