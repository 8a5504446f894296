// PreparedStatement over libpqxx; see pg_prepared.hpp.
#include "dialects/postgresql/pg_prepared.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <pqxx/pqxx>

#include "dialects/postgresql/pg_array.hpp"

namespace retort::postgresql {
namespace {

// The text between `"` after `marker` and the last `"` of `line`:
// 'violates unique constraint "hero_name_key"' -> hero_name_key.
std::string quoted_after(std::string_view line, std::string_view marker) {
  const std::size_t at = line.find(marker);
  if (at == std::string_view::npos) return {};
  const std::size_t open = at + marker.size();
  const std::size_t close = line.rfind('"');
  if (close == std::string_view::npos || close <= open) return {};
  return std::string(line.substr(open, close - open));
}

// The first quoted name after `marker`, up to the next `"`.
std::string first_quoted_after(std::string_view line, std::string_view marker) {
  const std::size_t at = line.find(marker);
  if (at == std::string_view::npos) return {};
  const std::size_t open = at + marker.size();
  const std::size_t close = line.find('"', open);
  if (close == std::string_view::npos) return {};
  return std::string(line.substr(open, close - open));
}

// libpqxx 6.4 does not expose the error's constraint field, so the name is
// read from the message, whose wording is fixed for these SQLSTATEs.
void classify(Error& err) {
  const std::string_view m = err.message;
  if (err.sqlstate == "23505") {
    err.violation = Violation::kUnique;
    err.constraint = quoted_after(m, "constraint \"");
  } else if (err.sqlstate == "23503") {
    err.violation = Violation::kForeignKey;
    err.constraint = first_quoted_after(m, "foreign key constraint \"");
  } else if (err.sqlstate == "23514") {
    err.violation = Violation::kCheck;
    err.constraint = quoted_after(m, "check constraint \"");
  } else if (err.sqlstate == "23502") {
    // 'null value in column "name" of relation "hero" violates not-null
    // constraint' (PostgreSQL 13+; older servers leave the relation out).
    err.violation = Violation::kNotNull;
    const std::string column = first_quoted_after(m, "column \"");
    const std::string table = first_quoted_after(m, "relation \"");
    err.constraint = table.empty() ? column : table + "." + column;
  }
}

std::string hex_bytea(std::span<const std::byte> value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.resize(2 + value.size() * 2);
  out[0] = '\\';
  out[1] = 'x';
  std::size_t i = 2;
  for (std::byte b : value) {
    const auto v = static_cast<unsigned>(b);
    out[i++] = kDigits[v >> 4];
    out[i++] = kDigits[v & 0xF];
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Error server_error(std::string_view what, std::string_view sqlstate, std::string_view sql) {
  // libpq messages look like "ERROR:  relation \"x\" does not exist\nLINE 1: ...".
  // The first line is the message; DETAIL and HINT lines become the hint.
  std::string message;
  std::string hint;
  std::size_t pos = 0;
  bool first = true;
  while (pos <= what.size()) {
    std::size_t nl = what.find('\n', pos);
    if (nl == std::string_view::npos) nl = what.size();
    std::string_view line = what.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.empty()) continue;
    if (first) {
      for (std::string_view prefix : {"ERROR:  ", "FATAL:  ", "ERROR: ", "FATAL: "}) {
        if (line.starts_with(prefix)) line.remove_prefix(prefix.size());
      }
      message = std::string(line);
      first = false;
    } else if (line.starts_with("DETAIL:  ") || line.starts_with("HINT:  ")) {
      if (!hint.empty()) hint += "; ";
      hint += std::string(line.substr(line.find(' ') + 2));
    }
  }
  while (!message.empty() && (message.back() == ' ' || message.back() == '\n')) message.pop_back();
  Error err =
      Error::database(message.empty() ? "the PostgreSQL server reported an error" : message, hint);
  err.sqlstate = std::string(sqlstate);
  if (!sqlstate.empty()) err.sqlstate_label = fmt::format("SQLSTATE {}", sqlstate);
  if (!sql.empty()) err.with_statement(std::string(sql));
  classify(err);
  return err;
}

struct PgPrepared::State {
  // The current row's fields, read once per row: each pqxx::row or
  // pqxx::field made shares the result (two atomic reference counts), so
  // reading through them per call cost more than libpq itself on large
  // selects.
  struct Cell {
    const char* text = "";
    std::size_t size = 0;
    bool null = true;
  };
  pqxx::result result;
  pqxx::result::const_iterator current;  // the current row once stepping
  bool executed = false;
  pqxx::result::size_type row = 0;  // 1-based once stepping: 0 = before the first row
  std::vector<Cell> cells;          // of the current row
  mutable std::vector<std::vector<std::byte>> blobs;  // decoded bytea, per column

  void load_row() {
    const auto n = static_cast<std::size_t>(result.columns());
    cells.resize(n);
    auto field = current.begin();
    for (std::size_t c = 0; c < n; ++c, ++field) {
      cells[c] = Cell{field.c_str(), field.size(), field.is_null()};
    }
  }
};

PgPrepared::PgPrepared(pqxx::connection_base& conn, std::string name, std::string sql,
                       std::size_t* executions)
    : conn_(conn),
      name_(std::move(name)),
      sql_(std::move(sql)),
      executions_(executions),
      state_(std::make_unique<State>()) {}

PgPrepared::~PgPrepared() = default;

Result<std::unique_ptr<PgPrepared>> PgPrepared::create(pqxx::connection_base& conn,
                                                       std::string name, std::string_view sql,
                                                       std::size_t* executions) {
  std::string text(sql);
  try {
    conn.prepare(name, text);
    conn.prepare_now(name);  // so a bad statement fails here, not at its first use
  } catch (const pqxx::sql_error& e) {
    try {
      conn.unprepare(name);
    } catch (...) {  // NOLINT(bugprone-empty-catch): forgetting the name is best effort
    }
    return server_error(e.what(), e.sqlstate(), text);
  } catch (const pqxx::broken_connection& e) {
    return server_error(e.what(), "08006", text)
        .with_hint("the connection to the PostgreSQL server was lost");
  } catch (const std::exception& e) {
    return server_error(e.what(), "", text);
  }
  return std::unique_ptr<PgPrepared>(
      new PgPrepared(conn, std::move(name), std::move(text), executions));
}

std::string& PgPrepared::slot(int index) {
  const auto i = static_cast<std::size_t>(index);
  if (i >= values_.size()) {
    values_.resize(i + 1);
    set_.resize(i + 1, 0);
  }
  set_[i] = 1;
  return values_[i];
}

void PgPrepared::bind_null(int index) {
  slot(index);
  set_[static_cast<std::size_t>(index)] = 0;
}
void PgPrepared::bind_int(int index, std::int64_t value) {
  std::string& s = slot(index);
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  s.assign(buf, end);
}
void PgPrepared::bind_double(int index, double value) {
  std::string& s = slot(index);
  if (std::isnan(value)) {
    s = "NaN";
  } else if (std::isinf(value)) {
    s = value > 0 ? "Infinity" : "-Infinity";
  } else {
    s = fmt::format("{}", value);  // shortest text that reads back exactly
  }
}
void PgPrepared::bind_bool(int index, bool value) { slot(index) = value ? "true" : "false"; }
void PgPrepared::bind_text(int index, std::string_view value, Lifetime /*lifetime*/) {
  if (value.find('\0') != std::string_view::npos && !bind_error_) {
    bind_error_ = Error::bad_input(
        fmt::format("parameter {} contains a NUL character (0x00), which PostgreSQL text "
                    "cannot store",
                    index + 1),
        "remove the NUL or store the value in a blob (bytea) column");
    bind_error_->with_statement(sql_);
  }
  slot(index).assign(value.data() != nullptr ? value.data() : "", value.size());
}
void PgPrepared::bind_blob(int index, std::span<const std::byte> value, Lifetime /*lifetime*/) {
  slot(index) = hex_bytea(value);
}

void PgPrepared::bind_array(int index, std::span<const ArrayItem> items) {
  for (const ArrayItem& item : items) {
    if (item.text.find('\0') != std::string::npos && !bind_error_) {
      bind_error_ = Error::bad_input(
          fmt::format("parameter {} has an item with a NUL character (0x00), which PostgreSQL "
                      "text cannot store",
                      index + 1),
          "remove the NUL from the item");
      bind_error_->with_statement(sql_);
    }
  }
  slot(index) = array_literal(items);
}

Result<bool> PgPrepared::step() {
  State& st = *state_;
  if (!st.executed) {
    if (bind_error_) return *bind_error_;
    st.executed = true;
    if (executions_ != nullptr) ++*executions_;
    std::vector<const char*> params(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      params[i] = set_[i] ? values_[i].c_str() : nullptr;
    }
    try {
      pqxx::nontransaction tx(conn_);
      st.result = tx.exec_prepared(name_, pqxx::prepare::make_dynamic_params(params));
    } catch (const pqxx::sql_error& e) {
      return server_error(e.what(), e.sqlstate(), sql_);
    } catch (const pqxx::broken_connection& e) {
      return server_error(e.what(), "08006", sql_)
          .with_hint("the connection to the PostgreSQL server was lost");
    } catch (const std::exception& e) {
      return server_error(e.what(), "", sql_);
    }
    rows_affected_ = static_cast<std::int64_t>(st.result.affected_rows());
    st.row = 0;
    st.current = st.result.begin();
  } else if (st.row > 0 && st.row < st.result.size()) {
    ++st.current;
  }
  if (st.row >= st.result.size()) return false;
  ++st.row;
  st.load_row();
  return true;
}

int PgPrepared::column_count() const { return static_cast<int>(state_->result.columns()); }

std::size_t PgPrepared::rows_ahead() const {
  const State& st = *state_;
  return st.executed && st.row > 0 && st.row < st.result.size() ? st.result.size() - st.row : 0;
}

bool PgPrepared::is_null(int column) const {
  return state_->cells[static_cast<std::size_t>(column)].null;
}
std::int64_t PgPrepared::get_int(int column) const {
  std::string_view t = get_text(column);
  std::int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}
double PgPrepared::get_double(int column) const {
  std::string_view t = get_text(column);
  if (t == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (t == "Infinity") return std::numeric_limits<double>::infinity();
  if (t == "-Infinity") return -std::numeric_limits<double>::infinity();
  double v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}
bool PgPrepared::get_bool(int column) const {
  std::string_view t = get_text(column);
  return !t.empty() && (t[0] == 't' || t[0] == '1');
}
std::string_view PgPrepared::get_text(int column) const {
  const State::Cell& cell = state_->cells[static_cast<std::size_t>(column)];
  return {cell.text, cell.size};
}
std::span<const std::byte> PgPrepared::get_blob(int column) const {
  State& st = *state_;
  const auto c = static_cast<std::size_t>(column);
  if (st.blobs.size() <= c) st.blobs.resize(c + 1);
  std::vector<std::byte>& out = st.blobs[c];
  out.clear();
  const std::string_view t = get_text(column);
  if (t.starts_with("\\x")) {
    out.reserve((t.size() - 2) / 2);
    for (std::size_t i = 2; i + 1 < t.size(); i += 2) {
      out.push_back(static_cast<std::byte>(hex_digit(t[i]) * 16 + hex_digit(t[i + 1])));
    }
  } else {
    // bytea_output = 'escape': let libpq undo it.
    pqxx::binarystring b(st.result[st.row - 1][static_cast<pqxx::row::size_type>(column)]);
    const auto* p = reinterpret_cast<const std::byte*>(b.data());
    out.assign(p, p + b.size());
  }
  return out;
}

Result<std::vector<Cell>> PgPrepared::get_array(int column) const {
  return array_items(get_text(column));
}

void PgPrepared::reset() {
  // The texts keep their capacity for the next execution.
  std::fill(set_.begin(), set_.end(), 0);
  bind_error_.reset();
  state_->result = pqxx::result();
  state_->current = pqxx::result::const_iterator();
  state_->cells.clear();
  state_->executed = false;
  state_->row = 0;
  rows_affected_ = 0;
}

}  // namespace retort::postgresql
