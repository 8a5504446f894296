// retort: the comparator (schema x schema -> ops).
//
// compare(from, to) returns the ops that turn `from` (usually the live
// database) into `to` (usually the models), in an order that runs: enums
// created before the tables that use them, parent tables created before
// children, foreign keys and indexes dropped before their tables, children
// dropped before parents; views dropped first and created last, in
// dependency order, and recreated around changes to what they read
// (core/view_order.hpp). Both schemas must be normalised by the same
// Dialect first; then equivalent spellings compare equal and a false diff is
// a bug.
//
// REQUIRES: `from` and `to` are normalised by the same Dialect
// (Dialect::normalize); compare() itself cannot fail and keeps no state.
//
// Renames: a column or table of `to` that says renamed_from = "old" becomes a
// rename_column / rename_table op (first, before every other phase) while
// `from` has the old name and not the new one; the other ops are then those
// between the renamed `from` and `to`. No op carries renamed_from. Renames
// that are not declared are not guessed: rename_candidates() finds the drop
// and add pairs that may be one, for the caller to ask about.
#pragma once

#include <string>
#include <vector>

#include "core/ops.hpp"

namespace retort {

struct CompareOptions {
  // Compare table and column comments. Both dialects keep them (SQLite in
  // markers inside the stored CREATE TABLE text), so this stays true.
  bool compare_comments = true;
};

std::vector<Op> compare(const MetaData& from, const MetaData& to,
                        const CompareOptions& options = {});

// A drop and an add in one list of ops that look like a rename: in one table,
// a dropped column and an added column of a compatible type (both integers,
// both text, both floating or numeric, both timestamps, or the same kind), or
// a dropped table and a created one in the same schema sharing at least half
// of their columns (name and compatible type).
struct RenameCandidate {
  std::string schema;
  std::string table;     // the columns' table; for tables, the dropped one
  std::string old_name;  // the dropped column or table
  std::string new_name;  // the added column or table
  bool is_table = false;
  std::string new_type;  // columns: the added column's type ("integer")
  int line = 0;          // the added column's or table's line in the models

  // How --allow-drop names the dropped object: "hero.age", "app.hero.age";
  // "hero" for a table.
  std::string dropped() const;
  // "column hero.age -> hero.years (integer)", "table team -> squad".
  std::string describe() const;
};

// Every pair in `ops` (as compare() returns them) that may be a rename, in
// op order. An object dropped and added with look-alikes on both sides gives
// one candidate per compatible pair. A column dropped and added again under
// its own name (around a replaced function) is none.
std::vector<RenameCandidate> rename_candidates(const std::vector<Op>& ops);

}  // namespace retort
