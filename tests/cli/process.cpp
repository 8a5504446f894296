#include "tests/cli/process.hpp"

#include <fcntl.h>
#include <pty.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace retort::testing {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string read_fd(int fd) {
  std::string text;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      text.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EOF, or EIO once the child has closed the terminal
    }
  }
  return text;
}

std::vector<std::string> child_environment(
    const std::map<std::string, std::optional<std::string>>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    if (overrides.count(name) == 0) env.push_back(entry);
  }
  for (const auto& [name, value] : overrides) {
    if (value) env.push_back(name + "=" + *value);
  }
  return env;
}

}  // namespace

std::string ProcessResult::describe() const {
  return "exit " + std::to_string(exit_code) + "\n--- stdout ---\n" + out + "--- stderr ---\n" +
         err;
}

StartedProcess start_process(const std::string& program, const std::vector<std::string>& args,
                             const ProcessOptions& options) {
  // Output goes to files, not pipes, so a chatty child can never block.
  char tmpl[] = "/tmp/retort-process.XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  std::filesystem::path capture_dir(tmpl);
  std::string out_path = (capture_dir / "stdout").string();
  std::string err_path = (capture_dir / "stderr").string();
  std::string in_path = options.stdin_file.empty() ? "/dev/null" : options.stdin_file.string();
  std::string cwd = options.cwd.empty() ? "." : options.cwd.string();

  // Everything the child needs is prepared before fork().
  std::vector<std::string> argv_strings{program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = child_environment(options.env);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  int master = -1;
  int slave = -1;
  const bool terminal = options.stdout_is_terminal || options.terminal_input.has_value();
  if (terminal && ::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0) {
    throw std::runtime_error("openpty failed");
  }

  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int in = options.terminal_input ? slave : ::open(in_path.c_str(), O_RDONLY);
    int out = slave >= 0 ? slave : ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (master >= 0) ::close(master);
    if (options.memory_limit_bytes > 0) {
      const rlimit limit{options.memory_limit_bytes, options.memory_limit_bytes};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    if (options.timeout_seconds > 0) ::alarm(options.timeout_seconds);  // survives execve
    ::execve(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }

  if (slave >= 0) ::close(slave);
  if (options.terminal_input) {
    // The terminal keeps typed lines until the child reads them.
    const std::string& text = *options.terminal_input;
    if (::write(master, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
      throw std::runtime_error("writing to the pseudo-terminal failed");
    }
  }
  return StartedProcess{pid, master, capture_dir};
}

ProcessResult wait_process(StartedProcess& started) {
  ProcessResult result;
  if (started.terminal >= 0) {
    result.out = read_fd(started.terminal);
    ::close(started.terminal);
  }
  int status = 0;
  while (::waitpid(started.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  if (started.terminal < 0) result.out = read_all(started.capture_dir / "stdout");
  result.err = read_all(started.capture_dir / "stderr");
  std::error_code ignored;
  std::filesystem::remove_all(started.capture_dir, ignored);
  started = StartedProcess{};
  return result;
}

bool is_running(const StartedProcess& started) {
  if (started.pid <= 0) return false;
  siginfo_t info{};
  // WNOWAIT: looks without reaping, so wait_process still gets the status.
  if (::waitid(P_PID, static_cast<id_t>(started.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return false;
  }
  return info.si_pid == 0;
}

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const ProcessOptions& options) {
  StartedProcess started = start_process(program, args, options);
  return wait_process(started);
}

ProcessResult run_retort(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                         const std::map<std::string, std::optional<std::string>>& env) {
  ProcessOptions options;
  options.cwd = cwd;
  options.env = env;
  return run_process(RETORT_BINARY, args, options);
}

ProcessResult run_retort(const std::vector<std::string>& args, const ProcessOptions& options) {
  return run_process(RETORT_BINARY, args, options);
}

StartedProcess start_retort(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                            const std::map<std::string, std::optional<std::string>>& env) {
  ProcessOptions options;
  options.cwd = cwd;
  options.env = env;
  return start_process(RETORT_BINARY, args, options);
}

}  // namespace retort::testing
