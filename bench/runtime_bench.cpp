// Model runtime benchmarks (workload 5 of bench/compare): retort's Session
// against the raw driver doing the same work, in the same run, on the hero
// table bench/compare/runtime_baseline.py uses for the Python stack
// (id, name varchar(100), secret_name text, age integer, team_id integer):
//
//   Insert  RETORT_BENCH_ROWS rows (default 100,000) into an empty table in
//           one transaction, reading each new id back into its struct.
//   Select  every row into a std::vector of structs.
//
// SQLite (a file in the temp dir):
//   Session    add_all (validates every row, then one prepared one-row
//              INSERT per row, the id from last_insert_rowid) and
//              select<Hero>().all().
//   RawCApi    sqlite3_prepare_v3 once, bind/step/reset per row,
//              sqlite3_last_insert_rowid; SELECT stepped and copied.
//
// PostgreSQL (RETORT_BENCH_POSTGRES_URL; without it the PostgreSQL
// benchmarks report an error instead of a time):
//   Session    add_all sends multi-row INSERT ... VALUES (...), (...) ...
//              RETURNING "id" statements of 500 rows (the dialect's
//              insert_batch_rows), parameters as text, through libpqxx.
//   RawLibpq   the same strategy by hand, so the ratio measures the runtime
//              and not a different protocol: PQprepare of the same 500-row
//              INSERT ... RETURNING, PQexecPrepared per batch with text
//              parameters, the ids parsed from the result; the SELECT with
//              PQexecPrepared and PQgetvalue per field.
//
// Both sides prepare their statements inside the timed region (the Session
// prepares on first use). The SessionNoRules rows insert the same table
// through a model without validation rules: the difference is what
// validating costs. Each benchmark is one iteration per repetition; the
// repetitions of all benchmarks run interleaved in random order (unless the
// command line says otherwise), so drift on a shared machine hits all
// alike. After the run, retort/raw of each pair's median is printed.
// Targets: at most 1.15 on SQLite, 1.2 on PostgreSQL.
//
// Example:
//   export RETORT_BENCH_ROWS=10000 RETORT_BENCH_POSTGRES_URL=postgresql://...
//   build/bench/retort_runtime_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_common.hpp"
#include "core/comparator.hpp"
#include "core/model/session.hpp"
#include "dialects/registry.hpp"

namespace {

using retort_bench::Hero;

// The rules SQLModel's Hero declares (name max_length 100) and a few more.
const auto heroes = retort::table<Hero>(
    "hero", retort::column("id", &Hero::id).primary_key(),
    retort::column("name", &Hero::name).min_length(1).max_length(100),
    retort::column("secret_name", &Hero::secret_name),
    retort::column("age", &Hero::age).ge(0).le(200), retort::column("team_id", &Hero::team_id));

// The same table without validation rules.
struct PlainHero {
  std::optional<std::int64_t> id;
  std::string name;
  std::string secret_name;
  std::optional<std::int32_t> age;
  std::optional<std::int64_t> team_id;
};
const auto plain_heroes = retort::table<PlainHero>(
    "hero_plain", retort::column("id", &PlainHero::id).primary_key(),
    retort::column("name", &PlainHero::name).type("varchar(100)"),
    retort::column("secret_name", &PlainHero::secret_name), retort::column("age", &PlainHero::age),
    retort::column("team_id", &PlainHero::team_id));

constexpr int kBatchRows = 500;  // PgDialect::insert_batch_rows()

using retort_bench::die;
using retort_bench::parse_int;
using retort_bench::postgres_url;
using retort_bench::rows_wanted;

template <class T>
std::vector<T> make_heroes() {
  const int n = rows_wanted();
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    out.push_back(
        T{std::nullopt, "hero " + std::to_string(i), "secret " + std::to_string(i), i % 90, {}});
  }
  return out;
}

// ---- schema ----------------------------------------------------------------

