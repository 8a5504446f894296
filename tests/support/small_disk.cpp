#include "tests/support/small_disk.hpp"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace retort::testing {

namespace fs = std::filesystem;

SmallDisk::SmallDisk(const std::string& size) {
  std::string pattern = (fs::temp_directory_path() / "retort-disk.XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
    return;
  }
  dir_ = pattern;
  const std::string options = "size=" + size;
  if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
    ADD_FAILURE() << "cannot mount a tmpfs on " << dir_ << ": " << std::strerror(errno)
                  << " (this test fills a small file system and must run as root)";
    return;
  }
  mounted_ = true;
}

SmallDisk::~SmallDisk() {
  if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

}  // namespace retort::testing
