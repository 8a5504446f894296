#include "migrations/project.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/comparator.hpp"
#include "core/models_toml.hpp"
#include "core/names.hpp"
#include "dialects/registry.hpp"
#include "dialects/safe_forms.hpp"
#include "migrations/internal/branch_label.hpp"
#include "migrations/internal/drift_check.hpp"
#include "migrations/internal/history_schema.hpp"
#include "migrations/internal/inspect_scope.hpp"
#include "migrations/internal/models_source.hpp"
#include "migrations/internal/runner.hpp"
#include "migrations/internal/script_directory.hpp"

namespace retort::migrations {
namespace {

// kBadInput for drops that look like renames and that nobody confirmed:
// nothing is written, and the message names each pair and both ways out.
Error unconfirmed_drops(const std::vector<RenameCandidate>& candidates, const std::string& source) {
  std::vector<std::string> pairs;
  for (const RenameCandidate& c : candidates) pairs.push_back(c.describe());
  const RenameCandidate& first = candidates.front();
  const std::string new_object =
      first.is_table ? first.new_name : first.table + "." + first.new_name;
  Error e = Error::bad_input(
      fmt::format("autogenerate would drop {} and lose its data, but {} may be a rename: {}",
                  candidates.size() == 1 ? "an object" : "objects",
                  candidates.size() == 1 ? "it" : "each", fmt::join(pairs, "; ")),
      fmt::format("to rename and keep the data, declare renamed_from = \"{}\" on {} (in C++: "
                  ".renamed_from(\"{}\")); to drop it, pass --allow-drop {}; nothing was "
                  "written",
                  first.old_name, new_object, first.old_name, first.dropped()));
  if (first.line > 0) e.at(source, first.line);
  e.on(first.is_table ? first.new_name : first.table, first.is_table ? "" : first.new_name);
  return e;
}

bool is_url(std::string_view source) { return source.find("://") != std::string_view::npos; }

// Splits "A:B"; `has_colon` tells "A" from "A:".
struct Range {
  std::string from;
  std::string to;
  bool has_colon = false;
};
Range split_range(std::string_view text) {
  Range r;
  std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    r.to = std::string(text);
    return r;
  }
  r.has_colon = true;
  r.from = std::string(text.substr(0, colon));
  r.to = std::string(text.substr(colon + 1));
  return r;
}

// The changes among `ops` that `dialect` cannot make in place, each played
// against the schema as the ops before it left `before`.
std::vector<Error> refused_in_place(const Dialect& dialect, const std::vector<Op>& ops,
                                    MetaData before) {
  std::vector<Error> out;
  for (const Op& op : ops) {
    if (Status s = dialect.refuse_in_place(op, before); !s) out.push_back(std::move(s).error());
    (void)apply(before, op);  // a failure here is compare()'s bug, not the user's
  }
  return out;
}

}  // namespace

Project::Project(Config config) : config_(std::move(config)) {}
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

Result<Project> Project::open(Config config) {
  Project project(std::move(config));
  Result<std::vector<Revision>> revisions = load_revisions(project.config_.versions_dir());
  if (!revisions) return std::move(revisions).error();
  Result<RevisionGraph> graph = RevisionGraph::build(std::move(*revisions));
  if (!graph) return std::move(graph).error();
  project.graph_ = std::move(*graph);
  project.has_history_ = true;
  if (Status s = project.resolve_dialect(); !s) return s.error();
  return project;
}

Result<Project> Project::open_without_history(Config config) {
  Project project(std::move(config));
  if (Status s = project.resolve_dialect(); !s) return s.error();
  return project;
}

Status Project::resolve_dialect() {
  if (config_.url.empty()) return {};
  Result<const Dialect*> dialect = dialect_for_url(config_.url);
  if (!dialect) {
    Error e = std::move(dialect).error();
    if (e.file.empty()) e.at(config_.file.string());
    return e;
  }
  dialect_ = *dialect;
  if (!config_.schema.empty()) {
    Result<std::unique_ptr<Dialect>> in_schema =
        dialect_for_schema(config_.url, config_.schema, config_.shared_schema);
    if (!in_schema) return std::move(in_schema).error();
    schema_dialect_ = std::move(*in_schema);
    dialect_ = schema_dialect_.get();
  }
  version_table_ = std::make_unique<VersionTable>(*dialect_, config_.version_table);
  history_table_ = std::make_unique<HistoryTable>(*dialect_, config_.history_table_name());
  return {};
}

