#include "dialects/sqlite/sqlite_dialect.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "dialects/registry.hpp"
#include "dialects/sqlite/sqlite_connection.hpp"
#include "dialects/sqlite/sqlite_ddl.hpp"
#include "dialects/sqlite/sqlite_inspector.hpp"
#include "dialects/sqlite/sqlite_normalize.hpp"
#include "dialects/sqlite/sqlite_sql.hpp"
#include "dialects/sqlite/sqlite_types.hpp"

namespace retort {

const Dialect& sqlite_dialect() {
  static const sqlite::SqliteDialect dialect;
  return dialect;
}

namespace sqlite {

Result<std::unique_ptr<Connection>> SqliteDialect::connect(std::string_view url) const {
  return open_sqlite(url);
}

Result<MetaData> SqliteDialect::inspect(Connection& conn, const InspectOptions& options) const {
  return inspect_schema(conn, options);
}

Status SqliteDialect::check_native_type(const Type& type) const {
  if (type.native_marked || type_from_declared(type.native).kind != TypeKind::kNative) return {};
  return Error::bad_input(
      fmt::format("unknown type \"{}\": not a portable type, and SQLite takes any name as a "
                  "type, so retort does not guess",
                  type.native),
      fmt::format("use one of: {}; or, for a type name of your own, add native = true "
                  "(C++: .native())",
                  portable_type_names()));
}

MetaData SqliteDialect::normalize(const MetaData& declared) const {
  return normalize_schema(declared);
}

Result<std::vector<Statement>> SqliteDialect::compile(const Op& op, const MetaData& before) const {
  return compile_op(op, before);
}

std::string SqliteDialect::quote_identifier(std::string_view ident) const {
  return quote_ident(ident);
}

std::string SqliteDialect::quote_literal(std::string_view text) const {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string SqliteDialect::script_prologue() const { return "PRAGMA foreign_keys=OFF;"; }

std::string SqliteDialect::elapsed_ms_sql(std::string_view since) const {
  return fmt::format("CAST(round((julianday('now') - julianday({})) * 86400000) AS INTEGER)",
                     quote_literal(since));
}

namespace {

class NoLock final : public Lock {};

// An exclusive flock() on "<database>-retort.lock", held for the whole
// command. BEGIN IMMEDIATE already serialises each revision; this also
// serialises revisions with `transactional = false`, which run outside any
// transaction. A separate file, because closing any descriptor of the
// database file itself would drop SQLite's own POSIX locks.
class FileLock final : public Lock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock() override {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

}  // namespace

Result<std::unique_ptr<Lock>> SqliteDialect::lock(Connection& conn, std::string_view) const {
  Result<Rows> rows = conn.query("SELECT file FROM pragma_database_list WHERE name = 'main'");
  if (!rows) return std::move(rows).error();
  const std::string file =
      rows->rows.empty() || !rows->rows[0][0] ? std::string() : *rows->rows[0][0];
  // An in-memory database belongs to this process alone.
  if (file.empty()) return std::unique_ptr<Lock>(std::make_unique<NoLock>());
  const std::string path = file + "-retort.lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Error::database(
        fmt::format("cannot open the migration lock file {}: {}", path, std::strerror(errno)),
        "make the database's directory writable for this user");
  }
  int rc = 0;
  while ((rc = ::flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
  }
  if (rc != 0) {
    const int err = errno;
    ::close(fd);
    return Error::database(
        fmt::format("cannot lock the migration lock file {}: {}", path, std::strerror(err)),
        "check that the file system supports flock()");
  }
  return std::unique_ptr<Lock>(std::make_unique<FileLock>(fd));
}

Result<bool> SqliteDialect::table_exists(Connection& conn, std::string_view name) const {
  Result<Rows> rows = conn.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                 {std::string(name)});
  if (!rows) return std::move(rows).error();
  return !rows->rows.empty();
}

Status SqliteDialect::verify(Connection& conn) const {
  constexpr std::string_view kSql = "PRAGMA foreign_key_check";
  Result<Rows> rows = conn.query(kSql);
  if (!rows) return rows.error();
  if (rows->rows.empty()) return {};
  // Columns: table, rowid, parent, fkid.
  const Row& first = rows->rows.front();
  auto cell = [&](std::size_t i) {
    return i < first.size() && first[i] ? *first[i] : std::string("NULL");
  };
  Error err = Error::database(
      fmt::format("foreign key violation: row {} of table '{}' refers to a missing row of '{}' ({} "
                  "violation{} in all)",
                  cell(1), cell(0), cell(2), rows->rows.size(), rows->rows.size() == 1 ? "" : "s"),
      "fix or delete the offending rows (see PRAGMA foreign_key_check), then run the migration "
      "again");
  err.on(cell(0));
  err.sqlstate = "787";  // SQLITE_CONSTRAINT_FOREIGNKEY
  err.sqlstate_label = "SQLite error 787";
  err.with_statement(std::string(kSql));
  return err;
}

}  // namespace sqlite
}  // namespace retort
