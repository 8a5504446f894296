// retort: `retort lint` over revision files — each upgrade op's findings
// (dialects/lint_rules.hpp) with where it is written, a revision's
// acknowledged findings (`lint_ignore`), and the revision-wide ones.
//
// The schema each op runs on is played in memory from the first revision
// of the history up to it (no database), in the graph's order; an op the
// schema cannot follow (raw SQL) leaves it as it was. Whether a table
// "exists" (has rows running code uses) means: it is in that schema and
// the same revision did not create it.
//
// Revision-wide: `no-lock-timeout` when a revision that holds an op on an
// existing table runs with lock_timeout 0 (no limit). A column the revision
// drops and adds again under its own name (core/readded_columns.hpp) is no
// drop-column: its values are computed again.
//
// Example:
//   Result<LintReport> r = lint_revisions(graph, {rev}, "postgresql", settings);
//   r->findings[0].code   // "index-not-concurrent"
//   r->findings[0].line   // the op's line in its file
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/lint.hpp"
#include "migrations/lock_settings.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {

struct RevisionFinding {
  LintFinding finding;
  std::string revision;  // id
  std::string file;      // the revision file
  int line = 0;          // the op's line (the revision's for revision-wide findings)
  std::string op;        // describe(op); "" for revision-wide findings
  bool acknowledged = false;
  std::string reason;  // the lint_ignore reason, when acknowledged
};

struct LintReport {
  std::vector<RevisionFinding> findings;  // revision by revision, op by op
  std::size_t revisions = 0;
  std::size_t ops = 0;
};

// Lints the upgrade ops of `revisions` (any order: they are taken in the
// graph's) for `dialect`, under `settings` (retort.toml's lock settings,
// which a revision's own override).
// `row_count`: LintContext::row_count, when a database is at hand.
LintReport lint_revisions(const RevisionGraph& graph, const std::vector<const Revision*>& revisions,
                          std::string_view dialect, const LockSettings& settings,
                          const decltype(LintContext::row_count)& row_count = {});

// Whether `report` fails: an unacknowledged error, or with `strict` an
// unacknowledged warning.
bool lint_fails(const LintReport& report, bool strict);

}  // namespace retort::migrations