// Drops and creates the hero tables from the models, as an upgrade would.
void create_tables(const std::string& url) {
  auto conn = retort::connect(url);
  if (!conn) die(conn.error().describe());
  const retort::Dialect& d = (*conn)->dialect();
  for (const char* table : {"hero", "hero_plain"}) {
    if (!(*conn)->execute("DROP TABLE IF EXISTS " + d.quote_identifier(table))) {
      die("cannot drop the old bench tables");
    }
  }
  retort::MetaData before;
  const retort::MetaData declared{heroes, plain_heroes};
  for (const retort::Op& op : retort::compare(retort::MetaData{}, d.normalize(declared))) {
    auto statements = d.compile(op, before);
    if (!statements) die(statements.error().describe());
    for (const auto& st : *statements) {
      if (auto s = (*conn)->execute(st.sql); !s) die(s.error().describe());
    }
    (void)retort::apply(before, op);
  }
}

const std::string& sqlite_url() {
  static const std::string url =
      retort_bench::temp_sqlite_url("retort_runtime_bench.db", &create_tables);
  return url;
}

std::string sqlite_path() { return sqlite_url().substr(std::strlen("sqlite:///")); }

// The PostgreSQL URL with the tables created; nullopt (and the benchmark
// marked as an error) when RETORT_BENCH_POSTGRES_URL is not set.
std::optional<std::string> postgres(benchmark::State& state) {
  static const std::optional<std::string> url = retort_bench::prepared_postgres_url(&create_tables);
  return retort_bench::or_skip(state, url);
}

// ---- raw drivers -------------------------------------------------------------

sqlite3* open_sqlite() {
  sqlite3* db = nullptr;
  // The flags retort opens its connections with, and its session setup.
  if (sqlite3_open_v2(sqlite_path().c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    die("cannot open " + sqlite_path());
  }
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  return db;
}

void sqlite_exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) die(sqlite3_errmsg(db));
}

sqlite3_stmt* sqlite_prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
    die(sqlite3_errmsg(db));
  }
  return st;
}

PGconn* open_libpq(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) die(PQerrorMessage(conn));
  return conn;
}

// Runs `sql`, which must succeed; returns its row count.
int pq_exec(PGconn* conn, const char* sql) {
  PGresult* r = PQexec(conn, sql);
  const ExecStatusType s = PQresultStatus(r);
  if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) die(PQerrorMessage(conn));
  const int rows = PQntuples(r);
  PQclear(r);
  return rows;
}

void pq_prepare(PGconn* conn, const char* name, const std::string& sql) {
  PGresult* r = PQprepare(conn, name, sql.c_str(), 0, nullptr);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) die(PQerrorMessage(conn));
  PQclear(r);
}

// INSERT INTO "hero" (...) VALUES ($1, $2, $3, $4), ... RETURNING "id": the
// statement the Session sends for `rows` rows.
std::string batch_insert_sql(int rows) {
  std::string sql = R"(INSERT INTO "hero" ("name", "secret_name", "age", "team_id") VALUES )";
  int p = 0;
  for (int r = 0; r < rows; ++r) {
    sql += r > 0 ? ", (" : "(";
    for (int k = 0; k < 4; ++k) {
      if (k > 0) sql += ", ";
      sql += "$" + std::to_string(++p);
    }
    sql += ')';
  }
  return sql + R"( RETURNING "id")";
}

// ---- table state (untimed) ---------------------------------------------------

void clear_sqlite(const char* table) {
  sqlite3* db = open_sqlite();
  sqlite_exec(db, (std::string("DELETE FROM \"") + table + "\"").c_str());
  sqlite3_close(db);
}

void clear_postgres(const std::string& url, const char* table) {
  PGconn* conn = open_libpq(url);
  pq_exec(conn, (std::string("TRUNCATE \"") + table + "\"").c_str());
  PQfinish(conn);
}

// The hero table holds exactly the rows make_heroes() gives.
void ensure_filled(const std::string& url) {
  retort::Session session{retort::connect(url)};
  if (session.select<Hero>().count() == rows_wanted()) return;
  {
    auto tx = session.begin();
    if (!session.connection().execute("DELETE FROM \"hero\"")) die("cannot clear hero");
    tx.commit();
  }
  std::vector<Hero> rows = make_heroes<Hero>();
  session.add_all(rows);
}

