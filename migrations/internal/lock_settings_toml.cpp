#include "migrations/internal/lock_settings_toml.hpp"

#include <fmt/format.h>

namespace retort::migrations {

bool is_lock_setting(std::string_view key) {
  return key == "lock_timeout" || key == "lock_retries" || key == "statement_timeout";
}

Result<std::chrono::milliseconds> read_duration(std::string_view key, const toml::node& value,
                                                const std::string& file) {
  const int line = static_cast<int>(value.source().begin.line);
  const auto* text = value.as_string();
  if (text == nullptr) {
    return Error::bad_input(fmt::format("\"{}\" must be a duration string", key),
                            fmt::format("e.g. {} = \"10s\"", key))
        .at(file, line);
  }
  Result<std::chrono::milliseconds> d = parse_duration(text->get());
  if (!d) {
    Error e = std::move(d).error();
    e.message = fmt::format("{}: {}", key, e.message);
    return e.at(file, line);
  }
  return d;
}

Status read_lock_setting(std::string_view key, const toml::node& value, const std::string& file,
                         LockSettings& settings) {
  if (key == "lock_retries") {
    const auto* n = value.as_integer();
    if (n == nullptr || n->get() < 0 || n->get() > kMaxLockRetries) {
      return Error::bad_input(fmt::format("\"lock_retries\" must be a whole number from 0 to {}",
                                          kMaxLockRetries),
                              "e.g. lock_retries = 3")
          .at(file, static_cast<int>(value.source().begin.line));
    }
    settings.lock_retries = static_cast<int>(n->get());
    return {};
  }
  Result<std::chrono::milliseconds> d = read_duration(key, value, file);
  if (!d) return std::move(d).error();
  (key == "lock_timeout" ? settings.lock_timeout : settings.statement_timeout) = *d;
  return {};
}

}  // namespace retort::migrations
