// Session errors and transactions: integrity violations come back as
// DatabaseError with the violation and the constraint's name on both
// dialects (SQLite enforces foreign keys for Session writes); transactions
// roll back unless committed.
#include <gtest/gtest.h>

#include "tests/core/model/session_fixture.hpp"

namespace retort::session_test {
namespace {

class SessionErrorsTest : public SessionTest {
 protected:
  // The name the models give the constraint on `columns` of `table`.
  static std::string unique_name(const Table& table, const std::vector<std::string>& columns) {
    for (const UniqueConstraint& u : table.uniques) {
      if (u.columns == columns) return u.name;
    }
    for (const Index& i : table.indexes) {
      if (i.unique && i.column_names() == columns) return i.name;
    }
    return "(none)";
  }
};

template <class F>
DatabaseError database_error(F&& f) {
  try {
    f();
  } catch (const DatabaseError& e) {
    return e;
  }
  ADD_FAILURE() << "no DatabaseError";
  return DatabaseError(Error::database("none"));
}

TEST_P(SessionErrorsTest, UniqueViolationNamesTheConstraint) {
  Team a{.name = "Avengers"};
  session_->add(a);
  Team b{.name = "Avengers"};
  DatabaseError e = database_error([&] { session_->add(b); });
  EXPECT_EQ(e.violation(), Violation::kUnique) << e.what();
  EXPECT_EQ(e.constraint(), unique_name(teams.table(), {"name"})) << e.what();
  EXPECT_EQ(rows_in("team"), 1);
}

TEST_P(SessionErrorsTest, PrimaryKeyViolationIsAUniqueViolation) {
  Team a{.name = "A"};
  session_->add(a);
  Team b{.id = a.id, .name = "B"};
  DatabaseError e = database_error([&] { session_->add(b); });
  EXPECT_EQ(e.violation(), Violation::kUnique) << e.what();
  EXPECT_FALSE(e.constraint().empty());
}

TEST_P(SessionErrorsTest, ForeignKeyViolationIsEnforcedAndNamed) {
  Hero h{.name = "Orphan", .secret_name = "x", .team_id = 424242};
  DatabaseError e = database_error([&] { session_->add(h); });
  EXPECT_EQ(e.violation(), Violation::kForeignKey) << e.what();
  ASSERT_EQ(heroes.table().foreign_keys.size(), 1u);
  EXPECT_EQ(e.constraint(), heroes.table().foreign_keys[0].name) << e.what();
  EXPECT_EQ(rows_in("hero"), 0);

  // Removing a parent that still has children is refused too.
  Team t{.name = "T"};
  session_->add(t);
  Hero child{.name = "Child", .secret_name = "y", .team_id = t.id};
  session_->add(child);
  e = database_error([&] { session_->remove(t); });
  EXPECT_EQ(e.violation(), Violation::kForeignKey) << e.what();
  EXPECT_EQ(rows_in("team"), 1);
}

TEST_P(SessionErrorsTest, NotNullViolationNamesTheColumn) {
  HeroNameOnly h{.name = "No secret"};  // the table's secret_name is NOT NULL
  DatabaseError e = database_error([&] { session_->add(h); });
  EXPECT_EQ(e.violation(), Violation::kNotNull) << e.what();
  EXPECT_EQ(e.constraint(), "hero.secret_name") << e.what();
}

TEST_P(SessionErrorsTest, CheckViolationNamesTheConstraint) {
  Hero h{.name = "Thirteen", .secret_name = "x", .age = 13};
  DatabaseError e = database_error([&] { session_->add(h); });
  EXPECT_EQ(e.violation(), Violation::kCheck) << e.what();
  ASSERT_EQ(heroes.table().checks.size(), 1u);
  EXPECT_EQ(e.constraint(), heroes.table().checks[0].name) << e.what();
}

TEST_P(SessionErrorsTest, UpdateViolationsAreTypedToo) {
  Team a{.name = "A"};
  Team b{.name = "B"};
  session_->add(a);
  session_->add(b);
  b.name = "A";
  DatabaseError e = database_error([&] { session_->update(b); });
  EXPECT_EQ(e.violation(), Violation::kUnique) << e.what();
  EXPECT_EQ(session_->get<Team>(*b.id)->name, "B");
}

TEST_P(SessionErrorsTest, ATransactionRollsBackUnlessCommitted) {
  {
    auto tx = session_->begin();
    Hero h{.name = "Temp", .secret_name = "x"};
    session_->add(h);
    EXPECT_EQ(rows_in("hero"), 1);  // visible inside
  }
  EXPECT_EQ(rows_in("hero"), 0);
  {
    auto tx = session_->begin();
    Hero h{.name = "Kept", .secret_name = "x"};
    session_->add(h);
    tx.commit();
    EXPECT_FALSE(tx.active());
  }
  EXPECT_EQ(rows_in("hero"), 1);
  {
    auto tx = session_->begin();
    Hero h{.name = "Undone", .secret_name = "x"};
    session_->add(h);
    tx.rollback();
  }
  EXPECT_EQ(rows_in("hero"), 1);
}

TEST_P(SessionErrorsTest, TransactionsDoNotNest) {
  auto tx = session_->begin();
  EXPECT_THROW((void)session_->begin(), DatabaseError);
  tx.commit();
  EXPECT_THROW(tx.commit(), DatabaseError);
}

TEST_P(SessionErrorsTest, AddAllIsOneTransaction) {
  Team taken{.name = "Taken"};
  session_->add(taken);
  std::vector<Team> batch = {{.name = "One"}, {.name = "Two"}, {.name = "Taken"}, {.name = "Four"}};
  DatabaseError e = database_error([&] { session_->add_all(batch); });
  EXPECT_EQ(e.violation(), Violation::kUnique);
  EXPECT_EQ(rows_in("team"), 1);  // One and Two rolled back with it
  EXPECT_FALSE(session_->connection().in_transaction());

  // Inside an explicit transaction, add_all joins it.
  {
    auto tx = session_->begin();
    std::vector<Team> more = {{.name = "X"}, {.name = "Y"}};
    session_->add_all(more);
  }
  EXPECT_EQ(rows_in("team"), 1);
}

TEST_P(SessionErrorsTest, TheSessionKeepsWorkingAfterAnError) {
  Team a{.name = "Same"};
  session_->add(a);
  Team b{.name = "Same"};
  EXPECT_THROW(session_->add(b), DatabaseError);
  Team c{.name = "Other"};
  session_->add(c);
  EXPECT_EQ(rows_in("team"), 2);
}

INSTANTIATE_TEST_SUITE_P(Dialects, SessionErrorsTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

}  // namespace
}  // namespace retort::session_test
