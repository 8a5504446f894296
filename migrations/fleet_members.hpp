// retort: the members of a fleet, from retort.toml's [fleet.NAME].
//
// fleet_members() lists the members of fleet `name`: their database URLs,
// in the order the config (or its urls_command) gives them, ${VAR}s
// expanded, each with the retort.toml line that names it. For the
// schema-per-tenant layout (url + schemas_query) it connects to `url` and
// runs schemas_query: a member per row, in the rows' order, its schema the
// row's first column, all with the fleet's url and shared_schema.
// Failures are kBadInput unless said otherwise:
//   - no such fleet (the hint lists the fleets there are);
//   - an unset ${VAR};
//   - urls_command exiting non-zero (its stderr is quoted) or printing no URL;
//   - url + schemas_query on a database without schemas (SQLite); the
//     connection failing (kDatabase, as any connection); the query failing
//     (the server's message quoted), returning no row, a row whose first
//     column is NULL or empty, or the shared schema;
//   - one URL (or schema) listed twice (two members would share a database
//     and its lock).
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
  int line = 0;  // its entry in urls, the urls_command line, or the url line
  // Schema per tenant: the member's schema (also its name in reports) and
  // the fleet's shared_schema; both "" for a database per member.
  std::string schema{};
  std::string shared_schema{};
};

// How reports name a member: its schema, else its URL with the password
// masked.
std::string member_name(const FleetMember& member);

Result<std::vector<FleetMember>> fleet_members(const Config& config, std::string_view name);

}  // namespace retort::migrations
