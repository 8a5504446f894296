// retort/postgresql: the PostgreSQL driver library and how it is loaded.
//
// Everything that links libpq (pg_connection.cpp, pg_prepared.cpp) is built
// into its own shared library, libretort_postgresql.so. The retort command
// loads it the first time it connects to a postgresql:// URL, so commands on
// SQLite, or with no database at all, never load libpq and the twenty
// libraries it brings (TLS, Kerberos, LDAP): about 4 ms of every cold start.
// A program that links retort::retort has the driver on its link line: it
// is loaded at start unless the linker drops it as not needed (--as-needed),
// and CMake's run path points at it either way.
//
// Where the loader looks, in order: the process itself; the file named by
// RETORT_POSTGRESQL_DRIVER; next to the executable (the build tree); the
// executable's ../lib (an installed retort); the dynamic linker's path
// (with the program's run path).
//
// Example:
//   Result<std::unique_ptr<Connection>> c = open_postgresql("postgresql://u@/db");
#pragma once

#include <memory>
#include <string_view>

#include "core/connection.hpp"

namespace retort::postgresql {

// Opens a connection through the driver, loading it on first use. A driver
// that cannot be loaded is kDatabase naming each place tried.
Result<std::unique_ptr<Connection>> open_postgresql(std::string_view url);

// The driver's one exported symbol. Its name carries kDriverAbi; the build
// version must match too, so a stale driver is refused, never half-used.
inline constexpr int kDriverAbi = 1;
inline constexpr const char* kDriverEntry = "retort_postgresql_driver_v1";
inline constexpr const char* kDriverFile = "libretort_postgresql.so";

using DriverEntry = void (*)(std::string_view version, std::string_view url, const Dialect& dialect,
                             Result<std::unique_ptr<Connection>>& out);

}  // namespace retort::postgresql
