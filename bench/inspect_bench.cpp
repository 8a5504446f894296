// Inspect benchmarks: retort's inspector against a raw-driver baseline that
// reads the same catalog (sqlite3 C API / libpq via libpqxx), for 50, 500 and
// 2,000 tables. Counters report the round trips retort sent per inspect: on
// both dialects it must not grow with the number of tables. BM_WriteModels
// times the models.toml writer `retort inspect` prints with.
//
// The *Realistic benchmarks do the same for 100 and 1,000 tables written as
// an application would write them, with the table properties retort models:
// on PostgreSQL identity and serial keys, sequence options, COLLATE "C",
// stored generated columns, operator classes, INCLUDE, gin, partial and
// expression indexes, deferrable uniques, NOT VALID checks, exclusion
// constraints, UNLOGGED tables with storage parameters, comments and, every
// 20th table, a range-partitioned table with its partitions (which count as
// tables); on SQLite AUTOINCREMENT, WITHOUT ROWID and STRICT tables, NOCASE
// columns, VIRTUAL and STORED generated columns, indexes with collations,
// DESC and WHERE, foreign keys. Their raw baselines replay the very queries
// retort sent (recorded once) through the raw driver and copy every cell
// into a string, so the ratio is retort's own work: turning rows into a
// schema.
//
// PostgreSQL runs need RETORT_BENCH_POSTGRES_URL (tools/bench.sh sets it);
// the realistic schemas go to databases of their own beside it
// (retort_bench_realistic_N), built once per size and run.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "core/comparator.hpp"
#include "core/models_toml.hpp"
#include "dialects/registry.hpp"

namespace {

std::string table_sql(int i) {
  return "CREATE TABLE t" + std::to_string(i) +
         " (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, parent_id INTEGER"
         " REFERENCES t0(id), created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,"
         " CONSTRAINT uq_t" +
         std::to_string(i) + "_name UNIQUE (name))";
}

std::string sqlite_file(int tables) {
  auto path =
      std::filesystem::temp_directory_path() / ("retort_bench_" + std::to_string(tables) + ".db");
  std::filesystem::remove(path);
  auto conn = retort::connect("sqlite:///" + path.string());
  if (!conn) std::abort();
  (void)(*conn)->execute("BEGIN");
  for (int i = 0; i < tables; ++i) {
    if (!(*conn)->execute(table_sql(i))) std::abort();
    (void)(*conn)->execute("CREATE INDEX ix_t" + std::to_string(i) + "_parent ON t" +
                           std::to_string(i) + " (parent_id)");
  }
  (void)(*conn)->execute("COMMIT");
  return path.string();
}

void BM_SqliteInspect(benchmark::State& state) {
  const std::string path = sqlite_file(static_cast<int>(state.range(0)));
  auto conn = retort::connect("sqlite:///" + path);
  if (!conn) {
    state.SkipWithError("cannot open SQLite file");
    return;
  }
  const retort::Dialect& dialect = (*conn)->dialect();
  std::size_t trips = 0;
  for (auto _ : state) {
    std::size_t before = (*conn)->round_trips();
    auto schema = dialect.inspect(**conn, {});
    trips = (*conn)->round_trips() - before;
    benchmark::DoNotOptimize(schema);
  }
  state.counters["round_trips"] = static_cast<double>(trips);
}

// The models.toml text of an inspected schema (what `retort inspect` prints).
void BM_WriteModels(benchmark::State& state) {
  const std::string path = sqlite_file(static_cast<int>(state.range(0)));
  auto conn = retort::connect("sqlite:///" + path);
  if (!conn) {
    state.SkipWithError("cannot open SQLite file");
    return;
  }
  auto schema = (*conn)->dialect().inspect(**conn, {});
  if (!schema) {
    state.SkipWithError("cannot inspect the SQLite file");
    return;
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string text = retort::write_models(*schema);
    bytes = text.size();
    benchmark::DoNotOptimize(text);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}

// Baseline: the same catalog read with the raw C API (schema + table_xinfo +
// index_list + foreign_key_list per table), without building a schema.
void BM_SqliteRawCatalog(benchmark::State& state) {
  const std::string path = sqlite_file(static_cast<int>(state.range(0)));
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  auto drain = [db](const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    std::size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) n += sqlite3_column_count(st);
    sqlite3_finalize(st);
    return n;
  };
  for (auto _ : state) {
    std::size_t cells = 0;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type='table'", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string t = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      cells += drain("PRAGMA table_xinfo(\"" + t + "\")");
      cells += drain("PRAGMA index_list(\"" + t + "\")");
      cells += drain("PRAGMA foreign_key_list(\"" + t + "\")");
    }
    sqlite3_finalize(st);
    benchmark::DoNotOptimize(cells);
  }
  sqlite3_close(db);
}

