// retort upgrade [TARGET] [--sql]: apply revisions up to TARGET (head).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"
#include "cli/internal/fleet_command.hpp"

namespace retort::cli {
namespace {

struct UpgradeArgs {
  std::string target;
  bool sql = false;
  bool one_transaction = false;
  bool allow_edited = false;
  bool check_drift = false;  // neither: retort.toml's drift_check
  bool no_check_drift = false;
  std::string output_dir;  // --fleet with --sql: one file per member there
  LockFlags lock;
  FleetFlags fleet;
};

// `retort --fleet NAME upgrade`: each member with the same options.
int run_fleet_upgrade(Context& context, const UpgradeArgs& options, const std::string& target) {
  if (options.sql && target.find(':') != std::string::npos) {
    return fail(
        context,
        Error::bad_input(
            fmt::format("upgrade --sql on a fleet takes a TARGET, not the range {}", target),
            "each member's script starts from the member's own revision (read "
            "from its version table); give the target only, e.g. head"));
  }
  Result<LockOverrides> lock = parse_lock_flags(options.lock);
  if (!lock) return fail(context, lock.error());
  migrations::FleetOptions fleet;
  fleet.command =
      options.sql ? migrations::FleetCommand::kUpgradeSql : migrations::FleetCommand::kUpgrade;
  fleet.target = target;
  fleet.setup = [&options, &lock](migrations::Project& project) -> Status {
    apply_lock_overrides(project, *lock);
    if (options.one_transaction) project.set_transaction_per_revision(false);
    project.set_allow_edited(options.allow_edited);
    if (options.check_drift || options.no_check_drift) {
      project.set_check_drift(options.check_drift);
    }
    return {};
  };
  FleetFlags flags = options.fleet;
  flags.output_dir = options.output_dir;
  return run_on_fleet(context, flags, std::move(fleet));
}

int run_upgrade(Context& context, CLI::App& sub, const UpgradeArgs& options) {
  if (Status s = check_fleet_flags_need_fleet(context, sub); !s) return fail(context, s.error());
  if (!options.output_dir.empty() && (!options.sql || context.global.fleet.empty())) {
    return fail(context,
                Error::bad_input("--output-dir applies to `retort --fleet NAME upgrade --sql`",
                                 "give it with --fleet and --sql (one script file per member), or "
                                 "leave it out; without --fleet, redirect the one script: "
                                 "`retort upgrade head --sql > upgrade.sql`"));
  }
  std::string target = options.target.empty() ? "head" : options.target;
  if (options.check_drift && options.no_check_drift) {
    return fail(context,
                Error::bad_input("--check-drift and --no-check-drift contradict each other",
                                 "give one of them"));
  }
  if (options.sql && options.check_drift) {
    return fail(context, Error::bad_input("--check-drift reads the database, which --sql does not",
                                          "run the drift check online (`retort upgrade "
                                          "--check-drift`), or leave it out of the --sql run"));
  }
  if (!context.global.fleet.empty()) return run_fleet_upgrade(context, options, target);
  return run_move(context, &migrations::Project::upgrade, target, options.sql,
                  options.one_transaction, options.lock, [&](migrations::Project& project) {
                    project.set_allow_edited(options.allow_edited);
                    if (options.sql && project.config().drift_check && !options.no_check_drift) {
                      context.out.note(
                          "drift_check = true does not apply to --sql: the script is written "
                          "without reading the database");
                    }
                    if (options.check_drift || options.no_check_drift) {
                      project.set_check_drift(options.check_drift);
                    }
                  });
}

}  // namespace

Command add_upgrade_command(CLI::App& app) {
  auto options = std::make_shared<UpgradeArgs>();
  CLI::App* sub = app.add_subcommand("upgrade", "Apply revisions up to TARGET (default: head)");
  sub->add_option("TARGET", options->target,
                  "Revision to upgrade to: head, heads (every branch), a full id or unique "
                  "prefix (4+ chars), +N, head-N, REV+N, LABEL@head, LABEL@+N; with --sql also "
                  "a range FROM:TO")
      ->type_name("");
  sub->add_flag("--sql", options->sql,
                "Print the SQL script instead of running it (offline: no connection; starts "
                "from base unless TARGET is FROM:TO). With --fleet: a script per member, from "
                "the member's own revision (its version table is read, nothing is written)");
  sub->add_flag("--one-transaction", options->one_transaction,
                "Run every revision of this command in one transaction (one commit: faster on "
                "SQLite; a failure rolls back the whole run; with --sql, one BEGIN/COMMIT). "
                "Default: one per revision, or retort.toml's transaction_per_revision");
  sub->add_flag("--allow-edited", options->allow_edited,
                "Run even when applied revisions were edited (or their files removed) since they "
                "were applied; each is named in a warning. Default: refuse (exit 2), as `retort "
                "verify` would list them");
  sub->add_flag("--check-drift", options->check_drift,
                "First compare the live schema with what history says it is at the current "
                "revision, and refuse (exit 2) on a difference. Default: retort.toml's "
                "drift_check");
  sub->add_flag("--no-check-drift", options->no_check_drift,
                "Skip the drift check that retort.toml's drift_check = true asks for");
  add_lock_flags(*sub, options->lock);
  add_fleet_flags(*sub, options->fleet);
  sub->add_option("--output-dir", options->output_dir,
                  "With --fleet and --sql: write each member's script to DIR/MEMBER.sql (created "
                  "if missing) instead of printing them all to stdout")
      ->option_text("DIR");
  sub->footer(
      "Each revision runs in one transaction with its version-table update, under the\n"
      "migration lock. A failure rolls that revision back and exits 3. With several heads,\n"
      "`head` is an error: upgrade to `heads` or to one branch's LABEL@head.\n"
      "Before running, each applied revision's checksum is compared with its file\n"
      "(docs/deploying.md, \"Checksums and verify\").\n"
      "\nExamples:\n"
      "  retort upgrade head\n"
      "  retort upgrade heads\n"
      "  retort upgrade +1\n"
      "  retort upgrade head --sql > upgrade.sql\n"
      "  retort upgrade base:heads --sql\n"
      "  retort --fleet tenants upgrade head --jobs 4 --canary 1\n"
      "  retort --fleet tenants upgrade head --sql --output-dir scripts/\n"
      "\nWith --fleet NAME, each member of retort.toml's [fleet.NAME] (a database, or a\n"
      "tenant schema of one PostgreSQL database) is upgraded under its own lock, --jobs at\n"
      "a time; a table (or --format json) reports each one, and the exit code is 0 only\n"
      "when every member reached TARGET (docs/fleets.md). With --sql, each member's\n"
      "version table is read (nothing is written) and its script runs from there to\n"
      "TARGET: all printed to stdout, each after a `-- retort:` comment naming the member\n"
      "(the report goes to stderr), or one file per member with --output-dir; a\n"
      "schema-per-tenant fleet's scripts begin with SET search_path, after the shared\n"
      "objects' script.");
  Command command{
      sub, [options, sub](Context& context) { return run_upgrade(context, *sub, *options); }};
  command.revision_argument = &options->target;
  command.on_fleet = true;
  return command;
}

}  // namespace retort::cli
