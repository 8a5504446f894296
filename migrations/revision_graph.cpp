// The revision graph: building and validating it, and the structural queries.
// Identifiers live in revision_identifiers.cpp, plans in revision_graph_plans.cpp.
#include "migrations/revision_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "migrations/internal/branch_label.hpp"

namespace retort::migrations {
namespace {

std::string where(const Revision& rev) { return rev.path.empty() ? rev.id : rev.path.string(); }

Status check_label(const Revision& rev, const std::string& label) {
  if (Status s = validate_branch_label(label); !s) {
    return revision_error(rev,
                          fmt::format("revision {} has a bad branch label \"{}\"", rev.id, label),
                          s.error().hint);
  }
  return {};
}

// Appends `v` unless already present (lists here are a handful long).
void add_unique(std::vector<std::size_t>& list, std::size_t v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

// Kahn's sort over `preds` (input indices). Returns the order; shorter than
// the input when there is a cycle.
std::vector<std::size_t> topological_order(const std::vector<Revision>& revisions,
                                           const std::vector<std::vector<std::size_t>>& preds) {
  const std::size_t n = revisions.size();
  std::vector<std::vector<std::size_t>> succs(n);
  std::vector<std::size_t> waiting(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    waiting[i] = preds[i].size();
    for (std::size_t p : preds[i]) succs[p].push_back(i);
  }
  auto earlier = [&](std::size_t a, std::size_t b) {
    return std::tie(revisions[a].created, revisions[a].id) <
           std::tie(revisions[b].created, revisions[b].id);
  };
  std::set<std::size_t, decltype(earlier)> ready(earlier);
  for (std::size_t i = 0; i < n; ++i) {
    if (waiting[i] == 0) ready.insert(i);
  }
  std::vector<std::size_t> order;
  order.reserve(n);
  std::vector<std::size_t> fresh;  // made ready by the revision just placed
  while (!ready.empty()) {
    std::size_t next = *ready.begin();
    if (!fresh.empty()) next = *std::min_element(fresh.begin(), fresh.end(), earlier);
    ready.erase(next);
    order.push_back(next);
    fresh.clear();
    for (std::size_t s : succs[next]) {
      if (--waiting[s] == 0) {
        ready.insert(s);
        fresh.push_back(s);
      }
    }
  }
  return order;
}

// A cycle among the revisions `order` left out, in parent -> child order.
std::vector<std::size_t> find_cycle(const std::vector<std::vector<std::size_t>>& preds,
                                    const std::vector<std::size_t>& order, std::size_t n) {
  std::vector<char> placed(n, 0);
  for (std::size_t i : order) placed[i] = 1;
  std::size_t at = 0;
  while (placed[at]) ++at;
  // Every unplaced revision waits on an unplaced one: walking down those
  // edges must come back to a revision already seen.
  std::vector<std::size_t> path;
  std::vector<std::size_t> seen_at(n, n);
  while (seen_at[at] == n) {
    seen_at[at] = path.size();
    path.push_back(at);
    for (std::size_t p : preds[at]) {
      if (!placed[p]) {
        at = p;
        break;
      }
    }
  }
  std::vector<std::size_t> cycle(path.begin() + static_cast<std::ptrdiff_t>(seen_at[at]),
                                 path.end());
  std::reverse(cycle.begin(), cycle.end());
  return cycle;
}

}  // namespace

Result<RevisionGraph> RevisionGraph::build(std::vector<Revision> revisions) {
  if (Result<InputIndex> all = index_ids(revisions); !all) return std::move(all).error();
  Result<Replacements> replacements = replacements_of(revisions);
  if (!replacements) return std::move(replacements).error();
  RevisionGraph g;
  if (Status s = g.set_aside(revisions, std::move(*replacements)); !s) return s.error();
  Result<InputIndex> by_id = index_ids(revisions);
  if (!by_id) return std::move(by_id).error();
  Result<InputIndex> declared = declared_labels(revisions);
  if (!declared) return std::move(declared).error();
  Result<Edges> edges = edges_of(revisions, *by_id, g.replacements_);
  if (!edges) return std::move(edges).error();
  Result<std::vector<std::size_t>> order = order_of(revisions, edges->preds);
  if (!order) return std::move(order).error();

  const std::vector<std::size_t> pos_of = g.place(revisions, *order, *edges);
  g.reduce_parents();
  g.place_labels(*declared, pos_of);
  return g;
}

Result<RevisionGraph::InputIndex> RevisionGraph::index_ids(const std::vector<Revision>& revisions) {
  InputIndex by_id;
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    auto [it, inserted] = by_id.emplace(revisions[i].id, i);
    if (!inserted) {
      return revision_error(revisions[i],
                            fmt::format("duplicate revision id {} in {} and {}", revisions[i].id,
                                        where(revisions[it->second]), where(revisions[i])),
                            "give one of the files a new id (revision = \"...\")");
    }
  }
  return by_id;
}

Result<RevisionGraph::InputIndex> RevisionGraph::declared_labels(
    const std::vector<Revision>& revisions) {
  InputIndex declared;  // label -> input index
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    for (const std::string& label : revisions[i].branch_labels) {
      if (Status s = check_label(revisions[i], label); !s) return s.error();
      auto [it, inserted] = declared.emplace(label, i);
      if (!inserted && it->second != i) {
        const Revision& first = revisions[it->second];
        return revision_error(
            revisions[i],
            fmt::format("branch label \"{}\" is declared on both {} ({}) and {} ({})", label,
                        first.id, where(first), revisions[i].id, where(revisions[i])),
            "a label names one branch: remove it from one of the revisions");
      }
    }
  }
  return declared;
}