const char* pg_url() { return std::getenv("RETORT_BENCH_POSTGRES_URL"); }

// Creates N tables in a fresh schema-less database state: drops and recreates
// schema public so each size starts clean.
bool pg_prepare(int tables) {
  auto conn = retort::connect(pg_url());
  if (!conn) return false;
  // Drop the previous size's tables in batches too (one DROP SCHEMA ...
  // CASCADE over 2,000 tables would also exceed the lock table).
  auto old = (*conn)->query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename DESC");
  if (!old) return false;
  for (std::size_t i = 0; i < old->rows.size(); i += 100) {
    std::string batch = "BEGIN;";
    for (std::size_t j = i; j < std::min(old->rows.size(), i + 100); ++j) {
      batch += "DROP TABLE IF EXISTS \"" + *old->rows[j][0] + "\" CASCADE;";
    }
    batch += "COMMIT;";
    if (!(*conn)->execute(batch)) return false;
  }
  // Batches of 100 tables: one transaction for 2,000 would exceed the
  // server's lock table (max_locks_per_transaction).
  for (int start = 0; start < tables; start += 100) {
    std::string batch = "BEGIN;";
    for (int i = start; i < std::min(tables, start + 100); ++i) {
      batch += table_sql(i) + ";";
      batch += "CREATE INDEX ix_t" + std::to_string(i) + "_parent ON t" + std::to_string(i) +
               " (parent_id);";
    }
    batch += "COMMIT;";
    if (!(*conn)->execute(batch)) return false;
  }
  return true;
}

void BM_PostgresInspect(benchmark::State& state) {
  if (!pg_url()) {
    state.SkipWithError("set RETORT_BENCH_POSTGRES_URL (tools/bench.sh does)");
    return;
  }
  if (!pg_prepare(static_cast<int>(state.range(0)))) {
    state.SkipWithError("cannot prepare PostgreSQL tables");
    return;
  }
  auto conn = retort::connect(pg_url());
  const retort::Dialect& dialect = (*conn)->dialect();
  std::size_t trips = 0;
  for (auto _ : state) {
    std::size_t before = (*conn)->round_trips();
    auto schema = dialect.inspect(**conn, {});
    trips = (*conn)->round_trips() - before;
    benchmark::DoNotOptimize(schema);
  }
  state.counters["round_trips"] = static_cast<double>(trips);
}

// Baseline: one raw libpq query per catalog a migration tool needs (columns,
// constraints, indexes), batched over all tables, results only drained.
void BM_PostgresRawCatalog(benchmark::State& state) {
  if (!pg_url()) {
    state.SkipWithError("set RETORT_BENCH_POSTGRES_URL (tools/bench.sh does)");
    return;
  }
  if (!pg_prepare(static_cast<int>(state.range(0)))) {
    state.SkipWithError("cannot prepare PostgreSQL tables");
    return;
  }
  pqxx::connection c{pg_url()};
  for (auto _ : state) {
    pqxx::nontransaction tx{c};
    auto cols = tx.exec(
        "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
        " pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON"
        " d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE n.nspname = 'public' AND"
        " c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped");
    auto cons = tx.exec(
        "SELECT conrelid, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE connamespace = 'public'::regnamespace");
    auto idx = tx.exec(
        "SELECT indrelid, pg_get_indexdef(indexrelid) FROM pg_index i JOIN pg_class c ON"
        " c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace");
    benchmark::DoNotOptimize(cols.size() + cons.size() + idx.size());
  }
}

// --- Realistic schemas -------------------------------------------------------

// A Connection that hands everything to `inner` and keeps every query's text
// and parameters, so a raw baseline can send exactly what retort sent.
class RecordingConnection final : public retort::Connection {
 public:
  struct Query {
    std::string sql;
    std::vector<retort::Cell> params;
  };

  explicit RecordingConnection(retort::Connection& inner) : inner_(inner) {}

