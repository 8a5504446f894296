#include "migrations/internal/runner.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <thread>

#include "dialects/registry.hpp"
#include "migrations/history_table.hpp"
#include "tests/migrations/history_fixture.hpp"
#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

using retort::testing::kRev1;
using retort::testing::kRev2;
using retort::testing::kRev3;

// A failed step's row once read the clock twice, end first: a millisecond
// boundary between the readings put started_at after finished_at (seen as
// a flaky AppliedHistoryTest). One reading cannot. Many tries, so that the
// old way would cross a boundary in some of them.
TEST(StepTimesTest, AStepNeverEndsBeforeItStarts) {
  for (int i = 0; i < 20000; ++i) {
    for (const auto elapsed : {std::chrono::milliseconds(0), std::chrono::milliseconds(3)}) {
      HistoryRow row = new_history_row("r", "upgrade", "failed");
      set_step_times(row, elapsed);
      ASSERT_LE(row.started_at, row.finished_at) << i;
      ASSERT_EQ(row.duration_ms, elapsed.count());
      if (elapsed.count() > 0) {
        ASSERT_LT(row.started_at, row.finished_at);
      }
    }
  }
}

class RunnerTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    ASSERT_FALSE(db_.url().empty());
    conn_ = open();
    ASSERT_NE(conn_, nullptr);
    dialect_ = &conn_->dialect();
    version_table_ = std::make_unique<VersionTable>(*dialect_, "retort_version");
    history_table_ = std::make_unique<HistoryTable>(*dialect_, "retort_history");
    graph_ = retort::testing::build_graph(retort::testing::sample_history());
  }

  std::unique_ptr<Connection> open() {
    Result<std::unique_ptr<Connection>> c = connect(db_.url());
    EXPECT_TRUE(c.ok()) << (c ? "" : c.error().describe());
    return c ? std::move(*c) : nullptr;
  }

  Runner runner(const RevisionGraph& graph) const {
    return Runner(*dialect_, graph, *version_table_, *history_table_);
  }

  MetaData schema() {
    InspectOptions options;
    options.exclude_tables = {"retort_version", "retort_history"};
    Result<MetaData> md = dialect_->inspect(*conn_, options);
    EXPECT_TRUE(md.ok()) << (md ? "" : md.error().describe());
    return md ? *md : MetaData{};
  }

  std::string current() { return retort::testing::current_revision(*version_table_, *conn_); }

  // The audit rows, one per applied revision, sorted.
  std::vector<std::string> audit() { return retort::testing::audit_rows(*conn_); }

  Status upgrade(std::string_view target, std::ostream& out) {
    return runner(graph_).upgrade(*conn_, target, out);
  }

  retort::testing::TestDatabase db_{GetParam()};
  std::unique_ptr<Connection> conn_;
  const Dialect* dialect_ = nullptr;
  std::unique_ptr<VersionTable> version_table_;
  std::unique_ptr<HistoryTable> history_table_;
  RevisionGraph graph_;
};

TEST_P(RunnerTest, UpgradeHeadAppliesEachRevisionAndTwiceIsANoOp) {
  std::ostringstream out;
  Status s = upgrade("head", out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(current(), kRev3);
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1, kRev2, kRev3}));
  EXPECT_NE(
      out.str().find(std::string("Running upgrade <base> -> ") + kRev1 + ", create audit and team"),
      std::string::npos)
      << out.str();
  EXPECT_NE(
      out.str().find(std::string("Running upgrade ") + kRev2 + " -> " + kRev3 + ", create hero"),
      std::string::npos);
  const MetaData after = schema();
  ASSERT_NE(after.find_table("", "hero"), nullptr);
  ASSERT_NE(after.find_table("", "team")->find_column("headquarters"), nullptr);

  std::ostringstream again;
  ASSERT_TRUE(upgrade("head", again).ok());
  EXPECT_EQ(again.str(), "");
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1, kRev2, kRev3}));
  EXPECT_EQ(schema(), after);
}

