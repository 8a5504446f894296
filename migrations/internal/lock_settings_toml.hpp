// retort: the lock settings keys of retort.toml and revision files.
//
// read_lock_setting() reads `lock_timeout` and `statement_timeout` (duration
// strings, migrations/lock_settings.hpp) and `lock_retries` (an integer from 0
// to kMaxLockRetries); errors are kBadInput at `file` and the value's line.
#pragma once

#include <toml++/toml.h>

#include <string>
#include <string_view>

#include "migrations/lock_settings.hpp"

namespace retort::migrations {

// True for the keys read_lock_setting() reads.
bool is_lock_setting(std::string_view key);

// Sets `key`'s value in `settings`. REQUIRES: is_lock_setting(key).
Status read_lock_setting(std::string_view key, const toml::node& value, const std::string& file,
                         LockSettings& settings);

// Reads a duration-valued key (a string) at `file`:line of `value`.
Result<std::chrono::milliseconds> read_duration(std::string_view key, const toml::node& value,
                                                const std::string& file);

}  // namespace retort::migrations
