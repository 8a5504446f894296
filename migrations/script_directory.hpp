// retort: the script directory, migrations/versions/*.toml.
//
// Loads every revision file (files ending in .toml; others are ignored) in
// file-name order. A missing directory, an unreadable or malformed file, or
// two files with the same revision id are kBadInput naming the file(s).
#pragma once

#include <filesystem>
#include <vector>

#include "migrations/revision.hpp"

namespace retort::migrations {

Result<std::vector<Revision>> load_revisions(const std::filesystem::path& versions_dir);

}  // namespace retort::migrations
