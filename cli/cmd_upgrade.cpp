// retort upgrade [TARGET] [--sql]: apply revisions up to TARGET (head).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/common.hpp"

namespace retort::cli {
namespace {

struct UpgradeOptions {
  std::string target;
  bool sql = false;
};

int run_upgrade(Context& context, const UpgradeOptions& options) {
  std::string target = options.target.empty() ? "head" : options.target;
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  if (options.sql) {
    Status s = project->upgrade(target, true, context.out.stream());
    return s ? 0 : fail(context, s.error());
  }

  Result<std::string> before = project->current();
  if (!before) return fail(context, before.error());
  Status s = project->upgrade(target, false, context.out.stream());
  if (!s) return fail(context, s.error());
  Result<std::string> after = project->current();
  if (!after) return fail(context, after.error());

  Output& out = context.out;
  const std::string markers = revision_markers(project->graph(), *after, std::nullopt);
  if (*before == *after) {
    out.line(fmt::format("Already at {}{}; nothing to do.", revision_label(*after), markers));
  } else {
    out.line(
        fmt::format("Database is at {}{}.", out.bold(revision_label(*after)), out.green(markers)));
  }
  return 0;
}

}  // namespace

Command add_upgrade_command(CLI::App& app) {
  auto options = std::make_shared<UpgradeOptions>();
  CLI::App* sub = app.add_subcommand("upgrade", "Apply revisions up to TARGET (default: head)");
  sub->add_option("TARGET", options->target,
                  "Revision to upgrade to: head, a full id or unique prefix (4+ chars), +N, "
                  "head-N, REV+N; with --sql also a range FROM:TO")
      ->type_name("");
  sub->add_flag("--sql", options->sql,
                "Print the SQL script instead of running it (offline: no connection; starts "
                "from base unless TARGET is FROM:TO)");
  sub->footer(
      "Each revision runs in one transaction with its version-table update, under the\n"
      "migration lock. A failure rolls that revision back and exits 3.\n"
      "\nExamples:\n"
      "  retort upgrade head\n"
      "  retort upgrade +1\n"
      "  retort upgrade head --sql > upgrade.sql");
  Command command{sub, [options](Context& context) { return run_upgrade(context, *options); }};
  command.revision_argument = &options->target;
  return command;
}

}  // namespace retort::cli
