// retort stamp REV... [--purge]: set the version table without running ops.
// retort stamp --repair REV...: record the current checksum of applied
// revisions edited on purpose.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <vector>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct StampArgs {
  std::vector<std::string> revisions;
  std::string relative;  // a "-N" CLI11 would take for an option
  bool purge = false;
  bool repair = false;
  LockFlags lock;
};

int run_stamp(Context& context, const StampArgs& options) {
  std::vector<std::string> revisions = options.revisions;
  if (!options.relative.empty()) revisions.push_back(options.relative);
  if (revisions.empty()) {
    return fail(context,
                Error::bad_input("stamp needs a revision",
                                 "name one, e.g. `retort stamp head` or `retort stamp base`"));
  }
  if (options.repair && options.purge) {
    return fail(context, Error::bad_input("--repair and --purge do not go together",
                                          "--repair records checksums and leaves the version "
                                          "table alone; run them as two commands"));
  }
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  if (Status s = apply_lock_flags(context, *project, options.lock); !s) {
    return fail(context, s.error());
  }
  if (options.repair) {
    Status s = project->repair(revisions, context.out.stream());
    return s ? 0 : fail(context, s.error());
  }
  Status s = project->stamp(revisions, options.purge, context.out.stream());
  if (!s) return fail(context, s.error());
  Result<std::vector<std::string>> after = project->current();
  if (!after) return fail(context, after.error());
  Output& out = context.out;
  out.line(
      fmt::format("Database is stamped at {}.", rows_with_markers(out, project->graph(), *after)));
  return 0;
}

}  // namespace

Command add_stamp_command(CLI::App& app) {
  auto options = std::make_shared<StampArgs>();
  CLI::App* sub =
      app.add_subcommand("stamp", "Record REV in the version table without running any ops");
  sub->add_option("REV", options->revisions,
                  "The revisions to record (one or more): head, heads, base, a full id or "
                  "unique prefix, LABEL@head, LABEL@base, head-N, -N")
      ->type_name("");
  sub->add_flag("--purge", options->purge,
                "Empty the version table first (when it is in a bad state)");
  sub->add_flag("--repair", options->repair,
                "Record the current checksum of each REV (applied revisions whose files were "
                "edited on purpose) so that `verify` and `upgrade` accept them; the version table "
                "is left alone");
  add_lock_flags(*sub, options->lock, /*statements=*/false);
  sub->footer(
      "Use it when the schema already matches a revision, e.g. a database created before\n"
      "retort managed it. Each REV replaces the rows on its own branch (its ancestors and\n"
      "descendants) and leaves the other branches' rows alone; `base` empties the table.\n"
      "--repair is for a revision edited after it was applied when the edit changed nothing\n"
      "the database needs (a comment in an execute op's SQL, a fixed downgrade).\n"
      "\nExamples:\n  retort stamp head\n  retort stamp y@head\n  retort stamp --purge d1 d2\n"
      "  retort stamp --repair 3f2a9c1b7d4e");
  Command command{sub, [options](Context& context) { return run_stamp(context, *options); }};
  command.revision_argument = &options->relative;
  return command;
}

}  // namespace retort::cli
