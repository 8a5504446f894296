// Upgrade and downgrade plans, version-table moves and stamping on the
// revision graph (issue 4's acceptance items that need no database).
#include <gtest/gtest.h>

#include "migrations/revision_graph.hpp"
#include "tests/migrations/revision_graph_fixtures.hpp"

namespace retort::migrations {
namespace {

using namespace graph_testing;  // NOLINT

std::vector<VersionMove> moves(const MigrationPlan& plan) {
  std::vector<VersionMove> out;
  for (const Step& s : plan.steps) out.push_back(s.version);
  return out;
}

MigrationPlan up(const RevisionGraph& g, const Ids& current, std::string_view target) {
  MigrationPlan p = value_ok(g.upgrade_plan(current, target));
  for (const Step& s : p.steps) EXPECT_TRUE(s.upgrade);
  return p;
}

MigrationPlan down(const RevisionGraph& g, const Ids& current, std::string_view target) {
  MigrationPlan p = value_ok(g.downgrade_plan(current, target));
  for (const Step& s : p.steps) EXPECT_FALSE(s.upgrade);
  return p;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// --- a linear chain a-b-c-d-e --------------------------------------------------

TEST(RevisionGraphPlans, UpgradeToARevisionRunsWhatLiesBetween) {
  RevisionGraph g = build_ok(linear());
  MigrationPlan p = up(g, {"c"}, "e");
  EXPECT_EQ(step_ids(p), (Ids{"d", "e"}));
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{update("c", "d"), update("d", "e")}));
  EXPECT_EQ(p.heads_before, Ids{"c"});
  EXPECT_EQ(p.steps[0].heads_after, Ids{"d"});
  EXPECT_EQ(p.heads_after, Ids{"e"});
}

TEST(RevisionGraphPlans, UpgradeByRelativeIdentifiers) {
  RevisionGraph g = build_ok(linear());
  EXPECT_EQ(step_ids(up(g, {"a"}, "+2")), (Ids{"b", "c"}));
  EXPECT_EQ(step_ids(up(g, {"a"}, "b+2")), (Ids{"b", "c", "d"}));
  EXPECT_EQ(step_ids(up(g, {"a"}, "d-2")), (Ids{"b"}));
  Error e = error_of(g.upgrade_plan({"b"}, "+5"));
  EXPECT_EQ(e.code, ErrorCode::kBadInput);
  EXPECT_EQ(e.message, "Relative revision +5 didn't produce 5 migrations");
}

TEST(RevisionGraphPlans, UpgradeFromBaseInsertsTheFirstRow) {
  RevisionGraph g = build_ok(linear());
  MigrationPlan p = up(g, {}, "head");
  EXPECT_EQ(step_ids(p), (Ids{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(p.steps[0].version, insert("a"));
  EXPECT_EQ(p.heads_before, Ids{});
  EXPECT_TRUE(up(g, {"e"}, "head").steps.empty());
  EXPECT_TRUE(up(g, {"c"}, "current").steps.empty());
}

TEST(RevisionGraphPlans, DowngradeByRelativeIdentifierRunsHeadFirst) {
  RevisionGraph g = build_ok(linear());
  MigrationPlan p = down(g, {"e"}, "-3");
  EXPECT_EQ(step_ids(p), (Ids{"e", "d", "c"}));
  EXPECT_EQ(moves(p),
            (std::vector<VersionMove>{update("e", "d"), update("d", "c"), update("c", "b")}));
  EXPECT_EQ(p.heads_after, Ids{"b"});
  EXPECT_EQ(step_ids(down(g, {"e"}, "c")), (Ids{"e", "d"}));
  EXPECT_TRUE(down(g, {"e"}, "e").steps.empty());
}

TEST(RevisionGraphPlans, DowngradeToBaseEmptiesTheVersionTable) {
  RevisionGraph g = build_ok(linear());
  MigrationPlan p = down(g, {"c"}, "base");
  EXPECT_EQ(step_ids(p), (Ids{"c", "b", "a"}));
  EXPECT_EQ(p.steps.back().version, remove("a"));
  EXPECT_EQ(p.heads_after, Ids{});
  EXPECT_TRUE(down(g, {}, "base").steps.empty());
}

TEST(RevisionGraphPlans, WrongDirectionsAreErrors) {
  RevisionGraph g = build_ok(linear());
  Error later = error_of(g.downgrade_plan({"c"}, "d"));
  EXPECT_EQ(later.code, ErrorCode::kBadInput);
  EXPECT_EQ(later.message, "d is not applied: the database is at c");
  EXPECT_EQ(later.hint, "use `retort upgrade d` to go up");
  Error earlier = error_of(g.upgrade_plan({"d"}, "b"));
  EXPECT_EQ(earlier.message, "b is below the current revision(s) d");
  EXPECT_EQ(earlier.hint, "use `retort downgrade b` to go down");
  EXPECT_TRUE(contains(error_of(g.upgrade_plan({"d"}, "-1")).message, "below"));
  EXPECT_EQ(error_of(g.upgrade_plan({"d"}, "base")).message,
            "base is below the current revision(s) d");
  EXPECT_EQ(error_of(g.downgrade_plan({}, "a")).message,
            "a is not applied: the database is at base");
  EXPECT_EQ(error_of(g.downgrade_plan({"zz"}, "a")).message,
            "the database is at revision zz, which no revision file has");
  EXPECT_EQ(error_of(g.upgrade_plan({"zz"}, "head")).message,
            "the database is at revision zz, which no revision file has");
}

// --- branches a -> b -> {c1 -> d1 [x], c2 -> d2 [y]} -----------------------------

TEST(RevisionGraphPlans, UpgradeToHeadsFromABranchPointRunsEachBranchAndLeavesTwoRows) {
  RevisionGraph g = build_ok(branches());
  MigrationPlan p = up(g, {"a"}, "heads");
  EXPECT_EQ(step_ids(p), (Ids{"b", "c1", "d1", "c2", "d2"}));
  EXPECT_EQ(moves(p),
            (std::vector<VersionMove>{update("a", "b"), update("b", "c1"), update("c1", "d1"),
                                      insert("c2"), update("c2", "d2")}));
  EXPECT_EQ(p.steps[3].heads_after, (Ids{"c2", "d1"}));
  EXPECT_EQ(p.heads_after, (Ids{"d1", "d2"}));
}

TEST(RevisionGraphPlans, LabelTargetsMoveOnlyTheirOwnBranch) {
  RevisionGraph g = build_ok(branches());
  MigrationPlan y = up(g, {"d1"}, "y@base+2");
  EXPECT_EQ(step_ids(y), (Ids{"c2", "d2"}));
  EXPECT_EQ(moves(y), (std::vector<VersionMove>{insert("c2"), update("c2", "d2")}));
  EXPECT_EQ(y.heads_after, (Ids{"d1", "d2"}));

  MigrationPlan x = down(g, {"d1", "d2"}, "x@-1");
  EXPECT_EQ(step_ids(x), (Ids{"d1"}));
  EXPECT_EQ(moves(x), (std::vector<VersionMove>{update("d1", "c1")}));
  EXPECT_EQ(x.heads_after, (Ids{"c1", "d2"}));

  MigrationPlan x_up = up(g, {"c1", "c2"}, "x@+1");
  EXPECT_EQ(step_ids(x_up), (Ids{"d1"}));
  EXPECT_EQ(x_up.heads_after, (Ids{"c2", "d1"}));
  EXPECT_EQ(step_ids(up(g, {"c1", "c2"}, "y@head")), (Ids{"d2"}));
}

TEST(RevisionGraphPlans, DowngradingALabelsBaseRemovesOnlyThatBranch) {
  RevisionGraph g = build_ok(branches());
  MigrationPlan p = down(g, {"d1", "d2"}, "y@base");
  EXPECT_EQ(step_ids(p), (Ids{"d2", "c2"}));
  // b stays applied through d1, so c2's row goes rather than moving to b.
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{update("d2", "c2"), remove("c2")}));
  EXPECT_EQ(p.heads_after, Ids{"d1"});
  // A plain target below the branch point takes both branches down.
  MigrationPlan both = down(g, {"d1", "d2"}, "b");
  EXPECT_EQ(step_ids(both), (Ids{"d2", "c2", "d1", "c1"}));
  EXPECT_EQ(both.heads_after, Ids{"b"});
}

TEST(RevisionGraphPlans, APlusOneFromTwoCurrentHeadsIsAmbiguous) {
  RevisionGraph g = build_ok(branches());
  Error e = error_of(g.upgrade_plan({"c1", "c2"}, "+1"));
  EXPECT_EQ(e.code, ErrorCode::kBadInput);
  EXPECT_EQ(e.message, "\"+1\" is ambiguous: the database has 2 current heads: c1, c2");
  EXPECT_TRUE(contains(error_of(g.upgrade_plan({"c1"}, "head")).message, "2 heads: d1, d2"));
}

// --- the merge e = (d1, d2), then f ------------------------------------------------

TEST(RevisionGraphPlans, UpgradeThroughAMergeDeletesOneRowAndUpdatesTheOther) {
  RevisionGraph g = build_ok(merged());
  MigrationPlan p = up(g, {"b"}, "f");
  EXPECT_EQ(step_ids(p), (Ids{"c1", "d1", "c2", "d2", "e", "f"}));
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{update("b", "c1"), update("c1", "d1"), insert("c2"),
                                                update("c2", "d2"), update("d1", "e", {"d2"}),
                                                update("e", "f")}));
  EXPECT_EQ(p.steps[3].heads_after, (Ids{"d1", "d2"}));
  EXPECT_EQ(p.steps[4].heads_after, Ids{"e"});
  EXPECT_EQ(p.heads_after, Ids{"f"});
}

