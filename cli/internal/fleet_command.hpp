// retort CLI: `retort --fleet NAME COMMAND`, one command over many databases.
//
// The fleet's members and the runs are migrations/ business (fleet_members,
// run_fleet); this file adds the options (--jobs, --on-error, --canary,
// --format) to the commands that run on a fleet, prints each member's
// captured output as it ends, then the report: a table, or with --format
// json one document (docs/fleets.md gives its shape). The exit code is 0
// when every member reached the target, else the worst member's (2 bad
// input, 3 database failure, 70 a bug).
#pragma once

#include <functional>
#include <string>

#include "cli/internal/command.hpp"
#include "core/error.hpp"
#include "migrations/fleet.hpp"

namespace CLI {
class App;
}

namespace retort::migrations {
class Project;
}

namespace retort::cli {

// The fleet options of one command, as typed.
struct FleetFlags {
  int jobs = 1;
  std::string on_error = "stop";
  int canary = 0;
  std::string format = "text";
  std::string output_dir;  // upgrade --sql: a file per member there ("": stdout)
};

// Adds --jobs, --on-error, --canary and (unless the command has a --format
// of its own, whose value the caller copies into flags.format) --format to
// `sub`.
void add_fleet_flags(CLI::App& sub, FleetFlags& flags, bool with_format = true);

// kBadInput naming the first fleet option given without --fleet, if any
// (--format only when it is the fleet's: `with_format` as given to
// add_fleet_flags).
Status check_fleet_flags_need_fleet(const Context& context, CLI::App& sub, bool with_format = true);

// Runs `options.command` (with its target, stamp revisions and `setup`, as
// the caller set them) on each member of the fleet named by --fleet; the
// flags set the rest. Returns the exit code. kUpgradeSql writes the scripts
// (the shared objects' first): to flags.output_dir, one file per member
// (fleet_script_file), or to stdout, each after a `-- retort:` comment,
// with the report on stderr; with --format json they are in the document.
int run_on_fleet(Context& context, const FleetFlags& flags, migrations::FleetOptions options);

// upgrade --sql --output-dir: the shared objects' script, and a member's
// file: its schema ("tenant_a.sql"), else its position and database name
// ("003-tenant_c.sql", "004-eu.sql" for sqlite:///shards/eu.db); characters
// other than letters, digits, '_', '-' and '.' become '_'.
inline constexpr const char* kSharedScriptFile = "shared-objects.sql";
std::string fleet_script_file(const migrations::MemberReport& member);

}  // namespace retort::cli
