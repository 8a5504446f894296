#include "migrations/internal/migration_lock.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "migrations/lock_settings.hpp"

namespace retort::migrations {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

namespace {

std::string seconds_text(milliseconds d) {
  return format_duration(std::chrono::duration_cast<std::chrono::seconds>(d));
}

std::string holder_text(const std::string& holder) {
  return holder.empty() ? std::string("another session") : holder;
}

}  // namespace

Result<std::unique_ptr<Lock>> take_migration_lock(const Dialect& dialect, Connection& conn,
                                                  std::string_view key, milliseconds wait,
                                                  std::ostream* notices) {
  const Clock::time_point start = Clock::now();
  Clock::time_point next_notice = start + std::chrono::seconds(1);
  milliseconds pause{50};
  for (;;) {
    Result<std::unique_ptr<Lock>> lock = dialect.try_lock(conn, key);
    if (!lock) {
      Error e = std::move(lock).error();
      e.message = "cannot take the migration lock: " + e.message;
      return e;
    }
    if (*lock) return lock;
    const Clock::time_point now = Clock::now();
    const milliseconds waited = std::chrono::duration_cast<milliseconds>(now - start);
    if (waited >= wait) {
      const std::string holder = dialect.lock_holder(conn, key);
      return Error::database(
          fmt::format("gave up waiting for the migration lock after {}: it is held by {}",
                      format_duration(wait), holder_text(holder)),
          "another retort is migrating this database: let it finish (or stop it if it is stuck), "
          "then run the command again; nothing was run. Wait longer with --wait-for-lock or "
          "migration_lock_timeout in retort.toml");
    }
    if (notices != nullptr && now >= next_notice) {
      *notices << fmt::format(
          "retort: waiting for the migration lock, held by {}; waited {} of "
          "at most {}\n",
          holder_text(dialect.lock_holder(conn, key)), seconds_text(waited), format_duration(wait));
      notices->flush();
      next_notice = now + std::chrono::seconds(10);
    }
    std::this_thread::sleep_for(std::min(pause, wait - waited));
    pause = std::min(pause * 2, milliseconds(500));
  }
}

}  // namespace retort::migrations
