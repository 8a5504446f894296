// dialects/sqlite/sql_tokenizer.cpp and dialects/sqlite/ddl_parser.cpp.
#include "dialects/sqlite/ddl_parser.hpp"

#include <gtest/gtest.h>

#include "dialects/sqlite/sql_tokenizer.hpp"

namespace retort::sqlite {
namespace {

TEST(SqlTokenizer, RespectsQuotesAndComments) {
  auto t = tokenize(R"(CHECK ("a""b" IN ('x,)', 'it''s')) -- tail
/* block ( */ [br name] `bt`)");
  ASSERT_GE(t.size(), 12u);
  EXPECT_TRUE(t[0].is_keyword("check"));
  EXPECT_EQ(t[2].kind, TokenKind::kQuotedName);
  EXPECT_EQ(t[2].value, "a\"b");
  EXPECT_EQ(t[5].value, "x,)");
  EXPECT_EQ(t[7].value, "it's");
  std::size_t comments = 0;
  for (const Token& tok : t) comments += tok.kind == TokenKind::kComment ? 1 : 0;
  EXPECT_EQ(comments, 2u);
  auto plain = without_comments(t);
  EXPECT_EQ(plain[plain.size() - 2].value, "br name");
  EXPECT_EQ(plain[plain.size() - 1].value, "bt");
}

TEST(SqlTokenizer, KeywordsMatchWholeBareWordsInAnyCase) {
  auto t = tokenize(R"(Constraint "constraint" constraints CONSTRAIN 'constraint' _x)");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_TRUE(t[0].is_keyword("CONSTRAINT"));
  EXPECT_TRUE(t[0].is_keyword("constraint"));
  EXPECT_FALSE(t[1].is_keyword("CONSTRAINT"));  // quoted: a name, never a keyword
  EXPECT_FALSE(t[2].is_keyword("CONSTRAINT"));  // longer word
  EXPECT_FALSE(t[3].is_keyword("CONSTRAINT"));  // shorter word
  EXPECT_FALSE(t[4].is_keyword("CONSTRAINT"));  // string literal
  EXPECT_TRUE(t[5].is_keyword("_X"));
  EXPECT_FALSE(t[5].is_keyword("_Y"));
}

TEST(SqlTokenizer, ReadsNumbersAndOperators) {
  auto t = tokenize("x>=-1.5e3");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].text, ">=");
  EXPECT_EQ(t[2].text, "-");
  EXPECT_EQ(t[3].kind, TokenKind::kNumber);
  EXPECT_EQ(t[3].text, "1.5e3");
}

TEST(Markers, RoundTripAnyText) {
  for (std::string text :
       {"plain", "ends with star *", "has */ inside", "back\\slash", "two\nlines", " padded "}) {
    std::string marker = make_marker("comment", text);
    EXPECT_EQ(marker.find("*/"), marker.size() - 2) << marker;
    std::string back;
    ASSERT_TRUE(read_marker(marker, "comment", back)) << marker;
    EXPECT_EQ(back, text);
    EXPECT_FALSE(read_marker(marker, "comm", back));
    EXPECT_FALSE(read_marker(marker, "table-comment", back));
  }
}

TEST(ParseCreateTable, ReadsColumnsAndConstraints) {
  ParsedTable t = parse_create_table(R"(CREATE TABLE "my table" ( /* retort:table-comment hi */
    id INTEGER PRIMARY KEY,
    "Name" /* retort:comment who, (really) */ VARCHAR ( 20 ) NOT NULL CONSTRAINT uq_name UNIQUE,
    price numeric(10, 2) DEFAULT (1 + 2) CHECK (price > 0),
    team_id int REFERENCES team(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "ck, odd" CHECK (length("Name") > 1 AND price < 100),
    FOREIGN KEY (team_id, price) REFERENCES other (a, b) ON UPDATE SET NULL,
    UNIQUE (id, "Name")
  ))");
  EXPECT_EQ(t.name, "my table");
  ASSERT_EQ(t.columns.size(), 4u);
  EXPECT_EQ(t.columns[1].name, "Name");
  EXPECT_EQ(t.columns[1].declared_type, "VARCHAR ( 20 )");
  ASSERT_EQ(t.columns[1].markers.size(), 1u);
  EXPECT_EQ(t.columns[0].markers.size(), 0u) << "the table comment belongs to no column";
  ASSERT_EQ(t.columns[1].constraints.size(), 1u);
  EXPECT_EQ(t.columns[1].constraints[0].name, "uq_name");
  EXPECT_EQ(t.columns[1].constraints[0].kind, ConstraintKind::kUnique);
  EXPECT_EQ(t.columns[1].constraints[0].columns, (std::vector<std::string>{"Name"}));
  ASSERT_EQ(t.columns[2].constraints.size(), 1u);
  EXPECT_EQ(t.columns[2].constraints[0].check_sql, "price > 0");
  const ParsedConstraint& fk = t.columns[3].constraints.at(0);
  EXPECT_EQ(fk.ref_table, "team");
  EXPECT_EQ(fk.ref_columns, (std::vector<std::string>{"id"}));
  EXPECT_EQ(fk.on_delete, "cascade");
  EXPECT_TRUE(fk.deferrable);
  EXPECT_TRUE(fk.initially_deferred);
  ASSERT_EQ(t.constraints.size(), 3u);
  EXPECT_EQ(t.constraints[0].name, "ck, odd");
  EXPECT_EQ(t.constraints[0].check_sql, R"(length("Name") > 1 AND price < 100)");
  EXPECT_EQ(t.constraints[1].columns, (std::vector<std::string>{"team_id", "price"}));
  EXPECT_EQ(t.constraints[1].ref_columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.constraints[1].on_update, "set null");
  EXPECT_EQ(t.constraints[2].kind, ConstraintKind::kUnique);
  EXPECT_EQ(t.markers.size(), 2u);
}

TEST(ParseCreateIndex, ReadsKeysOrderAndWhere) {
  ParsedIndex i = parse_create_index(
      R"(CREATE UNIQUE INDEX IF NOT EXISTS "ix a" ON "hero" ("name" DESC, lower(email), age ASC))"
      R"( WHERE age > 3 AND x = 'a;b')");
  EXPECT_EQ(i.name, "ix a");
  EXPECT_EQ(i.table, "hero");
  EXPECT_TRUE(i.unique);
  ASSERT_EQ(i.keys.size(), 3u);
  EXPECT_EQ(i.keys[0].column, "name");
  EXPECT_EQ(i.keys[0].order, SortOrder::kDesc);
  EXPECT_EQ(i.keys[1].expression, "lower(email)");
  EXPECT_EQ(i.keys[2].column, "age");
  EXPECT_EQ(i.where, "age > 3 AND x = 'a;b'");
}

}  // namespace
}  // namespace retort::sqlite
