// Generated columns, collations, UNLOGGED and storage parameters on a real
// server: created, reflected, normalised and altered; and the changes
// PostgreSQL 15 cannot make in place refused by refuse_in_place.
#include <gtest/gtest.h>

#include "dialects/postgresql/pg_ddl.hpp"
#include "tests/dialects/postgresql/pg_test_util.hpp"

namespace retort::testing {
namespace {

Table order_line() {
  Column code = col("code", "varchar(20)");
  code.collation = "C";
  Column total = col("total", "integer", true);
  total.generated = Generated{"price * qty", true};
  Table t =
      table("order_line", {pk("id"), code, col("price", "integer"), col("qty", "integer"), total});
  t.properties.unlogged = true;
  t.properties.storage = {"fillfactor=70", "autovacuum_enabled=false"};
  // SQLite's properties: cleared by normalize().
  t.properties.sqlite_strict = true;
  t.finish();
  return t;
}

class PgPropertiesTest : public PgTest {};

TEST_F(PgPropertiesTest, CreatedAsDeclaredAndReflected) {
  MetaData md;
  md.tables = {order_line()};
  md.finish();
  ASSERT_NO_FATAL_FAILURE(create(md));
  expect_matches(md);
  const MetaData live = inspect();
  const Table& t = live.tables.at(0);
  EXPECT_TRUE(t.properties.unlogged);
  EXPECT_EQ(t.properties.storage,
            (std::vector<std::string>{"autovacuum_enabled=false", "fillfactor=70"}));
  EXPECT_FALSE(t.properties.sqlite_strict);
  EXPECT_EQ(t.find_column("code")->collation, "C");
  EXPECT_FALSE(t.find_column("total")->generated.empty());
  EXPECT_TRUE(live.unmodelled.empty());
}

TEST_F(PgPropertiesTest, AlteredInPlace) {
  MetaData md;
  md.tables = {order_line()};
  md.finish();
  ASSERT_NO_FATAL_FAILURE(create(md));
  sql("INSERT INTO order_line (id, code, price, qty) VALUES (1, 'a', 2, 3)");

  MetaData to = md;
  Table& t = to.tables.at(0);
  t.properties.unlogged = false;
  t.properties.storage = {"fillfactor=50"};
  t.find_column("code")->collation = "POSIX";
  t.find_column("total")->generated = Generated{};
  const std::vector<Op> ops = compare(inspect(), dialect().normalize(to));
  ASSERT_EQ(ops.size(), 3u) << describe_all(ops);
  MetaData now = inspect();
  for (const Op& op : ops) {
    EXPECT_TRUE(dialect().refuse_in_place(op, now).ok()) << describe(op);
    ASSERT_NO_FATAL_FAILURE(run_op(op, now));
    ASSERT_TRUE(apply(now, op).ok());
  }
  expect_matches(to);
  // The column stopped being generated and kept its value.
  Status s = conn().execute("UPDATE order_line SET total = 100 WHERE id = 1");
  EXPECT_TRUE(s.ok()) << s.error().describe();
}

TEST(PgRefuseInPlaceTest, MakingAColumnGeneratedOrChangingItsExpression) {
  const Dialect& pg = postgresql_dialect();
  MetaData before;
  before.tables = {order_line()};

  AlterColumn make = alter("order_line", "price");
  make.generated = Generated{"qty * 2", true};
  make.existing = *before.tables[0].find_column("price");
  Status refused = pg.refuse_in_place(make, before);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kBadInput);
  const std::string m = refused.error().message;
  EXPECT_NE(m.find("making column \"order_line\".\"price\" generated as (qty * 2)"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("PostgreSQL 15 can only drop a column's generation"), std::string::npos) << m;
  EXPECT_NE(refused.error().hint.find("add a new column GENERATED ALWAYS AS (qty * 2) STORED"),
            std::string::npos)
      << refused.error().hint;
  EXPECT_NE(refused.error().hint.find("`execute` op"), std::string::npos) << refused.error().hint;

  AlterColumn change = alter("order_line", "total");
  change.generated = Generated{"price * qty + 1", true};
  change.existing = *before.tables[0].find_column("total");
  Status changed = pg.refuse_in_place(change, before);
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.error().message.find("changing the expression of generated column"),
            std::string::npos)
      << changed.error().message;
  // The DDL compiler refuses it the same way (a downgrade reaches it).
  EXPECT_FALSE(pg.compile(change, before).ok());

  // Dropping the generation, and every other op, can run.
  AlterColumn drop = alter("order_line", "total");
  drop.generated = Generated{};
  drop.existing = change.existing;
  EXPECT_TRUE(pg.refuse_in_place(drop, before).ok());
  EXPECT_TRUE(pg.refuse_in_place(AlterTable{"", "order_line", {}, {}}, before).ok());
  EXPECT_TRUE(sqlite_dialect().refuse_in_place(make, before).ok());
}

}  // namespace
}  // namespace retort::testing
