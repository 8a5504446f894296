// retort: the revision graph and revision identifiers.
//
// Built from the loaded revisions; validates them: a down_revision that names
// no revision (error names the file), a cycle, and, for now, more than one
// base or head (branches and merges are not supported yet) are kBadInput.
// Today the graph is a single chain ordered base -> head; the public surface
// speaks in revisions and paths so that a DAG can replace the chain.
//
// Revision ids are strings; the empty string "" stands for `base` (no
// revision applied) everywhere in this layer.
//
// Identifiers understood by resolve():
//   head, heads             the head ("" when there are no revisions)
//   base                    ""
//   <full id>, <prefix>     a prefix must be 4+ chars and unique
//   +N, -N                  N steps up/down from `current`
//   head-N, base+N          N steps from either end
//   <rev>+N, <rev>-N        N steps from a revision
// Unknown, ambiguous (the error lists the candidates) or out-of-range
// identifiers are kBadInput.
//
// Example:
//   Result<RevisionGraph> g = RevisionGraph::build(std::move(revisions));
//   Result<std::string> to = g->resolve("head-1", current);
//   Result<std::vector<const Revision*>> path = g->upgrade_path(current, *to);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrations/revision.hpp"

namespace retort::migrations {

class RevisionGraph {
 public:
  RevisionGraph() = default;  // empty: no revisions, head == base

  static Result<RevisionGraph> build(std::vector<Revision> revisions);

  bool empty() const { return chain_.empty(); }
  // nullptr when `id` is not a full revision id.
  const Revision* find(std::string_view id) const;
  // The head id, "" when there are no revisions.
  std::string head() const;
  // Every head (today: zero or one).
  std::vector<const Revision*> heads() const;
  // Every revision, base first.
  std::vector<const Revision*> revisions() const;

  // True when `identifier` is relative to the database's current revision
  // (+N / -N), so resolve() needs `current`.
  static bool is_relative(std::string_view identifier);

  // Resolves an identifier to a full id ("" for base). `current` is the
  // database's revision ("" for base), needed only by +N / -N; when it is
  // nullopt such identifiers are kBadInput.
  Result<std::string> resolve(std::string_view identifier,
                              const std::optional<std::string>& current = std::nullopt) const;

  // Position in the chain: 0 for base, 1 for the first revision, ...
  // REQUIRES: `id` is "" or a known id.
  int depth(std::string_view id) const;

  // The revisions whose upgrade ops run to go from `from` to `to`: (from, to],
  // base first. kBadInput when `to` is below `from`.
  Result<std::vector<const Revision*>> upgrade_path(std::string_view from,
                                                    std::string_view to) const;
  // The revisions whose downgrade ops run to go from `from` down to `to`:
  // (to, from], head first. kBadInput when `to` is above `from`.
  Result<std::vector<const Revision*>> downgrade_path(std::string_view from,
                                                      std::string_view to) const;

 private:
  std::vector<Revision> chain_;                    // base first
  std::map<std::string, int, std::less<>> index_;  // id -> position in chain_
};

}  // namespace retort::migrations
