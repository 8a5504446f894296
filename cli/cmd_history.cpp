// retort history [-r A:B] [-v] [--indicate-current]: the revisions, newest first,
// with branch points, merge points, labels, heads and the current revisions.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct HistoryArgs {
  std::string range;
  bool verbose = false;
  bool indicate_current = false;
};

int run_history(Context& context, const HistoryArgs& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  std::optional<std::vector<std::string>> current;
  if (options.indicate_current) {
    Result<std::vector<std::string>> c = project->current();
    if (!c) return fail(context, c.error());
    current = *c;
  }
  Result<std::vector<const migrations::Revision*>> revisions = project->history(options.range);
  if (!revisions) return fail(context, revisions.error());

  Output& out = context.out;
  for (const migrations::Revision* revision : *revisions) {
    if (options.verbose) {
      print_revision_details(out, project->graph(), *revision, current);
    } else {
      out.line(revision_line(out, project->graph(), *revision, current));
    }
  }
  if (current && current->empty() && options.range.empty()) {
    out.line(fmt::format("{}{}", revision_label(""), out.green(" (current)")));
  }
  return 0;
}

}  // namespace

Command add_history_command(CLI::App& app) {
  auto options = std::make_shared<HistoryArgs>();
  CLI::App* sub = app.add_subcommand("history", "List the revisions, newest first");
  sub->add_option("-r,--rev-range", options->range,
                  "Only revisions from A to B (A or B may be empty; identifiers as for upgrade: "
                  "base, heads, ids, prefixes, LABEL@head, -N, +N)")
      ->option_text("A:B");
  sub->add_flag("-v,--verbose", options->verbose,
                "Show each revision's parents, labels, dependencies, file, creation time and "
                "message");
  sub->add_flag("--indicate-current", options->indicate_current,
                "Mark the revisions the database is at with (current) (connects)");
  sub->footer(
      "One line per revision, newest first: PARENTS -> REV, then (labels), (head),\n"
      "(branchpoint), (mergepoint), (current), and the message. A merge lists its parents:\n"
      "  d1, d2 -> e (head) (mergepoint), merge\n"
      "\nExamples:\n"
      "  retort history --indicate-current\n"
      "  retort history -r base:heads -v");
  return {sub, [options](Context& context) { return run_history(context, *options); }};
}

}  // namespace retort::cli
