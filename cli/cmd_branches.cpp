// retort branches [-v]: the branch points and the branches they start.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct BranchesArgs {
  bool verbose = false;
};

int run_branches(Context& context, const BranchesArgs& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Output& out = context.out;
  const migrations::RevisionGraph& graph = project->graph();
  for (const migrations::Revision* rev : graph.revisions()) {
    if (!graph.is_branch_point(rev->id)) continue;
    if (options.verbose) {
      print_revision_details(out, graph, *rev, std::nullopt);
    } else {
      out.line(fmt::format("{}{}, {}", out.bold(rev->id),
                           out.green(revision_markers(graph, rev->id, std::nullopt, true)),
                           rev->message));
    }
    // Each child under the branch point, indented past its id.
    const std::string indent(rev->id.size(), ' ');
    for (const migrations::Revision* child : graph.children(rev->id)) {
      out.line(fmt::format("{} -> {}{}, {}", indent, out.bold(child->id),
                           out.green(revision_markers(graph, child->id, std::nullopt, true)),
                           child->message));
    }
    if (options.verbose) out.line();
  }
  return 0;
}

}  // namespace

Command add_branches_command(CLI::App& app) {
  auto options = std::make_shared<BranchesArgs>();
  CLI::App* sub = app.add_subcommand(
      "branches", "Show each branch point (a revision with two or more children) and its children");
  sub->add_flag("-v,--verbose", options->verbose,
                "Show the branch point's parents, labels, file, creation time and message");
  sub->footer(
      "Prints nothing for a linear history. Reads the revision files only; no database\n"
      "connection.\n\nExample:\n  retort branches");
  return {sub, [options](Context& context) { return run_branches(context, *options); }};
}

}  // namespace retort::cli
