// Tests for core/names.cpp and the name shortening of core/naming.cpp.
#include "core/names.hpp"

#include <gtest/gtest.h>

#include "core/models_toml.hpp"

namespace retort {
namespace {

const std::string kLong = "ix_" + std::string(57, 't') + "_player_id";  // 70 bytes

TEST(NamesTest, CutNameKeepsWholeCharacters) {
  EXPECT_EQ(cut_name("abcdef", 3), "abc");
  EXPECT_EQ(cut_name("abc", 0), "abc");
  // "é" is two bytes: a cut inside it drops the whole character.
  EXPECT_EQ(cut_name("ab\xC3\xA9", 3), "ab");
  EXPECT_EQ(cut_name(kLong, 63), kLong.substr(0, 63));
}

TEST(NamesTest, ShortenNameIsDeterministicAndFits) {
  const std::string a = shorten_name(kLong, 63);
  EXPECT_EQ(a.size(), 63u);
  EXPECT_EQ(a.substr(0, 54), kLong.substr(0, 54));
  EXPECT_EQ(a, shorten_name(kLong, 63));
  EXPECT_NE(a, shorten_name(kLong + "x", 63));
  EXPECT_EQ(shorten_name("short", 63), "short");
  EXPECT_EQ(shorten_name(kLong, 0), kLong);
}

TEST(NamesTest, NameProblems) {
  EXPECT_EQ(name_problem("ok name"), "");
  EXPECT_EQ(name_problem(""), "is empty");
  EXPECT_EQ(name_problem(std::string("a\0b", 3)), "holds a NUL byte");
  EXPECT_EQ(name_problem("a\tb"), "holds the control character U+0009");
  EXPECT_EQ(name_problem("a\x7f"), "holds the control character U+007F");
}

constexpr const char* kModels =
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"\", type = \"integer\" },\n"
    "]\n";

TEST(NamesTest, EmptyColumnNameIsRefusedWithItsLine) {
  Result<MetaData> md = read_models(kModels, "models.toml");
  ASSERT_FALSE(md);
  EXPECT_EQ(md.error().line, 5);
  EXPECT_EQ(md.error().file, "models.toml");
  EXPECT_NE(md.error().message.find("column name \"\" is empty"), std::string::npos);
}

TEST(NamesTest, LimitRefusesDeclaredNamesButNotConventionNames) {
  const std::string table(57, 't');
  const std::string models = "[[table]]\nname = \"" + table +
                             "\"\ncolumns = [\n"
                             "  { name = \"id\", type = \"integer\", primary_key = true },\n"
                             "  { name = \"player_id\", type = \"integer\", index = true },\n"
                             "]\n";
  const NameLimit pg{63, "postgresql", {}};
  EXPECT_TRUE(read_models(models, "m.toml", pg));  // ix_... is 70 bytes, built
  const std::string named =
      models + "indexes = [{ name = \"" + kLong + "x\", columns = [\"id\"] }]\n";
  Result<MetaData> md = read_models(named, "m.toml", pg);
  ASSERT_FALSE(md);
  EXPECT_EQ(md.error().line, 7);
  EXPECT_NE(md.error().message.find("71 bytes; postgresql allows at most 63"), std::string::npos)
      << md.error().message;
  EXPECT_TRUE(read_models(named, "m.toml"));  // no limit

  const std::string long_table = "[[table]]\nname = \"" + std::string(64, 'a') +
                                 "\"\ncolumns = [{ name = \"id\", type = \"integer\" }]\n";
  md = read_models(long_table, "m.toml", pg);
  ASSERT_FALSE(md);
  EXPECT_EQ(md.error().line, 1);
  EXPECT_NE(md.error().message.find("table name"), std::string::npos);
}

Table table_with_index(const std::string& index_name) {
  Table t;
  t.name = "hero";
  Column c;
  c.name = "player_id";
  t.columns.push_back(c);
  Index i;
  i.name = index_name;
  i.keys.push_back(IndexKey{"player_id", {}, SortOrder::kAsc});
  t.indexes.push_back(i);
  return t;
}

TEST(NamesTest, ShortenedNameAdoptsTheServersCut) {
  MetaData declared;
  declared.tables.push_back(table_with_index(kLong));
  shorten_long_names(declared, 63);
  ASSERT_EQ(declared.shortened_names.size(), 1u);
  EXPECT_EQ(declared.tables[0].indexes[0].name, shorten_name(kLong, 63));

  MetaData live;
  live.tables.push_back(table_with_index(kLong.substr(0, 63)));
  MetaData adopted = declared;
  const std::vector<std::string> notes = adopt_stored_names(live, adopted, 63);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(adopted.tables[0].indexes[0].name, kLong.substr(0, 63));

  // A database that already has the hashed name (or neither) keeps it.
  MetaData fresh;
  fresh.tables.push_back(table_with_index(shorten_name(kLong, 63)));
  MetaData kept = declared;
  EXPECT_TRUE(adopt_stored_names(fresh, kept, 63).empty());
  EXPECT_EQ(kept.tables[0].indexes[0].name, shorten_name(kLong, 63));
}

TEST(NamesTest, StoredNamesCutEveryLongName) {
  const Op op = CreateIndex{"", std::string(70, 'h'), table_with_index(kLong).indexes[0]};
  std::optional<Op> cut = stored_names(op, 63);
  ASSERT_TRUE(cut);
  const auto& ci = std::get<CreateIndex>(*cut);
  EXPECT_EQ(ci.table, std::string(63, 'h'));
  EXPECT_EQ(ci.index.name, kLong.substr(0, 63));
  EXPECT_FALSE(stored_names(op, 0));
  EXPECT_FALSE(stored_names(Op{CreateIndex{"", "hero", ci.index}}, 63));
}

TEST(NamesTest, OpNamesAreChecked) {
  Status s = check_op_names(Op{RenameColumn{"", "hero", "age", ""}}, "rev.toml", 9);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().line, 9);
  EXPECT_EQ(s.error().file, "rev.toml");
  EXPECT_TRUE(check_op_names(Op{RenameColumn{"", "hero", "age", "years"}}, "rev.toml", 9));
}

}  // namespace
}  // namespace retort
