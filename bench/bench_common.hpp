// What the benchmarks against a raw-driver baseline share: the row count
// and PostgreSQL URL from the environment, failing loudly, the default
// command line (5 repetitions, randomly interleaved), and a console
// reporter that keeps each benchmark's median so the program can print
// retort/raw ratios after the run.
//
//   RETORT_BENCH_ROWS          rows per benchmark (default 100,000)
//   RETORT_BENCH_POSTGRES_URL  a scratch PostgreSQL database; unset: the
//                              PostgreSQL benchmarks report an error
//
// Example:
//   int main(int argc, char** argv) {
//     return retort_bench::run_with_ratios(argc, argv, {{"BM_Ours", "BM_Raw"}}, "100,000 rows");
//   }
#pragma once

#include <benchmark/benchmark.h>

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Registers a benchmark of one iteration per repetition, in milliseconds
// of real time (the repetitions give the spread).
#define RETORT_BENCH_ONCE(f) \
  BENCHMARK(f)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime()

namespace retort_bench {

// SQLModel's hero, as the Python stack's runtime workload has it
// (bench/compare/runtime_baseline.py); each program declares its table.
struct Hero {
  std::optional<std::int64_t> id;
  std::string name;
  std::string secret_name;
  std::optional<std::int32_t> age;
  std::optional<std::int64_t> team_id;
};

[[noreturn]] inline void die(const std::string& what) {
  std::fprintf(stderr, "retort bench: %s\n", what.c_str());
  std::exit(1);
}

inline int rows_wanted() {
  static const int n = [] {
    const char* env = std::getenv("RETORT_BENCH_ROWS");
    const int v = env != nullptr ? std::atoi(env) : 100'000;
    if (v <= 0) die("RETORT_BENCH_ROWS must be a positive number of rows");
    return v;
  }();
  return n;
}

inline const char* postgres_url() { return std::getenv("RETORT_BENCH_POSTGRES_URL"); }

// A new SQLite file `file` in the temp directory, as a URL, after
// `prepare(url)`.
inline std::string temp_sqlite_url(const char* file, void (*prepare)(const std::string&)) {
  const auto path = std::filesystem::temp_directory_path() / file;
  std::filesystem::remove(path);
  std::string url = "sqlite:///" + path.string();
  prepare(url);
  return url;
}

// RETORT_BENCH_POSTGRES_URL after `prepare(url)`; nullopt when unset.
inline std::optional<std::string> prepared_postgres_url(void (*prepare)(const std::string&)) {
  const char* u = postgres_url();
  if (u == nullptr || *u == '\0') return std::nullopt;
  prepare(u);
  return std::string(u);
}

// `url`, or nullopt with the benchmark marked as an error when it is empty.
inline std::optional<std::string> or_skip(benchmark::State& state,
                                          const std::optional<std::string>& url) {
  if (!url) state.SkipWithError("RETORT_BENCH_POSTGRES_URL is not set: PostgreSQL not measured");
  return url;
}

template <class I>
I parse_int(const char* text, int length) {
  I v = 0;
  std::from_chars(text, text + length, v);
  return v;
}

// True when the command line has an option starting with `flag`.
inline bool given(int argc, char** argv, std::string_view flag) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]).starts_with(flag)) return true;
  }
  return false;
}

// benchmark::Initialize with 5 repetitions, randomly interleaved, unless
// the command line says otherwise; false on an unknown argument.
inline bool initialize(int argc, char** argv) {
  static std::string repetitions = "--benchmark_repetitions=5";
  static std::string interleave = "--benchmark_enable_random_interleaving=true";
  std::vector<char*> args(argv, argv + argc);
  if (!given(argc, argv, "--benchmark_repetitions")) {
    args.insert(args.begin() + 1, repetitions.data());
  }
  if (!given(argc, argv, "--benchmark_enable_random_interleaving")) {
    args.insert(args.begin() + 1, interleave.data());
  }
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  return !benchmark::ReportUnrecognizedArguments(count, args.data());
}

// The console report, remembering each benchmark's median real time.
class MedianReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) continue;
      const std::string name = run.run_name.function_name;
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
        median_[name] = run.GetAdjustedRealTime();
      } else if (run.run_type == Run::RT_Iteration && run.repetitions <= 1) {
        median_.emplace(name, run.GetAdjustedRealTime());  // a single repetition
      }
    }
  }
  const std::map<std::string, double>& medians() const { return median_; }

 private:
  std::map<std::string, double> median_;  // real time, in the benchmarks' unit
};

// Runs the registered benchmarks and prints "ours vs raw, WHAT: retort/raw
// = R" for each pair whose two medians are known.
inline int run_with_ratios(int argc, char** argv,
                           const std::vector<std::pair<std::string, std::string>>& pairs,
                           const std::string& what) {
  if (!initialize(argc, argv)) return 1;
  MedianReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  for (const auto& [ours, raw] : pairs) {
    const auto a = reporter.medians().find(ours);
    const auto b = reporter.medians().find(raw);
    if (a == reporter.medians().end() || b == reporter.medians().end()) continue;
    std::printf("%s vs %s, %s: retort/raw = %.3f (median %.1f ms vs %.1f ms)\n", ours.c_str(),
                raw.c_str(), what.c_str(), a->second / b->second, a->second, b->second);
  }
  if (postgres_url() == nullptr) {
    std::printf("PostgreSQL not measured: set RETORT_BENCH_POSTGRES_URL to a scratch database\n");
  }
  benchmark::Shutdown();
  return 0;
}

}  // namespace retort_bench
