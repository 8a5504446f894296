// echo_to(): the ready-made statement log hook (statement_log.hpp).
#include "core/model/statement_log.hpp"

#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <ostream>

namespace retort {

StatementHook echo_to(std::ostream& out) {
  auto lock = std::make_shared<std::mutex>();
  return [&out, lock](const StatementEvent& e) {
    const std::string line = fmt::format("retort: {} -- {} parameter{}\n", e.sql, e.parameters,
                                         e.parameters == 1 ? "" : "s");
    const std::lock_guard<std::mutex> guard(*lock);
    out << line << std::flush;
  };
}

}  // namespace retort
