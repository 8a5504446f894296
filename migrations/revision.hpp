// retort: one revision file (migrations/versions/<rev>_<slug>.toml).
//
// A Revision is the parsed file: its id, parents, message and the upgrade and
// downgrade ops. read_revision() checks the format exactly (unknown keys,
// wrong types, bad ops are kBadInput with file and line); write_revision()
// produces text that reads back equal.
//
// Example:
//   Result<Revision> r = read_revision_file("versions/3f2a9c1b7d4e_add_hero.toml");
//   r->down_revisions   // {"a1b2c3d4e5f6"}, empty for a base
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/ops.hpp"
#include "migrations/lock_settings.hpp"

namespace retort::migrations {

// A lint finding a revision acknowledges (`lint_ignore = [{ code = "...",
// reason = "..." }]`): `retort lint` reports it as acknowledged, and it
// fails no --strict run.
struct LintIgnore {
  std::string code;    // a lint code (core/lint.hpp)
  std::string reason;  // why it is safe here; required
  friend bool operator==(const LintIgnore&, const LintIgnore&) = default;
};

struct Revision {
  std::string id;                           // 12 lower-case hex chars (or a --rev-id)
  std::vector<std::string> down_revisions;  // empty: a base; several: a merge
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  // A squash (`retort squash`, docs/squash.md): the revisions it stands for,
  // oldest first. Empty for any other revision.
  std::vector<std::string> replaces;
  std::string message;
  std::string created;  // RFC 3339 UTC, "2026-11-22T10:15:00Z"; may be empty
  bool transactional = true;
  // `lock_timeout`, `lock_retries`, `statement_timeout` for this revision's
  // statements, over the command line's and retort.toml's.
  LockSettings lock;
  std::vector<LintIgnore> lint_ignore;
  std::vector<Op> upgrade;
  std::vector<Op> downgrade;
  std::filesystem::path path;  // the file it was read from / written to; may be empty
  int line = 0;                // line of `revision = ...` in `path`, for errors
  // Line of each [[upgrade]] / [[downgrade]] entry, parallel to the ops; empty
  // for revisions not read from a file.
  std::vector<int> upgrade_lines;
  std::vector<int> downgrade_lines;

  // The line of upgrade (or downgrade) op `index` in `path`, else `line`.
  int op_line(bool upgrade_op, std::size_t index) const;

  // The single parent id, "" for a base. REQUIRES: down_revisions.size() <= 1.
  std::string down_revision() const;
};

// kBadInput at `revision`'s file and line: a refusal a revision file causes.
Error revision_error(const Revision& revision, std::string message, std::string hint = {});

// Parses revision-file text; `source_name` is the path used in errors.
Result<Revision> read_revision(std::string_view toml_text, const std::string& source_name);
// Reads a file; sets Revision::path.
Result<Revision> read_revision_file(const std::filesystem::path& path);

// The file text. read_revision(write_revision(r)) equals r (except path/line).
std::string write_revision(const Revision& revision);

// "<id>_<slug>.toml", the slug made from the message (lower-case, [a-z0-9_],
// at most 40 chars).
std::string revision_file_name(const Revision& revision);

// Writes `revision` into `versions_dir` under revision_file_name(); refuses
// (kBadInput) to overwrite. Returns the path written.
Result<std::filesystem::path> write_revision_file(const Revision& revision,
                                                  const std::filesystem::path& versions_dir);

// 12 random lower-case hex chars.
std::string new_revision_id();

// A --rev-id must be 1..32 chars of [A-Za-z0-9_] (it is stored in a
// VARCHAR(32) and used in a file name) and not a reserved word (head, heads,
// base). kBadInput otherwise.
Status validate_revision_id(std::string_view id);

// The current time as RFC 3339 UTC, seconds precision.
std::string now_rfc3339();

// A new revision (not yet written): upgrade = ops, downgrade = inverse_all(ops)
// (an op without an inverse is kBadInput naming it), created = now.
struct NewRevision {
  std::string message;
  std::vector<std::string> down_revisions;  // empty for a base; several: a merge
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;  // full ids
  std::string rev_id;                   // "" for a random id; else validated
  std::vector<Op> ops;
  bool transactional = true;
};
Result<Revision> new_revision(const NewRevision& request);

}  // namespace retort::migrations
