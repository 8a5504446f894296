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
//   Status s = p->upgrade("heads", /*sql_only=*/false, std::cout);
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/comparator.hpp"
#include "core/connection.hpp"
#include "migrations/config.hpp"
#include "migrations/history_table.hpp"
#include "migrations/integrity.hpp"
#include "migrations/revision_graph.hpp"
#include "migrations/squash.hpp"
#include "migrations/stop_request.hpp"
#include "migrations/version_table.hpp"

namespace retort::migrations {

class Runner;

// `retort revision` options.
struct RevisionOptions {
  std::string message;
  bool autogenerate = false;
  std::string rev_id;  // "" for a random id
  // The revision(s) to build on: an identifier (x@head, an id, base for a new
  // root, heads for a merge). "": the single head; several heads is
  // kBadInput naming them.
  std::string head;
  bool splice = false;  // allow `head` to name a revision that has children
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;  // identifiers; stored as full ids
  // Autogenerate never writes a drop that looks like a rename
  // (rename_candidates in core/comparator.hpp) without being told: a drop
  // named here ("hero.age", "app.hero.age", "hero" for a table) is written
  // as a drop; otherwise `confirm_rename` is asked (yes: the pair becomes a
  // rename, as if the models said renamed_from; no: the drop is written).
  // With no `confirm_rename` (no terminal) such a drop is kBadInput naming
  // every candidate, and nothing is written.
  std::vector<std::string> allow_drop;
  std::function<bool(const RenameCandidate&)> confirm_rename;
  // --strict: refuse (kBadInput, nothing written) when the database holds
  // anything retort cannot represent (Project::set_strict).
  bool strict = false;
  // With autogenerate, the safe forms (dialects/safe_forms.hpp; PostgreSQL
  // only, kBadInput elsewhere): index ops on existing tables built
  // CONCURRENTLY in revisions of their own with transactional = false
  // (--concurrently); foreign keys and checks on existing tables added
  // NOT VALID, validated by a second revision (--safe-constraints).
  bool concurrently = false;
  bool safe_constraints = false;
};

// `retort merge` options.
struct MergeOptions {
  std::vector<std::string> revisions;  // identifiers; `heads` names every head
  std::string message;
  std::vector<std::string> branch_labels;
  std::string rev_id;  // "" for a random id
};

// The result of diff(): the two schemas, the ops from `from` to `to`, and the
// dialect that normalised both (a URL's when a side is a URL, which may be
// another database than the configured one): ops are compiled with it.
struct SchemaDiff {
  MetaData from;
  MetaData to;
  std::vector<Op> ops;
  const Dialect* dialect = nullptr;  // never null in a diff() result
  // The changes among `ops` the dialect cannot make in place
  // (Dialect::refuse_in_place), each naming the change, why, and how by
  // hand; autogenerate refuses to write a revision with any of them.
  std::vector<Error> refused;
};

class Project {
 public:
  // Loads and validates revision files and the graph; resolves the dialect
  // from config.url when set. Does not connect.
  static Result<Project> open(Config config);
  // The same without the revision files (graph() is empty), for commands
  // that never use the history: `inspect` reads only the database.
  static Result<Project> open_without_history(Config config);

  Project(Project&&) noexcept;
  Project& operator=(Project&&) noexcept;
  ~Project();

  const Config& config() const { return config_; }
  // Models compiled into the program (retort::cli::main with MetaData): used
  // instead of the config's models.toml, which is then never read. Validated
  // and normalised by the dialect like the file would be.
  void set_models(MetaData models) { models_override_ = std::move(models); }
  // Overrides retort.toml's transaction_per_revision (`--one-transaction`).
  void set_transaction_per_revision(bool on) { config_.transaction_per_revision = on; }
  // The command line's lock settings, over retort.toml's (a revision's own
  // still go over both).
  void set_lock_settings(const LockSettings& settings) {
    config_.lock = settings.over(config_.lock);
  }
  // Overrides retort.toml's migration_lock_timeout (`--wait-for-lock`).
  void set_migration_lock_wait(std::chrono::milliseconds wait) {
    config_.migration_lock_timeout = wait;
  }
  // Where upgrade, downgrade, stamp and resolve say that they wait or retry
  // (stderr for the CLI); nowhere when null.
  void set_notices(std::ostream* notices) { notices_ = notices; }
  // Upgrade and downgrade stop between revisions once `stop` is set
  // (migrations/stop_request.hpp); null: never.
  void set_stop(const StopFlag* stop) { stop_ = stop; }
  // `upgrade --allow-edited`: run even when applied revisions were edited
  // since (they are named on the notices stream); by default such an
  // upgrade is kBadInput listing them (edited_revisions_error).
  void set_allow_edited(bool allow) { allow_edited_ = allow; }
  // `upgrade --check-drift` / `--no-check-drift`, over retort.toml's
  // drift_check: compare the live schema with history before running
  // (migrations/internal/drift_check.hpp); notes go to the notices stream.
  void set_check_drift(bool check) { config_.drift_check = check; }
  const RevisionGraph& graph() const { return graph_; }
  // The dialect of config().url; kBadInput with a hint when there is no URL.
  Result<const Dialect*> dialect() const;
  // Connects on first use. The Project owns the connection.
  Result<Connection*> connection();

