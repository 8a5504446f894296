// PostgreSQL-only runner behaviour: statements refused inside a transaction
// block, and enum values added and used in one revision.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>

#include "dialects/registry.hpp"
#include "migrations/history_table.hpp"
#include "migrations/internal/runner.hpp"
#include "tests/migrations/history_fixture.hpp"
#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

using retort::testing::kRev3;
using retort::testing::make_column;
using retort::testing::make_revision;
using retort::testing::make_table;
using retort::testing::make_type;

constexpr const char* kRev4 = "d4e5f6a7b8c9";
constexpr const char* kRev5 = "e5f6a7b8c9d0";

class RunnerPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(db_.url().empty());
    Result<std::unique_ptr<Connection>> c = connect(db_.url());
    ASSERT_TRUE(c.ok()) << c.error().describe();
    conn_ = std::move(*c);
    version_table_ = std::make_unique<VersionTable>(conn_->dialect(), "retort_version");
    history_table_ = std::make_unique<HistoryTable>(conn_->dialect(), "retort_history");
  }

  RevisionGraph graph_with(std::vector<Revision> extra) {
    std::vector<Revision> revs = retort::testing::sample_history();
    for (Revision& r : extra) revs.push_back(std::move(r));
    return retort::testing::build_graph(std::move(revs));
  }

  std::vector<std::string> column(const std::string& sql) {
    Result<Rows> rows = conn_->query(sql);
    EXPECT_TRUE(rows.ok()) << (rows ? "" : rows.error().describe());
    std::vector<std::string> out;
    if (rows) {
      for (const Row& r : rows->rows) out.push_back(r.at(0).value_or("NULL"));
    }
    return out;
  }

  std::string current() { return retort::testing::current_revision(*version_table_, *conn_); }

  retort::testing::TestDatabase db_{"postgresql"};
  std::unique_ptr<Connection> conn_;
  std::unique_ptr<VersionTable> version_table_;
  std::unique_ptr<HistoryTable> history_table_;
};

TEST_F(RunnerPostgresTest, NonTransactionalStatementInATransactionalRevisionIsRefusedUpFront) {
  Revision rev = make_revision(
      kRev4, kRev3, "concurrent index",
      {Execute{"INSERT INTO audit (rev) VALUES ('partial')", ""},
       Execute{"/* build it online */ CREATE INDEX CONCURRENTLY ix_audit_rev ON audit (rev)", ""}},
      /*audited=*/false);
  rev.path = "versions/d4e5f6a7b8c9_concurrent_index.toml";
  RevisionGraph graph = graph_with({rev});
  Runner runner(conn_->dialect(), graph, *version_table_, *history_table_);
  std::ostringstream out;
  ASSERT_TRUE(runner.upgrade(*conn_, kRev3, out).ok());

  Status s = runner.upgrade(*conn_, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
  EXPECT_NE(s.error().message.find("op 2 must run outside a transaction; set `transactional = "
                                   "false` on the revision"),
            std::string::npos)
      << s.error().message;
  EXPECT_EQ(s.error().file, rev.path.string());
  EXPECT_EQ(current(), kRev3);
  EXPECT_EQ(column("SELECT rev FROM audit WHERE rev = 'partial'"), std::vector<std::string>{});

  std::ostringstream script;
  Status offline = runner.upgrade_sql("base", "head", script);
  ASSERT_FALSE(offline.ok());
  EXPECT_EQ(offline.error().code, ErrorCode::kBadInput);
}

TEST_F(RunnerPostgresTest, TheWordConcurrentlyInsideAnUpdateStaysInTheTransaction) {
  Revision rev = make_revision(kRev4, kRev3, "data",
                               {Execute{"INSERT INTO audit (rev) VALUES ('done concurrently')", ""},
                                Execute{"THIS IS NOT SQL", ""}},
                               /*audited=*/false);
  RevisionGraph graph = graph_with({rev});
  Runner runner(conn_->dialect(), graph, *version_table_, *history_table_);
  std::ostringstream out;
  ASSERT_TRUE(runner.upgrade(*conn_, kRev3, out).ok());
  Status s = runner.upgrade(*conn_, "head", out);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kDatabase);
  // Rolled back with the rest of the revision.
  EXPECT_EQ(column("SELECT rev FROM audit WHERE rev LIKE 'done%'"), std::vector<std::string>{});
}

