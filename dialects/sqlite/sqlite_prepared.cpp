// PreparedStatement over sqlite3_stmt; see sqlite_prepared.hpp.
#include "dialects/sqlite/sqlite_prepared.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <utility>

#include "dialects/sqlite/sqlite_array.hpp"

namespace retort::sqlite {
namespace {

// What a constraint message names: "UNIQUE constraint failed: hero.name"
// -> "hero.name"; "FOREIGN KEY constraint failed" -> "".
std::string constraint_named_in(std::string_view message) {
  constexpr std::string_view kMarker = "constraint failed: ";
  const std::size_t at = message.find(kMarker);
  if (at == std::string_view::npos) return {};
  return std::string(message.substr(at + kMarker.size()));
}

Violation violation_of(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Violation::kUnique;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Violation::kForeignKey;
    case SQLITE_CONSTRAINT_NOTNULL:
      return Violation::kNotNull;
    case SQLITE_CONSTRAINT_CHECK:
      return Violation::kCheck;
    default:
      return Violation::kNone;
  }
}

}  // namespace

Error sqlite_error(int extended_code, std::string_view message, std::string_view sql) {
  Error err = Error::database(std::string(message));
  // SQLite's "database is locked" reads like a fault of the file; it is
  // another connection's write lock, outlasting the busy timeout. Other
  // SQLITE_BUSY texts (e.g. "cannot commit transaction - SQL statements in
  // progress") are about this connection and stay as they are.
  if ((extended_code & 0xff) == SQLITE_BUSY && message == "database is locked") {
    err.message = "database is locked by another process";
    err.hint =
        "another process holds the database's write lock, and this statement did not run; "
        "run it again once that process is done";
  }
  err.sqlstate = std::to_string(extended_code);
  err.sqlstate_label = fmt::format("SQLite error {}", extended_code);
  if (!sql.empty()) err.with_statement(std::string(sql));
  err.violation = violation_of(extended_code);
  if (err.violation != Violation::kNone) err.constraint = constraint_named_in(message);
  return err;
}

Status finish_rollback(sqlite3* db) {
  if (sqlite3_get_autocommit(db) == 0) return {};
  constexpr const char* kRead = "PRAGMA schema_version";
  char* message = nullptr;
  const int rc = sqlite3_exec(db, kRead, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  Error err = sqlite_error(sqlite3_extended_errcode(db),
                           message != nullptr ? message : sqlite3_errstr(rc), kRead);
  sqlite3_free(message);
  err.with_hint(
      "the rollback could not be completed; the next connection that writes to the database "
      "completes it");
  return err;
}

Result<std::unique_ptr<SqlitePrepared>> SqlitePrepared::create(sqlite3* db, std::string_view sql,
                                                               std::size_t* executions) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Error err = sqlite_error(sqlite3_extended_errcode(db), sqlite3_errmsg(db), sql);
    sqlite3_finalize(stmt);
    return err;
  }
  if (stmt == nullptr) {
    return Error::bad_input("the statement is empty").with_statement(std::string(sql));
  }
  return std::unique_ptr<SqlitePrepared>(
      new SqlitePrepared(db, stmt, std::string(sql), executions));
}

SqlitePrepared::~SqlitePrepared() { sqlite3_finalize(stmt_); }

// Parameters are 0-based here, 1-based in SQLite.
void SqlitePrepared::bind_null(int index) {
  dirty_ = true;
  sqlite3_bind_null(stmt_, index + 1);
}
void SqlitePrepared::bind_int(int index, std::int64_t value) {
  dirty_ = true;
  sqlite3_bind_int64(stmt_, index + 1, value);
}
void SqlitePrepared::bind_double(int index, double value) {
  dirty_ = true;
  sqlite3_bind_double(stmt_, index + 1, value);
}
void SqlitePrepared::bind_bool(int index, bool value) {
  dirty_ = true;
  sqlite3_bind_int(stmt_, index + 1, value ? 1 : 0);
}
void SqlitePrepared::bind_text(int index, std::string_view value, Lifetime lifetime) {
  dirty_ = true;
  // A null data pointer would bind NULL; an empty string must stay ''.
  const char* data = value.data() != nullptr ? value.data() : "";
  sqlite3_bind_text64(stmt_, index + 1, data, value.size(),
                      lifetime == Lifetime::kCopy ? SQLITE_TRANSIENT : SQLITE_STATIC, SQLITE_UTF8);
}
void SqlitePrepared::bind_blob(int index, std::span<const std::byte> value, Lifetime lifetime) {
  dirty_ = true;
  if (value.empty()) {
    sqlite3_bind_zeroblob(stmt_, index + 1, 0);  // X'' rather than NULL
    return;
  }
  sqlite3_bind_blob64(stmt_, index + 1, value.data(), value.size(),
                      lifetime == Lifetime::kCopy ? SQLITE_TRANSIENT : SQLITE_STATIC);
}

