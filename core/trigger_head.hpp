// retort: what a CREATE TRIGGER statement says of itself: its name and the
// table (or view) it is on.
//
// Read without a SQL parser, as core/function_head.hpp reads a function's
// head: `CREATE [OR REPLACE] [TEMP] [CONSTRAINT] TRIGGER [IF NOT EXISTS]
// name ... ON [schema.]table`, the first ON outside quotes being the table's.
//
// Example:
//   read_trigger_head("CREATE TRIGGER touch BEFORE UPDATE ON store.film ...")
//     -> {.schema = "store", .table = "film", .name = "touch"}
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace retort {

struct TriggerHead {
  std::string schema;  // the table's; else the trigger name's (SQLite main.x)
  std::string table;
  std::string name;
  bool constraint = false;  // CREATE CONSTRAINT TRIGGER (PostgreSQL)
  bool or_replace = false;
  // Offset of CONSTRAINT or TRIGGER in the statement: where "OR REPLACE " goes.
  std::size_t keyword_at = 0;
  // Offsets of the table's qualified name and of its bare name.
  std::size_t table_at = 0;
  std::size_t table_name_at = 0;
};

// nullopt when `sql` is not such a statement.
std::optional<TriggerHead> read_trigger_head(std::string_view sql);

// `sql` as CREATE OR REPLACE TRIGGER ...; unchanged when it says so already
// or is not a trigger's statement.
std::string or_replace_trigger_sql(std::string_view sql);

// `sql` with its table no longer schema-qualified (ON film for ON
// public.film); unchanged when it is not.
std::string unqualified_trigger_sql(std::string_view sql);

}  // namespace retort
