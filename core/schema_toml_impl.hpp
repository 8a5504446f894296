// retort internals: schema objects <-> TOML tables, shared by the models.toml
// reader/writer (core/models_toml.cpp) and the revision-file ops
// (core/ops_toml.cpp), so a table or column has exactly one TOML form.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/naming.hpp"
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

// Column-level shorthands that make table-level objects.
struct ColumnShorthands {
  bool unique = false;
  bool index = false;
  std::string foreign_key;  // "table.col" or "schema.table.col"
  std::string on_delete;
  std::string on_update;
};

// Parses a column. `extras` non-null allows the table-context shorthand keys.
Result<Column> parse_column(const toml::table& entry, const std::string& source,
                            const std::string& table, ColumnShorthands* extras);
// The column's own keys (no shorthands), as an inline table.
toml::table column_toml(const Column& column);

// Index / unique / foreign key / check entries, as in a table's
// `indexes`, `unique`, `foreign_keys`, `checks` arrays. An unnamed one is
// named by `naming` for `table`.
Result<Index> parse_index(const toml::table& entry, const std::string& source,
                          const std::string& table, const NamingConvention& naming);
Result<UniqueConstraint> parse_unique(const toml::table& entry, const std::string& source,
                                      const std::string& table, const NamingConvention& naming);
Result<ForeignKey> parse_foreign_key(const toml::table& entry, const std::string& source,
                                     const std::string& table, const NamingConvention& naming);
Result<CheckConstraint> parse_check(const toml::table& entry, const std::string& source,
                                    const std::string& table);
toml::table index_toml(const Index& index);
toml::table unique_toml(const UniqueConstraint& unique);
toml::table foreign_key_toml(const ForeignKey& foreign_key);
toml::table check_toml(const CheckConstraint& check);

// A whole table. `name_key` is "name" in models.toml and "table" in ops;
// `ignored` keys (e.g. "op") are allowed and skipped. The result is finished
// (Table::finish) but not validated.
Result<Table> parse_table(const toml::table& entry, const std::string& source,
                          const NamingConvention& naming, std::string_view name_key,
                          std::initializer_list<std::string_view> ignored = {});
// The inverse of parse_table: shorthands where names follow `naming`.
// `enums` supplies values for enum columns whose Type carries none.
toml::table table_toml(const Table& table, const NamingConvention& naming,
                       const std::vector<Enum>& enums, std::string_view name_key);

// Checks references inside one table: duplicate columns or names, indexes and
// constraints naming missing columns. Errors carry `source` and the line.
Status validate_table(const Table& table, const std::string& source);

// Formats a TOML table as `key = value` lines (or an inline `{ ... }`), keys
// in a readable order (op, name, type, ... first), nested tables inline and
// arrays of tables one element per line.
std::string format_entry(const toml::table& entry);
// `top_level`: a value of the entry itself (an array of tables may then span
// lines); nested values stay on one line, as TOML inline tables must.
std::string format_value(const toml::node& node, bool top_level);

}  // namespace retort::detail
