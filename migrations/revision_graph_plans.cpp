// Upgrade and downgrade plans, stamping and ranges over the revision graph:
// which revisions run, in which order, and how each one moves the version
// table's rows (the rules are in revision_graph.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "migrations/revision_graph.hpp"

namespace retort::migrations {
namespace {

using Rows = std::set<std::string>;

void apply_move(const VersionMove& move, Rows& rows) {
  for (const std::string& id : move.deletes) rows.erase(id);
  if (move.update) {
    rows.erase(move.update->first);
    rows.insert(move.update->second);
  }
  for (const std::string& id : move.inserts) rows.insert(id);
}

std::vector<std::string> sorted(const Rows& rows) { return {rows.begin(), rows.end()}; }

std::string describe_rows(const Rows& rows) {
  return rows.empty() ? std::string("base") : fmt::format("{}", fmt::join(rows, ", "));
}

}  // namespace

Result<MigrationPlan> RevisionGraph::upgrade_plan(const std::vector<std::string>& current,
                                                  std::string_view target) const {
  // A database behind a squash reaches it first, then plans from there.
  std::vector<std::string> mapped = current;
  Result<std::vector<Step>> caught = catch_up(mapped);
  if (!caught) return caught.error();
  if (!caught->empty()) {
    Result<MigrationPlan> rest = upgrade_plan(mapped, target);
    if (!rest) return rest;
    Rows before;
    for (const std::string& id : current) {
      if (!id.empty()) before.insert(id);
    }
    rest->heads_before = sorted(before);
    rest->steps.insert(rest->steps.begin(), caught->begin(), caught->end());
    return rest;
  }
  Result<std::vector<std::size_t>> rows = current_positions(current);
  if (!rows) return rows.error();
  Result<std::vector<std::string>> ids = resolve(target, current);
  if (!ids) return ids.error();

  Rows table;
  for (std::size_t p : *rows) table.insert(revisions_[p].id);
  MigrationPlan plan;
  plan.heads_before = sorted(table);
  Marks applied = ancestors_or_self(*rows);
  // Applied revisions some current head descends from through parents:
  // naming one is a downgrade, not an upgrade.
  std::vector<std::size_t> row_parents;
  for (std::size_t p : *rows) {
    row_parents.insert(row_parents.end(), parents_[p].begin(), parents_[p].end());
  }
  Marks below = ancestors_or_self(row_parents, /*with_deps=*/false);

  std::vector<std::size_t> targets;
  bool base = false;
  for (const std::string& id : *ids) {
    if (id.empty()) {
      base = true;
      continue;
    }
    std::size_t t = *position(id);
    if (applied[t] && table.count(id) == 0 && below[t]) {
      return Error::bad_input(
          fmt::format("{} is below the current revision(s) {}", id, describe_rows(table)),
          fmt::format("use `retort downgrade {}` to go down", target));
    }
    targets.push_back(t);
  }
  if (base && targets.empty() && !table.empty()) {
    return Error::bad_input(
        fmt::format("base is below the current revision(s) {}", describe_rows(table)),
        "use `retort downgrade base` to go down");
  }

  Marks wanted = ancestors_or_self(targets);
  for (std::size_t p = 0; p < revisions_.size(); ++p) {
    if (!wanted[p] || applied[p]) continue;
    plan.steps.push_back(upgrade_step(p, table));
  }
  plan.heads_after = sorted(table);
  return plan;
}

Result<MigrationPlan> RevisionGraph::downgrade_plan(const std::vector<std::string>& current,
                                                    std::string_view target) const {
  Result<std::vector<std::size_t>> rows = current_positions(current);
  if (!rows) return rows.error();
  Rows table;
  for (std::size_t p : *rows) table.insert(revisions_[p].id);
  MigrationPlan plan;
  plan.heads_before = sorted(table);
  Marks applied = ancestors_or_self(*rows);

  // L@...: only branch L and what descends from it.
  const std::size_t n = revisions_.size();
  Marks scope(n, 1);
  std::string_view after_label;
  bool labelled = false;
  if (std::size_t at = target.find('@'); at != std::string_view::npos) {
    if (auto it = labels_.find(target.substr(0, at)); it != labels_.end()) {
      labelled = true;
      after_label = target.substr(at + 1);
      scope = descendants_or_self(label_members(it->second, it->first));
    }
  }

  Marks remove(n, 0);
  if (labelled && after_label == "base") {
    for (std::size_t p = 0; p < n; ++p) remove[p] = applied[p] && scope[p];
  } else {
    Result<std::string> to = resolve_one(target, current);
    if (!to) return to.error();
    if (to->empty()) {
      for (std::size_t p = 0; p < n; ++p) remove[p] = applied[p] && scope[p];
    } else {
      std::size_t t = *position(*to);
      if (!applied[t]) {
        return Error::bad_input(
            fmt::format("{} is not applied: the database is at {}", *to, describe_rows(table)),
            fmt::format("use `retort upgrade {}` to go up", target));
      }
      Marks above = descendants_or_self({t});
      for (std::size_t p = 0; p < n; ++p) {
        remove[p] = applied[p] && above[p] && p != t && scope[p];
      }
    }
  }

  for (std::size_t p = n; p-- > 0;) {
    if (remove[p]) plan.steps.push_back(downgrade_step(p, table));
  }
  plan.heads_after = sorted(table);
  return plan;
}

Step RevisionGraph::upgrade_step(std::size_t p, Rows& table) const {
  const std::string& id = revisions_[p].id;
  std::vector<std::string> hits;  // rows among P(r), by id
  for (std::size_t q : reduced_[p]) {
    if (table.count(revisions_[q].id) != 0) hits.push_back(revisions_[q].id);
  }
  Step step;
  step.revision = &revisions_[p];
  step.upgrade = true;
  if (hits.empty()) {
    step.version.inserts.push_back(id);
  } else {
    step.version.update.emplace(hits.front(), id);
    step.version.deletes.assign(hits.begin() + 1, hits.end());
  }
  apply_move(step.version, table);
  step.heads_after = sorted(table);
  return step;
}

Step RevisionGraph::downgrade_step(std::size_t p, Rows& table) const {
  // A parent is implied when it is a remaining row or below one.
  auto implied = [&](std::size_t q, const Rows& rest) {
    return std::any_of(rest.begin(), rest.end(), [&](const std::string& row) {
      std::size_t r = index_.find(row)->second;
      return r == q || is_ancestor_at(q, r);
    });
  };
  const std::string& id = revisions_[p].id;
  Rows rest = table;
  rest.erase(id);
  std::vector<std::string> back;  // parents that become rows, by id
  for (std::size_t q : reduced_[p]) {
    if (!implied(q, rest)) back.push_back(revisions_[q].id);
  }
  Step step;
  step.revision = &revisions_[p];
  step.upgrade = false;
  if (table.count(id) == 0) {
    step.version.inserts = back;
  } else if (back.empty()) {
    step.version.deletes.push_back(id);
  } else {
    step.version.update.emplace(id, back.front());
    step.version.inserts.assign(back.begin() + 1, back.end());
  }
  apply_move(step.version, table);
  step.heads_after = sorted(table);
  return step;
}

Result<Step> RevisionGraph::single_step(const std::vector<std::string>& current,
                                        std::string_view id, bool upgrade) const {
  Result<std::vector<std::size_t>> rows = current_positions(current);
  if (!rows) return rows.error();
  const std::optional<std::size_t> pos = position(id);
  if (!pos) return Error::bad_input(fmt::format("{} is no revision", id));
  Rows table;
  for (std::size_t p : *rows) table.insert(revisions_[p].id);
  const Marks applied = ancestors_or_self(*rows);
  const Marks needed = ancestors_or_self({*pos});
  for (std::size_t p = 0; p < revisions_.size(); ++p) {
    const bool below = needed[p] && p != *pos;
    const bool above = !needed[p] && applied[p] && is_ancestor_at(*pos, p);
    if ((upgrade && below && !applied[p]) || (!upgrade && above)) {
      return Error::bad_input(
          fmt::format("revision {} cannot be {} alone: the database is at {}", id,
                      upgrade ? "applied" : "unapplied", describe_rows(table)),
          upgrade ? "its ancestors must all be applied" : "no applied revision may be above it");
    }
  }
  if (applied[*pos] == upgrade) {
    return Error::bad_input(fmt::format("revision {} is {} applied: the database is at {}", id,
                                        upgrade ? "already" : "not", describe_rows(table)));
  }
  return upgrade ? upgrade_step(*pos, table) : downgrade_step(*pos, table);
}

Result<std::vector<std::string>> RevisionGraph::stamp_heads(const std::vector<std::string>& current,
                                                            const std::vector<std::string>& targets,
                                                            bool purge) const {
  std::vector<std::size_t> rows;
  if (!purge) {
    Result<std::vector<std::size_t>> r = current_positions(current);
    if (!r) return r.error();
    rows = std::move(*r);
  }
  if (targets.empty()) {
    return Error::bad_input("stamp needs a revision", "give a revision id, head, heads or base");
  }
  // Each target, with the branch label it was named through ("x@base"):
  // such a target replaces only rows on that branch, so stamping one branch
  // never forgets another.
  struct Target {
    std::optional<std::size_t> pos;  // nullopt: base
    std::string label;
  };
  std::vector<Target> to;
  for (const std::string& identifier : targets) {
    Result<std::vector<std::string>> ids = resolve(identifier, current);
    if (!ids) return ids.error();
    std::string label;
    if (std::size_t at = identifier.find('@'); at != std::string::npos) {
      std::string prefix = identifier.substr(0, at);
      if (labels_.count(prefix) != 0) label = std::move(prefix);
    }
    for (const std::string& id : *ids) {
      std::optional<std::size_t> p;
      if (!id.empty()) p = *position(id);
      if (std::none_of(to.begin(), to.end(), [&](const Target& t) { return t.pos == p; })) {
        to.push_back(Target{p, label});
      }
    }
  }
  for (const Target& a : to) {
    for (const Target& b : to) {
      if (a.pos && b.pos && is_ancestor_at(*a.pos, *b.pos)) {
        return Error::bad_input(
            fmt::format("stamp targets {} and {} are on one line of history: {} is below {}",
                        revisions_[*a.pos].id, revisions_[*b.pos].id, revisions_[*a.pos].id,
                        revisions_[*b.pos].id),
            fmt::format("give only {}", revisions_[*b.pos].id));
      }
    }
  }
  for (const Target& t : to) {
    std::erase_if(rows, [&](std::size_t r) {
      if (!t.label.empty() && !carries(r, t.label)) return false;
      if (!t.pos) return true;
      return r == *t.pos || is_ancestor_at(r, *t.pos) || is_ancestor_at(*t.pos, r);
    });
    if (t.pos) rows.push_back(*t.pos);
  }
  // Rows are version heads: one below another row is implied by it.
  std::vector<std::size_t> heads;
  for (std::size_t r : rows) {
    if (std::none_of(rows.begin(), rows.end(),
                     [&](std::size_t other) { return other != r && is_ancestor_at(r, other); })) {
      heads.push_back(r);
    }
  }
  rows = std::move(heads);
  Rows out;
  for (std::size_t p : rows) out.insert(revisions_[p].id);
  return sorted(out);
}

Result<std::vector<const Revision*>> RevisionGraph::range(std::string_view from,
                                                          std::string_view to) const {
  auto positions_of = [this](std::string_view identifier) -> Result<std::vector<std::size_t>> {
    Result<std::vector<std::string>> ids = resolve(identifier);
    if (!ids) return ids.error();
    std::vector<std::size_t> out;
    for (const std::string& id : *ids) {
      if (!id.empty()) out.push_back(*position(id));
    }
    return out;
  };
  std::vector<std::size_t> lower;
  if (!from.empty()) {
    Result<std::vector<std::size_t>> p = positions_of(from);
    if (!p) return p.error();
    lower = std::move(*p);
  }
  std::vector<std::size_t> upper = heads_;
  if (!to.empty()) {
    Result<std::vector<std::size_t>> p = positions_of(to);
    if (!p) return p.error();
    upper = std::move(*p);
  }
  Marks below_from = ancestors_or_self(lower);
  Marks below_to = ancestors_or_self(upper);
  std::vector<const Revision*> out;
  for (std::size_t p = 0; p < revisions_.size(); ++p) {
    if (below_to[p] && !below_from[p]) out.push_back(&revisions_[p]);
  }
  return out;
}

}  // namespace retort::migrations