  const retort::Dialect& dialect() const override { return inner_.dialect(); }
  retort::Status execute(std::string_view sql) override {
    queries.push_back({std::string(sql), {}});
    return inner_.execute(sql);
  }
  retort::Result<retort::Rows> query(std::string_view sql,
                                     const std::vector<retort::Cell>& params) override {
    queries.push_back({std::string(sql), params});
    return inner_.query(sql, params);
  }
  retort::Status begin() override { return inner_.begin(); }
  retort::Status commit() override { return inner_.commit(); }
  retort::Status rollback() override { return inner_.rollback(); }
  bool in_transaction() const override { return inner_.in_transaction(); }
  retort::Result<retort::PreparedStatement*> prepare(std::string_view sql) override {
    prepared = true;  // a prepared statement's executions are not recorded
    return inner_.prepare(sql);
  }
  std::size_t round_trips() const override { return inner_.round_trips(); }

  std::vector<Query> queries;
  bool prepared = false;

 private:
  retort::Connection& inner_;
};

// What one inspect of `url` sends, recorded; empty when it failed or used a
// prepared statement (which the baselines do not replay).
std::vector<RecordingConnection::Query> inspect_queries(const std::string& url) {
  auto conn = retort::connect(url);
  if (!conn) return {};
  RecordingConnection recorder(**conn);
  auto schema = recorder.dialect().inspect(recorder, {});
  if (!schema || recorder.prepared) return {};
  return std::move(recorder.queries);
}

// What a raw baseline reads: every cell copied into a string, as a driver
// wrapper that hands rows on would.
using RawRows = std::vector<std::vector<std::optional<std::string>>>;

// Times one Dialect::inspect of `url`, which holds `tables` tables.
void time_inspect(benchmark::State& state, const std::string& url, int tables) {
  auto conn = retort::connect(url);
  if (!conn) {
    state.SkipWithError("cannot connect");
    return;
  }
  const retort::Dialect& dialect = (*conn)->dialect();
  std::size_t trips = 0;
  std::size_t read = 0;
  for (auto _ : state) {
    const std::size_t before = (*conn)->round_trips();
    auto schema = dialect.inspect(**conn, {});
    trips = (*conn)->round_trips() - before;
    if (!schema) {
      state.SkipWithError(schema.error().message.c_str());
      return;
    }
    read = schema->tables.size();
    benchmark::DoNotOptimize(schema);
  }
  if (read != static_cast<std::size_t>(tables)) state.SkipWithError("inspect missed tables");
  state.counters["round_trips"] = static_cast<double>(trips);
  state.counters["tables"] = tables;
}

// An application's SQLite schema of `tables` tables: AUTOINCREMENT keys
// (some plain rowid keys), every tenth table WITHOUT ROWID and every tenth
// STRICT, NOCASE columns, VIRTUAL and STORED generated columns, named and
// unnamed constraints, foreign keys (some to the parent's key by table name
// alone), indexes with collations, DESC, expressions and WHERE.
std::vector<std::string> sqlite_realistic_sql(int tables) {
  std::vector<std::string> out;
  std::vector<std::string> parents;  // tables with an `id` key
  for (int k = 0; k < tables; ++k) {
    const std::string t = "t" + std::to_string(k);
    const std::string parent = parents.empty() ? "" : (k % 3 == 0 ? parents[0] : parents.back());
    if (k % 10 == 9 && !parent.empty()) {
      out.push_back("CREATE TABLE " + t +
                    " (code TEXT NOT NULL COLLATE NOCASE PRIMARY KEY, account_id INTEGER NOT NULL"
                    " REFERENCES " +
                    parent +
                    " (id) ON DELETE CASCADE, label TEXT, weight REAL NOT NULL DEFAULT 1.0,"
                    " updated_at TEXT) WITHOUT ROWID");
      out.push_back("CREATE INDEX ix_" + t + "_account ON " + t + " (account_id, weight DESC)");
      continue;
    }
    if (k % 10 == 4) {
      out.push_back("CREATE TABLE " + t +
                    " (id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER NOT NULL"
                    " REFERENCES " +
                    parent +
                    " (id), name TEXT NOT NULL COLLATE NOCASE, amount INTEGER NOT NULL DEFAULT 0,"
                    " amount_x2 INTEGER GENERATED ALWAYS AS (amount * 2) VIRTUAL, note TEXT,"
                    " CONSTRAINT ck_" +
                    t + "_amount CHECK (amount >= 0)) STRICT");
      out.push_back("CREATE INDEX ix_" + t + "_account ON " + t + " (account_id)");
      parents.push_back(t);
      continue;
    }
    std::string sql = "CREATE TABLE " + t + " (id INTEGER PRIMARY KEY" +
                      (k % 3 == 2 ? "" : " AUTOINCREMENT") + ", ";
    if (!parent.empty()) {
      // Every tenth key names only the parent table: its primary key.
      sql += "account_id INTEGER NOT NULL REFERENCES " + parent + (k % 10 == 3 ? "" : " (id)") +
             " ON DELETE CASCADE, ";
    }
    if (k % 7 == 5 && parents.size() > 1) {
      sql += "owner_id INTEGER REFERENCES " + parents[1] + " (id) ON DELETE SET NULL, ";
    }
    sql +=
        "email TEXT NOT NULL COLLATE NOCASE, first_name TEXT, last_name TEXT,"
        " price REAL, qty INTEGER NOT NULL DEFAULT 1,"
        " status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),"
        " created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP";
    if (k % 3 == 0) {
      sql += ", full_name TEXT GENERATED ALWAYS AS (first_name || ' ' || last_name) VIRTUAL";
    }
    if (k % 4 == 1) sql += ", total REAL GENERATED ALWAYS AS (price * qty) STORED";
    sql += ", CONSTRAINT uq_" + t + "_email UNIQUE (email))";
    out.push_back(sql);
    if (!parent.empty()) {
      out.push_back("CREATE INDEX ix_" + t + "_account ON " + t + " (account_id)");
    }
    if (k % 2 == 0) {
      out.push_back("CREATE INDEX ix_" + t + "_name ON " + t +
                    " (last_name COLLATE NOCASE, first_name COLLATE NOCASE, created_at DESC)");
    }
    if (k % 3 == 1) {
      out.push_back("CREATE INDEX ix_" + t + "_active ON " + t +
                    " (created_at DESC) WHERE status = 'active'");
    }
    if (k % 5 == 2) {
      out.push_back("CREATE UNIQUE INDEX ux_" + t + "_email_lower ON " + t + " (lower(email))");
    }
    parents.push_back(t);
  }
  return out;
}

