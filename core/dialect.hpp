// retort: the Dialect interface.
//
// A Dialect owns every difference between databases: how to connect, how to
// read the live schema (inspect), how declared schemas are normalised so a
// round trip compares equal, how ops become SQL, and how migrations lock.
// Nothing above dialects/ asks which database it is talking to; it asks the
// Dialect. Implementations: dialects/sqlite/, dialects/postgresql/; the
// registry in dialects/registry.hpp picks one from a URL.
//
// A Dialect holds no state: the registry's instances live for the whole
// program and may be shared by any number of threads and connections. Its
// functions report failures as values: kBadInput for what the user wrote
// (an op the database cannot run), kDatabase for what the database refused;
// connect() says which per dialect (below).
// REQUIRES: a Connection passed to inspect(), table_exists(), try_lock() or
// verify() was made by this dialect's connect(); compile()'s `before` is the
// schema the op runs against, normalised by this dialect.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"
#include "core/object_filter.hpp"
#include "core/ops.hpp"
#include "core/schema.hpp"

namespace retort {

// One SQL statement produced by the compiler.
struct Statement {
  std::string sql;
  // False for statements the database refuses inside a transaction block
  // (e.g. CREATE INDEX CONCURRENTLY). The runner commits before them.
  bool transactional = true;
  // True for idempotent statements whose effect later statements of the same
  // revision can only use once committed (PostgreSQL's ALTER TYPE ... ADD
  // VALUE IF NOT EXISTS). The runner runs them first, in their own committed
  // transaction, when the object they alter existed before the revision.
  bool commit_first = false;
};

struct InspectOptions {
  // Schemas to read besides the default one (PostgreSQL); the models name them.
  std::vector<std::string> schemas;
  // Read every user schema instead (all but the system ones), as `retort
  // inspect` does for a database whose models do not name its schemas.
  bool all_schemas = false;
  // Tables never reported (retort's version table).
  std::vector<std::string> exclude_tables;
  // When non-empty, only these tables are reported.
  std::vector<std::string> only_tables;
  // retort.toml's include/exclude: objects it does not manage are neither
  // reported nor listed in MetaData::unmodelled.
  ObjectFilter filter;
};

// Held while migrations run; released on destruction.
class Lock {
 public:
  virtual ~Lock() = default;
};

// How long a migration's statements may wait on other sessions
// (docs/deploying.md). A zero duration means no limit.
struct LockPolicy {
  // How long one statement may wait for a table lock (PostgreSQL
  // lock_timeout; SQLite's busy timeout for the database's write lock).
  std::chrono::milliseconds lock_timeout{5000};
  // How many times a revision (or statement, outside a transaction) that
  // timed out on a lock is tried again, after a growing pause.
  int lock_retries = 3;
  // How long one statement may run (PostgreSQL statement_timeout); unset:
  // the server's own setting stays (a role's or database's safety net).
  std::optional<std::chrono::milliseconds> statement_timeout;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  // "sqlite" or "postgresql": the value an Execute op's `dialect` names.
  virtual std::string_view name() const = 0;

  // Opens a connection. Errors never contain a password: kDatabase when the
  // server cannot be reached or refuses; SQLite answers kBadInput for a URL
  // it cannot read (one that names a host).
  virtual Result<std::unique_ptr<Connection>> connect(std::string_view url) const = 0;

  // The live schema, normalised (tables, columns, indexes, constraints,
  // enums), without the excluded tables; what the database holds beyond
  // that and the filter manages is listed in MetaData::unmodelled, read
  // within the dialect's fixed number of catalog queries.
  virtual Result<MetaData> inspect(Connection& conn, const InspectOptions& options) const = 0;

  // Whether table `name` exists in the connection's default schema, with
  // one cheap catalog query (inspect() reads every table; the version
  // table's check runs on every command).
  virtual Result<bool> table_exists(Connection& conn, std::string_view name) const = 0;

  // A declared schema as this database would reflect it after creating it:
  // types it cannot store exactly are mapped, defaults put in canonical form,
  // names the database would assign filled in, names longer than
  // max_identifier_bytes() shortened. compare(normalize(models),
  // inspect(db)) is empty right after an upgrade.
  virtual MetaData normalize(const MetaData& declared) const = 0;

