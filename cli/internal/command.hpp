// retort CLI: what every command file shares.
//
// Each cmd_<name>.cpp registers one subcommand on the CLI11 tree with its
// options and help text, and returns the Action that does the work once the
// command line has been parsed. Actions return an exit code
// (cli/internal/exit_codes.hpp) and print through Output; they never throw.
#pragma once

#include <functional>
#include <string>

#include "cli/internal/output.hpp"

namespace CLI {
class App;
}

namespace retort {
struct MetaData;
}

namespace retort::cli {

// Options that come before (or after) any command.
struct GlobalArgs {
  std::string config_path = "retort.toml";  // -c/--config
  bool config_given = false;                // -c was on the command line
  std::string url;                          // --url; empty: RETORT_URL or the config's url
  std::string fleet;  // --fleet NAME: run on each member of [fleet.NAME] (docs/fleets.md)
};

struct Context {
  GlobalArgs global;
  Output& out;
  // Models compiled into the program; null: read the config's models.toml.
  const MetaData* models = nullptr;
};

using Action = std::function<int(Context&)>;

struct Command {
  CLI::App* app = nullptr;
  Action run;
  // Where a revision argument such as "-1" goes: CLI11 would take it for an
  // option, so the tree hands such words to the command that takes them.
  std::string* revision_argument = nullptr;
  // The command runs on a fleet with --fleet; other commands refuse it.
  bool on_fleet = false;
};

Command add_init_command(CLI::App& app);
Command add_revision_command(CLI::App& app);
Command add_upgrade_command(CLI::App& app);
Command add_downgrade_command(CLI::App& app);
Command add_current_command(CLI::App& app);
Command add_history_command(CLI::App& app);
Command add_heads_command(CLI::App& app);
Command add_branches_command(CLI::App& app);
Command add_merge_command(CLI::App& app);
Command add_squash_command(CLI::App& app);
Command add_show_command(CLI::App& app);
Command add_stamp_command(CLI::App& app);
Command add_resolve_command(CLI::App& app);
Command add_verify_command(CLI::App& app);
Command add_check_command(CLI::App& app);
Command add_diff_command(CLI::App& app);
Command add_inspect_command(CLI::App& app);
Command add_codegen_command(CLI::App& app);
Command add_lint_command(CLI::App& app);

}  // namespace retort::cli