TEST(RevisionGraphPlans, DowngradeBelowAMergeRestoresTwoRows) {
  RevisionGraph g = build_ok(merged());
  MigrationPlan p = down(g, {"f"}, "d1");
  EXPECT_EQ(step_ids(p), (Ids{"f", "e"}));
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{update("f", "e"), update("e", "d1", {}, {"d2"})}));
  EXPECT_EQ(p.heads_after, (Ids{"d1", "d2"}));

  MigrationPlan all = down(g, {"f"}, "b");
  EXPECT_EQ(step_ids(all), (Ids{"f", "e", "d2", "c2", "d1", "c1"}));
  EXPECT_EQ(all.steps[3].version, remove("c2"));
  EXPECT_EQ(all.heads_after, Ids{"b"});

  // One branch of the merge: e and f come down, x's own revisions go, d2 stays.
  MigrationPlan x = down(g, {"f"}, "x@base");
  EXPECT_EQ(step_ids(x), (Ids{"f", "e", "d1", "c1"}));
  EXPECT_EQ(x.heads_after, Ids{"d2"});
}

TEST(RevisionGraphPlans, UpgradeToTheMergeFromOneBranchRunsTheOther) {
  RevisionGraph g = build_ok(merged());
  MigrationPlan p = up(g, {"d1"}, "e");
  EXPECT_EQ(step_ids(p), (Ids{"c2", "d2", "e"}));
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{insert("c2"), update("c2", "d2"),
                                                update("d1", "e", {"d2"})}));
}

