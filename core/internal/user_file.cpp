#include "core/internal/user_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/internal/errno_text.hpp"

namespace retort {
namespace {

// What a non-regular file is, in words.
std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "it is a directory";
  if (S_ISFIFO(mode)) return "it is a named pipe";
  if (S_ISCHR(mode)) return "it is a character device";
  if (S_ISBLK(mode)) return "it is a block device";
  if (S_ISSOCK(mode)) return "it is a socket";
  return "it is not a regular file";
}

// Why stat() failed, told apart from the plain "no such file".
std::string stat_failure(const std::filesystem::path& path, int error) {
  if (error == ELOOP) return "a symbolic link loop (too many levels of symbolic links)";
  struct stat link {};
  if (error == ENOENT && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    return "it is a symbolic link to a file that does not exist";
  }
  return errno_text(error);
}

// Closes the descriptor on every path out.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<std::string> read_user_file(const std::filesystem::path& path, std::string_view what,
                                   std::string hint) {
  auto refuse = [&](const std::string& reason) {
    return Error::bad_input(fmt::format("cannot read {} {}: {}", what, path.string(), reason), hint)
        .at(path.string());
  };
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return refuse(stat_failure(path, errno));
  if (!S_ISREG(info.st_mode)) return refuse(kind_of(info.st_mode));

  // O_NONBLOCK: should the path have become a pipe since stat(), open()
  // must not wait for a writer.
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return refuse(errno_text(errno));
  if (::fstat(fd.get(), &info) != 0) return refuse(errno_text(errno));
  if (!S_ISREG(info.st_mode)) return refuse(kind_of(info.st_mode));

  const std::string too_large = fmt::format(
      "it is larger than {} MiB, the most retort reads from one file", kMaxUserFileBytes >> 20);
  if (static_cast<std::size_t>(info.st_size) > kMaxUserFileBytes) return refuse(too_large);

  std::string text;
  text.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return refuse(errno_text(errno));
    if (n == 0) break;
    // The size may grow while reading (or lie, as in /proc): the cap holds.
    if (text.size() + static_cast<std::size_t>(n) > kMaxUserFileBytes) return refuse(too_large);
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

}  // namespace retort