void check_count(std::size_t rows) {
  if (rows != static_cast<std::size_t>(rows_wanted())) die("wrong row count");
}

// ---- Session (both dialects) ----------------------------------------------------

template <class T>
void session_insert(benchmark::State& state, const std::string& url, const char* table,
                    bool postgresql) {
  for (auto _ : state) {
    state.PauseTiming();
    postgresql ? clear_postgres(url, table) : clear_sqlite(table);
    std::vector<T> rows = make_heroes<T>();
    auto session = std::make_unique<retort::Session>(retort::connect(url));
    state.ResumeTiming();
    session->add_all(rows);
    benchmark::DoNotOptimize(rows.back().id);
    state.PauseTiming();
    session.reset();  // closing the connection is not timed (nor is it for the raw side)
    if (!rows.back().id) die("no id read back");
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * rows_wanted());
}

void session_select(benchmark::State& state, const std::string& url) {
  ensure_filled(url);
  retort::Session session{retort::connect(url)};
  check_count(session.select<Hero>().all().size());  // warm: pages, hint bits, statement
  for (auto _ : state) {
    std::vector<Hero> rows = session.select<Hero>().all();
    check_count(rows.size());
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations() * rows_wanted());
}

// ---- SQLite ------------------------------------------------------------------------

void BM_Sqlite_Insert_Session(benchmark::State& state) {
  session_insert<Hero>(state, sqlite_url(), "hero", false);
}

void BM_Sqlite_Insert_SessionNoRules(benchmark::State& state) {
  session_insert<PlainHero>(state, sqlite_url(), "hero_plain", false);
}

void BM_Sqlite_Insert_RawCApi(benchmark::State& state) {
  for (auto _ : state) {
    state.PauseTiming();
    clear_sqlite("hero");
    std::vector<Hero> rows = make_heroes<Hero>();
    sqlite3* db = open_sqlite();
    state.ResumeTiming();
    sqlite3_stmt* st = sqlite_prepare(
        db, R"(INSERT INTO "hero" ("name", "secret_name", "age", "team_id") VALUES (?, ?, ?, ?))");
    sqlite_exec(db, "BEGIN");
    for (Hero& h : rows) {
      sqlite3_bind_text(st, 1, h.name.data(), static_cast<int>(h.name.size()), SQLITE_STATIC);
      sqlite3_bind_text(st, 2, h.secret_name.data(), static_cast<int>(h.secret_name.size()),
                        SQLITE_STATIC);
      h.age ? sqlite3_bind_int(st, 3, *h.age) : sqlite3_bind_null(st, 3);
      h.team_id ? sqlite3_bind_int64(st, 4, *h.team_id) : sqlite3_bind_null(st, 4);
      if (sqlite3_step(st) != SQLITE_DONE) die(sqlite3_errmsg(db));
      h.id = sqlite3_last_insert_rowid(db);
      sqlite3_reset(st);
    }
    sqlite_exec(db, "COMMIT");
    sqlite3_finalize(st);
    benchmark::DoNotOptimize(rows.back().id);
    state.PauseTiming();
    sqlite3_close(db);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * rows_wanted());
}

void BM_Sqlite_Select_Session(benchmark::State& state) { session_select(state, sqlite_url()); }

std::vector<Hero> raw_sqlite_select(sqlite3* db) {
  sqlite3_stmt* st =
      sqlite_prepare(db, R"(SELECT "id", "name", "secret_name", "age", "team_id" FROM "hero")");
  std::vector<Hero> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    Hero& h = rows.emplace_back();
    h.id = sqlite3_column_int64(st, 0);
    h.name.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)),
                  static_cast<std::size_t>(sqlite3_column_bytes(st, 1)));
    h.secret_name.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)),
                         static_cast<std::size_t>(sqlite3_column_bytes(st, 2)));
    if (sqlite3_column_type(st, 3) != SQLITE_NULL) h.age = sqlite3_column_int(st, 3);
    if (sqlite3_column_type(st, 4) != SQLITE_NULL) h.team_id = sqlite3_column_int64(st, 4);
  }
  sqlite3_finalize(st);
  return rows;
}

