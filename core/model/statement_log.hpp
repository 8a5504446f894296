// retort: the statement log hook, SQLModel's echo=True.
//
// A StatementHook set on a Session (Session::set_statement_hook) or on a
// SessionPool is called with every statement the Session sends: each
// execution of a prepared statement (an add_all of several batches calls
// it once per batch), BEGIN / COMMIT / ROLLBACK of its transactions, and
// the DDL create_all() runs through Session::execute().
//
// The hook is given the SQL text and the number of parameters bound,
// never their values: the values are application data (a password hash,
// a token, personal data) that a log must not receive by default, and the
// SQL text never holds a value because every value is a bound parameter.
//
// Threads: the hook runs synchronously on the thread calling the Session,
// just before the statement is sent (so a statement that then fails is
// logged too). A hook set on a pool runs on every thread that holds a
// session of it, so it must be safe to call concurrently; echo_to() is.
// An exception thrown by the hook propagates out of the Session call and
// the statement is not sent.
//
// Example:
//   session.set_statement_hook(retort::echo_to(std::cerr));
//   // retort: SELECT "id", "name" FROM "hero" WHERE "id" = ? -- 1 parameter
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string_view>

namespace retort {

struct StatementEvent {
  std::string_view sql;        // as sent (placeholders ? or $n)
  std::size_t parameters = 0;  // how many were bound
};

using StatementHook = std::function<void(const StatementEvent&)>;

// A hook writing "retort: SQL -- N parameters" lines to `out`, one whole
// line at a time under a lock (safe from several threads). `out` must
// outlive every session the hook is set on.
StatementHook echo_to(std::ostream& out);

}  // namespace retort
