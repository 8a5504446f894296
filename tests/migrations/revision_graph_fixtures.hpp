// Test helpers for the revision graph: in-memory revisions (no ops, no
// database) and the graphs the graph tests share.
//
//   linear    a - b - c - d - e
//   branches  a - b -< c1 - d1   (label x on c1)
//                    < c2 - d2   (label y on c2)
//   merged    branches, then e = (d1, d2), then f
//
// Example:
//   RevisionGraph g = build_ok(branches());
//   EXPECT_EQ(step_ids(plan_ok(g.upgrade_plan({"a"}, "heads"))), ids({"b", "c1"}));
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "migrations/revision_graph.hpp"

namespace retort::migrations::graph_testing {

using Ids = std::vector<std::string>;

inline Revision rev(std::string id, Ids down = {}, Ids labels = {}, Ids depends_on = {}) {
  Revision r;
  r.id = std::move(id);
  r.down_revisions = std::move(down);
  r.branch_labels = std::move(labels);
  r.depends_on = std::move(depends_on);
  r.path = "versions/" + r.id + "_x.toml";
  r.line = 2;
  return r;
}

inline std::vector<Revision> linear() {
  return {rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"}), rev("e", {"d"})};
}

inline std::vector<Revision> branches() {
  // Out of order on purpose: build() sorts.
  return {rev("d2", {"c2"}), rev("c1", {"b"}, {"x"}), rev("a"),
          rev("b", {"a"}),   rev("d1", {"c1"}),       rev("c2", {"b"}, {"y"})};
}

inline std::vector<Revision> merged() {
  std::vector<Revision> revs = branches();
  revs.push_back(rev("e", {"d1", "d2"}));
  revs.push_back(rev("f", {"e"}));
  return revs;
}

// A graph of `size` revisions: a main chain with side branches of 10 that
// merge back into it, the last of which stays open (so two heads).
inline std::vector<Revision> large(int size) {
  const int branch_count = size / 50;
  const int main_count = size - branch_count * 10;
  auto main_id = [](int i) { return "m" + std::to_string(10000 + i); };
  std::vector<Revision> revs;
  revs.push_back(rev(main_id(0)));
  for (int i = 1; i < main_count; ++i) revs.push_back(rev(main_id(i), {main_id(i - 1)}));
  for (int k = 0; k < branch_count; ++k) {
    const int from = k * (main_count / branch_count) + 5;
    std::string previous = main_id(from);
    for (int j = 0; j < 10; ++j) {
      std::string id = "s" + std::to_string(100 + k) + "_" + std::to_string(j);
      revs.push_back(rev(id, {previous}));
      previous = id;
    }
    if (k + 1 < branch_count) {
      revs[static_cast<std::size_t>(from + 15)].down_revisions.push_back(previous);
    }
  }
  return revs;
}

inline RevisionGraph build_ok(std::vector<Revision> revisions) {
  Result<RevisionGraph> g = RevisionGraph::build(std::move(revisions));
  EXPECT_TRUE(g.ok()) << (g ? "" : g.error().describe());
  return g ? std::move(*g) : RevisionGraph();
}

inline Error build_error(std::vector<Revision> revisions) {
  Result<RevisionGraph> g = RevisionGraph::build(std::move(revisions));
  EXPECT_FALSE(g.ok()) << "build() accepted the revisions";
  return g ? Error::internal("no error") : g.error();
}

template <class T>
T value_ok(Result<T> r) {
  EXPECT_TRUE(r.ok()) << (r ? "" : r.error().describe());
  return r ? std::move(*r) : T();
}

template <class T>
Error error_of(const Result<T>& r) {
  EXPECT_FALSE(r.ok()) << "expected an error";
  return r ? Error::internal("no error") : r.error();
}

inline Ids step_ids(const MigrationPlan& plan) {
  Ids out;
  for (const Step& s : plan.steps) out.push_back(s.revision->id);
  return out;
}

inline Ids revision_ids(const std::vector<const Revision*>& revisions) {
  Ids out;
  for (const Revision* r : revisions) out.push_back(r->id);
  return out;
}

inline VersionMove insert(std::string id) { return VersionMove{{}, std::nullopt, {std::move(id)}}; }
inline VersionMove update(std::string from, std::string to, Ids deletes = {}, Ids inserts = {}) {
  return VersionMove{std::move(deletes), std::make_pair(std::move(from), std::move(to)),
                     std::move(inserts)};
}
inline VersionMove remove(std::string id) { return VersionMove{{std::move(id)}, std::nullopt, {}}; }

}  // namespace retort::migrations::graph_testing
