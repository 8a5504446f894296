#include "dialects/sqlite/sqlite_dialect.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include "core/internal/errno_text.hpp"
#include "dialects/registry.hpp"
#include "dialects/sqlite/sqlite_array.hpp"
#include "dialects/sqlite/sqlite_connection.hpp"
#include "dialects/sqlite/sqlite_ddl.hpp"
#include "dialects/sqlite/sqlite_inspector.hpp"
#include "dialects/sqlite/sqlite_normalize.hpp"
#include "dialects/sqlite/sqlite_sql.hpp"
#include "dialects/sqlite/sqlite_trigger.hpp"
#include "dialects/sqlite/sqlite_types.hpp"
#include "dialects/sqlite/sqlite_view.hpp"

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
  if (type.native_marked || is_array_type(type) ||
      type_from_declared(type.native).kind != TypeKind::kNative) {
    return {};
  }
  return Error::bad_input(
      fmt::format("unknown type \"{}\": not a portable type, and SQLite takes any name as a "
                  "type, so retort does not guess",
                  type.native),
      fmt::format("use one of: {}; or, for a type name of your own, add native = true "
                  "(C++: .native())",
                  portable_type_names()));
}

// A partitioned table would be a plain table here and its partitions
// tables of their own, each holding other rows than the application
// expects: refused, so that nothing is made that PostgreSQL would route.
Status SqliteDialect::check_table(const Table& table) const {
  // An array column is a JSON array here: a default in PostgreSQL's array
  // syntax ('{}') would give every row that takes it a value no reader of
  // arrays can read.
  for (const Column& c : table.columns) {
    if (!c.default_.value || !is_array_type(c.type)) continue;
    const auto* text = std::get_if<std::string>(&*c.default_.value);
    if (text != nullptr && json_array_items(*text).ok()) continue;
    return Error::bad_input(
        fmt::format("column {}.{}: default {} is not a JSON array, and SQLite stores the "
                    "array type {} as JSON",
                    table.name, c.name, literal_sql(*c.default_.value), c.type.native),
        "write the default as a JSON array (default = \"[]\" for an empty one); PostgreSQL "
        "spells it \"{}\"");
  }
  if (table.partition_by.empty() && table.partition_of.empty()) return {};
  const std::string key = table.partition_by.empty() ? "partition_of" : "partition_by";
  return Error::bad_input(
      fmt::format("table {} declares `{}`: SQLite has no table partitioning", table.name, key),
      "partitioning is PostgreSQL's; for SQLite declare one plain table (no partition_by) and "
      "no partitions");
}

Status SqliteDialect::check_view(const View& view) const { return view_refused(view); }

Status SqliteDialect::check_object(const std::string& what) const {
  return Error::bad_input(fmt::format("{}: SQLite has no schemas, extensions, sequences, domains, "
                                      "composite types, functions, procedures or aggregates",
                                      what),
                          "keep this declaration to a PostgreSQL project (docs/objects.md)");
}

Status SqliteDialect::check_trigger(const Trigger& trigger) const {
  return trigger_refused(trigger);
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
    // Emptied while still held, so the file does not name a holder that is
    // gone. Best effort: lock_holder() believes the line only while the
    // flock is held.
    [[maybe_unused]] const int emptied = ::ftruncate(fd_, 0);
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

// The migration lock file of the database behind `conn`; "" for an
// in-memory database, which belongs to this process alone.
Result<std::string> lock_path(Connection& conn) {
  Result<Rows> rows = conn.query("SELECT file FROM pragma_database_list WHERE name = 'main'");
  if (!rows) return std::move(rows).error();
  const std::string file =
      rows->rows.empty() || !rows->rows[0][0] ? std::string() : *rows->rows[0][0];
  return file.empty() ? file : file + "-retort.lock";
}

// "pid 4242 on host build-1 since 2026-12-06T04:12:03Z\n".
std::string holder_line() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "unknown");
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char since[32] = {};
  std::strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return fmt::format("pid {} on host {} since {}\n", ::getpid(), host, since);
}

}  // namespace

