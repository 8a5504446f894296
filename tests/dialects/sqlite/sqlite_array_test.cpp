// dialects/sqlite/sqlite_array.cpp: the JSON array written for every kind
// of item (text escaped byte for byte), text that is not UTF-8 refused at
// each boundary of the encoding, and the reader on what is not an array of
// scalars.
#include "dialects/sqlite/sqlite_array.hpp"

#include <gtest/gtest.h>

namespace retort::sqlite {
namespace {

using Kind = ArrayItem::Kind;
using Cells = std::vector<Cell>;

TEST(SqliteArrayTest, ItemsAreJsonNumbersBooleansTextAndNull) {
  const std::vector<ArrayItem> items = {{Kind::kNumber, "-2.5"},
                                        {Kind::kBool, "true"},
                                        {Kind::kNull, ""},
                                        {Kind::kText, "say \"hi\" \\ \n\t\r"},
                                        {Kind::kText, std::string("\x01\x1f\x7f\0", 4)},
                                        {Kind::kText, "h\xc3\xa9ros \xf0\x9f\xa6\xb8"}};
  const Result<std::string> text = json_array_text(items);
  ASSERT_TRUE(text.ok()) << text.error().describe();
  EXPECT_EQ(*text,
            "[-2.5,true,null,\"say \\\"hi\\\" \\\\ \\n\\t\\r\","
            "\"\\u0001\\u001F\\u007F\\u0000\",\"h\xc3\xa9ros \xf0\x9f\xa6\xb8\"]");
  EXPECT_EQ(*json_array_items(*text),
            (Cells{"-2.5", "true", std::nullopt, "say \"hi\" \\ \n\t\r",
                   std::string("\x01\x1f\x7f\0", 4), "h\xc3\xa9ros \xf0\x9f\xa6\xb8"}));
  EXPECT_EQ(*json_array_text({}), "[]");
}

TEST(SqliteArrayTest, TextThatIsNotUtf8IsRefusedAtEveryBoundary) {
  for (const char* good : {"\x7f", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xed\x9f\xbf",
                           "\xee\x80\x80", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_TRUE(json_array_text(std::vector<ArrayItem>{{Kind::kText, good}}).ok())
        << "refused: " << ::testing::PrintToString(std::string(good));
  }
  for (const char* bad : {"\x80", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xe0\x9f\xbf",
                          "\xed\xa0\x80", "\xf0\x80\x80\x80", "\xf4\x90\x80\x80",
                          "\xf5\x80\x80\x80", "\xff", "\xe2\x82", "a\xc3", "\xc3\x28"}) {
    const Result<std::string> r =
        json_array_text(std::vector<ArrayItem>{{Kind::kText, "ok"}, {Kind::kText, bad}});
    ASSERT_FALSE(r.ok()) << "taken: " << ::testing::PrintToString(std::string(bad));
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_NE(r.error().message.find("item 1 of an array is not UTF-8"), std::string::npos);
  }
}

TEST(SqliteArrayTest, ReadsOnlyArraysOfScalars) {
  EXPECT_EQ(*json_array_items(" [ 1 , \"a\" ] "), (Cells{"1", "a"}));
  for (const char* text :
       {"", "a,b", "{}", "{\"a\": 1}", "[[1]]", "[{\"a\": 1}]", "[1,", "\"[]\""}) {
    const Result<Cells> r = json_array_items(text);
    ASSERT_FALSE(r.ok()) << "'" << text << "' read as an array";
    EXPECT_EQ(r.error().code, ErrorCode::kDatabase) << text;
  }
}

}  // namespace
}  // namespace retort::sqlite