// A stop flag set before the run: nothing runs, in either transaction
// mode, and the error says where the database is; set after the first
// revision (by what that revision's progress line is written to), the run
// ends at that boundary.
TEST_P(RunnerTest, AStopRequestEndsTheRunBetweenRevisions) {
  StopFlag stop{true};
  for (bool per_revision : {true, false}) {
    Runner r = runner(graph_);
    r.set_stop(&stop);
    r.set_transaction_per_revision(per_revision);
    std::ostringstream out;
    Status s = r.upgrade(*conn_, "head", out);
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(is_stopped_error(s.error())) << s.error().describe();
    EXPECT_EQ(current(), "");
    EXPECT_EQ(out.str(), "");
  }

  // An ostream that sets the flag when the first progress line is written.
  struct SetOnWrite : std::stringbuf {
    StopFlag* flag;
    explicit SetOnWrite(StopFlag* f) : flag(f) {}
    int sync() override { return 0; }
    std::streamsize xsputn(const char* text, std::streamsize n) override {
      flag->store(true);
      return std::stringbuf::xsputn(text, n);
    }
  };
  stop.store(false);
  SetOnWrite buffer(&stop);
  std::ostream out(&buffer);
  Runner r = runner(graph_);
  r.set_stop(&stop);
  Status s = r.upgrade(*conn_, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(is_stopped_error(s.error())) << s.error().describe();
  EXPECT_NE(s.error().message.find(std::string("before revision ") + kRev2 +
                                   ": the database is at " + kRev1),
            std::string::npos)
      << s.error().describe();
  EXPECT_EQ(current(), kRev1);
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1}));
}

TEST_P(RunnerTest, DowngradeBaseThenUpgradeHeadRebuildsTheSameSchema) {
  std::ostringstream out;
  ASSERT_TRUE(upgrade("head", out).ok());
  const MetaData first = schema();

  Status down = runner(graph_).downgrade(*conn_, "base", out);
  ASSERT_TRUE(down.ok()) << down.error().describe();
  EXPECT_EQ(current(), "");
  EXPECT_TRUE(schema().tables.empty());
  EXPECT_NE(out.str().find(std::string("Running downgrade ") + kRev1 + " -> <base>"),
            std::string::npos);

  ASSERT_TRUE(upgrade("head", out).ok());
  EXPECT_EQ(current(), kRev3);
  EXPECT_EQ(schema(), first);
}

TEST_P(RunnerTest, RelativeTargetsMoveStepByStep) {
  std::ostringstream out;
  ASSERT_TRUE(upgrade("+1", out).ok());
  EXPECT_EQ(current(), kRev1);
  ASSERT_TRUE(upgrade("+2", out).ok());
  EXPECT_EQ(current(), kRev3);
  ASSERT_TRUE(runner(graph_).downgrade(*conn_, "-1", out).ok());
  EXPECT_EQ(current(), kRev2);
  EXPECT_EQ(schema().find_table("", "hero"), nullptr);
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1, kRev2}));
  ASSERT_TRUE(runner(graph_).downgrade(*conn_, "a1b2", out).ok());
  EXPECT_EQ(current(), kRev1);
  EXPECT_EQ(schema().find_table("", "team")->find_column("headquarters"), nullptr);
}

TEST_P(RunnerTest, WrongDirectionAndUnknownTargetsAreBadInput) {
  std::ostringstream out;
  ASSERT_TRUE(upgrade("head", out).ok());
  Status below = upgrade(kRev1, out);
  ASSERT_FALSE(below.ok());
  EXPECT_EQ(below.error().code, ErrorCode::kBadInput);
  Status above = runner(graph_).downgrade(*conn_, "+1", out);
  ASSERT_FALSE(above.ok());
  EXPECT_EQ(above.error().code, ErrorCode::kBadInput);
  Status unknown = upgrade("ffff", out);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(current(), kRev3);
}

