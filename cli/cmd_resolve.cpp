// retort resolve REV --applied | --rolled-back: settle a revision that a run
// outside a transaction left partly applied.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct ResolveArgs {
  std::string revision;
  bool applied = false;
  bool rolled_back = false;
  LockFlags lock;
};

int run_resolve(Context& context, const ResolveArgs& options) {
  if (options.revision.empty() || options.applied == options.rolled_back) {
    return fail(context,
                Error::bad_input("resolve needs a revision and one of --applied or --rolled-back",
                                 "e.g. `retort resolve 3f2a9c1b7d4e --applied`; `retort current` "
                                 "names the partly applied revision"));
  }
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  if (Status s = apply_lock_flags(context, *project, options.lock); !s) {
    return fail(context, s.error());
  }
  Status s = project->resolve(options.revision, options.applied, context.out.stream());
  if (!s) return fail(context, s.error());
  Result<std::vector<std::string>> after = project->current();
  if (!after) return fail(context, after.error());
  Output& out = context.out;
  out.line(fmt::format("Database is at {}.", rows_with_markers(out, project->graph(), *after)));
  return 0;
}

}  // namespace

Command add_resolve_command(CLI::App& app) {
  auto options = std::make_shared<ResolveArgs>();
  CLI::App* sub = app.add_subcommand(
      "resolve", "Settle a revision left partly applied (transactional = false) by hand");
  sub->add_option("REV", options->revision,
                  "The partly applied revision (`retort current` names it): a full id or "
                  "unique prefix")
      ->type_name("");
  sub->add_flag("--applied", options->applied,
                "You finished its remaining ops by hand: record it as applied (the version "
                "table moves as the revision would have moved it)");
  sub->add_flag("--rolled-back", options->rolled_back,
                "You undid its applied ops by hand: record it as rolled back (the version "
                "table stays; the next upgrade runs it from op 1)");
  add_lock_flags(*sub, options->lock, /*statements=*/false);
  sub->footer(
      "A revision with `transactional = false` that fails or is stopped midway keeps the ops\n"
      "it completed; the history table records how far it got. `retort upgrade` resumes it at\n"
      "the first op not done (fix the file first if that op is wrong). When you finished or\n"
      "undid it by hand instead, tell retort with resolve. Nothing runs but the bookkeeping.\n"
      "\nExamples:\n"
      "  retort current                       # Partly applied: revision 3f2a... op 1 of 3 done\n"
      "  retort resolve 3f2a --rolled-back\n"
      "  retort resolve 3f2a --applied");
  return {sub, [options](Context& context) { return run_resolve(context, *options); }};
}

}  // namespace retort::cli
