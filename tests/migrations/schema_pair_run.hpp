// Runs one schema pair A -> B through the project API on an emptied database:
// autogenerate + upgrade to A, fill A's tables, autogenerate + upgrade to B,
// `check` finds nothing, downgrade one step, the catalogs (read directly)
// equal A's again, and a diff of the database
// with models A finds nothing. Each step reopens the
// project, so revisions are read back from their files as the CLI would.
#pragma once

#include <string>

#include "tests/migrations/schema_pairs.hpp"
#include "tests/support/test_database.hpp"

namespace retort::testing {

struct PairResult {
  std::string failure;        // "" when every step held, else what failed
  std::string last_revision;  // the text of the last revision written
};

// `db` may be used again: the run starts by emptying it and its folder.
PairResult run_schema_pair(TestDatabase& db, const SchemaPair& pair);

// The seed (with the command that reruns it), the changes and both models
// files, for a failure message.
std::string describe_pair(const SchemaPair& pair, const std::string& dialect);

}  // namespace retort::testing
