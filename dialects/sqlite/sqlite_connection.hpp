// retort/sqlite: the Connection for SQLite files (SQLiteCpp behind it).
//
// The only header of the SQLite dialect that other files need for
// connecting; SQLiteCpp itself is included by sqlite_connection.cpp alone
// (sqlite_prepared.cpp uses the sqlite3 C API for prepared statements).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/connection.hpp"

namespace retort::sqlite {

// The file name a sqlite: URL names: "sqlite:///a.db" -> "a.db",
// "sqlite:////tmp/a.db" -> "/tmp/a.db", "sqlite://" -> ":memory:".
// kBadInput for anything else.
Result<std::string> path_from_url(std::string_view url);

// The busy timeout every connection starts with: how long a statement waits
// for another connection's write lock before SQLITE_BUSY.
inline constexpr int kBusyTimeoutMs = 30'000;

// Opens (read-write-create) the database a sqlite: URL names, with a
// kBusyTimeoutMs busy timeout so concurrent upgrades wait for the write lock
// instead of failing. Foreign-key enforcement is turned off right after opening
// (PRAGMA foreign_keys = OFF, whatever the SQLite build's default): the table
// rebuild drops parent tables and must not cascade into their children, and
// Dialect::verify checks keys before commit.
// The handle is opened SQLITE_OPEN_NOMUTEX: a Connection must not be used
// by two threads at once (it never was safe to interleave statements).
Result<std::unique_ptr<Connection>> open_sqlite(std::string_view url);

}  // namespace retort::sqlite
