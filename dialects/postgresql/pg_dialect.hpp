// retort/postgresql: the Dialect for PostgreSQL (12+, tested on 15).
//
// The parts live in their own files: pg_connection (libpqxx), pg_inspector
// (pg_catalog -> MetaData), pg_normalize (types, defaults and expressions in
// canonical form), pg_ddl (ops -> DDL), and the advisory lock and lock
// timeouts here.
// postgresql_dialect() in dialects/registry.hpp returns the one instance.
#pragma once

#include <string>
#include <vector>

#include "core/dialect.hpp"

namespace retort::postgresql {

class PgDialect final : public Dialect {
 public:
  std::string_view name() const override { return "postgresql"; }
  Result<std::unique_ptr<Connection>> connect(std::string_view url) const override;
  Result<MetaData> inspect(Connection& conn, const InspectOptions& options) const override;
  Result<bool> table_exists(Connection& conn, std::string_view name) const override;
  // Index and constraint names longer than max_identifier_bytes() are
  // shortened with a hash suffix (core/names.hpp shorten_long_names).
  MetaData normalize(const MetaData& declared) const override;
  // Renders each declared view whose tree differs from the live one as a
  // temporary view inside a transaction that is always rolled back, under a
  // short lock_timeout; skipped, with a note, on a read-only connection, a
  // standby, or a role without TEMP (pg_view_settle.cpp).
  std::vector<std::string> settle_views(Connection& conn, const MetaData& live,
                                        MetaData& declared) const override;
  Status check_native_type(const Type& type) const override;
  // The grammar must read a declared function's statement (pg_function.hpp).
  Status check_function(const Function& function) const override;
  // The grammar must read a declared trigger's statement (pg_trigger.hpp).
  Status check_trigger(const Trigger& trigger) const override;
  // What PostgreSQL 15 cannot change in place (docs/postgresql.md): a
  // table's partitioning (its key; plain <-> partitioned), and a column
  // made generated or given a new expression (generation_refused in
  // pg_ddl.hpp), and a key made deferrable while a foreign key references
  // it (refuse_constraint_change).
  Status refuse_in_place(const Op& op, const MetaData& before) const override;
  Result<std::vector<std::string>> unknown_types(
      Connection& conn, const std::vector<std::string>& names) const override;
  // NAMEDATALEN - 1: the server cuts longer identifiers to this, with only a
  // NOTICE.
  std::size_t max_identifier_bytes() const override { return 63; }
  std::string normalize_schema_name(std::string_view schema) const override;
  Result<std::vector<Statement>> compile(const Op& op, const MetaData& before) const override;
  std::string quote_identifier(std::string_view ident) const override;
  std::string quote_literal(std::string_view text) const override;
  std::string begin_sql() const override { return "BEGIN;"; }
  std::string commit_sql() const override { return "COMMIT;"; }
  // clock_timestamp(), not now(): now() is the transaction's start.
  std::string utc_now_sql() const override {
    return "to_char(clock_timestamp() AT TIME ZONE 'UTC', "
           "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
  }
  // A session-level pg_try_advisory_lock on lock_key(key), released when the
  // returned Lock is destroyed (null when another session holds it).
  Result<std::unique_ptr<Lock>> try_lock(Connection& conn, std::string_view key) const override;
  // The session holding lock_key(key), other than conn's own, from pg_locks
  // and pg_stat_activity: "pid 4242 (application retort, client 10.0.0.7,
  // connected at 2026-12-06 04:12:03+00)"; "client local" for a Unix
  // socket; without the application when it has none; "pid 4242 (user bob)"
  // when this role may not see the session's details. "" on any error.
  std::string lock_holder(Connection& conn, std::string_view key) const override;
  // SET [LOCAL] lock_timeout and statement_timeout (when set; '5000ms', '0'
  // for no limit), and for the session client_connection_check_interval =
  // '1s' so the server ends a killed client's session, and frees its locks,
  // within a second. The last is set in a DO block that ignores a server
  // without it (before 14) or whose platform cannot check (Windows): a SET
  // there would fail the revision.
  std::vector<std::string> timeout_sql(const LockPolicy& policy,
                                       bool transaction_local) const override;
  // RESET of the same three.
  std::vector<std::string> reset_timeout_sql() const override;
  // SQLSTATE 55P03 (lock_not_available): lock_timeout expired, or NOWAIT.
  bool is_lock_timeout(const Error& e) const override;
  // Granted relation locks of other sessions (and prepared transactions) on
  // `tables` ("hero" or "app.hero", as to_regclass reads them once quoted),
  // or on any relation of this database outside the system schemas when
  // empty; one line per session, by pid: "pid 4242 (application psql,
  // client local, idle in transaction since 04:12:03+00) holds
  // AccessShareLock on hero, RowExclusiveLock on app.villain". Times are
  // UTC, with the date when not today; "since" is the session's last state
  // change. "" on any error.
  std::string lock_blockers(Connection& conn,
                            const std::vector<std::string>& tables) const override;
  Status verify(Connection& conn) const override;
  std::string placeholder(int index) const override { return "$" + std::to_string(index + 1); }
  // timestamptz reads back as "+00"; bytea as hex; doubles exactly.
  std::vector<std::string> session_setup() const override {
    return {"SET TimeZone = 'UTC'", "SET bytea_output = 'hex'", "SET extra_float_digits = 3",
            "SET client_encoding = 'UTF8'"};
  }
  int insert_batch_rows() const override { return 500; }
  int max_parameters() const override { return 65535; }
  std::string_view case_insensitive_like() const override { return "ILIKE"; }
};

// The advisory lock key for `key`: a 64-bit FNV-1a hash, stable across
// processes, builds and server versions.
std::int64_t lock_key(std::string_view key);

}  // namespace retort::postgresql
