// retort squash A:B -m MSG [--rev-id ID] [--no-simplify]: one revision that
// does what the revisions from A through B do (docs/squash.md).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

int run_squash(Context& context, const migrations::SquashOptions& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Result<migrations::Revision> squash = project->squash(options);
  if (!squash) return fail(context, squash.error());

  std::size_t upgrade_ops = 0;
  for (const std::string& id : squash->replaces) {
    if (const migrations::Revision* rev = project->graph().replaced(id)) {
      upgrade_ops += rev->upgrade.size();
    }
  }
  Output& out = context.out;
  out.line(fmt::format("Generating {} ... done", out.bold(display_path(squash->path))));
  out.line(fmt::format("Replaces {} revisions, {} through {}: {} upgrade op{} where they had {}.",
                       squash->replaces.size(), squash->replaces.front(), squash->replaces.back(),
                       squash->upgrade.size(), squash->upgrade.size() == 1 ? "" : "s",
                       upgrade_ops));
  out.line(
      "A fresh database runs only the squash; one at a replaced revision runs the rest of "
      "them, then is recorded at the squash.");
  out.line(
      fmt::format("Keep the replaced files until every database is past {} (`{}` on each); "
                  "then delete them.",
                  squash->replaces.back(), out.cyan("retort current")));
  return 0;
}

}  // namespace

Command add_squash_command(CLI::App& app) {
  auto options = std::make_shared<migrations::SquashOptions>();
  CLI::App* sub = app.add_subcommand(
      "squash",
      "Write one revision that replaces the revisions from A through B (replaces = [...])");
  sub->add_option("RANGE", options->range,
                  "A:B, the first and the last revision to replace (ids, prefixes, head, "
                  "LABEL@head); one line of history")
      ->required()
      ->type_name("");
  sub->add_option("-m,--message", options->message, "What the squash holds; also names the file")
      ->required()
      ->option_text("MSG");
  sub->add_option("--rev-id", options->rev_id,
                  "Use this revision id instead of a random 12-hex-digit one")
      ->option_text("ID");
  sub->add_flag("!--no-simplify", options->simplify,
                "Keep every op as the replaced revisions have it, concatenated, instead of "
                "folding them (an add and a later drop cancel, a created table absorbs later "
                "changes)");
  sub->footer(
      "Works from the revision files alone. The squash's parent is A's; its upgrade ops are\n"
      "A..B's, its downgrade ops B..A's, simplified; data ops (execute, bulk_insert) keep\n"
      "their place. It is checked to take the schema at A's parent to B's and back.\n"
      "Refused: a branch or merge inside the range, depends_on into or out of it, a\n"
      "revision with transactional = false, a squash inside it.\n"
      "Databases at a replaced revision keep upgrading: `retort upgrade` runs the rest of\n"
      "the replaced revisions, then records them at the squash. Delete the replaced\n"
      "files once every database is past B.\n"
      "\nExamples:\n"
      "  retort squash 1a2b3c4d5e6f:9f8e7d6c5b4a -m \"squash 2026\"\n"
      "  retort squash 1a2b:head -m \"squash\" --rev-id squash_2026");
  return {sub, [options](Context& context) { return run_squash(context, *options); }};
}

}  // namespace retort::cli
