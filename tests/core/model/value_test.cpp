// Tests for core/model/value.cpp: UUIDs, time and date text, base64.
#include "core/model/value.hpp"

#include <gtest/gtest.h>

#include <set>

namespace retort {
namespace {

using namespace std::chrono;

Timestamp at_utc(int y, unsigned mo, unsigned d, int h, int mi, int s, int us) {
  return Timestamp{sys_days{year(y) / month(mo) / day(d)}} + hours(h) + minutes(mi) + seconds(s) +
         microseconds(us);
}

TEST(UuidTest, V4IsRandomWithVersionAndVariant) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    Uuid u = Uuid::v4();
    EXPECT_EQ(u.bytes[6] >> 4, 4);
    EXPECT_EQ(u.bytes[8] & 0xc0, 0x80);
    EXPECT_FALSE(u.is_nil());
    seen.insert(u.to_string());
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(UuidTest, ParsesAndPrintsLowerCase) {
  auto u = Uuid::parse("3F2A9C1B-7D4E-4C1A-9B1E-0123456789AB");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->to_string(), "3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab");
  EXPECT_EQ(Uuid::parse(u->to_string()), u);
  EXPECT_TRUE(Uuid{}.is_nil());
  EXPECT_EQ(Uuid{}.to_string(), "00000000-0000-0000-0000-000000000000");
}

TEST(UuidTest, RejectsMalformedText) {
  EXPECT_FALSE(Uuid::parse(""));
  EXPECT_FALSE(Uuid::parse("3f2a9c1b7d4e4c1a9b1e0123456789ab"));
  EXPECT_FALSE(Uuid::parse("3f2a9c1b-7d4e-4c1a-9b1e-0123456789ag"));
  EXPECT_FALSE(Uuid::parse("3f2a9c1b-7d4e-4c1a-9b1e-0123456789abc"));
  EXPECT_FALSE(Uuid::parse("3f2a9c1b+7d4e-4c1a-9b1e-0123456789ab"));
}

TEST(TimestampTest, FormatsCanonically) {
  EXPECT_EQ(format_timestamp(at_utc(2026, 11, 23, 15, 1, 26, 123456)),
            "2026-11-23 15:01:26.123456+00:00");
  EXPECT_EQ(format_timestamp(at_utc(1969, 12, 31, 23, 59, 59, 1)),
            "1969-12-31 23:59:59.000001+00:00");
  EXPECT_EQ(format_local_timestamp(LocalTimestamp{local_days{year(2026) / 1 / 2}} + hours(3)),
            "2026-01-02 03:00:00.000000");
  EXPECT_EQ(format_date(year(2026) / 2 / 28), "2026-02-28");
}

TEST(TimestampTest, ParsesEverySpellingToTheSameInstant) {
  const Timestamp expected = at_utc(2026, 11, 23, 15, 1, 26, 123456);
  for (const char* text : {"2026-11-23 15:01:26.123456+00:00", "2026-11-23T15:01:26.123456Z",
                           "2026-11-23 15:01:26.123456+00", "2026-11-23T20:31:26.123456+05:30",
                           "2026-11-23T20:31:26.123456+0530", "2026-11-23 07:01:26.123456-08",
                           "2026-11-23t15:01:26.123456z", "2026-11-23 15:01:26.123456"}) {
    auto t = parse_timestamp(text);
    ASSERT_TRUE(t) << text;
    EXPECT_EQ(*t, expected) << text;
  }
  EXPECT_EQ(parse_timestamp("2026-11-23 15:01:26+00"), at_utc(2026, 11, 23, 15, 1, 26, 0));
  EXPECT_EQ(parse_timestamp("2026-11-23 15:01:26.5Z"), at_utc(2026, 11, 23, 15, 1, 26, 500000));
  EXPECT_EQ(parse_timestamp("2026-01-01T00:30:00+01:00"), at_utc(2025, 12, 31, 23, 30, 0, 0));
}

TEST(TimestampTest, RejectsMalformedText) {
  for (const char* text :
       {"", "2026-11-23", "2026-11-23 15:01", "2026-13-01 00:00:00Z", "2026-02-30 00:00:00Z",
        "2026-11-23 24:00:00Z", "2026-11-23 15:01:26.1234567Z", "2026-11-23 15:01:26.Z",
        "2026-11-23 15:01:26+5", "2026-11-23 15:01:26Z junk", "26-11-23 15:01:26Z"}) {
    EXPECT_FALSE(parse_timestamp(text)) << text;
  }
}

TEST(LocalTimestampTest, ParsesWithoutZoneOnly) {
  auto t = parse_local_timestamp("2026-11-23T15:01:26.25");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_local_timestamp(*t), "2026-11-23 15:01:26.250000");
  EXPECT_EQ(parse_local_timestamp(format_local_timestamp(*t)), t);
  EXPECT_FALSE(parse_local_timestamp("2026-11-23T15:01:26Z"));
  EXPECT_FALSE(parse_local_timestamp("2026-11-23T15:01:26+01:00"));
}

TEST(DateTest, ParsesValidDatesOnly) {
  EXPECT_EQ(parse_date("2024-02-29"), year(2024) / 2 / 29);
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("2023-2-1"));
  EXPECT_FALSE(parse_date("2023-02-01 "));
}

TEST(Base64Test, RoundTripsEveryLength) {
  EXPECT_EQ(base64_encode({}), "");
  EXPECT_EQ(base64_encode({std::byte{'f'}}), "Zg==");
  EXPECT_EQ(base64_encode({std::byte{'f'}, std::byte{'o'}}), "Zm8=");
  EXPECT_EQ(base64_encode({std::byte{'f'}, std::byte{'o'}, std::byte{'o'}}), "Zm9v");
  Blob all;
  for (int i = 0; i < 256; ++i) {
    all.push_back(static_cast<std::byte>(i));
    auto back = base64_decode(base64_encode(all));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, all);
  }
}

TEST(Base64Test, RejectsMalformedText) {
  for (const char* text : {"Zg=", "Z===", "Zg==Zg==", "Zm9v!", "Zm 9", "=Zg="}) {
    EXPECT_FALSE(base64_decode(text)) << text;
  }
}

}  // namespace
}  // namespace retort
