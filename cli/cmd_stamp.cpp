// retort stamp REV [--purge]: set the version table without running ops.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/common.hpp"

namespace retort::cli {
namespace {

struct StampOptions {
  std::string revision;
  bool purge = false;
};

int run_stamp(Context& context, const StampOptions& options) {
  if (options.revision.empty()) {
    return fail(context,
                Error::bad_input("stamp needs a revision",
                                 "name one, e.g. `retort stamp head` or `retort stamp base`"));
  }
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Status s = project->stamp(options.revision, options.purge, context.out.stream());
  if (!s) return fail(context, s.error());
  Result<std::string> after = project->current();
  if (!after) return fail(context, after.error());
  Output& out = context.out;
  out.line(fmt::format("Database is stamped at {}{}.", out.bold(revision_label(*after)),
                       out.green(revision_markers(project->graph(), *after, std::nullopt))));
  return 0;
}

}  // namespace

Command add_stamp_command(CLI::App& app) {
  auto options = std::make_shared<StampOptions>();
  CLI::App* sub =
      app.add_subcommand("stamp", "Record REV in the version table without running any ops");
  sub->add_option("REV", options->revision,
                  "The revision to record (required): head, base, a full id or unique prefix, "
                  "head-N, -N")
      ->type_name("");
  sub->add_flag("--purge", options->purge,
                "Empty the version table first (when it is in a bad state)");
  sub->footer(
      "Use it when the schema already matches a revision, e.g. a database created before\n"
      "retort managed it.\n"
      "\nExample:\n  retort stamp head");
  Command command{sub, [options](Context& context) { return run_stamp(context, *options); }};
  command.revision_argument = &options->revision;
  return command;
}

}  // namespace retort::cli
