// retort: reading a file the user names (retort.toml, models.toml, revision
// files).
//
// Only a regular file is read (after following symbolic links), never more
// than kMaxUserFileBytes, and without blocking: a directory, a named pipe, a
// device such as /dev/zero, a dangling symbolic link, a symbolic link loop,
// an unreadable file or an oversized one is bad input (exit 2) naming the
// file and saying which of these it is. Nothing here throws.
//
// Example:
//   Result<std::string> text = read_user_file(path, "models file", "check `models`");
//   if (!text) return text.error();
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace retort {

// 64 MiB: far above any real models or revision file, low enough that a
// wrong path costs no memory to speak of.
inline constexpr std::size_t kMaxUserFileBytes = std::size_t{64} << 20;

// The whole file's bytes. `what` names the file's role in messages ("models
// file"); `hint` says what to do when it cannot be read. The error's file is
// `path` as given.
Result<std::string> read_user_file(const std::filesystem::path& path, std::string_view what,
                                   std::string hint);

}  // namespace retort
