#include "dialects/registry.hpp"

#include <fmt/format.h>

#include "dialects/internal/url_secrets.hpp"

namespace retort {

Result<const Dialect*> dialect_for_url(std::string_view url) {
  if (url.starts_with("sqlite:")) return &sqlite_dialect();
  if (url.starts_with("postgresql:") || url.starts_with("postgres:")) return &postgresql_dialect();
  std::string_view scheme = url.substr(0, url.find(':'));
  if (scheme.size() == url.size()) scheme = {};
  return Error::bad_input(
      scheme.empty()
          ? fmt::format("'{}' is not a database URL", redact_url(url))
          : fmt::format("unknown database URL scheme '{}' in '{}'", scheme, redact_url(url)),
      "use sqlite:///path.db, sqlite:// (in memory) or postgresql://user:pass@host:port/db");
}

Result<std::unique_ptr<Connection>> connect(std::string_view url) {
  Result<const Dialect*> dialect = dialect_for_url(url);
  if (!dialect) return dialect.error();
  return (*dialect)->connect(url);
}

std::string redact_url(std::string_view url) { return url_redacted(url); }

std::string scrub_url_password(std::string text, std::string_view url) {
  return scrub_password(std::move(text), url);
}

}  // namespace retort
