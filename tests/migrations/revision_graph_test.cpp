// The revision graph's structure and identifiers: validation in build(),
// order, heads, labels, and every identifier form with its errors.
#include "migrations/revision_graph.hpp"

#include <gtest/gtest.h>

#include <map>

#include "tests/migrations/revision_graph_fixtures.hpp"

namespace retort::migrations {
namespace {

using namespace graph_testing;  // NOLINT

std::string one(const RevisionGraph& g, std::string_view identifier,
                std::optional<std::vector<std::string>> current = std::nullopt) {
  Result<std::string> r = g.resolve_one(identifier, current);
  EXPECT_TRUE(r.ok()) << identifier << ": " << (r ? "" : r.error().describe());
  return r ? *r : "<error>";
}

Error resolve_error(const RevisionGraph& g, std::string_view identifier,
                    std::optional<std::vector<std::string>> current = std::nullopt) {
  Result<std::vector<std::string>> r = g.resolve(identifier, current);
  EXPECT_FALSE(r.ok()) << identifier << " resolved";
  EXPECT_TRUE(r || r.error().code == ErrorCode::kBadInput);
  return r ? Error::internal("no error") : r.error();
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// --- build() and structure -------------------------------------------------

TEST(RevisionGraphBuild, OrdersALinearChainWhateverTheInputOrder) {
  std::vector<Revision> revs = linear();
  std::swap(revs[0], revs[4]);
  std::swap(revs[1], revs[3]);
  RevisionGraph g = build_ok(std::move(revs));
  EXPECT_EQ(revision_ids(g.revisions()), (Ids{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(revision_ids(g.heads()), (Ids{"e"}));
  EXPECT_EQ(revision_ids(g.bases()), (Ids{"a"}));
  EXPECT_EQ(g.size(), 5u);
  EXPECT_EQ(g.find("c")->id, "c");
  EXPECT_EQ(g.find("zz"), nullptr);
}

TEST(RevisionGraphBuild, RunsEachBranchToItsEndBeforeTheNext) {
  RevisionGraph g = build_ok(merged());
  EXPECT_EQ(revision_ids(g.revisions()), (Ids{"a", "b", "c1", "d1", "c2", "d2", "e", "f"}));
  EXPECT_EQ(revision_ids(g.heads()), (Ids{"f"}));
  EXPECT_EQ(revision_ids(g.children("b")), (Ids{"c1", "c2"}));
  EXPECT_TRUE(g.is_branch_point("b"));
  EXPECT_FALSE(g.is_branch_point("c1"));
  EXPECT_FALSE(g.is_merge_point("b"));
  EXPECT_TRUE(g.is_merge_point("e"));
  EXPECT_FALSE(g.is_branch_point("e"));
}

TEST(RevisionGraphBuild, TiesBreakByCreatedThenId) {
  std::vector<Revision> revs = {rev("a"), rev("zz", {"a"}), rev("yy", {"a"})};
  revs[1].created = "2026-01-01T00:00:00Z";
  revs[2].created = "2026-01-02T00:00:00Z";
  EXPECT_EQ(revision_ids(build_ok(revs).revisions()), (Ids{"a", "zz", "yy"}));
  revs[1].created = revs[2].created;
  EXPECT_EQ(revision_ids(build_ok(revs).revisions()), (Ids{"a", "yy", "zz"}));
}

TEST(RevisionGraphBuild, DependenciesComeBeforeDependents) {
  // p2 depends on q2 of another root; by id alone p2 would come second.
  RevisionGraph g =
      build_ok({rev("p1"), rev("p2", {"p1"}, {}, {"q2"}), rev("q1"), rev("q2", {"q1"})});
  EXPECT_EQ(revision_ids(g.revisions()), (Ids{"p1", "q1", "q2", "p2"}));
  EXPECT_EQ(revision_ids(g.heads()), (Ids{"p2", "q2"}));
  EXPECT_EQ(revision_ids(g.bases()), (Ids{"p1", "q1"}));
  EXPECT_TRUE(g.is_ancestor("q1", "p2"));
  EXPECT_TRUE(g.is_ancestor("p1", "p2"));
  EXPECT_FALSE(g.is_ancestor("p2", "q1"));
  EXPECT_FALSE(g.is_ancestor("p2", "p2"));
  EXPECT_FALSE(g.is_ancestor("nope", "p2"));
}

TEST(RevisionGraphBuild, LabelsSpreadUpAndDownToTheBranchPoint) {
  RevisionGraph g = build_ok(merged());
  EXPECT_EQ(g.labels("a"), Ids{});
  EXPECT_EQ(g.labels("b"), Ids{});
  EXPECT_EQ(g.labels("c1"), Ids{"x"});
  EXPECT_EQ(g.labels("d1"), Ids{"x"});
  EXPECT_EQ(g.labels("d2"), Ids{"y"});
  EXPECT_EQ(g.labels("e"), (Ids{"x", "y"}));
  EXPECT_EQ(g.labels("f"), (Ids{"x", "y"}));
  EXPECT_EQ(g.labels("unknown"), Ids{});

  // Declared on d2: c2 below it gets it too, b (a branch point) does not.
  RevisionGraph late = build_ok(
      {rev("a"), rev("b", {"a"}), rev("c1", {"b"}), rev("c2", {"b"}), rev("d2", {"c2"}, {"y"})});
  EXPECT_EQ(late.labels("c2"), Ids{"y"});
  EXPECT_EQ(late.labels("b"), Ids{});
  // Down a plain chain it reaches the root.
  RevisionGraph chain = build_ok({rev("a"), rev("b", {"a"}), rev("c", {"b"}, {"top"})});
  EXPECT_EQ(chain.labels("a"), Ids{"top"});
  EXPECT_EQ(one(chain, "top@base"), "");
}

TEST(RevisionGraphBuild, LabelsStopBelowAMergePoint) {
  RevisionGraph g =
      build_ok({rev("a"), rev("b"), rev("m", {"a", "b"}), rev("n", {"m"}), rev("o", {"n"}, {"z"})});
  EXPECT_EQ(g.labels("n"), Ids{"z"});
  EXPECT_EQ(g.labels("m"), Ids{});
  EXPECT_EQ(one(g, "z@base"), "m");
}

TEST(RevisionGraphBuild, RejectsADuplicateId) {
  Error e = build_error({rev("a"), rev("b", {"a"}), rev("a")});
  EXPECT_EQ(e.code, ErrorCode::kBadInput);
  EXPECT_TRUE(contains(e.message, "duplicate revision id a")) << e.message;
  EXPECT_EQ(e.file, "versions/a_x.toml");
  EXPECT_EQ(e.line, 2);
  EXPECT_FALSE(e.hint.empty());
}

TEST(RevisionGraphBuild, RejectsALabelDeclaredTwice) {
  Error e = build_error({rev("a", {}, {"x"}), rev("b", {"a"}), rev("c", {"b"}, {"x"})});
  EXPECT_EQ(e.message,
            "branch label \"x\" is declared on both a (versions/a_x.toml) and c "
            "(versions/c_x.toml)");
  EXPECT_EQ(e.file, "versions/c_x.toml");
  EXPECT_FALSE(e.hint.empty());
}

TEST(RevisionGraphBuild, RejectsBadLabels) {
  for (const char* label : {"", "a@b", "two words", "head", "heads", "base", "current", "a\"b",
                            "-x", ".x", "a:b", "a+b"}) {
    Error e = build_error({rev("a", {}, {label})});
    EXPECT_TRUE(contains(e.message, "bad branch label")) << label << ": " << e.message;
  }
}

TEST(RevisionGraphBuild, RejectsAMissingParent) {
  Error e = build_error({rev("a"), rev("b", {"a"}), rev("c", {"zz"})});
  EXPECT_EQ(e.message, "revision c has down_revision zz, which is no revision");
  EXPECT_EQ(e.file, "versions/c_x.toml");
  EXPECT_EQ(e.line, 2);
}

TEST(RevisionGraphBuild, RejectsAMissingDependency) {
  Error e = build_error({rev("a"), rev("b", {"a"}, {}, {"zz"})});
  EXPECT_EQ(e.message, "revision b depends on zz, which is no revision");
  EXPECT_EQ(e.file, "versions/b_x.toml");
}

TEST(RevisionGraphBuild, RejectsACycleNamingItsMembersInOrder) {
  // a -> b -> c -> a through down_revision, next to a sound root.
  Error e = build_error({rev("a", {"c"}), rev("b", {"a"}), rev("c", {"b"}), rev("r")});
  EXPECT_TRUE(contains(e.message, "cycle: b -> c -> a -> b")) << e.message;
  EXPECT_EQ(e.file, "versions/b_x.toml");
  EXPECT_FALSE(e.hint.empty());
}

TEST(RevisionGraphBuild, RejectsACycleThroughADependency) {
  Error e = build_error({rev("a", {}, {}, {"b"}), rev("b", {"a"})});
  EXPECT_TRUE(contains(e.message, "cycle: b -> a -> b")) << e.message;
  Error self = build_error({rev("a", {"a"})});
  EXPECT_TRUE(contains(self.message, "cycle: a -> a")) << self.message;
}

TEST(RevisionGraphBuild, AnEmptyGraphHasNoHeads) {
  RevisionGraph g = build_ok({});
  EXPECT_TRUE(g.empty());
  EXPECT_EQ(one(g, "head"), "");
  EXPECT_EQ(value_ok(g.resolve("heads")), Ids{""});
  EXPECT_TRUE(value_ok(g.upgrade_plan({}, "heads")).steps.empty());
}

TEST(RevisionGraphBuild, AThousandRevisionsBuildAndResolveHeads) {
  RevisionGraph g = build_ok(large(1000));
  ASSERT_EQ(g.size(), 1000u);
  EXPECT_EQ(revision_ids(g.heads()), (Ids{"m10799", "s119_9"}));
  EXPECT_EQ(value_ok(g.resolve("heads")), (Ids{"m10799", "s119_9"}));
  EXPECT_TRUE(g.is_merge_point("m10020"));
  EXPECT_TRUE(g.is_branch_point("m10005"));
  EXPECT_TRUE(g.is_ancestor("m10000", "s119_9"));
  MigrationPlan plan = value_ok(g.upgrade_plan({}, "heads"));
  ASSERT_EQ(plan.steps.size(), 1000u);
  EXPECT_EQ(plan.heads_after, (Ids{"m10799", "s119_9"}));
  // Every revision runs after its parents.
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) at[plan.steps[i].revision->id] = i;
  for (const Step& s : plan.steps) {
    for (const std::string& p : s.revision->down_revisions) EXPECT_LT(at[p], at[s.revision->id]);
  }
  EXPECT_EQ(value_ok(g.downgrade_plan(plan.heads_after, "base")).heads_after, Ids{});
}

// --- identifiers -------------------------------------------------------------

TEST(RevisionGraphIdentifiers, KnowsWhichNeedTheDatabase) {
  for (const char* id : {"+1", "-2", "current", "x@+1", "x@-1"}) {
    EXPECT_TRUE(RevisionGraph::is_relative(id)) << id;
  }
  for (const char* id : {"head", "heads", "base", "a1b2", "head-1", "b+2", "x@head", "x@base+1"}) {
    EXPECT_FALSE(RevisionGraph::is_relative(id)) << id;
  }
}

TEST(RevisionGraphIdentifiers, ResolvesTheLinearForms) {
  RevisionGraph g = build_ok(linear());
  EXPECT_EQ(one(g, "head"), "e");
  EXPECT_EQ(one(g, "heads"), "e");
  EXPECT_EQ(one(g, "base"), "");
  EXPECT_EQ(one(g, "c"), "c");
  EXPECT_EQ(one(g, "head-1"), "d");
  EXPECT_EQ(one(g, "head-5"), "");
  EXPECT_EQ(one(g, "base+1"), "a");
  EXPECT_EQ(one(g, "b+2"), "d");
  EXPECT_EQ(one(g, "d-2"), "b");
  EXPECT_EQ(one(g, "c+0"), "c");
  EXPECT_EQ(one(g, "+2", Ids{"a"}), "c");
  EXPECT_EQ(one(g, "+1", Ids{}), "a");
  EXPECT_EQ(one(g, "-3", Ids{"e"}), "b");
  EXPECT_EQ(one(g, "-1", Ids{"a"}), "");
  EXPECT_EQ(one(g, "current", Ids{"c"}), "c");
  EXPECT_EQ(one(g, "current", Ids{}), "");
  EXPECT_EQ(one(g, "c@head"), "e");
}

TEST(RevisionGraphIdentifiers, RunningOutOfStepsSaysHowMany) {
  RevisionGraph g = build_ok(linear());
  EXPECT_EQ(resolve_error(g, "+5", Ids{"b"}).message,
            "Relative revision +5 didn't produce 5 migrations");
  EXPECT_EQ(resolve_error(g, "-3", Ids{"b"}).message,
            "Relative revision -3 didn't produce 3 migrations");
  EXPECT_EQ(resolve_error(g, "head-6").message,
            "Relative revision head-6 didn't produce 6 migrations");
  EXPECT_EQ(resolve_error(g, "base+6").message,
            "Relative revision base+6 didn't produce 6 migrations");
  EXPECT_EQ(resolve_error(g, "-1", Ids{}).message,
            "Relative revision -1 didn't produce 1 migrations");
  EXPECT_TRUE(contains(resolve_error(g, "+5", Ids{"b"}).hint, "only 3 steps are possible from b"));
}

TEST(RevisionGraphIdentifiers, RelativeFormsNeedTheCurrentRevisions) {
  RevisionGraph g = build_ok(linear());
  EXPECT_TRUE(contains(resolve_error(g, "+1").message, "needs the database's current revision"));
  EXPECT_TRUE(contains(resolve_error(g, "current").message, "current"));
  Error unknown = resolve_error(g, "+1", Ids{"zz"});
  EXPECT_EQ(unknown.message, "the database is at revision zz, which no revision file has");
}

TEST(RevisionGraphIdentifiers, RejectsMalformedIdentifiers) {
  RevisionGraph g = build_ok(linear());
  for (const char* bad : {"", "+", "b+x", "head-1x", "heads-1", "current+1", "x@", "x@y@z"}) {
    Error e = resolve_error(g, bad, Ids{"a"});
    EXPECT_FALSE(e.message.empty()) << bad;
  }
}

TEST(RevisionGraphIdentifiers, PrefixesNeedFourUniqueCharacters) {
  RevisionGraph g =
      build_ok({rev("abcd1111"), rev("abcd2222", {"abcd1111"}), rev("abce3333", {"abcd2222"})});
  EXPECT_EQ(one(g, "abce"), "abce3333");
  EXPECT_EQ(one(g, "abcd2"), "abcd2222");
  EXPECT_EQ(one(g, "abcd1111"), "abcd1111");
  EXPECT_EQ(one(g, "abcd2+1"), "abce3333");

  Error shorter = resolve_error(g, "abc");
  EXPECT_EQ(shorter.message,
            "revision prefix \"abc\" is too short: give at least 4 characters (it matches "
            "abcd1111, abcd2222, abce3333)");
  Error ambiguous = resolve_error(g, "abcd");
  EXPECT_EQ(ambiguous.message, "ambiguous revision prefix \"abcd\": it matches abcd1111, abcd2222");
  Error unknown = resolve_error(g, "zzzz");
  EXPECT_EQ(unknown.message, "unknown revision \"zzzz\"");
  EXPECT_FALSE(unknown.hint.empty());
  EXPECT_EQ(resolve_error(g, "zz").message, "unknown revision \"zz\"");
  EXPECT_TRUE(contains(resolve_error(g, "zz").hint, "at least 4 characters"));
}

TEST(RevisionGraphIdentifiers, HeadWithSeveralHeadsListsThemAndSaysWhatToDo) {
  RevisionGraph g = build_ok(branches());
  Error e = resolve_error(g, "head");
  EXPECT_EQ(e.message, "\"head\" is ambiguous: there are 2 heads: d1, d2");
  EXPECT_TRUE(contains(e.hint, "`retort heads`")) << e.hint;
  EXPECT_TRUE(contains(e.hint, "LABEL@head")) << e.hint;
  EXPECT_TRUE(contains(e.hint, "`retort merge heads -m MSG`")) << e.hint;
  EXPECT_EQ(value_ok(g.resolve("heads")), (Ids{"d1", "d2"}));
  Error several = error_of(g.resolve_one("heads"));
  EXPECT_EQ(several.message, "\"heads\" names several revisions: d1, d2");
  EXPECT_TRUE(contains(resolve_error(g, "head-1").message, "ambiguous"));
}

TEST(RevisionGraphIdentifiers, ResolvesLabelForms) {
  RevisionGraph g = build_ok(branches());
  EXPECT_EQ(one(g, "x@head"), "d1");
  EXPECT_EQ(one(g, "y@head"), "d2");
  EXPECT_EQ(one(g, "y@head-1"), "c2");
  EXPECT_EQ(one(g, "y@head-2"), "b");
  EXPECT_EQ(one(g, "x@base"), "b");
  EXPECT_EQ(one(g, "y@base+1"), "c2");
  EXPECT_EQ(one(g, "y@base+2"), "d2");
  EXPECT_EQ(one(g, "x@c1"), "c1");
  EXPECT_EQ(one(g, "x@c1+1"), "d1");
  EXPECT_EQ(one(g, "c1@head"), "d1");
  EXPECT_EQ(one(g, "x@+1", Ids{"c1", "c2"}), "d1");
  EXPECT_EQ(one(g, "y@+1", Ids{"c1", "c2"}), "d2");
  EXPECT_EQ(one(g, "x@-1", Ids{"d1", "d2"}), "c1");
  EXPECT_EQ(one(g, "y@-2", Ids{"d1", "d2"}), "b");
  // No current head on x: start from the highest applied revision below it.
  EXPECT_EQ(one(g, "x@+1", Ids{"c2"}), "c1");
  EXPECT_EQ(one(g, "x@+3", Ids{}), "c1");
}

TEST(RevisionGraphIdentifiers, LabelFormErrors) {
  RevisionGraph g = build_ok(branches());
  Error off = resolve_error(g, "x@d2");
  EXPECT_EQ(off.message, "revision d2 is not on branch x (in \"x@d2\"); it is on y");
  Error unknown = resolve_error(g, "z@head");
  EXPECT_EQ(unknown.message, "unknown branch label \"z\" in \"z@head\"; known labels: x, y");
  EXPECT_TRUE(contains(unknown.hint, "retort branches"));
  Error no_labels = resolve_error(build_ok(linear()), "x@head");
  EXPECT_TRUE(contains(no_labels.message, "there are no branch labels")) << no_labels.message;
  EXPECT_EQ(resolve_error(g, "b@head").message,
            "\"b@head\" is ambiguous: b is below 2 heads: d1, d2");
  EXPECT_TRUE(contains(resolve_error(g, "b@base").message, "not a branch label"));
  Error not_on = resolve_error(g, "y@-1", Ids{"d1"});
  EXPECT_EQ(not_on.message, "\"y@-1\": no applied revision is on branch y");
  EXPECT_EQ(resolve_error(g, "x@+3", Ids{"b"}).message,
            "Relative revision x@+3 didn't produce 3 migrations");
}

TEST(RevisionGraphIdentifiers, AmbiguousLabelForms) {
  // z on a branch point spreads to both branches: two heads on one label.
  RevisionGraph fork =
      build_ok({rev("a"), rev("b", {"a"}, {"z"}), rev("c1", {"b"}), rev("c2", {"b"})});
  Error heads = resolve_error(fork, "z@head");
  EXPECT_EQ(heads.message, "\"z@head\" is ambiguous: branch z has 2 heads: c1, c2");
  EXPECT_TRUE(contains(heads.hint, "retort merge c1 c2 -m MSG")) << heads.hint;
  Error rows = resolve_error(fork, "z@+1", Ids{"c1", "c2"});
  EXPECT_EQ(rows.message, "\"z@+1\" is ambiguous: 2 current heads are on branch z: c1, c2");
  EXPECT_EQ(one(fork, "z@-1", Ids{"c1"}), "b");

  // z on a merge point: its base is either parent.
  RevisionGraph merge = build_ok({rev("a"), rev("b"), rev("m", {"a", "b"}, {"z"})});
  Error base = resolve_error(merge, "z@base");
  EXPECT_EQ(base.message, "\"z@base\" is ambiguous: branch z starts at the merge point m of a, b");
  Error from = resolve_error(merge, "z@+1", Ids{"a", "b"});
  EXPECT_EQ(from.message, "\"z@+1\" is ambiguous: branch z could continue from a, b");
  EXPECT_EQ(one(merge, "z@+1", Ids{"a"}), "m");
}

TEST(RevisionGraphIdentifiers, AStepUpFromABranchPointIsAmbiguous) {
  RevisionGraph g = build_ok(branches());
  Error from_b = resolve_error(g, "+1", Ids{"b"});
  EXPECT_EQ(from_b.message, "\"+1\" is ambiguous: the branch point b leads to c1, c2");
  EXPECT_TRUE(contains(from_b.hint, "LABEL@+N"));
  EXPECT_TRUE(contains(resolve_error(g, "a+2").message, "the branch point b leads to c1, c2"));
  Error heads = resolve_error(g, "+1", Ids{"c1", "c2"});
  EXPECT_EQ(heads.message, "\"+1\" is ambiguous: the database has 2 current heads: c1, c2");
  EXPECT_TRUE(contains(resolve_error(g, "-1", Ids{"c1", "c2"}).message, "2 current heads"));
}

TEST(RevisionGraphIdentifiers, AStepDownFromAMergePointIsAmbiguousUnlessALabelPicks) {
  RevisionGraph g = build_ok(merged());
  Error e = resolve_error(g, "e-1");
  EXPECT_EQ(e.message, "\"e-1\" is ambiguous: the merge point e has parents d1, d2");
  EXPECT_EQ(one(g, "x@head"), "f");
  EXPECT_EQ(one(g, "x@head-2"), "d1");
  EXPECT_EQ(one(g, "y@head-3"), "c2");
  EXPECT_EQ(one(g, "b@head"), "f");
  EXPECT_EQ(one(g, "x@-2", Ids{"f"}), "d1");
}

TEST(RevisionGraphIdentifiers, SeveralRootsMakeBaseStepsAmbiguous) {
  RevisionGraph g =
      build_ok({rev("r1"), rev("r2", {"r1"}), rev("s1", {}, {"s"}), rev("s2", {"s1"})});
  EXPECT_EQ(resolve_error(g, "base+1").message, "\"base+1\" is ambiguous: base leads to r1, s1");
  EXPECT_EQ(one(g, "s@base+2"), "s2");
  EXPECT_EQ(one(g, "s@base"), "");
  EXPECT_EQ(one(g, "r1@head"), "r2");
}

// --- range() -----------------------------------------------------------------

TEST(RevisionGraphRange, ListsTheRevisionsBetweenTwoIdentifiers) {
  RevisionGraph lin = build_ok(linear());
  EXPECT_EQ(revision_ids(value_ok(lin.range("b", "d"))), (Ids{"c", "d"}));
  EXPECT_EQ(revision_ids(value_ok(lin.range("", "c"))), (Ids{"a", "b", "c"}));
  EXPECT_EQ(revision_ids(value_ok(lin.range("c", ""))), (Ids{"d", "e"}));
  EXPECT_EQ(revision_ids(value_ok(lin.range("base", "head-1"))), (Ids{"a", "b", "c", "d"}));
  EXPECT_TRUE(value_ok(lin.range("d", "b")).empty());

  RevisionGraph g = build_ok(merged());
  EXPECT_EQ(revision_ids(value_ok(g.range("d1", "f"))), (Ids{"c2", "d2", "e", "f"}));
  EXPECT_EQ(revision_ids(value_ok(g.range("b", "y@head"))),
            (Ids{"c1", "d1", "c2", "d2", "e", "f"}));
  RevisionGraph open = build_ok(branches());
  EXPECT_EQ(revision_ids(value_ok(open.range("c1", "heads"))), (Ids{"d1", "c2", "d2"}));
  EXPECT_TRUE(contains(error_of(open.range("+1", "")).message, "needs the database"));
  EXPECT_EQ(error_of(open.range("", "zzzz")).message, "unknown revision \"zzzz\"");
}

}  // namespace
}  // namespace retort::migrations
