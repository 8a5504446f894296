// Tests for core/schema.cpp: equality, derived fields and stable ordering.
#include "core/schema.hpp"

#include <gtest/gtest.h>

namespace retort {
namespace {

Table table(std::string name, std::vector<Column> columns, std::string schema = {}) {
  Table t;
  t.schema = std::move(schema);
  t.name = std::move(name);
  t.columns = std::move(columns);
  return t;
}

template <class T>
T named(std::string name) {
  T item;
  item.name = std::move(name);
  return item;
}

Column col(std::string name, TypeKind kind, bool pk = false) {
  Column c;
  c.name = std::move(name);
  c.type.kind = kind;
  c.primary_key = pk;
  return c;
}

TEST(SchemaTest, LiteralSql) {
  EXPECT_EQ(literal_sql(Literal{true}), "TRUE");
  EXPECT_EQ(literal_sql(Literal{false}), "FALSE");
  EXPECT_EQ(literal_sql(Literal{std::int64_t{-42}}), "-42");
  EXPECT_EQ(literal_sql(Literal{1.5}), "1.5");
  EXPECT_EQ(literal_sql(Literal{2.0}), "2.0");
  EXPECT_EQ(literal_sql(Literal{std::string("it's")}), "'it''s'");
  ColumnDefault d;
  EXPECT_EQ(d.to_sql(), "");
  d.sql = "CURRENT_TIMESTAMP";
  EXPECT_EQ(d.to_sql(), "CURRENT_TIMESTAMP");
}

TEST(SchemaTest, EqualityIgnoresLinesButNotSemantics) {
  Column a = col("age", TypeKind::kInteger);
  Column b = a;
  b.line = 12;
  EXPECT_EQ(a, b);
  b.nullable = true;
  EXPECT_NE(a, b);
  b = a;
  b.comment = "years";
  EXPECT_NE(a, b);
  b = a;
  b.default_.value = Literal{std::int64_t{1}};
  EXPECT_NE(a, b);

  ForeignKey f1 = named<ForeignKey>("fk");
  f1.columns = {"a"};
  f1.ref_table = "t";
  f1.ref_columns = {"id"};
  f1.line = 3;
  ForeignKey f2 = f1;
  f2.line = 9;
  f2.on_delete = "no action";  // the default action, spelled out
  EXPECT_EQ(f1, f2);
  f2.on_delete = "cascade";
  EXPECT_NE(f1, f2);

  Table t1 = table("hero", {a});
  t1.line = 1;
  Table t2 = t1;
  t2.line = 40;
  EXPECT_EQ(t1, t2);
  t2.comment = "x";
  EXPECT_NE(t1, t2);
}

TEST(SchemaTest, FinishDerivesAutoincrement) {
  Table t = table("hero", {col("id", TypeKind::kInteger, true), col("n", TypeKind::kText)});
  t.finish();
  EXPECT_TRUE(t.columns[0].autoincrement);
  EXPECT_FALSE(t.columns[1].autoincrement);

  Table big = table("b", {col("id", TypeKind::kBigint, true)});
  big.finish();
  EXPECT_TRUE(big.columns[0].autoincrement);

  Table composite =
      table("c", {col("a", TypeKind::kInteger, true), col("b", TypeKind::kInteger, true)});
  composite.finish();
  EXPECT_FALSE(composite.columns[0].autoincrement);
  EXPECT_EQ(composite.primary_key(), (std::vector<std::string>{"a", "b"}));

  Table text_pk = table("d", {col("code", TypeKind::kText, true)});
  text_pk.finish();
  EXPECT_FALSE(text_pk.columns[0].autoincrement);

  Table off = table("e", {col("id", TypeKind::kInteger, true)});
  off.columns[0].autoincrement_off = true;
  off.finish();
  EXPECT_FALSE(off.columns[0].autoincrement);
}

TEST(SchemaTest, FinishSortsIndexesAndConstraintsByName) {
  Table t = table("hero", {col("a", TypeKind::kInteger)});
  t.indexes = {named<Index>("ix_b"), named<Index>("ix_a")};
  t.uniques = {named<UniqueConstraint>("uq_z"), named<UniqueConstraint>("uq_m")};
  t.foreign_keys = {named<ForeignKey>("fk_2"), named<ForeignKey>("fk_1")};
  t.checks = {named<CheckConstraint>("ck_y"), named<CheckConstraint>("ck_x")};
  t.finish();
  EXPECT_EQ(t.indexes[0].name, "ix_a");
  EXPECT_EQ(t.uniques[0].name, "uq_m");
  EXPECT_EQ(t.foreign_keys[0].name, "fk_1");
  EXPECT_EQ(t.checks[0].name, "ck_x");
  ASSERT_NE(t.find_column("a"), nullptr);
  EXPECT_EQ(t.find_column("zz"), nullptr);
}

TEST(SchemaTest, MetaDataFinishCollectsEnumsAndSorts) {
  Column s1 = col("status", TypeKind::kEnum);
  s1.type.enum_name = "status";
  s1.type.enum_values = {"a", "b"};
  Column s2 = s1;
  s2.type.enum_values = {"other"};  // a later declaration does not win
  MetaData md;
  // Declared in this order: the first declaration of an enum wins.
  md.tables = {table("b", {s1}, "z"), table("c", {s1}), table("a", {s2})};
  md.finish();
  ASSERT_EQ(md.tables.size(), 3u);
  EXPECT_EQ(md.tables[0].qualified_name(), "a");
  EXPECT_EQ(md.tables[1].qualified_name(), "c");
  EXPECT_EQ(md.tables[2].qualified_name(), "z.b");
  ASSERT_EQ(md.enums.size(), 2u);
  EXPECT_EQ(md.enums[0].schema, "");
  EXPECT_EQ(md.enums[0].values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(md.enums[1].schema, "z");
  ASSERT_NE(md.find_table("z", "b"), nullptr);
  EXPECT_EQ(md.find_table("", "b"), nullptr);
  ASSERT_NE(md.find_enum("z", "status"), nullptr);
}

// Each warning names its object: an object on a table (trigger, rule,
// policy, extended statistics) by its own name and its table's; a table
// property after the table; a routine's arguments right after its name,
// another kind's note a word apart.
TEST(SchemaTest, UnmodelledDescribeNamesTheObject) {
  auto describe = [](std::string kind, std::string schema, std::string name, std::string table,
                     std::string what) {
    return Unmodelled{std::move(kind), std::move(schema), std::move(name), std::move(table),
                      std::move(what)}
        .describe();
  };
  EXPECT_EQ(describe("trigger", "", "last_updated", "film", "not managed"),
            "trigger last_updated on film not managed");
  EXPECT_EQ(describe("rule", "", "rental_keep", "rental", "not managed"),
            "rule rental_keep on rental not managed");
  EXPECT_EQ(describe("policy", "app", "own_rows", "customer", "not managed"),
            "policy own_rows on app.customer not managed");
  EXPECT_EQ(describe("statistics", "", "film_stats", "film", "not managed"),
            "statistics film_stats on film not managed");
  EXPECT_EQ(describe("table", "", "payment", "payment", "UNLOGGED not modelled"),
            "table payment: UNLOGGED not modelled");
  EXPECT_EQ(describe("function", "", "f", "", "(integer, text) not managed"),
            "function f(integer, text) not managed");
  EXPECT_EQ(describe("aggregate", "app", "total", "", "(numeric) not managed"),
            "aggregate app.total(numeric) not managed");
  EXPECT_EQ(describe("type", "", "addr", "", "(composite) not managed"),
            "type addr (composite) not managed");
  EXPECT_EQ(describe("type", "app", "span", "", "(range) not managed"),
            "type app.span (range) not managed");
  EXPECT_EQ(describe("view", "legacy", "report", "", "not managed"),
            "view legacy.report not managed");
}

}  // namespace
}  // namespace retort
