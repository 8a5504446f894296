// The one file that talks to SQLiteCpp: every driver exception is caught here
// and becomes an Error with SQLite's message and extended result code.
#include "dialects/sqlite/sqlite_connection.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "dialects/registry.hpp"
#include "dialects/sqlite/sqlite_prepared.hpp"

namespace retort::sqlite {
namespace {

Error driver_error(const SQLite::Exception& e, std::string_view sql) {
  return sqlite_error(e.getExtendedErrorCode(), e.what(), sql);
}

// Lets the statement cache be searched with a string_view.
struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
  ~SqliteConnection() override {
    // Whatever failed last, the file is left clean for the next reader.
    if (in_transaction()) (void)rollback();
    (void)finish_rollback();
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  const Dialect& dialect() const override { return sqlite_dialect(); }

  Status execute(std::string_view sql) override {
    ++round_trips_;
    try {
      db_->exec(std::string(sql));
      return {};
    } catch (const SQLite::Exception& e) {
      Error err = driver_error(e, sql);
      (void)finish_rollback();
      return err;
    }
  }

  Result<Rows> query(std::string_view sql, const std::vector<Cell>& params) override {
    ++round_trips_;
    try {
      SQLite::Statement& stmt = prepared(sql);
      for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        if (params[i]) {
          stmt.bind(index, *params[i]);
        } else {
          stmt.bind(index);
        }
      }
      Rows rows;
      const int width = stmt.getColumnCount();
      for (int c = 0; c < width; ++c) rows.columns.emplace_back(stmt.getColumnName(c));
      while (stmt.executeStep()) {
        Row row;
        row.reserve(static_cast<std::size_t>(width));
        for (int c = 0; c < width; ++c) {
          SQLite::Column col = stmt.getColumn(c);
          if (col.isNull()) {
            row.emplace_back(std::nullopt);
          } else {
            row.emplace_back(col.getString());
          }
        }
        rows.rows.push_back(std::move(row));
      }
      stmt.reset();  // an unreset statement would keep its read open
      return rows;
    } catch (const SQLite::Exception& e) {
      // Prepared afresh next time (erasing a statement never cached is a no-op).
      Error err = driver_error(e, sql);
      if (auto it = query_statements_.find(sql); it != query_statements_.end()) {
        query_statements_.erase(it);
      }
      (void)finish_rollback();
      return err;
    }
  }

  // BEGIN IMMEDIATE takes the write lock now, so two migrators serialise here
  // (waiting up to the busy timeout) rather than failing at their first write.
  Status begin() override { return execute("BEGIN IMMEDIATE"); }
  Status commit() override { return execute("COMMIT"); }
  Status rollback() override {
    // SQLite may have rolled back already (a constraint error, a full disk).
    if (in_transaction()) {
      if (Status s = execute("ROLLBACK"); !s) return s;
    }
    return finish_rollback();
  }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_->getHandle()) == 0; }
  std::size_t round_trips() const override { return round_trips_; }

  Result<PreparedStatement*> prepare(std::string_view sql) override {
    if (auto it = statements_.find(sql); it != statements_.end()) {
      it->second->clear();
      return static_cast<PreparedStatement*>(it->second.get());
    }
    Result<std::unique_ptr<SqlitePrepared>> made =
        SqlitePrepared::create(db_->getHandle(), sql, &round_trips_);
    if (!made) return std::move(made).error();
    ++statements_prepared_;
    PreparedStatement* st = made->get();
    statements_.emplace(std::string(sql), std::move(*made));
    return st;
  }
  std::size_t statements_prepared() const override { return statements_prepared_; }

 private:
  // Inspecting N tables runs the same pragma queries N times over; preparing
  // each once saves most of the cost. SQLite prepares a statement again by
  // itself when the schema changes under it.
  SQLite::Statement& prepared(std::string_view sql) {
    auto it = query_statements_.find(sql);
    if (it == query_statements_.end()) {
      if (query_statements_.size() >= kMaxCachedStatements) query_statements_.clear();
      auto stmt = std::make_unique<SQLite::Statement>(*db_, std::string(sql));
      it = query_statements_.emplace(std::string(sql), std::move(stmt)).first;
    }
    it->second->reset();
    it->second->clearBindings();
    return *it->second;
  }

  Status finish_rollback() { return sqlite::finish_rollback(db_->getHandle()); }

  static constexpr std::size_t kMaxCachedStatements = 64;
  std::unique_ptr<SQLite::Database> db_;
  // Declared after db_ so the statements are finalized before it closes.
  std::unordered_map<std::string, std::unique_ptr<SqlitePrepared>, TextHash, std::equal_to<>>
      statements_;
  std::size_t statements_prepared_ = 0;
  // query()'s own statements (text in, text out), kept apart from prepare()'s.
  std::map<std::string, std::unique_ptr<SQLite::Statement>, std::less<>> query_statements_;
  std::size_t round_trips_ = 0;
};

}  // namespace

Result<std::string> path_from_url(std::string_view url) {
  constexpr std::string_view kPrefix = "sqlite://";
  if (url.substr(0, kPrefix.size()) != kPrefix) {
    return Error::bad_input(
        fmt::format("'{}' is not a SQLite URL", url),
        "write sqlite:///relative/path.db, sqlite:////absolute/path.db or sqlite://");
  }
  std::string_view rest = url.substr(kPrefix.size());
  if (auto q = rest.find('?'); q != std::string_view::npos) rest = rest.substr(0, q);
  if (rest.empty() || rest == "/" || rest == "/:memory:") return std::string(":memory:");
  if (rest.front() != '/') {
    return Error::bad_input(
        fmt::format("SQLite URL '{}' names a host; SQLite has none", url),
        "use three slashes for a relative path (sqlite:///app.db) or four for an "
        "absolute one (sqlite:////var/app.db)");
  }
  return std::string(rest.substr(1));
}

Result<std::unique_ptr<Connection>> open_sqlite(std::string_view url) {
  Result<std::string> path = path_from_url(url);
  if (!path) return path.error();
  try {
    // NOMUTEX: a Connection is used by one thread at a time, so SQLite's
    // per-call locking of the handle is pure cost on the row-reading path.
    auto db = std::make_unique<SQLite::Database>(
        *path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, kBusyTimeoutMs);
    // A build with SQLITE_DEFAULT_FOREIGN_KEYS=1 turns enforcement on, and a
    // rebuild's DROP TABLE of a parent would then cascade into its children.
    // The pragma is a no-op inside a transaction, so it runs here, first.
    db->exec("PRAGMA foreign_keys = OFF");
    return std::unique_ptr<Connection>(std::make_unique<SqliteConnection>(std::move(db)));
  } catch (const SQLite::Exception& e) {
    Error err =
        Error::database(fmt::format("cannot open SQLite database '{}': {}", *path, e.what()),
                        "check that the directory exists and is writable");
    err.sqlstate = std::to_string(e.getExtendedErrorCode());
    err.sqlstate_label = fmt::format("SQLite error {}", err.sqlstate);
    return err;
  }
}

}  // namespace retort::sqlite
