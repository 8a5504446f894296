// Tests for core/ops.cpp and the op kinds in core/ops/: names, descriptions,
// inverses, and ops played against an in-memory schema.
#include "core/ops.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/ops/schema_edit.hpp"
#include "tests/core/core_fixtures.hpp"

namespace retort {
namespace {

using testing::every_op;
using testing::kitchen_sink;
using testing::make_column;

TEST(OpsTest, EveryKindIsCovered) {
  const MetaData md = kitchen_sink();
  std::set<std::size_t> kinds;
  for (const Op& op : every_op(md)) kinds.insert(op.index());
  EXPECT_EQ(kinds.size(), std::variant_size_v<Op>);
}

// Revision files find an op kind by its name, so no two kinds share one.
TEST(OpsTest, EveryKindHasItsOwnName) {
  const MetaData md = kitchen_sink();
  std::set<std::size_t> kinds;
  std::set<std::string_view> names;
  for (const Op& op : every_op(md)) {
    if (kinds.insert(op.index()).second) names.insert(op_name(op));
  }
  EXPECT_EQ(names.size(), std::variant_size_v<Op>);
}

TEST(OpsTest, NamesAndTargets) {
  EXPECT_EQ(op_name(AddColumn{"", "hero", make_column("age", "integer")}), "add_column");
  EXPECT_EQ(op_name(DropEnum{}), "drop_enum");
  EXPECT_EQ(op_name(BulkInsert{}), "bulk_insert");
  EXPECT_EQ(op_target(AddColumn{"app", "hero", make_column("age", "integer")}), "app.hero");
  EXPECT_EQ(op_target(RenameColumn{"", "hero", "a", "b"}), "hero");
  EXPECT_EQ(op_target(Execute{"SELECT 1", ""}), "");
  Table t;
  t.schema = "ops";
  t.name = "mission";
  EXPECT_EQ(op_target(CreateTable{t}), "ops.mission");
}

TEST(OpsTest, DescribeReadsAsOneLine) {
  EXPECT_EQ(describe(AddColumn{"", "hero", make_column("age", "integer", true)}),
            "add column hero.age (integer, nullable)");
  EXPECT_EQ(describe(DropColumn{"", "hero", "age", std::nullopt}), "drop column hero.age");
  EXPECT_EQ(describe(RenameTable{"", "team", "squad"}), "rename table team to squad");
  AlterColumn a;
  a.table = "hero";
  a.column = "name";
  a.type = *parse_type("varchar(100)");
  a.nullable = false;
  a.existing = make_column("name", "varchar(50)");
  EXPECT_EQ(describe(a), "alter column hero.name: type varchar(50) -> varchar(100), not null");
  for (const Op& op : every_op(kitchen_sink())) {
    const std::string d = describe(op);
    EXPECT_FALSE(d.empty());
    EXPECT_EQ(d.find('\n'), std::string::npos) << d;
  }
}

// The runner commits a commit_first statement early only when the object its
// op changes was there before the revision.
TEST(OpsTest, ChangesExistingAsksForTheObjectBefore) {
  const MetaData md = kitchen_sink();
  ASSERT_FALSE(md.tables.empty());
  ASSERT_FALSE(md.enums.empty());
  for (const Op& op : every_op(md)) EXPECT_FALSE(changes_existing(op, MetaData{})) << describe(op);
  const Table& t = md.tables.front();
  const Enum& e = md.enums.front();
  EXPECT_TRUE(changes_existing(AddColumn{t.schema, t.name, make_column("x", "integer")}, md));
  EXPECT_FALSE(changes_existing(AddColumn{t.schema, "no_such", make_column("x", "integer")}, md));
  EXPECT_TRUE(changes_existing(DropTable{t}, md));
  EXPECT_TRUE(changes_existing(AlterEnum{e.schema, e.name, e.values, e.values}, md));
  EXPECT_FALSE(changes_existing(AlterEnum{e.schema, "no_such", e.values, e.values}, md));
  EXPECT_TRUE(changes_existing(DropEnum{e}, md));
  EXPECT_FALSE(changes_existing(CreateTable{t}, md));
  EXPECT_FALSE(changes_existing(CreateEnum{e}, md));
  EXPECT_FALSE(changes_existing(Execute{"SELECT 1", ""}, md));
}

TEST(OpsTest, RenameColumnRewritesExpressionsAsTheDatabaseDoes) {
  using detail::rename_in_sql;
  EXPECT_EQ(rename_in_sql("age >= 0 AND AGE < 200", "age", "years"), "years >= 0 AND years < 200");
  EXPECT_EQ(rename_in_sql("\"age\" > 0", "age", "years"), "years > 0");
  EXPECT_EQ(rename_in_sql("age > 0", "age", "Years"), "\"Years\" > 0");
  // A keyword of either database is quoted: bare `user` is CURRENT_USER on PostgreSQL.
  EXPECT_EQ(rename_in_sql("age > 0", "age", "user"), "\"user\" > 0");
  EXPECT_EQ(rename_in_sql("age > 0", "age", "abort"), "\"abort\" > 0");
  // Literals, function names, other words and numbers stay.
  EXPECT_EQ(rename_in_sql("note <> 'age' AND age(born) > 1 AND page > 2e5", "age", "years"),
            "note <> 'age' AND age(born) > 1 AND page > 2e5");
  // A quoted mixed-case name is matched exactly; an unquoted word folds.
  EXPECT_EQ(rename_in_sql("\"Age\" > 0 AND Age > 1", "Age", "years"), "years > 0 AND Age > 1");
  EXPECT_EQ(rename_in_sql("'it''s' = name", "name", "title"), "'it''s' = title");
}

TEST(OpsTest, InverseOfInverseIsTheOp) {
  for (const Op& op : every_op(kitchen_sink())) {
    std::optional<Op> inv = inverse(op);
    if (std::holds_alternative<Execute>(op) || std::holds_alternative<BulkInsert>(op)) {
      EXPECT_FALSE(inv.has_value()) << op_name(op);
      continue;
    }
    ASSERT_TRUE(inv.has_value()) << op_name(op);
    // refresh_view is its own inverse: the rows follow the tables.
    if (!std::holds_alternative<RefreshView>(op)) {
      EXPECT_NE(*inv, op) << op_name(op);
    }
    std::optional<Op> back = inverse(*inv);
    ASSERT_TRUE(back.has_value()) << op_name(op);
    EXPECT_EQ(*back, op) << op_name(op);
  }
}

TEST(OpsTest, InversePairs) {
  const Column age = make_column("age", "integer", true);
  std::optional<Op> inv = inverse(AddColumn{"", "hero", age});
  ASSERT_TRUE(inv);
  ASSERT_TRUE(std::holds_alternative<DropColumn>(*inv));
  EXPECT_EQ(std::get<DropColumn>(*inv).column, "age");
  EXPECT_EQ(std::get<DropColumn>(*inv).existing, age);

  EXPECT_FALSE(inverse(DropColumn{"", "hero", "age", std::nullopt}));

  AlterColumn a;
  a.table = "hero";
  a.column = "age";
  a.nullable = false;
  a.existing = age;
  inv = inverse(a);
  ASSERT_TRUE(inv);
  const auto& back = std::get<AlterColumn>(*inv);
  EXPECT_EQ(back.nullable, std::optional<bool>(true));
  EXPECT_FALSE(back.type.has_value());
  ASSERT_TRUE(back.existing);
  EXPECT_FALSE(back.existing->nullable);

  AlterColumn no_existing = a;
  no_existing.existing.reset();
  EXPECT_FALSE(inverse(no_existing));

  inv = inverse(AlterEnum{"", "s", {"a", "b"}, {"a"}});
  ASSERT_TRUE(inv);
  EXPECT_EQ(std::get<AlterEnum>(*inv).values, (std::vector<std::string>{"a"}));
}

TEST(OpsTest, InverseAllReversesTheList) {
  Index ix;
  ix.name = "ix_hero_age";
  ix.keys = {IndexKey{"age", "", SortOrder::kAsc}};
  std::vector<Op> ops = {AddColumn{"", "hero", make_column("age", "integer")},
                         CreateIndex{"", "hero", ix}};
  Result<std::vector<Op>> inv = inverse_all(ops);
  ASSERT_TRUE(inv.ok());
  ASSERT_EQ(inv->size(), 2u);
  EXPECT_TRUE(std::holds_alternative<DropIndex>((*inv)[0]));
  EXPECT_TRUE(std::holds_alternative<DropColumn>((*inv)[1]));

  ops.push_back(Execute{"DELETE FROM hero", ""});
  inv = inverse_all(ops);
  ASSERT_FALSE(inv.ok());
  EXPECT_EQ(inv.error().code, ErrorCode::kBadInput);
  EXPECT_NE(inv.error().message.find("execute"), std::string::npos);
}

TEST(OpsTest, ApplyThenInverseRestoresTheSchema) {
  const MetaData original = kitchen_sink();
  for (const Op& op : every_op(original)) {
    MetaData md = original;
    Status s = apply(md, op);
    ASSERT_TRUE(s.ok()) << op_name(op) << ": " << s.error().describe();
    std::optional<Op> inv = inverse(op);
    if (!inv) {
      EXPECT_EQ(md, original) << op_name(op) << " changes nothing";
      continue;
    }
    // refresh_view changes rows, which a schema does not hold.
    if (!std::holds_alternative<RefreshView>(op)) {
      EXPECT_NE(md, original) << op_name(op) << " changed nothing";
    }
    s = apply(md, *inv);
    ASSERT_TRUE(s.ok()) << op_name(*inv) << ": " << s.error().describe();
    EXPECT_EQ(md, original) << op_name(op) << " then " << op_name(*inv);
  }
}

TEST(OpsTest, ApplyMakesTheChange) {
  MetaData md = kitchen_sink();
  ASSERT_TRUE(apply(md, RenameTable{"", "team", "squad"}).ok());
  EXPECT_EQ(md.find_table("", "team"), nullptr);
  ASSERT_NE(md.find_table("", "squad"), nullptr);
  // Foreign keys follow the renamed table.
  for (const auto& fk : md.find_table("", "hero")->foreign_keys) EXPECT_EQ(fk.ref_table, "squad");

  ASSERT_TRUE(apply(md, RenameColumn{"", "hero", "age", "years"}).ok());
  const Table& hero = *md.find_table("", "hero");
  EXPECT_NE(hero.find_column("years"), nullptr);
  bool index_follows = false;
  for (const auto& ix : hero.indexes) {
    for (const auto& k : ix.keys) index_follows |= k.column == "years";
  }
  EXPECT_TRUE(index_follows);

  ASSERT_TRUE(apply(md, DropColumn{"", "hero", "years", std::nullopt}).ok());
  for (const auto& ix : md.find_table("", "hero")->indexes) {
    for (const auto& k : ix.keys) EXPECT_NE(k.column, "years");
  }

  ASSERT_TRUE(
      apply(md, AlterPrimaryKey{"", "counter", "pk_counter", {"id", "value"}, {"id"}}).ok());
  const Table& counter = *md.find_table("", "counter");
  EXPECT_EQ(counter.primary_key(), (std::vector<std::string>{"id", "value"}));
  EXPECT_FALSE(counter.columns[0].autoincrement);
}

TEST(OpsTest, ApplyRejectsMissingObjects) {
  MetaData md = kitchen_sink();
  Status s = apply(md, DropColumn{"", "hero", "nope", std::nullopt});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(s.error().message, "drop_column: table hero has no column nope");
  EXPECT_EQ(s.error().table, "hero");
  EXPECT_EQ(s.error().column, "nope");

  s = apply(md, AddColumn{"", "ghost", make_column("a", "text")});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "add_column: table ghost does not exist");

  s = apply(md, AddColumn{"", "hero", make_column("name", "text")});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("already has a column name"), std::string::npos);

  Index ix;
  ix.name = "ix_x";
  ix.keys = {IndexKey{"missing", "", SortOrder::kAsc}};
  s = apply(md, CreateIndex{"", "hero", ix});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "create_index: table hero has no column missing");

  s = apply(md, DropIndex{"", "hero", ix});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "drop_index: table hero has no index ix_x");

  s = apply(md, CreateTable{*md.find_table("", "hero")});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("already exists"), std::string::npos);

  s = apply(md, DropEnum{Enum{"", "nope", {}}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "drop_enum: enum nope does not exist");

  s = apply(md, DropTable{Table{}});
  ASSERT_FALSE(s.ok());
}

}  // namespace
}  // namespace retort
