#include "dialects/postgresql/pg_dialect.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "core/names.hpp"
#include "dialects/postgresql/pg_ddl.hpp"
#include "dialects/postgresql/pg_driver.hpp"
#include "dialects/postgresql/pg_inspector.hpp"
#include "dialects/postgresql/pg_normalize.hpp"
#include "dialects/postgresql/pg_sql.hpp"
#include "dialects/registry.hpp"

namespace retort {
namespace postgresql {
namespace {

class AdvisoryLock final : public Lock {
 public:
  AdvisoryLock(Connection& conn, std::string key) : conn_(conn), key_(std::move(key)) {}
  ~AdvisoryLock() override {
    // Closing the session releases it too; unlocking keeps a pooled or
    // reused connection clean.
    (void)conn_.query("SELECT pg_advisory_unlock($1::bigint)", {key_});
  }

 private:
  Connection& conn_;
  std::string key_;
};

}  // namespace

std::int64_t lock_key(std::string_view key) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h);
}

Result<std::unique_ptr<Connection>> PgDialect::connect(std::string_view url) const {
  return open_postgresql(url);
}

Result<MetaData> PgDialect::inspect(Connection& conn, const InspectOptions& options) const {
  return inspect_schema(conn, options);
}

Status PgDialect::check_native_type(const Type& type) const {
  if (canonical_type(type.native)) return {};
  return Error::bad_input(
      fmt::format("type \"{}\" is not a type name PostgreSQL's grammar reads", type.native),
      "write it as in CREATE TABLE, e.g. \"integer[]\", \"varchar(20)\", \"interval day to "
      "second(2)\", \"app.mood\"");
}

Result<std::vector<std::string>> PgDialect::unknown_types(
    Connection& conn, const std::vector<std::string>& names) const {
  std::vector<std::string> unknown;
  if (names.empty()) return unknown;
  Result<Rows> rows =
      conn.query("SELECT n FROM unnest($1::text[]) AS n WHERE to_regtype(n) IS NULL ORDER BY n",
                 {text_array(names)});
  if (!rows) return std::move(rows).error();
  for (const Row& r : rows->rows) {
    if (r[0]) unknown.push_back(*r[0]);
  }
  return unknown;
}

MetaData PgDialect::normalize(const MetaData& declared) const {
  MetaData out = normalize_schema(declared);
  shorten_long_names(out, max_identifier_bytes());
  return out;
}

Result<std::vector<Statement>> PgDialect::compile(const Op& op, const MetaData& before) const {
  return compile_op(op, before);
}

std::string PgDialect::quote_identifier(std::string_view ident) const { return quote_ident(ident); }

std::string PgDialect::quote_literal(std::string_view text) const {
  return postgresql::quote_literal(text);
}

Result<std::unique_ptr<Lock>> PgDialect::lock(Connection& conn, std::string_view key) const {
  const std::string k = std::to_string(lock_key(key));
  Result<Rows> r = conn.query("SELECT pg_advisory_lock($1::bigint)", {k});
  if (!r) {
    Error err = std::move(r).error();
    err.message = "cannot take the migration lock: " + err.message;
    return err;
  }
  return std::unique_ptr<Lock>(std::make_unique<AdvisoryLock>(conn, k));
}

Result<bool> PgDialect::table_exists(Connection& conn, std::string_view name) const {
  // The first schema of the search path that exists, as unqualified names use.
  // to_regclass looks the name up in the catalog caches: a query planned over
  // pg_class costs a new backend about 1 ms more, and every command asks this
  // first. Any relation of that name counts; reading it then says whether it
  // is a version table. quote_ident(NULL) keeps a search path with no schema
  // NULL (false) where format('%I') would raise.
  Result<Rows> rows = conn.query(
      "SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(pg_catalog.current_schema()) || "
      "'.' || pg_catalog.quote_ident($1)) IS NOT NULL",
      {std::string(name)});
  if (!rows) return std::move(rows).error();
  return !rows->rows.empty() && !rows->rows.front().empty() && rows->rows.front().front() &&
         *rows->rows.front().front() == "t";
}

Status PgDialect::verify(Connection&) const { return {}; }

std::string PgDialect::elapsed_ms_sql(std::string_view since) const {
  return fmt::format(
      "CAST(round(extract(epoch FROM clock_timestamp() - CAST({} AS timestamptz)) * 1000) AS "
      "bigint)",
      postgresql::quote_literal(since));
}

}  // namespace postgresql

const Dialect& postgresql_dialect() {
  static const postgresql::PgDialect dialect;
  return dialect;
}

}  // namespace retort