Runner Project::runner() const {
  Runner runner(*dialect_, graph_, *version_table_, *history_table_);
  runner.set_transaction_per_revision(config_.transaction_per_revision);
  runner.set_lock_settings(config_.lock);
  runner.set_migration_lock_wait(config_.migration_lock_timeout);
  runner.set_notices(notices_);
  runner.set_stop(stop_);
  return runner;
}

Result<const Dialect*> Project::dialect() const {
  if (dialect_ == nullptr) {
    return Error::bad_input("no database URL is configured",
                            "set url in retort.toml, set RETORT_URL, or pass --url")
        .at(config_.file.string());
  }
  return dialect_;
}

Result<Connection*> Project::connection() {
  if (connection_) return connection_.get();
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  Result<std::unique_ptr<Connection>> conn = (*d)->connect(config_.url);
  if (!conn) return std::move(conn).error();
  connection_ = std::move(*conn);
  return connection_.get();
}

Result<std::vector<std::string>> Project::current() {
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  Result<std::vector<std::string>> rows = version_table_->current(**conn);
  if (!rows || !has_history_) return rows;
  for (const std::string& id : *rows) {
    // A row behind a squash is known (revision_graph.hpp, "Squashes").
    if (graph_.find(id) == nullptr && graph_.squash_of(id) == nullptr) {
      return unknown_version_row(id);
    }
  }
  return rows;
}

Result<std::vector<const Revision*>> Project::unapplied_heads() {
  Result<std::vector<std::string>> rows = current();
  if (!rows) return std::move(rows).error();
  const std::vector<std::string> applied = graph_.applied_ids(*rows);
  std::vector<const Revision*> out;
  for (const Revision* head : graph_.heads()) {
    if (!std::binary_search(applied.begin(), applied.end(), head->id)) out.push_back(head);
  }
  return out;
}

std::vector<const Revision*> Project::heads() const { return graph_.heads(); }

Result<std::vector<std::string>> Project::resolve_with_db(std::string_view identifier) {
  if (!RevisionGraph::is_relative(identifier)) return graph_.resolve(identifier);
  Result<std::vector<std::string>> rows = current();
  if (!rows) return rows;
  return graph_.resolve(identifier, graph_.caught_up(*rows));
}

Result<std::string> Project::resolve_one_with_db(std::string_view identifier) {
  if (!RevisionGraph::is_relative(identifier)) return graph_.resolve_one(identifier);
  Result<std::vector<std::string>> rows = current();
  if (!rows) return std::move(rows).error();
  return graph_.resolve_one(identifier, graph_.caught_up(*rows));
}

Result<std::vector<const Revision*>> Project::history(std::string_view range) {
  Range r = split_range(range);
  if (!r.has_colon) {
    r.from = r.to;
    r.to.clear();
  }
  // Relative ends are fixed against the database; the rest go to the graph.
  auto fixed = [&](const std::string& end) -> Result<std::string> {
    if (end.empty() || !RevisionGraph::is_relative(end)) return end;
    Result<std::string> id = resolve_one_with_db(end);
    if (!id) return id;
    return id->empty() ? std::string("base") : *id;
  };
  Result<std::string> from = fixed(r.from);
  if (!from) return std::move(from).error();
  Result<std::string> to = fixed(r.to);
  if (!to) return std::move(to).error();
  Result<std::vector<const Revision*>> revisions = graph_.range(*from, *to);
  if (!revisions) return revisions;
  std::vector<const Revision*> out(revisions->rbegin(), revisions->rend());
  // `-r A:B` lists A too, as the lower end of the range.
  if (!from->empty()) {
    Result<std::vector<std::string>> lower = graph_.resolve(*from);
    if (!lower) return std::move(lower).error();
    for (const std::string& id : *lower) {
      const Revision* rev = graph_.find(id);
      if (rev != nullptr && std::find(out.begin(), out.end(), rev) == out.end()) {
        out.push_back(rev);
      }
    }
  }
  return out;
}

Result<const Revision*> Project::show(std::string_view identifier) {
  Result<std::string> id = resolve_one_with_db(identifier);
  if (!id) return std::move(id).error();
  if (id->empty()) {
    return Error::bad_input(fmt::format("\"{}\" names base, which is no revision", identifier),
                            "name a revision: run `retort history` to see them");
  }
  return graph_.find(*id);
}

