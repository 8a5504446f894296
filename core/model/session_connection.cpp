// SessionConnection: the statement hook and lost-connection tracking
// around a Session's connection (internal/session_connection.hpp).
#include "core/model/internal/session_connection.hpp"

#include <string_view>

namespace retort::detail {
namespace {

// SQLSTATE class 08 (connection exception) and the server ending the
// session (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
// connect now): the connection cannot be used again.
bool connection_lost(const Error& e) {
  const std::string_view s = e.sqlstate;
  return s.starts_with("08") || s == "57P01" || s == "57P02" || s == "57P03";
}

}  // namespace

Result<bool> LoggedStatement::step() {
  if (!started_) {
    started_ = true;
    if (hook_ != nullptr && *hook_) (*hook_)(StatementEvent{sql_, bound_});
  }
  return inner_.step();
}

void LoggedStatement::reset() {
  inner_.reset();
  bound_ = 0;
  started_ = false;
}

void SessionConnection::note(const Error& error) {
  if (connection_lost(error)) broken_ = true;
}

Status SessionConnection::checked(Status s) {
  if (!s) note(s.error());
  return s;
}

Status SessionConnection::execute(std::string_view sql) {
  log(sql, 0);
  return checked(inner_->execute(sql));
}

Status SessionConnection::execute_batch(std::span<const std::string> statements,
                                        std::size_t* failed) {
  for (const std::string& sql : statements) log(sql, 0);
  return checked(inner_->execute_batch(statements, failed));
}

Result<Rows> SessionConnection::query(std::string_view sql, const std::vector<Cell>& params) {
  log(sql, params.size());
  Result<Rows> rows = inner_->query(sql, params);
  if (!rows) note(rows.error());
  return rows;
}

Status SessionConnection::begin() {
  log("BEGIN", 0);
  return checked(inner_->begin());
}

Status SessionConnection::commit() {
  log("COMMIT", 0);
  return checked(inner_->commit());
}

Status SessionConnection::rollback() {
  if (inner_->in_transaction()) log("ROLLBACK", 0);
  return checked(inner_->rollback());
}

Result<PreparedStatement*> SessionConnection::prepare(std::string_view sql) {
  Result<PreparedStatement*> st = inner_->prepare(sql);
  if (!st) {
    note(st.error());
    return st;
  }
  if (!hook_) return st;
  std::unique_ptr<LoggedStatement>& logged = logged_[*st];
  // The driver may reuse a statement's address for another text after
  // evicting it from its cache.
  if (!logged || logged->sql() != sql)
    logged = std::make_unique<LoggedStatement>(**st, std::string(sql));
  logged->arm(&hook_);
  return static_cast<PreparedStatement*>(logged.get());
}

}  // namespace retort::detail
