// Tests for core/op_simplify.cpp: which ops fold, and which never move
// across another.
#include "core/op_simplify.hpp"

#include <gtest/gtest.h>

#include "tests/core/core_fixtures.hpp"

namespace retort {
namespace {

using testing::make_column;

Table hero() {
  Table t;
  t.name = "hero";
  Column id = make_column("id", "integer");
  id.primary_key = true;
  t.columns = {id, make_column("name", "text")};
  return t;
}

AddColumn add(const std::string& table, const std::string& column) {
  return AddColumn{"", table, make_column(column, "integer", true)};
}
DropColumn drop(const std::string& table, const std::string& column) {
  return DropColumn{"", table, column, std::nullopt};
}
AlterColumn alter(const std::string& table, const std::string& column) {
  AlterColumn a;
  a.table = table;
  a.column = column;
  a.existing = make_column(column, "integer", true);
  return a;
}
std::vector<std::string> names(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const Op& op : ops) out.push_back(describe(op));
  return out;
}

TEST(OpSimplifyTest, AnAddAndALaterDropCancel) {
  EXPECT_TRUE(simplify({add("hero", "age"), drop("hero", "age")}).empty());
  // ... across column ops on other columns and ops on other tables.
  std::vector<Op> kept = simplify(
      {add("hero", "age"), add("hero", "power"), add("team", "city"), drop("hero", "age")});
  EXPECT_EQ(kept, (std::vector<Op>{add("hero", "power"), add("team", "city")}));
}

TEST(OpSimplifyTest, ADropAndAReAddKeepTheirRowsMeaning) {
  // The rows were lost by the drop: the re-added column starts empty.
  const std::vector<Op> ops{drop("hero", "age"), add("hero", "age")};
  EXPECT_EQ(simplify(ops), ops);
  DropTable dropped{hero()};
  const std::vector<Op> tables{dropped, CreateTable{hero()}};
  EXPECT_EQ(simplify(tables), tables);
}

TEST(OpSimplifyTest, DataOpsStopFoldsAcrossThem) {
  const std::vector<Op> through_sql{add("hero", "age"), Execute{"UPDATE hero SET age = 1", ""},
                                    drop("hero", "age")};
  EXPECT_EQ(simplify(through_sql), through_sql);
  BulkInsert insert;
  insert.table = "hero";
  const std::vector<Op> through_insert{add("hero", "age"), insert, drop("hero", "age")};
  EXPECT_EQ(simplify(through_insert), through_insert);
  // An insert into another table does not observe hero.
  insert.table = "team";
  EXPECT_EQ(simplify({add("hero", "age"), insert, drop("hero", "age")}), (std::vector<Op>{insert}));
}

TEST(OpSimplifyTest, AnotherOpOnTheTableStopsAColumnFold) {
  CreateIndex index;
  index.table = "hero";
  index.index.name = "ix_hero_name";
  index.index.keys = {IndexKey{.column = "name"}};
  const std::vector<Op> ops{add("hero", "age"), index, drop("hero", "age")};
  EXPECT_EQ(simplify(ops), ops);
}

TEST(OpSimplifyTest, ACreatedTableAbsorbsLaterChanges) {
  CreateIndex index;
  index.table = "hero";
  index.index.name = "ix_hero_age";
  index.index.keys = {IndexKey{.column = "age"}};
  std::vector<Op> out = simplify({CreateTable{hero()}, add("team", "city"), add("hero", "age"),
                                  RenameColumn{"", "hero", "name", "full_name"}, index});
  ASSERT_EQ(out.size(), 2u) << ::testing::PrintToString(names(out));
  const Table& made = std::get<CreateTable>(out[0]).table;
  ASSERT_EQ(made.columns.size(), 3u);
  EXPECT_EQ(made.columns[1].name, "full_name");
  EXPECT_EQ(made.columns[2].name, "age");
  ASSERT_EQ(made.indexes.size(), 1u);
  EXPECT_EQ(made.indexes[0].name, "ix_hero_age");
  // Created and dropped with nothing reading it in between: gone.
  EXPECT_TRUE(simplify({CreateTable{hero()}, add("hero", "age"), DropTable{hero()}}).empty());
}

TEST(OpSimplifyTest, AForeignKeyToATableCreatedLaterStaysApart) {
  Table team;
  team.name = "team";
  team.columns = {make_column("id", "integer")};
  team.columns[0].primary_key = true;
  AddForeignKey fk;
  fk.table = "hero";
  fk.foreign_key = {
      .name = "fk_hero_team", .columns = {"name"}, .ref_table = "team", .ref_columns = {"id"}};
  std::vector<Op> out = simplify({CreateTable{hero()}, CreateTable{team}, fk});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_TRUE(std::get<CreateTable>(out[0]).table.foreign_keys.empty());
}

TEST(OpSimplifyTest, AnAlterFoldsIntoTheAddOnlyWhenRowsKeepTheirValues) {
  AlterColumn not_null = alter("hero", "age");
  not_null.nullable = false;
  std::vector<Op> out = simplify({add("hero", "age"), not_null});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(std::get<AddColumn>(out[0]).column.nullable);
  // A new default: rows already there got the old one when the column was
  // added; folding would backfill the new one instead.
  AlterColumn new_default = alter("hero", "age");
  new_default.default_ = ColumnDefault{.value = Literal{std::int64_t{5}}};
  const std::vector<Op> ops{add("hero", "age"), new_default};
  EXPECT_EQ(simplify(ops), ops);
}

TEST(OpSimplifyTest, AltersOfOneColumnMerge) {
  AlterColumn a = alter("hero", "age");
  a.nullable = false;
  AlterColumn b = alter("hero", "age");
  b.existing->nullable = false;
  b.comment = "years";
  std::vector<Op> out = simplify({a, b});
  ASSERT_EQ(out.size(), 1u);
  const AlterColumn& merged = std::get<AlterColumn>(out[0]);
  EXPECT_EQ(merged.nullable, std::optional<bool>(false));
  EXPECT_EQ(merged.comment, std::optional<std::string>("years"));
  EXPECT_EQ(merged.existing->nullable, true);
  // Back to where it started: nothing.
  AlterColumn back = alter("hero", "age");
  back.existing->nullable = false;
  back.nullable = true;
  EXPECT_TRUE(simplify({a, back}).empty());
  // Two type changes are two casts: kept.
  AlterColumn to_bigint = alter("hero", "age");
  to_bigint.type = make_column("x", "bigint").type;
  AlterColumn to_text = alter("hero", "age");
  to_text.type = make_column("x", "text").type;
  EXPECT_EQ(simplify({to_bigint, to_text}).size(), 2u);
}

TEST(OpSimplifyTest, RenamesChainAndARenamedColumnIsDroppedUnderItsOldName) {
  std::vector<Op> out =
      simplify({RenameColumn{"", "hero", "a", "b"}, RenameColumn{"", "hero", "b", "c"}});
  EXPECT_EQ(out, (std::vector<Op>{RenameColumn{"", "hero", "a", "c"}}));
  EXPECT_TRUE(
      simplify({RenameColumn{"", "hero", "a", "b"}, RenameColumn{"", "hero", "b", "a"}}).empty());
  EXPECT_EQ(simplify({RenameColumn{"", "hero", "a", "b"}, drop("hero", "b")}),
            (std::vector<Op>{drop("hero", "a")}));
}

TEST(OpSimplifyTest, AnExpressionStopsFoldsOnItsTable) {
  // USING reads column a: a cannot be dropped before it.
  AlterColumn to_text = alter("hero", "b");
  to_text.type = make_column("x", "text").type;
  to_text.using_ = "a::text";
  const std::vector<Op> ops{add("hero", "a"), to_text, drop("hero", "a")};
  EXPECT_EQ(simplify(ops), ops);
  const std::vector<Op> renames{RenameColumn{"", "hero", "x", "y"}, to_text,
                                RenameColumn{"", "hero", "y", "x"}};
  EXPECT_EQ(simplify(renames), renames);
  // A generation set and dropped leaves computed values: kept.
  AlterColumn generate = alter("hero", "b");
  generate.generated = Generated{.sql = "a * 2"};
  AlterColumn stop = alter("hero", "b");
  stop.existing->generated = Generated{.sql = "a * 2"};
  stop.generated = Generated{};
  EXPECT_EQ(simplify({generate, stop}).size(), 2u);
  // A generated column added, then made plain: both kept.
  AddColumn total = add("hero", "total");
  total.column.generated = Generated{.sql = "a * 2"};
  AlterColumn plain = alter("hero", "total");
  plain.existing->generated = Generated{.sql = "a * 2"};
  plain.generated = Generated{};
  EXPECT_EQ(simplify({total, plain}).size(), 2u);
}

TEST(OpSimplifyTest, ADropOfARenamedColumnStaysBeforeOpsCheckedUnderTheNewName) {
  // rename a -> b, add a, drop b: the drop is of the old a, before the new a.
  EXPECT_EQ(simplify({RenameColumn{"", "hero", "a", "b"}, add("hero", "a"), drop("hero", "b")}),
            (std::vector<Op>{drop("hero", "a"), add("hero", "a")}));
}

TEST(OpSimplifyTest, ARefreshIsNotUndoneByTheNextOne) {
  const std::vector<Op> ops{RefreshView{"", "totals", false}, RefreshView{"", "totals", false}};
  EXPECT_EQ(simplify(ops), ops);
}

}  // namespace
}  // namespace retort