void SqlitePrepared::bind_array(int index, std::span<const ArrayItem> items) {
  Result<std::string> text = json_array_text(items);
  if (!text) {
    dirty_ = true;
    if (!bind_error_) {
      Error e = std::move(text).error();
      e.message = fmt::format("parameter {}: {}", index + 1, e.message);
      bind_error_ = std::move(e.with_statement(sql_));
    }
    sqlite3_bind_null(stmt_, index + 1);
    return;
  }
  bind_text(index, *text, Lifetime::kCopy);
}

Result<bool> SqlitePrepared::step() {
  if (bind_error_) return *bind_error_;
  if (!started_) {
    started_ = true;
    dirty_ = true;
    rows_affected_ = 0;
    if (executions_ != nullptr) ++*executions_;
  }
  cached_column_ = -1;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    if (sqlite3_stmt_readonly(stmt_) == 0) rows_affected_ = sqlite3_changes64(db_);
    return false;
  }
  Error err = sqlite_error(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_), sql_);
  sqlite3_reset(stmt_);
  (void)finish_rollback(db_);
  return err;
}

int SqlitePrepared::column_count() const { return sqlite3_column_count(stmt_); }

// Connections are opened SQLITE_OPEN_NOMUTEX, so the values a column hands
// out need no mutex held to be read with sqlite3_value_*.
sqlite3_value* SqlitePrepared::value(int column) const {
  if (column != cached_column_) {
    cached_value_ = sqlite3_column_value(stmt_, column);
    cached_column_ = column;
  }
  return cached_value_;
}

bool SqlitePrepared::is_null(int column) const {
  return sqlite3_value_type(value(column)) == SQLITE_NULL;
}
std::int64_t SqlitePrepared::get_int(int column) const {
  return sqlite3_value_int64(value(column));
}
double SqlitePrepared::get_double(int column) const { return sqlite3_value_double(value(column)); }
bool SqlitePrepared::get_bool(int column) const { return sqlite3_value_int64(value(column)) != 0; }
std::string_view SqlitePrepared::get_text(int column) const {
  // text before bytes, as SQLite documents.
  sqlite3_value* v = value(column);
  const auto* data = reinterpret_cast<const char*>(sqlite3_value_text(v));
  if (data == nullptr) return {};
  return {data, static_cast<std::size_t>(sqlite3_value_bytes(v))};
}
std::span<const std::byte> SqlitePrepared::get_blob(int column) const {
  sqlite3_value* v = value(column);
  const auto* data = static_cast<const std::byte*>(sqlite3_value_blob(v));
  if (data == nullptr) return {};
  return {data, static_cast<std::size_t>(sqlite3_value_bytes(v))};
}

Result<std::vector<Cell>> SqlitePrepared::get_array(int column) const {
  return json_array_items(get_text(column));
}

std::optional<std::int64_t> SqlitePrepared::last_insert_id() const {
  return sqlite3_last_insert_rowid(db_);
}

void SqlitePrepared::reset() {
  cached_column_ = -1;
  bind_error_.reset();
  if (!dirty_) return;
  sqlite3_reset(stmt_);
  started_ = false;
  dirty_ = false;
  bound_ = true;
}

void SqlitePrepared::clear() {
  reset();
  // Also forgets pointers bound SQLITE_STATIC, whose memory may be gone.
  if (bound_) sqlite3_clear_bindings(stmt_);
  bound_ = false;
}

}  // namespace retort::sqlite