Result<std::unique_ptr<Lock>> SqliteDialect::try_lock(Connection& conn, std::string_view) const {
  Result<std::string> path = lock_path(conn);
  if (!path) return std::move(path).error();
  if (path->empty()) return std::unique_ptr<Lock>(std::make_unique<NoLock>());
  const int fd = ::open(path->c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Error::database(
        fmt::format("cannot open the migration lock file {}: {}", *path, errno_text(errno)),
        "make the database's directory writable for this user");
  }
  int rc = 0;
  while ((rc = ::flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
  }
  if (rc != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return std::unique_ptr<Lock>();
    return Error::database(
        fmt::format("cannot lock the migration lock file {}: {}", *path, errno_text(err)),
        "check that the file system supports flock()");
  }
  // For waiters' messages only: a line that cannot be written (a full disk)
  // leaves the lock held and lock_holder() with nothing to say.
  // A partial line has no newline, and lock_holder() ignores it.
  const std::string line = holder_line();
  [[maybe_unused]] const bool written =
      ::ftruncate(fd, 0) == 0 &&
      ::pwrite(fd, line.data(), line.size(), 0) == static_cast<ssize_t>(line.size());
  return std::unique_ptr<Lock>(std::make_unique<FileLock>(fd));
}

std::string SqliteDialect::lock_holder(Connection& conn, std::string_view) const {
  Result<std::string> path = lock_path(conn);
  if (!path || path->empty()) return {};
  const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  // The line may be stale (a holder killed before emptying it): it counts
  // only while a shared lock is refused, i.e. some open file holds LOCK_EX.
  // Taking LOCK_SH for that instant may make another process's try_lock()
  // see the lock held once; it tries again.
  if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
    ::flock(fd, LOCK_UN);
    ::close(fd);
    return {};
  }
  std::string text(512, '\0');
  const ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  ::close(fd);
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  // Written in one pwrite(); without its newline it is not all there yet.
  const std::size_t end = text.find('\n');
  return end == std::string::npos ? std::string() : text.substr(0, end);
}

std::vector<std::string> SqliteDialect::timeout_sql(const LockPolicy& policy,
                                                    bool transaction_local) const {
  if (transaction_local) return {};
  const long long ms = policy.lock_timeout.count();
  const long long busy =
      ms <= 0 || ms > std::numeric_limits<int>::max() ? std::numeric_limits<int>::max() : ms;
  return {fmt::format("PRAGMA busy_timeout = {}", busy)};
}

std::vector<std::string> SqliteDialect::reset_timeout_sql() const {
  return {fmt::format("PRAGMA busy_timeout = {}", kBusyTimeoutMs)};
}

bool SqliteDialect::is_lock_timeout(const Error& e) const {
  // sqlstate is the extended result code in decimal ("5", "517" for
  // SQLITE_BUSY_SNAPSHOT); its low byte is the primary code. SQLITE_LOCKED
  // (6) is not a timeout: without shared cache, which retort never opens, it
  // is a conflict within this connection (DROP TABLE under a running read),
  // which the busy timeout does not wait on and a retry would meet again.
  if (e.code != ErrorCode::kDatabase) return false;
  int code = 0;
  const char* first = e.sqlstate.data();
  const char* last = first + e.sqlstate.size();
  const auto [end, ec] = std::from_chars(first, last, code);
  return ec == std::errc() && end == last && (code & 0xff) == 5;  // SQLITE_BUSY
}

std::string SqliteDialect::lock_blockers(Connection&, const std::vector<std::string>&) const {
  // SQLite's write lock is a POSIX lock on the database file (the -shm
  // file in WAL mode), and SQLite never says who holds it. Another retort
  // is named by lock_holder(); any other writer cannot be.
  return {};
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
