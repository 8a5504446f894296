#include "migrations/squash.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "core/comparator.hpp"
#include "core/op_simplify.hpp"
#include "migrations/internal/compile.hpp"
#include "migrations/internal/history_schema.hpp"

namespace retort::migrations {
namespace {

// The revisions A..B, oldest first, checked to be one line of history.
Result<std::vector<const Revision*>> line_of_history(const RevisionGraph& graph,
                                                     const std::string& first,
                                                     const std::string& last) {
  if (!graph.is_ancestor(first, last)) {
    return Error::bad_input(fmt::format("{} is not below {}: a range runs from a revision up "
                                        "to one of its descendants",
                                        first, last),
                            "run `retort history` and name the first and the last revision to "
                            "replace, oldest first");
  }
  std::vector<const Revision*> chain;
  // Parents through the graph: a name of the last revision an earlier
  // squash replaces stands for that squash.
  for (const Revision* at = graph.find(last);; at = graph.find_named(at->down_revisions.front())) {
    chain.push_back(at);
    if (at->id == first) break;
    if (at->down_revisions.size() > 1) {
      return revision_error(
          *at,
          fmt::format("revision {} is a merge inside the range {}:{}: a squash replaces "
                      "one line of history",
                      at->id, first, last),
          fmt::format("squash up to the merge's parents, or from {} on", at->id));
    }
    if (at->down_revisions.empty()) {
      // Below `last` only through depends_on.
      return revision_error(
          *at,
          fmt::format("{} reaches {} only through depends_on: a squash replaces one "
                      "line of history",
                      last, first),
          "name a range along down_revision");
    }
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

Status check_range(const RevisionGraph& graph, const std::vector<const Revision*>& chain) {
  const Revision& first = *chain.front();
  if (first.down_revisions.size() > 1) {
    return revision_error(
        first, fmt::format("revision {} is a merge: a squash cannot start at a merge", first.id),
        "start the range at the merge's child");
  }
  auto in_chain = [&](std::string_view id) {
    return std::any_of(chain.begin(), chain.end(), [&](const Revision* r) { return r->id == id; });
  };
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const Revision& rev = *chain[i];
    if (i + 1 < chain.size()) {
      for (const Revision* child : graph.children(rev.id)) {
        if (child != chain[i + 1]) {
          return revision_error(
              *child,
              fmt::format("revision {} branches off {} inside the range: a squash "
                          "replaces one line of history",
                          child->id, rev.id),
              "merge the branch after the range first, or squash a range that ends at "
              "the branch point");
        }
      }
    }
    if (!rev.depends_on.empty()) {
      return revision_error(rev,
                            fmt::format("revision {} has depends_on ({}): a squash cannot keep a "
                                        "dependency",
                                        rev.id, fmt::join(rev.depends_on, ", ")),
                            "squash a range without depends_on");
    }
    if (!rev.transactional) {
      return revision_error(
          rev,
          fmt::format("revision {} runs outside a transaction (transactional = false): "
                      "squashing it into a transactional revision would change how it "
                      "runs",
                      rev.id),
          "squash the revisions before it and after it separately");
    }
    if (!rev.replaces.empty()) {
      return revision_error(
          rev, fmt::format("revision {} is a squash already: squashes do not nest", rev.id),
          "squash a range that starts after it");
    }
    if (rev.lock != first.lock) {
      return revision_error(
          rev,
          fmt::format("revision {} sets other lock settings (lock_timeout, lock_retries, "
                      "statement_timeout) than {}: a squash has one",
                      rev.id, first.id),
          "squash runs whose revisions agree on them");
    }
  }
  for (const Revision* rev : graph.revisions()) {
    if (in_chain(rev->id)) continue;
    for (const std::string& dep : rev->depends_on) {
      if (in_chain(dep) && dep != chain.back()->id) {
        return revision_error(
            *rev,
            fmt::format("revision {} depends on {}, inside the range: that edge would "
                        "cross the squash",
                        rev->id, dep),
            fmt::format("make it depend on {} (the end of the range), or squash a "
                        "range without {}",
                        chain.back()->id, dep));
      }
    }
  }
  return {};
}

// The schema `ops` take `schema` to on `dialect`, as the runner plays them.
Result<MetaData> played(MetaData schema, const std::vector<Op>& ops, const Dialect& dialect) {
  for (const Op& each : ops) {
    std::optional<Op> cut;
    const Op& op = stored_op(each, dialect, cut);
    if (skipped_on(op, dialect)) continue;
    if (Status s = apply(schema, op); !s) return std::move(s).error();
  }
  return dialect.normalize(schema);
}

// Why `end` is not `goal`, in words; "" when it is.
std::string difference(const Result<MetaData>& end, const MetaData& goal) {
  if (!end) return end.error().message;
  std::vector<Op> diff = compare(*end, goal);
  if (diff.empty()) return {};
  std::vector<std::string> lines;
  for (const Op& op : diff) lines.push_back(describe(op));
  return fmt::format("it leaves {} change{} to make: {}", diff.size(), diff.size() == 1 ? "" : "s",
                     fmt::join(lines, "; "));
}

// Checks that `ops` take `start` to `goal`.
Status reproduces(const MetaData& start, const MetaData& goal, const std::vector<Op>& ops,
                  const Dialect& dialect, std::string_view direction) {
  const std::string why = difference(played(start, ops, dialect), goal);
  if (why.empty()) return {};
  return Error::internal(fmt::format("the squash's {} ops do not reproduce the history on {}: {}",
                                     direction, dialect.name(), why));
}

// A failed check of the ops as the revisions have them is the history's
// (kBadInput); of the folded ops, retort's own (kInternal).
Error blame(Error e, bool folded) {
  if (folded) {
    e.hint = "squash with --no-simplify (the ops as the revisions have them), and report this";
    return e;
  }
  e.code = ErrorCode::kBadInput;
  e.hint = "check the replaced revisions' ops with `retort show REV`";
  return e;
}

// Each revision's downgrade takes the schema at it back to its parent's
// (`below`: the schema at A's parent), so that their concatenation can go
// back from B to A's parent.
Status downgrades_undo(MetaData below, const std::vector<const Revision*>& chain,
                       const Dialect& dialect) {
  for (const Revision* rev : chain) {
    Result<MetaData> at = played(below, rev->upgrade, dialect);
    if (!at) return std::move(at).error();
    const std::string why = difference(played(*at, rev->downgrade, dialect), below);
    if (!why.empty()) {
      return revision_error(
          *rev,
          fmt::format("revision {}'s downgrade does not undo its upgrade on {}: {}", rev->id,
                      dialect.name(), why),
          "complete its [[downgrade]] ops (a squash goes back to the start of its "
          "range the way its revisions do), or squash a range without it");
    }
    below = std::move(*at);
  }
  return {};
}

}  // namespace

Result<Revision> build_squash(const RevisionGraph& graph, const SquashOptions& options,
                              const std::vector<const Dialect*>& dialects) {
  const std::size_t colon = options.range.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == options.range.size()) {
    return Error::bad_input(
        fmt::format("squash needs a range A:B, not \"{}\"", options.range),
        "name the first and the last revision to replace, e.g. `retort squash 1a2b:9f8e -m "
        "\"squash\"`");
  }
  std::string ends[2];
  for (int i = 0; i < 2; ++i) {
    const std::string identifier =
        i == 0 ? options.range.substr(0, colon) : options.range.substr(colon + 1);
    if (RevisionGraph::is_relative(identifier)) {
      return Error::bad_input(
          fmt::format("\"{}\" depends on the database; squash works from the files alone",
                      identifier),
          "name the revisions by id, prefix, head or LABEL@head");
    }
    Result<std::string> id = graph.resolve_one(identifier);
    if (!id) return std::move(id).error();
    if (id->empty()) {
      return Error::bad_input(fmt::format("\"{}\" names base, which is no revision", identifier),
                              "name the first and the last revision to replace");
    }
    ends[i] = std::move(*id);
  }
  if (ends[0] == ends[1]) {
    return Error::bad_input(
        fmt::format("{} names one revision: there is nothing to squash", options.range),
        "name a range of two or more revisions");
  }
  Result<std::vector<const Revision*>> chain = line_of_history(graph, ends[0], ends[1]);
  if (!chain) return std::move(chain).error();
  if (Status s = check_range(graph, *chain); !s) return s.error();
  if (!options.rev_id.empty()) {
    if (Status s = validate_revision_id(options.rev_id); !s) return s.error();
    if (graph.find(options.rev_id) != nullptr || graph.squash_of(options.rev_id) != nullptr) {
      return Error::bad_input(fmt::format("revision {} already exists", options.rev_id),
                              "pick another --rev-id");
    }
  }

