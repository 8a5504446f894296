// The value types of the model runtime: UUIDs, times and dates in their
// canonical text, and base64 for blobs.
#include "core/model/value.hpp"

#include <fmt/format.h>

#include <random>

namespace retort {
namespace {

using std::chrono::days;
using std::chrono::microseconds;

constexpr std::string_view kHex = "0123456789abcdef";

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A small cursor over the text being parsed; every read checks bounds.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Exactly `n` decimal digits.
  bool digits(int n, int& out) {
    out = 0;
    for (int i = 0; i < n; ++i) {
      const char c = peek();
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
      ++pos_;
    }
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool scan_date(Scanner& s, Date& out) {
  int y = 0, m = 0, d = 0;
  if (!s.digits(4, y) || !s.eat('-') || !s.digits(2, m) || !s.eat('-') || !s.digits(2, d)) {
    return false;
  }
  out = Date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
             std::chrono::day(static_cast<unsigned>(d))};
  return out.ok();
}

// "HH:MM:SS[.ffffff]" after a ' ' or 'T' separator; the time of day.
bool scan_time(Scanner& s, microseconds& out) {
  if (!s.eat(' ') && !s.eat('T') && !s.eat('t')) return false;
  int h = 0, m = 0, sec = 0;
  if (!s.digits(2, h) || !s.eat(':') || !s.digits(2, m) || !s.eat(':') || !s.digits(2, sec)) {
    return false;
  }
  if (h > 23 || m > 59 || sec > 59) return false;
  std::int64_t fraction = 0;
  if (s.eat('.')) {
    int count = 0;
    while (s.peek() >= '0' && s.peek() <= '9') {
      int digit = 0;
      (void)s.digits(1, digit);
      if (++count > 6) return false;
      fraction = fraction * 10 + digit;
    }
    if (count == 0) return false;
    for (; count < 6; ++count) fraction *= 10;
  }
  out = std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(sec) +
        microseconds(fraction);
  return true;
}

// "Z", "+HH", "+HH:MM", "+HHMM", "+HH:MM:SS" (and '-'): the offset east of UTC.
bool scan_offset(Scanner& s, std::chrono::seconds& out) {
  if (s.eat('Z') || s.eat('z')) {
    out = {};
    return true;
  }
  int sign = 0;
  if (s.eat('+')) {
    sign = 1;
  } else if (s.eat('-')) {
    sign = -1;
  } else {
    return false;
  }
  int h = 0, m = 0, sec = 0;
  if (!s.digits(2, h)) return false;
  if (!s.done()) {
    const bool colon = s.eat(':');
    if (!s.digits(2, m)) return false;
    if (colon && s.eat(':') && !s.digits(2, sec)) return false;
  }
  if (h > 23 || m > 59 || sec > 59) return false;
  out = std::chrono::seconds(sign * (h * 3600 + m * 60 + sec));
  return true;
}

std::string format_time_of_day(microseconds since_midnight) {
  const auto us = since_midnight.count();
  return fmt::format("{:02}:{:02}:{:02}.{:06}", us / 3'600'000'000, us / 60'000'000 % 60,
                     us / 1'000'000 % 60, us % 1'000'000);
}

// Days and the time of day of a count of microseconds since the epoch.
template <class Clock>
std::pair<std::chrono::time_point<Clock, days>, microseconds> split_day(
    std::chrono::time_point<Clock, microseconds> t) {
  const auto day = std::chrono::floor<days>(t);
  return {day, t - day};
}

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

Timestamp utc_now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

Uuid Uuid::v4() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  Uuid out;
  for (std::size_t i = 0; i < out.bytes.size(); i += 8) {
    std::uint64_t r = engine();
    for (std::size_t k = 0; k < 8; ++k) out.bytes[i + k] = static_cast<std::uint8_t>(r >> (8 * k));
  }
  out.bytes[6] = static_cast<std::uint8_t>((out.bytes[6] & 0x0f) | 0x40);  // version 4
  out.bytes[8] = static_cast<std::uint8_t>((out.bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return out;
}

std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != 36) return std::nullopt;
  Uuid out;
  std::size_t byte = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      continue;
    }
    const int hi = hex_digit(text[i]);
    const int lo = hex_digit(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.bytes[byte++] = static_cast<std::uint8_t>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string Uuid::to_string() const {
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0f];
  }
  return out;
}

bool Uuid::is_nil() const {
  for (auto b : bytes) {
    if (b != 0) return false;
  }
  return true;
}

std::string format_date(Date value) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(value.year()),
                     static_cast<unsigned>(value.month()), static_cast<unsigned>(value.day()));
}

std::string format_timestamp(Timestamp value) {
  const auto [day, time] = split_day(value);
  return format_date(Date{day}) + " " + format_time_of_day(time) + "+00:00";
}

std::string format_local_timestamp(LocalTimestamp value) {
  const auto [day, time] = split_day(value);
  return format_date(Date{day}) + " " + format_time_of_day(time);
}

std::optional<Date> parse_date(std::string_view text) {
  Scanner s(text);
  Date d;
  if (!scan_date(s, d) || !s.done()) return std::nullopt;
  return d;
}

std::optional<LocalTimestamp> parse_local_timestamp(std::string_view text) {
  Scanner s(text);
  Date d;
  microseconds time{};
  if (!scan_date(s, d) || !scan_time(s, time) || !s.done()) return std::nullopt;
  return LocalTimestamp{std::chrono::local_days{d}} + time;
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
  Scanner s(text);
  Date d;
  microseconds time{};
  if (!scan_date(s, d) || !scan_time(s, time)) return std::nullopt;
  // No zone: UTC, as SQLite's CURRENT_TIMESTAMP writes it.
  std::chrono::seconds offset{};
  if (!s.done() && !scan_offset(s, offset)) return std::nullopt;
  if (!s.done()) return std::nullopt;
  return Timestamp{std::chrono::sys_days{d}} + time - offset;
}

std::string base64_encode(const Blob& data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const auto n = (std::to_integer<unsigned>(data[i]) << 16) |
                   (std::to_integer<unsigned>(data[i + 1]) << 8) |
                   std::to_integer<unsigned>(data[i + 2]);
    out += kBase64[n >> 18];
    out += kBase64[(n >> 12) & 63];
    out += kBase64[(n >> 6) & 63];
    out += kBase64[n & 63];
  }
  const std::size_t rest = data.size() - i;
  if (rest > 0) {
    unsigned n = std::to_integer<unsigned>(data[i]) << 16;
    if (rest == 2) n |= std::to_integer<unsigned>(data[i + 1]) << 8;
    out += kBase64[n >> 18];
    out += kBase64[(n >> 12) & 63];
    out += rest == 2 ? kBase64[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<Blob> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  Blob out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int pad = 0;
    unsigned n = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = text[i + k];
      int v = 0;
      if (c == '=' && last && k >= 2) {
        ++pad;
      } else if (pad > 0 || (v = base64_digit(c)) < 0) {
        return std::nullopt;  // a digit after padding, or not base64
      }
      n = (n << 6) | static_cast<unsigned>(v);
    }
    out.push_back(static_cast<std::byte>(n >> 16));
    if (pad < 2) out.push_back(static_cast<std::byte>((n >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<std::byte>(n & 0xff));
  }
  return out;
}

}  // namespace retort