void BM_Sqlite_Select_RawCApi(benchmark::State& state) {
  ensure_filled(sqlite_url());
  sqlite3* db = open_sqlite();
  check_count(raw_sqlite_select(db).size());  // warm
  for (auto _ : state) {
    std::vector<Hero> rows = raw_sqlite_select(db);
    check_count(rows.size());
    benchmark::DoNotOptimize(rows.data());
  }
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * rows_wanted());
}

// ---- PostgreSQL ----------------------------------------------------------------------

void BM_Postgres_Insert_Session(benchmark::State& state) {
  const auto url = postgres(state);
  if (url) session_insert<Hero>(state, *url, "hero", true);
}

void BM_Postgres_Insert_SessionNoRules(benchmark::State& state) {
  const auto url = postgres(state);
  if (url) session_insert<PlainHero>(state, *url, "hero_plain", true);
}

void BM_Postgres_Insert_RawLibpq(benchmark::State& state) {
  const auto url = postgres(state);
  if (!url) return;
  for (auto _ : state) {
    state.PauseTiming();
    clear_postgres(*url, "hero");
    std::vector<Hero> rows = make_heroes<Hero>();
    PGconn* conn = open_libpq(*url);
    state.ResumeTiming();
    const int n = static_cast<int>(rows.size());
    const int full = std::min(kBatchRows, n);
    const int rest = n % full;
    pq_prepare(conn, "insert_full", batch_insert_sql(full));
    if (rest != 0) pq_prepare(conn, "insert_rest", batch_insert_sql(rest));
    pq_exec(conn, "BEGIN");
    std::vector<std::string> ints(static_cast<std::size_t>(full) * 2);
    std::vector<const char*> params(static_cast<std::size_t>(full) * 4);
    for (int first = 0; first < n; first += full) {
      const int batch = std::min(full, n - first);
      for (int r = 0; r < batch; ++r) {
        const Hero& h = rows[static_cast<std::size_t>(first + r)];
        const auto p = static_cast<std::size_t>(r) * 4;
        std::string& age = ints[static_cast<std::size_t>(r) * 2];
        std::string& team = ints[static_cast<std::size_t>(r) * 2 + 1];
        char buf[24];
        params[p] = h.name.c_str();
        params[p + 1] = h.secret_name.c_str();
        if (h.age) {
          age.assign(buf, std::to_chars(buf, buf + sizeof buf, *h.age).ptr);
          params[p + 2] = age.c_str();
        } else {
          params[p + 2] = nullptr;
        }
        if (h.team_id) {
          team.assign(buf, std::to_chars(buf, buf + sizeof buf, *h.team_id).ptr);
          params[p + 3] = team.c_str();
        } else {
          params[p + 3] = nullptr;
        }
      }
      PGresult* r = PQexecPrepared(conn, batch == full ? "insert_full" : "insert_rest", batch * 4,
                                   params.data(), nullptr, nullptr, 0);
      if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != batch) {
        die(PQerrorMessage(conn));
      }
      for (int k = 0; k < batch; ++k) {
        rows[static_cast<std::size_t>(first + k)].id =
            parse_int<std::int64_t>(PQgetvalue(r, k, 0), PQgetlength(r, k, 0));
      }
      PQclear(r);
    }
    pq_exec(conn, "COMMIT");
    benchmark::DoNotOptimize(rows.back().id);
    state.PauseTiming();
    PQfinish(conn);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * rows_wanted());
}

void BM_Postgres_Select_Session(benchmark::State& state) {
  const auto url = postgres(state);
  if (url) session_select(state, *url);
}