  Revision squash;
  squash.id = options.rev_id.empty() ? new_revision_id() : options.rev_id;
  for (const std::string& parent : chain->front()->down_revisions) {
    squash.down_revisions.push_back(graph.find_named(parent)->id);
  }
  squash.message = options.message;
  // A's time, so the squash keeps A's place among siblings ("earliest
  // created" breaks ties in the graph's order).
  squash.created = chain->front()->created.empty() ? now_rfc3339() : chain->front()->created;
  squash.lock = chain->front()->lock;
  for (const Revision* rev : *chain) {
    squash.replaces.push_back(rev->id);
    squash.branch_labels.insert(squash.branch_labels.end(), rev->branch_labels.begin(),
                                rev->branch_labels.end());
    for (const LintIgnore& ignore : rev->lint_ignore) {
      if (std::find(squash.lint_ignore.begin(), squash.lint_ignore.end(), ignore) ==
          squash.lint_ignore.end()) {
        squash.lint_ignore.push_back(ignore);
      }
    }
    squash.upgrade.insert(squash.upgrade.end(), rev->upgrade.begin(), rev->upgrade.end());
  }
  for (auto it = chain->rbegin(); it != chain->rend(); ++it) {
    squash.downgrade.insert(squash.downgrade.end(), (*it)->downgrade.begin(),
                            (*it)->downgrade.end());
  }
  const std::vector<Op> upgrade_as_is = squash.upgrade;
  const std::vector<Op> downgrade_as_is = squash.downgrade;
  if (options.simplify) {
    squash.upgrade = simplify(std::move(squash.upgrade));
    squash.downgrade = simplify(std::move(squash.downgrade));
  }
  std::optional<Error> unjudged;
  bool judged = false;
  for (const Dialect* each : dialects) {
    const Dialect& dialect = *each;
    // A dialect the history was not written for is not judged.
    Result<MetaData> at_end = schema_at(graph, ends[1], dialect);
    if (!at_end) {
      if (!unjudged) unjudged = std::move(at_end).error();
      continue;
    }
    judged = true;
    Result<MetaData> at_start = schema_at(graph, squash.down_revisions, dialect);
    if (!at_start) return std::move(at_start).error();
    // The history's own downgrades must go back, revision by revision,
    // before the squash can promise to.
    if (Status s = downgrades_undo(*at_start, *chain, dialect); !s) return s.error();
    for (const bool folded : {false, true}) {
      if (folded && !options.simplify) break;
      const std::vector<Op>& up = folded ? squash.upgrade : upgrade_as_is;
      const std::vector<Op>& down = folded ? squash.downgrade : downgrade_as_is;
      if (Status s = reproduces(*at_start, *at_end, up, dialect, "upgrade"); !s) {
        return blame(std::move(s).error(), folded);
      }
      if (Status s = reproduces(*at_end, *at_start, down, dialect, "downgrade"); !s) {
        return blame(std::move(s).error(), folded);
      }
    }
  }
  if (!judged && unjudged) return std::move(*unjudged);
  return squash;
}

}  // namespace retort::migrations
