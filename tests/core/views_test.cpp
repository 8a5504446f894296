// Views in core: models.toml [[view]] read and written back, the view ops'
// inverses and their play on an in-memory schema, and the comparator's
// order (views dropped first, readers before what they read; created last,
// what they read first; recreated around a column type change).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/comparator.hpp"
#include "core/models_toml.hpp"
#include "core/ops.hpp"
#include "core/view_order.hpp"

namespace retort {
namespace {

Type type_of(TypeKind kind) {
  Type t;
  t.kind = kind;
  return t;
}

View view(const std::string& name, const std::string& query, std::vector<std::string> reads) {
  View v;
  v.name = name;
  v.query = query;
  v.canonical = query;
  v.depends_on = std::move(reads);
  return v;
}

MetaData schema_with(std::vector<View> views) {
  MetaData md;
  Table t;
  t.name = "hero";
  Column id;
  id.name = "id";
  id.type = type_of(TypeKind::kInteger);
  id.primary_key = true;
  Column age;
  age.name = "age";
  age.type = type_of(TypeKind::kInteger);
  age.nullable = true;
  t.columns = {id, age};
  md.tables.push_back(t);
  md.views = std::move(views);
  md.finish();
  return md;
}

std::vector<std::string> described(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const Op& op : ops) out.push_back(describe(op));
  return out;
}

TEST(ViewsToml, ReadAndWrittenBackEqual) {
  const char* kModels = R"(
[[table]]
name = "hero"
columns = [ { name = "id", type = "integer", primary_key = true } ]

[[view]]
name = "a"
query = """
SELECT id
FROM hero;
"""

[[view]]
name = "m"
schema = "app"
materialized = true
with_data = false
comment = "monthly"
query = "SELECT count(*) AS n FROM hero"
indexes = [ { name = "m_n", columns = ["n"], unique = true } ]
)";
  Result<MetaData> md = read_models(kModels, "models.toml");
  ASSERT_TRUE(md) << md.error().message;
  ASSERT_EQ(md->views.size(), 2u);
  EXPECT_EQ(md->views[0].name, "a");
  EXPECT_EQ(md->views[0].query, "SELECT id\nFROM hero");  // no trailing semicolon
  EXPECT_EQ(md->views[1].schema, "app");
  EXPECT_FALSE(md->views[1].with_data);
  ASSERT_EQ(md->views[1].indexes.size(), 1u);
  const std::string written = write_models(*md);
  EXPECT_NE(written.find("query = \"\"\"\nSELECT id\nFROM hero\"\"\""), std::string::npos)
      << written;
  Result<MetaData> again = read_models(written, "models.toml");
  ASSERT_TRUE(again) << again.error().message << "\n" << written;
  EXPECT_EQ(*again, *md);
}

TEST(ViewsToml, IndexesOnlyOnAMaterializedView) {
  Result<MetaData> md = read_models(R"(
[[view]]
name = "v"
query = "SELECT 1 AS one"
indexes = [ { name = "v_one", columns = ["one"] } ]
)",
                                    "models.toml");
  ASSERT_FALSE(md);
  EXPECT_NE(md.error().message.find("only a materialized view has `indexes`"), std::string::npos);
  EXPECT_EQ(md.error().line, 5);
}

TEST(ViewOps, InversesAndPlay) {
  const View v = view("adults", "SELECT id FROM hero WHERE age >= 18", {"hero"});
  const Op create = CreateView{v};
  EXPECT_EQ(inverse(create), Op{DropView{v}});
  EXPECT_EQ(inverse(Op{DropView{v}}), create);
  const Op refresh = RefreshView{"", "adults", true};
  EXPECT_EQ(inverse(refresh), refresh);
  MetaData md = schema_with({});
  ASSERT_TRUE(apply(md, create));
  ASSERT_NE(md.find_view("", "adults"), nullptr);
  EXPECT_FALSE(apply(md, create));                                // already there
  EXPECT_FALSE(apply(md, Op{RefreshView{"", "adults", false}}));  // not materialized
  ASSERT_TRUE(apply(md, Op{DropView{v}}));
  EXPECT_EQ(md.find_view("", "adults"), nullptr);
  EXPECT_FALSE(apply(md, Op{DropView{v}}));
}

TEST(ViewOrder, ReadersAfterWhatTheyReadAndCirclesNamed) {
  const std::vector<View> views = {view("c", "", {"b"}), view("a", "", {"hero"}),
                                   view("b", "", {"a", "hero"})};
  ViewOrder order = view_order(views);
  ASSERT_EQ(order.order.size(), 3u);
  EXPECT_EQ(order.order[0]->name, "a");
  EXPECT_EQ(order.order[1]->name, "b");
  EXPECT_EQ(order.order[2]->name, "c");
  EXPECT_TRUE(order.cycle.empty());
  const std::vector<View> circle = {view("x", "", {"y"}), view("y", "", {"x"})};
  EXPECT_EQ(view_order(circle).cycle, (std::vector<std::string>{"view x", "view y", "view x"}));
}

TEST(CompareViews, NewViewsLastChangedOnesDroppedFirst) {
  const MetaData from = schema_with(
      {view("a", "SELECT id FROM hero", {"hero"}), view("b", "SELECT id FROM a", {"a"})});
  MetaData to =
      schema_with({view("a", "SELECT id, age FROM hero", {"hero"}),
                   view("b", "SELECT id FROM a", {"a"}), view("c", "SELECT id FROM b", {"b"})});
  // a changes: b reads it and goes with it; c is new. Drops reader first,
  // creates what is read first.
  EXPECT_EQ(described(compare(from, to)),
            (std::vector<std::string>{"drop view b", "drop view a", "create view a",
                                      "create view b", "create view c"}));
  EXPECT_TRUE(compare(to, to).empty());
}

TEST(CompareViews, ColumnTypeChangeRecreatesTheViewsOverTheTable) {
  const std::vector<View> views = {view("a", "SELECT id, age FROM hero", {"hero"}),
                                   view("b", "SELECT id FROM a", {"a"}),
                                   view("other", "SELECT 1 AS one", {})};
  const MetaData from = schema_with(views);
  MetaData to = schema_with(views);
  to.tables[0].columns[1].type = type_of(TypeKind::kBigint);
  const std::vector<std::string> ops = described(compare(from, to));
  ASSERT_EQ(ops.size(), 5u) << ::testing::PrintToString(ops);
  EXPECT_EQ(ops[0], "drop view b");
  EXPECT_EQ(ops[1], "drop view a");
  EXPECT_TRUE(ops[2].starts_with("alter column hero.age")) << ops[2];
  EXPECT_EQ(ops[3], "create view a");
  EXPECT_EQ(ops[4], "create view b");
  // A change that breaks no view leaves them alone.
  MetaData commented = schema_with(views);
  commented.tables[0].columns[1].comment = "years";
  for (const std::string& op : described(compare(from, commented))) {
    EXPECT_EQ(op.find("view"), std::string::npos) << op;
  }
}

}  // namespace
}  // namespace retort
