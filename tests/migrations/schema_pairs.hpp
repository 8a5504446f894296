// Random schema pairs A -> B for the autogenerate property test.
//
// A pair is two models.toml texts on a few small tables. B is A changed in
// ways autogenerate handles without converting data: tables, columns
// (nullable or with a default), nullability, defaults, comments, indexes
// (unique, partial), unique constraints, checks, foreign keys and widening
// type changes. No renames: a renamed object is a drop and an add.
//
// The rows fill_rows() describes (every table of A, ids 1..kRows) satisfy A,
// B and A again after a downgrade: the generator only adds a constraint that
// the rows it will meet already satisfy, and only drops what a downgrade can
// re-create on filled tables. A check never changes its body under one name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace retort::testing {

inline constexpr int kRows = 3;

struct SchemaPair {
  std::uint64_t seed = 0;
  std::string models_a;
  std::string models_b;
  // INSERT statements (portable SQL) that fill A's tables, parents first.
  std::vector<std::string> inserts_a;
  // What B changes, one line per change, for the failure message.
  std::vector<std::string> changes;
};

// The same seed gives the same pair on every machine.
SchemaPair make_schema_pair(std::uint64_t seed);

}  // namespace retort::testing
