// Generated columns, collations and table properties in core: the
// models.toml keys read and written back (left out at their default), the
// alter_table op and alter_column's collation/generation (TOML, inverse,
// apply), and what compare() makes of a change to each.
#include <gtest/gtest.h>

#include "core/comparator.hpp"
#include "core/internal/ops_toml.hpp"
#include "core/models_toml.hpp"
#include "core/ops.hpp"

namespace retort {
namespace {

constexpr const char* kModels = R"toml(
[[table]]
name = "order_line"
unlogged = true
storage = { fillfactor = 70, autovacuum_enabled = false, Autovacuum_Vacuum_Scale_Factor = 0.05 }
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "code", type = "varchar(20)", collation = "C" },
  { name = "price", type = "integer" },
  { name = "qty", type = "integer" },
  { name = "total", type = "integer", nullable = true, generated = "price * qty" },
  { name = "label", type = "text", nullable = true, generated = "'#' || qty", stored = false },
]

[[table]]
name = "setting"
sqlite_without_rowid = true
sqlite_strict = true
columns = [
  { name = "key", type = "text", primary_key = true },
]

[[table]]
name = "customer"
sqlite_autoincrement = true
columns = [
  { name = "id", type = "integer", primary_key = true },
]
)toml";

MetaData models() {
  Result<MetaData> md = read_models(kModels, "models.toml");
  EXPECT_TRUE(md.ok()) << md.error().describe();
  return md.ok() ? *md : MetaData{};
}

TEST(ColumnTablePropertiesTest, ModelsKeysAreRead) {
  const MetaData md = models();
  const Table* line = md.find_table("", "order_line");
  ASSERT_NE(line, nullptr);
  EXPECT_TRUE(line->properties.unlogged);
  // Names as PostgreSQL keeps them (lower case); a float stays one.
  EXPECT_EQ(line->properties.storage,
            (std::vector<std::string>{"autovacuum_enabled=false",
                                      "autovacuum_vacuum_scale_factor=0.05", "fillfactor=70"}));
  EXPECT_EQ(line->find_column("code")->collation, "C");
  EXPECT_EQ(line->find_column("total")->generated, (Generated{"price * qty", true}));
  EXPECT_EQ(line->find_column("label")->generated, (Generated{"'#' || qty", false}));
  const Table* setting = md.find_table("", "setting");
  ASSERT_NE(setting, nullptr);
  EXPECT_TRUE(setting->properties.sqlite_without_rowid);
  EXPECT_TRUE(setting->properties.sqlite_strict);
  EXPECT_FALSE(setting->properties.sqlite_autoincrement);
  EXPECT_TRUE(md.find_table("", "customer")->properties.sqlite_autoincrement);
}

TEST(ColumnTablePropertiesTest, ModelsRoundTripAndDefaultsAreLeftOut) {
  const MetaData md = models();
  const std::string text = write_models(md);
  Result<MetaData> back = read_models(text, "again.toml");
  ASSERT_TRUE(back.ok()) << back.error().describe() << "\n" << text;
  EXPECT_TRUE(*back == md) << text;
  EXPECT_NE(text.find("stored = false"), std::string::npos) << text;
  EXPECT_EQ(text.find("stored = true"), std::string::npos) << text;

  // A schema without any of the properties writes none of the keys.
  const std::string plain = write_models(*read_models(
      "[[table]]\nname = \"t\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key = "
      "true } ]\n",
      "plain.toml"));
  for (const char* key : {"generated", "stored", "collation", "unlogged", "storage",
                          "sqlite_autoincrement", "sqlite_without_rowid", "sqlite_strict"}) {
    EXPECT_EQ(plain.find(key), std::string::npos) << key << "\n" << plain;
  }
}

