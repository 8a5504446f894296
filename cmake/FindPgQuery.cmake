# FindPgQuery: libpg_query, PostgreSQL's parser as a library (Debian:
# libpg-query-dev). The package ships neither a pkg-config file nor a CMake
# config, hence this module. The static archive is preferred, so that programs
# load no extra shared library at start.
#
# Defines PgQuery_FOUND and the imported target PgQuery::PgQuery.
find_path(PgQuery_INCLUDE_DIR NAMES pg_query.h)
find_library(PgQuery_LIBRARY NAMES libpg_query.a pg_query)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PgQuery REQUIRED_VARS PgQuery_LIBRARY PgQuery_INCLUDE_DIR)
mark_as_advanced(PgQuery_INCLUDE_DIR PgQuery_LIBRARY)
if(PgQuery_FOUND AND NOT TARGET PgQuery::PgQuery)
  find_package(Threads REQUIRED)
  add_library(PgQuery::PgQuery UNKNOWN IMPORTED)
  set_target_properties(PgQuery::PgQuery PROPERTIES
    IMPORTED_LOCATION "${PgQuery_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${PgQuery_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES Threads::Threads)
endif()
