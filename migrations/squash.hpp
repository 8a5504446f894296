// retort: one revision that does what a run of revisions does (`retort
// squash A:B`, docs/squash.md).
//
// From history alone, no database: the revisions from A through B must be
// one line of history (each the only child of the one before, none a merge,
// no depends_on out of the range, none into it but on B, every one
// transactional, none a
// squash itself, their lock settings alike). Their upgrade ops are
// concatenated A..B and their downgrade ops B..A, each list simplified
// (core/op_simplify.hpp) unless told not to; data ops keep their place. The
// squash has A's parents (a name standing for an earlier squash is written
// as that squash), `replaces` = the range's ids, the branch labels declared
// in the range and the lint_ignore entries of all its revisions. Before it is
// returned it is checked on each dialect given (with core's apply(), from
// the schema history builds): each replaced revision's downgrade takes the
// schema back to its parent's (else kBadInput naming it), and the ops as
// they are, then the folded ones, take the schema at A's parents to the
// schema at B and back. A dialect on which the history itself does not
// apply is skipped (every one: that error).
//
// Refusals are kBadInput naming the revision file where one is at fault,
// and what to do; folded ops that fail the check where the plain ones pass
// are kInternal (a fault of retort's; the hint says `--no-simplify`).
#pragma once

#include <string>
#include <vector>

#include "core/dialect.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {

struct SquashOptions {
  std::string range;  // "A:B": the first and last revision replaced
  std::string message;
  std::string rev_id;    // "" for a random id
  bool simplify = true;  // false: the ops as they are, concatenated
};

// The squash revision, not written.
Result<Revision> build_squash(const RevisionGraph& graph, const SquashOptions& options,
                              const std::vector<const Dialect*>& dialects);

}  // namespace retort::migrations
