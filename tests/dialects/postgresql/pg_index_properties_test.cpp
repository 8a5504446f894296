// Index properties on a real server: each create_index / add_unique with a
// method, operator classes, key collations, nulls orders, INCLUDE, NULLS NOT
// DISTINCT or storage parameters, compiled and run, is reflected exactly as
// apply(op) predicts after normalize(); declared spellings of the defaults
// normalise to what the server reflects.
#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include "dialects/postgresql/pg_ddl.hpp"
#include "tests/dialects/postgresql/pg_test_util.hpp"

namespace retort::testing {
namespace {

class PgIndexPropertiesTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    MetaData md;
    md.tables.push_back(
        table("book", {pk("id"), col("title", "text"), col("isbn", "varchar(20)", true),
                       col("tags", "json", true), col("published", "date", true),
                       col("price", "numeric(8,2)", true)}));
    ASSERT_NO_FATAL_FAILURE(create(md));
  }

  // Runs `op`, then checks the reflected schema against apply(op) on the
  // schema before, normalised; then the op's inverse brings `before` back.
  void step(const Op& op) {
    SCOPED_TRACE(describe(op));
    const MetaData before = inspect();
    MetaData expected = before;
    ASSERT_TRUE(apply(expected, op).ok());
    expected = dialect().normalize(expected);
    ASSERT_NO_FATAL_FAILURE(run_op(op, before));
    const MetaData after = inspect();
    EXPECT_EQ(describe_all(compare(after, expected)), "no ops");
    EXPECT_TRUE(after == expected) << "reflected schema differs from apply(op)";
    std::optional<Op> back = inverse(op);
    ASSERT_TRUE(back.has_value());
    ASSERT_NO_FATAL_FAILURE(run_op(*back, after));
    EXPECT_TRUE(inspect() == before) << "the inverse did not restore the schema";
  }
};

Index with(Index i, const std::function<void(Index&)>& change) {
  change(i);
  return i;
}

TEST_F(PgIndexPropertiesTest, EveryPropertyIsCreatedAndReflected) {
  IndexKey title_pattern = key("title");
  title_pattern.opclass = "text_pattern_ops";
  IndexKey title_c = key("title", SortOrder::kDesc);
  title_c.collation = "C";
  IndexKey lower_c = expr("lower(title)");
  lower_c.collation = "C";
  lower_c.nulls = NullsOrder::kFirst;
  IndexKey tags = key("tags");
  tags.opclass = "jsonb_path_ops";
  IndexKey price = key("price", SortOrder::kDesc);
  price.nulls = NullsOrder::kLast;
  const std::vector<Index> indexes = {
      index("ix_book_title", {title_pattern}),
      index("ix_book_title_c", {title_c}),
      index("ix_book_lower", {lower_c}),
      with(index("ix_book_tags", {tags}), [](Index& i) { i.method = "gin"; }),
      with(index("ix_book_isbn_hash", {key("isbn")}), [](Index& i) { i.method = "hash"; }),
      with(index("ix_book_price", {price, key("published")}, false, "price > 0"),
           [](Index& i) {
             i.include = {"title", "isbn"};
           }),
      with(index("ix_book_isbn", {key("isbn")}, true),
           [](Index& i) {
             i.nulls_not_distinct = true;
             i.storage = {"fillfactor=90"};
           }),
      with(index("ix_book_published", {key("published")}),
           [](Index& i) {
             i.method = "brin";
             i.storage = {"autosummarize=true", "pages_per_range=32"};
           }),
  };
  for (const Index& i : indexes) ASSERT_NO_FATAL_FAILURE(step(CreateIndex{{}, "book", i}));

  UniqueConstraint u{.name = "uq_book_title_isbn", .columns = {"title", "isbn"}};
  u.nulls_not_distinct = true;
  ASSERT_NO_FATAL_FAILURE(step(AddUnique{{}, "book", u}));
}

// What the server reflects for spelled-out defaults and differently
// spelled names, and what normalize() makes of the declared ones, agree.
TEST_F(PgIndexPropertiesTest, DeclaredDefaultsNormaliseToTheReflectedForm) {
  ASSERT_NO_FATAL_FAILURE(
      sql("CREATE INDEX ix_a ON book USING btree (title COLLATE \"default\" ASC NULLS LAST, "
          "published DESC NULLS FIRST) WITH (FillFactor = 80)"));
  MetaData declared = inspect();
  Table& book = declared.tables.at(0);
  ASSERT_EQ(book.indexes.size(), 1u);
  Index& ix = book.indexes[0];
  EXPECT_EQ(ix.method, "");
  EXPECT_EQ(ix.keys.at(0).nulls, NullsOrder::kDefault);
  EXPECT_EQ(ix.keys.at(0).collation, "");
  EXPECT_EQ(ix.keys.at(1).nulls, NullsOrder::kDefault);
  EXPECT_EQ(ix.storage, std::vector<std::string>{"fillfactor=80"});

  ix.method = "BTree";
  ix.keys[0].nulls = NullsOrder::kLast;
  ix.keys[0].collation = "\"default\"";
  ix.keys[1].nulls = NullsOrder::kFirst;
  ix.storage = {"FillFactor=80"};
  EXPECT_EQ(describe_all(compare(dialect().normalize(declared), inspect())), "no ops");
}

// The INCLUDE columns are named through attnums past the keys, after
// dropped columns.
TEST_F(PgIndexPropertiesTest, IncludeAfterDroppedColumns) {
  ASSERT_NO_FATAL_FAILURE(sql("ALTER TABLE book DROP COLUMN tags"));
  ASSERT_NO_FATAL_FAILURE(sql("ALTER TABLE book ADD COLUMN note text"));
  ASSERT_NO_FATAL_FAILURE(sql("CREATE INDEX ix_b ON book (isbn) INCLUDE (note, price)"));
  const MetaData md = inspect();
  const Index& ix = md.tables.at(0).indexes.at(0);
  EXPECT_EQ(ix.include, (std::vector<std::string>{"note", "price"}));
  EXPECT_EQ(ix.keys.size(), 1u);
}

}  // namespace
}  // namespace retort::testing
