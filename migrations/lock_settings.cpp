#include "migrations/lock_settings.hpp"

#include <fmt/format.h>

#include <cctype>

namespace retort::migrations {

using std::chrono::milliseconds;

Result<milliseconds> parse_duration(std::string_view text) {
  auto refuse = [&] {
    return Error::bad_input(
        fmt::format("\"{}\" is not a duration", text),
        "write a whole number and a unit: \"500ms\", \"5s\", \"2min\", \"1h\"; \"0\" for no limit");
  };
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
    ++digits;
  }
  if (digits == 0 || digits > 9) return refuse();
  const long long n = std::stoll(std::string(text.substr(0, digits)));
  const std::string_view unit = text.substr(digits);
  long long scale = 0;
  if (unit == "ms") {
    scale = 1;
  } else if (unit == "s") {
    scale = 1000;
  } else if (unit == "m" || unit == "min") {
    scale = 60 * 1000;
  } else if (unit == "h") {
    scale = 3600 * 1000;
  } else if (unit.empty() && n == 0) {
    scale = 1;
  } else {
    return refuse();
  }
  const milliseconds d{n * scale};
  if (d > kMaxDuration) {
    return Error::bad_input(fmt::format("duration \"{}\" is longer than a day", text),
                            "write \"0\" for no limit");
  }
  return d;
}

std::string format_duration(milliseconds d) {
  const long long ms = d.count();
  if (ms == 0) return "0";
  if (ms % (3600 * 1000) == 0) return fmt::format("{}h", ms / (3600 * 1000));
  if (ms % (60 * 1000) == 0) return fmt::format("{}min", ms / (60 * 1000));
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  return fmt::format("{}ms", ms);
}

LockSettings LockSettings::over(const LockSettings& base) const {
  LockSettings out = base;
  if (lock_timeout) out.lock_timeout = lock_timeout;
  if (lock_retries) out.lock_retries = lock_retries;
  if (statement_timeout) out.statement_timeout = statement_timeout;
  return out;
}

LockPolicy LockSettings::policy() const {
  LockPolicy p;
  if (lock_timeout) p.lock_timeout = *lock_timeout;
  if (lock_retries) p.lock_retries = *lock_retries;
  if (statement_timeout) p.statement_timeout = *statement_timeout;
  return p;
}

}  // namespace retort::migrations
