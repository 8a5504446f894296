#include "core/internal/errno_text.hpp"

#include <cstring>

namespace retort {

std::string errno_text(int error) {
  char buffer[256] = {};
  // The GNU strerror_r returns the text, which may or may not be `buffer`.
  return ::strerror_r(error, buffer, sizeof buffer);
}

}  // namespace retort
