#include "migrations/internal/history_schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "migrations/internal/compile.hpp"

namespace retort::migrations {

namespace {

Status replay(MetaData& schema, const Revision* rev, const Dialect& dialect) {
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
  return {};
}

}  // namespace

Result<MetaData> schema_at(const RevisionGraph& graph, const std::vector<std::string>& heads,
                           const Dialect& dialect) {
  const std::vector<std::string> applied = graph.applied_ids(heads);
  MetaData schema;
  for (const Revision* rev : graph.revisions()) {
    if (!std::binary_search(applied.begin(), applied.end(), rev->id)) continue;
    if (Status s = replay(schema, rev, dialect); !s) return s.error();
  }
  // A head behind a squash: its squash's parents are applied (above), then
  // the replaced revisions through it. (At the last one, the squash itself.)
  for (const std::string& head : heads) {
    if (graph.find_named(head) != nullptr || graph.squash_of(head) == nullptr) continue;
    Result<std::vector<const Revision*>> chain = graph.replaced_through(head);
    if (!chain) return std::move(chain).error();
    for (const Revision* rev : *chain) {
      if (Status s = replay(schema, rev, dialect); !s) return s.error();
    }
  }
  return dialect.normalize(schema);
}

Result<MetaData> schema_at(const RevisionGraph& graph, std::string_view revision,
                           const Dialect& dialect) {
  return schema_at(graph, std::vector<std::string>{std::string(revision)}, dialect);
}

}  // namespace retort::migrations
