/* The floor for workload 1 (cold start): a C program that does only what
 * `retort current` must do against an empty database - open it and ask
 * whether the version table exists - with the raw driver (libpq or the
 * sqlite3 C API), linked the usual way. Its time is process start, loading
 * the driver's libraries and connecting: what no tool can go below.
 *
 *   cold_floor postgresql URL
 *   cold_floor sqlite PATH
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static const char* kPgQuery =
    "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
    "c.relnamespace WHERE n.nspname = current_schema() AND c.relname = 'retort_version' "
    "AND c.relkind IN ('r', 'p')";
static const char* kSqliteQuery =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'retort_version'";

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: cold_floor postgresql URL | sqlite PATH\n");
    return 2;
  }
  if (strcmp(argv[1], "postgresql") == 0) {
    PGconn* conn = PQconnectdb(argv[2]);
    if (PQstatus(conn) != CONNECTION_OK) {
      fprintf(stderr, "%s", PQerrorMessage(conn));
      return 1;
    }
    PGresult* r = PQexec(conn, kPgQuery);
    int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    PQfinish(conn);
    return ok ? 0 : 1;
  }
  sqlite3* db = NULL;
  if (sqlite3_open(argv[2], &db) != SQLITE_OK) return 1;
  sqlite3_stmt* st = NULL;
  int ok = sqlite3_prepare_v2(db, kSqliteQuery, -1, &st, NULL) == SQLITE_OK &&
           sqlite3_step(st) != SQLITE_ERROR;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return ok ? 0 : 1;
}