TEST_P(RunnerTest, StampSetsTheVersionWithoutRunningOps) {
  std::ostringstream out;
  Status s = runner(graph_).stamp(*conn_, {kRev2}, false, out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(current(), kRev2);
  EXPECT_TRUE(schema().tables.empty());
  EXPECT_NE(out.str().find(std::string("Stamping <base> -> ") + kRev2), std::string::npos);

  ASSERT_TRUE(runner(graph_).stamp(*conn_, {"head"}, false, out).ok());
  EXPECT_EQ(current(), kRev3);
  ASSERT_TRUE(runner(graph_).stamp(*conn_, {kRev1}, true, out).ok());
  EXPECT_EQ(current(), kRev1);
  ASSERT_TRUE(runner(graph_).stamp(*conn_, {"base"}, false, out).ok());
  EXPECT_EQ(current(), "");
  EXPECT_TRUE(schema().tables.empty());
}

TEST_P(RunnerTest, AFailingThirdOpLeavesSchemaAndVersionAsBeforeThatRevision) {
  std::vector<Revision> revs = retort::testing::sample_history();
  Revision bad = retort::testing::make_revision(
      "d4e5f6a7b8c9", kRev3, "bad data migration",
      {AddColumn{"", "hero",
                 retort::testing::make_column("age", retort::testing::make_type(TypeKind::kInteger),
                                              true)},
       Execute{"INSERT INTO audit (rev) VALUES ('partial')", ""}, Execute{"THIS IS NOT SQL", ""}},
      /*audited=*/false);
  bad.path = "versions/d4e5f6a7b8c9_bad_data_migration.toml";
  bad.line = 1;
  revs.push_back(bad);
  RevisionGraph graph = retort::testing::build_graph(std::move(revs));

  std::ostringstream out;
  ASSERT_TRUE(runner(graph).upgrade(*conn_, kRev3, out).ok());
  const MetaData before = schema();

  Status s = runner(graph).upgrade(*conn_, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kDatabase);
  EXPECT_NE(s.error().message.find("d4e5f6a7b8c9"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("op 3"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().statement.find("THIS IS NOT SQL"), std::string::npos);
  EXPECT_EQ(s.error().file, bad.path.string());

  EXPECT_EQ(current(), kRev3);
  EXPECT_EQ(schema(), before);
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1, kRev2, kRev3}));
}

// The runner carries the schema from one revision to the next in memory, so
// a run reads the catalog once, not twice per revision: each revision after
// the first costs only its own statements.
TEST_P(RunnerTest, ARunReadsTheCatalogOnceNotPerRevision) {
  for (int i = 0; i < 30; ++i) {
    Status s =
        conn_->execute("CREATE TABLE extra_" + std::to_string(i) + " (id INTEGER PRIMARY KEY)");
    ASSERT_TRUE(s.ok()) << s.error().describe();
  }
  std::vector<Revision> revs = retort::testing::sample_history();
  std::string down = kRev3;
  std::vector<std::string> ids;
  for (int i = 0; i < 11; ++i) {
    const std::string id =
        std::string("e0000000000").substr(0, i < 10 ? 11 : 10) + std::to_string(i);
    revs.push_back(retort::testing::make_revision(
        id, down, "add column",
        {AddColumn{
            "", "hero",
            retort::testing::make_column("c" + std::to_string(i),
                                         retort::testing::make_type(TypeKind::kInteger), true)}},
        /*audited=*/false));
    ids.push_back(id);
    down = id;
  }
  RevisionGraph graph = retort::testing::build_graph(std::move(revs));
  std::ostringstream out;
  ASSERT_TRUE(runner(graph).upgrade(*conn_, kRev3, out).ok());
  const std::size_t columns_before = schema().find_table("", "hero")->columns.size();

  std::size_t t0 = conn_->round_trips();
  (void)schema();
  const std::size_t inspect_cost = conn_->round_trips() - t0;
  t0 = conn_->round_trips();
  Status s = runner(graph).upgrade(*conn_, ids.front(), out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  const std::size_t one = conn_->round_trips() - t0;
  t0 = conn_->round_trips();
  s = runner(graph).upgrade(*conn_, "head", out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  const std::size_t ten = conn_->round_trips() - t0;

  ASSERT_GT(inspect_cost, 0u);
  // One run of ten revisions: the command's fixed cost and one catalog read
  // (both inside `one`), plus ten revisions' own statements.
  EXPECT_LT(ten, one + 9 * (one - inspect_cost) + inspect_cost / 2)
      << "one revision: " << one << ", ten: " << ten << ", one catalog read: " << inspect_cost;
  EXPECT_EQ(schema().find_table("", "hero")->columns.size(), columns_before + 11);
}

// The version table's presence is one catalog query, however many tables
// the database holds (it is asked by every command).
TEST_P(RunnerTest, VersionTableExistsIsOneQueryAndSeesOnlyTheDefaultSchemasTable) {
  for (int i = 0; i < 20; ++i) {
    Status s = conn_->execute("CREATE TABLE extra_" + std::to_string(i) + " (id INTEGER)");
    ASSERT_TRUE(s.ok()) << s.error().describe();
  }
  std::size_t t0 = conn_->round_trips();
  Result<bool> before = version_table_->exists(*conn_);
  ASSERT_TRUE(before.ok()) << before.error().describe();
  EXPECT_FALSE(*before);
  EXPECT_EQ(conn_->round_trips() - t0, 1u);

  ASSERT_TRUE(version_table_->ensure(*conn_).ok());
  Result<bool> after = version_table_->exists(*conn_);
  ASSERT_TRUE(after.ok()) << after.error().describe();
  EXPECT_TRUE(*after);
  Result<bool> other = dialect_->table_exists(*conn_, "no_such_table");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(*other);
  Result<bool> extra = dialect_->table_exists(*conn_, "extra_7");
  ASSERT_TRUE(extra.ok());
  EXPECT_TRUE(*extra);
}

TEST_P(RunnerTest, ExecuteOpsForAnotherDialectAreSkipped) {
  std::vector<Revision> revs = retort::testing::sample_history();
  const std::string other = std::string(dialect_->name()) == "sqlite" ? "postgresql" : "sqlite";
  revs.push_back(retort::testing::make_revision(
      "d4e5f6a7b8c9", kRev3, "dialect specific",
      {Execute{"THIS IS NOT SQL", other},
       Execute{"INSERT INTO audit (rev) VALUES ('mine')", std::string(dialect_->name())}}));
  RevisionGraph graph = retort::testing::build_graph(std::move(revs));
  std::ostringstream out;
  Status s = runner(graph).upgrade(*conn_, "head", out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1, kRev2, kRev3, "d4e5f6a7b8c9", "mine"}));
}

