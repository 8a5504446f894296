// Join benchmark: retort's select<Hero, Team>().join<Team>() against the
// raw driver running the same SQL, in the same run: 100,000 heroes
// (RETORT_BENCH_ROWS) joined to 1,000 teams (each hero in team i % 1000),
// every row read into a std::vector<std::tuple<Hero, Team>>.
//
// SQLite (a file in the temp dir):
//   Session   s.select<Hero, Team>().join<Team>().all()
//   RawCApi   sqlite3_prepare_v3 of the very SQL the Session sent (taken
//             from its statement hook), stepped and copied into the same
//             structs.
// PostgreSQL (RETORT_BENCH_POSTGRES_URL; without it those benchmarks
// report an error instead of a time):
//   Session   the same call, through libpqxx
//   RawLibpq  PQprepare + PQexecPrepared of that SQL, text results parsed
//             with PQgetvalue per field.
//
// Each side prepares its statement once, outside the timed loop; one
// iteration per repetition, repetitions interleaved in random order (5
// unless the command line says otherwise). After the run, retort/raw of
// each pair's median is printed. Target: at most 1.25.
//
// Example:
//   RETORT_BENCH_POSTGRES_URL=postgresql://... build/bench/retort_join_bench
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "bench/bench_common.hpp"
#include "core/model/create_all.hpp"
#include "core/model/session.hpp"
#include "dialects/registry.hpp"

namespace {

struct Team {
  std::optional<std::int64_t> id;
  std::string name;
  std::string headquarters;
};

using retort_bench::Hero;

const auto teams = retort::table<Team>("join_team", retort::column("id", &Team::id).primary_key(),
                                       retort::column("name", &Team::name).max_length(50),
                                       retort::column("headquarters", &Team::headquarters));
const auto heroes =
    retort::table<Hero>("join_hero", retort::column("id", &Hero::id).primary_key(),
                        retort::column("name", &Hero::name).max_length(100),
                        retort::column("secret_name", &Hero::secret_name),
                        retort::column("age", &Hero::age).ge(0).le(200),
                        retort::column("team_id", &Hero::team_id).foreign_key(teams, &Team::id));

constexpr int kTeams = 1000;
using Row = std::tuple<Hero, Team>;

using retort_bench::die;
using retort_bench::parse_int;
using retort_bench::postgres_url;
int heroes_wanted() { return retort_bench::rows_wanted(); }

// The tables, holding exactly kTeams teams and heroes_wanted() heroes.
void fill(const std::string& url) {
  retort::Session s{retort::connect(url)};
  (void)retort::create_all(s, retort::MetaData{teams, heroes});
  if (s.select<Team>().count() == kTeams && s.select<Hero>().count() == heroes_wanted()) return;
  {
    auto tx = s.begin();
    if (!s.connection().execute("DELETE FROM \"join_hero\"") ||
        !s.connection().execute("DELETE FROM \"join_team\"")) {
      die("cannot clear the join tables");
    }
    tx.commit();
  }
  std::vector<Team> ts;
  for (int i = 0; i < kTeams; ++i) {
    ts.push_back(Team{{}, "team " + std::to_string(i), "hq " + std::to_string(i % 37)});
  }
  s.add_all(ts);
  std::vector<Hero> hs;
  hs.reserve(static_cast<std::size_t>(heroes_wanted()));
  for (int i = 0; i < heroes_wanted(); ++i) {
    hs.push_back(Hero{{},
                      "hero " + std::to_string(i),
                      "secret " + std::to_string(i),
                      i % 90,
                      ts[static_cast<std::size_t>(i % kTeams)].id});
  }
  s.add_all(hs);
}

const std::string& sqlite_url() {
  static const std::string url = retort_bench::temp_sqlite_url("retort_join_bench.db", &fill);
  return url;
}

std::optional<std::string> postgres(benchmark::State& state) {
  static const std::optional<std::string> url = retort_bench::prepared_postgres_url(&fill);
  return retort_bench::or_skip(state, url);
}

std::vector<Row> session_join(retort::Session& s) {
  return s.select<Hero, Team>().join<Team>().all();
}

// The SQL the Session sends for the join, from its statement hook.
std::string join_sql(const std::string& url) {
  retort::Session s{retort::connect(url)};
  std::string sql;
  s.set_statement_hook([&](const retort::StatementEvent& e) { sql = e.sql; });
  (void)s.select<Hero, Team>().join<Team>().limit(1).all();
  const std::size_t limit = sql.rfind(" LIMIT");
  if (limit == std::string::npos) die("unexpected join SQL: " + sql);
  return sql.substr(0, limit);
}

void check(const std::vector<Row>& rows) {
  if (rows.size() != static_cast<std::size_t>(heroes_wanted())) die("wrong row count");
  const auto& [h, t] = rows.back();
  if (h.team_id != t.id || t.name.empty()) die("a hero joined to the wrong team");
}

// Times `join()` (its result checked outside the timed region), after one
// untimed run that warms the pages and the statement.
template <class F>
void time_join(benchmark::State& state, F join) {
  check(join());
  for (auto _ : state) {
    std::vector<Row> rows = join();
    benchmark::DoNotOptimize(rows.data());
    state.PauseTiming();
    check(rows);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * heroes_wanted());
}

void session_bench(benchmark::State& state, const std::string& url) {
  retort::Session s{retort::connect(url)};
  time_join(state, [&] { return session_join(s); });
}

// ---- SQLite --------------------------------------------------------------------

std::string sqlite_text(sqlite3_stmt* st, int column) {
  return {reinterpret_cast<const char*>(sqlite3_column_text(st, column)),
          static_cast<std::size_t>(sqlite3_column_bytes(st, column))};
}

std::vector<Row> raw_sqlite_join(sqlite3_stmt* st) {
  std::vector<Row> rows;
  while (sqlite3_step(st) == SQLITE_ROW) {
    auto& [h, t] = rows.emplace_back();
    h.id = sqlite3_column_int64(st, 0);
    h.name = sqlite_text(st, 1);
    h.secret_name = sqlite_text(st, 2);
    if (sqlite3_column_type(st, 3) != SQLITE_NULL) h.age = sqlite3_column_int(st, 3);
    if (sqlite3_column_type(st, 4) != SQLITE_NULL) h.team_id = sqlite3_column_int64(st, 4);
    t.id = sqlite3_column_int64(st, 5);
    t.name = sqlite_text(st, 6);
    t.headquarters = sqlite_text(st, 7);
  }
  sqlite3_reset(st);
  return rows;
}

void BM_Sqlite_Join_Session(benchmark::State& state) { session_bench(state, sqlite_url()); }

void BM_Sqlite_Join_RawCApi(benchmark::State& state) {
  const std::string path = sqlite_url().substr(std::strlen("sqlite:///"));
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    die("cannot open " + path);
  }
  sqlite3_stmt* st = nullptr;
  const std::string sql = join_sql(sqlite_url());
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) !=
      SQLITE_OK) {
    die(sqlite3_errmsg(db));
  }
  time_join(state, [&] { return raw_sqlite_join(st); });
  sqlite3_finalize(st);
  sqlite3_close(db);
}

