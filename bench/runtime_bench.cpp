// Model runtime benchmarks: retort's Session against the raw sqlite3 C API
// doing the same work in the same run, on a SQLite file in a temp dir:
//
//   Insert  100,000 rows in one transaction (retort: add_all, which also
//           validates every row and reads each new id back; raw: one
//           prepared INSERT, bind/step/reset per row, last_insert_rowid)
//   Select  100,000 rows into a std::vector of structs (retort:
//           select<T>().all(); raw: one prepared SELECT, step and copy)
//
// After the run, the ratio retort/raw of each pair's median time is printed.
// Aim: at most 1.15.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/comparator.hpp"
#include "core/model/session.hpp"
#include "dialects/registry.hpp"

namespace {

constexpr int kRows = 100'000;

struct Person {
  std::optional<std::int64_t> id;
  std::string name;
  std::string email;
  std::int32_t age = 0;
  double score = 0;
  bool active = false;
};

const auto people = retort::table<Person>(
    "person", retort::column("id", &Person::id).primary_key(),
    retort::column("name", &Person::name).min_length(1).max_length(100),
    retort::column("email", &Person::email).max_length(200),
    retort::column("age", &Person::age).ge(0).le(200), retort::column("score", &Person::score),
    retort::column("active", &Person::active));

// The same table without validation rules: separates the cost of
// validation (the model's rules run per row) from the rest of the insert path.
struct PlainPerson {
  std::optional<std::int64_t> id;
  std::string name;
  std::string email;
  std::int32_t age = 0;
  double score = 0;
  bool active = false;
};
const auto plain_people = retort::table<PlainPerson>(
    "plain_person", retort::column("id", &PlainPerson::id).primary_key(),
    retort::column("name", &PlainPerson::name), retort::column("email", &PlainPerson::email),
    retort::column("age", &PlainPerson::age), retort::column("score", &PlainPerson::score),
    retort::column("active", &PlainPerson::active));

std::vector<Person> make_people() {
  std::vector<Person> out;
  out.reserve(kRows);
  for (int i = 0; i < kRows; ++i) {
    out.push_back(Person{std::nullopt, "person number " + std::to_string(i),
                         "person" + std::to_string(i) + "@example.com", i % 100, i * 0.5,
                         i % 3 == 0});
  }
  return out;
}

void die(const std::string& what) {
  std::fprintf(stderr, "runtime_bench: %s\n", what.c_str());
  std::exit(1);
}

// A fresh database file with the person table, created from the model.
std::string fresh_database(const std::string& name) {
  const auto path = std::filesystem::temp_directory_path() / ("retort_runtime_" + name + ".db");
  std::filesystem::remove(path);
  const std::string url = "sqlite:///" + path.string();
  auto conn = retort::connect(url);
  if (!conn) die(conn.error().describe());
  const retort::Dialect& d = (*conn)->dialect();
  retort::MetaData before;
  const retort::MetaData declared{people, plain_people};
  for (const retort::Op& op : retort::compare(retort::MetaData{}, d.normalize(declared))) {
    auto statements = d.compile(op, before);
    if (!statements) die(statements.error().describe());
    for (const auto& st : *statements) {
      if (!(*conn)->execute(st.sql)) die("cannot create the table");
    }
    (void)retort::apply(before, op);
  }
  return path.string();
}

void clear_table(sqlite3* db) {
  if (sqlite3_exec(db, "DELETE FROM \"person\"", nullptr, nullptr, nullptr) != SQLITE_OK) {
    die(sqlite3_errmsg(db));
  }
}

sqlite3* open_raw(const std::string& path) {
  sqlite3* db = nullptr;
  // The same flags retort opens its connections with.
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    die("cannot open " + path);
  }
  return db;
}

// ---- insert ----------------------------------------------------------------

