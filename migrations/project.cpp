#include "migrations/project.hpp"

#include <fmt/format.h>

#include "core/comparator.hpp"
#include "core/models_toml.hpp"
#include "dialects/registry.hpp"
#include "migrations/autogenerate.hpp"
#include "migrations/runner.hpp"
#include "migrations/script_directory.hpp"

namespace retort::migrations {
namespace {

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
  if (!project.config_.url.empty()) {
    Result<const Dialect*> dialect = dialect_for_url(project.config_.url);
    if (!dialect) {
      Error e = std::move(dialect).error();
      if (e.file.empty()) e.at(project.config_.file.string());
      return e;
    }
    project.dialect_ = *dialect;
    project.version_table_ =
        std::make_unique<VersionTable>(*project.dialect_, project.config_.version_table);
  }
  return project;
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

Result<std::string> Project::current() {
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  return version_table_->current(**conn);
}

std::vector<const Revision*> Project::heads() const { return graph_.heads(); }

Result<std::string> Project::resolve_with_db(std::string_view identifier) {
  if (!RevisionGraph::is_relative(identifier)) return graph_.resolve(identifier);
  Result<std::string> cur = current();
  if (!cur) return cur;
  return graph_.resolve(identifier, *cur);
}

Result<std::vector<const Revision*>> Project::history(std::string_view range) {
  Range r = split_range(range);
  if (!r.has_colon) {
    r.from = r.to;
    r.to.clear();
  }
  Result<std::string> from =
      r.from.empty() ? Result<std::string>(std::string()) : resolve_with_db(r.from);
  if (!from) return std::move(from).error();
  Result<std::string> to =
      r.to.empty() ? Result<std::string>(graph_.head()) : resolve_with_db(r.to);
  if (!to) return std::move(to).error();
  const int lo = graph_.depth(*from);
  const int hi = graph_.depth(*to);
  if (lo > hi) {
    return Error::bad_input(fmt::format("history range {} goes down", range),
                            "write the older revision first: -r OLD:NEW");
  }
  std::vector<const Revision*> all = graph_.revisions();
  std::vector<const Revision*> out;
  for (int d = hi; d >= std::max(lo, 1); --d) out.push_back(all[static_cast<std::size_t>(d - 1)]);
  return out;
}

Result<const Revision*> Project::show(std::string_view identifier) {
  Result<std::string> id = resolve_with_db(identifier);
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
  Runner runner(**d, graph_, *version_table_);
  if (sql_only) {
    Range r = split_range(target);
    return runner.upgrade_sql(r.from.empty() ? "base" : r.from, r.to.empty() ? "head" : r.to, out);
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
  Runner runner(**d, graph_, *version_table_);
  if (sql_only) {
    Range r = split_range(target);
    if (!r.has_colon || r.from.empty()) {
      return Error::bad_input(
          "downgrade --sql needs a range FROM:TO",
          "the database is not consulted offline; e.g. `downgrade --sql head:base`");
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

Status Project::stamp(std::string_view target, bool purge, std::ostream& out) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  if (!RevisionGraph::is_relative(target)) {
    if (auto id = graph_.resolve(target); !id) return std::move(id).error();
  }
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  return Runner(**d, graph_, *version_table_).stamp(**conn, target, purge, out);
}

Result<Revision> Project::make_revision(const RevisionOptions& options) {
  if (!options.rev_id.empty()) {
    if (Status s = validate_revision_id(options.rev_id); !s) return std::move(s).error();
    if (graph_.find(options.rev_id) != nullptr) {
      return Error::bad_input(fmt::format("revision {} already exists", options.rev_id),
                              "pick another --rev-id")
          .at(graph_.find(options.rev_id)->path.string());
    }
  }
  NewRevision request;
  request.message = options.message;
  request.down_revision = graph_.head();
  request.rev_id = options.rev_id;
  if (options.autogenerate) {
    Result<std::vector<Op>> ops = check();
    if (!ops) return std::move(ops).error();
    request.ops = std::move(*ops);
  }
  Result<Revision> rev = new_revision(request);
  if (!rev) return rev;
  while (options.rev_id.empty() && graph_.find(rev->id) != nullptr) rev->id = new_revision_id();
  Result<std::filesystem::path> path = write_revision_file(*rev, config_.versions_dir());
  if (!path) return std::move(path).error();
  rev->path = *path;

  // Keep the graph in step so a following command sees the new head.
  std::vector<Revision> all;
  for (const Revision* r : graph_.revisions()) all.push_back(*r);
  all.push_back(*rev);
  Result<RevisionGraph> graph = RevisionGraph::build(std::move(all));
  if (!graph) return std::move(graph).error();
  graph_ = std::move(*graph);
  return rev;
}

Result<std::vector<Op>> Project::check() {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  Result<MetaData> models = declared_models(**d);
  if (!models) return std::move(models).error();
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  Result<std::string> cur = version_table_->current(**conn);
  if (!cur) return std::move(cur).error();
  if (*cur != graph_.head()) {
    return Error::bad_input(
        fmt::format("the database is not at head (it is at {}, head is {})",
                    cur->empty() ? "base" : *cur, graph_.head().empty() ? "base" : graph_.head()),
        "run `retort upgrade head` first");
  }
  Result<MetaData> db = (*d)->inspect(**conn, inspect_options(*models, config_.version_table));
  if (!db) return std::move(db).error();
  return compare(*db, *models);
}

Result<MetaData> Project::schema_from(std::string_view source, const Dialect& dialect) {
  if (source == "models") return declared_models(dialect);

  const bool db = source == "db";
  if (db || is_url(source)) {
    // The schemas the models name are inspected too, when the models read.
    Result<MetaData> models = declared_models(dialect);
    InspectOptions options = inspect_options(models ? *models : MetaData{}, config_.version_table);
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
    return dialect.normalize(*schema);
  }
  Result<std::string> id = resolve_with_db(source);
  if (!id) return std::move(id).error();
  return schema_at(graph_, *id, dialect);
}

Result<SchemaDiff> Project::diff(std::string_view from, std::string_view to) {
  // Sources that need no database are read first, so bad input stops early.
  auto offline = [](std::string_view s) {
    return s != "db" && !is_url(s) && !RevisionGraph::is_relative(s);
  };
  // Both sides are normalised by one dialect: a URL's when a side is a URL
  // (which may be another database than the configured one), else ours.
  Result<const Dialect*> d = is_url(from)  ? dialect_for_url(from)
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
  result.ops = compare(result.from, result.to);
  return result;
}

Result<MetaData> Project::declared_models(const Dialect& dialect) const {
  if (!models_override_) return load_models(config_.models, dialect);
  if (Status s = validate(*models_override_, "the compiled models"); !s) {
    return std::move(s).error();
  }
  return dialect.normalize(*models_override_);
}

Result<MetaData> Project::inspect(const std::vector<std::string>& tables) {
  Result<const Dialect*> d = dialect();
  if (!d) return std::move(d).error();
  Result<MetaData> models = declared_models(**d);
  InspectOptions options = inspect_options(models ? *models : MetaData{}, config_.version_table);
  // A database inspected for the first time: every user schema, not only
  // those the models name (autogenerate, check and diff stay with those).
  options.all_schemas = true;
  options.only_tables = tables;
  Result<Connection*> conn = connection();
  if (!conn) return std::move(conn).error();
  Result<MetaData> schema = (*d)->inspect(**conn, options);
  if (!schema) return schema;
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