Status Project::upgrade(std::string_view target, bool sql_only, std::ostream& out) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  Runner runner = this->runner();
  runner.set_upgrade_check([this](Connection& conn, const std::vector<std::string>& rows,
                                  const std::optional<HistoryRow>& partial) {
    return check_before_upgrade(conn, rows, partial);
  });
  if (sql_only) {
    Range r = split_range(target);
    return runner.upgrade_sql(r.from.empty() ? "base" : r.from, r.to.empty() ? "heads" : r.to, out);
  }
  if (!RevisionGraph::is_relative(target)) {
    if (auto id = graph_.resolve(target); !id) return std::move(id).error();
  }
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  return runner.upgrade(**conn, target, out);
}

Status Project::downgrade(std::string_view target, bool sql_only, std::ostream& out) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  Runner runner = this->runner();
  if (sql_only) {
    Range r = split_range(target);
    if (!r.has_colon || r.from.empty()) {
      return Error::bad_input(
          "downgrade --sql needs a range FROM:TO",
          "the database is not consulted offline; e.g. `downgrade --sql heads:base`");
    }
    return runner.downgrade_sql(r.from, r.to.empty() ? "base" : r.to, out);
  }
  if (!RevisionGraph::is_relative(target)) {
    if (auto id = graph_.resolve(target); !id) return std::move(id).error();
  }
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  return runner.downgrade(**conn, target, out);
}

Status Project::stamp(const std::vector<std::string>& targets, bool purge, std::ostream& out) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  for (const std::string& target : targets) {
    if (RevisionGraph::is_relative(target)) continue;
    if (auto id = graph_.resolve(target); !id) return std::move(id).error();
  }
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  return runner().stamp(**conn, targets, purge, out);
}

Status Project::resolve(std::string_view identifier, bool applied, std::ostream& out) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  Result<std::string> id = graph_.resolve_one(identifier);
  // A partial run whose revision file is gone can still be rolled back by
  // hand and settled, by its full id as the history table holds it.
  if (!id && !applied) id = std::string(identifier);
  if (!id) return std::move(id).error();
  if (id->empty()) {
    return Error::bad_input("base is no revision to resolve",
                            "name the partly applied revision: `retort current` shows it");
  }
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  return runner().resolve(**conn, *id, applied, out);
}

Result<std::vector<HistoryRow>> Project::applied_history() {
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  return history_table_->read(**conn);
}

Status Project::check_before_upgrade(Connection& conn, const std::vector<std::string>& rows,
                                     const std::optional<HistoryRow>& partial) {
  // A database at base has no applied revision to check.
  if (rows.empty() && !partial && !config_.drift_check) return {};
  // The runner made sure the table exists.
  Result<std::vector<HistoryRow>> history = history_table_->all(conn);
  if (!history) return std::move(history).error();
  IntegrityReport report = check_integrity(graph_, rows, *history);
  if (!report.edited.empty()) {
    if (!allow_edited_) return edited_revisions_error(report);
    for (const EditedRevision& e : report.edited) {
      notice(fmt::format("warning: running on with an edited revision (--allow-edited): {}",
                         describe_edit(e)));
    }
  }
  if (!config_.drift_check) return {};
  DriftInput input{graph_,         rows,
                   partial,        std::move(*history),
                   config_.filter, {config_.version_table, config_.history_table_name()}};
  Result<DriftReport> drift = find_drift(conn, *dialect_, input);
  if (!drift) return std::move(drift).error();
  for (const std::string& note : drift->notes) notice(note);
  if (!drift->ops.empty()) return drift_error(*drift, rows);
  return {};
}

void Project::notice(const std::string& text) const {
  if (notices_ == nullptr) return;
  *notices_ << "retort: " << text << "\n";
  notices_->flush();
}

Result<IntegrityReport> Project::verify() {
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  // The rows as they are: one whose file is gone is reported, not refused.
  Result<std::vector<std::string>> rows = version_table_->current(**conn);
  if (!rows) return std::move(rows).error();
  Result<std::vector<HistoryRow>> history = history_table_->read(**conn);
  if (!history) return std::move(history).error();
  return check_integrity(graph_, *rows, *history);
}

