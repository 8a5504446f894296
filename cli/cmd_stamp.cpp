// retort stamp REV... [--purge]: set the version table without running ops.
// retort stamp --repair REV...: record the current checksum of applied
// revisions edited on purpose.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <vector>

#include "cli/internal/common.hpp"
#include "cli/internal/fleet_command.hpp"

namespace retort::cli {
namespace {

struct StampArgs {
  std::vector<std::string> revisions;
  std::string relative;  // a "-N" CLI11 would take for an option
  bool purge = false;
  bool repair = false;
  LockFlags lock;
  FleetFlags fleet;
};

// `retort --fleet NAME stamp REV...`: each member stamped alike.
int run_fleet_stamp(Context& context, const StampArgs& options,
                    std::vector<std::string> revisions) {
  if (options.repair) {
    return fail(context,
                Error::bad_input("stamp --repair does not run on a fleet",
                                 "repair each member on purpose, with `retort --url URL stamp "
                                 "--repair REV`"));
  }
  Result<LockOverrides> lock = parse_lock_flags(options.lock);
  if (!lock) return fail(context, lock.error());
  migrations::FleetOptions fleet;
  fleet.command = migrations::FleetCommand::kStamp;
  fleet.stamp_revisions = std::move(revisions);
  fleet.purge = options.purge;
  fleet.setup = [&lock](migrations::Project& project) -> Status {
    apply_lock_overrides(project, *lock);
    return {};
  };
  return run_on_fleet(context, options.fleet, std::move(fleet));
}

int run_stamp(Context& context, CLI::App& sub, const StampArgs& options) {
  if (Status s = check_fleet_flags_need_fleet(context, sub); !s) return fail(context, s.error());
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
  if (!context.global.fleet.empty()) return run_fleet_stamp(context, options, revisions);
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
  add_fleet_flags(*sub, options->fleet);
  sub->footer(
      "Use it when the schema already matches a revision, e.g. a database created before\n"
      "retort managed it. Each REV replaces the rows on its own branch (its ancestors and\n"
      "descendants) and leaves the other branches' rows alone; `base` empties the table.\n"
      "--repair is for a revision edited after it was applied when the edit changed nothing\n"
      "the database needs (a comment in an execute op's SQL, a fixed downgrade).\n"
      "\nExamples:\n  retort stamp head\n  retort stamp y@head\n  retort stamp --purge d1 d2\n"
      "  retort stamp --repair 3f2a9c1b7d4e\n"
      "  retort --fleet tenants stamp head --jobs 4\n"
      "\nWith --fleet NAME, each database of retort.toml's [fleet.NAME] is stamped under its\n"
      "own lock and reported (stamped, already at target, failed); --repair does not run\n"
      "on a fleet (docs/fleets.md).");
  Command command{sub,
                  [options, sub](Context& context) { return run_stamp(context, *sub, *options); }};
  command.on_fleet = true;
  command.revision_argument = &options->relative;
  return command;
}

}  // namespace retort::cli
