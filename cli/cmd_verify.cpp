// retort verify [--format text|json]: the applied revisions whose files were
// edited or removed since they were applied; exit 1 when there is one.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/internal/common.hpp"

namespace retort::cli {
namespace {

struct VerifyArgs {
  std::string format = "text";
};

nlohmann::json report_json(const migrations::IntegrityReport& report) {
  auto text = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  nlohmann::json edited = nlohmann::json::array();
  for (const migrations::EditedRevision& e : report.edited) {
    edited.push_back({{"revision", e.revision},
                      {"file", text(e.file)},
                      {"change", e.disappeared() ? "removed" : "edited"},
                      {"applied_at", text(e.applied_at)},
                      {"recorded_checksum", text(e.recorded)},
                      {"current_checksum", text(e.current)}});
  }
  return {{"edited", edited}, {"matched", report.checked}, {"not_recorded", report.unrecorded}};
}

int run_verify(Context& context, const VerifyArgs& options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Result<migrations::IntegrityReport> report = project->verify();
  if (!report) return fail(context, report.error());
  Output& out = context.out;
  const int code = report->edited.empty() ? 0 : 1;
  if (options.format == "json") {
    out.line(json_text(report_json(*report)));
    return code;
  }
  for (const migrations::EditedRevision& e : report->edited) {
    migrations::EditedRevision shown = e;
    if (!shown.disappeared()) shown.file = display_path(shown.file);
    out.line(migrations::describe_edit(shown));
  }
  if (!report->unrecorded.empty()) {
    out.line(fmt::format(
        "{} applied revision{} with no checksum recorded (reached by stamp, or applied before "
        "retort recorded checksums), not judged: {}",
        report->unrecorded.size(), report->unrecorded.size() == 1 ? "" : "s",
        fmt::join(report->unrecorded, ", ")));
  }
  if (code == 0) {
    out.line(fmt::format("{} applied revision{} match{} {} file{} as applied.", report->checked,
                         report->checked == 1 ? "" : "s", report->checked == 1 ? "es" : "",
                         report->checked == 1 ? "its" : "their", report->checked == 1 ? "" : "s"));
  } else {
    out.line(fmt::format(
        "{} applied revision{} changed since applied: restore {}, or record {} as now with "
        "`retort stamp --repair REV`.",
        report->edited.size(), report->edited.size() == 1 ? "" : "s",
        report->edited.size() == 1 ? "its file" : "the files",
        report->edited.size() == 1 ? "it" : "them"));
  }
  return code;
}

}  // namespace

Command add_verify_command(CLI::App& app) {
  auto options = std::make_shared<VerifyArgs>();
  CLI::App* sub = app.add_subcommand(
      "verify",
      "Check that applied revisions' files are as they were when applied (exit 1 if not)");
  sub->add_option("--format", options->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "Each applied revision's checksum (of its ops, docs/deploying.md) is recorded in the\n"
      "history table when it runs; verify recomputes it from the file and lists every\n"
      "applied revision whose file changed or was removed, with when it was applied.\n"
      "Exit 0: all match; 1: some changed; 2/3: bad input or database error.\n"
      "\nExamples:\n  retort verify\n  retort verify --format json");
  return {sub, [options](Context& context) { return run_verify(context, *options); }};
}

}  // namespace retort::cli