TEST_P(RunnerTest, NonTransactionalRevisionRunsAndSaysSo) {
  std::vector<Revision> revs = retort::testing::sample_history();
  Revision plain =
      retort::testing::make_revision("d4e5f6a7b8c9", kRev3, "outside a transaction", {});
  plain.transactional = false;
  revs.push_back(plain);
  RevisionGraph graph = retort::testing::build_graph(std::move(revs));
  std::ostringstream out;
  Status s = runner(graph).upgrade(*conn_, "head", out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(current(), "d4e5f6a7b8c9");
  EXPECT_NE(out.str().find("outside a transaction (non-transactional)"), std::string::npos)
      << out.str();
}

TEST_P(RunnerTest, OneTransactionRunsEveryRevisionAndOneFailureUndoesThemAll) {
  std::vector<Revision> revs = retort::testing::sample_history();
  revs.push_back(retort::testing::make_revision(
      "d4e5f6a7b8c9", kRev3, "breaks", {Execute{"THIS IS NOT SQL", ""}}, /*audited=*/false));
  RevisionGraph graph = retort::testing::build_graph(std::move(revs));
  Runner whole = runner(graph);
  whole.set_transaction_per_revision(false);

  // Per revision, the first three would stay applied; in one transaction
  // nothing does.
  std::ostringstream out;
  Status s = whole.upgrade(*conn_, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kDatabase);
  EXPECT_EQ(current(), "");
  EXPECT_TRUE(schema().tables.empty());

  s = whole.upgrade(*conn_, kRev3, out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(current(), kRev3);
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1, kRev2, kRev3}));
  s = whole.downgrade(*conn_, "base", out);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(current(), "");
}

