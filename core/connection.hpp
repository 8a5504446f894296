// retort: the Connection interface every dialect implements.
//
// A Connection runs SQL and returns rows as text. Implementations live in
// dialects/ and translate their driver's exceptions into Error values with
// code kDatabase, the SQLSTATE (or SQLite result code) and the statement.
// Nothing above dialects/ includes a driver header.
//
// Ownership and threads: connect() (dialects/registry.hpp) hands the caller
// the one owner of a Connection. A Connection is used by one thread at a time
// (neither driver's connection may be shared); statements from prepare() are
// owned and cached by it.
// REQUIRES: a PreparedStatement is not used after its Connection is
// destroyed; the Connection's Dialect outlives it (registry dialects live for
// the whole program).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace retort {

class Dialect;

// A parameter or a cell: SQL NULL is nullopt, everything else is text.
using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

// One item of an array parameter, in text form, and how a JSON array spells
// it: a number or boolean bare, text quoted. The dialect decides how an
// array travels (PostgreSQL: its array literal; SQLite: a JSON array).
struct ArrayItem {
  enum class Kind { kNull, kNumber, kBool, kText };
  Kind kind = Kind::kNull;
  std::string text;  // kNumber: JSON number text; kBool: "true" or "false"
};

// A compiled statement with positional parameters, reused across executions
// (the model runtime's hot path: no per-row parsing, no text conversion of
// values SQLite can bind natively). Parameters and columns are 0-based.
// Obtained from Connection::prepare(), owned and cached by the connection.
//
// Example:
//   Result<PreparedStatement*> st = conn.prepare("INSERT INTO \"t\" (\"a\") VALUES (?)");
//   (*st)->bind_int(0, 42);
//   Result<bool> row = (*st)->step();   // false: done, no row
//   (*st)->reset();
class PreparedStatement {
 public:
  virtual ~PreparedStatement() = default;

  // How long a bound text/blob must stay valid: kUntilStep lets SQLite read
  // the caller's memory in place (it must stay alive until step() returns);
  // kCopy takes a copy.
  enum class Lifetime { kUntilStep, kCopy };

  virtual void bind_null(int index) = 0;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_bool(int index, bool value) = 0;
  virtual void bind_text(int index, std::string_view value,
                         Lifetime lifetime = Lifetime::kUntilStep) = 0;
  virtual void bind_blob(int index, std::span<const std::byte> value,
                         Lifetime lifetime = Lifetime::kUntilStep) = 0;
  // A one-dimensional array (always copied).
  virtual void bind_array(int index, std::span<const ArrayItem> items) = 0;

  // Executes (first call after binding) or advances: true while a row is
  // available. Errors are kDatabase with the statement, the SQLSTATE (or
  // SQLite extended result code) and, for constraint violations, the
  // constraint kind/name the dialect could tell (Error::violation); or
  // kBadInput, running nothing, for a bound value the database cannot
  // store (NUL in PostgreSQL text, an array item SQLite's JSON cannot hold).
  virtual Result<bool> step() = 0;

  // The current row. Text and blob views stay valid until the next step()
  // or reset().
  virtual int column_count() const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t get_int(int column) const = 0;
  virtual double get_double(int column) const = 0;
  virtual bool get_bool(int column) const = 0;
  virtual std::string_view get_text(int column) const = 0;
  virtual std::span<const std::byte> get_blob(int column) const = 0;
  // A one-dimensional array's items as text (NULL items nullopt; SQLite's
  // JSON booleans "true"/"false", PostgreSQL's "t"/"f"). A cell that is not
  // such an array (text, a nested array, an object) is kDatabase.
  virtual Result<std::vector<Cell>> get_array(int column) const = 0;

  // Rows the current execution holds after the current one, where the
  // driver already has them all (PostgreSQL); 0 when it cannot tell
  // (SQLite steps lazily). Lets a reader reserve room once.
  virtual std::size_t rows_ahead() const { return 0; }

  // Rows changed by the last execution (INSERT/UPDATE/DELETE).
  virtual std::int64_t rows_affected() const = 0;
  // The rowid of the row the last execution inserted, where the database
  // keeps one per connection (SQLite's last_insert_rowid); nullopt
  // elsewhere. See Dialect::autoincrement_from_last_insert_id().
  virtual std::optional<std::int64_t> last_insert_id() const { return std::nullopt; }
  // Ends the current execution. Bindings may stay until bound again, so
  // bind every parameter before each step(); prepare() hands out a
  // statement with none.
  virtual void reset() = 0;
};

class Connection {
 public:
  virtual ~Connection() = default;

  virtual const Dialect& dialect() const = 0;

  // Runs one statement (or several separated by ';' where the driver allows)
  // that returns no rows.
  virtual Status execute(std::string_view sql) = 0;

  // Runs `statements` in order, in as few round trips as the driver allows,
  // and stops at the first that fails: the error is then for
  // statements[*failed], and every statement before it ran; *failed ==
  // statements.size() when the driver cannot tell which one failed without
  // running them again (PostgreSQL, after a lock or statement timeout). This default
  // sends them one by one (SQLite has no round trips to save); PostgreSQL
  // sends them as one batch inside a transaction (see PgConnection).
  virtual Status execute_batch(std::span<const std::string> statements, std::size_t* failed) {
    for (std::size_t i = 0; i < statements.size(); ++i) {
      if (Status s = execute(statements[i]); !s) {
        *failed = i;
        return s;
      }
    }
    return {};
  }

  // Runs a query with positional parameters ($1.. on PostgreSQL, ? on SQLite)
  // bound as text, never pasted into the SQL.
  virtual Result<Rows> query(std::string_view sql, const std::vector<Cell>& params = {}) = 0;

  // Transactions. begin() on SQLite takes the write lock (BEGIN IMMEDIATE).
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  virtual bool in_transaction() const = 0;

  // A prepared statement for `sql` (placeholders as Dialect::placeholder()
  // renders them), cached per connection by SQL text: preparing the same
  // text again returns the same statement, reset and with no bindings.
  // Owned by the connection.
  virtual Result<PreparedStatement*> prepare(std::string_view sql) = 0;
  // How many statements prepare() has compiled (cache misses), so tests can
  // see the cache work.
  virtual std::size_t statements_prepared() const { return 0; }

  // How many statements/queries this connection has sent; benchmarks use it
  // to count catalog round trips.
  virtual std::size_t round_trips() const = 0;
};

// RAII transaction: rolls back on destruction unless committed.
class Transaction {
 public:
  explicit Transaction(Connection& conn) : conn_(conn) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (active_) (void)conn_.rollback();
  }
  Status begin() {
    Status s = conn_.begin();
    active_ = s.ok();
    return s;
  }
  // A failed COMMIT leaves the transaction active, so the destructor rolls
  // it back.
  Status commit() {
    Status s = conn_.commit();
    if (s.ok()) active_ = false;
    return s;
  }

 private:
  Connection& conn_;
  bool active_ = false;
};

}  // namespace retort