// ---- PostgreSQL ----------------------------------------------------------------

template <class I>
I pq_int(const PGresult* r, int row, int column) {
  return parse_int<I>(PQgetvalue(r, row, column), PQgetlength(r, row, column));
}

std::string pq_text(const PGresult* r, int row, int column) {
  return {PQgetvalue(r, row, column), static_cast<std::size_t>(PQgetlength(r, row, column))};
}

std::vector<Row> raw_libpq_join(PGconn* conn) {
  PGresult* r = PQexecPrepared(conn, "join", 0, nullptr, nullptr, nullptr, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) die(PQerrorMessage(conn));
  const int n = PQntuples(r);
  std::vector<Row> rows;
  rows.reserve(static_cast<std::size_t>(n));  // libpq holds every row, as for the Session
  for (int i = 0; i < n; ++i) {
    auto& [h, t] = rows.emplace_back();
    h.id = pq_int<std::int64_t>(r, i, 0);
    h.name = pq_text(r, i, 1);
    h.secret_name = pq_text(r, i, 2);
    if (!PQgetisnull(r, i, 3)) h.age = pq_int<std::int32_t>(r, i, 3);
    if (!PQgetisnull(r, i, 4)) h.team_id = pq_int<std::int64_t>(r, i, 4);
    t.id = pq_int<std::int64_t>(r, i, 5);
    t.name = pq_text(r, i, 6);
    t.headquarters = pq_text(r, i, 7);
  }
  PQclear(r);
  return rows;
}

void BM_Postgres_Join_Session(benchmark::State& state) {
  if (const auto url = postgres(state)) session_bench(state, *url);
}

void BM_Postgres_Join_RawLibpq(benchmark::State& state) {
  const auto url = postgres(state);
  if (!url) return;
  PGconn* conn = PQconnectdb(url->c_str());
  if (PQstatus(conn) != CONNECTION_OK) die(PQerrorMessage(conn));
  PGresult* prepared = PQprepare(conn, "join", join_sql(*url).c_str(), 0, nullptr);
  if (PQresultStatus(prepared) != PGRES_COMMAND_OK) die(PQerrorMessage(conn));
  PQclear(prepared);
  time_join(state, [&] { return raw_libpq_join(conn); });
  PQfinish(conn);
}

RETORT_BENCH_ONCE(BM_Sqlite_Join_RawCApi);
RETORT_BENCH_ONCE(BM_Sqlite_Join_Session);
RETORT_BENCH_ONCE(BM_Postgres_Join_RawLibpq);
RETORT_BENCH_ONCE(BM_Postgres_Join_Session);

}  // namespace

int main(int argc, char** argv) {
  const int status = retort_bench::run_with_ratios(
      argc, argv,
      {{"BM_Sqlite_Join_Session", "BM_Sqlite_Join_RawCApi"},
       {"BM_Postgres_Join_Session", "BM_Postgres_Join_RawLibpq"}},
      std::to_string(heroes_wanted()) + " heroes x " + std::to_string(kTeams) + " teams");
  std::filesystem::remove(std::filesystem::temp_directory_path() / "retort_join_bench.db");
  return status;
}
