// retort show REV: one revision with its ops.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct ShowArgs {
  std::string revision;
};

int run_show(Context& context, const ShowArgs& options) {
  if (options.revision.empty()) {
    return fail(context,
                Error::bad_input("show needs a revision", "name one, e.g. `retort show head`"));
  }
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Result<const migrations::Revision*> revision = project->show(options.revision);
  if (!revision) return fail(context, revision.error());

  Output& out = context.out;
  print_revision_details(out, project->graph(), **revision, std::nullopt);
  out.line(fmt::format("Upgrade ({} op{}):", (*revision)->upgrade.size(),
                       (*revision)->upgrade.size() == 1 ? "" : "s"));
  print_ops(out, (*revision)->upgrade);
  out.line(fmt::format("Downgrade ({} op{}):", (*revision)->downgrade.size(),
                       (*revision)->downgrade.size() == 1 ? "" : "s"));
  print_ops(out, (*revision)->downgrade);
  return 0;
}

}  // namespace

Command add_show_command(CLI::App& app) {
  auto options = std::make_shared<ShowArgs>();
  CLI::App* sub = app.add_subcommand("show", "Show one revision: its details and its ops");
  sub->add_option("REV", options->revision,
                  "The revision: head, a full id or unique prefix (4+ chars), head-N, REV-N, -N")
      ->type_name("");
  sub->footer("Example:\n  retort show head");
  Command command{sub, [options](Context& context) { return run_show(context, *options); }};
  command.revision_argument = &options->revision;
  return command;
}

}  // namespace retort::cli
