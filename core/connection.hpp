// retort: the Connection interface every dialect implements.
//
// A Connection runs SQL and returns rows as text. Implementations live in
// dialects/ and translate their driver's exceptions into Error values with
// code kDatabase, the SQLSTATE (or SQLite result code) and the statement.
// Nothing above dialects/ includes a driver header.
#pragma once

#include <memory>
#include <optional>
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

class Connection {
 public:
  virtual ~Connection() = default;

  virtual const Dialect& dialect() const = 0;

  // Runs one statement (or several separated by ';' where the driver allows)
  // that returns no rows.
  virtual Status execute(std::string_view sql) = 0;

  // Runs a query with positional parameters ($1.. on PostgreSQL, ? on SQLite)
  // bound as text, never pasted into the SQL.
  virtual Result<Rows> query(std::string_view sql, const std::vector<Cell>& params = {}) = 0;

  // Transactions. begin() on SQLite takes the write lock (BEGIN IMMEDIATE).
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  virtual bool in_transaction() const = 0;

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
