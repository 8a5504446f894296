#include "cli/internal/app.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <regex>
#include <vector>

#include "cli/internal/command.hpp"
#include "cli/internal/exit_codes.hpp"

namespace retort::cli {
namespace {

constexpr const char* kDescription =
    "retort: schema migrations for SQLite and PostgreSQL.\n"
    "Declare tables in models.toml, autogenerate revision files by comparing them with\n"
    "the database, and upgrade or downgrade through the revision history.";

constexpr const char* kCompiledDescription =
    "retort: schema migrations for SQLite and PostgreSQL, built into this program.\n"
    "The models are compiled in: autogenerate, check and diff compare the database with\n"
    "the program's own model declarations (models.toml is not read). retort.toml gives\n"
    "the database URL and the script location.";

constexpr const char* kFooter =
    "Exit codes: 0 success; 1 differences found (check, diff); 2 bad input, nothing ran;\n"
    "3 the database failed and the transaction was rolled back.\n"
    "Run `retort COMMAND --help` for a command's options. Colour is off with NO_COLOR.\n"
    "\n"
    "Example:\n"
    "  retort init\n"
    "  retort revision --autogenerate -m \"create team and hero\"\n"
    "  retort upgrade head\n"
    "\n"
    "Revisions are named by id, a unique prefix (4+ chars), head, heads, base, +N/-N,\n"
    "REV+N, head-N, base+N, LABEL@head, LABEL@base, LABEL@REV, LABEL@-N, REV@head;\n"
    "ranges A:B for history and --sql. See docs/branches.md.";

constexpr const char* kGlobalFooter =
    "\n\nGlobal options (before or after the command):\n"
    "  -c,--config FILE   the configuration file (default: retort.toml)\n"
    "  --url URL          database URL, overriding RETORT_URL and the config's url\n"
    "  --fleet NAME       run on each member of retort.toml's [fleet.NAME], a database or\n"
    "                     a tenant schema (upgrade, downgrade, stamp, current, check,\n"
    "                     verify, upgrade --sql; see docs/fleets.md)\n"
    "Without a retort.toml, inspect, current and diff between databases run from --url.";

// A relative revision such as "-1" or "-2": CLI11 reads it as an option.
bool is_relative_revision(const std::string& word) {
  static const std::regex kRelative(R"(-\d+)");
  return std::regex_match(word, kRelative);
}

Error usage_error(std::string message, const std::string& command) {
  std::string help = command.empty() ? "retort --help" : fmt::format("retort {} --help", command);
  return Error::bad_input(std::move(message), fmt::format("see `{}` for the usage", help));
}

}  // namespace

int run(int argc, char** argv, Output& out, const MetaData* models) {
  CLI::App app{models != nullptr ? kCompiledDescription : kDescription, "retort"};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.allow_extras();  // only relative revisions; checked below
  app.fallthrough();   // subcommands inherit this: global options go anywhere

  Context context{GlobalArgs{}, out, models};
  app.add_option("-c,--config", context.global.config_path,
                 "The configuration file (script_location, url, models, version_table)")
      ->capture_default_str()
      ->option_text("FILE");
  app.add_option("--url", context.global.url,
                 "Database URL, overriding RETORT_URL and the config's url "
                 "(sqlite:///app.db, postgresql://user@host/db)")
      ->option_text("URL");
  app.add_option("--fleet", context.global.fleet,
                 "Run the command on each member of retort.toml's [fleet.NAME] (a database, or "
                 "a tenant schema of one PostgreSQL database), each under its own lock, and "
                 "report each one (upgrade, downgrade, stamp, current, check, verify, upgrade "
                 "--sql; docs/fleets.md)")
      ->option_text("NAME");

  std::vector<Command> commands = {
      add_init_command(app),      add_revision_command(app), add_upgrade_command(app),
      add_downgrade_command(app), add_current_command(app),  add_history_command(app),
      add_heads_command(app),     add_branches_command(app), add_show_command(app),
      add_stamp_command(app),     add_resolve_command(app),  add_verify_command(app),
      add_merge_command(app),     add_check_command(app),    add_diff_command(app),
      add_inspect_command(app),   add_codegen_command(app),  add_lint_command(app),
      add_squash_command(app),
  };

  for (const Command& command : commands) {
    command.app->footer(command.app->get_footer() + kGlobalFooter);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);  // help text on stdout, exit 0
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string command;
    for (const Command& c : commands) {
      if (c.app->parsed()) command = c.app->get_name();
    }
    // No command was recognised: name the word that was taken for one.
    if (command.empty()) {
      for (const std::string& word : app.remaining()) {
        if (word.empty() || word[0] == '-') continue;
        out.error(usage_error(fmt::format("unknown command '{}'", word), ""));
        return kExitBadInput;
      }
    }
    out.error(usage_error(e.what(), command));
    return kExitBadInput;
  }

  context.global.config_given = app.get_option("--config")->count() > 0;
  for (Command& command : commands) {
    if (!command.app->parsed()) continue;
    for (const std::string& extra : app.remaining(true)) {
      bool takes_it = command.revision_argument != nullptr && command.revision_argument->empty() &&
                      is_relative_revision(extra);
      if (!takes_it) {
        out.error(
            usage_error(fmt::format("unexpected argument '{}'", extra), command.app->get_name()));
        return kExitBadInput;
      }
      *command.revision_argument = extra;
    }
    if (!context.global.fleet.empty() && !command.on_fleet) {
      out.error(Error::bad_input(
          fmt::format("{} does not run on a fleet", command.app->get_name()),
          "--fleet works with upgrade, downgrade, stamp, current, check and verify; run the "
          "command with --url URL for one member"));
      return kExitBadInput;
    }
    try {
      return command.run(context);
    } catch (const std::exception& e) {
      out.error(Error::internal(fmt::format("unexpected exception: {}", e.what())));
      return kExitInternal;
    }
  }
  return kExitBadInput;  // unreachable: require_subcommand(1)
}

}  // namespace retort::cli
