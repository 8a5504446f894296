// retort heads [-v]: the revisions nothing builds on yet.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct HeadsArgs {
  bool verbose = false;
};

int run_heads(Context& context, const HeadsArgs& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Output& out = context.out;
  const migrations::RevisionGraph& graph = project->graph();
  for (const migrations::Revision* head : project->heads()) {
    if (options.verbose) {
      print_revision_details(out, graph, *head, std::nullopt);
    } else {
      out.line(fmt::format("{}{}, {}", out.bold(head->id),
                           out.green(revision_markers(graph, head->id, std::nullopt)),
                           head->message));
    }
  }
  return 0;
}

}  // namespace

Command add_heads_command(CLI::App& app) {
  auto options = std::make_shared<HeadsArgs>();
  CLI::App* sub = app.add_subcommand(
      "heads", "Show the head revisions: the newest of each branch, which nothing builds on yet");
  sub->add_flag("-v,--verbose", options->verbose,
                "Show each head's parents, labels, file, creation time and message");
  sub->footer(
      "One line per head: id, branch labels, (head), message. Two or more heads mean the\n"
      "history has branched: `retort upgrade heads` applies them all, and\n"
      "`retort merge heads -m MSG` joins them into one.\n"
      "Reads the revision files only; no database connection.\n\nExample:\n  retort heads");
  return {sub, [options](Context& context) { return run_heads(context, *options); }};
}

}  // namespace retort::cli