Status Project::repair(const std::vector<std::string>& identifiers, std::ostream& out) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  std::vector<std::string> ids;
  for (const std::string& identifier : identifiers) {
    Result<std::vector<std::string>> resolved = resolve_with_db(identifier);
    if (!resolved) return std::move(resolved).error();
    for (std::string& id : *resolved) {
      if (id.empty()) {
        return Error::bad_input("base is no revision to repair",
                                "name an applied revision: `retort verify` lists the edited ones");
      }
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    }
  }
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  return runner().repair(**conn, ids, out);
}

Result<std::vector<HistoryRow>> Project::partial_runs() {
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  Result<bool> present = dialect_->table_exists(**conn, history_table_->name());
  if (!present) return std::move(present).error();
  if (!*present) return std::vector<HistoryRow>{};
  return history_table_->partial(**conn);
}

Result<std::vector<std::string>> Project::parents_for(std::string_view head, bool splice) {
  if (head.empty()) {
    const std::vector<const Revision*> heads = graph_.heads();
    if (heads.size() <= 1) {
      return heads.empty() ? std::vector<std::string>() : std::vector<std::string>{heads[0]->id};
    }
    std::vector<std::string> names;
    for (const Revision* h : heads) names.push_back(h->id);
    return Error::bad_input(
        fmt::format("the history has {} heads ({}); which should the new revision build on?",
                    heads.size(), fmt::join(names, ", ")),
        fmt::format("name one with --head (e.g. `--head {}` or `--head LABEL@head`), or merge "
                    "them first with `retort merge heads -m MSG`",
                    names.front()));
  }
  Result<std::vector<std::string>> ids = resolve_with_db(head);
  if (!ids) return ids;
  std::vector<std::string> parents;
  for (const std::string& id : *ids) {
    if (id.empty() || std::find(parents.begin(), parents.end(), id) != parents.end()) continue;
    const std::vector<const Revision*> children = graph_.children(id);
    if (!children.empty() && !splice) {
      std::vector<std::string> names;
      for (const Revision* c : children) names.push_back(c->id);
      return Error::bad_input(
          fmt::format("--head {} names revision {}, which is not a head (it has {} {})", head, id,
                      children.size() == 1 ? "child" : "children", fmt::join(names, ", ")),
          "pass --splice to start a new branch off it, or name a head (`retort heads` lists "
          "them)");
    }
    parents.push_back(id);
  }
  return parents;
}

Status Project::check_labels(const std::vector<std::string>& labels) const {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string& label = labels[i];
    if (Status s = validate_branch_label(label); !s) return s;
    if (std::find(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(i), label) !=
        labels.begin() + static_cast<std::ptrdiff_t>(i)) {
      return Error::bad_input(fmt::format("branch label {} is given twice", label),
                              "give each label once");
    }
    for (const Revision* rev : graph_.revisions()) {
      const auto& own = rev->branch_labels;
      if (std::find(own.begin(), own.end(), label) != own.end()) {
        return Error::bad_input(
                   fmt::format("branch label {} is already used by revision {}", label, rev->id),
                   "pick another label; `retort branches` and `retort heads` show the labels")
            .at(rev->path.string(), rev->line);
      }
    }
  }
  return {};
}

Result<Revision> Project::write_new(Revision rev, bool keep_id) {
  while (!keep_id && graph_.find(rev.id) != nullptr) rev.id = new_revision_id();
  // The graph checks the new revision before its file exists.
  std::vector<Revision> all;
  for (const Revision* r : graph_.files()) all.push_back(*r);
  all.push_back(rev);
  Result<RevisionGraph> graph = RevisionGraph::build(std::move(all));
  if (!graph) return std::move(graph).error();
  Result<std::filesystem::path> path = write_revision_file(rev, config_.versions_dir());
  if (!path) return std::move(path).error();
  rev.path = *path;

  // Keep the graph in step so a following command sees the new head.
  all.clear();
  for (const Revision* r : graph_.files()) all.push_back(*r);
  all.push_back(rev);
  graph = RevisionGraph::build(std::move(all));
  if (!graph) return std::move(graph).error();
  graph_ = std::move(*graph);
  return rev;
}