TEST_F(RunnerPostgresTest, AnEnumValueAddedAndUsedInOneRevisionUpgradesAndDowngrades) {
  Type status = make_type(TypeKind::kEnum);
  status.enum_name = "note_status";
  Column state = make_column("state", status);
  state.default_.value = std::string("active");
  Table notes =
      make_table("notes", {make_column("id", make_type(TypeKind::kInteger), false, true), state});
  Revision create =
      make_revision(kRev4, kRev3, "notes",
                    {CreateEnum{Enum{"", "note_status", {"active"}}}, CreateTable{notes},
                     Execute{"INSERT INTO notes (id) VALUES (1)", ""}},
                    /*audited=*/false);

  AlterColumn to_archived;
  to_archived.table = "notes";
  to_archived.column = "state";
  to_archived.default_ = ColumnDefault{std::string("archived"), std::nullopt};
  to_archived.existing = state;
  Column archived_state = state;
  archived_state.default_.value = std::string("archived");
  AlterColumn back;
  back.table = "notes";
  back.column = "state";
  back.default_ = ColumnDefault{std::string("active"), std::nullopt};
  back.existing = archived_state;

  Revision use = make_revision(kRev5, kRev4, "archive notes", {}, /*audited=*/false);
  use.upgrade = {AlterEnum{"", "note_status", {"active", "archived"}, {"active"}}, to_archived,
                 Execute{"UPDATE notes SET state = 'archived'", ""}};
  use.downgrade = {Execute{"UPDATE notes SET state = 'active'", ""}, back,
                   AlterEnum{"", "note_status", {"active"}, {"active", "archived"}}};
  RevisionGraph graph = graph_with({create, use});
  Runner runner(conn_->dialect(), graph, *version_table_, *history_table_);
  std::ostringstream out;

  Status up = runner.upgrade(*conn_, "head", out);
  ASSERT_TRUE(up.ok()) << up.error().describe();
  EXPECT_EQ(current(), kRev5);
  EXPECT_EQ(column("SELECT state::text FROM notes"), std::vector<std::string>{"archived"});
  ASSERT_TRUE(conn_->execute("INSERT INTO notes (id) VALUES (2)").ok());
  EXPECT_EQ(column("SELECT state::text FROM notes WHERE id = 2"),
            std::vector<std::string>{"archived"});
  ASSERT_TRUE(conn_->execute("DELETE FROM notes WHERE id = 2").ok());

  Status down = runner.downgrade(*conn_, kRev4, out);
  ASSERT_TRUE(down.ok()) << down.error().describe();
  EXPECT_EQ(current(), kRev4);
  EXPECT_EQ(column("SELECT state::text FROM notes"), std::vector<std::string>{"active"});
  EXPECT_EQ(column("SELECT unnest(enum_range(NULL::note_status))::text"),
            std::vector<std::string>{"active"});

  // Offline, the enum addition is committed in its own transaction first.
  std::ostringstream script;
  ASSERT_TRUE(runner.upgrade_sql(kRev4, kRev5, script).ok());
  const std::string text = script.str();
  const std::size_t add = text.find("ADD VALUE IF NOT EXISTS 'archived'");
  ASSERT_NE(add, std::string::npos) << text;
  EXPECT_LT(add, text.find("COMMIT;\nBEGIN;")) << text;
  ASSERT_TRUE(conn_->execute(text).ok());
  EXPECT_EQ(current(), kRev5);
  EXPECT_EQ(column("SELECT state::text FROM notes"), std::vector<std::string>{"archived"});
}

// The version table is looked up where an unqualified name resolves when it
// is created: the first schema of the search path that exists. A table of that
// name further down the path, or a path with no schema at all, is not it.
TEST_F(RunnerPostgresTest, VersionTableExistsOnlyInTheFirstExistingSchemaOfTheSearchPath) {
  auto exec = [&](const std::string& sql) {
    Status s = conn_->execute(sql);
    ASSERT_TRUE(s.ok()) << sql << ": " << s.error().describe();
  };
  auto exists = [&](std::string_view name) {
    Result<bool> r = conn_->dialect().table_exists(*conn_, name);
    EXPECT_TRUE(r.ok()) << (r ? "" : r.error().describe());
    return r.ok() && *r;
  };
  exec("CREATE SCHEMA later");
  exec("CREATE TABLE later.retort_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
  exec("CREATE TABLE \"Mixed Case\" (id INTEGER)");
  EXPECT_FALSE(exists("retort_version"));  // public comes first
  EXPECT_TRUE(exists("Mixed Case"));       // quoted as an identifier, not folded
  EXPECT_FALSE(exists("mixed case"));

  exec("SET search_path TO no_such_schema, later, public");
  EXPECT_TRUE(exists("retort_version"));  // the first that exists is "later"
  EXPECT_FALSE(exists("Mixed Case"));

  exec("SET search_path TO no_such_schema");
  EXPECT_FALSE(exists("retort_version"));  // no schema at all: nothing, no error
}

// Round trips, PostgreSQL's cost per statement: a revision's statements go
// as one batch, and with one transaction for the run the whole run's do, so
// neither the ops in a revision nor the revisions in a run add round trips.
TEST_F(RunnerPostgresTest, BatchedStatementsCostNoRoundTripEach) {
  auto add = [](const std::string& name) {
    return AddColumn{"", "hero", make_column(name, make_type(TypeKind::kInteger), true)};
  };
  std::vector<Revision> extra;
  extra.push_back(make_revision(kRev4, kRev3, "one op", {add("a")}, /*audited=*/false));
  extra.push_back(make_revision(kRev5, kRev4, "five ops",
                                {add("b"), add("c"), add("d"), add("e"), add("f")},
                                /*audited=*/false));
  std::string down = kRev5;
  for (int i = 0; i < 20; ++i) {
    const std::string id = fmt::format("f{:011d}", i);
    extra.push_back(make_revision(id, down, "one op", {add(fmt::format("g{}", i))},
                                  /*audited=*/false));
    down = id;
  }
  RevisionGraph graph = graph_with(std::move(extra));
  std::ostringstream out;
  auto trips = [&](std::string_view target, bool per_revision) {
    Runner runner(conn_->dialect(), graph, *version_table_, *history_table_);
    runner.set_transaction_per_revision(per_revision);
    const std::size_t t0 = conn_->round_trips();
    Status s = runner.upgrade(*conn_, target, out);
    EXPECT_TRUE(s.ok()) << s.error().describe();
    return conn_->round_trips() - t0;
  };
  (void)trips(kRev3, true);  // the sample history's tables first
  const std::size_t one_op = trips(kRev4, true);
  const std::size_t five_ops = trips(kRev5, true);
  EXPECT_EQ(five_ops, one_op);

  const std::size_t first = trips(fmt::format("f{:011d}", 0), false);
  const std::size_t nineteen = trips("head", false);
  EXPECT_LE(nineteen, first + 1) << "one revision: " << first << ", nineteen: " << nineteen;
  EXPECT_EQ(current(), down);
}

}  // namespace
}  // namespace retort::migrations
