// retort/postgresql: PreparedStatement over libpqxx, and the reading of the
// server's errors (SQLSTATE, constraint violations).
//
// A statement is prepared once per connection under a generated name
// (PQprepare with no parameter types, so the server infers uuid,
// timestamptz, enum types from where each $n stands). Parameters travel as
// text; blobs as bytea hex ("\x00ff"), decoded again on the way out; arrays as
// array literals (pg_array.hpp). A
// result is read whole on the first step(); later steps walk its rows.
//
// Example:
//   auto st = PgPrepared::create(conn, "retort_1", "SELECT \"a\" FROM \"t\" WHERE \"b\" = $1", &n);
//   (*st)->bind_int(0, 7);
//   while (*(*st)->step()) use((*st)->get_text(0));
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"

namespace pqxx {
class connection_base;
}

namespace retort::postgresql {

// An Error for a message libpq/the server gave (`what`, possibly several
// lines with DETAIL/HINT) and `sqlstate`: kDatabase, the first line as the
// message, DETAIL and HINT as the hint. SQLSTATE 23505/23503/23502/23514
// set the violation, and the constraint the message names (for NOT NULL,
// "table.column").
Error server_error(std::string_view what, std::string_view sqlstate, std::string_view sql);

class PgPrepared final : public PreparedStatement {
 public:
  // Prepares `sql` on the server as `name`; kDatabase when the server
  // refuses it. `executions` is bumped on every execution (round trips).
  static Result<std::unique_ptr<PgPrepared>> create(pqxx::connection_base& conn, std::string name,
                                                    std::string_view sql, std::size_t* executions);
  ~PgPrepared() override;
  PgPrepared(const PgPrepared&) = delete;
  PgPrepared& operator=(const PgPrepared&) = delete;

  void bind_null(int index) override;
  void bind_int(int index, std::int64_t value) override;
  void bind_double(int index, double value) override;
  void bind_bool(int index, bool value) override;
  // Text is always copied. PostgreSQL text cannot hold NUL (0x00): such a
  // value makes the next step() fail with kBadInput.
  void bind_text(int index, std::string_view value, Lifetime lifetime) override;
  void bind_blob(int index, std::span<const std::byte> value, Lifetime lifetime) override;
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
  std::size_t rows_ahead() const override;
  void reset() override;

 private:
  struct State;
  PgPrepared(pqxx::connection_base& conn, std::string name, std::string sql,
             std::size_t* executions);
  std::string& slot(int index);  // the parameter's text, marked non-NULL

  pqxx::connection_base& conn_;
  std::string name_;
  std::string sql_;
  std::size_t* executions_;
  std::vector<std::string> values_;
  std::vector<char> set_;  // per parameter: 1 bound non-NULL
  std::optional<Error> bind_error_;
  std::unique_ptr<State> state_;  // the current result (pqxx types)
  std::int64_t rows_affected_ = 0;
};

}  // namespace retort::postgresql
