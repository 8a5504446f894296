// retort merge REV... -m MSG [--branch-label L] [--rev-id ID]: a merge revision.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

int run_merge(Context& context, const migrations::MergeOptions& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Result<migrations::Revision> revision = project->merge(options);
  if (!revision) return fail(context, revision.error());

  Output& out = context.out;
  out.line(fmt::format("Generating {} ... done", out.bold(display_path(revision->path))));
  out.line(
      fmt::format("Merges {} into {}; it has no ops (add some by hand if the branches "
                  "conflict).",
                  fmt::join(revision->down_revisions, ", "), revision->id));
  out.line(fmt::format("Review the file, then run `{}`.", out.cyan("retort upgrade heads")));
  return 0;
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto options = std::make_shared<migrations::MergeOptions>();
  CLI::App* sub = app.add_subcommand(
      "merge", "Write a revision that joins two or more heads (down_revision lists them all)");
  sub->add_option("REV", options->revisions,
                  "The revisions to merge (two or more): heads (every head), ids, prefixes, "
                  "LABEL@head")
      ->required()
      ->type_name("");
  sub->add_option("-m,--message", options->message, "What the merge is for; also names the file")
      ->required()
      ->option_text("MSG");
  sub->add_option("--branch-label", options->branch_labels,
                  "A branch label for the merge revision (and what builds on it; letters, "
                  "digits, _ . -)")
      ->option_text("LABEL");
  sub->add_option("--rev-id", options->rev_id,
                  "Use this revision id instead of a random 12-hex-digit one")
      ->option_text("ID");
  sub->footer(
      "The merge revision has no ops: upgrading through it only joins the version-table\n"
      "rows of its parents into one. None of the revisions may be an ancestor of another.\n"
      "\nExamples:\n"
      "  retort merge heads -m \"merge the team and the hero branches\"\n"
      "  retort merge 3f2a9c1b7d4e 8c1d5e7a9b2f -m \"merge\"");
  return {sub, [options](Context& context) { return run_merge(context, *options); }};
}

}  // namespace retort::cli
