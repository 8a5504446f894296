// retort: the names in schemas and ops, checked and fitted to a database.
//
// Every identifier retort sends to a database (schemas, tables, columns,
// indexes, constraints, enums) comes from models.toml, compiled models or a
// revision file. Here they are:
//   - checked (check_names, check_op_names): no name is empty or holds a NUL
//     or another control character, on every database; a declared name fits
//     the database's limit (Dialect::max_identifier_bytes). kBadInput with
//     the file and line, before anything connects;
//   - shortened (shorten_long_names, from Dialect::normalize): index and
//     constraint names the naming convention built too long get a hashed
//     short form (core/naming.hpp shorten_name);
//   - cut as the server cuts them (stored_names): revision files written
//     before names were checked may hold long names, which PostgreSQL stored
//     as their first 63 bytes; replaying such a file in memory gives the
//     names the server made then;
//   - matched (adopt_stored_names): an object the database holds under the
//     server's cut of a long conventional name is that object, not one to
//     drop and create again.
//
// Example:
//   if (Status s = check_names(models, "models.toml", {63, "postgresql"}, naming); !s) ...
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/naming.hpp"
#include "core/ops.hpp"

namespace retort {

// One name inside a schema object or op, for a visitor that may rewrite it.
struct NameRef {
  std::string_view kind;  // "table", "column", "index", "foreign key", ...
  std::string& name;
  int line;  // the declaration's source line, 0 when unknown
};
using NameVisitor = std::function<void(const NameRef&)>;

// Visits every name of `table` / `op` that is set (an empty schema is the
// default schema and is not visited; index expressions, check bodies and
// BulkInsert rows are not names).
void for_each_name(Table& table, const NameVisitor& visit);
void for_each_name(Op& op, const NameVisitor& visit);

// Why `name` cannot be a name on any database ("is empty", "holds a NUL
// byte", ...), or "" when it can.
std::string name_problem(std::string_view name);

// What a database allows in names: Dialect::max_identifier_bytes() (0 for no
// limit) and Dialect::name(), for messages; and in native type names:
// Dialect::check_native_type (unset: any name); and in tables:
// Dialect::check_table.
struct NameLimit {
  std::size_t max_bytes = 0;
  std::string database;
  std::function<Status(const Type&)> check_type;
  // Dialect::check_table: a declared table property the database does not
  // have (SQLite: partitioning); unset: every table is taken.
  std::function<Status(const Table&)> check_table{};
  // Dialect::check_view: a view the database cannot have (SQLite: a
  // materialized view, a comment); unset: every view is taken.
  std::function<Status(const View&)> check_view{};
  // Dialect::check_object: a schema, extension, sequence, domain or
  // composite type (named as describe() names it: "sequence app.n") the
  // database cannot have (SQLite: none of them); unset: every one is taken.
  std::function<Status(const std::string&)> check_object{};
  // Dialect::check_function: a function statement the database's grammar
  // refuses; unset: every one is taken.
  std::function<Status(const Function&)> check_function{};
  // Dialect::check_trigger: a trigger the database cannot take as declared;
  // unset: every one is taken.
  std::function<Status(const Trigger&)> check_trigger{};
};

// kBadInput at `source` and the declaration's line for the first name of
// `schema` that name_problem() refuses or that is longer than `limit`; index
// and constraint names `naming` builds are exempt from the limit (the
// dialect shortens them). Then the same for the first native column type
// limit.check_type refuses.
Status check_names(const MetaData& schema, const std::string& source, const NameLimit& limit,
                   const NamingConvention& naming);

// kBadInput at `source`:`line` for the first name of `op` that
// name_problem() refuses. Long names are not refused: see stored_names().
Status check_op_names(const Op& op, const std::string& source, int line);

// `op` with every name longer than `max_bytes` cut as PostgreSQL cuts
// identifiers (cut_name); nullopt when every name fits (or max_bytes is 0).
std::optional<Op> stored_names(const Op& op, std::size_t max_bytes);

// Shortens each index and constraint name of `schema` longer than
// `max_bytes` (shorten_name) and records it in schema.shortened_names.
void shorten_long_names(MetaData& schema, std::size_t max_bytes);

// For each name `declared` shortened: when `live` has no object of that
// table under the short name but has one under the cut of the long name
// (what PostgreSQL stored before retort shortened names), the declared
// object takes the live name, so comparing them finds nothing to do. Returns
// one note per object matched so.
std::vector<std::string> adopt_stored_names(const MetaData& live, MetaData& declared,
                                            std::size_t max_bytes);

}  // namespace retort
