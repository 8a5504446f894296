// retort/postgresql: the Connection for PostgreSQL servers (libpqxx behind it).
//
// pg_connection.cpp and pg_prepared.cpp (its prepared statements) are the only
// files of retort's library that include <pqxx/pqxx>.
// Every statement runs on a fresh pqxx::nontransaction, so transactions are
// plain BEGIN/COMMIT/ROLLBACK statements and DDL that refuses to run inside a
// transaction block (CREATE INDEX CONCURRENTLY) works outside one.
//
// It is built into the driver library (pg_driver.hpp), not into libretort:
// callers go through open_postgresql() there.
#pragma once

#include <memory>
#include <string_view>

#include "core/connection.hpp"

namespace retort::postgresql {

// Opens a connection for a libpq URI ("postgresql://user:pass@host:port/db",
// "postgresql://user@/db?host=/socket/dir") whose dialect() is `dialect`.
// A key=value conninfo string works too. The session's application_name is
// "retort" unless the URL sets one (libpq's fallback_application_name).
// Errors are kDatabase with the server's or libpq's message; the password
// never appears in them.
Result<std::unique_ptr<Connection>> connect_with_libpq(std::string_view url,
                                                       const Dialect& dialect);

}  // namespace retort::postgresql
