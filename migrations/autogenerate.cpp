#include "migrations/autogenerate.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/models_toml.hpp"
#include "migrations/compile.hpp"

namespace retort::migrations {

Result<MetaData> load_models(const std::filesystem::path& models_file, const Dialect& dialect) {
  Result<MetaData> models = read_models_file(
      models_file, NameLimit{dialect.max_identifier_bytes(), std::string(dialect.name())});
  if (!models) return models;
  return dialect.normalize(*models);
}

InspectOptions inspect_options(const MetaData& models, const std::string& version_table) {
  InspectOptions options;
  options.exclude_tables = {version_table};
  auto add_schema = [&](const std::string& schema) {
    if (!schema.empty() && std::find(options.schemas.begin(), options.schemas.end(), schema) ==
                               options.schemas.end()) {
      options.schemas.push_back(schema);
    }
  };
  for (const Table& t : models.tables) add_schema(t.schema);
  for (const Enum& e : models.enums) add_schema(e.schema);
  return options;
}

Result<MetaData> schema_at(const RevisionGraph& graph, const std::vector<std::string>& heads,
                           const Dialect& dialect) {
  const std::vector<std::string> applied = graph.applied_ids(heads);
  MetaData schema;
  for (const Revision* rev : graph.revisions()) {
    if (!std::binary_search(applied.begin(), applied.end(), rev->id)) continue;
    for (std::size_t i = 0; i < rev->upgrade.size(); ++i) {
      std::optional<Op> cut;
      const Op& op = stored_op(rev->upgrade[i], dialect, cut);
      if (skipped_on(op, dialect)) continue;
      if (Status s = apply(schema, op); !s) {
        Error e = std::move(s).error();
        e.code = ErrorCode::kBadInput;
        e.message = fmt::format(
            "revision {}, upgrade op {} ({}) does not apply to the schema "
            "history builds: {}",
            rev->id, i + 1, describe(op), e.message);
        if (e.hint.empty()) e.hint = "fix the op in the revision file";
        e.at(rev->path.string(), rev->op_line(true, i));
        return e;
      }
    }
  }
  return dialect.normalize(schema);
}

Result<MetaData> schema_at(const RevisionGraph& graph, std::string_view revision,
                           const Dialect& dialect) {
  return schema_at(graph, std::vector<std::string>{std::string(revision)}, dialect);
}

Result<Revision> new_revision(const NewRevision& request) {
  Revision rev;
  if (request.rev_id.empty()) {
    rev.id = new_revision_id();
  } else {
    if (Status s = validate_revision_id(request.rev_id); !s) return std::move(s).error();
    rev.id = request.rev_id;
  }
  rev.down_revisions = request.down_revisions;
  rev.branch_labels = request.branch_labels;
  rev.depends_on = request.depends_on;
  rev.message = request.message;
  rev.created = now_rfc3339();
  rev.upgrade = request.ops;
  Result<std::vector<Op>> downgrade = inverse_all(request.ops);
  if (!downgrade) {
    Error e = std::move(downgrade).error();
    e.code = ErrorCode::kBadInput;
    if (e.hint.empty()) e.hint = "write the downgrade ops of the new revision by hand";
    return e;
  }
  rev.downgrade = std::move(*downgrade);
  return rev;
}

}  // namespace retort::migrations
