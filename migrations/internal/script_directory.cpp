#include "migrations/internal/script_directory.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace retort::migrations {

namespace fs = std::filesystem;

Result<std::vector<Revision>> load_revisions(const fs::path& versions_dir) {
  std::error_code ec;
  const fs::file_type type = fs::status(versions_dir, ec).type();
  if (type != fs::file_type::directory) {
    const std::string why = type == fs::file_type::not_found ? "does not exist"
                            : ec                             ? "cannot be read: " + ec.message()
                                                             : "is not a directory";
    return Error::bad_input(fmt::format("versions directory {} {}", versions_dir.string(), why),
                            "run `retort init`, or fix script_location in retort.toml")
        .at(versions_dir.string());
  }
  // Every entry named *.toml is a revision, whatever it is: a directory, a
  // pipe or a broken link there is refused by read_revision_file, naming it,
  // instead of being skipped. Nothing here asks for an entry's type, which
  // would throw on a symbolic link loop. Hidden entries (".#x.toml", the lock
  // link an editor keeps beside a file being edited) are not revisions.
  std::vector<fs::path> files;
  for (fs::directory_iterator it(versions_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() == ".toml" && !path.filename().string().starts_with('.')) {
      files.push_back(path);
    }
  }
  if (ec) {
    return Error::bad_input(fmt::format("cannot list {}: {}", versions_dir.string(), ec.message()))
        .at(versions_dir.string());
  }
  std::sort(files.begin(), files.end());

  // Two files with one id are the revision graph's to refuse (it owns the
  // graph's invariants): both are returned.
  std::vector<Revision> revisions;
  for (const fs::path& file : files) {
    Result<Revision> rev = read_revision_file(file);
    if (!rev) return std::move(rev).error();
    revisions.push_back(std::move(*rev));
  }
  return revisions;
}

}  // namespace retort::migrations
