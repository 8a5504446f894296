// Test support: a small tmpfs, to run a database out of disk space.
//
// Mounting needs root (the test suite runs as root); when the mount fails
// the current test fails (ADD_FAILURE) saying so, and mounted() is false.
//
// Example:
//   SmallDisk disk("512k");
//   ASSERT_TRUE(disk.mounted());
//   connect("sqlite:///" + (disk.dir() / "app.db").string());
#pragma once

#include <filesystem>
#include <string>

namespace retort::testing {

class SmallDisk {
 public:
  // Mounts a tmpfs of `size` ("512k") on a fresh folder in the temp dir.
  explicit SmallDisk(const std::string& size);
  ~SmallDisk();  // unmounts it and removes the folder
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  bool mounted_ = false;
};

}  // namespace retort::testing
