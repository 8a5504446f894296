// retort: a project, the facade the CLI drives.
//
// Project::open() reads everything that can be wrong without a database
// (revision files, the revision graph, and the URL's dialect when there is a
// URL), so bad input is reported (kBadInput) before any connection is made.
// The connection is opened lazily by the commands that need one. The models
// file is read by the commands that use it (make_revision with autogenerate,
// check, diff).
//
// Output: commands that report progress write human lines to `out`; data is
// returned as values for the CLI to format.
//
// Example:
//   Result<Config> cfg = load_config("retort.toml", url_flag);
//   Result<Project> p = Project::open(*cfg);
//   Status s = p->upgrade("head", /*sql_only=*/false, std::cout);
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"
#include "migrations/config.hpp"
#include "migrations/revision_graph.hpp"
#include "migrations/version_table.hpp"

namespace retort::migrations {

// `retort revision` options.
struct RevisionOptions {
  std::string message;
  bool autogenerate = false;
  std::string rev_id;  // "" for a random id
};

// The result of diff(): the two schemas and the ops from `from` to `to`.
struct SchemaDiff {
  MetaData from;
  MetaData to;
  std::vector<Op> ops;
};

class Project {
 public:
  // Loads and validates revision files and the graph; resolves the dialect
  // from config.url when set. Does not connect.
  static Result<Project> open(Config config);

  Project(Project&&) noexcept;
  Project& operator=(Project&&) noexcept;
  ~Project();

  const Config& config() const { return config_; }
  // Models compiled into the program (retort::cli::main with MetaData): used
  // instead of the config's models.toml, which is then never read. Validated
  // and normalised by the dialect like the file would be.
  void set_models(MetaData models) { models_override_ = std::move(models); }
  const RevisionGraph& graph() const { return graph_; }
  // The dialect of config().url; kBadInput with a hint when there is no URL.
  Result<const Dialect*> dialect() const;
  // Connects on first use. The Project owns the connection.
  Result<Connection*> connection();

  // The database's current revision, "" for base. Connects.
  Result<std::string> current();
  // Head revisions (today zero or one). No connection.
  std::vector<const Revision*> heads() const;
  // Revisions in `range` ("A:B", ":B", "A:", "" for all; A and B are
  // identifiers), head first. Relative identifiers (+N/-N) connect to read
  // the current revision.
  Result<std::vector<const Revision*>> history(std::string_view range);
  // The revision an identifier names; kBadInput for base or unknown ones.
  Result<const Revision*> show(std::string_view identifier);

  // Online or, with sql_only, an offline script to `out`. For sql_only,
  // `target` may be a range "FROM:TO" (FROM defaults to base for upgrade and
  // is required for downgrade, as the database is not consulted).
  Status upgrade(std::string_view target, bool sql_only, std::ostream& out);
  Status downgrade(std::string_view target, bool sql_only, std::ostream& out);
  Status stamp(std::string_view target, bool purge, std::ostream& out);

  // Writes a new revision file on top of the head. With autogenerate, its ops
  // are compare(database, models); refuses (kBadInput, hint `retort upgrade
  // head`) when the database is not at head. Returns the revision with its
  // path set.
  Result<Revision> make_revision(const RevisionOptions& options);

  // The ops from the database to the models. REQUIRES the database at head
  // (kBadInput with a hint otherwise). Empty: models and history agree.
  Result<std::vector<Op>> check();

  // Sources: "models", "db", a URL (contains "://"), or a revision
  // identifier (the schema history builds up to it).
  Result<SchemaDiff> diff(std::string_view from, std::string_view to);

  // The live schema without the version table; `tables` limits it when
  // non-empty.
  Result<MetaData> inspect(const std::vector<std::string>& tables);

 private:
  explicit Project(Config config);
  Result<std::string> resolve_with_db(std::string_view identifier);
  // `source` normalised by `d`, the dialect both sides of a diff share.
  Result<MetaData> schema_from(std::string_view source, const Dialect& d);
  // The declared models for `d`: the compiled ones when set, else models.toml.
  Result<MetaData> declared_models(const Dialect& d) const;

  Config config_;
  RevisionGraph graph_;
  const Dialect* dialect_ = nullptr;  // null when config_.url is empty
  std::unique_ptr<Connection> connection_;
  std::unique_ptr<VersionTable> version_table_;
  std::optional<MetaData> models_override_;
};

}  // namespace retort::migrations
