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

#include <string>
#include <string_view>

#include "core/dialect.hpp"

namespace retort {

// The dialect for `url`, or kBadInput naming the URL scheme it does not know.
Result<const Dialect*> dialect_for_url(std::string_view url);

const Dialect& sqlite_dialect();
const Dialect& postgresql_dialect();

// Connects with the dialect chosen by the URL.
Result<std::unique_ptr<Connection>> connect(std::string_view url);

// The URL with any password replaced by "***", for messages.
std::string redact_url(std::string_view url);

// `text` with every spelling of `url`'s password replaced by "***", for
// messages and output that might echo it.
std::string scrub_url_password(std::string text, std::string_view url);

}  // namespace retort
