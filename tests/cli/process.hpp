// Test support: runs a program (usually the built retort binary) in a
// directory with environment overrides, and captures stdout, stderr and the
// exit code.
//
// Example:
//   ProcessResult r = run_retort(dir, {"upgrade", "head"}, {{"RETORT_URL", url}});
//   EXPECT_EQ(r.exit_code, 0) << r.describe();
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace retort::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by a signal
  std::string out;
  std::string err;
  // "exit N\n--- stdout ---\n...\n--- stderr ---\n..." for assertion messages.
  std::string describe() const;
};

struct ProcessOptions {
  std::filesystem::path cwd;
  // Variables to set (a value) or unset (nullopt); everything else is inherited.
  std::map<std::string, std::optional<std::string>> env;
  // A file fed to stdin; /dev/null when empty.
  std::filesystem::path stdin_file;
  // Give the child a pseudo-terminal as stdout (to see colour decisions).
  bool stdout_is_terminal = false;
  // Set: the pseudo-terminal is the child's stdin too (and its stdout), and
  // this text is typed into it, as a user answering prompts ("y\n").
  std::optional<std::string> terminal_input;
  // When > 0: the child is killed by SIGALRM after this many seconds (exit
  // code 142), so a test of input that could hang ends instead of waiting.
  unsigned timeout_seconds = 0;
  // When > 0: the child's address space is capped (RLIMIT_AS), so input that
  // makes it allocate without bound fails it instead of the machine.
  std::size_t memory_limit_bytes = 0;
};

ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const ProcessOptions& options);

// A child started by start_process and not yet waited on; wait_process
// collects it. Lets a test run several processes at the same time.
struct StartedProcess {
  int pid = -1;
  int terminal = -1;  // pseudo-terminal master, or -1
  std::filesystem::path capture_dir;
};

StartedProcess start_process(const std::string& program, const std::vector<std::string>& args,
                             const ProcessOptions& options);
ProcessResult wait_process(StartedProcess& started);
// True while a started child has not exited; it is left for wait_process to
// collect.
bool is_running(const StartedProcess& started);

// Runs RETORT_BINARY.
ProcessResult run_retort(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                         const std::map<std::string, std::optional<std::string>>& env = {});
// Runs RETORT_BINARY with all of `options` (cwd, env, limits).
ProcessResult run_retort(const std::vector<std::string>& args, const ProcessOptions& options);
// Starts RETORT_BINARY without waiting for it.
StartedProcess start_retort(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                            const std::map<std::string, std::optional<std::string>>& env = {});

}  // namespace retort::testing
