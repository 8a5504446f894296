#include "cli/common.hpp"

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "migrations/config.hpp"

namespace retort::cli {

Result<migrations::Project> open_project(const Context& context) {
  std::optional<std::string> url;
  if (!context.global.url.empty()) url = context.global.url;
  Result<migrations::Config> config = migrations::load_config(context.global.config_path, url);
  if (!config) return std::move(config).error();
  Result<migrations::Project> project = migrations::Project::open(std::move(config).value());
  if (project && context.models != nullptr) project->set_models(*context.models);
  return project;
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

std::string revision_markers(const migrations::RevisionGraph& graph, const std::string& id,
                             const std::optional<std::string>& current) {
  std::string markers;
  if (!id.empty() && id == graph.head()) markers += " (head)";
  if (current && *current == id) markers += " (current)";
  return markers;
}

std::string revision_line(const Output& out, const migrations::RevisionGraph& graph,
                          const migrations::Revision& revision,
                          const std::optional<std::string>& current) {
  std::string parent = revision_label(revision.down_revision());
  return fmt::format("{} -> {}{}, {}", parent, out.bold(revision.id),
                     out.green(revision_markers(graph, revision.id, current)), revision.message);
}

void print_revision_details(Output& out, const migrations::RevisionGraph& graph,
                            const migrations::Revision& revision,
                            const std::optional<std::string>& current) {
  out.line(fmt::format("Rev: {}{}", out.bold(revision.id),
                       out.green(revision_markers(graph, revision.id, current))));
  out.line(fmt::format("Parent: {}", revision_label(revision.down_revision())));
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

int run_move(Context& context, MoveFn move, const std::string& target, bool sql) {
  Result<migrations::Project> project = open_project(context);
  if (!project) return fail(context, project.error());
  if (sql) {
    Status s = ((*project).*move)(target, true, context.out.stream());
    return s ? 0 : fail(context, s.error());
  }

  Result<std::string> before = project->current();
  if (!before) return fail(context, before.error());
  Status s = ((*project).*move)(target, false, context.out.stream());
  if (!s) return fail(context, s.error());
  Result<std::string> after = project->current();
  if (!after) return fail(context, after.error());

  Output& out = context.out;
  const std::string markers = revision_markers(project->graph(), *after, std::nullopt);
  if (*before == *after) {
    out.line(fmt::format("Already at {}{}; nothing to do.", revision_label(*after), markers));
  } else {
    out.line(
        fmt::format("Database is at {}{}.", out.bold(revision_label(*after)), out.green(markers)));
  }
  return 0;
}

}  // namespace retort::cli
