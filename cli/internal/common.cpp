#include "cli/internal/common.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "cli/internal/exit_codes.hpp"
#include "core/comparator.hpp"
#include "migrations/config.hpp"

namespace retort::cli {

namespace {

constexpr const char* kWithoutProject =
    "inspect, current and diff between two databases need only a database: pass --url URL";

std::optional<std::string> url_option(const Context& context) {
  if (context.global.url.empty()) return std::nullopt;
  return context.global.url;
}

}  // namespace

Result<migrations::Project> open_project(const Context& context) {
  Result<migrations::Config> config =
      migrations::load_config(context.global.config_path, url_option(context));
  if (!config) {
    Error e = std::move(config).error();
    if (without_config(context)) {
      e.with_hint(fmt::format(
          "this command needs a project (retort.toml, revision files, models): run it in the "
          "project's folder, pass -c PATH, or create one with `retort init`; {}",
          kWithoutProject));
    }
    return e;
  }
  Result<migrations::Project> project = migrations::Project::open(std::move(config).value());
  if (project && context.models != nullptr) project->set_models(*context.models);
  return project;
}

bool without_config(const Context& context) {
  std::error_code ec;
  return !context.global.config_given && !std::filesystem::exists(context.global.config_path, ec) &&
         !ec;
}

Result<migrations::Project> open_database(const Context& context, bool with_history) {
  if (!without_config(context)) {
    Result<migrations::Config> config =
        migrations::load_config(context.global.config_path, url_option(context));
    if (!config) return std::move(config).error();
    if (!with_history) return migrations::Project::open_without_history(std::move(*config));
    Result<migrations::Project> project = migrations::Project::open(std::move(*config));
    if (project && context.models != nullptr) project->set_models(*context.models);
    return project;
  }
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  return migrations::Project::open_without_history(
      migrations::config_without_file(cwd, url_option(context)));
}

Error no_database_url() {
  return Error::bad_input(
      "there is no retort.toml here and no database URL",
      fmt::format("{} (or set RETORT_URL); or run it in a project's folder, or pass -c PATH",
                  kWithoutProject));
}

Error needs_project(std::string_view what) {
  return Error::bad_input(
      fmt::format("{} needs a project, and there is no retort.toml here", what),
      fmt::format("run it in the project's folder, or pass -c PATH; {}", kWithoutProject));
}

int fail(Context& context, const Error& error) {
  context.out.error(error);
  return exit_code(error.code);
}

std::string display_path(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (ec || path.is_relative()) return path.string();
  std::filesystem::path rel = path.lexically_normal().lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return path.string();
  return rel.string();
}

std::string revision_label(const std::string& id) { return id.empty() ? "<base>" : id; }

std::string rows_label(const std::vector<std::string>& rows) {
  return rows.empty() ? std::string("<base>") : fmt::format("{}", fmt::join(rows, ", "));
}

std::string revision_markers(const migrations::RevisionGraph& graph, const std::string& id,
                             const std::optional<std::vector<std::string>>& current,
                             bool tree_markers) {
  std::string markers;
  if (!id.empty()) {
    const std::vector<std::string> labels = graph.labels(id);
    if (!labels.empty()) markers += fmt::format(" ({})", fmt::join(labels, ", "));
    if (graph.find(id) != nullptr && graph.children(id).empty()) markers += " (head)";
    if (const migrations::Revision* squash = graph.squash_of(id)) {
      markers +=
          fmt::format(" (replaced by squash {}: `retort upgrade` brings it there)", squash->id);
    }
    if (tree_markers && graph.is_branch_point(id)) markers += " (branchpoint)";
    if (tree_markers && graph.is_merge_point(id)) markers += " (mergepoint)";
  }
  if (current) {
    const bool here = id.empty()
                          ? current->empty()
                          : std::find(current->begin(), current->end(), id) != current->end();
    if (here) markers += " (current)";
  }
  return markers;
}

std::string rows_with_markers(const Output& out, const migrations::RevisionGraph& graph,
                              const std::vector<std::string>& rows) {
  if (rows.empty()) return out.bold("<base>");
  std::vector<std::string> parts;
  for (const std::string& id : rows) {
    parts.push_back(out.bold(id) + out.green(revision_markers(graph, id, std::nullopt)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

namespace {

std::string parents_label(const migrations::Revision& revision) {
  return rows_label(revision.down_revisions);
}

}  // namespace

std::string revision_line(const Output& out, const migrations::RevisionGraph& graph,
                          const migrations::Revision& revision,
                          const std::optional<std::vector<std::string>>& current) {
  return fmt::format("{} -> {}{}, {}", parents_label(revision), out.bold(revision.id),
                     out.green(revision_markers(graph, revision.id, current, true)),
                     revision.message);
}

void print_revision_details(Output& out, const migrations::RevisionGraph& graph,
                            const migrations::Revision& revision,
                            const std::optional<std::vector<std::string>>& current) {
  out.line(fmt::format("Rev: {}{}", out.bold(revision.id),
                       out.green(revision_markers(graph, revision.id, current, true))));
  out.line(fmt::format("{}: {}", revision.down_revisions.size() > 1 ? "Merges" : "Parent",
                       parents_label(revision)));
  if (!revision.branch_labels.empty()) {
    out.line(fmt::format("Branch names: {}", fmt::join(revision.branch_labels, ", ")));
  }
  if (!revision.replaces.empty()) {
    out.line(fmt::format("Replaces: {}", fmt::join(revision.replaces, ", ")));
  }
  if (!revision.depends_on.empty()) {
    out.line(fmt::format("Depends on: {}", fmt::join(revision.depends_on, ", ")));
  }
  if (graph.is_branch_point(revision.id)) {
    std::vector<std::string> children;
    for (const migrations::Revision* child : graph.children(revision.id)) {
      children.push_back(child->id);
    }
    out.line(fmt::format("Branches into: {}", fmt::join(children, ", ")));
  }
  if (!revision.path.empty()) out.line(fmt::format("Path: {}", display_path(revision.path)));
  if (!revision.created.empty()) out.line(fmt::format("Created: {}", revision.created));
  if (!revision.transactional) out.line("Transactional: no");
  out.line();
  out.line(fmt::format("    {}", revision.message));
  out.line();
}

void print_ops(Output& out, const std::vector<Op>& ops, std::string_view bullet) {
  for (const Op& op : ops) out.line(fmt::format("{}{}", bullet, describe(op)));
}

void note_rename_candidates(Output& out, const std::vector<Op>& ops) {
  for (const RenameCandidate& c : rename_candidates(ops)) {
    const std::string now = c.is_table ? c.new_name : c.table + "." + c.new_name;
    out.note(fmt::format(
        "{} may be a rename: declare renamed_from = \"{}\" on {} to keep the data, or pass "
        "--allow-drop {} to `retort revision --autogenerate` to drop it",
        c.describe(), c.old_name, now, c.dropped()));
  }
}

void add_lock_flags(CLI::App& sub, LockFlags& flags, bool statements) {
  if (statements) {
    sub.add_option("--lock-timeout", flags.lock_timeout,
                   "How long one statement may wait for a table lock before the revision is "
                   "rolled back and retried (e.g. 5s, 500ms; 0: no limit). Default: retort.toml's "
                   "lock_timeout, else 5s; a revision's own lock_timeout wins")
        ->option_text("DURATION");
    sub.add_option("--lock-retries", flags.lock_retries,
                   "How many times a revision that timed out on a lock is run again, after 1s, "
                   "2s, 4s... Default: retort.toml's lock_retries, else 3")
        ->option_text("N")
        ->check(CLI::Range(0, migrations::kMaxLockRetries));
    sub.add_option("--statement-timeout", flags.statement_timeout,
                   "How long one statement may run (PostgreSQL; 0: no limit). Default: "
                   "retort.toml's statement_timeout, else the server's own setting")
        ->option_text("DURATION");
  }
  sub.add_option("--wait-for-lock", flags.wait_for_lock,
                 "How long to wait for another retort's migration lock, saying who holds it, "
                 "before exiting 3 (0: do not wait). Default: retort.toml's "
                 "migration_lock_timeout, else 10min")
      ->option_text("DURATION");
}

Result<LockOverrides> parse_lock_flags(const LockFlags& flags) {
  auto duration = [](std::string_view flag,
                     const std::string& text) -> Result<std::chrono::milliseconds> {
    Result<std::chrono::milliseconds> d = migrations::parse_duration(text);
    if (!d) {
      Error e = std::move(d).error();
      e.message = fmt::format("{}: {}", flag, e.message);
      return e;
    }
    return d;
  };
  LockOverrides overrides;
  overrides.settings.lock_retries = flags.lock_retries;
  if (!flags.lock_timeout.empty()) {
    Result<std::chrono::milliseconds> d = duration("--lock-timeout", flags.lock_timeout);
    if (!d) return std::move(d).error();
    overrides.settings.lock_timeout = *d;
  }
  if (!flags.statement_timeout.empty()) {
    Result<std::chrono::milliseconds> d = duration("--statement-timeout", flags.statement_timeout);
    if (!d) return std::move(d).error();
    overrides.settings.statement_timeout = *d;
  }
  if (!flags.wait_for_lock.empty()) {
    Result<std::chrono::milliseconds> d = duration("--wait-for-lock", flags.wait_for_lock);
    if (!d) return std::move(d).error();
    overrides.wait_for_lock = *d;
  }
  return overrides;
}

void apply_lock_overrides(migrations::Project& project, const LockOverrides& overrides) {
  if (overrides.wait_for_lock) project.set_migration_lock_wait(*overrides.wait_for_lock);
  project.set_lock_settings(overrides.settings);
}

Status apply_lock_flags(Context& context, migrations::Project& project, const LockFlags& flags) {
  Result<LockOverrides> overrides = parse_lock_flags(flags);
  if (!overrides) return std::move(overrides).error();
  apply_lock_overrides(project, *overrides);
  project.set_notices(&context.out.notices());
  return {};
}

int run_move(Context& context, MoveFn move, const std::string& target, bool sql,
             bool one_transaction, const LockFlags& lock_flags,
             const std::function<void(migrations::Project&)>& setup) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  if (setup) setup(*project);
  if (one_transaction) project->set_transaction_per_revision(false);
  if (Status s = apply_lock_flags(context, *project, lock_flags); !s) {
    return fail(context, s.error());
  }
  if (sql) {
    Status s = ((*project).*move)(target, true, context.out.stream());
    return s ? 0 : fail(context, s.error());
  }

  Result<std::vector<std::string>> before = project->current();
  if (!before) return fail(context, before.error());
  Status s = ((*project).*move)(target, false, context.out.stream());
  if (!s) return fail(context, s.error());
  Result<std::vector<std::string>> after = project->current();
  if (!after) return fail(context, after.error());

  Output& out = context.out;
  const std::string where = rows_with_markers(out, project->graph(), *after);
  if (*before == *after) {
    out.line(fmt::format("Already at {}; nothing to do.", where));
  } else {
    out.line(fmt::format("Database is at {}.", where));
  }
  return 0;
}

std::string json_text(const nlohmann::json& json) {
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void warn_unmodelled(Output& out, const migrations::Project& project) {
  for (const Unmodelled& u : project.unmodelled()) out.warning(u.describe());
}

void add_strict_flag(CLI::App& sub, bool& strict) {
  sub.add_flag("--strict", strict,
               "Exit 2 when the database holds anything retort cannot represent (each is named "
               "in a warning); leave such objects out with `exclude` in retort.toml");
}

}  // namespace retort::cli
