// retort/postgresql: the Dialect for PostgreSQL (12+, tested on 15).
//
// The parts live in their own files: pg_connection (libpqxx), pg_inspector
// (pg_catalog -> MetaData), pg_normalize (types, defaults and expressions in
// canonical form), pg_ddl (ops -> DDL), and the advisory lock here.
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
  Status check_native_type(const Type& type) const override;
  Result<std::vector<std::string>> unknown_types(
      Connection& conn, const std::vector<std::string>& names) const override;
  // NAMEDATALEN - 1: the server cuts longer identifiers to this, with only a
  // NOTICE.
  std::size_t max_identifier_bytes() const override { return 63; }
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
  std::string elapsed_ms_sql(std::string_view since) const override;
  // A session-level pg_advisory_lock on lock_key(key), released when the
  // returned Lock is destroyed.
  Result<std::unique_ptr<Lock>> lock(Connection& conn, std::string_view key) const override;
  Status verify(Connection& conn) const override;
  std::string placeholder(int index) const override { return "$" + std::to_string(index + 1); }
  // timestamptz reads back as "+00"; bytea as hex; doubles exactly.
  std::vector<std::string> session_setup() const override {
    return {"SET TimeZone = 'UTC'", "SET bytea_output = 'hex'", "SET extra_float_digits = 3",
            "SET client_encoding = 'UTF8'"};
  }
  int insert_batch_rows() const override { return 500; }
  int max_parameters() const override { return 65535; }
};

// The advisory lock key for `key`: a 64-bit FNV-1a hash, stable across
// processes, builds and server versions.
std::int64_t lock_key(std::string_view key);

}  // namespace retort::postgresql
