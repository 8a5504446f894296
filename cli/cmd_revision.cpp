// retort revision -m MSG [--autogenerate] [--head REV] [--splice] [--branch-label L]
// [--depends-on REV]... [--rev-id ID] [--allow-drop OBJECT]... [--concurrently]
// [--safe-constraints]: a new revision file (several for the safe forms).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <iostream>
#include <memory>
#include <string>

#include "cli/internal/common.hpp"
#include "cli/internal/lint_output.hpp"

namespace retort::cli {
namespace {

// "Did you rename hero.age to hero.years (integer)? [y/N]" on the terminal;
// only y or yes (any case) is yes.
bool ask_rename(Output& out, const RenameCandidate& c) {
  const std::string question =
      c.is_table ? fmt::format("Did you rename table {} to {}? [y/N] ", c.dropped(), c.new_name)
                 : fmt::format("Did you rename {} to {}.{} ({})? [y/N] ", c.dropped(), c.table,
                               c.new_name, c.new_type);
  out.write(question);
  out.stream().flush();
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  for (char& ch : answer) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return answer == "y" || answer == "yes";
}

// What the revision just written will do to a live database (retort lint,
// docs/lint.md): its findings, when it has any. The files are read again,
// as `retort lint` reads them, for the line of each op.
void lint_written(Context& context, const std::string& id) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return;
  Result<const Dialect*> dialect = project->dialect();
  const migrations::Revision* written = project->graph().find(id);
  if (!dialect || written == nullptr) return;
  const migrations::LintReport report = migrations::lint_revisions(
      project->graph(), {written}, (*dialect)->name(), project->config().lock);
  if (report.findings.empty()) return;
  Output& out = context.out;
  out.line(
      fmt::format("Lint found {} thing{} to know before this runs on a live database "
                  "(docs/lint.md; acknowledge one with lint_ignore):",
                  report.findings.size(), report.findings.size() == 1 ? "" : "s"));
  print_lint_findings(out, report);
}

int run_revision(Context& context, migrations::RevisionOptions options) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  // A drop that may be a rename is asked about only when someone can answer
  // (stdin and stdout a terminal); in CI it stops the command instead.
  if (options.autogenerate && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1) {
    options.confirm_rename = [&context](const RenameCandidate& c) {
      return ask_rename(context.out, c);
    };
  }
  project->set_strict(options.strict);
  Result<migrations::Revision> revision = project->make_revision(options);
  warn_unmodelled(context.out, *project);
  if (!revision) return fail(context, revision.error());

  Output& out = context.out;
  for (const std::string& note : project->notes()) context.out.note(note);
  for (const migrations::Revision& written : project->written()) {
    out.line(fmt::format("Generating {} ... done{}", out.bold(display_path(written.path)),
                         written.transactional ? "" : " (transactional = false)"));
    if (!options.autogenerate) continue;
    if (written.upgrade.empty()) {
      out.line("No changes detected: the models match the database; the revision is empty.");
    } else {
      out.line(fmt::format("Detected {} change{}:", written.upgrade.size(),
                           written.upgrade.size() == 1 ? "" : "s"));
      print_ops(out, written.upgrade);
      lint_written(context, written.id);
    }
  }
  if (project->heads().size() > 1) {
    std::vector<std::string> heads;
    for (const migrations::Revision* head : project->heads()) heads.push_back(head->id);
    out.line(
        fmt::format("The history now has {} heads ({}): `{}` applies them all; `{}` joins "
                    "them.",
                    heads.size(), fmt::join(heads, ", "), out.cyan("retort upgrade heads"),
                    out.cyan("retort merge heads -m MSG")));
  }
  out.line(fmt::format(
      "Review the file{}, then run `{}`.", project->written().size() > 1 ? "s" : "",
      out.cyan(project->heads().size() > 1 ? "retort upgrade heads" : "retort upgrade head")));
  return 0;
}

}  // namespace

Command add_revision_command(CLI::App& app) {
  auto options = std::make_shared<migrations::RevisionOptions>();
  CLI::App* sub = app.add_subcommand("revision", "Write a new revision file on top of a head");
  sub->add_option("-m,--message", options->message,
                  "What the revision does; also names the file (required)")
      ->required()
      ->option_text("MSG");
  sub->add_flag("--autogenerate", options->autogenerate,
                "Fill the revision with the ops that turn the database into the models "
                "(the database must be at the revision the new one builds on)");
  sub->add_option("--head", options->head,
                  "The revision to build on: a head, LABEL@head, base (a new independent root), "
                  "or heads (a merge). Needed when the history has several heads")
      ->option_text("REV");
  sub->add_flag("--splice", options->splice,
                "Allow --head to name a revision that is not a head, starting a new branch there");
  sub->add_option("--branch-label", options->branch_labels,
                  "Label the new revision's branch, so LABEL@head and LABEL@base name it "
                  "(letters, digits, _ . -; see docs/branches.md)")
      ->option_text("LABEL");
  sub->add_option("--depends-on", options->depends_on,
                  "A revision that must be applied before this one without being its parent "
                  "(repeatable; stored as full ids)")
      ->option_text("REV");
  sub->add_option("--rev-id", options->rev_id,
                  "Use this revision id instead of a random 12-hex-digit one ([A-Za-z0-9_], "
                  "at most 32 chars)")
      ->option_text("ID");
  sub->add_option("--allow-drop", options->allow_drop,
                  "With --autogenerate: drop this column (TABLE.COLUMN) or table even though an "
                  "added one looks like its rename (repeatable). Without it such a drop is "
                  "asked about on a terminal, and stops the command (exit 2) elsewhere")
      ->option_text("OBJECT");
  sub->add_flag("--concurrently", options->concurrently,
                "With --autogenerate on PostgreSQL: create and drop the indexes of existing "
                "tables CONCURRENTLY, in revisions of their own with transactional = false "
                "(drops before the other changes, creates after them; docs/lint.md)");
  sub->add_flag("--safe-constraints", options->safe_constraints,
                "With --autogenerate on PostgreSQL: add the foreign keys and checks of existing "
                "tables NOT VALID, and validate them in a second revision written after it");
  add_strict_flag(*sub, options->strict);
  sub->footer(
      "Without --autogenerate the revision has no ops; write them by hand.\n"
      "With several heads, name one with --head (or join them first with `retort merge heads`).\n"
      "\nExamples:\n"
      "  retort revision --autogenerate -m \"create team and hero\"\n"
      "  retort revision -m \"backfill hero names\"\n"
      "  retort revision --head base --branch-label audit -m \"audit tables\"\n"
      "  retort revision --autogenerate --head audit@head -m \"audit index\"\n"
      "  retort revision --autogenerate --concurrently --safe-constraints -m \"order lookups\"");
  return {sub, [options](Context& context) { return run_revision(context, *options); }};
}

}  // namespace retort::cli
