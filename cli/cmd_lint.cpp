// retort lint [REV | A:B] [--all] [--offline] [--strict] [--format text|json]:
// what the revisions will do to a live database (migrations/lint.hpp,
// docs/lint.md). Exit 1 when a finding is an error, or with --strict a
// warning, that no lint_ignore acknowledges; else 0.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/internal/common.hpp"
#include "cli/internal/exit_codes.hpp"
#include "cli/internal/lint_output.hpp"
#include "migrations/lint.hpp"

namespace retort::cli {
namespace {

struct LintArgs {
  std::string target;
  bool all = false;
  bool offline = false;
  bool strict = false;
  std::string format = "text";
};

// The revisions to lint: REV, A:B (the revisions after A up to B), every one
// (--all), or those the database has not applied.
Result<std::vector<const migrations::Revision*>> selected(migrations::Project& project,
                                                          const LintArgs& options) {
  const migrations::RevisionGraph& graph = project.graph();
  if (options.all) return graph.revisions();
  if (!options.target.empty()) {
    const auto colon = options.target.find(':');
    if (colon != std::string::npos) {
      return graph.range(options.target.substr(0, colon), options.target.substr(colon + 1));
    }
    Result<std::vector<std::string>> ids = graph.resolve(options.target);
    if (!ids) return std::move(ids).error();
    std::vector<const migrations::Revision*> out;
    for (const std::string& id : *ids) {
      if (const migrations::Revision* rev = graph.find(id)) out.push_back(rev);
    }
    return out;
  }
  if (options.offline) {
    return Error::bad_input(
        "--offline lints the revisions named: there is no database to ask "
        "which are not applied yet",
        "name them (retort lint --offline REV, or A:B) or add --all");
  }
  Result<std::vector<std::string>> current = project.current();
  if (!current) return std::move(current).error();
  std::set<const migrations::Revision*> unapplied;
  for (const migrations::Revision* rev : graph.revisions()) unapplied.insert(rev);
  // A row behind a squash counts from the squash (what is left of the
  // revisions it replaces runs before it, and is not linted here).
  for (const std::string& head : graph.caught_up(*current)) {
    Result<std::vector<const migrations::Revision*>> above = graph.range(head, "");
    if (!above) return std::move(above).error();
    std::erase_if(unapplied, [&](const migrations::Revision* r) {
      return std::find(above->begin(), above->end(), r) == above->end();
    });
  }
  return std::vector<const migrations::Revision*>(unapplied.begin(), unapplied.end());
}

nlohmann::json finding_json(const migrations::RevisionFinding& f) {
  return {{"code", f.finding.code},
          {"severity", std::string(severity_name(f.finding.severity))},
          {"revision", f.revision},
          {"file", f.file},
          {"line", f.line},
          {"op", f.op.empty() ? nlohmann::json() : nlohmann::json(f.op)},
          {"message", f.finding.message},
          {"safe", f.finding.safe},
          {"acknowledged", f.acknowledged},
          {"reason", f.acknowledged ? nlohmann::json(f.reason) : nlohmann::json()}};
}

void print_text(Output& out, const migrations::LintReport& report) {
  print_lint_findings(out, report);
  const std::size_t open = open_findings(report);
  out.line(fmt::format("{} revision(s), {} op(s): {} finding(s), {} acknowledged", report.revisions,
                       report.ops, open, report.findings.size() - open));
}

int run_lint(Context& context, const LintArgs& options) {
  if (options.all && !options.target.empty()) {
    return fail(context, Error::bad_input("--all and a revision name the revisions twice",
                                          "give one of them"));
  }
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  Result<const Dialect*> dialect = project->dialect();
  if (!dialect) return fail(context, dialect.error());
  Result<std::vector<const migrations::Revision*>> revisions = selected(*project, options);
  if (!revisions) return fail(context, revisions.error());
  // With a database, a rebuild says how many rows it copies; the database
  // is asked only then, once per table (a count reads the whole table), and
  // a count it cannot give is left out.
  decltype(LintContext::row_count) row_count;
  if (!options.offline) {
    auto counted = std::make_shared<std::map<std::string, std::optional<std::int64_t>>>();
    row_count = [&project, d = *dialect, counted](
                    const std::string& schema,
                    const std::string& table) -> std::optional<std::int64_t> {
      const std::string name = schema.empty()
                                   ? d->quote_identifier(table)
                                   : d->quote_identifier(schema) + "." + d->quote_identifier(table);
      auto [it, first] = counted->try_emplace(name);
      if (!first) return it->second;
      Result<Connection*> conn = project->connection();
      if (!conn) return std::nullopt;
      Result<Rows> rows = (*conn)->query("SELECT count(*) FROM " + name);
      if (rows && !rows->rows.empty() && !rows->rows[0].empty() && rows->rows[0][0]) {
        it->second = std::stoll(*rows->rows[0][0]);
      }
      return it->second;
    };
  }
  const migrations::LintReport report = migrations::lint_revisions(
      project->graph(), *revisions, (*dialect)->name(), project->config().lock, row_count);
  if (options.format == "json") {
    nlohmann::json findings = nlohmann::json::array();
    for (const migrations::RevisionFinding& f : report.findings)
      findings.push_back(finding_json(f));
    context.out.line(json_text(nlohmann::json{{"dialect", std::string((*dialect)->name())},
                                              {"revisions", report.revisions},
                                              {"ops", report.ops},
                                              {"findings", findings}}));
  } else {
    print_text(context.out, report);
  }
  return migrations::lint_fails(report, options.strict) ? kExitDifferences : kExitOk;
}

}  // namespace

Command add_lint_command(CLI::App& app) {
  auto options = std::make_shared<LintArgs>();
  CLI::App* sub = app.add_subcommand(
      "lint", "Say what revisions will do to a live database: data lost, rows relied on, locks");
  sub->add_option("revision", options->target,
                  "REV (one revision) or A:B (the revisions after A up to B; A or B may be "
                  "empty). Default: those the database has not applied")
      ->option_text("REV|A:B");
  sub->add_flag("--all", options->all, "Lint every revision of the history");
  sub->add_flag("--offline", options->offline,
                "Connect to nothing (the dialect comes from the URL); name the revisions or "
                "give --all");
  sub->add_flag("--strict", options->strict,
                "Exit 1 on a warning too, not only on an error (acknowledged findings never "
                "count)");
  sub->add_option("--format", options->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "Each finding: FILE:LINE: SEVERITY [CODE] OP, what happens on a live database, and the\n"
      "safe way. A revision acknowledges one with\n"
      "  lint_ignore = [{ code = \"drop-column\", reason = \"nothing reads it since 2.3\" }]\n"
      "Codes, severities and the JSON shape: docs/lint.md.\n"
      "Exit 0: nothing fails; 1: an error (or, with --strict, a warning) not acknowledged.\n"
      "\nExamples:\n"
      "  retort lint                          # what upgrade would run now\n"
      "  retort lint --offline --all --strict # in CI, without a database\n"
      "  retort lint 3f2a9c1b7d4e --format json");
  Command command{sub, [options](Context& context) { return run_lint(context, *options); }};
  command.revision_argument = &options->target;
  return command;
}

}  // namespace retort::cli