// Edges in input indices. A dependency that is also a parent is a parent.
Result<RevisionGraph::Edges> RevisionGraph::edges_of(const std::vector<Revision>& revisions,
                                                     const InputIndex& by_id,
                                                     const Replacements& replacements) {
  const std::size_t n = revisions.size();
  Edges edges{Adjacency(n), Adjacency(n), Adjacency(n)};
  // The revision `name` stands for; `what` is "has down_revision" or
  // "depends on", for the error.
  auto lookup = [&](const Revision& rev, const std::string& name,
                    std::string_view what) -> Result<std::size_t> {
    if (auto it = by_id.find(name); it != by_id.end()) return it->second;
    auto r = replacements.find(name);
    if (r == replacements.end()) {
      return revision_error(
          rev, fmt::format("revision {} {} {}, which is no revision", rev.id, what, name),
          fmt::format("fix {}, or restore the missing revision file",
                      what == "depends on" ? "depends_on" : "down_revision"));
    }
    if (r->second.index + 1 != r->second.count) {
      return revision_error(
          rev,
          fmt::format("revision {} {} {}, which squash {} replaces; only the last "
                      "revision a squash replaces can be named",
                      rev.id, what, name, r->second.squash),
          fmt::format("name {} instead, or squash a range that ends before this "
                      "revision's branch starts",
                      r->second.squash));
    }
    return by_id.find(r->second.squash)->second;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const Revision& rev = revisions[i];
    std::vector<std::size_t>& parents = edges.parents[i];
    for (const std::string& p : rev.down_revisions) {
      Result<std::size_t> at = lookup(rev, p, "has down_revision");
      if (!at) return std::move(at).error();
      add_unique(parents, *at);
    }
    for (const std::string& d : rev.depends_on) {
      Result<std::size_t> at = lookup(rev, d, "depends on");
      if (!at) return std::move(at).error();
      if (std::find(parents.begin(), parents.end(), *at) == parents.end()) {
        add_unique(edges.deps[i], *at);
      }
    }
    edges.preds[i] = parents;
    edges.preds[i].insert(edges.preds[i].end(), edges.deps[i].begin(), edges.deps[i].end());
  }
  return edges;
}

Result<std::vector<std::size_t>> RevisionGraph::order_of(const std::vector<Revision>& revisions,
                                                         const Adjacency& preds) {
  std::vector<std::size_t> order = topological_order(revisions, preds);
  if (order.size() == revisions.size()) return order;
  std::vector<std::size_t> cycle = find_cycle(preds, order, revisions.size());
  std::vector<std::string> names;
  for (std::size_t i : cycle) names.push_back(revisions[i].id);
  names.push_back(revisions[cycle.front()].id);
  return revision_error(revisions[cycle.front()],
                        fmt::format("the revisions form a cycle: {} (each is a down_revision or "
                                    "depends_on of the next)",
                                    fmt::join(names, " -> ")),
                        "point one of them at an earlier revision, or make it a base "
                        "(down_revision = \"\")");
}