std::vector<Hero> raw_libpq_select(PGconn* conn) {
  pq_prepare(conn, "", R"(SELECT "id", "name", "secret_name", "age", "team_id" FROM "hero")");
  PGresult* r = PQexecPrepared(conn, "", 0, nullptr, nullptr, nullptr, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) die(PQerrorMessage(conn));
  const int n = PQntuples(r);
  std::vector<Hero> rows;
  rows.reserve(
      static_cast<std::size_t>(n));  // libpq holds every row: size once, as the Session does
  for (int i = 0; i < n; ++i) {
    Hero& h = rows.emplace_back();
    h.id = parse_int<std::int64_t>(PQgetvalue(r, i, 0), PQgetlength(r, i, 0));
    h.name.assign(PQgetvalue(r, i, 1), static_cast<std::size_t>(PQgetlength(r, i, 1)));
    h.secret_name.assign(PQgetvalue(r, i, 2), static_cast<std::size_t>(PQgetlength(r, i, 2)));
    if (!PQgetisnull(r, i, 3))
      h.age = parse_int<std::int32_t>(PQgetvalue(r, i, 3), PQgetlength(r, i, 3));
    if (!PQgetisnull(r, i, 4)) {
      h.team_id = parse_int<std::int64_t>(PQgetvalue(r, i, 4), PQgetlength(r, i, 4));
    }
  }
  PQclear(r);
  return rows;
}

void BM_Postgres_Select_RawLibpq(benchmark::State& state) {
  const auto url = postgres(state);
  if (!url) return;
  ensure_filled(*url);
  PGconn* conn = open_libpq(*url);
  check_count(raw_libpq_select(conn).size());  // warm
  for (auto _ : state) {
    std::vector<Hero> rows = raw_libpq_select(conn);
    check_count(rows.size());
    benchmark::DoNotOptimize(rows.data());
  }
  PQfinish(conn);
  state.SetItemsProcessed(state.iterations() * rows_wanted());
}

RETORT_BENCH_ONCE(BM_Sqlite_Insert_RawCApi);
RETORT_BENCH_ONCE(BM_Sqlite_Insert_Session);
RETORT_BENCH_ONCE(BM_Sqlite_Insert_SessionNoRules);
RETORT_BENCH_ONCE(BM_Sqlite_Select_RawCApi);
RETORT_BENCH_ONCE(BM_Sqlite_Select_Session);
RETORT_BENCH_ONCE(BM_Postgres_Insert_RawLibpq);
RETORT_BENCH_ONCE(BM_Postgres_Insert_Session);
RETORT_BENCH_ONCE(BM_Postgres_Insert_SessionNoRules);
RETORT_BENCH_ONCE(BM_Postgres_Select_RawLibpq);
RETORT_BENCH_ONCE(BM_Postgres_Select_Session);

// Prints the console report, then retort/raw of each pair's median.
class RatioReporter : public retort_bench::MedianReporter {
 public:
  void print_ratios() const {
    const std::map<std::string, double>& median = medians();
    for (const char* dialect : {"Sqlite", "Postgres"}) {
      const std::string raw_impl = dialect == std::string("Sqlite") ? "RawCApi" : "RawLibpq";
      for (const char* op : {"Insert", "Select"}) {
        const std::string base = std::string("BM_") + dialect + "_" + op + "_";
        const auto raw = median.find(base + raw_impl);
        for (const char* impl : {"Session", "SessionNoRules"}) {
          const auto ours = median.find(base + impl);
          if (ours == median.end() || raw == median.end()) continue;
          std::printf("%s %s %s, %d rows: retort/raw = %.3f (median %.1f ms vs %.1f ms)\n", dialect,
                      op, impl, rows_wanted(), ours->second / raw->second, ours->second,
                      raw->second);
        }
      }
    }
    if (postgres_url() == nullptr) {
      std::printf("PostgreSQL not measured: set RETORT_BENCH_POSTGRES_URL to a scratch database\n");
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  // Defaults the command line can override: 5 repetitions, interleaved.
  if (!retort_bench::initialize(argc, argv)) return 1;
  if (retort_bench::given(argc, argv, "--benchmark_format") &&
      !retort_bench::given(argc, argv, "--benchmark_format=console")) {
    benchmark::RunSpecifiedBenchmarks();
  } else {
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    reporter.print_ratios();
  }
  benchmark::Shutdown();
  // The SQLite file, when a benchmark made one.
  std::filesystem::remove(std::filesystem::temp_directory_path() / "retort_runtime_bench.db");
  return 0;
}