namespace {

Status check_new_id(const RevisionGraph& graph, const std::string& rev_id) {
  if (rev_id.empty()) return {};
  if (Status s = validate_revision_id(rev_id); !s) return s;
  if (const Revision* existing = graph.find(rev_id)) {
    return Error::bad_input(fmt::format("revision {} already exists", rev_id),
                            "pick another --rev-id")
        .at(existing->path.string());
  }
  return {};
}

}  // namespace

Result<Revision> Project::make_revision(const RevisionOptions& options) {
  if (Status s = check_new_id(graph_, options.rev_id); !s) return std::move(s).error();
  Result<std::vector<std::string>> parents = parents_for(options.head, options.splice);
  if (!parents) return std::move(parents).error();
  if (Status s = check_labels(options.branch_labels); !s) return std::move(s).error();
  NewRevision request;
  request.message = options.message;
  request.down_revisions = *parents;
  request.branch_labels = options.branch_labels;
  request.rev_id = options.rev_id;
  for (const std::string& dependency : options.depends_on) {
    Result<std::string> id = resolve_one_with_db(dependency);
    if (!id) return std::move(id).error();
    if (id->empty()) {
      return Error::bad_input(
          fmt::format("--depends-on {} names base, which is no revision", dependency),
          "name a revision: `retort history` lists them");
    }
    if (std::find(request.depends_on.begin(), request.depends_on.end(), *id) ==
        request.depends_on.end()) {
      request.depends_on.push_back(*id);
    }
  }
  written_.clear();
  std::vector<RevisionPart> parts{{}};
  if (options.autogenerate) {
    MetaData live;
    Result<std::vector<Op>> ops = autogenerate(*parents, options, &live);
    if (!ops) return std::move(ops).error();
    Result<const Dialect*> d = dialect();
    if (!d) return std::move(d).error();
    Result<std::vector<RevisionPart>> safe = safe_forms(
        (*d)->name(), std::move(*ops), live,
        {.concurrently = options.concurrently, .safe_constraints = options.safe_constraints});
    if (!safe) return std::move(safe).error();
    parts = std::move(*safe);
  } else if (options.concurrently || options.safe_constraints) {
    return Error::bad_input("--concurrently and --safe-constraints shape autogenerated ops",
                            "add --autogenerate, or write the ops by hand (docs/lint.md)");
  }
  // Each part builds on the one before; the first takes the labels and
  // dependencies asked for, and --rev-id. Every revision is made (with its
  // inverse ops) before any is written, so a refusal writes nothing.
  std::vector<Revision> made;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    RevisionPart& part = parts[i];
    request.message = options.message + part.message_suffix;
    request.ops = std::move(part.ops);
    request.transactional = part.transactional;
    if (i > 0) {
      request.down_revisions = {made.back().id};
      request.branch_labels.clear();
      request.depends_on.clear();
      request.rev_id.clear();
    }
    Result<Revision> rev = new_revision(request);
    if (!rev) return rev;
    auto taken = [&](const std::string& id) {
      return graph_.find(id) != nullptr ||
             std::any_of(made.begin(), made.end(), [&](const Revision& r) { return r.id == id; });
    };
    while (request.rev_id.empty() && taken(rev->id)) rev->id = new_revision_id();
    made.push_back(std::move(*rev));
  }
  std::optional<Revision> main;
  for (std::size_t i = 0; i < made.size(); ++i) {
    Result<Revision> saved = write_new(std::move(made[i]), true);
    if (!saved) return saved;
    if (!main || parts[i].message_suffix.empty()) main = *saved;
    written_.push_back(std::move(*saved));
  }
  return std::move(*main);
}

Result<Revision> Project::squash(const SquashOptions& options) {
  std::vector<const Dialect*> dialects;
  if (dialect_ != nullptr) dialects.push_back(dialect_);
  for (const Dialect* each : every_dialect()) {
    if (dialect_ == nullptr || each->name() != dialect_->name()) dialects.push_back(each);
  }
  Result<Revision> rev = build_squash(graph_, options, dialects);
  if (!rev) return rev;
  return write_new(std::move(*rev), !options.rev_id.empty());
}

