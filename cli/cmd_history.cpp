// retort history [-r A:B] [-v] [--indicate-current]: the revisions, newest first,
// with branch points, merge points, labels, heads and the current revisions.
// retort history --applied [--format text|json]: the history table, what ran
// when, by whom, and how it ended.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct HistoryArgs {
  std::string range;
  bool verbose = false;
  bool indicate_current = false;
  bool applied = false;
  std::string format = "text";
};

nlohmann::json row_json(const migrations::HistoryRow& row) {
  auto text = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"seq", row.seq},
          {"revision", row.revision},
          {"direction", row.direction},
          {"result", row.result},
          {"ops_done", row.ops_done},
          {"ops_total", row.ops_total},
          {"message", text(row.message)},
          {"error", text(row.error)},
          {"checksum", text(row.checksum)},
          {"started_at", text(row.started_at)},
          {"finished_at", text(row.finished_at)},
          {"duration_ms", row.duration_ms ? nlohmann::json(*row.duration_ms) : nlohmann::json()},
          {"retort_version", row.retort_version},
          {"user", text(row.user_name)},
          {"host", text(row.host_name)}};
}

// The history table, oldest first: one line per run, then its error.
int run_applied(Context& context, const HistoryArgs& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Result<std::vector<migrations::HistoryRow>> rows = project->applied_history();
  if (!rows) return fail(context, rows.error());
  Output& out = context.out;
  if (options.format == "json") {
    nlohmann::json runs = nlohmann::json::array();
    for (const migrations::HistoryRow& row : *rows) runs.push_back(row_json(row));
    out.line(json_text(nlohmann::json{{"runs", runs}}));
    return 0;
  }
  if (rows->empty()) {
    out.line("No run recorded yet.");
    return 0;
  }
  for (const migrations::HistoryRow& row : *rows) {
    const bool ok = row.result == migrations::history_result::kApplied;
    const std::string result = ok ? out.green(row.result) : out.yellow(row.result);
    const std::string duration =
        row.duration_ms ? fmt::format(" in {} ms", *row.duration_ms) : std::string();
    const std::string by = row.user_name.empty() && row.host_name.empty()
                               ? std::string()
                               : fmt::format(" by {}@{}", row.user_name, row.host_name);
    out.line(fmt::format("{:>4}  {}  {} {:<9} {}  ops {}/{}  {}{}{} (retort {}){}", row.seq,
                         row.started_at, out.bold(row.revision), row.direction, result,
                         row.ops_done, row.ops_total, row.message.empty() ? "" : "\"", row.message,
                         row.message.empty() ? "" : "\"", row.retort_version, duration + by));
    if (!row.error.empty()) out.line("      " + row.error);
  }
  return 0;
}

int run_history(Context& context, const HistoryArgs& options) {
  if (options.applied) return run_applied(context, options);
  if (options.format != "text") {
    return fail(context, Error::bad_input("--format applies to `history --applied`",
                                          "add --applied, or leave --format out"));
  }
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
  sub->add_flag("--applied", options->applied,
                "Show what ran on the database instead (its history table, oldest first): "
                "revision, direction, result, ops done, times, who and where (connects)");
  sub->add_option("--format", options->format, "With --applied: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "One line per revision, newest first: PARENTS -> REV, then (labels), (head),\n"
      "(branchpoint), (mergepoint), (current), and the message. A merge lists its parents:\n"
      "  d1, d2 -> e (head) (mergepoint), merge\n"
      "\nExamples:\n"
      "  retort history --indicate-current\n"
      "  retort history -r base:heads -v\n"
      "  retort history --applied");
  return {sub, [options](Context& context) { return run_history(context, *options); }};
}

}  // namespace retort::cli