void BM_InsertRetort(benchmark::State& state) {
  const std::string path = fresh_database("insert_retort");
  retort::Session session{retort::connect("sqlite:///" + path)};
  for (auto _ : state) {
    state.PauseTiming();
    if (!session.connection().execute("DELETE FROM \"person\"")) die("cannot clear");
    std::vector<Person> rows = make_people();
    state.ResumeTiming();
    session.add_all(rows);
    benchmark::DoNotOptimize(rows.back().id);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_InsertRetortNoRules(benchmark::State& state) {
  const std::string path = fresh_database("insert_plain");
  retort::Session session{retort::connect("sqlite:///" + path)};
  for (auto _ : state) {
    state.PauseTiming();
    if (!session.connection().execute("DELETE FROM \"plain_person\"")) die("cannot clear");
    std::vector<PlainPerson> rows;
    rows.reserve(kRows);
    for (Person& p : make_people()) {
      rows.push_back(
          PlainPerson{p.id, std::move(p.name), std::move(p.email), p.age, p.score, p.active});
    }
    state.ResumeTiming();
    session.add_all(rows);
    benchmark::DoNotOptimize(rows.back().id);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_InsertRaw(benchmark::State& state) {
  const std::string path = fresh_database("insert_raw");
  sqlite3* db = open_raw(path);
  sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "INSERT INTO \"person\" (\"name\", \"email\", \"age\", \"score\", \"active\") VALUES (?, "
      "?, ?, ?, ?)";
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
    die(sqlite3_errmsg(db));
  }
  for (auto _ : state) {
    state.PauseTiming();
    clear_table(db);
    std::vector<Person> rows = make_people();
    state.ResumeTiming();
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    for (Person& p : rows) {
      sqlite3_bind_text(st, 1, p.name.data(), static_cast<int>(p.name.size()), SQLITE_STATIC);
      sqlite3_bind_text(st, 2, p.email.data(), static_cast<int>(p.email.size()), SQLITE_STATIC);
      sqlite3_bind_int(st, 3, p.age);
      sqlite3_bind_double(st, 4, p.score);
      sqlite3_bind_int(st, 5, p.active ? 1 : 0);
      if (sqlite3_step(st) != SQLITE_DONE) die(sqlite3_errmsg(db));
      p.id = sqlite3_last_insert_rowid(db);
      sqlite3_reset(st);
    }
    if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      die(sqlite3_errmsg(db));
    }
    benchmark::DoNotOptimize(rows.back().id);
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * kRows);
}

// ---- select ----------------------------------------------------------------

// A file with kRows people, filled once.
const std::string& filled_database() {
  static const std::string path = [] {
    std::string p = fresh_database("select");
    retort::Session session{retort::connect("sqlite:///" + p)};
    std::vector<Person> rows = make_people();
    session.add_all(rows);
    return p;
  }();
  return path;
}

void BM_SelectRetort(benchmark::State& state) {
  retort::Session session{retort::connect("sqlite:///" + filled_database())};
  for (auto _ : state) {
    std::vector<Person> rows = session.select<Person>().all();
    if (rows.size() != static_cast<std::size_t>(kRows)) die("wrong row count");
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_SelectRaw(benchmark::State& state) {
  sqlite3* db = open_raw(filled_database());
  sqlite3_stmt* st = nullptr;
  const char* sql =
      "SELECT \"id\", \"name\", \"email\", \"age\", \"score\", \"active\" FROM \"person\"";
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
    die(sqlite3_errmsg(db));
  }
  for (auto _ : state) {
    std::vector<Person> rows;
    while (sqlite3_step(st) == SQLITE_ROW) {
      Person& p = rows.emplace_back();
      p.id = sqlite3_column_int64(st, 0);
      p.name.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)),
                    static_cast<std::size_t>(sqlite3_column_bytes(st, 1)));
      p.email.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 2)),
                     static_cast<std::size_t>(sqlite3_column_bytes(st, 2)));
      p.age = sqlite3_column_int(st, 3);
      p.score = sqlite3_column_double(st, 4);
      p.active = sqlite3_column_int(st, 5) != 0;
    }
    sqlite3_reset(st);
    if (rows.size() != static_cast<std::size_t>(kRows)) die("wrong row count");
    benchmark::DoNotOptimize(rows.data());
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  state.SetItemsProcessed(state.iterations() * kRows);
}

BENCHMARK(BM_InsertRaw)->Unit(benchmark::kMillisecond)->Repetitions(5);
BENCHMARK(BM_InsertRetort)->Unit(benchmark::kMillisecond)->Repetitions(5);
BENCHMARK(BM_InsertRetortNoRules)->Unit(benchmark::kMillisecond)->Repetitions(5);
BENCHMARK(BM_SelectRaw)->Unit(benchmark::kMillisecond)->Repetitions(5);
BENCHMARK(BM_SelectRetort)->Unit(benchmark::kMillisecond)->Repetitions(5);

// Prints the console report and remembers each benchmark's median time.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
        median_[run.run_name.function_name] = {run.GetAdjustedRealTime(), run.GetAdjustedCPUTime()};
      }
    }
  }
  void print_ratios() const {
    for (const auto& [what, base] :
         {std::pair{"Insert", "Insert"}, std::pair{"InsertNoRules", "Insert"},
          std::pair{"Select", "Select"}}) {
      const std::string name = what == std::string("InsertNoRules")
                                   ? "BM_InsertRetortNoRules"
                                   : std::string("BM_") + what + "Retort";
      const auto retort = median_.find(name);
      const auto raw = median_.find(std::string("BM_") + base + "Raw");
      if (retort == median_.end() || raw == median_.end()) continue;
      std::printf(
          "%s %d rows: retort/raw = %.3f real (median %.1f ms vs %.1f ms), %.3f CPU (%.1f ms vs "
          "%.1f ms)\n",
          what, kRows, retort->second.first / raw->second.first, retort->second.first,
          raw->second.first, retort->second.second / raw->second.second, retort->second.second,
          raw->second.second);
    }
  }

 private:
  std::map<std::string, std::pair<double, double>> median_;  // real, CPU
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  benchmark::Shutdown();
  return 0;
}
