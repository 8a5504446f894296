// retort: autogenerate and the schemas a diff compares.
//
// Three sources of a schema, each normalised by the Dialect so they compare
// equal when they agree:
//   - the models (models.toml, validated),
//   - the live database (without the version table; the schemas the models
//     name are inspected too),
//   - a revision: the schema history builds up to it, replayed from base with
//     core's apply() (no database).
// new_revision() builds a revision from ops: upgrade = the ops, downgrade =
// their inverses (inverse_all).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/dialect.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {

// Reads and validates models.toml, then normalises it for `dialect`.
Result<MetaData> load_models(const std::filesystem::path& models_file, const Dialect& dialect);

// InspectOptions excluding the version table and including every schema the
// models name.
InspectOptions inspect_options(const MetaData& models, const std::string& version_table);

// The schema with `heads` applied (each "" = base, or a known id): the
// upgrade ops of every revision they imply (through parents and depends_on),
// replayed from base in the graph's order, normalised for `dialect`. At a
// merge this is the union of both branches' changes.
Result<MetaData> schema_at(const RevisionGraph& graph, const std::vector<std::string>& heads,
                           const Dialect& dialect);
Result<MetaData> schema_at(const RevisionGraph& graph, std::string_view revision,
                           const Dialect& dialect);

// A new revision (not yet written): upgrade = ops, downgrade = inverse_all(ops)
// (an op without an inverse is kBadInput naming it), created = now.
struct NewRevision {
  std::string message;
  std::vector<std::string> down_revisions;  // empty for a base; several: a merge
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;  // full ids
  std::string rev_id;                   // "" for a random id; else validated
  std::vector<Op> ops;
};
Result<Revision> new_revision(const NewRevision& request);

}  // namespace retort::migrations
