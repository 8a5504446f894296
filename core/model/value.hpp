// retort: the value types of the model runtime.
//
// A model's members are plain C++ types; the runtime sees each one as a
// FieldValue (SQL NULL is std::monostate). Time and UUID values travel to the
// database and to JSON as text in one canonical spelling, so SQLite (which
// stores them as TEXT) and PostgreSQL read back exactly what was written:
//   Uuid            "3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab"
//   Timestamp       "2026-11-23 15:01:26.123456+00:00"  (an instant; timestamptz)
//   LocalTimestamp  "2026-11-23 15:01:26.123456"        (wall clock; timestamp)
//   Date            "2026-11-23"
// The parsers also accept what PostgreSQL prints ("+00", "+05:30", a 'T'
// separator, "Z", 0-6 fraction digits) and convert offsets to UTC.
//
// Example:
//   retort::Uuid id = retort::Uuid::v4();
//   std::optional<retort::Timestamp> t = retort::parse_timestamp("2026-11-23T15:01:26Z");
#pragma once

#include <array>
#include <chrono>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace retort {

using Blob = std::vector<std::byte>;
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
using LocalTimestamp = std::chrono::local_time<std::chrono::microseconds>;
using Date = std::chrono::year_month_day;

struct Uuid {
  std::array<std::uint8_t, 16> bytes{};  // all zero: the nil UUID

  static Uuid v4();  // random (version 4)
  // Accepts the hyphenated form, upper or lower case; nullopt otherwise.
  static std::optional<Uuid> parse(std::string_view text);
  std::string to_string() const;  // lower-case, hyphenated
  bool is_nil() const;
  friend auto operator<=>(const Uuid&, const Uuid&) = default;
};

struct FieldArray;

// One member's value as the runtime sees it. Enums travel as their names
// (std::string); a std::vector member is a FieldArray of its items.
using FieldValue = std::variant<std::monostate, std::int64_t, double, bool, std::string, Blob, Uuid,
                                Timestamp, LocalTimestamp, Date, FieldArray>;

// The items of an array member, in order; an item is never itself an
// array. Compared item by item (shorter first on a common prefix), so
// arrays order and compare like the other values.
struct FieldArray {
  std::vector<FieldValue> items;

  friend bool operator==(const FieldArray& a, const FieldArray& b) { return a.items == b.items; }
  friend bool operator<(const FieldArray& a, const FieldArray& b) { return a.items < b.items; }
};

// The current instant in microseconds, as a default_factory:
// .default_factory(retort::utc_now) (Python's datetime.now(timezone.utc)).
Timestamp utc_now();

std::string format_timestamp(Timestamp value);
std::string format_local_timestamp(LocalTimestamp value);
std::string format_date(Date value);
std::optional<Timestamp> parse_timestamp(std::string_view text);
std::optional<LocalTimestamp> parse_local_timestamp(std::string_view text);
std::optional<Date> parse_date(std::string_view text);

// Base64 (RFC 4648, with padding) for blobs in JSON.
std::string base64_encode(const Blob& data);
std::optional<Blob> base64_decode(std::string_view text);

}  // namespace retort
