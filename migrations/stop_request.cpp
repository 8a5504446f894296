#include "migrations/stop_request.hpp"

#include <fmt/format.h>

namespace retort::migrations {
namespace {

constexpr std::string_view kStopped = "stopped on request before revision ";

}  // namespace

Error stopped_error(std::string_view next, std::string_view at) {
  return Error::bad_input(fmt::format("{}{}: the database is at {}", kStopped, next, at),
                          "run the same command again to go on from there");
}

bool is_stopped_error(const Error& error) { return error.message.starts_with(kStopped); }

}  // namespace retort::migrations