// --- independent roots and depends_on ----------------------------------------------

TEST(RevisionGraphPlans, TwoIndependentRootsUpgradeToHeads) {
  RevisionGraph g = build_ok({rev("r1"), rev("r2", {"r1"}), rev("s1"), rev("s2", {"s1"})});
  MigrationPlan p = up(g, {}, "heads");
  EXPECT_EQ(step_ids(p), (Ids{"r1", "r2", "s1", "s2"}));
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{insert("r1"), update("r1", "r2"), insert("s1"),
                                                update("s1", "s2")}));
  EXPECT_EQ(p.heads_after, (Ids{"r2", "s2"}));
  MigrationPlan s = down(g, {"r2", "s2"}, "r1@head");  // r2: nothing to do
  EXPECT_TRUE(s.steps.empty());
  MigrationPlan r = down(g, {"r2", "s2"}, "base");
  EXPECT_EQ(step_ids(r), (Ids{"s2", "s1", "r2", "r1"}));
  EXPECT_EQ(r.heads_after, Ids{});
}

std::vector<Revision> across_roots() {
  // p2 depends on q2, the head of another root.
  return {rev("p1", {}, {"pl"}), rev("p2", {"p1"}, {}, {"q2"}), rev("q1", {}, {"ql"}),
          rev("q2", {"q1"})};
}

