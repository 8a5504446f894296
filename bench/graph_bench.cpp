// Revision graph benchmarks: building (validating, ordering, labelling) a
// graph of 1,000 revisions, resolving `heads` on it, and planning an upgrade
// from base to every head. The graph is a main chain with side branches of
// ten revisions that merge back into it (the last one stays open, so there
// are two heads), some branch labels and a few depends_on edges.
//
// Run: build-*/bench/retort_graph_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "migrations/revision_graph.hpp"

namespace {

using retort::migrations::MigrationPlan;
using retort::migrations::Revision;
using retort::migrations::RevisionGraph;

std::vector<Revision> large_history(int size) {
  const int branch_count = size / 50;
  const int main_count = size - branch_count * 10;
  const int spacing = main_count / branch_count;
  auto main_id = [](int i) { return "m" + std::to_string(10000 + i); };
  std::vector<Revision> revs;
  for (int i = 0; i < main_count; ++i) {
    Revision r;
    r.id = main_id(i);
    if (i > 0) r.down_revisions.push_back(main_id(i - 1));
    // Every 100th main revision also depends on one 50 back.
    if (i >= 50 && i % 100 == 0) r.depends_on.push_back(main_id(i - 50));
    revs.push_back(std::move(r));
  }
  for (int k = 0; k < branch_count; ++k) {
    const int from = k * spacing + 5;
    std::string previous = main_id(from);
    for (int j = 0; j < 10; ++j) {
      Revision r;
      r.id = "s" + std::to_string(100 + k) + "_" + std::to_string(j);
      r.down_revisions.push_back(previous);
      if (j == 0) r.branch_labels.push_back("side" + std::to_string(k));
      previous = r.id;
      revs.push_back(std::move(r));
    }
    if (k + 1 < branch_count) {
      revs[static_cast<std::size_t>(from + 15)].down_revisions.push_back(previous);
    }
  }
  return revs;
}

RevisionGraph build_or_die(std::vector<Revision> revs) {
  auto g = RevisionGraph::build(std::move(revs));
  if (!g) std::abort();
  return std::move(*g);
}

void BM_BuildGraph(benchmark::State& state) {
  const std::vector<Revision> revs = large_history(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::vector<Revision> copy = revs;
    benchmark::DoNotOptimize(build_or_die(std::move(copy)));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_ResolveHeads(benchmark::State& state) {
  const RevisionGraph g = build_or_die(large_history(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    auto heads = g.resolve("heads");
    if (!heads || heads->size() != 2) std::abort();
    benchmark::DoNotOptimize(heads);
  }
}

// The figure issue 4 asks for: load 1,000 revisions and resolve `heads`.
void BM_BuildAndResolveHeads(benchmark::State& state) {
  const std::vector<Revision> revs = large_history(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::vector<Revision> copy = revs;
    RevisionGraph g = build_or_die(std::move(copy));
    auto heads = g.resolve("heads");
    if (!heads || heads->size() != 2) std::abort();
    benchmark::DoNotOptimize(heads);
  }
}

void BM_UpgradePlanToHeads(benchmark::State& state) {
  const RevisionGraph g = build_or_die(large_history(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    auto plan = g.upgrade_plan({}, "heads");
    if (!plan || plan->steps.size() != g.size()) std::abort();
    benchmark::DoNotOptimize(plan);
  }
}

void BM_ResolveLabelHead(benchmark::State& state) {
  const RevisionGraph g = build_or_die(large_history(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    auto head = g.resolve_one("side19@head-2");
    if (!head) std::abort();
    benchmark::DoNotOptimize(head);
  }
}

}  // namespace

BENCHMARK(BM_BuildGraph)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ResolveHeads)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BuildAndResolveHeads)->Arg(1000)->Arg(5000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_UpgradePlanToHeads)->Arg(1000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ResolveLabelHead)->Arg(1000)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