TEST(ColumnTablePropertiesTest, AlterTableReversesAndApplies) {
  MetaData md = models();
  const TableProperties before = md.find_table("", "order_line")->properties;
  TableProperties after;
  after.storage = {"fillfactor=50"};
  const AlterTable op{"", "order_line", after, before};
  std::optional<Op> undo = inverse(Op{op});
  ASSERT_TRUE(undo.has_value());
  EXPECT_EQ(*undo, (Op{AlterTable{"", "order_line", before, op.properties}}));
  ASSERT_TRUE(apply(md, Op{op}).ok());
  EXPECT_EQ(md.find_table("", "order_line")->properties, op.properties);
  ASSERT_TRUE(apply(md, *undo).ok());
  EXPECT_EQ(md.find_table("", "order_line")->properties, before);
  EXPECT_EQ(describe(Op{op}),
            "alter table order_line: logged, storage (autovacuum_enabled=false, "
            "autovacuum_vacuum_scale_factor=0.05, fillfactor=70) "
            "-> (fillfactor=50)");

  const toml::table entry = op_to_toml(Op{op});
  Result<Op> back = op_from_toml(entry, "rev.toml");
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(*back, Op{op});
  EXPECT_FALSE(apply(md, Op{AlterTable{"", "nowhere", {}, {}}}).ok());
}

TEST(ColumnTablePropertiesTest, AlterColumnCarriesCollationAndGeneration) {
  MetaData md = models();
  AlterColumn op;
  op.table = "order_line";
  op.column = "total";
  op.generated = Generated{};  // stop generating; the values stay
  op.collation = std::string();
  op.existing = *md.find_table("", "order_line")->find_column("total");
  Result<Op> back = op_from_toml(op_to_toml(Op{op}), "rev.toml");
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(*back, Op{op});
  std::optional<Op> undo = inverse(Op{op});
  ASSERT_TRUE(undo.has_value());
  const auto& reverse = std::get<AlterColumn>(*undo);
  EXPECT_EQ(reverse.generated, (Generated{"price * qty", true}));
  ASSERT_TRUE(apply(md, Op{op}).ok());
  EXPECT_TRUE(md.find_table("", "order_line")->find_column("total")->generated.empty());
  EXPECT_EQ(describe(Op{op}), "alter column order_line.total: default collation, drop generation");

  AlterColumn virtual_one = op;
  virtual_one.generated = Generated{"price + 1", false};
  Result<Op> again = op_from_toml(op_to_toml(Op{virtual_one}), "rev.toml");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(*again, Op{virtual_one});
}

TEST(ColumnTablePropertiesTest, CompareFindsEachChange) {
  const MetaData from = models();
  MetaData to = from;
  Table& line = *to.find_table("", "order_line");
  line.find_column("code")->collation = "POSIX";
  line.find_column("total")->generated = Generated{};
  line.properties.unlogged = false;
  const std::vector<Op> ops = compare(from, to);
  std::string listed;
  for (const Op& op : ops) listed += describe(op) + "\n";
  ASSERT_EQ(ops.size(), 3u) << listed;
  const auto& code = std::get<AlterColumn>(ops[0]);
  EXPECT_EQ(code.collation, std::optional<std::string>("POSIX"));
  EXPECT_FALSE(code.generated.has_value());
  const auto& total = std::get<AlterColumn>(ops[1]);
  EXPECT_EQ(total.generated, std::optional<Generated>(Generated{}));
  const auto& table = std::get<AlterTable>(ops[2]);
  EXPECT_FALSE(table.properties.unlogged);
  EXPECT_TRUE(table.existing.unlogged);
  EXPECT_TRUE(compare(from, from).empty());
}

TEST(ColumnTablePropertiesTest, BadValuesNameTheLine) {
  auto error_of = [](const std::string& columns, const std::string& keys = "") {
    Result<MetaData> md = read_models("[[table]]\nname = \"t\"\n" + keys +
                                          "columns = [\n"
                                          "  { name = \"id\", type = \"integer\", primary_key = "
                                          "true },\n" +
                                          columns + "]\n",
                                      "models.toml");
    EXPECT_FALSE(md.ok());
    return md.ok() ? Error{} : md.error();
  };
  Error e = error_of("  { name = \"x\", type = \"integer\", generated = \"id\", default = 1 },\n");
  EXPECT_EQ(e.line, 5);
  EXPECT_NE(e.message.find("is generated and has a default"), std::string::npos) << e.message;
  e = error_of("  { name = \"x\", type = \"integer\", stored = false },\n");
  EXPECT_EQ(e.line, 5);
  e = error_of("", "sqlite_without_rowid = true\nsqlite_autoincrement = true\n");
  EXPECT_NE(e.message.find("sqlite_autoincrement"), std::string::npos) << e.message;
  e = error_of("", "storage = { fillfactor = { x = 1 } }\n");
  EXPECT_EQ(e.line, 3);
}

}  // namespace
}  // namespace retort
