// retort: errors as values.
//
// Every fallible function in the library returns Status or Result<T>. An
// Error says what went wrong, where (file, line, table, column, statement)
// and what to do about it. The CLI maps Error::code to the process exit code
// in one place (docs/commands.md lists the codes).
//
// Example:
//   Result<Type> t = parse_type("varchar(100)");
//   if (!t) return t.error();
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <variant>

namespace retort {

enum class ErrorCode {
  kBadInput = 2,   // usage, config, models, revision files: nothing was run
  kDatabase = 3,   // the database refused or failed; the transaction rolled back
  kInternal = 70,  // a bug in retort
};

// What kind of integrity rule a database error broke, as the dialect reads
// it from the driver (SQLSTATE class 23, SQLite's extended result codes).
enum class Violation {
  kNone,
  kUnique,  // unique constraint or primary key
  kForeignKey,
  kNotNull,
  kCheck,
};

struct Error {
  ErrorCode code = ErrorCode::kBadInput;
  std::string message;  // what went wrong, one sentence, no trailing period
  std::string hint;     // what to do about it (may be empty)
  std::string file;     // where: a file path, if there is one
  int line = 0;         // 1-based line in `file`, 0 if unknown
  std::string table;    // schema object involved, if any
  std::string column;
  std::string sqlstate;  // database errors: SQLSTATE or SQLite result code
  // `sqlstate` as the database's own documentation names it, for messages:
  // "SQLSTATE 42601", "SQLite error 1". Set by the dialect with `sqlstate`.
  std::string sqlstate_label;
  std::string statement;                   // database errors: the SQL that failed
  Violation violation = Violation::kNone;  // database errors: integrity rule broken
  std::string constraint;                  // its name when the database says (or columns, SQLite)

  static Error bad_input(std::string message, std::string hint = {});
  static Error database(std::string message, std::string hint = {});
  static Error internal(std::string message);

  // Fluent setters so call sites read as one expression.
  Error& at(std::string file_path, int line_no = 0);
  Error& on(std::string table_name, std::string column_name = {});
  Error& with_statement(std::string sql);
  Error& with_hint(std::string h);

  // "FILE:LINE: MESSAGE (table T, column C)" without the hint.
  std::string describe() const;
};

// Result<T> holds a value or the Error that explains why there is none.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Status is a Result with no value: Status{} is success.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::make_unique<Error>(std::move(error))) {}  // NOLINT
  Result(const Result& other)
      : error_(other.error_ ? std::make_unique<Error>(*other.error_) : nullptr) {}
  Result& operator=(const Result& other) {
    if (this != &other) error_ = other.error_ ? std::make_unique<Error>(*other.error_) : nullptr;
    return *this;
  }
  Result(Result&&) noexcept = default;
  Result& operator=(Result&&) noexcept = default;

  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return error_ ? *error_ : no_error(); }
  Error&& error() && {
    if (!error_) error_ = std::make_unique<Error>();
    return std::move(*error_);
  }

 private:
  static const Error& no_error() {
    static const Error none;
    return none;
  }
  // Held out of line so success (the hot path: every row a model reads)
  // costs one null pointer, not an Error's strings.
  std::unique_ptr<Error> error_;
};

using Status = Result<void>;

}  // namespace retort
