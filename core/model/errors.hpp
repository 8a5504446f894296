// retort: the exceptions of the model runtime.
//
// The migration library returns Result/Status; the model runtime (Session,
// from_json, validate) throws, as SQLModel raises: application code reads
// `s.add(hero);` and handles failures where it chooses. Every exception
// carries the Error value the rest of retort uses.
//
//   Exception            base; error() is the full Error
//   ├─ ValidationError   field rules failed; errors() per field; to_json()
//   ├─ DatabaseError     the database refused; violation() and constraint()
//   │  ├─ StaleWriteError  a write to a version_column model found the row
//   │  │                   changed (or removed) since the object was read
//   │  └─ PoolTimeoutError  SessionPool::checkout() found no free session
//   │                      within its checkout_timeout
//   ├─ DeclarationError  a model declaration is wrong (thrown where the
//   │                    retort::table<T> is built, usually at start-up)
//   └─ ExtractError      extract<T>() got no valid answer (extract.hpp)
//
// Example:
//   try { s.add(hero); }
//   catch (const retort::ValidationError& e) { reply(400, e.to_json()); }
//   catch (const retort::DatabaseError& e) {
//     if (e.violation() == retort::Violation::kUnique) reply(409, e.what());
//   }
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace retort {

class Exception : public std::runtime_error {
 public:
  explicit Exception(Error error);
  const Error& error() const { return error_; }

 protected:
  // what() is `what` rather than error.describe().
  Exception(Error error, const std::string& what);

 private:
  Error error_;
};

// One failed rule: the field (column) name, what is wrong ("at most 100
// characters"), and the rule's name ("max_length", "required", "type", ...).
struct FieldError {
  std::string field;
  std::string message;
  std::string rule;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

class ValidationError : public Exception {
 public:
  // what(): "2 errors: name: at most 100 characters; age: must be >= 0"
  ValidationError(std::string table, std::vector<FieldError> errors);
  const std::string& table() const { return table_; }
  const std::vector<FieldError>& errors() const { return errors_; }
  // {"errors": [{"field": "name", "message": "...", "rule": "max_length"}], "table": "hero"}
  nlohmann::json to_json() const;

 private:
  std::string table_;
  std::vector<FieldError> errors_;
};

class DatabaseError : public Exception {
 public:
  explicit DatabaseError(Error error);
  Violation violation() const { return error().violation; }
  const std::string& constraint() const { return error().constraint; }
  const std::string& sqlstate() const { return error().sqlstate; }
};

// update(), patch() or upsert() of a model with a version_column found the
// row at another version than the object's: another writer changed or
// removed it since it was read. Nothing was written. error().table names
// the table; what() names the key and the version expected.
class StaleWriteError : public DatabaseError {
 public:
  explicit StaleWriteError(Error error);
};

// SessionPool::checkout() waited checkout_timeout and no session was
// returned. Nothing was run.
class PoolTimeoutError : public DatabaseError {
 public:
  explicit PoolTimeoutError(Error error);
};

class DeclarationError : public Exception {
 public:
  explicit DeclarationError(Error error);
};

}  // namespace retort
