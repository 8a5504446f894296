// retort verify [--format text|json]: the applied revisions whose files were
// edited or removed since they were applied; exit 1 when there is one.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/internal/common.hpp"
#include "cli/internal/fleet_command.hpp"

namespace retort::cli {
namespace {

struct VerifyArgs {
  std::string format = "text";
  FleetFlags fleet;  // its format is `format`
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

int run_verify(Context& context, CLI::App& sub, const VerifyArgs& options) {
  if (Status s = check_fleet_flags_need_fleet(context, sub, /*with_format=*/false); !s) {
    return fail(context, s.error());
  }
  if (!context.global.fleet.empty()) {
    FleetFlags flags = options.fleet;
    flags.format = options.format;
    migrations::FleetOptions fleet;
    fleet.command = migrations::FleetCommand::kVerify;
    return run_on_fleet(context, flags, std::move(fleet));
  }
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
      "\nExamples:\n  retort verify\n  retort verify --format json\n"
      "  retort --fleet tenants verify --jobs 8\n"
      "\nWith --fleet NAME, each database of retort.toml's [fleet.NAME] is verified; the\n"
      "report (--format: the fleet's table or JSON) lists each member's changed revisions,\n"
      "and the exit code is 1 when any member has one (a failure's code wins).");
  add_fleet_flags(*sub, options->fleet, /*with_format=*/false);
  Command command{sub,
                  [options, sub](Context& context) { return run_verify(context, *sub, *options); }};
  command.on_fleet = true;
  return command;
}

}  // namespace retort::cli
