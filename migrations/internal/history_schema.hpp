// retort: the schema at a revision, built from history alone.
//
// The upgrade ops of the revisions a set of heads implies, replayed from base
// with core's apply() (no database) and normalised by the Dialect, so the
// result compares equal to the models and the live database when they agree.
// Offline --sql starts from it; autogenerate and diff compare against it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/dialect.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {

// The schema with `heads` applied (each "" = base, or a known id): the
// upgrade ops of every revision they imply (through parents and depends_on),
// replayed from base in the graph's order, normalised for `dialect`. At a
// merge this is the union of both branches' changes. A head at the last
// revision a squash replaces is the squash; one at an earlier replaced
// revision is the squash's parents plus the replaced revisions through it,
// from their files. An op that does not
// apply is kBadInput naming its revision file and line.
Result<MetaData> schema_at(const RevisionGraph& graph, const std::vector<std::string>& heads,
                           const Dialect& dialect);
Result<MetaData> schema_at(const RevisionGraph& graph, std::string_view revision,
                           const Dialect& dialect);

}  // namespace retort::migrations
