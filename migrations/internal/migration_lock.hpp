// retort: waiting for retort's own migration lock, never forever and never
// in silence.
//
// take_migration_lock() tries the Dialect's lock (Dialect::try_lock); while
// another session holds it, it polls, and after one second writes to
// `notices`, then every ten seconds, who holds it and how long it has
// waited:
//   retort: waiting for the migration lock, held by pid 4242 (application
//   retort, client local, connected at ...); waited 1s of at most 10min
// Polling, rather than a blocking lock call, means a retort that is killed
// while waiting leaves nothing queued on the server.
// `wait` 0 tries once. On giving up: kDatabase (exit 3) naming the holder,
// with what to do; nothing was run.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <string_view>

#include "core/dialect.hpp"

namespace retort::migrations {

Result<std::unique_ptr<Lock>> take_migration_lock(const Dialect& dialect, Connection& conn,
                                                  std::string_view key,
                                                  std::chrono::milliseconds wait,
                                                  std::ostream* notices);

}  // namespace retort::migrations
