#include "migrations/internal/shell_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "core/internal/errno_text.hpp"

extern char** environ;

namespace retort::migrations {
namespace {

// Closes both ends of a pipe on every path out.
struct Pipe {
  int fds[2] = {-1, -1};
  ~Pipe() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  void close_end(int i) {
    if (fds[i] >= 0) ::close(fds[i]);
    fds[i] = -1;
  }
};

Error cannot_start(const std::string& command, int error) {
  return Error::bad_input(
      fmt::format("cannot run `{}` with /bin/sh: {}", command, errno_text(error)),
      "check that /bin/sh exists and that retort may start processes");
}

}  // namespace

Result<ShellResult> run_shell(const std::string& command) {
  Pipe out_pipe, err_pipe;
  if (::pipe2(out_pipe.fds, O_CLOEXEC) != 0 || ::pipe2(err_pipe.fds, O_CLOEXEC) != 0) {
    return cannot_start(command, errno);
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.fds[1], 2);
  const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
  pid_t pid = 0;
  const int rc =
      ::posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return cannot_start(command, rc);
  out_pipe.close_end(1);
  err_pipe.close_end(1);

  ShellResult result;
  std::array<pollfd, 2> polls = {pollfd{out_pipe.fds[0], POLLIN, 0},
                                 pollfd{err_pipe.fds[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_ends = 2;
  while (open_ends > 0) {
    if (::poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t i = 0; i < polls.size(); ++i) {
      if (polls[i].fd < 0 || polls[i].revents == 0) continue;
      char buffer[4096];
      const ssize_t n = ::read(polls[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        polls[i].fd = -1;
        --open_ends;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace retort::migrations