  // Settles what comparing a declared view's query with the live one's as
  // text or tree cannot: for each view of `declared` whose canonical form
  // differs from the view of the same name in `live`, asks the server how
  // it would store the declared query, in a way that leaves nothing behind
  // and takes no lock a writer waits for; a view the server renders as the
  // live one takes the live canonical form. Returns notes for the user (a
  // view not settled, and why). REQUIRES: both normalised by this dialect,
  // `conn` outside a transaction. The default settles nothing.
  virtual std::vector<std::string> settle_views(Connection& /*conn*/, const MetaData& /*live*/,
                                                MetaData& /*declared*/) const {
    return {};
  }

  // Whether a native type (Type::kNative, as declared) may be declared on
  // this database, checked offline: kBadInput with a hint when not. SQLite
  // takes any name, so a name no portable type has needs the `native = true`
  // marker (a typo stays a typo); PostgreSQL's grammar must read the name
  // (whether the type exists is unknown_types()'s question).
  virtual Status check_native_type(const Type& /*type*/) const { return {}; }

  // Whether a declared table may be declared on this database, checked
  // offline: kBadInput with a hint for a property it does not have (SQLite
  // refuses PostgreSQL partitioning rather than create a table that holds
  // different rows). The caller adds the file and line.
  virtual Status check_table(const Table& /*table*/) const { return {}; }
  // kBadInput for a declared view this database cannot have (SQLite: a
  // materialized view, a comment on a view).
  virtual Status check_view(const View& /*view*/) const { return {}; }
  // kBadInput for a declared schema, extension, sequence, domain,
  // composite type or function (`what` as its describe() says) this
  // database cannot have (SQLite: none of them).
  virtual Status check_object(const std::string& /*what*/) const { return {}; }
  // kBadInput for a declared function, procedure or aggregate whose
  // statement this database's grammar refuses, with the grammar's words.
  // Called after check_object has taken the object.
  virtual Status check_function(const Function& /*function*/) const { return {}; }
  // kBadInput for a declared trigger this database cannot take (SQLite:
  // declared triggers are not supported yet; PostgreSQL: a statement its
  // grammar refuses).
  virtual Status check_trigger(const Trigger& /*trigger*/) const { return {}; }

  // Of the native type names `names` (as normalize() spells them), those
  // the database behind `conn` does not define, in one query; none on a
  // database that takes any name.
  virtual Result<std::vector<std::string>> unknown_types(
      Connection& /*conn*/, const std::vector<std::string>& /*names*/) const {
    return std::vector<std::string>{};
  }

  // SQL for one op, given the schema before it (SQLite's table rebuild needs
  // the whole table). May return several statements or none.
  virtual Result<std::vector<Statement>> compile(const Op& op, const MetaData& before) const = 0;

  // The change `op` asks for when this database cannot make it in place
  // (PostgreSQL 15 cannot change a partition key or a generated column's
  // expression, nor some identity changes): kBadInput naming the change,
  // why the server cannot make it, and how to do it by hand (a new table and
  // a data copy in an `execute` op). Autogenerate stops on it rather than
  // invent a table rewrite, and diff shows it. `before` is the schema the op
  // applies to. {} when the op can run.
  virtual Status refuse_in_place(const Op& /*op*/, const MetaData& /*before*/) const { return {}; }

  // The longest name, in bytes, the database keeps; 0 for no limit.
  // Declared names longer than this are bad input (core/names.hpp); names
  // the naming convention builds longer than this are shortened by
  // normalize(); names in revision files are taken as the database stores
  // them (PostgreSQL cuts them to this length).
  virtual std::size_t max_identifier_bytes() const { return 0; }

  // A declared schema name as normalize() leaves it: "" for the schema the
  // database reads unqualified names from when a revision spells it out
  // (PostgreSQL's `public`); others unchanged.
  virtual std::string normalize_schema_name(std::string_view schema) const {
    return std::string(schema);
  }

  // Quoting: identifiers are always quoted; literals for offline SQL and
  // version-table updates.
  virtual std::string quote_identifier(std::string_view ident) const = 0;
  virtual std::string quote_literal(std::string_view text) const = 0;
  // "schema"."table" or "table".
  std::string qualified(std::string_view schema, std::string_view table) const;

