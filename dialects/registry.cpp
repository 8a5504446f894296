#include "dialects/registry.hpp"

#include <fmt/format.h>

namespace retort {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

Result<const Dialect*> dialect_for_url(std::string_view url) {
  if (starts_with(url, "sqlite:")) return &sqlite_dialect();
  if (starts_with(url, "postgresql:") || starts_with(url, "postgres:")) return &postgresql_dialect();
  std::string_view scheme = url.substr(0, url.find(':'));
  if (scheme.size() == url.size()) scheme = {};
  return Error::bad_input(
      scheme.empty() ? fmt::format("'{}' is not a database URL", redact_url(url))
                     : fmt::format("unknown database URL scheme '{}' in '{}'", scheme, redact_url(url)),
      "use sqlite:///path.db, sqlite:// (in memory) or postgresql://user:pass@host:port/db");
}

Result<std::unique_ptr<Connection>> connect(std::string_view url) {
  Result<const Dialect*> dialect = dialect_for_url(url);
  if (!dialect) return dialect.error();
  return (*dialect)->connect(url);
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  // scheme://user:password@host -> scheme://user:***@host
  std::size_t scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    std::size_t auth_begin = scheme_end + 3;
    std::size_t at = out.find('@', auth_begin);
    std::size_t slash = out.find('/', auth_begin);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      std::size_t colon = out.find(':', auth_begin);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&... (libpq URI query parameter)
  for (std::size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&' && out[pos - 1] != ' ') continue;
    std::size_t value = pos + 9;
    std::size_t end = out.find_first_of("& ", value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return out;
}

}  // namespace retort