Result<Revision> Project::merge(const MergeOptions& options) {
  if (Status s = check_new_id(graph_, options.rev_id); !s) return std::move(s).error();
  std::vector<std::string> parents;
  for (const std::string& identifier : options.revisions) {
    Result<std::vector<std::string>> ids = resolve_with_db(identifier);
    if (!ids) return std::move(ids).error();
    for (const std::string& id : *ids) {
      if (id.empty()) {
        return Error::bad_input(
            fmt::format("\"{}\" names base, which cannot be merged", identifier),
            "name revisions to merge, e.g. `retort merge heads -m MSG`");
      }
      if (std::find(parents.begin(), parents.end(), id) == parents.end()) parents.push_back(id);
    }
  }
  if (parents.size() < 2) {
    return Error::bad_input(
        fmt::format("merge needs two or more revisions; {} {}", fmt::join(options.revisions, " "),
                    parents.empty() ? std::string("names none")
                                    : fmt::format("names only {}", parents.front())),
        "name the revisions to merge, e.g. `retort merge heads -m MSG` (`retort heads` lists "
        "the heads)");
  }
  for (const std::string& a : parents) {
    for (const std::string& b : parents) {
      if (a != b && graph_.is_ancestor(a, b)) {
        return Error::bad_input(
            fmt::format("{} is an ancestor of {}: merging them adds nothing", a, b),
            fmt::format("merge branches that have diverged; {} already includes {}", b, a));
      }
    }
  }
  if (Status s = check_labels(options.branch_labels); !s) return std::move(s).error();
  NewRevision request;
  request.message = options.message;
  request.down_revisions = parents;
  request.branch_labels = options.branch_labels;
  request.rev_id = options.rev_id;
  Result<Revision> rev = new_revision(request);
  if (!rev) return rev;
  return write_new(std::move(*rev), !options.rev_id.empty());
}

Result<std::vector<Op>> Project::autogenerate(const std::vector<std::string>& parents,
                                              const RevisionOptions& options, MetaData* live) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  Result<MetaData> models = declared_models(**d);
  if (!models) return std::move(models).error();
  Result<std::vector<std::string>> rows = current();
  if (!rows) return std::move(rows).error();
  // Each parent must be applied with nothing built on it applied: the tip of
  // its line in the database (a row, or implied by a dependency).
  const std::vector<std::string> applied = graph_.applied_ids(*rows);
  auto is_applied = [&](const std::string& id) {
    return std::binary_search(applied.begin(), applied.end(), id);
  };
  for (const std::string& parent : parents) {
    const std::vector<const Revision*> children = graph_.children(parent);
    if (is_applied(parent) && std::none_of(children.begin(), children.end(),
                                           [&](const Revision* c) { return is_applied(c->id); })) {
      continue;
    }
    return Error::bad_input(
        fmt::format(
            "the database is not at {} (it is at {}); autogenerate compares the models "
            "with the database at the revision the new one builds on",
            parent,
            rows->empty() ? std::string("base") : fmt::format("{}", fmt::join(*rows, ", "))),
        parents.size() > 1           ? std::string("run `retort upgrade heads` first")
        : graph_.heads().size() == 1 ? std::string("run `retort upgrade head` first")
                                     : fmt::format("run `retort upgrade {}` first", parent));
  }
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  if (Status s = check_types_exist(*models, models_source(), **conn, **d); !s) {
    return std::move(s).error();
  }
  Result<MetaData> db = (*d)->inspect(**conn, scope(*models));
  if (!db) return std::move(db).error();
  if (Status s = take_unmodelled(*db); !s) return std::move(s).error();
  notes_ = adopt_stored_names(*db, *models, (*d)->max_identifier_bytes());
  settle_views(**d, **conn, *db, *models);
  // No table rewrite is invented for what the server cannot change in
  // place; that is said first, before a drop and create of one table could
  // pass for a rename.
  std::vector<Error> refused = refused_in_place(**d, compare(*db, *models), *db);
  if (!refused.empty()) return std::move(refused.front());
  Result<std::vector<Op>> ops = settle_renames(*db, std::move(*models), options);
  if (live != nullptr) *live = std::move(*db);
  return ops;
}

void Project::settle_views(const Dialect& dialect, Connection& conn, const MetaData& live,
                           MetaData& declared) {
  for (std::string& note : dialect.settle_views(conn, live, declared)) {
    notes_.push_back(std::move(note));
  }
}

