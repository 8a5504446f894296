// retort: the script directory, migrations/versions/*.toml.
//
// Loads every revision file (entries ending in .toml, hidden ones aside;
// others are ignored) in file-name order. A missing directory, or an entry
// that is unreadable, not a regular file or malformed, is kBadInput naming
// it. Two files with one id are both returned: RevisionGraph::build refuses
// them, naming both.
#pragma once

#include <filesystem>
#include <vector>

#include "migrations/revision.hpp"

namespace retort::migrations {

Result<std::vector<Revision>> load_revisions(const std::filesystem::path& versions_dir);

}  // namespace retort::migrations