TEST(RevisionGraphPlans, ADependencyAcrossRootsOrdersTheUpgradeAndIsNotStored) {
  RevisionGraph g = build_ok(across_roots());
  MigrationPlan p = up(g, {}, "p2");
  EXPECT_EQ(step_ids(p), (Ids{"p1", "q1", "q2", "p2"}));
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{insert("p1"), insert("q1"), update("q1", "q2"),
                                                update("p1", "p2", {"q2"})}));
  EXPECT_EQ(p.heads_after, Ids{"p2"});
  // q2 is applied through the dependency: `heads` has nothing left to do.
  EXPECT_TRUE(up(g, {"p2"}, "heads").steps.empty());
  EXPECT_TRUE(up(g, {"p2"}, "q2").steps.empty());
  EXPECT_EQ(error_of(g.upgrade_plan({"p2"}, "p1")).message,
            "p1 is below the current revision(s) p2");
}

TEST(RevisionGraphPlans, ADependencySurvivesADowngradeOfTheDependentBranch) {
  RevisionGraph g = build_ok(across_roots());
  MigrationPlan p = down(g, {"p2"}, "pl@base");
  EXPECT_EQ(step_ids(p), (Ids{"p2", "p1"}));
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{update("p2", "p1", {}, {"q2"}), remove("p1")}));
  EXPECT_EQ(p.heads_after, Ids{"q2"});

  MigrationPlan one = down(g, {"p2"}, "p1");
  EXPECT_EQ(moves(one), (std::vector<VersionMove>{update("p2", "p1", {}, {"q2"})}));
  EXPECT_EQ(one.heads_after, (Ids{"p1", "q2"}));
}

TEST(RevisionGraphPlans, DowngradingADependencyFirstDowngradesItsDependents) {
  RevisionGraph g = build_ok(across_roots());
  MigrationPlan p = down(g, {"p2"}, "ql@base");
  EXPECT_EQ(step_ids(p), (Ids{"p2", "q2", "q1"}));
  EXPECT_EQ(moves(p), (std::vector<VersionMove>{update("p2", "p1", {}, {"q2"}), update("q2", "q1"),
                                                remove("q1")}));
  EXPECT_EQ(p.heads_after, Ids{"p1"});
  MigrationPlan to_q1 = down(g, {"p2"}, "q1");
  EXPECT_EQ(step_ids(to_q1), (Ids{"p2", "q2"}));
  EXPECT_EQ(to_q1.heads_after, (Ids{"p1", "q1"}));
}

// --- stamp ---------------------------------------------------------------------------

TEST(RevisionGraphStamp, StampAcrossBranches) {
  RevisionGraph g = build_ok(branches());
  EXPECT_EQ(value_ok(g.stamp_heads({"d1", "c2"}, {"b"}, false)), Ids{"b"});
  EXPECT_EQ(value_ok(g.stamp_heads({"d1", "c2"}, {"y@head"}, false)), (Ids{"d1", "d2"}));
  // A label's base stamps only that branch away; the other branch's row stays.
  EXPECT_EQ(value_ok(g.stamp_heads({"d1", "d2"}, {"x@base"}, false)), Ids{"d2"});
  EXPECT_EQ(value_ok(g.stamp_heads({"d1", "c2"}, {"x@base"}, false)), Ids{"c2"});
  EXPECT_EQ(value_ok(g.stamp_heads({"d1"}, {"c2"}, false)), (Ids{"c2", "d1"}));
  EXPECT_EQ(value_ok(g.stamp_heads({}, {"heads"}, false)), (Ids{"d1", "d2"}));
  EXPECT_EQ(value_ok(g.stamp_heads({"d1", "d2"}, {"base"}, false)), Ids{});
  EXPECT_EQ(value_ok(g.stamp_heads({"d1", "c2"}, {"c1", "d2"}, false)), (Ids{"c1", "d2"}));
  EXPECT_EQ(value_ok(g.stamp_heads({"c1"}, {"+1"}, false)), Ids{"d1"});
}

TEST(RevisionGraphStamp, PurgeStartsFromNoRows) {
  RevisionGraph g = build_ok(branches());
  EXPECT_EQ(value_ok(g.stamp_heads({"d1", "c2"}, {"c1"}, true)), Ids{"c1"});
  // An unknown row can only be replaced with --purge.
  EXPECT_EQ(value_ok(g.stamp_heads({"gone"}, {"d2"}, true)), Ids{"d2"});
  Error e = error_of(g.stamp_heads({"gone"}, {"d2"}, false));
  EXPECT_EQ(e.message, "the database is at revision gone, which no revision file has");
  EXPECT_TRUE(contains(e.hint, "--purge"));
}