// Statements of transactional revisions go to the server in batches (one
// round trip on PostgreSQL, across the whole run in one transaction). A
// statement that fails inside a batch is still reported against its own
// revision, op, file and statement, and what it undoes is the same.
TEST_P(RunnerTest, AFailureInsideABatchNamesItsRevisionAndOp) {
  auto column = [](const std::string& name) {
    return retort::testing::make_column(name, retort::testing::make_type(TypeKind::kInteger), true);
  };
  std::vector<Revision> revs = retort::testing::sample_history();
  revs.push_back(retort::testing::make_revision(
      "d4e5f6a7b8c9", kRev3, "fine", {AddColumn{"", "hero", column("a")}}, /*audited=*/false));
  // Op 2 adds a column op 1 of the previous revision added: the server refuses.
  revs.push_back(retort::testing::make_revision(
      "e5f6a7b8c9d0", "d4e5f6a7b8c9", "breaks at op 2",
      {AddColumn{"", "hero", column("b")}, AddColumn{"", "hero", column("a")},
       AddColumn{"", "hero", column("c")}},
      /*audited=*/false));
  RevisionGraph graph = retort::testing::build_graph(std::move(revs));

  for (const bool per_revision : {false, true}) {
    SCOPED_TRACE(per_revision ? "a transaction per revision" : "one transaction");
    std::ostringstream log;
    ASSERT_TRUE(runner(graph).upgrade(*conn_, kRev3, log).ok());
    const MetaData at_rev3 = schema();
    Runner run = runner(graph);
    run.set_transaction_per_revision(per_revision);
    std::ostringstream out;
    Status s = run.upgrade(*conn_, "head", out);
    ASSERT_FALSE(s.ok());
    const Error& e = s.error();
    EXPECT_EQ(e.code, ErrorCode::kDatabase);
    EXPECT_NE(
        e.message.find("upgrade of revision e5f6a7b8c9d0 failed at upgrade op 2 (add_column)"),
        std::string::npos)
        << e.describe();
    EXPECT_EQ(e.file, "e5f6a7b8c9d0.toml");
    EXPECT_NE(e.statement.find("ADD COLUMN"), std::string::npos) << e.statement;
    EXPECT_NE(e.statement.find("\"a\""), std::string::npos) << e.statement;
    EXPECT_EQ(e.statement.find("\"b\""), std::string::npos) << e.statement;
    if (per_revision) {
      // The revision before it landed; the failing one left nothing.
      EXPECT_EQ(current(), "d4e5f6a7b8c9");
      const Table* hero = schema().find_table("", "hero");
      ASSERT_NE(hero, nullptr);
      EXPECT_NE(hero->find_column("a"), nullptr);
      EXPECT_EQ(hero->find_column("b"), nullptr);
      EXPECT_NE(e.hint.find("the revision was rolled back"), std::string::npos) << e.hint;
    } else {
      EXPECT_EQ(current(), kRev3);
      EXPECT_EQ(schema(), at_rev3);
      EXPECT_NE(e.hint.find("no revision of it was applied"), std::string::npos) << e.hint;
    }
    ASSERT_TRUE(runner(graph).downgrade(*conn_, "base", log).ok());
  }
}

// A revision after kRev3 that sets transactional = false.
Revision non_transactional_head() {
  Revision plain =
      retort::testing::make_revision("d4e5f6a7b8c9", kRev3, "outside a transaction", {});
  plain.transactional = false;
  plain.path = "versions/d4e5f6a7b8c9_outside.toml";
  return plain;
}

// The sample history with `extra` on top.
std::vector<Revision> history_with(const Revision& extra) {
  std::vector<Revision> revs = retort::testing::sample_history();
  revs.push_back(extra);
  return revs;
}