// The realistic SQLite file of `tables` tables, built once per size and run
// (in one transaction).
const std::string& sqlite_realistic_file(int tables) {
  static std::map<int, std::string> built;
  if (auto it = built.find(tables); it != built.end()) return it->second;
  const auto path = std::filesystem::temp_directory_path() /
                    ("retort_bench_realistic_" + std::to_string(tables) + ".db");
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.string().c_str(), &db) != SQLITE_OK) std::abort();
  std::string script = "BEGIN;";
  for (const std::string& sql : sqlite_realistic_sql(tables)) script += sql + ";\n";
  script += "COMMIT;";
  char* error = nullptr;
  if (sqlite3_exec(db, script.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite realistic schema: %s\n", error ? error : "?");
    std::abort();
  }
  sqlite3_close(db);
  return built.emplace(tables, path.string()).first->second;
}

void BM_SqliteInspectRealistic(benchmark::State& state) {
  const int tables = static_cast<int>(state.range(0));
  time_inspect(state, "sqlite:///" + sqlite_realistic_file(tables), tables);
}

// Baseline: the statements retort's inspect sent, each prepared once (as
// retort's connection caches them) and stepped through with the C API,
// every cell copied into a string.
void BM_SqliteRawCatalogRealistic(benchmark::State& state) {
  const int tables = static_cast<int>(state.range(0));
  const std::string& path = sqlite_realistic_file(tables);
  const auto queries = inspect_queries("sqlite:///" + path);
  if (queries.empty()) {
    state.SkipWithError("cannot record retort's inspect queries");
    return;
  }
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  std::vector<sqlite3_stmt*> statements;
  for (const auto& q : queries) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, q.sql.c_str(), -1, &st, nullptr) != SQLITE_OK) std::abort();
    statements.push_back(st);
  }
  for (auto _ : state) {
    std::size_t cells = 0;
    for (std::size_t i = 0; i < queries.size(); ++i) {
      sqlite3_stmt* st = statements[i];
      const auto& params = queries[i].params;
      for (std::size_t p = 0; p < params.size(); ++p) {
        const int index = static_cast<int>(p + 1);
        if (params[p]) {
          sqlite3_bind_text(st, index, params[p]->c_str(), static_cast<int>(params[p]->size()),
                            SQLITE_STATIC);
        } else {
          sqlite3_bind_null(st, index);
        }
      }
      RawRows rows;
      const int width = sqlite3_column_count(st);
      while (sqlite3_step(st) == SQLITE_ROW) {
        auto& row = rows.emplace_back();
        row.reserve(static_cast<std::size_t>(width));
        for (int c = 0; c < width; ++c) {
          if (sqlite3_column_type(st, c) == SQLITE_NULL) {
            row.emplace_back(std::nullopt);
          } else {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
            row.emplace_back(
                std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(st, c))));
          }
        }
      }
      sqlite3_reset(st);
      cells += rows.size();
      benchmark::DoNotOptimize(rows);
    }
    benchmark::DoNotOptimize(cells);
  }
  for (sqlite3_stmt* st : statements) sqlite3_finalize(st);
  sqlite3_close(db);
  state.counters["tables"] = tables;
}

