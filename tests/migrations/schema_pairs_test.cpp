// Property test: random schema pairs A -> B (schema_pairs.hpp), each run
// through autogenerate, upgrade, check, downgrade and a direct catalog
// comparison (schema_pair_run.hpp).
//
// Seeded and reproducible: pair i uses seed RETORT_TEST_SEED + i (base 1000
// unless set). 50 pairs per dialect; RETORT_TEST_FULL=1 runs 400;
// RETORT_TEST_PAIRS=N runs N. A failure prints the seed, the command that
// reruns it, the changes, both models files and the last revision.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/migrations/schema_pair_run.hpp"
#include "tests/support/test_database.hpp"

namespace retort::testing {
namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

class SchemaPairsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(SchemaPairsTest, AutogenerateUpgradeDowngradeRoundTrips) {
  const std::uint64_t base = env_number("RETORT_TEST_SEED", 1000);
  const std::uint64_t count =
      env_number("RETORT_TEST_PAIRS", env_number("RETORT_TEST_FULL", 0) != 0 ? 400 : 50);
  TestDatabase db(GetParam());
  int failures = 0;
  for (std::uint64_t i = 0; i < count && failures < 5; ++i) {
    const SchemaPair pair = make_schema_pair(base + i);
    PairResult result = run_schema_pair(db, pair);
    if (result.failure.empty()) continue;
    ++failures;
    ADD_FAILURE() << describe_pair(pair, GetParam()) << "--- last revision\n"
                  << result.last_revision << "--- failure\n"
                  << result.failure;
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, SchemaPairsTest, ::testing::ValuesIn(kAllDialects),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace retort::testing