  // Statements that open and close a revision's transaction in offline SQL.
  virtual std::string begin_sql() const = 0;
  virtual std::string commit_sql() const = 0;
  // An expression for the current time, UTC, as ISO 8601 text with
  // milliseconds ("2026-12-06T04:12:03.250Z"): offline scripts stamp the
  // history table's rows with it.
  virtual std::string utc_now_sql() const = 0;
  // Printed once at the top of an offline script (e.g. SQLite's
  // PRAGMA foreign_keys=OFF, which the online connection sets itself).
  virtual std::string script_prologue() const { return {}; }

  // Tries once, without waiting, to take the migration lock for the whole
  // command (PostgreSQL: a session advisory lock keyed on `key`, taken with
  // pg_try_advisory_lock so no waiter ever queues on the server; SQLite: an
  // exclusive flock() on "<database>-retort.lock", into which the holder
  // writes its pid, host and start time; nothing for an in-memory
  // database). Null when another session holds it; the returned Lock
  // releases it when destroyed. An error means the lock could not be
  // attempted (kDatabase), and nothing was run. The waiting policy is the
  // caller's (migrations/internal/migration_lock.hpp).
  virtual Result<std::unique_ptr<Lock>> try_lock(Connection& conn, std::string_view key) const = 0;

  // Who holds the migration lock for `key`, for a waiting message:
  // "pid 4242 (application retort, client 10.0.0.7, connected at
  // 2026-12-06 04:12:03+00)"; "" when nobody does or it cannot be told.
  virtual std::string lock_holder(Connection& conn, std::string_view key) const = 0;

  // Statements that put `policy` in force on `conn`: for the running
  // transaction only (`transaction_local`: SET LOCAL) or for the session.
  // SQLite: the busy timeout, a connection setting, so nothing for a
  // transaction alone (the session's holds).
  virtual std::vector<std::string> timeout_sql(const LockPolicy& policy,
                                               bool transaction_local) const = 0;
  // Statements that take the session back to the server's settings after
  // timeout_sql(policy, false).
  virtual std::vector<std::string> reset_timeout_sql() const = 0;

  // True when `e` says a statement gave up waiting for a lock another
  // session holds (PostgreSQL SQLSTATE 55P03; SQLite SQLITE_BUSY): the
  // revision was rolled back and can be tried again as it is.
  virtual bool is_lock_timeout(const Error& e) const = 0;

  // The sessions holding locks on `tables` (all of this database's
  // relation locks when empty), other than `conn`'s own, one per line:
  // "pid 4242 (application psql, client local, idle in transaction since
  // 04:12:03+00) holds AccessShareLock on hero". "" when it cannot be told
  // (SQLite: another process, unnamed).
  virtual std::string lock_blockers(Connection& conn,
                                    const std::vector<std::string>& tables) const = 0;

  // Runs inside a revision's transaction before commit: e.g. SQLite's
  // PRAGMA foreign_key_check after a table rebuild. Error: kDatabase.
  virtual Status verify(Connection& conn) const = 0;

  // The model runtime (Session) asks these.
  //
  // How positional parameter `index` (0-based) is written in prepared SQL:
  // "?" (SQLite), "$1" (PostgreSQL).
  virtual std::string placeholder(int index) const = 0;
  // Statements a Session runs once on its connection before any work:
  // SQLite enforces foreign keys for application writes; PostgreSQL reads
  // timestamptz back in UTC.
  virtual std::vector<std::string> session_setup() const { return {}; }
  // Rows one multi-row INSERT of Session::add_all may carry (1: one
  // execution of the prepared single-row INSERT per row, which SQLite runs
  // in-process; more saves round trips to a server).
  virtual int insert_batch_rows() const { return 1; }
  // Parameters one statement may have.
  virtual int max_parameters() const { return 32766; }
  // True when an autoincrement primary key is read after an INSERT from
  // PreparedStatement::last_insert_id() rather than with RETURNING (SQLite,
  // where RETURNING opens a temporary table on every execution).
  virtual bool autoincrement_from_last_insert_id() const { return false; }
  // The operator of a pattern match that ignores case, for the query DSL's
  // ilike(): PostgreSQL's ILIKE (case folded by the database's LC_CTYPE).
  // The default is LIKE, which ignores case on SQLite for ASCII letters
  // only ('a' matches 'A', 'é' does not match 'É').
  virtual std::string_view case_insensitive_like() const { return "LIKE"; }
};

}  // namespace retort
