// Index properties in models.toml and revision files: operator classes, key
// collations, NULLS FIRST/LAST, methods, INCLUDE, NULLS NOT DISTINCT (on
// unique indexes and unique constraints) and storage parameters are read,
// written back in the same form and carried by create_index / add_unique
// ops; an index without them keeps its old text (revision checksums do not
// change); bad values are errors with the file and line.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/internal/ops_toml.hpp"
#include "core/models_toml.hpp"

namespace retort {
namespace {

constexpr const char* kModels = R"~([[table]]
name = "book"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "text" },
  { name = "isbn", type = "varchar(20)", nullable = true },
  { name = "tags", type = "json", nullable = true },
  { name = "published", type = "date", nullable = true },
]
indexes = [
  { name = "ix_book_isbn", columns = ["isbn"], unique = true, include = ["title"], nulls_not_distinct = true, storage = { fillfactor = 70 } },
  { name = "ix_book_lower", columns = [{ expression = "lower(title)", collation = "C", nulls = "first" }] },
  { name = "ix_book_published", columns = ["published"], method = "brin", storage = { autosummarize = true, pages_per_range = 32 } },
  { name = "ix_book_tags", columns = [{ column = "tags", opclass = "jsonb_path_ops" }], method = "gin" },
  { name = "ix_book_title", columns = [{ column = "title", order = "desc", nulls = "last", opclass = "text_pattern_ops", collation = "C" }, "id DESC"] },
]
unique = [
  { name = "uq_book_title", columns = ["title", "isbn"], nulls_not_distinct = true },
]
)~";

const Index& index_named(const Table& t, const std::string& name) {
  for (const Index& i : t.indexes) {
    if (i.name == name) return i;
  }
  static const Index kNone;
  ADD_FAILURE() << "no index " << name;
  return kNone;
}

TEST(IndexPropertiesTomlTest, EveryPropertyIsRead) {
  Result<MetaData> md = read_models(kModels, "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  const Table& book = md->tables.at(0);

  const Index& isbn = index_named(book, "ix_book_isbn");
  EXPECT_TRUE(isbn.unique);
  EXPECT_EQ(isbn.include, std::vector<std::string>{"title"});
  EXPECT_TRUE(isbn.nulls_not_distinct);
  EXPECT_EQ(isbn.storage, std::vector<std::string>{"fillfactor=70"});
  EXPECT_EQ(isbn.method, "");

  const Index& lower = index_named(book, "ix_book_lower");
  ASSERT_EQ(lower.keys.size(), 1u);
  EXPECT_EQ(lower.keys[0].expression, "lower(title)");
  EXPECT_EQ(lower.keys[0].collation, "C");
  EXPECT_EQ(lower.keys[0].nulls, NullsOrder::kFirst);

  const Index& published = index_named(book, "ix_book_published");
  EXPECT_EQ(published.method, "brin");
  EXPECT_EQ(published.storage,
            (std::vector<std::string>{"autosummarize=true", "pages_per_range=32"}));

  const Index& tags = index_named(book, "ix_book_tags");
  EXPECT_EQ(tags.method, "gin");
  EXPECT_EQ(tags.keys.at(0).column, "tags");
  EXPECT_EQ(tags.keys.at(0).opclass, "jsonb_path_ops");

  const Index& title = index_named(book, "ix_book_title");
  ASSERT_EQ(title.keys.size(), 2u);
  EXPECT_EQ(title.keys[0].column, "title");
  EXPECT_EQ(title.keys[0].order, SortOrder::kDesc);
  EXPECT_EQ(title.keys[0].nulls, NullsOrder::kLast);
  EXPECT_EQ(title.keys[0].opclass, "text_pattern_ops");
  EXPECT_EQ(title.keys[0].collation, "C");
  EXPECT_EQ(title.keys[1].column, "id");
  EXPECT_EQ(title.keys[1].order, SortOrder::kDesc);

  ASSERT_EQ(book.uniques.size(), 1u);
  EXPECT_TRUE(book.uniques[0].nulls_not_distinct);
}

TEST(IndexPropertiesTomlTest, WrittenBackInTheSameForm) {
  Result<MetaData> md = read_models(kModels, "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  const std::string written = write_models(*md);
  for (
      const char* line : {
          R"t({ name = "ix_book_isbn", columns = ["isbn"], unique = true, include = ["title"], nulls_not_distinct = true, storage = { fillfactor = 70 } })t",
          R"t({ name = "ix_book_lower", columns = [{ expression = "lower(title)", collation = "C", nulls = "first" }] })t",
          R"t({ name = "ix_book_published", columns = ["published"], method = "brin", storage = { autosummarize = true, pages_per_range = 32 } })t",
          R"t({ name = "ix_book_tags", columns = [{ column = "tags", opclass = "jsonb_path_ops" }], method = "gin" })t",
          R"t({ name = "uq_book_title", columns = ["title", "isbn"], nulls_not_distinct = true })t",
      }) {
    EXPECT_NE(written.find(line), std::string::npos) << line << "\n" << written;
  }
  Result<MetaData> again = read_models(written, "written.toml");
  ASSERT_TRUE(again.ok()) << again.error().describe() << "\n" << written;
  EXPECT_EQ(*again, *md) << written;
  EXPECT_EQ(write_models(*again), written);
}

// An index with options is never folded into its column's `index = true`,
// nor a NULLS NOT DISTINCT unique into `unique = true`.
TEST(IndexPropertiesTomlTest, OptionsKeepTheTableForm) {
  Result<MetaData> md = read_models(R"~([[table]]
name = "t"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "a", type = "text", nullable = true },
  { name = "b", type = "text", nullable = true },
]
indexes = [ { columns = [{ column = "a", opclass = "text_pattern_ops" }] } ]
unique = [ { columns = ["b"], nulls_not_distinct = true } ]
)~",
                                    "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  const std::string written = write_models(*md);
  EXPECT_EQ(written.find("index = true"), std::string::npos) << written;
  EXPECT_EQ(written.find("unique = true"), std::string::npos) << written;
  Result<MetaData> again = read_models(written, "written.toml");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(*again, *md) << written;
}

