// retort: ops <-> TOML tables, in the revision-file vocabulary.
//
// op_to_toml(op) is exactly an `[[upgrade]]` entry of a revision file:
//   op = "add_column", table = "hero", column = { name = "age", ... }
// Columns use the models.toml vocabulary. op_from_toml() reads one back and
// reports unknown ops or keys with the file and line (kBadInput).
// JSON output (`diff --format json`) is the same table converted to JSON.
#pragma once

#include <toml++/toml.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/ops.hpp"

namespace retort {

toml::table op_to_toml(const Op& op);
Result<Op> op_from_toml(const toml::table& entry, const std::string& source_name);

// An op entry (or any table) as `key = value` lines, keys in a readable
// order (op, table, column, ...), nested tables inline and arrays of tables
// one element per line: what a revision file puts under [[upgrade]].
std::string format_toml_entry(const toml::table& entry);

// Column <-> inline TOML table, shared with models.toml.
toml::table column_to_toml(const Column& column);
Result<Column> column_from_toml(const toml::table& entry, const std::string& source_name);

// Generic TOML -> JSON conversion (dates become ISO strings).
nlohmann::json toml_to_json(const toml::node& node);

// Ops as JSON: {"ops": [ ... ]}.
nlohmann::json ops_to_json(const std::vector<Op>& ops);

}  // namespace retort
