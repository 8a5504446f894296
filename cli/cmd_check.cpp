// retort check: exit 1 when the models and the database at head differ.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"
#include "cli/internal/exit_codes.hpp"
#include "cli/internal/fleet_command.hpp"

namespace retort::cli {
namespace {

struct CheckArgs {
  bool strict = false;
  FleetFlags fleet;
};

// `retort --fleet NAME check`: each member compared with the models; the
// ops of a member that differs are its output in the report.
int run_fleet_check(Context& context, const CheckArgs& options) {
  migrations::FleetOptions fleet;
  fleet.command = migrations::FleetCommand::kCheck;
  fleet.setup = [strict = options.strict](migrations::Project& project) -> Status {
    project.set_strict(strict);
    return {};
  };
  return run_on_fleet(context, options.fleet, std::move(fleet));
}

int run_check(Context& context, CLI::App& sub, const CheckArgs& options) {
  if (Status s = check_fleet_flags_need_fleet(context, sub); !s) return fail(context, s.error());
  if (!context.global.fleet.empty()) return run_fleet_check(context, options);
  const bool strict = options.strict;
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  project->set_strict(strict);
  Result<std::vector<Op>> ops = project->check();
  warn_unmodelled(context.out, *project);
  if (!ops) return fail(context, ops.error());

  Output& out = context.out;
  for (const std::string& note : project->notes()) context.out.note(note);
  if (ops->empty()) {
    std::vector<std::string> heads;
    for (const migrations::Revision* head : project->heads()) heads.push_back(head->id);
    out.line(fmt::format("{} the models match the database at {}.", out.green("No differences:"),
                         rows_label(heads)));
    return kExitOk;
  }
  out.line(fmt::format("{} between the database and the models ({} op{}):",
                       out.yellow("Differences found"), ops->size(), ops->size() == 1 ? "" : "s"));
  print_ops(out, *ops);
  note_rename_candidates(out, *ops);
  out.line(fmt::format("Write a revision for them with `{}`.",
                       out.cyan("retort revision --autogenerate -m MSG")));
  return kExitDifferences;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  CLI::App* sub = app.add_subcommand(
      "check", "Exit 1, listing the ops, when the models and the database at its heads differ");
  auto options = std::make_shared<CheckArgs>();
  add_strict_flag(*sub, options->strict);
  add_fleet_flags(*sub, options->fleet);
  sub->footer(
      "Exit codes: 0 the models and history agree; 1 they differ (the ops are listed);\n"
      "2 the database is not at every head, bad input, or (--strict) the database holds\n"
      "objects retort cannot represent.\n"
      "\nExample (CI):\n  retort upgrade heads && retort check\n"
      "\nWith --fleet NAME, each database of retort.toml's [fleet.NAME] is compared with the\n"
      "models; the report lists each member's ops, and the exit code is 1 when any member\n"
      "differs (a failure's code wins) (docs/fleets.md):\n"
      "  retort --fleet tenants check --jobs 8");
  Command command{sub,
                  [options, sub](Context& context) { return run_check(context, *sub, *options); }};
  command.on_fleet = true;
  return command;
}

}  // namespace retort::cli
