// retort downgrade TARGET [--sql]: revert revisions down to TARGET.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"
#include "cli/internal/fleet_command.hpp"

namespace retort::cli {
namespace {

struct DowngradeArgs {
  std::string target;
  bool sql = false;
  bool one_transaction = false;
  LockFlags lock;
  FleetFlags fleet;
};

// `retort --fleet NAME downgrade TARGET`: each member with the same options.
int run_fleet_downgrade(Context& context, const DowngradeArgs& options) {
  if (options.sql) {
    return fail(context,
                Error::bad_input("downgrade --sql does not run on a fleet",
                                 "print the script once without --fleet (downgrade FROM:TO "
                                 "--sql): every member of a fleet shares the same revisions"));
  }
  Result<LockOverrides> lock = parse_lock_flags(options.lock);
  if (!lock) return fail(context, lock.error());
  migrations::FleetOptions fleet;
  fleet.command = migrations::FleetCommand::kDowngrade;
  fleet.target = options.target;
  fleet.setup = [&options, &lock](migrations::Project& project) -> Status {
    apply_lock_overrides(project, *lock);
    if (options.one_transaction) project.set_transaction_per_revision(false);
    return {};
  };
  return run_on_fleet(context, options.fleet, std::move(fleet));
}

int run_downgrade(Context& context, CLI::App& sub, const DowngradeArgs& options) {
  if (Status s = check_fleet_flags_need_fleet(context, sub); !s) return fail(context, s.error());
  if (options.target.empty()) {
    return fail(context, Error::bad_input("downgrade needs a TARGET",
                                          "name one, e.g. `retort downgrade -1` or `retort "
                                          "downgrade base`; see `retort downgrade --help`"));
  }
  if (!context.global.fleet.empty()) return run_fleet_downgrade(context, options);
  return run_move(context, &migrations::Project::downgrade, options.target, options.sql,
                  options.one_transaction, options.lock);
}

}  // namespace

Command add_downgrade_command(CLI::App& app) {
  auto options = std::make_shared<DowngradeArgs>();
  CLI::App* sub = app.add_subcommand("downgrade", "Revert revisions down to TARGET");
  sub->add_option("TARGET", options->target,
                  "Revision to downgrade to (required): -N, base, head-N, a full id or unique "
                  "prefix, REV-N, LABEL@base, LABEL@-N (only that branch); with --sql a range "
                  "FROM:TO")
      ->type_name("");
  sub->add_flag("--sql", options->sql,
                "Print the SQL script instead of running it (offline: TARGET must be FROM:TO, "
                "as the database is not consulted)");
  sub->add_flag("--one-transaction", options->one_transaction,
                "Run every revision of this command in one transaction (one commit: faster on "
                "SQLite; a failure rolls back the whole run; with --sql, one BEGIN/COMMIT). "
                "Default: one per revision, or retort.toml's transaction_per_revision");
  add_lock_flags(*sub, options->lock);
  add_fleet_flags(*sub, options->fleet);
  sub->footer(
      "Runs each revision's [[downgrade]] ops, newest first, each in one transaction with\n"
      "its version-table update. LABEL@... targets touch only that label's branch.\n"
      "\nExamples:\n"
      "  retort downgrade -1\n"
      "  retort downgrade base\n"
      "  retort downgrade x@base\n"
      "  retort downgrade head:base --sql\n"
      "  retort --fleet tenants downgrade -1 --jobs 4\n"
      "\nWith --fleet NAME, each database of retort.toml's [fleet.NAME] is downgraded under\n"
      "its own lock, --jobs at a time, and reported as upgrade reports (docs/fleets.md).");
  Command command{
      sub, [options, sub](Context& context) { return run_downgrade(context, *sub, *options); }};
  command.revision_argument = &options->target;
  command.on_fleet = true;
  return command;
}

}  // namespace retort::cli
