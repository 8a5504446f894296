// SQLite index keys' collations: read from the stored CREATE INDEX text,
// put in canonical form (upper case, none when it is the column's), and the
// PostgreSQL-only index options cleared before comparing.
#include <gtest/gtest.h>

#include "dialects/sqlite/ddl_parser.hpp"
#include "dialects/sqlite/sqlite_normalize.hpp"

namespace retort::sqlite {
namespace {

TEST(SqliteIndexCollation, KeysKeepTheirCollateClause) {
  ParsedIndex parsed = parse_create_index(
      "CREATE UNIQUE INDEX ix ON t (a COLLATE NOCASE DESC, lower(b) COLLATE \"rtrim\", c, "
      "d COLLATE binary) WHERE a IS NOT NULL");
  ASSERT_EQ(parsed.keys.size(), 4u);
  EXPECT_EQ(parsed.keys[0].column, "a");
  EXPECT_EQ(parsed.keys[0].collation, "NOCASE");
  EXPECT_EQ(parsed.keys[0].order, SortOrder::kDesc);
  EXPECT_EQ(parsed.keys[1].expression, "lower(b)");
  EXPECT_EQ(parsed.keys[1].collation, "rtrim");
  EXPECT_EQ(parsed.keys[2].column, "c");
  EXPECT_EQ(parsed.keys[2].collation, "");
  EXPECT_EQ(parsed.keys[3].collation, "binary");
  EXPECT_EQ(parsed.where, "a IS NOT NULL");
}

TEST(SqliteIndexCollation, NormalisedAndPostgresqlOptionsCleared) {
  Table t;
  t.name = "t";
  for (const char* name : {"a", "b", "c", "d"}) {
    Column c;
    c.name = name;
    c.type.kind = TypeKind::kText;
    t.columns.push_back(c);
  }
  t.columns[2].collation = "nocase";
  Index i;
  i.name = "ix";
  i.keys = {IndexKey{.column = "a", .expression = {}, .collation = "nocase"},
            IndexKey{.column = {}, .expression = "lower(b)", .collation = "\"rtrim\""},
            IndexKey{.column = "c", .expression = {}, .collation = "NOCASE"},
            IndexKey{.column = "d",
                     .expression = {},
                     .nulls = NullsOrder::kFirst,
                     .opclass = "text_pattern_ops",
                     .collation = "BINARY"}};
  i.unique = true;
  i.method = "gin";
  i.include = {"b"};
  i.nulls_not_distinct = true;
  i.storage = {"fillfactor=70"};
  normalize_index_options(i, t);
  EXPECT_EQ(i.keys[0].collation, "NOCASE");
  EXPECT_EQ(i.keys[1].collation, "RTRIM");
  EXPECT_EQ(i.keys[2].collation, "");  // the column's own
  EXPECT_EQ(i.keys[3].collation, "");  // BINARY, the default
  EXPECT_EQ(i.keys[3].nulls, NullsOrder::kDefault);
  EXPECT_EQ(i.keys[3].opclass, "");
  EXPECT_EQ(i.method, "");
  EXPECT_TRUE(i.include.empty());
  EXPECT_FALSE(i.nulls_not_distinct);
  EXPECT_TRUE(i.storage.empty());
  EXPECT_TRUE(i.unique);

  MetaData md;
  t.uniques.push_back(UniqueConstraint{.name = "uq", .columns = {"a"}});
  t.uniques[0].nulls_not_distinct = true;
  md.tables.push_back(t);
  EXPECT_FALSE(normalize_schema(md).tables.at(0).uniques.at(0).nulls_not_distinct);
}

// A column's collation as the declaration or the stored SQL spells it:
// quoted or bracketed, any case, is the one upper-case name SQLite matches;
// BINARY is the default, none. (A quoted name once compared unequal to the
// same name declared bare.)
TEST(SqliteIndexCollation, ColumnCollationSpellingsAreOne) {
  EXPECT_EQ(canonical_collation("\"nocase\""), "NOCASE");
  EXPECT_EQ(canonical_collation(" [RTrim] "), "RTRIM");
  EXPECT_EQ(canonical_collation("`my_order`"), "MY_ORDER");
  EXPECT_EQ(canonical_collation("'binary'"), "");
  EXPECT_EQ(canonical_collation(""), "");
}

}  // namespace
}  // namespace retort::sqlite
