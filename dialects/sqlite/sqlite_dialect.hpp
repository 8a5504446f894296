// retort/sqlite: the SQLite Dialect.
//
// SQLite keeps one schema per file, stores DDL text verbatim and can ALTER
// little; this dialect maps portable types to declared types with the right
// affinity, reads constraint names and comments back from the stored SQL, and
// turns every change SQLite cannot ALTER into a table rebuild. docs/sqlite.md
// describes the mapping and the choices made here.
//
// The parts live in their own files, as in every dialect folder:
// sqlite_connection and sqlite_prepared (the driver), sqlite_inspector (the
// pragmas and stored SQL -> MetaData), sqlite_normalize (a declared schema as
// SQLite reflects it), sqlite_ddl (ops -> DDL and table rebuilds),
// sqlite_types (declared type text) and sqlite_sql (quoting). ddl_parser and
// sql_tokenizer read the CREATE text SQLite stores. sqlite_dialect() in
// dialects/registry.hpp returns the one instance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/dialect.hpp"

namespace retort::sqlite {

class SqliteDialect final : public Dialect {
 public:
  std::string_view name() const override { return "sqlite"; }
  Result<std::unique_ptr<Connection>> connect(std::string_view url) const override;
  Result<MetaData> inspect(Connection& conn, const InspectOptions& options) const override;
  Result<bool> table_exists(Connection& conn, std::string_view name) const override;
  MetaData normalize(const MetaData& declared) const override;
  Status check_native_type(const Type& type) const override;
  // Refuses PostgreSQL partitioning (docs/sqlite.md).
  Status check_table(const Table& table) const override;
  // A materialized view or a view comment: SQLite has neither.
  Status check_view(const View& view) const override;
  Status check_object(const std::string& what) const override;
  // A TEMP or unfinished trigger, a state or a comment (sqlite_trigger.hpp).
  Status check_trigger(const Trigger& trigger) const override;
  Result<std::vector<Statement>> compile(const Op& op, const MetaData& before) const override;
  std::string quote_identifier(std::string_view ident) const override;
  std::string quote_literal(std::string_view text) const override;
  std::string begin_sql() const override { return "BEGIN;"; }
  std::string commit_sql() const override { return "COMMIT;"; }
  std::string utc_now_sql() const override { return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"; }
  // Table rebuilds need foreign keys off; the online connection sets it itself.
  std::string script_prologue() const override;
  // An exclusive flock(LOCK_NB) on "<database>-retort.lock" for the whole
  // command (a Lock that holds nothing for an in-memory database); null when
  // another open file holds it. The holder writes one line into the file,
  // "pid 4242 on host build-1 since 2026-12-06T04:12:03Z" (UTC), and empties
  // it on release. Each revision also runs in BEGIN IMMEDIATE, the
  // database's write lock. `key` is unused: the file is per database.
  Result<std::unique_ptr<Lock>> try_lock(Connection& conn, std::string_view key) const override;
  // The holder's line from the lock file, without its newline, while the
  // flock is held by another open file (this process's own holder included);
  // "" when it is free, the database is in memory, or the line cannot be
  // read (e.g. the holder has not written it yet).
  std::string lock_holder(Connection& conn, std::string_view key) const override;
  // PRAGMA busy_timeout = lock_timeout in ms (2147483647 for no limit);
  // statement_timeout has no SQLite counterpart. Nothing for a transaction
  // alone: the busy timeout belongs to the connection, and the session's
  // (which the runner sets for the run, and around a revision with its own
  // settings) already holds; a PRAGMA per revision would only cost time.
  std::vector<std::string> timeout_sql(const LockPolicy& policy,
                                       bool transaction_local) const override;
  // PRAGMA busy_timeout = kBusyTimeoutMs, the connection's own default.
  std::vector<std::string> reset_timeout_sql() const override;
  // SQLITE_BUSY and its extended codes (primary result code 5).
  bool is_lock_timeout(const Error& e) const override;
  // "": SQLite's locks are the file system's, and name no process.
  std::string lock_blockers(Connection& conn,
                            const std::vector<std::string>& tables) const override;
  // PRAGMA foreign_key_check; any violation is a kDatabase error.
  Status verify(Connection& conn) const override;
  std::string placeholder(int /*index*/) const override { return "?"; }
  // PRAGMA foreign_keys = ON: the migration connection turns enforcement
  // off for table rebuilds; application writes must be checked.
  std::vector<std::string> session_setup() const override { return {"PRAGMA foreign_keys = ON"}; }
  // An autoincrement key is the rowid alias (INTEGER PRIMARY KEY).
  bool autoincrement_from_last_insert_id() const override { return true; }
};

}  // namespace retort::sqlite
