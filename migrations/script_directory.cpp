#include "migrations/script_directory.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace retort::migrations {

namespace fs = std::filesystem;

Result<std::vector<Revision>> load_revisions(const fs::path& versions_dir) {
  std::error_code ec;
  if (!fs::is_directory(versions_dir, ec)) {
    return Error::bad_input(
               fmt::format("versions directory {} does not exist", versions_dir.string()),
               "run `retort init`, or fix script_location in retort.toml")
        .at(versions_dir.string());
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(versions_dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".toml")
      files.push_back(entry.path());
  }
  if (ec) {
    return Error::bad_input(fmt::format("cannot list {}: {}", versions_dir.string(), ec.message()))
        .at(versions_dir.string());
  }
  std::sort(files.begin(), files.end());

  std::vector<Revision> revisions;
  std::map<std::string, fs::path> seen;
  for (const fs::path& file : files) {
    Result<Revision> rev = read_revision_file(file);
    if (!rev) return std::move(rev).error();
    auto [it, inserted] = seen.emplace(rev->id, file);
    if (!inserted) {
      return Error::bad_input(fmt::format("duplicate revision id {} in {} and {}", rev->id,
                                          it->second.string(), file.string()),
                              "give one of the files a new id (revision = \"...\")")
          .at(file.string(), rev->line);
    }
    revisions.push_back(std::move(*rev));
  }
  return revisions;
}

}  // namespace retort::migrations
