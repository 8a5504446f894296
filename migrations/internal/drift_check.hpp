// retort: the drift check (`upgrade --check-drift`, `drift_check = true`).
//
// Before an upgrade runs anything, the live schema is compared with the
// schema history says the database has at its version rows (schema_at), the
// completed ops of a partly applied revision included, so resuming it is
// not drift. Only what retort models and the filters include is judged, as
// `diff` judges it. Left out, each with a note, is what history cannot
// predict:
//   - a table or enum named in the SQL of an `execute` op (any identifier in
//     it with the object's name, the names history ever gave included),
//     until a later create_table or drop_table of it makes it known again:
//     the last clean point of that object; a rename_table carries the mark
//     to the new name;
//   - what the SQL of a downgrade's `execute` op names, once that downgrade
//     ran;
//   - the objects of every applied revision that was never run (reached by
//     `stamp`, or applied before the history table existed): their tables,
//     renamed tables and the enum types their columns declare;
//   - what the op a partial run stopped in touches or names.
// Objects are named with their schema as the dialect reflects it
// (Dialect::normalize_schema_name), as the schemas compared name them.
// The live schema is read once (the inspect the check needs) and history is
// replayed in memory.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/connection.hpp"
#include "core/object_filter.hpp"
#include "migrations/history_table.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {

struct DriftReport {
  // What turns the schema history predicts into the live one: what was done
  // behind retort's back.
  std::vector<Op> ops;
  // What was and was not judged, one sentence each.
  std::vector<std::string> notes;
};

struct DriftInput {
  const RevisionGraph& graph;
  std::vector<std::string> version_rows;
  std::optional<HistoryRow> partial;  // the partly applied revision, if any
  std::vector<HistoryRow> history;    // every history row, oldest first
  ObjectFilter filter;
  std::vector<std::string> own_tables;  // the version and history tables
};

Result<DriftReport> find_drift(Connection& conn, const Dialect& dialect, const DriftInput& input);

// kBadInput listing the differences, with what to do.
Error drift_error(const DriftReport& report, const std::vector<std::string>& version_rows);

}  // namespace retort::migrations
