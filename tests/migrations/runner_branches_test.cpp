// The runner on branched histories, on both dialects: which revisions run
// (each inserts its id into `audit`, and the progress lines give the order)
// and which rows the version table holds afterwards.
//
//   linear    a - b - c - d - e
//   branches  a - b -< c1 - d1   (label x on c1)
//                    < c2 - d2   (label y on c2)
//   merged    branches, then e = (d1, d2), then f
//   roots     r1 - r2 and s1 - s2
//   across    p1 - p2 (label pl), q1 - q2 (label ql), p2 depends on q2
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "dialects/registry.hpp"
#include "migrations/history_table.hpp"
#include "migrations/internal/runner.hpp"
#include "tests/migrations/history_fixture.hpp"
#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

using Ids = std::vector<std::string>;

// A revision whose upgrade records its id in `audit` and whose downgrade
// removes it; the message is the id, so progress lines end with it.
Revision audited(std::string id, Ids down = {}, Ids labels = {}, Ids depends_on = {}) {
  Revision r;
  r.id = std::move(id);
  r.down_revisions = std::move(down);
  r.branch_labels = std::move(labels);
  r.depends_on = std::move(depends_on);
  r.message = r.id;
  r.path = r.id + ".toml";
  r.upgrade = {Execute{"INSERT INTO audit (rev) VALUES ('" + r.id + "')", ""}};
  r.downgrade = {Execute{"DELETE FROM audit WHERE rev = '" + r.id + "'", ""}};
  return r;
}

std::vector<Revision> linear() {
  return {audited("a"), audited("b", {"a"}), audited("c", {"b"}), audited("d", {"c"}),
          audited("e", {"d"})};
}

std::vector<Revision> branches() {
  return {audited("a"),          audited("b", {"a"}),         audited("c1", {"b"}, {"x"}),
          audited("d1", {"c1"}), audited("c2", {"b"}, {"y"}), audited("d2", {"c2"})};
}

std::vector<Revision> merged() {
  std::vector<Revision> revs = branches();
  revs.push_back(audited("e", {"d1", "d2"}));
  revs.push_back(audited("f", {"e"}));
  return revs;
}

// The revision ids of "Running ..." lines, in order.
Ids ran(const std::string& progress) {
  Ids out;
  std::istringstream lines(progress);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("Running ", 0) != 0) continue;
    out.push_back(line.substr(line.rfind(", ") + 2));
  }
  return out;
}

Ids sorted(Ids ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

class RunnerBranchesTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(db_.url().empty());
    Result<std::unique_ptr<Connection>> c = connect(db_.url());
    ASSERT_TRUE(c.ok()) << c.error().describe();
    conn_ = std::move(*c);
    version_table_ = std::make_unique<VersionTable>(conn_->dialect(), "retort_version");
    history_table_ = std::make_unique<HistoryTable>(conn_->dialect(), "retort_history");
    ASSERT_TRUE(conn_->execute("CREATE TABLE audit (rev VARCHAR(32) NOT NULL)").ok());
  }

  void use(std::vector<Revision> revisions) {
    graph_ = retort::testing::build_graph(std::move(revisions));
  }

  Runner runner() const {
    return Runner(conn_->dialect(), graph_, *version_table_, *history_table_);
  }

  // Runs an upgrade (or downgrade) from a clean audit table; returns the
  // revisions run, in order, and checks that the audit table saw exactly
  // those (upgrades) or lost them (downgrades).
  Ids up(std::string_view target) {
    // A helper that returns a value cannot ASSERT: stop it by hand.
    clear_audit();
    if (HasFatalFailure()) return {};
    std::ostringstream out;
    Status s = runner().upgrade(*conn_, target, out);
    EXPECT_TRUE(s.ok()) << target << ": " << s.error().describe();
    EXPECT_EQ(audit(), sorted(ran(out.str()))) << out.str();
    return ran(out.str());
  }
  Ids down(std::string_view target) {
    std::ostringstream out;
    Status s = runner().downgrade(*conn_, target, out);
    EXPECT_TRUE(s.ok()) << target << ": " << s.error().describe();
    return ran(out.str());
  }
  // An upgrade or downgrade that must fail with kBadInput and run nothing.
  Error refused(bool upgrade, std::string_view target) {
    const Ids before = rows();
    std::ostringstream out;
    Status s =
        upgrade ? runner().upgrade(*conn_, target, out) : runner().downgrade(*conn_, target, out);
    EXPECT_FALSE(s.ok()) << target << " was accepted: " << out.str();
    EXPECT_EQ(out.str(), "");
    EXPECT_EQ(rows(), before);
    if (s) return Error::internal("no error");
    EXPECT_EQ(s.error().code, ErrorCode::kBadInput) << s.error().describe();
    return s.error();
  }
  void stamp(Ids targets, bool purge = false) {
    std::ostringstream out;
    Status s = runner().stamp(*conn_, targets, purge, out);
    ASSERT_TRUE(s.ok()) << s.error().describe();
  }

  Ids rows() { return retort::testing::current_rows(*version_table_, *conn_); }
  Ids audit() { return retort::testing::audit_rows(*conn_); }
  void clear_audit() { ASSERT_TRUE(conn_->execute("DELETE FROM audit").ok()); }

  retort::testing::TestDatabase db_{GetParam()};
  std::unique_ptr<Connection> conn_;
  std::unique_ptr<VersionTable> version_table_;
  std::unique_ptr<HistoryTable> history_table_;
  RevisionGraph graph_;
};

