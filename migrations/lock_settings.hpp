// retort: lock settings, as users write them, layered into a LockPolicy.
//
// Durations are written as a whole number and a unit: "500ms", "5s",
// "2min" (or "2m"), "1h"; "0" means no limit. The settings of a run come
// from four places, the first that sets a value winning: the revision file
// (its author knows what its ops need), the command line, retort.toml, and
// the defaults of LockPolicy (docs/deploying.md).
//
// Example:
//   Result<std::chrono::milliseconds> t = parse_duration("10s");   // 10000 ms
//   LockPolicy p = revision.lock.over(cli.over(config.lock)).policy();
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/dialect.hpp"

namespace retort::migrations {

// The longest duration accepted (a day): longer is surely a typo.
inline constexpr std::chrono::milliseconds kMaxDuration{24LL * 3600 * 1000};

// Parses a duration. kBadInput (no file: the caller adds where) naming the
// text and the accepted forms.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);
// "250ms", "5s", "2min", "1h" (the largest unit that divides it exactly);
// "0" for zero.
std::string format_duration(std::chrono::milliseconds d);

// The lock policy settings one source sets; unset ones come from the next.
struct LockSettings {
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::optional<int> lock_retries;
  std::optional<std::chrono::milliseconds> statement_timeout;

  // These settings, with `base` filling what they leave unset.
  LockSettings over(const LockSettings& base) const;
  // The policy, LockPolicy's defaults for what is unset.
  LockPolicy policy() const;
  bool empty() const { return !lock_timeout && !lock_retries && !statement_timeout; }

  bool operator==(const LockSettings&) const = default;
};

// The most retries accepted: each one waits longer than the one before.
inline constexpr int kMaxLockRetries = 20;

}  // namespace retort::migrations
