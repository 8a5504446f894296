// retort revision -m MSG [--autogenerate] [--rev-id ID]: a new revision file.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/common.hpp"

namespace retort::cli {
namespace {

int run_revision(Context& context, const migrations::RevisionOptions& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Result<migrations::Revision> revision = project->make_revision(options);
  if (!revision) return fail(context, revision.error());

  Output& out = context.out;
  out.line(fmt::format("Generating {} ... done", out.bold(display_path(revision->path))));
  if (options.autogenerate) {
    if (revision->upgrade.empty()) {
      out.line("No changes detected: the models match the database; the revision is empty.");
    } else {
      out.line(fmt::format("Detected {} change{}:", revision->upgrade.size(),
                           revision->upgrade.size() == 1 ? "" : "s"));
      print_ops(out, revision->upgrade);
    }
  }
  out.line(fmt::format("Review the file, then run `{}`.", out.cyan("retort upgrade head")));
  return 0;
}

}  // namespace

Command add_revision_command(CLI::App& app) {
  auto options = std::make_shared<migrations::RevisionOptions>();
  CLI::App* sub = app.add_subcommand("revision", "Write a new revision file on top of the head");
  sub->add_option("-m,--message", options->message,
                  "What the revision does; also names the file (required)")
      ->required()
      ->option_text("MSG");
  sub->add_flag("--autogenerate", options->autogenerate,
                "Fill the revision with the ops that turn the database into the models "
                "(the database must be at head)");
  sub->add_option("--rev-id", options->rev_id,
                  "Use this revision id instead of a random 12-hex-digit one ([A-Za-z0-9_], "
                  "at most 32 chars)")
      ->option_text("ID");
  sub->footer(
      "Without --autogenerate the revision has no ops; write them by hand.\n"
      "\nExamples:\n"
      "  retort revision --autogenerate -m \"create team and hero\"\n"
      "  retort revision -m \"backfill hero names\"");
  return {sub, [options](Context& context) { return run_revision(context, *options); }};
}

}  // namespace retort::cli
