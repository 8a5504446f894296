// retort: what a CREATE FUNCTION, PROCEDURE or AGGREGATE statement says of
// itself before its arguments: the kind of routine, its schema and its name.
//
// Read without a SQL parser (core knows no dialect's grammar): blank space
// and comments are skipped, unquoted names fold to lower case and "quoted"
// ones keep theirs, as PostgreSQL reads them. The dialect reads the rest
// (arguments, result, body) with its own grammar.
//
// Example:
//   read_function_head("CREATE OR REPLACE FUNCTION app.touch() ...")
//     -> {.routine = "function", .schema = "app", .name = "touch"}
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace retort {

struct FunctionHead {
  std::string routine;  // "function", "procedure", "aggregate"
  std::string schema;   // "" when the name is not qualified
  std::string name;
  bool or_replace = false;
  // Offset of the routine keyword (FUNCTION, ...) in the statement: where
  // "OR REPLACE " goes.
  std::size_t keyword_at = 0;
  // Offsets of the qualified name and of the bare name in the statement.
  std::size_t qualified_at = 0;
  std::size_t name_at = 0;
};

// nullopt when `sql` is not CREATE [OR REPLACE] FUNCTION | PROCEDURE |
// AGGREGATE [schema.]name.
std::optional<FunctionHead> read_function_head(std::string_view sql);

// `sql` as CREATE OR REPLACE ... (unchanged when it says so already);
// REQUIRES: read_function_head(sql) is set.
std::string or_replace_sql(std::string_view sql);

// `sql` without OR REPLACE (unchanged when it does not say so).
std::string without_or_replace(std::string_view sql);

// `sql` with the routine's name no longer schema-qualified, so that it is
// created where the search path points (a schema-per-tenant fleet).
std::string unqualified_sql(std::string_view sql);

}  // namespace retort
