#include "migrations/autogenerate.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/models_toml.hpp"
#include "migrations/compile.hpp"

namespace retort::migrations {

Result<MetaData> load_models(const std::filesystem::path& models_file, const Dialect& dialect) {
  Result<MetaData> models = read_models_file(models_file);
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

Result<MetaData> schema_at(const RevisionGraph& graph, std::string_view revision,
                           const Dialect& dialect) {
  Result<std::vector<const Revision*>> path = graph.upgrade_path("", revision);
  if (!path) return std::move(path).error();
  MetaData schema;
  for (const Revision* rev : *path) {
    for (std::size_t i = 0; i < rev->upgrade.size(); ++i) {
      const Op& op = rev->upgrade[i];
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

Result<Revision> new_revision(const NewRevision& request) {
  Revision rev;
  if (request.rev_id.empty()) {
    rev.id = new_revision_id();
  } else {
    if (Status s = validate_revision_id(request.rev_id); !s) return std::move(s).error();
    rev.id = request.rev_id;
  }
  if (!request.down_revision.empty()) rev.down_revisions.push_back(request.down_revision);
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