TEST_P(RunnerBranchesTest, LinearChainRunsWhatEachIdentifierNames) {
  use(linear());
  ASSERT_NO_FATAL_FAILURE(stamp({"c"}));
  EXPECT_EQ(up("e"), (Ids{"d", "e"}));
  EXPECT_EQ(rows(), Ids{"e"});

  ASSERT_NO_FATAL_FAILURE(stamp({"a"}));
  EXPECT_EQ(up("+2"), (Ids{"b", "c"}));
  EXPECT_EQ(rows(), Ids{"c"});
  ASSERT_NO_FATAL_FAILURE(stamp({"a"}));
  EXPECT_EQ(up("b+2"), (Ids{"b", "c", "d"}));
  EXPECT_EQ(rows(), Ids{"d"});
  ASSERT_NO_FATAL_FAILURE(stamp({"a"}));
  EXPECT_EQ(up("d-2"), (Ids{"b"}));
  EXPECT_EQ(rows(), Ids{"b"});

  ASSERT_NO_FATAL_FAILURE(stamp({"e"}));
  EXPECT_EQ(down("-3"), (Ids{"e", "d", "c"}));
  EXPECT_EQ(rows(), Ids{"b"});

  Error too_far = refused(true, "+5");
  EXPECT_NE(too_far.message.find("Relative revision +5 didn't produce 5 migrations"),
            std::string::npos)
      << too_far.message;
  refused(false, "d");  // downgrading to a later revision

  ASSERT_NO_FATAL_FAILURE(stamp({"base"}));
  EXPECT_EQ(up("heads"), (Ids{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(down("base"), (Ids{"e", "d", "c", "b", "a"}));
  EXPECT_EQ(rows(), Ids{});
  EXPECT_EQ(audit(), Ids{});
}

TEST_P(RunnerBranchesTest, UpgradingToHeadsFromABranchPointAppliesEveryBranch) {
  use(branches());
  ASSERT_NO_FATAL_FAILURE(stamp({"a"}));
  std::ostringstream out;
  ASSERT_NO_FATAL_FAILURE(clear_audit());
  ASSERT_TRUE(runner().upgrade(*conn_, "heads", out).ok());
  EXPECT_EQ(ran(out.str()), (Ids{"b", "c1", "d1", "c2", "d2"}));
  EXPECT_NE(out.str().find("Running upgrade b -> c2, c2"), std::string::npos) << out.str();
  EXPECT_EQ(audit(), (Ids{"b", "c1", "c2", "d1", "d2"}));
  EXPECT_EQ(rows(), (Ids{"d1", "d2"}));
}

TEST_P(RunnerBranchesTest, LabelTargetsMoveOnlyTheirOwnBranch) {
  use(branches());
  ASSERT_NO_FATAL_FAILURE(stamp({"d1"}));
  EXPECT_EQ(up("y@base+2"), (Ids{"c2", "d2"}));
  EXPECT_EQ(rows(), (Ids{"d1", "d2"}));

  EXPECT_EQ(down("x@-1"), (Ids{"d1"}));
  EXPECT_EQ(rows(), (Ids{"c1", "d2"}));

  EXPECT_EQ(down("y@base"), (Ids{"d2", "c2"}));
  EXPECT_EQ(rows(), Ids{"c1"});

  ASSERT_NO_FATAL_FAILURE(stamp({"c1", "c2"}));
  Error ambiguous = refused(true, "+1");
  EXPECT_NE(ambiguous.message.find("ambiguous"), std::string::npos) << ambiguous.message;
  EXPECT_EQ(up("x@+1"), Ids{"d1"});
  EXPECT_EQ(rows(), (Ids{"c2", "d1"}));
}

TEST_P(RunnerBranchesTest, UpgradeThroughAMergeJoinsTheRowsAndDowngradeSplitsThem) {
  use(merged());
  ASSERT_NO_FATAL_FAILURE(stamp({"b"}));
  std::ostringstream out;
  ASSERT_TRUE(runner().upgrade(*conn_, "e", out).ok());
  EXPECT_EQ(ran(out.str()), (Ids{"c1", "d1", "c2", "d2", "e"}));
  EXPECT_NE(out.str().find("Running upgrade d1, d2 -> e, e"), std::string::npos) << out.str();
  EXPECT_EQ(rows(), Ids{"e"});
  EXPECT_EQ(up("heads"), Ids{"f"});
  EXPECT_EQ(rows(), Ids{"f"});

  std::ostringstream back;
  ASSERT_TRUE(runner().downgrade(*conn_, "d1", back).ok());
  EXPECT_EQ(ran(back.str()), (Ids{"f", "e"}));
  EXPECT_NE(back.str().find("Running downgrade e -> d1, d2, e"), std::string::npos) << back.str();
  EXPECT_EQ(rows(), (Ids{"d1", "d2"}));

  EXPECT_EQ(down("base"), (Ids{"d2", "c2", "d1", "c1", "b", "a"}));
  EXPECT_EQ(rows(), Ids{});
}

// In one transaction the version table is written once, at the end: the
// rows must still be those the per-revision moves give.
TEST_P(RunnerBranchesTest, OneTransactionAcrossBranchesAndAMergeLeavesTheSameRows) {
  use(merged());
  Runner whole = runner();
  whole.set_transaction_per_revision(false);
  ASSERT_NO_FATAL_FAILURE(stamp({"b"}));
  std::ostringstream out;
  ASSERT_TRUE(whole.upgrade(*conn_, "d1", out).ok()) << out.str();
  EXPECT_EQ(rows(), (Ids{"d1"}));
  ASSERT_TRUE(whole.upgrade(*conn_, "heads", out).ok()) << out.str();
  EXPECT_EQ(rows(), Ids{"f"});
  ASSERT_TRUE(whole.downgrade(*conn_, "d1", out).ok()) << out.str();
  EXPECT_EQ(rows(), (Ids{"d1", "d2"}));
  ASSERT_TRUE(whole.downgrade(*conn_, "c1", out).ok()) << out.str();
  EXPECT_EQ(rows(), (Ids{"c1", "d2"}));
  ASSERT_TRUE(whole.downgrade(*conn_, "base", out).ok()) << out.str();
  EXPECT_EQ(rows(), Ids{});
  EXPECT_EQ(audit(), Ids{});
}

TEST_P(RunnerBranchesTest, TheMergeStepDeletesOneRowAndUpdatesTheOtherOffline) {
  use(merged());
  std::ostringstream script;
  Status s = runner().upgrade_sql("base", "e", script);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  const std::string text = script.str();
  const std::size_t at = text.find("-- Running upgrade d1, d2 -> e, e");
  ASSERT_NE(at, std::string::npos) << text;
  const std::string step = text.substr(at);
  const std::size_t del = step.find("DELETE FROM \"retort_version\"");
  const std::size_t upd = step.find("UPDATE \"retort_version\"");
  ASSERT_NE(del, std::string::npos) << step;
  ASSERT_NE(upd, std::string::npos) << step;
  EXPECT_LT(del, upd);

  // Run against the database, the script leaves the rows the online run does.
  ASSERT_TRUE(conn_->execute(text).ok()) << text;
  EXPECT_EQ(rows(), Ids{"e"});
  EXPECT_EQ(audit(), (Ids{"a", "b", "c1", "c2", "d1", "d2", "e"}));
}

TEST_P(RunnerBranchesTest, StampAcrossBranchesAndPurge) {
  use(branches());
  ASSERT_NO_FATAL_FAILURE(stamp({"d1", "c2"}));
  EXPECT_EQ(rows(), (Ids{"c2", "d1"}));
  ASSERT_NO_FATAL_FAILURE(stamp({"b"}));
  EXPECT_EQ(rows(), Ids{"b"});
  ASSERT_NO_FATAL_FAILURE(stamp({"d1", "c2"}));
  ASSERT_NO_FATAL_FAILURE(stamp({"y@head"}));
  EXPECT_EQ(rows(), (Ids{"d1", "d2"}));
  EXPECT_EQ(audit(), Ids{});  // no ops ran

  // A row no revision file has: stamp refuses it, --purge replaces it.
  ASSERT_TRUE(conn_->execute("INSERT INTO retort_version (version_num) VALUES ('zzzz')").ok());
  std::ostringstream out;
  Status s = runner().stamp(*conn_, {"c1"}, false, out);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("zzzz"), std::string::npos) << s.error().message;
  EXPECT_EQ(rows(), (Ids{"d1", "d2", "zzzz"}));
  ASSERT_NO_FATAL_FAILURE(stamp({"c1"}, true));
  EXPECT_EQ(rows(), Ids{"c1"});
}

TEST_P(RunnerBranchesTest, TwoIndependentRootsUpgradeWithHeads) {
  use({audited("r1"), audited("r2", {"r1"}), audited("s1"), audited("s2", {"s1"})});
  EXPECT_EQ(up("heads"), (Ids{"r1", "r2", "s1", "s2"}));
  EXPECT_EQ(rows(), (Ids{"r2", "s2"}));
  EXPECT_EQ(down("base"), (Ids{"s2", "s1", "r2", "r1"}));
  EXPECT_EQ(rows(), Ids{});
}

TEST_P(RunnerBranchesTest, ADependencyAcrossRootsOrdersTheUpgradeAndSurvivesADowngrade) {
  use({audited("p1", {}, {"pl"}), audited("p2", {"p1"}, {}, {"q2"}), audited("q1", {}, {"ql"}),
       audited("q2", {"q1"})});
  EXPECT_EQ(up("p2"), (Ids{"p1", "q1", "q2", "p2"}));
  EXPECT_EQ(rows(), Ids{"p2"});  // q2 is implied by the dependency, not stored

  EXPECT_EQ(down("pl@base"), (Ids{"p2", "p1"}));
  EXPECT_EQ(rows(), Ids{"q2"});
  EXPECT_EQ(audit(), (Ids{"q1", "q2"}));
}

TEST_P(RunnerBranchesTest, IdentifierErrorsRunNothing) {
  use(branches());
  ASSERT_NO_FATAL_FAILURE(stamp({"b"}));
  EXPECT_NE(refused(true, "c").message.find("c"), std::string::npos);  // too short a prefix
  refused(true, "nope");
  refused(true, "z@head");  // unknown label
  refused(true, "x@d2");    // d2 is not on branch x
  Error head = refused(true, "head");
  EXPECT_NE(head.message.find("d1"), std::string::npos) << head.message;
  EXPECT_NE(head.message.find("d2"), std::string::npos) << head.message;
  EXPECT_EQ(audit(), Ids{});
}

INSTANTIATE_TEST_SUITE_P(Dialects, RunnerBranchesTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace
}  // namespace retort::migrations
