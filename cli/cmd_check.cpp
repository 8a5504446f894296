// retort check: exit 1 when the models and the database at head differ.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"
#include "cli/internal/exit_codes.hpp"

namespace retort::cli {
namespace {

int run_check(Context& context, bool strict) {
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
  auto strict = std::make_shared<bool>(false);
  add_strict_flag(*sub, *strict);
  sub->footer(
      "Exit codes: 0 the models and history agree; 1 they differ (the ops are listed);\n"
      "2 the database is not at every head, bad input, or (--strict) the database holds\n"
      "objects retort cannot represent.\n"
      "\nExample (CI):\n  retort upgrade heads && retort check");
  return {sub, [strict](Context& context) { return run_check(context, *strict); }};
}

}  // namespace retort::cli