Result<std::vector<Op>> Project::settle_renames(const MetaData& db, MetaData models,
                                                const RevisionOptions& options) const {
  std::set<std::string> dropped_on_purpose(options.allow_drop.begin(), options.allow_drop.end());
  for (;;) {
    std::vector<Op> ops = compare(db, models);
    std::vector<RenameCandidate> open;
    for (RenameCandidate& c : rename_candidates(ops)) {
      if (dropped_on_purpose.count(c.dropped()) == 0) open.push_back(std::move(c));
    }
    if (open.empty()) return ops;
    if (!options.confirm_rename) return unconfirmed_drops(open, models_source());
    const RenameCandidate& asked = open.front();
    if (!options.confirm_rename(asked)) {
      dropped_on_purpose.insert(asked.dropped());
      continue;
    }
    // Yes: the models say renamed_from, and the comparison runs again.
    Table* table = models.find_table(asked.schema, asked.is_table ? asked.new_name : asked.table);
    if (table == nullptr) return Error::internal("a rename candidate names no table");
    if (asked.is_table) {
      table->renamed_from = asked.old_name;
    } else if (Column* column = table->find_column(asked.new_name); column != nullptr) {
      column->renamed_from = asked.old_name;
    }
  }
}

std::string Project::models_source() const {
  return models_override_ ? std::string("the compiled models") : config_.models.string();
}

Result<std::vector<Op>> Project::check() {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  Result<MetaData> models = declared_models(**d);
  if (!models) return std::move(models).error();
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  Result<std::vector<const Revision*>> missing = unapplied_heads();
  if (!missing) return std::move(missing).error();
  Result<std::vector<std::string>> rows = current();
  if (!rows) return std::move(rows).error();
  if (!missing->empty()) {
    std::vector<std::string> heads;
    for (const Revision* h : graph_.heads()) heads.push_back(h->id);
    return Error::bad_input(
        fmt::format("the database is not at head (it is at {}, {} {})",
                    rows->empty() ? std::string("base") : fmt::format("{}", fmt::join(*rows, ", ")),
                    heads.size() == 1 ? "head is" : "heads are", fmt::join(heads, ", ")),
        heads.size() == 1 ? "run `retort upgrade head` first" : "run `retort upgrade heads` first");
  }
  if (Status s = check_types_exist(*models, models_source(), **conn, **d); !s) {
    return std::move(s).error();
  }
  Result<MetaData> db = (*d)->inspect(**conn, scope(*models));
  if (!db) return std::move(db).error();
  if (Status s = take_unmodelled(*db); !s) return std::move(s).error();
  notes_ = adopt_stored_names(*db, *models, (*d)->max_identifier_bytes());
  settle_views(**d, **conn, *db, *models);
  return compare(*db, *models);
}

Result<MetaData> Project::schema_from(std::string_view source, const Dialect& dialect) {
  if (source == "models") return declared_models(dialect);

  const bool db = source == "db";
  if (db || is_url(source)) {
    // The schemas the models name are inspected too, when the models read.
    Result<MetaData> models = declared_models(dialect);
    InspectOptions options = scope(models ? *models : MetaData{});
    std::unique_ptr<Connection> own;  // a URL's connection, closed on return
    Connection* conn = nullptr;
    if (db) {
      Result<Connection*> c = connection();
      if (!c) return std::move(c).error();
      conn = *c;
    } else {
      Result<std::unique_ptr<Connection>> c = retort::connect(source);
      if (!c) return std::move(c).error();
      own = std::move(*c);
      conn = own.get();
    }
    // Each database is read by its own dialect, then put in the form the
    // other side of the diff uses.
    Result<MetaData> schema = conn->dialect().inspect(*conn, options);
    if (!schema) return schema;
    if (Status s = take_unmodelled(*schema); !s) return std::move(s).error();
    return dialect.normalize(*schema);
  }
  Result<std::vector<std::string>> ids = resolve_with_db(source);
  if (!ids) return std::move(ids).error();
  Result<MetaData> schema = schema_at(graph_, *ids, dialect);
  if (schema) config_.filter.prune(*schema);
  return schema;
}

