// retort diff [--from SRC] [--to SRC] [--format text|json|sql].
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <utility>

#include "cli/internal/common.hpp"
#include "cli/internal/exit_codes.hpp"
#include "core/internal/ops_toml.hpp"
#include "migrations/internal/compile.hpp"

namespace retort::cli {
namespace {

struct DiffArgs {
  std::string from = "db";
  std::string to = "models";
  std::string format = "text";
  bool strict = false;
};

bool is_url(const std::string& source) { return source.find("://") != std::string::npos; }

// Without a project only databases can be compared: URLs, and `db` when a
// URL is given.
Status check_project_less_sources(const migrations::Project& project, const DiffArgs& options) {
  for (const auto& [flag, source] : {std::pair{"--from", options.from}, {"--to", options.to}}) {
    if (is_url(source)) continue;
    if (source != "db") return needs_project(fmt::format("diff {} {}", flag, source));
    if (project.config().url.empty()) return no_database_url();
  }
  return {};
}

int run_diff(Context& context, const DiffArgs& options) {
  const bool project_less = without_config(context);
  Result<migrations::Project> project =
      project_less ? open_database(context, /*with_history=*/false) : open_project(context);
  if (!project) return fail(context, project.error());
  if (project_less) {
    if (Status s = check_project_less_sources(*project, options); !s) {
      return fail(context, s.error());
    }
  }
  project->set_strict(options.strict);
  Result<migrations::SchemaDiff> diff = project->diff(options.from, options.to);
  warn_unmodelled(context.out, *project);
  if (!diff) return fail(context, diff.error());
  for (const std::string& note : project->notes()) context.out.note(note);
  const std::vector<Op>& ops = diff->ops;
  const int code = ops.empty() ? kExitOk : kExitDifferences;
  note_rename_candidates(context.out, ops);

  Output& out = context.out;
  if (options.format == "json") {
    out.line(json_text(ops_to_json(ops)));
    return code;
  }
  if (options.format == "sql") {
    // The dialect that read and normalised the two sides, which for a URL may
    // not be the configured one.
    MetaData before = diff->from;
    Result<std::vector<Statement>> statements =
        migrations::compile_ops(*diff->dialect, ops, before);
    if (!statements) return fail(context, statements.error());
    out.write(migrations::to_script(*statements));
    return code;
  }
  if (ops.empty()) {
    out.line(fmt::format("No differences between {} and {}.", options.from, options.to));
    return code;
  }
  out.line(fmt::format("{} {} op{} turn{} {} into {}:", out.yellow("Differences:"), ops.size(),
                       ops.size() == 1 ? "" : "s", ops.size() == 1 ? "s" : "", options.from,
                       options.to));
  print_ops(out, ops);
  // What the database cannot change in place: autogenerate would refuse it.
  for (const Error& e : diff->refused) {
    out.line(fmt::format("{} {}", out.yellow("Cannot change in place:"), e.message));
    if (!e.hint.empty()) out.line("  hint: " + e.hint);
  }
  return code;
}

}  // namespace

Command add_diff_command(CLI::App& app) {
  auto options = std::make_shared<DiffArgs>();
  CLI::App* sub = app.add_subcommand(
      "diff", "Show the ops that turn one schema into another (default: database -> models)");
  const char* source_help =
      "models, db, a database URL, or a revision identifier (the schema history builds up to it)";
  sub->add_option("--from", options->from,
                  fmt::format("Source schema (default: db): {}", source_help))
      ->capture_default_str()
      ->option_text("SRC");
  sub->add_option("--to", options->to,
                  fmt::format("Target schema (default: models): {}", source_help))
      ->capture_default_str()
      ->option_text("SRC");
  sub->add_option(
         "--format", options->format,
         "text (default; one line per op), json ({\"ops\": [...]}, each op as a revision file's "
         "[[upgrade]] entry) or sql (what the dialect would run)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "sql"}))
      ->option_text("FORMAT");
  add_strict_flag(*sub, options->strict);
  sub->footer(
      "Exit codes: 0 no differences; 1 differences found; 2 bad input, or (--strict) a\n"
      "database holds objects retort cannot represent.\n"
      "\nExamples:\n"
      "  retort diff\n"
      "  retort diff --format json\n"
      "  retort diff --from head-1 --to head --format sql");
  return {sub, [options](Context& context) { return run_diff(context, *options); }};
}

}  // namespace retort::cli
