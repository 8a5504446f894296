// retort heads: the newest revision(s).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/common.hpp"

namespace retort::cli {
namespace {

struct HeadsOptions {
  bool verbose = false;
};

int run_heads(Context& context, const HeadsOptions& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Output& out = context.out;
  for (const migrations::Revision* head : project->heads()) {
    if (options.verbose) {
      print_revision_details(out, project->graph(), *head, std::nullopt);
    } else {
      out.line(fmt::format("{}{}, {}", out.bold(head->id), out.green(" (head)"), head->message));
    }
  }
  return 0;
}

}  // namespace

Command add_heads_command(CLI::App& app) {
  auto options = std::make_shared<HeadsOptions>();
  CLI::App* sub = app.add_subcommand(
      "heads", "Show the head revision(s): the newest, which nothing builds on yet");
  sub->add_flag("-v,--verbose", options->verbose,
                "Show each head's parent, file, creation time and message");
  sub->footer("Reads the revision files only; no database connection.\n\nExample:\n  retort heads");
  return {sub, [options](Context& context) { return run_heads(context, *options); }};
}

}  // namespace retort::cli