TEST(RevisionGraphStamp, StampErrors) {
  RevisionGraph g = build_ok(branches());
  Error line = error_of(g.stamp_heads({}, {"c1", "d1"}, false));
  EXPECT_EQ(line.message, "stamp targets c1 and d1 are on one line of history: c1 is below d1");
  EXPECT_EQ(error_of(g.stamp_heads({}, {}, false)).message, "stamp needs a revision");
  EXPECT_EQ(error_of(g.stamp_heads({}, {"zzzz"}, false)).message, "unknown revision \"zzzz\"");
}

// --- one revision alone, for `retort resolve` ----------------------------------

TEST(RevisionGraphPlans, SingleStepMovesTheRowsAsThatStepOfAPlanWould) {
  RevisionGraph g = build_ok(merged());
  Step up_step = value_ok(g.single_step({"b"}, "c1", true));
  EXPECT_EQ(up_step.revision->id, "c1");
  EXPECT_TRUE(up_step.upgrade);
  EXPECT_EQ(up_step.version, update("b", "c1"));
  // The merge: both parents applied, one row updated and the other deleted.
  Step merge = value_ok(g.single_step({"d1", "d2"}, "e", true));
  EXPECT_EQ(merge.version, update("d1", "e", {"d2"}));
  EXPECT_EQ(merge.heads_after, Ids{"e"});
  // Unapplying the merge brings both parents back.
  Step unmerge = value_ok(g.single_step({"e"}, "e", false));
  EXPECT_FALSE(unmerge.upgrade);
  EXPECT_EQ(unmerge.version, update("e", "d1", {}, {"d2"}));
  EXPECT_EQ(unmerge.heads_after, (Ids{"d1", "d2"}));
  // A branch's revision leaves the other branch's row alone.
  Step one_branch = value_ok(g.single_step({"d1", "d2"}, "d2", false));
  EXPECT_EQ(one_branch.version, update("d2", "c2"));
}

TEST(RevisionGraphPlans, SingleStepRefusesWhatCannotRunAlone) {
  RevisionGraph g = build_ok(linear());
  EXPECT_EQ(error_of(g.single_step({"a"}, "c", true)).code, ErrorCode::kBadInput);   // b missing
  EXPECT_EQ(error_of(g.single_step({"c"}, "b", false)).code, ErrorCode::kBadInput);  // c above
  EXPECT_EQ(error_of(g.single_step({"c"}, "c", true)).code, ErrorCode::kBadInput);   // applied
  EXPECT_EQ(error_of(g.single_step({"b"}, "c", false)).code, ErrorCode::kBadInput);  // not applied
  EXPECT_EQ(error_of(g.single_step({"b"}, "zz", true)).code, ErrorCode::kBadInput);
}

// a - b - c - d - e with s squashing b..d: s's parent is a, e follows s.
std::vector<Revision> squashed(bool with_replaced_files = true) {
  std::vector<Revision> revs = linear();
  Revision s = rev("s", {"a"});
  s.replaces = {"b", "c", "d"};
  revs.push_back(s);
  if (!with_replaced_files) {
    std::erase_if(revs,
                  [](const Revision& r) { return r.id == "b" || r.id == "c" || r.id == "d"; });
  }
  return revs;
}

TEST(RevisionGraphSquashTest, TheReplacedRevisionsAreSetAsideAndTheLastStandsForTheSquash) {
  RevisionGraph g = build_ok(squashed());
  EXPECT_EQ(revision_ids(g.revisions()), (Ids{"a", "s", "e"}));
  EXPECT_EQ(g.find("c"), nullptr);
  ASSERT_NE(g.replaced("c"), nullptr);
  EXPECT_EQ(g.squash_of("c")->id, "s");
  EXPECT_EQ(g.files().size(), 6u);
  EXPECT_EQ(g.applied_ids({"c"}), (Ids{"a"}));
  // The last one stands for the squash.
  EXPECT_EQ(g.applied_ids({"d"}), (Ids{"a", "s"}));
  EXPECT_EQ(g.find_named("d")->id, "s");
  EXPECT_EQ(g.find_named("c"), nullptr);
  EXPECT_EQ(g.caught_up({"c", "x"}), (Ids{"s", "x"}));
  EXPECT_EQ(revision_ids(value_ok(g.replaced_through("c"))), (Ids{"b", "c"}));
  // Naming a replaced revision says which squash took it.
  Error named = error_of(g.resolve("c"));
  EXPECT_NE(named.message.find("revision c was squashed into s"), std::string::npos)
      << named.message;
}

