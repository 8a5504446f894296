// Tests for core/types.cpp: parsing and printing portable types.
#include "core/types.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace retort {
namespace {

TEST(TypesTest, EveryCanonicalNameRoundTrips) {
  const std::vector<std::string> names = {
      "integer",    "bigint",    "smallint",     "boolean", "float",   "real", "numeric(10,2)",
      "numeric(8)", "numeric",   "varchar(100)", "varchar", "char(3)", "text", "date",
      "time",       "timestamp", "timestamptz",  "uuid",    "json",    "blob", "enum"};
  for (const auto& name : names) {
    Result<Type> t = parse_type(name);
    ASSERT_TRUE(t.ok()) << name << ": " << t.error().message;
    EXPECT_EQ(t->to_string(), name);
    Result<Type> again = parse_type(t->to_string());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *t) << name;
  }
}

TEST(TypesTest, ParsesCaseInsensitivelyWithSpaces) {
  Result<Type> t = parse_type("  NUMERIC ( 10 , 2 ) ");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind, TypeKind::kNumeric);
  EXPECT_EQ(t->precision, 10);
  EXPECT_EQ(t->scale, 2);
  EXPECT_EQ(t->to_string(), "numeric(10,2)");

  Result<Type> v = parse_type("VarChar(50)");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->kind, TypeKind::kVarchar);
  EXPECT_EQ(v->length, 50);
  EXPECT_EQ(parse_type("TIMESTAMPTZ")->kind, TypeKind::kTimestamptz);
}

TEST(TypesTest, NumericWithScaleZeroPrintsPrecisionOnly) {
  EXPECT_EQ(parse_type("numeric(5,0)")->to_string(), "numeric(5)");
  EXPECT_EQ(*parse_type("numeric(5,0)"), *parse_type("numeric(5)"));
}

TEST(TypesTest, CharWithoutLengthIsCharOne) {
  Result<Type> t = parse_type("char");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->to_string(), "char(1)");
  EXPECT_EQ(*t, *parse_type("char(1)"));
}

TEST(TypesTest, UnknownTypesAreBadInputWithTheValidNames) {
  for (const char* bad : {"varchr(10)", "int4", "", "varchar(", "varchar(x)", "varchar(0)",
                          "numeric(2,5)", "text(5)", "numeric(1,2,3)"}) {
    Result<Type> t = parse_type(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_EQ(t.error().code, ErrorCode::kBadInput);
    EXPECT_NE(t.error().message.find("unknown type"), std::string::npos);
    EXPECT_NE(t.error().hint.find("varchar(n)"), std::string::npos);
  }
}

TEST(TypesTest, EqualityComparesParametersAndEnumNames) {
  EXPECT_NE(*parse_type("varchar(50)"), *parse_type("varchar(100)"));
  EXPECT_NE(*parse_type("integer"), *parse_type("bigint"));
  EXPECT_NE(*parse_type("numeric(10,2)"), *parse_type("numeric(10,3)"));
  Type a = *parse_type("enum");
  Type b = a;
  a.enum_name = "status";
  b.enum_name = "status";
  b.enum_values = {"x"};
  EXPECT_EQ(a, b);  // values live on the Enum object
  b.enum_name = "mood";
  EXPECT_NE(a, b);
}

TEST(TypesTest, Classifiers) {
  EXPECT_TRUE(parse_type("smallint")->is_integer());
  EXPECT_FALSE(parse_type("float")->is_integer());
  EXPECT_TRUE(parse_type("char(2)")->is_text());
  EXPECT_TRUE(parse_type("enum")->is_text());
  EXPECT_FALSE(parse_type("json")->is_text());
}

}  // namespace
}  // namespace retort