// `url` with its database name replaced by `db`.
std::string with_database(std::string url, const std::string& db) {
  const auto scheme = url.find("://");
  const std::size_t from = scheme == std::string::npos ? 0 : scheme + 3;
  const auto query = url.find('?', from);
  const auto slash = url.find('/', from);
  if (slash == std::string::npos || (query != std::string::npos && slash > query)) {
    url.insert(query == std::string::npos ? url.size() : query, "/" + db);
  } else {
    url.replace(slash + 1, (query == std::string::npos ? url.size() : query) - slash - 1, db);
  }
  return url;
}

// An application's PostgreSQL schema of `tables` tables (partitions count).
// Most keys are identity columns (some with sequence options), the others
// serial; every table but the first has a foreign key; every 20th is
// partitioned by range with two or three partitions, the last the DEFAULT
// one. Unlogged tables are never a foreign key's parent (PostgreSQL refuses).
std::vector<std::string> pg_realistic_sql(int tables) {
  std::vector<std::string> out;
  std::vector<std::string> parents;
  int made = 0;
  for (int k = 0; made < tables; ++k) {
    const std::string n = std::to_string(k);
    const int partitions = k % 40 == 39 ? 3 : 2;
    if (k % 20 == 19 && made + 1 + partitions <= tables) {
      const std::string t = "events" + n;
      out.push_back("CREATE TABLE " + t +
                    " (id bigint GENERATED ALWAYS AS IDENTITY, created_on date NOT NULL,"
                    " account_id bigint NOT NULL REFERENCES " +
                    parents[0] +
                    " (id), kind text COLLATE \"C\" NOT NULL, payload jsonb NOT NULL DEFAULT '{}',"
                    " PRIMARY KEY (id, created_on)) PARTITION BY RANGE (created_on)");
      out.push_back("CREATE INDEX ix_" + t + "_account ON " + t + " (account_id, created_on DESC)");
      out.push_back("COMMENT ON TABLE " + t + " IS 'What happened to an account, by day'");
      out.push_back("CREATE TABLE " + t + "_2025 PARTITION OF " + t +
                    " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
      if (partitions == 3) {
        out.push_back("CREATE TABLE " + t + "_2026 PARTITION OF " + t +
                      " FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
      }
      out.push_back("CREATE TABLE " + t + "_default PARTITION OF " + t + " DEFAULT");
      made += 1 + partitions;
      continue;
    }
    const std::string t = "t" + n;
    const bool unlogged = k % 12 == 6;
    std::string sql = std::string(unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ") + t + " (";
    if (k % 4 == 3) {
      sql += k % 8 == 3 ? "id serial PRIMARY KEY" : "id bigserial PRIMARY KEY";
    } else if (k % 8 == 1) {
      sql +=
          "id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 10 CACHE 20)"
          " PRIMARY KEY";
    } else {
      sql += "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
    }
    if (!parents.empty()) {
      const std::string& parent = k % 3 == 0 ? parents[0] : parents.back();
      sql += ", account_id bigint NOT NULL REFERENCES " + parent + " (id) ON DELETE CASCADE";
    }
    sql +=
        ", name text COLLATE \"C\" NOT NULL, email text, status varchar(20) NOT NULL"
        " DEFAULT 'active', tags text[] NOT NULL DEFAULT '{}', attrs jsonb,"
        " amount numeric(12,2), created_at timestamptz NOT NULL DEFAULT now(),"
        " updated_at timestamptz";
    if (k % 3 == 0) {
      sql += ", amount_cents bigint GENERATED ALWAYS AS ((amount * 100)::bigint) STORED";
    }
    if (k % 25 == 7) {
      sql += ", during tstzrange NOT NULL, CONSTRAINT ex_" + t +
             "_during EXCLUDE USING gist (during WITH &&)";
    }
    sql += ", CONSTRAINT ck_" + t + "_status CHECK (status IN ('active', 'archived'))";
    if (k % 15 == 2) {
      sql += ", CONSTRAINT uq_" + t + "_email UNIQUE (email) DEFERRABLE INITIALLY DEFERRED";
    }
    sql += ")";
    if (unlogged) sql += " WITH (fillfactor=80)";
    out.push_back(sql);
    if (k % 5 == 4) {
      out.push_back("ALTER TABLE " + t + " ADD CONSTRAINT ck_" + t +
                    "_amount CHECK (amount >= 0) NOT VALID");
    }
    if (!parents.empty()) {
      out.push_back("CREATE INDEX ix_" + t + "_account ON " + t + " (account_id)");
    }
    if (k % 2 == 0) {
      out.push_back("CREATE INDEX ix_" + t + "_name ON " + t + " (name text_pattern_ops)");
    }
    if (k % 3 == 1) {
      out.push_back("CREATE INDEX ix_" + t + "_created ON " + t +
                    " (created_at DESC) INCLUDE (status)");
    }
    if (k % 4 == 0) out.push_back("CREATE INDEX ix_" + t + "_tags ON " + t + " USING gin (tags)");
    if (k % 4 == 2) {
      out.push_back("CREATE INDEX ix_" + t + "_attrs ON " + t +
                    " USING gin (attrs jsonb_path_ops)");
    }
    if (k % 5 == 1) {
      out.push_back("CREATE INDEX ix_" + t + "_email_active ON " + t +
                    " (email) WHERE status = 'active'");
    }
    if (k % 7 == 3) {
      out.push_back("CREATE UNIQUE INDEX ux_" + t + "_email_lower ON " + t + " (lower(email))");
    }
    if (k % 3 == 0) out.push_back("COMMENT ON TABLE " + t + " IS 'Table " + n + "'");
    if (k % 6 == 0) {
      out.push_back("COMMENT ON COLUMN " + t + ".email IS 'Where notices go'");
    }
    if (!unlogged) parents.push_back(t);
    ++made;
  }
  return out;
}

// The realistic schema and, over it, one view per five tables (every fourth
// over the view before it, every tenth materialized WITH NO DATA with an
// index) and 100 sequences of their own: 200 views and 100 sequences for
// 1,000 tables.
std::vector<std::string> pg_realistic_views_sql(int tables) {
  std::vector<std::string> out = pg_realistic_sql(tables);
  for (int v = 0; v < tables / 5; ++v) {
    const std::string name = "vw" + std::to_string(v);
    const std::string table = "t" + std::to_string(4 * v);  // never an events table
    if (v % 10 == 5) {
      out.push_back("CREATE MATERIALIZED VIEW " + name + " AS SELECT status, count(*) AS n FROM " +
                    table + " GROUP BY status WITH NO DATA");
      out.push_back("CREATE UNIQUE INDEX ux_" + name + " ON " + name + " (status)");
    } else if (v % 4 == 3) {
      out.push_back("CREATE VIEW " + name + " AS SELECT id, name FROM vw" + std::to_string(v - 1) +
                    " WHERE name <> ''");
    } else {
      out.push_back("CREATE VIEW " + name + " AS SELECT id, name, status, created_at FROM " +
                    table + " WHERE status = 'active'");
    }
  }
  for (int q = 0; q < 100; ++q) {
    out.push_back("CREATE SEQUENCE seq" + std::to_string(q) + " START 100");
  }
  return out;
}

// The views schema and, over it, what a database's procedural code adds:
// 300 routines (50 plpgsql trigger functions, 230 SQL functions, 10 state
// functions and their 10 aggregates) and 500 triggers, one on each of the
// first 500 plain tables (every tenth `UPDATE OF status ... WHEN`, every
// twenty-fifth disabled).
std::vector<std::string> pg_realistic_functions_sql(int tables) {
  std::vector<std::string> out = pg_realistic_views_sql(tables);
  std::vector<std::string> plain;
  for (const std::string& sql : out) {
    for (const char* head : {"CREATE TABLE t", "CREATE UNLOGGED TABLE t"}) {
      const std::string h = head;
      if (sql.rfind(h, 0) == 0)
        plain.push_back(sql.substr(h.size() - 1, sql.find(' ', h.size()) - h.size() + 1));
    }
  }
  for (int f = 0; f < 50; ++f) {
    out.push_back(
        "CREATE FUNCTION touch_" + std::to_string(f) +
        "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.name := trim(NEW.name);\n"
        "  RETURN NEW;\nEND\n$$");
  }
  for (int f = 0; f < 230; ++f) {
    const std::string n = std::to_string(f);
    out.push_back("CREATE FUNCTION fn" + n + "(x integer, step integer DEFAULT " + n +
                  ") RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT x + step $$");
  }
  for (int f = 0; f < 10; ++f) {
    const std::string n = std::to_string(f);
    out.push_back("CREATE FUNCTION sq_state" + n +
                  "(numeric, numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS "
                  "'SELECT $1 + $2 * $2'");
    out.push_back("CREATE AGGREGATE sum_sq" + n + "(numeric) (sfunc = sq_state" + n +
                  ", stype = numeric, initcond = 0)");
  }
  for (std::size_t i = 0; i < plain.size() && i < 500; ++i) {
    const std::string& t = plain[i];
    const std::string fn = "touch_" + std::to_string(i % 50) + "()";
    if (i % 10 == 0) {
      out.push_back(
          "CREATE TRIGGER " + t + "_status BEFORE UPDATE OF status ON " + t +
          " FOR EACH ROW WHEN (NEW.status IS DISTINCT FROM OLD.status) EXECUTE FUNCTION " + fn);
    } else {
      out.push_back("CREATE TRIGGER " + t + "_touch BEFORE INSERT OR UPDATE ON " + t +
                    " FOR EACH ROW EXECUTE FUNCTION " + fn);
    }
    if (i % 25 == 0) {
      out.push_back("ALTER TABLE " + t + " DISABLE TRIGGER " + t +
                    (i % 10 == 0 ? "_status" : "_touch"));
    }
  }
  return out;
}

// `statements` as one script: one transaction, or one per `per` statements
// (0: all in one).
std::string pg_script(const std::vector<std::string>& statements, std::size_t per) {
  std::string script = "BEGIN;";
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (per != 0 && i != 0 && i % per == 0) script += "COMMIT;BEGIN;";
    script += statements[i] + ";\n";
  }
  return script + "COMMIT;";
}

// The URL of a database holding the realistic schema of `tables` tables,
// made beside the benchmark database once per size and run; "" when it
// could not be made. One transaction is fastest, but at 1,000 tables it
// locks about 7,500 relations (tables, partitions, indexes, sequences, TOAST
// tables): tools/pg_test_server.sh's server has room for that
// (max_connections=200), a default one (6,400 locks) does not, so the schema
// is then made afresh in transactions of 500 statements.
// `objects` 1: the schema of pg_realistic_views_sql, 2: of
// pg_realistic_functions_sql, each in a database of its own.
const std::string& pg_realistic_url(int tables, int objects = 0) {
  static std::map<std::pair<int, int>, std::string> built;
  if (auto it = built.find({tables, objects}); it != built.end()) return it->second;
  std::string& url = built[{tables, objects}];
  const char* prefix[] = {"retort_bench_realistic_", "retort_bench_realistic_views_",
                          "retort_bench_realistic_functions_"};
  const std::string db = prefix[objects] + std::to_string(tables);
  const std::vector<std::string> statements = objects == 2   ? pg_realistic_functions_sql(tables)
                                              : objects == 1 ? pg_realistic_views_sql(tables)
                                                             : pg_realistic_sql(tables);
  for (std::size_t per : {std::size_t{0}, std::size_t{500}}) {
    auto admin = retort::connect(pg_url());
    if (!admin) return url;
    // Each its own statement: neither runs inside a transaction block.
    if (!(*admin)->execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)") ||
        !(*admin)->execute("CREATE DATABASE " + db)) {
      return url;
    }
    auto conn = retort::connect(with_database(pg_url(), db));
    if (!conn) return url;
    if (auto s = (*conn)->execute(pg_script(statements, per)); !s) {
      std::fprintf(stderr, "postgresql realistic schema: %s\n", s.error().message.c_str());
      continue;
    }
    url = with_database(pg_url(), db);
    break;
  }
  return url;
}

void BM_PostgresInspectRealistic(benchmark::State& state) {
  if (!pg_url()) {
    state.SkipWithError("set RETORT_BENCH_POSTGRES_URL (tools/bench.sh does)");
    return;
  }
  const int tables = static_cast<int>(state.range(0));
  const std::string& url = pg_realistic_url(tables);
  if (url.empty()) {
    state.SkipWithError("cannot make the realistic PostgreSQL schema");
    return;
  }
  time_inspect(state, url, tables);
}

// What views cost `check` with no changes: inspect, the models read back
// from the inspected schema's models.toml and normalised, and compare, on
// the realistic schema (arg 0), on the same with 200 views and 100
// sequences over it (arg 1), and with 300 functions and 500 triggers besides
// (arg 2).
void BM_PostgresCheckRealistic(benchmark::State& state) {
  if (!pg_url()) {
    state.SkipWithError("set RETORT_BENCH_POSTGRES_URL (tools/bench.sh does)");
    return;
  }
  const int tables = static_cast<int>(state.range(0));
  const int objects = static_cast<int>(state.range(1));
  const std::string& url = pg_realistic_url(tables, objects);
  if (url.empty()) {
    state.SkipWithError("cannot make the realistic PostgreSQL schema");
    return;
  }
  auto conn = retort::connect(url);
  if (!conn) {
    state.SkipWithError(conn.error().message.c_str());
    return;
  }
  const retort::Dialect& dialect = (*conn)->dialect();
  auto live = dialect.inspect(**conn, {});
  if (!live) {
    state.SkipWithError(live.error().message.c_str());
    return;
  }
  auto declared = retort::read_models(retort::write_models(*live), "models.toml");
  if (!declared) {
    state.SkipWithError(declared.error().message.c_str());
    return;
  }
  std::size_t ops = 0;
  std::size_t trips = 0;
  for (auto _ : state) {
    const std::size_t before = (*conn)->round_trips();
    auto db = dialect.inspect(**conn, {});
    retort::MetaData models = dialect.normalize(*declared);
    (void)dialect.settle_views(**conn, *db, models);
    ops = retort::compare(*db, models).size();
    trips = (*conn)->round_trips() - before;
    benchmark::DoNotOptimize(ops);
  }
  if (ops != 0) state.SkipWithError("the round trip left differences");
  state.counters["round_trips"] = static_cast<double>(trips);
  state.counters["views"] = static_cast<double>(live->views.size());
  state.counters["functions"] = static_cast<double>(live->functions.size());
  state.counters["triggers"] = static_cast<double>(live->triggers.size());
  state.counters["tables"] = tables;
}

// Baseline: the queries retort's inspect sent, with the same parameters,
// through libpqxx (one nontransaction, as retort uses), every cell copied
// into a string.
void BM_PostgresRawCatalogRealistic(benchmark::State& state) {
  if (!pg_url()) {
    state.SkipWithError("set RETORT_BENCH_POSTGRES_URL (tools/bench.sh does)");
    return;
  }
  const int tables = static_cast<int>(state.range(0));
  const std::string& url = pg_realistic_url(tables);
  const auto queries = url.empty() ? decltype(inspect_queries(url)){} : inspect_queries(url);
  if (queries.empty()) {
    state.SkipWithError("cannot record retort's inspect queries");
    return;
  }
  pqxx::connection c{url};
  for (auto _ : state) {
    std::size_t cells = 0;
    for (const auto& q : queries) {
      pqxx::nontransaction tx{c};
      pqxx::result result;
      if (q.params.empty()) {
        result = tx.exec(q.sql);
      } else {
        std::vector<const char*> values;
        for (const auto& p : q.params) values.push_back(p ? p->c_str() : nullptr);
        result = tx.exec_params(q.sql, pqxx::prepare::make_dynamic_params(values));
      }
      RawRows rows;
      rows.reserve(result.size());
      for (const auto& r : result) {
        auto& row = rows.emplace_back();
        row.reserve(r.size());
        for (const auto& f : r) {
          if (f.is_null()) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(std::string(f.c_str(), f.size()));
          }
        }
      }
      cells += rows.size();
      benchmark::DoNotOptimize(rows);
    }
    benchmark::DoNotOptimize(cells);
  }
  state.counters["tables"] = tables;
}

}  // namespace

BENCHMARK(BM_SqliteInspect)->Arg(50)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteModels)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteRawCatalog)->Arg(50)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PostgresInspect)->Arg(50)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PostgresRawCatalog)->Arg(50)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);

BENCHMARK(BM_SqliteInspectRealistic)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteRawCatalogRealistic)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PostgresInspectRealistic)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PostgresRawCatalogRealistic)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PostgresCheckRealistic)
    ->Args({1000, 0})
    ->Args({1000, 1})
    ->Args({1000, 2})
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
