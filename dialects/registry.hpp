// retort: picks the Dialect for a database URL.
//
//   sqlite:///relative.db, sqlite:////abs/path.db, sqlite://  -> SQLite
//   postgresql://... (also postgres://)                       -> PostgreSQL
//
// The dialects returned live for the whole program. Connections are the
// caller's (core/connection.hpp says how they may be used). The PostgreSQL
// driver (libpq) is a shared library loaded on the first postgresql:// URL,
// or linked in (docs/postgresql.md); a driver that cannot be loaded is
// kDatabase naming where it looked.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/dialect.hpp"

namespace retort {

// The dialect for `url`, or kBadInput naming the URL scheme it does not know.
Result<const Dialect*> dialect_for_url(std::string_view url);

const Dialect& sqlite_dialect();
const Dialect& postgresql_dialect();
// Every dialect retort has, for checks that hold on each (a squash is checked
// on every dialect its history applies to).
std::vector<const Dialect*> every_dialect();

// Connects with the dialect chosen by the URL.
Result<std::unique_ptr<Connection>> connect(std::string_view url);

// kBadInput unless `url` is of a dialect with schemas to hold tenants
// (PostgreSQL): names the URL's dialect and what to use instead.
Status check_schemas_supported(std::string_view url);

// A member of a schema-per-tenant fleet (docs/fleets.md): the dialect of
// `url` with its objects in `schema`, and the enums in `shared_schema` (""
// for none). Its connections set search_path to the schema, then the
// shared schema, and refuse a schema that does not exist; it inspects the
// schema as the default one; its migration lock is keyed on the
// schema-qualified version table; enum ops compile to nothing (the shared
// step makes them, shared_enum_sql); offline scripts begin with SET
// search_path. kBadInput for a dialect without schemas (SQLite) or a URL
// of no known dialect.
Result<std::unique_ptr<Dialect>> dialect_for_schema(std::string_view url, std::string schema,
                                                    std::string shared_schema);

// The shared step of a schema-per-tenant fleet: statements that create
// `shared_schema` and each of `enums` in it when missing and add the values
// they lack, each to be run alone outside a transaction; running them again
// changes nothing. kBadInput as for dialect_for_schema.
Result<std::vector<std::string>> shared_enum_sql(std::string_view url,
                                                 std::string_view shared_schema,
                                                 const std::vector<Enum>& enums);

// The URL with any password replaced by "***", for messages.
std::string redact_url(std::string_view url);

// `text` with every spelling of `url`'s password replaced by "***", for
// messages and output that might echo it.
std::string scrub_url_password(std::string text, std::string_view url);

}  // namespace retort
