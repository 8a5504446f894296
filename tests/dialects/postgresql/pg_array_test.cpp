// dialects/postgresql/pg_array.cpp without a server: the literal written
// for every kind of item, and the reader on what the server prints and on
// text that is no one-dimensional array (refused, never read as items).
#include "dialects/postgresql/pg_array.hpp"

#include <gtest/gtest.h>

namespace retort::postgresql {
namespace {

using Kind = ArrayItem::Kind;
using Cells = std::vector<Cell>;

TEST(PgArrayTest, EveryItemIsQuotedAndNullIsBare) {
  const std::vector<ArrayItem> items = {{Kind::kText, ""},           {Kind::kText, "NULL"},
                                        {Kind::kText, "a,b"},        {Kind::kText, "{x}"},
                                        {Kind::kText, "say \"hi\""}, {Kind::kText, "back\\slash"},
                                        {Kind::kText, " spaced "},   {Kind::kNumber, "-2.5"},
                                        {Kind::kBool, "true"},       {Kind::kNull, ""}};
  EXPECT_EQ(array_literal(items),
            R"({"","NULL","a,b","{x}","say \"hi\"","back\\slash"," spaced ","-2.5","true",NULL})");
  EXPECT_EQ(array_literal({}), "{}");
}

TEST(PgArrayTest, ReadsWhatTheServerPrints) {
  EXPECT_EQ(*array_items("{}"), Cells{});
  EXPECT_EQ(*array_items(R"({a,"b c",NULL,null,"NULL",""})"),
            (Cells{"a", "b c", std::nullopt, std::nullopt, "NULL", ""}));
  EXPECT_EQ(*array_items(R"({"say \"hi\"","back\\slash","{x}","a,b"})"),
            (Cells{"say \"hi\"", "back\\slash", "{x}", "a,b"}));
  EXPECT_EQ(*array_items("{ 7 , 8 }"), (Cells{"7", "8"}));
  EXPECT_EQ(*array_items("[0:1]={x,y}"), (Cells{"x", "y"}));
  EXPECT_EQ(*array_items("{2026-11-23 15:01:26+00}"), (Cells{"2026-11-23 15:01:26+00"}));
  EXPECT_EQ(*array_items("{h\xc3\xa9ros}"), (Cells{"h\xc3\xa9ros"}));
}

TEST(PgArrayTest, TheLiteralReadsBack) {
  const std::vector<ArrayItem> items = {{Kind::kText, "{\"a\\\"},"}, {Kind::kNull, ""}};
  EXPECT_EQ(*array_items(array_literal(items)), (Cells{"{\"a\\\"},", std::nullopt}));
}

TEST(PgArrayTest, TextThatIsNoOneDimensionalArrayIsRefused) {
  for (const char* text :
       {"", "a,b", "{a", "{a,b", "{a}}", "{a} ", "{{a},{b}}", "{a,{b}}", "{a,}", "{,}", "{a,,b}",
        "{a\"b}", "{a\\b}", R"({"a)", R"({"a"b})", "[0:1]", "[0:1]=x", "(a,b)"}) {
    const Result<Cells> r = array_items(text);
    ASSERT_FALSE(r.ok()) << "'" << text << "' read as an array";
    EXPECT_EQ(r.error().code, ErrorCode::kDatabase) << text;
    EXPECT_NE(r.error().message.find("not a one-dimensional array"), std::string::npos)
        << r.error().message;
  }
}

}  // namespace
}  // namespace retort::postgresql
