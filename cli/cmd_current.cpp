// retort current [-v]: the revision the database is at.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/common.hpp"
#include "dialects/registry.hpp"

namespace retort::cli {
namespace {

struct CurrentOptions {
  bool verbose = false;
};

int run_current(Context& context, const CurrentOptions& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Result<std::string> current = project->current();
  if (!current) return fail(context, current.error());

  Output& out = context.out;
  const migrations::RevisionGraph& graph = project->graph();
  if (options.verbose) {
    out.line(fmt::format("Current revision for {}:", redact_url(project->config().url)));
  }
  if (current->empty()) {
    out.line(fmt::format("{}{}", revision_label(*current),
                         graph.empty() ? "" : " (no revision applied)"));
    return 0;
  }
  const migrations::Revision* revision = graph.find(*current);
  if (revision == nullptr) {
    return fail(context, Error::bad_input(
                             fmt::format("the database is at revision {}, which no revision "
                                         "file in {} has",
                                         *current, display_path(project->config().versions_dir())),
                             "restore the missing revision file, or run `retort stamp REV` "
                             "to record the revision the schema really matches"));
  }
  if (options.verbose) {
    print_revision_details(out, graph, *revision, std::nullopt);
  } else {
    out.line(fmt::format("{}{}", out.bold(*current),
                         out.green(revision_markers(graph, *current, std::nullopt))));
  }
  return 0;
}

}  // namespace

Command add_current_command(CLI::App& app) {
  auto options = std::make_shared<CurrentOptions>();
  CLI::App* sub = app.add_subcommand("current", "Show the revision the database is at");
  sub->add_flag("-v,--verbose", options->verbose,
                "Show the revision's parent, file, creation time and message");
  sub->footer("Prints <base> when no revision has been applied.\n\nExample:\n  retort current -v");
  return {sub, [options](Context& context) { return run_current(context, *options); }};
}

}  // namespace retort::cli
