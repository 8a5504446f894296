// Inspect benchmarks: retort's inspector against a raw-driver baseline that
// reads the same catalog (sqlite3 C API / libpq via libpqxx), for 50, 500 and
// 2,000 tables. Counters report the round trips retort sent per inspect: on
// both dialects it must not grow with the number of tables. BM_WriteModels
// times the models.toml writer `retort inspect` prints with.
//
// PostgreSQL runs need RETORT_BENCH_POSTGRES_URL (tools/bench.sh sets it).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <string>

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

}  // namespace

BENCHMARK(BM_SqliteInspect)->Arg(50)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WriteModels)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SqliteRawCatalog)->Arg(50)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PostgresInspect)->Arg(50)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PostgresRawCatalog)->Arg(50)->Arg(500)->Arg(2000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
