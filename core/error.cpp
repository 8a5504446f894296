#include "core/error.hpp"

#include <fmt/format.h>

namespace retort {

Error Error::bad_input(std::string message, std::string hint) {
  Error e;
  e.code = ErrorCode::kBadInput;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

Error Error::database(std::string message, std::string hint) {
  Error e;
  e.code = ErrorCode::kDatabase;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

Error Error::internal(std::string message) {
  Error e;
  e.code = ErrorCode::kInternal;
  e.message = std::move(message);
  e.hint = "this is a bug in retort; please report it with the command you ran";
  return e;
}

Error& Error::at(std::string file_path, int line_no) {
  file = std::move(file_path);
  line = line_no;
  return *this;
}

Error& Error::on(std::string table_name, std::string column_name) {
  table = std::move(table_name);
  column = std::move(column_name);
  return *this;
}

Error& Error::with_statement(std::string sql) {
  statement = std::move(sql);
  return *this;
}

Error& Error::with_hint(std::string h) {
  hint = std::move(h);
  return *this;
}

std::string Error::describe() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += fmt::format(":{}", line);
    out += ": ";
  }
  out += message;
  if (!table.empty()) {
    out += column.empty() ? fmt::format(" (table \"{}\")", table)
                          : fmt::format(" (table \"{}\", column \"{}\")", table, column);
  }
  return out;
}

}  // namespace retort
