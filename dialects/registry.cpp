#include "dialects/registry.hpp"

#include <fmt/format.h>

#include "dialects/internal/url_secrets.hpp"
#include "dialects/postgresql/pg_schema_dialect.hpp"

namespace retort {

std::vector<const Dialect*> every_dialect() { return {&sqlite_dialect(), &postgresql_dialect()}; }

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

Status check_schemas_supported(std::string_view url) {
  Result<const Dialect*> dialect = dialect_for_url(url);
  if (!dialect) return dialect.error();
  if (*dialect == &postgresql_dialect()) return {};
  return Error::bad_input(
      fmt::format("a schema-per-tenant fleet needs PostgreSQL, and {} is {}", redact_url(url),
                  (*dialect)->name()),
      "list one database per member with urls or urls_command instead of url + schemas_query");
}

Result<std::unique_ptr<Dialect>> dialect_for_schema(std::string_view url, std::string schema,
                                                    std::string shared_schema) {
  if (Status s = check_schemas_supported(url); !s) return s.error();
  return postgresql::make_schema_dialect(postgresql_dialect(), std::move(schema),
                                         std::move(shared_schema));
}

Result<std::vector<std::string>> shared_enum_sql(std::string_view url,
                                                 std::string_view shared_schema,
                                                 const std::vector<Enum>& enums) {
  if (Status s = check_schemas_supported(url); !s) return s.error();
  return postgresql::shared_enum_statements(shared_schema, enums);
}

std::string redact_url(std::string_view url) { return url_redacted(url); }

std::string scrub_url_password(std::string text, std::string_view url) {
  return scrub_password(std::move(text), url);
}

}  // namespace retort
