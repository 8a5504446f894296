// retort: stopping a run between revisions on request (Ctrl-C of a fleet,
// docs/fleets.md).
//
// A run given a stop flag (Project::set_stop) looks at it before each
// revision, and once it is set ends there with stopped_error(): the
// revision that was running finished (committed, or rolled back on its own
// failure) and the ones before it stay applied, so the database is at a
// revision boundary and the same command goes on from there. With one
// transaction for the whole run, the flag is looked at before it begins.
//
// Example:
//   std::atomic<bool> stop{false};
//   project.set_stop(&stop);         // a signal handler sets it
//   Status s = project.upgrade("head", false, out);
//   if (!s && is_stopped_error(s.error())) ...  // stopped, not failed
#pragma once

#include <atomic>
#include <string_view>

#include "core/error.hpp"

namespace retort::migrations {

using StopFlag = std::atomic<bool>;

// kBadInput: "stopped on request before revision NEXT: the database is at
// AT", with the hint to run the command again.
Error stopped_error(std::string_view next, std::string_view at);

// True for an error stopped_error() made.
bool is_stopped_error(const Error& error);

}  // namespace retort::migrations
