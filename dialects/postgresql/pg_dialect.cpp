#include "dialects/postgresql/pg_dialect.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/names.hpp"
#include "dialects/postgresql/pg_ddl.hpp"
#include "dialects/postgresql/pg_driver.hpp"
#include "dialects/postgresql/pg_function.hpp"
#include "dialects/postgresql/pg_inspector.hpp"
#include "dialects/postgresql/pg_normalize.hpp"
#include "dialects/postgresql/pg_sql.hpp"
#include "dialects/postgresql/pg_trigger.hpp"
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

Status PgDialect::check_function(const Function& function) const {
  const FunctionStatement st = read_function_statement(function.sql);
  if (st.error.empty()) return {};
  return Error::bad_input(
      fmt::format("{}: PostgreSQL's grammar refuses the statement: {}", function.describe(),
                  st.error),
      "write one CREATE FUNCTION, CREATE PROCEDURE or CREATE AGGREGATE statement, as psql would "
      "run it");
}

Status PgDialect::check_trigger(const Trigger& trigger) const {
  const TriggerStatement st = read_trigger_statement(trigger.sql);
  if (st.error.empty()) return {};
  return Error::bad_input(fmt::format("{}: PostgreSQL's grammar refuses the statement: {}",
                                      trigger.describe(), st.error),
                          "write one CREATE TRIGGER statement, as psql would run it");
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

std::string PgDialect::normalize_schema_name(std::string_view schema) const {
  return postgresql::normalize_schema_name(schema);
}

// The comparator gives a table whose partitioning changes as a create_table
// of the new table while the old one is still there (core/comparator.cpp).
Status PgDialect::refuse_in_place(const Op& op, const MetaData& before) const {
  if (const auto* alter = std::get_if<AlterColumn>(&op);
      alter != nullptr && alter->generated && !alter->generated->empty()) {
    return generation_refused(*alter);
  }
  if (auto s = refuse_constraint_change(op, before); !s) return s;
  const auto* create = std::get_if<CreateTable>(&op);
  if (create == nullptr) return {};
  const Table& now = create->table;
  const Table* old = before.find_table(now.schema, now.name);
  if (old == nullptr || old->partition_by == now.partition_by) return {};
  const std::string name = now.qualified_name();
  std::string change;
  if (old->partition_by.empty()) {
    change =
        fmt::format("table {} would become partitioned (PARTITION BY {})", name, now.partition_by);
  } else if (now.partition_by.empty()) {
    change = fmt::format("partitioned table {} (PARTITION BY {}) would become a plain table", name,
                         old->partition_by);
  } else {
    change = fmt::format("the partition key of table {} would change from {} to {}", name,
                         old->partition_by, now.partition_by);
  }
  return Error::bad_input(
      fmt::format("{}: PostgreSQL cannot change a table's partitioning in place (ALTER TABLE has "
                  "no form for it; the rows would have to move)",
                  change),
      fmt::format("do it by hand in a revision: create the new table under another name (with "
                  "its partitions), copy the rows in an execute op (INSERT INTO {0}_new SELECT * "
                  "FROM {0}), drop_table {0}, and rename_table {0}_new to {0}",
                  name));
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

Result<std::unique_ptr<Lock>> PgDialect::try_lock(Connection& conn, std::string_view key) const {
  const std::string k = std::to_string(lock_key(key));
  Result<Rows> r = conn.query("SELECT pg_catalog.pg_try_advisory_lock($1::bigint)", {k});
  if (!r) {
    Error err = std::move(r).error();
    err.message = "cannot take the migration lock: " + err.message;
    return err;
  }
  if (r->rows.empty() || r->rows[0].empty() || r->rows[0][0] != Cell{"t"}) {
    return std::unique_ptr<Lock>();
  }
  return std::unique_ptr<Lock>(std::make_unique<AdvisoryLock>(conn, k));
}

namespace {

std::string text_at(const Row& row, std::size_t i) {
  return i < row.size() && row[i] ? *row[i] : std::string();
}

// "pid 4242 (application retort, client local, <extra>)". A session this
// role may not see in detail (no pg_read_all_stats, another user) shows no
// start time, client or state: it is named by its user instead.
std::string describe_session(const std::string& pid, const std::string& application,
                             const std::string& user, bool hidden, const std::string& client,
                             const std::string& extra) {
  std::vector<std::string> parts;
  if (!application.empty()) parts.push_back("application " + application);
  if (hidden) {
    if (!user.empty()) parts.push_back("user " + user);
  } else {
    parts.push_back("client " + (client.empty() ? std::string("local") : client));
    if (!extra.empty()) parts.push_back(extra);
  }
  std::string out = "pid " + pid;
  if (!parts.empty()) out += fmt::format(" ({})", fmt::join(parts, ", "));
  return out;
}

// A duration as lock_timeout and statement_timeout read it: '5000ms', or
// '0' for no limit. Negative means none too; the servers' settings are int.
std::string pg_duration(std::chrono::milliseconds d) {
  const long long ms = std::clamp<long long>(d.count(), 0, std::numeric_limits<int>::max());
  return ms == 0 ? "'0'" : fmt::format("'{}ms'", ms);
}

// The session's time `expr` in UTC: "04:12:03" today, else with the date.
constexpr std::string_view kUtcTime =
    "CASE WHEN ({0} AT TIME ZONE 'UTC')::date = (pg_catalog.now() AT TIME ZONE 'UTC')::date "
    "THEN pg_catalog.to_char({0} AT TIME ZONE 'UTC', 'HH24:MI:SS') "
    "ELSE pg_catalog.to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') END";

}  // namespace

std::string PgDialect::lock_holder(Connection& conn, std::string_view key) const {
  // pg_advisory_lock(bigint) files the key as classid = its high 32 bits,
  // objid = its low 32 bits, objsubid = 1 (2 is the two-int4 form's).
  const auto k = static_cast<std::uint64_t>(lock_key(key));
  Result<Rows> rows = conn.query(
      "SELECT l.pid, a.application_name, a.usename, a.backend_start IS NULL, "
      "pg_catalog.host(a.client_addr), "
      "pg_catalog.to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
      "FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM "
      "pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) "
      "AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1 "
      "AND l.pid <> pg_catalog.pg_backend_pid() ORDER BY l.pid LIMIT 1",
      {std::to_string(k >> 32), std::to_string(k & 0xffffffffu)});
  if (!rows || rows->rows.empty()) return {};
  const Row& r = rows->rows.front();
  const std::string started = text_at(r, 5);
  return describe_session(text_at(r, 0), text_at(r, 1), text_at(r, 2), text_at(r, 3) != "f",
                          text_at(r, 4), started.empty() ? "" : "connected at " + started + "+00");
}

std::vector<std::string> PgDialect::timeout_sql(const LockPolicy& policy,
                                                bool transaction_local) const {
  const std::string set = transaction_local ? "SET LOCAL " : "SET ";
  std::vector<std::string> sql = {set + "lock_timeout = " + pg_duration(policy.lock_timeout)};
  if (policy.statement_timeout) {
    sql.push_back(set + "statement_timeout = " + pg_duration(*policy.statement_timeout));
  }
  // A property of the connection, set once for the session: per
  // transaction it would cost a PL/pgSQL block (and a subtransaction) in
  // every revision. Any role may set it (PGC_USERSET); a server before 14
  // does not know it (42704) and one that cannot watch sockets refuses 1s
  // (22023).
  if (!transaction_local) {
    sql.push_back(
        "DO $$BEGIN SET client_connection_check_interval = '1s'; EXCEPTION WHEN "
        "undefined_object OR invalid_parameter_value THEN NULL; END$$");
  }
  return sql;
}

std::vector<std::string> PgDialect::reset_timeout_sql() const {
  return {"RESET lock_timeout", "RESET statement_timeout",
          "DO $$BEGIN RESET client_connection_check_interval; EXCEPTION WHEN undefined_object "
          "THEN NULL; END$$"};
}

bool PgDialect::is_lock_timeout(const Error& e) const {
  return e.code == ErrorCode::kDatabase && e.sqlstate == "55P03";
}

std::string PgDialect::lock_blockers(Connection& conn,
                                     const std::vector<std::string>& tables) const {
  // A name is tried as one identifier and, when it has a dot, as
  // schema.table too: quoted, so "Hero" finds the table created as "Hero".
  // Without names, system catalogs are left out: other sessions' locks on
  // them (any query takes AccessShareLock) never block DDL on user tables.
  // Prepared transactions hold locks with no pid.
  const std::string sql = fmt::format(
      "WITH wanted AS ("
      "SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(t)) AS rel "
      "FROM pg_catalog.unnest($1::text[]) AS t "
      "UNION SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(pg_catalog.split_part(t, '.', "
      "1)) || '.' || pg_catalog.quote_ident(pg_catalog.substr(t, pg_catalog.strpos(t, '.') + 1))) "
      "FROM pg_catalog.unnest($1::text[]) AS t WHERE pg_catalog.strpos(t, '.') > 0), "
      "held AS (SELECT l.pid, l.mode, l.relation::pg_catalog.regclass::text AS rel "
      "FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_class c ON c.oid = l.relation "
      "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
      "WHERE l.locktype = 'relation' AND l.granted AND l.database = (SELECT oid FROM "
      "pg_catalog.pg_database WHERE datname = pg_catalog.current_database()) "
      "AND l.pid IS DISTINCT FROM pg_catalog.pg_backend_pid() "
      "AND CASE WHEN pg_catalog.cardinality($1::text[]) = 0 "
      "THEN n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' "
      "ELSE l.relation IN (SELECT rel FROM wanted) END) "
      "SELECT h.pid, a.application_name, a.usename, a.backend_start IS NULL, "
      "pg_catalog.host(a.client_addr), a.state, {}, "
      "pg_catalog.string_agg(h.mode || ' on ' || h.rel, ', ' ORDER BY h.rel, h.mode) "
      "FROM held h LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = h.pid "
      "GROUP BY h.pid, a.application_name, a.usename, a.backend_start, a.client_addr, a.state, "
      "a.state_change ORDER BY h.pid NULLS LAST",
      fmt::format(kUtcTime, "a.state_change"));
  Result<Rows> rows = conn.query(sql, {text_array(tables)});
  if (!rows) return {};
  std::string out;
  for (const Row& r : rows->rows) {
    const std::string holds = " holds " + text_at(r, 7);
    if (!out.empty()) out += '\n';
    if (!r[0]) {
      out += "a prepared transaction" + holds;
      continue;
    }
    std::string state = text_at(r, 5);
    if (!state.empty() && r[6]) state += " since " + *r[6] + "+00";
    out += describe_session(*r[0], text_at(r, 1), text_at(r, 2), text_at(r, 3) != "f",
                            text_at(r, 4), state) +
           holds;
  }
  return out;
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

}  // namespace postgresql

const Dialect& postgresql_dialect() {
  static const postgresql::PgDialect dialect;
  return dialect;
}

}  // namespace retort
