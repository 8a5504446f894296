// retort: runs a shell command and captures what it prints.
//
// run_shell() runs `command` with /bin/sh -c in the working directory, stdin
// from /dev/null, and returns its exit status with stdout and stderr kept
// apart. It fails (kBadInput) only when the shell cannot be started; a
// command that fails is a ShellResult with a non-zero status, for the caller
// to judge. Safe to call from any thread (posix_spawn, no global state).
#pragma once

#include <string>

#include "core/error.hpp"

namespace retort::migrations {

struct ShellResult {
  // The exit status; 128 + N when killed by signal N.
  int status = 0;
  std::string out;
  std::string err;
};

Result<ShellResult> run_shell(const std::string& command);

}  // namespace retort::migrations
