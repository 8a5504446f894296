// Revision checksums (migrations/checksum.hpp): what `upgrade head` on the
// 200-revision chain spends on them, beside what it already spends reading
// the same 200 revision files (the baseline, in the same run). Each revision
// is one create_table of 8 columns with an index, a unique column and a
// foreign key, and its drop_table downgrade, as bench/compare's chain.
//
// Run: build/bench/retort_checksum_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "migrations/checksum.hpp"
#include "migrations/revision.hpp"

namespace {

using retort::migrations::Revision;

std::string table_entry(const char* direction, const char* op, int i) {
  const std::string name = "t" + std::to_string(1000 + i);
  const std::string parent = "t" + std::to_string(1000 + (i > 0 ? i - 1 : 0));
  return std::string("[[") + direction + "]]\nop = \"" + op + "\"\ntable = \"" + name +
         "\"\ncolumns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(100)\", index = true },\n"
         "  { name = \"code\", type = \"varchar(50)\", unique = true },\n"
         "  { name = \"note\", type = \"text\", nullable = true },\n"
         "  { name = \"active\", type = \"boolean\" },\n"
         "  { name = \"score\", type = \"float\" },\n"
         "  { name = \"created_at\", type = \"timestamp\" },\n"
         "  { name = \"parent_id\", type = \"integer\", nullable = true, foreign_key = \"" +
         parent + ".id\" },\n]\n\n";
}

std::vector<std::string> chain_texts(int length) {
  std::vector<std::string> texts;
  for (int i = 0; i < length; ++i) {
    const std::string id = "r" + std::to_string(100000 + i);
    const std::string down = i == 0 ? "" : "r" + std::to_string(100000 + i - 1);
    texts.push_back("revision = \"" + id + "\"\ndown_revision = \"" + down +
                    "\"\nmessage = \"table " + std::to_string(i) + "\"\n\n" +
                    table_entry("upgrade", "create_table", i) +
                    table_entry("downgrade", "drop_table", i));
  }
  return texts;
}

// Baseline: reading the 200 files' text into revisions, which every upgrade
// does.
void BM_ReadChain(benchmark::State& state) {
  const std::vector<std::string> texts = chain_texts(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    for (const std::string& text : texts) {
      auto rev = retort::migrations::read_revision(text, "bench.toml");
      if (!rev) std::abort();
      benchmark::DoNotOptimize(rev->upgrade.size());
    }
  }
}
BENCHMARK(BM_ReadChain)->Arg(200)->Unit(benchmark::kMillisecond);

// What checksums add: one per revision that runs.
void BM_ChecksumChain(benchmark::State& state) {
  std::vector<Revision> revs;
  for (const std::string& text : chain_texts(static_cast<int>(state.range(0)))) {
    auto rev = retort::migrations::read_revision(text, "bench.toml");
    if (!rev) std::abort();
    revs.push_back(std::move(*rev));
  }
  for (auto _ : state) {
    for (const Revision& rev : revs) {
      benchmark::DoNotOptimize(retort::migrations::revision_checksum(rev));
    }
  }
}
BENCHMARK(BM_ChecksumChain)->Arg(200)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