TEST(IndexPropertiesTomlTest, OpsCarryThePropertiesAndPlainOnesKeepTheirText) {
  Result<MetaData> md = read_models(kModels, "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  const Table& book = md->tables.at(0);
  std::vector<Op> ops;
  for (const Index& i : book.indexes) {
    ops.push_back(CreateIndex{{}, "book", i});
    ops.push_back(DropIndex{{}, "book", i});
  }
  ops.push_back(AddUnique{{}, "book", book.uniques[0]});
  ops.push_back(DropUnique{{}, "book", book.uniques[0]});
  for (const Op& op : ops) {
    const std::string text = format_toml_entry(op_to_toml(op));
    Result<Op> back = op_from_toml(toml::parse(text, std::string("rev.toml")), "rev.toml");
    ASSERT_TRUE(back.ok()) << back.error().describe() << "\n" << text;
    EXPECT_EQ(*back, op) << text;
  }
  Index plain;
  plain.name = "ix_book_title";
  plain.keys = {IndexKey{.column = "title", .expression = {}, .order = SortOrder::kDesc}};
  EXPECT_EQ(format_toml_entry(op_to_toml(CreateIndex{{}, "book", plain})),
            "op = \"create_index\"\ntable = \"book\"\n"
            "index = { name = \"ix_book_title\", columns = [\"title DESC\"] }\n");
}

Error read_error(const std::string& index_line, const std::string& unique_line = "") {
  const std::string text = std::string(R"~([[table]]
name = "book"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "title", type = "text" },
]
)~") + (index_line.empty() ? "" : "indexes = [\n  " + index_line + ",\n]\n") +
                           (unique_line.empty() ? "" : "unique = [\n  " + unique_line + ",\n]\n");
  Result<MetaData> md = read_models(text, "models.toml");
  if (md.ok()) {
    ADD_FAILURE() << "expected an error for:\n" << text;
    return {};
  }
  EXPECT_EQ(md.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(md.error().file, "models.toml");
  EXPECT_EQ(md.error().line, 8) << md.error().describe();
  return md.error();
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(IndexPropertiesTomlErrorTest, BadValuesNameTheLine) {
  EXPECT_TRUE(
      contains(read_error(R"t({ name = "ix", columns = ["title"], method = "bitmap" })t").message,
               "`method` must be one of: btree, hash, gin, gist, brin, spgist"));
  EXPECT_TRUE(contains(
      read_error(R"t({ name = "ix", columns = [{ column = "title", nulls = "middle" }] })t")
          .message,
      "`nulls` must be \"first\" or \"last\""));
  EXPECT_TRUE(contains(
      read_error(R"t({ name = "ix", columns = ["title"], nulls_not_distinct = true })t").message,
      "`nulls_not_distinct` applies only to a unique index"));
  EXPECT_TRUE(contains(
      read_error(R"t({ name = "ix", columns = ["title"], storage = { fillfactor = 7.5 } })t")
          .message,
      "`storage.fillfactor` must be an integer, a boolean or a string"));
  EXPECT_TRUE(
      contains(read_error(R"t({ name = "ix", columns = ["title"], storage = 70 })t").message,
               "`storage` must be a table"));
  EXPECT_TRUE(contains(
      read_error(
          R"t({ name = "ix", columns = [{ column = "title", expression = "lower(title)" }] })t")
          .message,
      "needs `column` or `expression`, not both"));
  EXPECT_TRUE(contains(
      read_error(R"t({ name = "ix", columns = [{ column = "title", opclas = "x" }] })t").message,
      "opclas"));
  EXPECT_TRUE(contains(
      read_error(R"t({ name = "ix", columns = ["title"], include = ["nope"] })t").message, "nope"));
  EXPECT_TRUE(
      contains(read_error("", R"t({ columns = ["title"], nulls_not_distinct = "yes" })t").message,
               "nulls_not_distinct"));
}

}  // namespace
}  // namespace retort
