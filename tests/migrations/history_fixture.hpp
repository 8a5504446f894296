// Test helpers: a small revision history built in memory.
//
//   a1b2c3d4e5f6  create audit and team      (base)
//   b2c3d4e5f6a7  add team.headquarters, ix_team_name
//   c3d4e5f6a7b8  create hero -> team        (head)
//
// Every revision also inserts its own id into `audit` with an execute op, so
// a test can count how many times each revision ran.
#pragma once

#include <string>
#include <vector>

#include "core/connection.hpp"
#include "migrations/revision.hpp"
#include "migrations/revision_graph.hpp"
#include "migrations/version_table.hpp"

namespace retort::testing {

inline constexpr const char* kRev1 = "a1b2c3d4e5f6";
inline constexpr const char* kRev2 = "b2c3d4e5f6a7";
inline constexpr const char* kRev3 = "c3d4e5f6a7b8";

Type make_type(TypeKind kind, int length = 0);
Column make_column(std::string name, Type type, bool nullable = false, bool primary_key = false);
Table make_table(std::string name, std::vector<Column> columns);

// A revision whose downgrade is the inverse of its non-execute upgrade ops,
// preceded by deleting its audit row when `audited`.
migrations::Revision make_revision(std::string id, std::string down, std::string message,
                                   std::vector<Op> upgrade, bool audited = true);

// The three revisions above, base first.
std::vector<migrations::Revision> sample_history();

// REQUIRES: the revisions form a valid chain (the test fails otherwise).
migrations::RevisionGraph build_graph(std::vector<migrations::Revision> revisions);

// The database's version-table rows joined with "," ("" for base, "a1,b2"
// for two heads); records a test failure and returns "<error>" when they
// cannot be read.
std::string current_revision(const migrations::VersionTable& table, Connection& conn);
// The rows themselves, sorted.
std::vector<std::string> current_rows(const migrations::VersionTable& table, Connection& conn);

// The `rev` column of the sample history's audit table, sorted: one row per
// applied revision.
std::vector<std::string> audit_rows(Connection& conn);

}  // namespace retort::testing