std::vector<std::size_t> RevisionGraph::place(std::vector<Revision>& revisions,
                                              const std::vector<std::size_t>& order,
                                              const Edges& edges) {
  const std::size_t n = revisions.size();
  std::vector<std::size_t> pos_of(n);
  for (std::size_t p = 0; p < n; ++p) pos_of[order[p]] = p;
  revisions_.reserve(n);
  for (std::size_t i : order) revisions_.push_back(std::move(revisions[i]));
  parents_.resize(n);
  deps_.resize(n);
  children_.resize(n);
  dependents_.resize(n);
  label_sets_.resize(n);
  for (std::size_t p = 0; p < n; ++p) {
    index_.emplace(revisions_[p].id, p);
    for (std::size_t q : edges.parents[order[p]]) {
      parents_[p].push_back(pos_of[q]);
      children_[pos_of[q]].push_back(p);
    }
    for (std::size_t q : edges.deps[order[p]]) {
      deps_[p].push_back(pos_of[q]);
      dependents_[pos_of[q]].push_back(p);
    }
  }
  auto by_id_order = [this](std::size_t a, std::size_t b) {
    return revisions_[a].id < revisions_[b].id;
  };
  for (std::size_t p = 0; p < n; ++p) {
    std::sort(children_[p].begin(), children_[p].end(), by_id_order);
    if (children_[p].empty()) heads_.push_back(p);
    if (parents_[p].empty()) bases_.push_back(p);
  }
  std::sort(heads_.begin(), heads_.end(), by_id_order);
  std::sort(bases_.begin(), bases_.end(), by_id_order);
  return pos_of;
}

// P(r): parents and dependencies that are not below another one of them.
void RevisionGraph::reduce_parents() {
  const std::size_t n = revisions_.size();
  auto by_id_order = [this](std::size_t a, std::size_t b) {
    return revisions_[a].id < revisions_[b].id;
  };
  reduced_.resize(n);
  for (std::size_t p = 0; p < n; ++p) {
    std::vector<std::size_t> all = parents_[p];
    all.insert(all.end(), deps_[p].begin(), deps_[p].end());
    for (std::size_t a : all) {
      bool below_another = std::any_of(
          all.begin(), all.end(), [&](std::size_t b) { return b != a && is_ancestor_at(a, b); });
      if (!below_another) reduced_[p].push_back(a);
    }
    std::sort(reduced_[p].begin(), reduced_[p].end(), by_id_order);
  }
}

// Labels: the declaring revision, its descendants through parents, and its
// ancestors down to (not including) a branch point or merge point.
void RevisionGraph::place_labels(const InputIndex& declared,
                                 const std::vector<std::size_t>& pos_of) {
  const std::size_t n = revisions_.size();
  for (const auto& [label, input] : declared) {
    Label info;
    info.declared_on = pos_of[input];
    std::vector<std::size_t> up{info.declared_on};
    Marks marks = descendants_or_self(up, /*with_deps=*/false);
    for (std::size_t p = info.declared_on; p < n; ++p) {
      if (marks[p]) label_sets_[p].push_back(label);
    }
    info.first = info.declared_on;
    while (parents_[info.first].size() == 1) {
      std::size_t parent = parents_[info.first].front();
      if (children_[parent].size() > 1 || parents_[parent].size() > 1) break;
      label_sets_[parent].push_back(label);
      info.first = parent;
    }
    labels_.emplace(label, info);
  }
  for (auto& set : label_sets_) std::sort(set.begin(), set.end());
}

const std::string& RevisionGraph::id_at(std::size_t pos) const {
  static const std::string kEmpty;
  return pos == kBase ? kEmpty : revisions_[pos].id;
}

