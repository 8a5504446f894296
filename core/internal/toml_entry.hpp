// retort internals: reading and writing one TOML entry (a table of a
// models.toml or an op of a revision file). EntryReader reads a table with a
// fixed set of keys and turns every type error or unknown key into a
// kBadInput Error with the file and line; format_entry writes a table back as
// TOML text in a stable, readable key order. Knows nothing of which keys a
// schema object has (core/internal/schema_toml.hpp).
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/schema.hpp"

namespace retort::detail {

// 1-based line where `node` starts, 0 if unknown.
int line_of(const toml::node& node);

// Reads one TOML table with a fixed set of keys, reporting type errors and
// unknown keys with the file and line.
class EntryReader {
 public:
  EntryReader(const toml::table& entry, const std::string& source, std::string_view what,
              std::vector<std::string_view> allowed);

  // Names the schema object in errors (Error::on).
  void set_context(std::string table, std::string column = {});

  // kBadInput for the first key not in `allowed`; `ignored` keys are skipped.
  Status check_keys(std::initializer_list<std::string_view> ignored = {}) const;

  bool has(std::string_view key) const { return entry_.contains(key); }
  int line() const { return line_of(entry_); }
  int line(std::string_view key) const;
  const toml::node* node(std::string_view key) const { return entry_.get(key); }

  Result<std::string> required_string(std::string_view key) const;
  Result<std::string> string(std::string_view key, std::string fallback = {}) const;
  Result<bool> boolean(std::string_view key, bool fallback = false) const;
  Result<std::vector<std::string>> strings(std::string_view key) const;
  Result<const toml::array*> array(std::string_view key) const;  // nullptr when absent
  Result<Literal> literal(std::string_view key) const;           // REQUIRES: has(key)

  Error error(std::string message, int at_line = 0, std::string hint = {}) const;

 private:
  const toml::table& entry_;
  const std::string& source_;
  std::string what_;
  std::vector<std::string_view> allowed_;
  std::string table_;
  std::string column_;
};

// A literal default as a TOML value (int, float, bool or string).
void insert_literal(toml::table& out, std::string_view key, const Literal& value);

// Formats a TOML table as `key = value` lines (or an inline `{ ... }`), keys
// in a readable order (op, name, type, ... first), nested tables inline and
// arrays of tables one element per line.
std::string format_entry(const toml::table& entry);
// `top_level`: a value of the entry itself (an array of tables may then span
// lines); nested values stay on one line, as TOML inline tables must.
std::string format_value(const toml::node& node, bool top_level);

}  // namespace retort::detail