Result<SchemaDiff> Project::diff(std::string_view from, std::string_view to) {
  // Sources that need no database are read first, so bad input stops early.
  auto offline = [](std::string_view s) {
    return s != "db" && !is_url(s) && !RevisionGraph::is_relative(s);
  };
  // Both sides are normalised by one dialect: a URL's when a side is a URL
  // (which may be another database than the configured one), else ours.
  Result<const Dialect*> d = is_url(from) ? dialect_for_url(from)
                             : is_url(to) ? dialect_for_url(to)
                                          : dialect();
  if (!d) return std::move(d).error();
  SchemaDiff result;
  const bool from_first = offline(from) || !offline(to);
  std::string_view first = from_first ? from : to;
  std::string_view second = from_first ? to : from;
  Result<MetaData> a = schema_from(first, **d);
  if (!a) return std::move(a).error();
  Result<MetaData> b = schema_from(second, **d);
  if (!b) return std::move(b).error();
  result.from = from_first ? std::move(*a) : std::move(*b);
  result.to = from_first ? std::move(*b) : std::move(*a);
  // The models' native types are checked against the database they are
  // compared with.
  if ((from == "models" && to == "db") || (from == "db" && to == "models")) {
    Result<Connection*> conn = connection();
    if (!conn) return std::move(conn).error();
    const MetaData& models = from == "models" ? result.from : result.to;
    if (Status s = check_types_exist(models, models_source(), **conn, **d); !s) {
      return std::move(s).error();
    }
  }
  // Whichever side holds shortened convention names (the models) may meet
  // the server's own cuts of them on the other.
  notes_ = adopt_stored_names(result.from, result.to, (*d)->max_identifier_bytes());
  for (std::string& note :
       adopt_stored_names(result.to, result.from, (*d)->max_identifier_bytes())) {
    notes_.push_back(std::move(note));
  }
  // Views the other side declares are settled against the live database.
  if ((from == "db") != (to == "db")) {
    Result<Connection*> conn = connection();
    if (!conn) return std::move(conn).error();
    if (from == "db") {
      settle_views(**d, **conn, result.from, result.to);
    } else {
      settle_views(**d, **conn, result.to, result.from);
    }
  }
  result.ops = compare(result.from, result.to);
  result.dialect = *d;
  result.refused = refused_in_place(**d, result.ops, result.from);
  return result;
}

InspectOptions Project::scope(const MetaData& models) const {
  InspectOptions options =
      inspect_options(models, {config_.version_table, config_.history_table_name()});
  options.filter = config_.filter;
  return options;
}

Status Project::take_unmodelled(const MetaData& db) {
  for (const Unmodelled& u : db.unmodelled) {
    if (std::find(unmodelled_.begin(), unmodelled_.end(), u) == unmodelled_.end()) {
      unmodelled_.push_back(u);
    }
  }
  if (!strict_ || unmodelled_.empty()) return {};
  return Error::bad_input(
      fmt::format("retort cannot fully represent this database: {} object{} or propert{} not "
                  "modelled (listed above)",
                  unmodelled_.size(), unmodelled_.size() == 1 ? "" : "s",
                  unmodelled_.size() == 1 ? "y" : "ies"),
      "leave them out with `exclude` in retort.toml (docs/filters.md), or run without "
      "--strict to go on without them");
}

Result<MetaData> Project::declared_models(const Dialect& dialect) const {
  Result<MetaData> models = declared_models_unfiltered(dialect);
  if (!models || config_.filter.empty()) return models;
  // A declared table retort does not manage is left out, as the database's.
  config_.filter.prune(*models);
  return models;
}

Result<MetaData> Project::declared_models_unfiltered(const Dialect& dialect) const {
  if (!models_override_) return load_models(config_.models, dialect);
  const NameLimit limit = name_limit(dialect);
  if (Status s = validate(*models_override_, "the compiled models", limit); !s) {
    return std::move(s).error();
  }
  return normalize_models(*models_override_, "the compiled models", dialect);
}

Result<MetaData> Project::inspect(const std::vector<std::string>& tables) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  // A database inspected for the first time: every user schema, not only
  // those the models name (autogenerate, check and diff stay with those), so
  // the models file is not read.
  InspectOptions options = scope(MetaData{});
  options.all_schemas = true;
  options.only_tables = tables;
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  Result<MetaData> schema = (*d)->inspect(**conn, options);
  if (!schema) return schema;
  if (Status s = take_unmodelled(*schema); !s) return std::move(s).error();
  for (const std::string& t : tables) {
    bool found = false;
    for (const Table& table : schema->tables)
      found = found || table.name == t || table.qualified_name() == t;
    if (!found) {
      return Error::bad_input(fmt::format("table {} is not in the database", t),
                              "run `retort inspect` without --table to list the tables");
    }
  }
  return schema;
}

}  // namespace retort::migrations
