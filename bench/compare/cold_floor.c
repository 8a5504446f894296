/* The floor for workload 1 (cold start): a C program that does only what
 * `retort current` must do against an empty database - open it and ask
 * whether the version table exists - with the raw driver (libpq or the
 * sqlite3 C API), linked the usual way. Its time is process start, loading
 * the driver's libraries and connecting: what no tool can go below.
 *
 * Built once per driver, so that each links only its own library:
 *   cc -O2 -DFLOOR_POSTGRESQL -I/usr/include/postgresql cold_floor.c -lpq
 *   cc -O2 -DFLOOR_SQLITE cold_floor.c -lsqlite3
 *
 *   cold_floor postgresql URL
 *   cold_floor sqlite PATH
 */
#include <stdio.h>
#include <string.h>

#if defined(FLOOR_POSTGRESQL)
#include <libpq-fe.h>

/* The query retort asks (PgDialect::table_exists), so that the floor
 * is the driver's cost and not a dearer query's. */
static const char* kQuery =
    "SELECT pg_catalog.to_regclass(pg_catalog.quote_ident(pg_catalog.current_schema()) || "
    "'.' || pg_catalog.quote_ident('retort_version')) IS NOT NULL";

static int run(const char* url) {
  PGconn* conn = PQconnectdb(url);
  if (PQstatus(conn) != CONNECTION_OK) {
    fprintf(stderr, "%s", PQerrorMessage(conn));
    return 1;
  }
  PGresult* r = PQexec(conn, kQuery);
  int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  PQfinish(conn);
  return ok ? 0 : 1;
}
static const char* kDriver = "postgresql";

#elif defined(FLOOR_SQLITE)
#include <sqlite3.h>

static const char* kQuery =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'retort_version'";

static int run(const char* path) {
  sqlite3* db = NULL;
  if (sqlite3_open(path, &db) != SQLITE_OK) return 1;
  sqlite3_stmt* st = NULL;
  int ok = sqlite3_prepare_v2(db, kQuery, -1, &st, NULL) == SQLITE_OK &&
           sqlite3_step(st) != SQLITE_ERROR;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return ok ? 0 : 1;
}
static const char* kDriver = "sqlite";

#else
#error "define FLOOR_POSTGRESQL or FLOOR_SQLITE"
#endif

int main(int argc, char** argv) {
  if (argc != 3 || strcmp(argv[1], kDriver) != 0) {
    fprintf(stderr, "usage: cold_floor %s %s\n", kDriver,
            strcmp(kDriver, "sqlite") == 0 ? "PATH" : "URL");
    return 2;
  }
  return run(argv[2]);
}