TEST_P(RunnerTest, OneTransactionRefusesANonTransactionalRevisionBeforeRunningAnything) {
  const Revision plain = non_transactional_head();
  RevisionGraph graph = retort::testing::build_graph(history_with(plain));
  Runner whole = runner(graph);
  whole.set_transaction_per_revision(false);
  std::ostringstream out;
  Status s = whole.upgrade(*conn_, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
  EXPECT_NE(s.error().message.find("transactional = false"), std::string::npos)
      << s.error().message;
  EXPECT_EQ(s.error().file, plain.path.string());
  EXPECT_EQ(current(), "");
  EXPECT_TRUE(schema().tables.empty());
}

TEST_P(RunnerTest, ConcurrentUpgradesApplyEachRevisionOnce) {
  constexpr int kWorkers = 3;
  std::vector<std::unique_ptr<Connection>> conns;
  for (int i = 0; i < kWorkers; ++i) conns.push_back(open());
  std::vector<Status> results(kWorkers);
  std::vector<std::ostringstream> outs(kWorkers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWorkers; ++i) {
    threads.emplace_back([&, i] {
      Runner r(*dialect_, graph_, *version_table_, *history_table_);
      results[static_cast<std::size_t>(i)] =
          r.upgrade(*conns[static_cast<std::size_t>(i)], "head", outs[static_cast<std::size_t>(i)]);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(current(), kRev3);
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1, kRev2, kRev3}));
  std::size_t lines = 0;
  for (const auto& o : outs) {
    const std::string text = o.str();
    lines += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  }
  EXPECT_EQ(lines, 3u) << outs[0].str() << "--\n" << outs[1].str() << "--\n" << outs[2].str();
}

TEST_P(RunnerTest, OfflineScriptGivesTheSameSchemaAndVersionAsOnline) {
  std::ostringstream online_out;
  ASSERT_TRUE(upgrade("head", online_out).ok());
  const MetaData online = schema();

  std::ostringstream script;
  Status s = runner(graph_).upgrade_sql("base", "head", script);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_NE(script.str().find(version_table_->create_sql()), std::string::npos);
  EXPECT_NE(script.str().find(dialect_->begin_sql()), std::string::npos);

  retort::testing::TestDatabase offline_db(GetParam());
  Result<std::unique_ptr<Connection>> offline = connect(offline_db.url());
  ASSERT_TRUE(offline.ok());
  Status ran = (*offline)->execute(script.str());
  ASSERT_TRUE(ran.ok()) << ran.error().describe() << "\n" << script.str();
  InspectOptions options;
  options.exclude_tables = {"retort_version", "retort_history"};
  EXPECT_EQ(*dialect_->inspect(**offline, options), online);
  EXPECT_EQ(retort::testing::current_revision(*version_table_, **offline), kRev3);

  std::ostringstream down;
  ASSERT_TRUE(runner(graph_).downgrade_sql("head", "a1b2", down).ok());
  Status ran_down = (*offline)->execute(down.str());
  ASSERT_TRUE(ran_down.ok()) << ran_down.error().describe() << "\n" << down.str();
  EXPECT_EQ(retort::testing::current_revision(*version_table_, **offline), kRev1);
  EXPECT_EQ(dialect_->inspect(**offline, options)->find_table("", "hero"), nullptr);
}

// Counts the lines of `script` that are exactly `statement` (e.g. "BEGIN;").
std::size_t count_lines(const std::string& script, const std::string& statement) {
  std::istringstream in(script);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += line == statement ? 1 : 0;
  return n;
}

TEST_P(RunnerTest, OfflineOneTransactionScriptIsOneBeginAndOneCommit) {
  Runner whole = runner(graph_);
  whole.set_transaction_per_revision(false);
  std::ostringstream script;
  Status s = whole.upgrade_sql("base", "head", script);
  ASSERT_TRUE(s.ok()) << s.error().describe();
  EXPECT_EQ(count_lines(script.str(), dialect_->begin_sql()), 1u) << script.str();
  EXPECT_EQ(count_lines(script.str(), dialect_->commit_sql()), 1u) << script.str();

  // Per revision, each of the three revisions has its own.
  std::ostringstream per_revision;
  ASSERT_TRUE(runner(graph_).upgrade_sql("base", "head", per_revision).ok());
  EXPECT_EQ(count_lines(per_revision.str(), dialect_->begin_sql()), 3u);

  // The script runs and lands where the online run does.
  Status ran = conn_->execute(script.str());
  ASSERT_TRUE(ran.ok()) << ran.error().describe() << "\n" << script.str();
  EXPECT_EQ(current(), kRev3);
  EXPECT_EQ(audit(), (std::vector<std::string>{kRev1, kRev2, kRev3}));
}

TEST_P(RunnerTest, OfflineOneTransactionRefusesANonTransactionalRevision) {
  const Revision plain = non_transactional_head();
  RevisionGraph graph = retort::testing::build_graph(history_with(plain));
  Runner whole = runner(graph);
  whole.set_transaction_per_revision(false);
  std::ostringstream script;
  Status s = whole.upgrade_sql("base", "head", script);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
  EXPECT_NE(s.error().message.find("transactional = false"), std::string::npos)
      << s.error().message;
  EXPECT_EQ(s.error().file, plain.path.string());
  EXPECT_TRUE(script.str().empty()) << script.str();
}

TEST_P(RunnerTest, OfflineRelativeTargetsAreBadInput) {
  std::ostringstream script;
  Status s = runner(graph_).upgrade_sql("base", "+1", script);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
}

INSTANTIATE_TEST_SUITE_P(Dialects, RunnerTest, ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace
}  // namespace retort::migrations
