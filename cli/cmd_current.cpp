// retort current [-v] [--check-heads]: the revisions the database is at.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"
#include "cli/internal/exit_codes.hpp"
#include "cli/internal/fleet_command.hpp"
#include "dialects/registry.hpp"

namespace retort::cli {
namespace {

struct CurrentArgs {
  bool verbose = false;
  bool check_heads = false;
  FleetFlags fleet;
};

// Without a project (no retort.toml, a URL given) the rows are printed as
// they are: there are no revision files to check them against or describe.
int run_current(Context& context, CLI::App& sub, const CurrentArgs& options) {
  if (Status s = check_fleet_flags_need_fleet(context, sub); !s) return fail(context, s.error());
  if (!context.global.fleet.empty()) {
    if (options.verbose || options.check_heads) {
      return fail(context, Error::bad_input(
                               fmt::format("current {} does not run on a fleet",
                                           options.verbose ? "-v" : "--check-heads"),
                               "the fleet report says, per member, its revisions and whether it "
                               "is at heads (result \"at heads\" or \"behind\")"));
    }
    migrations::FleetOptions fleet;
    fleet.command = migrations::FleetCommand::kCurrent;
    return run_on_fleet(context, options.fleet, std::move(fleet));
  }
  const bool project_less = without_config(context);
  if (project_less && options.check_heads) {
    return fail(context, needs_project("current --check-heads"));
  }
  Result<migrations::Project> project = open_database(context, /*with_history=*/true);
  if (!project) return fail(context, project.error());
  if (project_less && project->config().url.empty()) return fail(context, no_database_url());
  Result<std::vector<std::string>> rows = project->current();
  if (!rows) return fail(context, rows.error());

  Output& out = context.out;
  const migrations::RevisionGraph& graph = project->graph();
  if (options.verbose) {
    out.line(fmt::format("Current revision{} for {}:", rows->size() > 1 ? "s" : "",
                         redact_url(project->config().url)));
  }
  if (rows->empty()) {
    out.line(
        fmt::format("{}{}", revision_label(""), graph.empty() ? "" : " (no revision applied)"));
  }
  for (const std::string& id : *rows) {
    if (options.verbose && graph.find(id) != nullptr) {
      print_revision_details(out, graph, *graph.find(id), std::nullopt);
    } else {
      out.line(
          fmt::format("{}{}", out.bold(id), out.green(revision_markers(graph, id, std::nullopt))));
    }
  }
  // A revision left partly applied by a run outside a transaction.
  if (!project_less) {
    Result<std::vector<migrations::HistoryRow>> partial = project->partial_runs();
    if (!partial) return fail(context, partial.error());
    for (const migrations::HistoryRow& row : *partial) {
      out.line(
          fmt::format("{} {}", out.yellow("Partly applied:"), migrations::describe_partial(row)));
      out.line(
          fmt::format("  `{}` resumes it at op {}; `retort resolve {} --applied` or "
                      "`--rolled-back` settles it by hand.",
                      migrations::resume_command(row), row.ops_done + 1, row.revision));
    }
  }
  if (!options.check_heads) return kExitOk;

  Result<std::vector<const migrations::Revision*>> missing = project->unapplied_heads();
  if (!missing) return fail(context, missing.error());
  if (missing->empty()) return kExitOk;
  std::vector<std::string> ids;
  for (const migrations::Revision* head : *missing) ids.push_back(head->id);
  out.line(fmt::format("{} {} {} not applied; run `{}`.", out.yellow("Not at heads:"),
                       fmt::join(ids, ", "), ids.size() == 1 ? "is" : "are",
                       out.cyan("retort upgrade heads")));
  return kExitDifferences;
}

}  // namespace

Command add_current_command(CLI::App& app) {
  auto options = std::make_shared<CurrentArgs>();
  CLI::App* sub = app.add_subcommand(
      "current", "Show the revisions the database is at (one per branch it is on)");
  sub->add_flag("-v,--verbose", options->verbose,
                "Show each revision's parents, labels, file, creation time and message");
  sub->add_flag("--check-heads", options->check_heads,
                "Exit 1 unless the database is at every head (for deploy scripts and CI)");
  add_fleet_flags(*sub, options->fleet);
  sub->footer(
      "Prints one line per version-table row: the id, its branch labels and (head) when\n"
      "nothing builds on it yet; <base> when no revision has been applied. A revision with\n"
      "`transactional = false` that failed or was stopped midway is reported as partly\n"
      "applied, with the ops done and how to resume or resolve it.\n"
      "\nWith --fleet NAME, each database of retort.toml's [fleet.NAME] is read and reported:\n"
      "its revisions and whether it is at heads (docs/fleets.md); exit 0 when every member\n"
      "could be read.\n"
      "\nExamples:\n  retort current -v\n  retort current --check-heads || retort upgrade heads\n"
      "  retort --fleet tenants current --jobs 4 --format json");
  Command command{
      sub, [options, sub](Context& context) { return run_current(context, *sub, *options); }};
  command.on_fleet = true;
  return command;
}

}  // namespace retort::cli