std::optional<std::size_t> RevisionGraph::position(std::string_view id) const {
  auto it = index_.find(id);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> RevisionGraph::applied_ids(const std::vector<std::string>& heads) const {
  std::vector<std::size_t> seeds;
  for (const std::string& id : heads) {
    if (const Revision* named = find_named(id)) {
      // The last revision a squash replaces stands for the squash.
      seeds.push_back(*position(named->id));
    } else if (const Revision* squash = squash_of(id)) {
      // Behind the squash: what is applied below it is its parents'.
      for (const std::string& parent : squash->down_revisions) {
        if (const Revision* below = find_named(parent)) seeds.push_back(*position(below->id));
      }
    }
  }
  const Marks marks = ancestors_or_self(seeds);
  std::vector<std::string> out;
  for (std::size_t p = 0; p < marks.size(); ++p) {
    if (marks[p]) out.push_back(revisions_[p].id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

const Revision* RevisionGraph::find(std::string_view id) const {
  std::optional<std::size_t> p = position(id);
  return p ? &revisions_[*p] : nullptr;
}

std::vector<const Revision*> RevisionGraph::revisions() const {
  std::vector<const Revision*> out;
  out.reserve(revisions_.size());
  for (const Revision& r : revisions_) out.push_back(&r);
  return out;
}

std::vector<const Revision*> RevisionGraph::heads() const {
  std::vector<const Revision*> out;
  for (std::size_t p : heads_) out.push_back(&revisions_[p]);
  return out;
}

std::vector<const Revision*> RevisionGraph::bases() const {
  std::vector<const Revision*> out;
  for (std::size_t p : bases_) out.push_back(&revisions_[p]);
  return out;
}

std::vector<const Revision*> RevisionGraph::children(std::string_view id) const {
  std::vector<const Revision*> out;
  if (std::optional<std::size_t> p = position(id)) {
    for (std::size_t c : children_[*p]) out.push_back(&revisions_[c]);
  }
  return out;
}

std::vector<std::string> RevisionGraph::labels(std::string_view id) const {
  std::optional<std::size_t> p = position(id);
  return p ? label_sets_[*p] : std::vector<std::string>{};
}

bool RevisionGraph::is_branch_point(std::string_view id) const {
  std::optional<std::size_t> p = position(id);
  return p && children_[*p].size() > 1;
}

bool RevisionGraph::is_merge_point(std::string_view id) const {
  std::optional<std::size_t> p = position(id);
  return p && parents_[*p].size() > 1;
}

bool RevisionGraph::is_ancestor(std::string_view ancestor, std::string_view id) const {
  std::optional<std::size_t> a = position(ancestor);
  std::optional<std::size_t> p = position(id);
  return a && p && is_ancestor_at(*a, *p);
}

bool RevisionGraph::carries(std::size_t pos, std::string_view label) const {
  if (pos == kBase) return false;
  const std::vector<std::string>& set = label_sets_[pos];
  return std::binary_search(set.begin(), set.end(), label);
}

bool RevisionGraph::is_ancestor_at(std::size_t ancestor, std::size_t pos) const {
  if (ancestor == kBase || pos == kBase || ancestor >= pos) return false;
  // Positions are topological: nothing below `ancestor` can reach it.
  std::vector<std::size_t> stack{pos};
  std::vector<char> seen(pos + 1, 0);
  while (!stack.empty()) {
    std::size_t at = stack.back();
    stack.pop_back();
    for (const auto* edges : {&parents_[at], &deps_[at]}) {
      for (std::size_t q : *edges) {
        if (q == ancestor) return true;
        if (q > ancestor && !seen[q]) {
          seen[q] = 1;
          stack.push_back(q);
        }
      }
    }
  }
  return false;
}

RevisionGraph::Marks RevisionGraph::ancestors_or_self(const std::vector<std::size_t>& seeds,
                                                      bool with_deps) const {
  Marks marks(revisions_.size(), 0);
  for (std::size_t s : seeds) {
    if (s != kBase) marks[s] = 1;
  }
  for (std::size_t p = revisions_.size(); p-- > 0;) {
    if (!marks[p]) continue;
    for (std::size_t q : parents_[p]) marks[q] = 1;
    if (with_deps) {
      for (std::size_t q : deps_[p]) marks[q] = 1;
    }
  }
  return marks;
}

RevisionGraph::Marks RevisionGraph::descendants_or_self(const std::vector<std::size_t>& seeds,
                                                        bool with_deps) const {
  Marks marks(revisions_.size(), 0);
  for (std::size_t s : seeds) {
    if (s != kBase) marks[s] = 1;
  }
  for (std::size_t p = 0; p < revisions_.size(); ++p) {
    if (!marks[p]) continue;
    for (std::size_t q : children_[p]) marks[q] = 1;
    if (with_deps) {
      for (std::size_t q : dependents_[p]) marks[q] = 1;
    }
  }
  return marks;
}

std::vector<std::size_t> RevisionGraph::label_members(const Label& label,
                                                      std::string_view name) const {
  std::vector<std::size_t> out;
  for (std::size_t p = label.first; p < revisions_.size(); ++p) {
    if (carries(p, name)) out.push_back(p);
  }
  return out;
}

Error unknown_version_row(std::string_view id) {
  return Error::bad_input(
      fmt::format("the database is at revision {}, which no revision file has", id),
      "restore the missing revision file (`retort verify` lists every applied revision whose "
      "file is missing or edited), or run `retort stamp --purge REV` to record the revision the "
      "schema really matches");
}

}  // namespace retort::migrations