TEST(RevisionGraphSquashTest, ARowBehindTheSquashRunsTheRestThenIsMapped) {
  RevisionGraph g = build_ok(squashed());
  MigrationPlan plan = value_ok(g.upgrade_plan({"c"}, "heads"));
  EXPECT_EQ(plan.heads_before, (Ids{"c"}));
  EXPECT_EQ(step_ids(plan), (Ids{"d", "s", "e"}));
  EXPECT_FALSE(plan.steps[0].map_only);
  EXPECT_EQ(plan.steps[0].version, update("c", "d"));
  EXPECT_TRUE(plan.steps[1].map_only);
  EXPECT_EQ(plan.steps[1].version, update("d", "s"));
  EXPECT_EQ(plan.steps[1].heads_after, (Ids{"s"}));
  EXPECT_EQ(plan.steps[2].version, update("s", "e"));
  EXPECT_EQ(plan.heads_after, (Ids{"e"}));
  // At the last one: only the map. To the squash itself: no more.
  EXPECT_EQ(step_ids(value_ok(g.upgrade_plan({"d"}, "s"))), (Ids{"s"}));
  // A fresh database runs the squash, not what it replaces.
  EXPECT_EQ(step_ids(value_ok(g.upgrade_plan({}, "heads"))), (Ids{"a", "s", "e"}));
  // Other plans cannot start behind it.
  Error down = error_of(g.downgrade_plan({"c"}, "a"));
  EXPECT_NE(down.message.find("the database is at c, which squash s replaces"), std::string::npos)
      << down.message;
  EXPECT_NE(down.hint.find("retort upgrade s"), std::string::npos) << down.hint;
  EXPECT_EQ(error_of(g.stamp_heads({"c"}, {"e"}, false)).code, ErrorCode::kBadInput);
}

TEST(RevisionGraphSquashTest, ReplacedFilesMayGoOnceEveryDatabaseIsPastThem) {
  RevisionGraph g = build_ok(squashed(false));
  EXPECT_EQ(revision_ids(g.revisions()), (Ids{"a", "s", "e"}));
  // e's file still names d: d stands for s.
  EXPECT_EQ(step_ids(value_ok(g.upgrade_plan({"d"}, "heads"))), (Ids{"s", "e"}));
  Error gone = error_of(g.upgrade_plan({"b"}, "heads"));
  EXPECT_NE(gone.message.find("the file of c, which it must run next"), std::string::npos)
      << gone.message;
}

TEST(RevisionGraphSquashTest, BadSquashesAreRefusedNamingTheFile) {
  // A child of a revision inside the squash.
  std::vector<Revision> inner = squashed();
  inner.push_back(rev("x", {"c"}));
  Error e = build_error(inner);
  EXPECT_NE(e.message.find("revision x has down_revision c, which squash s replaces"),
            std::string::npos)
      << e.message;
  EXPECT_EQ(e.file, "versions/x_x.toml");
  // A replaced file that does not follow the squash's chain.
  std::vector<Revision> moved = squashed();
  for (Revision& r : moved) {
    if (r.id == "c") r.down_revisions = {"a"};
  }
  e = build_error(moved);
  EXPECT_NE(e.message.find("revision c is replaced by squash s, whose chain puts it after b"),
            std::string::npos)
      << e.message;
  EXPECT_EQ(e.file, "versions/c_x.toml");
  // Two squashes of one revision; a squash of itself; nested squashes.
  std::vector<Revision> twice = squashed();
  Revision t = rev("t", {"a"});
  t.replaces = {"b"};
  twice.push_back(t);
  EXPECT_NE(build_error(twice).message.find("replaced by two squashes"), std::string::npos);
  std::vector<Revision> self = linear();
  self[1].replaces = {"b"};
  EXPECT_NE(build_error(self).message.find("lists \"b\" in replaces"), std::string::npos);
  std::vector<Revision> nested = squashed();
  Revision u = rev("u", {"a"});
  u.replaces = {"s"};
  nested.push_back(u);
  EXPECT_NE(build_error(nested).message.find("squashes do not nest"), std::string::npos);
}

}  // namespace
}  // namespace retort::migrations