  // The version table's rows (the database's version heads), sorted; empty
  // for base. A row no revision file has is kBadInput
  // (unknown_version_row), unless the project was opened without history:
  // then the rows are returned as they are. Connects.
  Result<std::vector<std::string>> current();
  // The heads of the history the database has not applied (every head
  // applied: empty, the database is "at heads"). Connects.
  Result<std::vector<const Revision*>> unapplied_heads();
  // Head revisions, sorted by id. No connection.
  std::vector<const Revision*> heads() const;
  // Revisions in `range` ("A:B", ":B", "A:", "A" meaning "A:", "" for all;
  // A and B are identifiers; A itself is listed), newest first. Relative
  // identifiers (+N/-N) connect to read the current revisions.
  Result<std::vector<const Revision*>> history(std::string_view range);
  // The revision an identifier names; kBadInput for base or unknown ones.
  Result<const Revision*> show(std::string_view identifier);

  // Online or, with sql_only, an offline script to `out`. For sql_only,
  // `target` may be a range "FROM:TO" (FROM defaults to base for upgrade and
  // is required for downgrade, as the database is not consulted).
  Status upgrade(std::string_view target, bool sql_only, std::ostream& out);
  Status downgrade(std::string_view target, bool sql_only, std::ostream& out);
  Status stamp(const std::vector<std::string>& targets, bool purge, std::ostream& out);
  // Settles revision `identifier`'s partial run by hand (Runner::resolve).
  Status resolve(std::string_view identifier, bool applied, std::ostream& out);
  // The history table's rows, oldest first (none before the first run).
  // Connects.
  Result<std::vector<HistoryRow>> applied_history();
  // The partly applied revisions (history rows whose result is `partial`).
  // Connects.
  Result<std::vector<HistoryRow>> partial_runs();
  // `retort verify`: the applied revisions whose files changed or
  // disappeared since they were applied (migrations/integrity.hpp). A
  // version row with no file is reported, not refused. Connects.
  Result<IntegrityReport> verify();
  // `retort stamp --repair REV...`: records the current checksum of each
  // applied revision the identifiers name (Runner::repair).
  Status repair(const std::vector<std::string>& identifiers, std::ostream& out);

  // Writes a new revision file on top of options.head (see RevisionOptions).
  // With autogenerate, its ops are compare(database, models); refuses
  // (kBadInput, with the `retort upgrade` to run) unless every revision it
  // builds on is one of the database's version heads. Returns the revision
  // with its path set. The safe forms may write several revisions, one
  // after the other (written() lists them); the one returned is the one
  // with the other ops, or else the first.
  Result<Revision> make_revision(const RevisionOptions& options);
  // The revisions the last make_revision() wrote, in order (each the parent
  // of the next).
  const std::vector<Revision>& written() const { return written_; }
  // Writes a merge revision: down_revision = the revisions named (two or
  // more, none an ancestor of another), no ops.
  Result<Revision> merge(const MergeOptions& options);
  // Writes a squash of the revisions options.range names (build_squash,
  // migrations/squash.hpp), checked on the URL's dialect and on each other
  // dialect the history applies to. No connection.
  Result<Revision> squash(const SquashOptions& options);

  // The ops from the database to the models. REQUIRES the database at every
  // head (kBadInput with a hint otherwise). Empty: models and history agree.
  Result<std::vector<Op>> check();

  // Sources: "models", "db", a URL (contains "://"), or a revision
  // identifier (the schema history builds up to it).
  Result<SchemaDiff> diff(std::string_view from, std::string_view to);

