// retort: the Connection as a Session holds it (private to core/model).
//
// Forwards everything to the driver's connection, and
//   - reports each statement to the StatementHook, when one is set: SQL run
//     with execute()/execute_batch()/query(), BEGIN/COMMIT/ROLLBACK, and
//     each execution of a prepared statement (prepare() then hands out a
//     LoggedStatement around the cached one; without a hook it hands out
//     the cached one itself, so the hot path is unchanged);
//   - remembers that the connection was lost (SQLSTATE class 08, or the
//     server ending the session, 57P01-57P03), so a SessionPool replaces it.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "core/connection.hpp"
#include "core/model/statement_log.hpp"

namespace retort::detail {

// A PreparedStatement that calls the hook at its first step() after a
// reset (or preparation) with the SQL and the parameters bound since.
class LoggedStatement final : public PreparedStatement {
 public:
  LoggedStatement(PreparedStatement& inner, std::string sql)
      : inner_(inner), sql_(std::move(sql)) {}
  const std::string& sql() const { return sql_; }
  void arm(const StatementHook* hook) {
    hook_ = hook;
    bound_ = 0;
    started_ = false;
  }

  void bind_null(int index) override { inner_.bind_null(note(index)); }
  void bind_int(int index, std::int64_t value) override { inner_.bind_int(note(index), value); }
  void bind_double(int index, double value) override { inner_.bind_double(note(index), value); }
  void bind_bool(int index, bool value) override { inner_.bind_bool(note(index), value); }
  void bind_text(int index, std::string_view value, Lifetime lifetime) override {
    inner_.bind_text(note(index), value, lifetime);
  }
  void bind_blob(int index, std::span<const std::byte> value, Lifetime lifetime) override {
    inner_.bind_blob(note(index), value, lifetime);
  }
  void bind_array(int index, std::span<const ArrayItem> items) override {
    inner_.bind_array(note(index), items);
  }
  Result<bool> step() override;
  int column_count() const override { return inner_.column_count(); }
  bool is_null(int column) const override { return inner_.is_null(column); }
  std::int64_t get_int(int column) const override { return inner_.get_int(column); }
  double get_double(int column) const override { return inner_.get_double(column); }
  bool get_bool(int column) const override { return inner_.get_bool(column); }
  std::string_view get_text(int column) const override { return inner_.get_text(column); }
  std::span<const std::byte> get_blob(int column) const override { return inner_.get_blob(column); }
  Result<std::vector<Cell>> get_array(int column) const override {
    return inner_.get_array(column);
  }
  std::size_t rows_ahead() const override { return inner_.rows_ahead(); }
  std::int64_t rows_affected() const override { return inner_.rows_affected(); }
  std::optional<std::int64_t> last_insert_id() const override { return inner_.last_insert_id(); }
  void reset() override;

 private:
  int note(int index) {
    const auto n = static_cast<std::size_t>(index) + 1;
    if (n > bound_) bound_ = n;
    return index;
  }

  PreparedStatement& inner_;
  std::string sql_;
  const StatementHook* hook_ = nullptr;
  std::size_t bound_ = 0;
  bool started_ = false;
};

class SessionConnection final : public Connection {
 public:
  explicit SessionConnection(std::unique_ptr<Connection> inner) : inner_(std::move(inner)) {}

  void set_hook(StatementHook hook) { hook_ = std::move(hook); }
  const StatementHook& hook() const { return hook_; }
  // True once an error said the connection is gone; note() reports errors
  // that did not pass through here (a prepared statement's step()).
  bool broken() const { return broken_; }
  void note(const Error& error);

  const Dialect& dialect() const override { return inner_->dialect(); }
  Status execute(std::string_view sql) override;
  Status execute_batch(std::span<const std::string> statements, std::size_t* failed) override;
  Result<Rows> query(std::string_view sql, const std::vector<Cell>& params) override;
  Status begin() override;
  Status commit() override;
  Status rollback() override;
  bool in_transaction() const override { return inner_->in_transaction(); }
  Result<PreparedStatement*> prepare(std::string_view sql) override;
  std::size_t statements_prepared() const override { return inner_->statements_prepared(); }
  std::size_t round_trips() const override { return inner_->round_trips(); }

 private:
  void log(std::string_view sql, std::size_t parameters) const {
    if (hook_) hook_(StatementEvent{sql, parameters});
  }
  Status checked(Status s);

  std::unique_ptr<Connection> inner_;
  StatementHook hook_;
  bool broken_ = false;
  // One LoggedStatement per cached statement, made while a hook is set.
  std::unordered_map<PreparedStatement*, std::unique_ptr<LoggedStatement>> logged_;
};

}  // namespace retort::detail
