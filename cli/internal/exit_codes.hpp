// retort CLI: the process exit codes, mapped from ErrorCode in one place.
//
//   0  success
//   1  differences found (check, diff)
//   2  bad input (usage, config, models, revision files, unknown or ambiguous
//      revision); nothing was run
//   3  the database refused or failed; the transaction was rolled back
//  70  a bug in retort
// 130  stopped by Ctrl-C (SIGINT) between revisions (a fleet run)
#pragma once

#include "core/error.hpp"

namespace retort::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitDifferences = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitDatabase = 3;
inline constexpr int kExitInternal = 70;
inline constexpr int kExitInterrupted = 130;

// The exit code for a failure of kind `code`.
int exit_code(ErrorCode code);

}  // namespace retort::cli
