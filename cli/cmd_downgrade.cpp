// retort downgrade TARGET [--sql]: revert revisions down to TARGET.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct DowngradeArgs {
  std::string target;
  bool sql = false;
  bool one_transaction = false;
  LockFlags lock;
};

int run_downgrade(Context& context, const DowngradeArgs& options) {
  if (options.target.empty()) {
    return fail(context, Error::bad_input("downgrade needs a TARGET",
                                          "name one, e.g. `retort downgrade -1` or `retort "
                                          "downgrade base`; see `retort downgrade --help`"));
  }
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
  sub->footer(
      "Runs each revision's [[downgrade]] ops, newest first, each in one transaction with\n"
      "its version-table update. LABEL@... targets touch only that label's branch.\n"
      "\nExamples:\n"
      "  retort downgrade -1\n"
      "  retort downgrade base\n"
      "  retort downgrade x@base\n"
      "  retort downgrade head:base --sql");
  Command command{sub, [options](Context& context) { return run_downgrade(context, *options); }};
  command.revision_argument = &options->target;
  return command;
}

}  // namespace retort::cli
