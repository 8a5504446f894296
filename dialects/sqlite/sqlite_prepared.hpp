// retort/sqlite: PreparedStatement over the sqlite3 C API, and the reading
// of SQLite's constraint errors.
//
// The model runtime's hot path: a statement is compiled once
// (SQLITE_PREPARE_PERSISTENT), text and blobs bind in place
// (SQLITE_STATIC) unless the caller asks for a copy, and rows are read
// straight from sqlite3_column_* with no allocation per row.
//
// Example:
//   auto st = SqlitePrepared::create(db, "SELECT \"a\" FROM \"t\" WHERE \"b\" = ?");
//   (*st)->bind_int(0, 7);
//   while (*(*st)->step()) use((*st)->get_text(0));
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/connection.hpp"

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_value;

namespace retort::sqlite {

// An Error for SQLite result code `extended_code` with `message`
// (sqlite3_errmsg): kDatabase, sqlstate = the extended code, and for
// SQLITE_CONSTRAINT_* the violation kind and what the message names
// ("UNIQUE constraint failed: hero.name" -> "hero.name"). SQLITE_BUSY's
// "database is locked" becomes "database is locked by another process",
// with a hint.
Error sqlite_error(int extended_code, std::string_view message, std::string_view sql);

// Completes a rollback SQLite left half done. After an I/O error such as
// SQLITE_FULL, SQLite ends the transaction in its cache only: the journal
// stays "hot" and the file keeps the half-written pages until a connection
// reads the file again and plays the journal back. A reader that may not
// write (mode=ro, a read-only mount) cannot, and fails. Reading here, while
// `db` may write, plays it back and deletes the journal. Does nothing inside
// a transaction; with nothing pending it costs one header read. Called after
// every failed statement and before a connection closes.
Status finish_rollback(sqlite3* db);

class SqlitePrepared final : public PreparedStatement {
 public:
  // Compiles `sql` on `db`; kDatabase (with the statement) when SQLite
  // refuses it. `executions` is bumped on every execution (round trips).
  static Result<std::unique_ptr<SqlitePrepared>> create(sqlite3* db, std::string_view sql,
                                                        std::size_t* executions);
  ~SqlitePrepared() override;
  SqlitePrepared(const SqlitePrepared&) = delete;
  SqlitePrepared& operator=(const SqlitePrepared&) = delete;

  void bind_null(int index) override;
  void bind_int(int index, std::int64_t value) override;
  void bind_double(int index, double value) override;
  void bind_bool(int index, bool value) override;
  void bind_text(int index, std::string_view value, Lifetime lifetime) override;
  void bind_blob(int index, std::span<const std::byte> value, Lifetime lifetime) override;
  // A JSON array (sqlite_array.hpp), as TEXT. An item that is not UTF-8
  // makes the next step() fail with kBadInput, running nothing.
  void bind_array(int index, std::span<const ArrayItem> items) override;

  Result<bool> step() override;

  int column_count() const override;
  bool is_null(int column) const override;
  std::int64_t get_int(int column) const override;
  double get_double(int column) const override;
  bool get_bool(int column) const override;
  std::string_view get_text(int column) const override;
  std::span<const std::byte> get_blob(int column) const override;
  Result<std::vector<Cell>> get_array(int column) const override;

  std::int64_t rows_affected() const override { return rows_affected_; }
  std::optional<std::int64_t> last_insert_id() const override;
  // Ends the execution; the bindings stay until bound again.
  void reset() override;
  // reset() and clears the bindings: how prepare() hands out a cached
  // statement.
  void clear();

  const std::string& sql() const { return sql_; }

 private:
  SqlitePrepared(sqlite3* db, sqlite3_stmt* stmt, std::string sql, std::size_t* executions)
      : db_(db), stmt_(stmt), sql_(std::move(sql)), executions_(executions) {}

  // The current row's value of column `column`, fetched once per column:
  // is_null() and the get_*() that follows it share one sqlite3_column_value.
  sqlite3_value* value(int column) const;

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  mutable int cached_column_ = -1;
  mutable sqlite3_value* cached_value_ = nullptr;
  std::string sql_;
  std::size_t* executions_;
  bool started_ = false;  // stepped since the last reset
  bool dirty_ = false;    // bound or stepped since the last reset
  bool bound_ = false;    // may hold bindings (cleared by clear())
  std::int64_t rows_affected_ = 0;
  std::optional<Error> bind_error_;  // a value that cannot be bound: step() returns it
};

}  // namespace retort::sqlite
