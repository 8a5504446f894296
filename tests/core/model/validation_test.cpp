// Tests for core/model/validation.cpp: each rule at its boundary, and
// failures collected together.
#include "core/model/validation.hpp"

#include <gtest/gtest.h>

#include "test_models.hpp"

namespace retort::test {
namespace {

Rules valid() {
  Rules r;
  r.name = "abc";
  return r;
}

// The messages validation gives for `r`, "field: message" each.
std::vector<std::string> problems(const Rules& r) {
  std::vector<std::string> out;
  for (const auto& e : validation_errors(rules, &r)) out.push_back(e.field + ": " + e.message);
  return out;
}

using Strings = std::vector<std::string>;

TEST(ValidationTest, ValidObjectHasNoErrors) {
  EXPECT_EQ(problems(valid()), Strings{});
  EXPECT_NO_THROW(validate(rules, valid()));
}

TEST(ValidationTest, LengthCountsCodePointsNotBytes) {
  Rules r = valid();
  r.name = "é";  // one character, two bytes
  EXPECT_EQ(problems(r), Strings{"name: at least 2 characters"});
  r.name = "éé";
  EXPECT_EQ(problems(r), Strings{});
  r.name = "😀😀😀😀";  // four characters, sixteen bytes
  EXPECT_EQ(problems(r), Strings{});
  r.name = "ééééé";
  EXPECT_EQ(problems(r), Strings{"name: at most 4 characters"});
  r.name = "a";
  EXPECT_EQ(validation_errors(rules, &r)[0].rule, "min_length");
}

TEST(ValidationTest, EmptyOptionalSkipsItsRules) {
  Rules r = valid();
  r.nick.reset();
  r.above.reset();
  r.maybe_even.reset();
  EXPECT_EQ(problems(r), Strings{});
  r.nick = "abc";
  EXPECT_EQ(problems(r), Strings{});
  r.nick = "abcd";
  EXPECT_EQ(problems(r), Strings{"nick: at most 3 characters"});
}

TEST(ValidationTest, IntegerBoundsAreInclusiveOrExclusive) {
  Rules r = valid();
  r.count = 0;
  EXPECT_EQ(problems(r), Strings{});
  r.count = -1;
  EXPECT_EQ(problems(r), Strings{"count: must be >= 0"});
  r.count = 10;
  EXPECT_EQ(problems(r), Strings{});
  r.count = 11;
  EXPECT_EQ(problems(r), Strings{"count: must be <= 10"});
  r.count = 0;
  r.above = 6;
  EXPECT_EQ(problems(r), Strings{});
  r.above = 5;
  EXPECT_EQ(problems(r), Strings{"above: must be > 5"});
}

TEST(ValidationTest, IntegersCompareExactlyBeyondDoublePrecision) {
  Rules r = valid();
  r.big = 9007199254740993;  // 2^53 + 1: equal to 2^53 as a double
  EXPECT_EQ(problems(r), Strings{});
  r.big = 9007199254740994;
  EXPECT_EQ(problems(r), Strings{"big: must be <= 9007199254740993"});
}

TEST(ValidationTest, DoubleBoundsAreInclusiveOrExclusive) {
  Rules r = valid();
  r.ratio = std::nextafter(0.0, 1.0);
  EXPECT_EQ(problems(r), Strings{});
  r.ratio = 0.0;
  EXPECT_EQ(problems(r), Strings{"ratio: must be > 0"});
  r.ratio = std::nextafter(1.0, 0.0);
  EXPECT_EQ(problems(r), Strings{});
  r.ratio = 1.0;
  EXPECT_EQ(problems(r), Strings{"ratio: must be < 1"});
  r.ratio = 0.5;
  r.score = -1.5;
  EXPECT_EQ(problems(r), Strings{});
  r.score = std::nextafter(-1.5, -2.0);
  EXPECT_EQ(problems(r), Strings{"score: must be >= -1.5"});
  r.score = 2.5;
  EXPECT_EQ(problems(r), Strings{});
  r.score = std::nextafter(2.5, 3.0);
  EXPECT_EQ(problems(r), Strings{"score: must be <= 2.5"});
  r.score = std::nan("");
  EXPECT_EQ(problems(r), (Strings{"score: must be >= -1.5", "score: must be <= 2.5"}));
}

TEST(ValidationTest, PatternMatchesTheWholeText) {
  Rules r = valid();
  r.code = "XYZ";
  EXPECT_EQ(problems(r), Strings{});
  for (const char* bad : {"XY", "XYZW", "xyz", "aXYZ"}) {
    r.code = bad;
    EXPECT_EQ(problems(r), Strings{"code: must match pattern [A-Z]{3}"}) << bad;
  }
}

TEST(ValidationTest, ValidatorsReportTheirMessage) {
  Rules r = valid();
  r.even = 2;
  r.maybe_even = 4;
  EXPECT_EQ(problems(r), Strings{});
  r.even = 3;
  r.maybe_even = 5;
  EXPECT_EQ(problems(r), (Strings{"even: must be even", "maybe_even: must be even"}));
  EXPECT_EQ(validation_errors(rules, &r)[0].rule, "validator");
}

TEST(ValidationTest, SeveralFailuresAreReportedTogetherInColumnOrder) {
  Rules r = valid();
  r.count = -1;
  r.name = "toolong";
  try {
    validate(rules, r);
    FAIL() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_STREQ(e.what(), "2 errors: name: at most 4 characters; count: must be >= 0");
    EXPECT_EQ(e.table(), "rules");
    EXPECT_EQ(e.errors(), (std::vector<FieldError>{{"name", "at most 4 characters", "max_length"},
                                                   {"count", "must be >= 0", "ge"}}));
  }
  r.count = 0;
  try {
    validate(rules, r);
    FAIL() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_STREQ(e.what(), "1 error: name: at most 4 characters");
  }
}

TEST(ValidationTest, EmptyOptionalOfANotNullColumnIsRequiredUnlessFilledForIt) {
  struct Keyed {
    std::optional<std::string> code;  // primary key, not generated
    std::optional<std::int64_t> serial;
    std::optional<std::int64_t> with_default;
  };
  static const auto keyed =
      table<Keyed>("keyed", column("code", &Keyed::code).primary_key(),
                   column("serial", &Keyed::serial).nullable(false),
                   column("with_default", &Keyed::with_default).nullable(false).default_value(7));
  Keyed k;
  auto errors = validation_errors(keyed, &k);
  EXPECT_EQ(errors, (std::vector<FieldError>{{"code", "field required", "required"},
                                             {"serial", "field required", "required"}}));
  k.code = "x";
  k.serial = 1;
  EXPECT_TRUE(validation_errors(keyed, &k).empty());
  // An autoincrementing key may be empty: the database fills it.
  Hero h;
  h.name = "Deadpond";
  h.secret_name = "Dive Wilson";
  EXPECT_TRUE(validation_errors(heroes, &h).empty());
}

TEST(ValidationTest, InvalidDateIsRefused) {
  Everything e;  // its Date member is 0000-00-00
  EXPECT_EQ(validation_errors(everything, &e),
            (std::vector<FieldError>{{"date", "not a valid date", "format"}}));
  e.date = std::chrono::year(2024) / 2 / 29;
  EXPECT_TRUE(validation_errors(everything, &e).empty());
  e.o_date = std::chrono::year(2023) / 2 / 29;
  EXPECT_EQ(validation_errors(everything, &e),
            (std::vector<FieldError>{{"o_date", "not a valid date", "format"}}));
}

TEST(ValidationErrorTest, ConvertsToJson) {
  ValidationError e(
      "hero", {{"name", "at most 100 characters", "max_length"}, {"age", "must be >= 0", "ge"}});
  EXPECT_EQ(e.to_json(), nlohmann::json::parse(R"({"table": "hero", "errors": [
      {"field": "name", "message": "at most 100 characters", "rule": "max_length"},
      {"field": "age", "message": "must be >= 0", "rule": "ge"}]})"));
  EXPECT_EQ(e.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(e.error().table, "hero");
}

}  // namespace
}  // namespace retort::test
