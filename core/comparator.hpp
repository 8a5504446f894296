// retort: the comparator (schema x schema -> ops).
//
// compare(from, to) returns the ops that turn `from` (usually the live
// database) into `to` (usually the models), in an order that runs: enums
// created before the tables that use them, parent tables created before
// children, foreign keys and indexes dropped before their tables, children
// dropped before parents. Both schemas must be normalised by the same
// Dialect first; then equivalent spellings compare equal and a false diff is
// a bug.
//
// REQUIRES: `from` and `to` are normalised by the same Dialect
// (Dialect::normalize); compare() itself cannot fail and keeps no state.
#pragma once

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

}  // namespace retort