  // The live schema without the version table; `tables` limits it when
  // non-empty.
  Result<MetaData> inspect(const std::vector<std::string>& tables);

  // What the last check(), make_revision() with autogenerate or diff()
  // matched without an op that a reader should know of: objects the database
  // holds under its own cut of a long convention name (core/names.hpp
  // adopt_stored_names). One sentence each.
  const std::vector<std::string>& notes() const { return notes_; }
  // What the databases read by the last inspect, check, diff or autogenerate
  // hold that retort cannot represent (MetaData::unmodelled), for warnings.
  const std::vector<Unmodelled>& unmodelled() const { return unmodelled_; }
  // --strict: reading a database with anything unmodelled is kBadInput
  // ("retort cannot fully represent this database"), before any file is
  // written.
  void set_strict(bool strict) { strict_ = strict; }

 private:
  explicit Project(Config config);
  // Resolves the dialect and version table of config_.url, when set.
  Status resolve_dialect();
  // A runner with the project's settings. REQUIRES: the dialect resolved.
  Runner runner() const;
  // Resolves with the database's rows when `identifier` is relative.
  Result<std::vector<std::string>> resolve_with_db(std::string_view identifier);
  Result<std::string> resolve_one_with_db(std::string_view identifier);
  // The parents of a new revision built on `head` (see RevisionOptions).
  Result<std::vector<std::string>> parents_for(std::string_view head, bool splice);
  // kBadInput unless each label is well formed and not in use.
  Status check_labels(const std::vector<std::string>& labels) const;
  // The ops from the database to the models; the database must have each
  // of `parents` as a version head.
  // With `live`, sets it to the database's schema the ops start from.
  Result<std::vector<Op>> autogenerate(const std::vector<std::string>& parents,
                                       const RevisionOptions& options, MetaData* live = nullptr);
  // Dialect::settle_views for the declared side of a comparison with the
  // live database; its notes join notes().
  void settle_views(const Dialect& dialect, Connection& conn, const MetaData& live,
                    MetaData& declared);
  // compare(db, models), with the drops that look like renames settled as
  // `options` says (RevisionOptions::allow_drop).
  Result<std::vector<Op>> settle_renames(const MetaData& db, MetaData models,
                                         const RevisionOptions& options) const;
  // Where the models come from, for messages: models.toml's path or "the
  // compiled models".
  std::string models_source() const;
  // Writes `rev` (a fresh id unless one was asked for) and adds it to the
  // graph.
  Result<Revision> write_new(Revision rev, bool keep_id);
  // `source` normalised by `d`, the dialect both sides of a diff share.
  Result<MetaData> schema_from(std::string_view source, const Dialect& d);
  // The checks an upgrade makes under the lock before it runs anything:
  // edited revisions (refused unless allowed), then drift when asked for.
  Status check_before_upgrade(Connection& conn, const std::vector<std::string>& rows,
                              const std::optional<HistoryRow>& partial);
  // One line on the notices stream, "retort: " first.
  void notice(const std::string& text) const;
  // The declared models for `d`: the compiled ones when set, else
  // models.toml; without the tables config_.filter does not manage.
  Result<MetaData> declared_models(const Dialect& d) const;
  Result<MetaData> declared_models_unfiltered(const Dialect& d) const;
  // How the database is read for the models: their schemas, the filter.
  InspectOptions scope(const MetaData& models) const;
  // Keeps what `db` could not carry (unmodelled()); kBadInput under
  // set_strict(true) when there is any.
  Status take_unmodelled(const MetaData& db);

  Config config_;
  RevisionGraph graph_;
  const Dialect* dialect_ = nullptr;  // null when config_.url is empty
  // A schema-per-tenant member's dialect (config_.schema set): dialect_
  // points at it.
  std::unique_ptr<Dialect> schema_dialect_;
  std::unique_ptr<Connection> connection_;
  std::unique_ptr<VersionTable> version_table_;
  std::unique_ptr<HistoryTable> history_table_;
  std::ostream* notices_ = nullptr;
  const StopFlag* stop_ = nullptr;
  bool allow_edited_ = false;
  std::optional<MetaData> models_override_;
  bool has_history_ = false;  // opened with its revision files (open())
  std::vector<std::string> notes_;
  std::vector<Revision> written_;
  std::vector<Unmodelled> unmodelled_;
  bool strict_ = false;
};

}  // namespace retort::migrations
