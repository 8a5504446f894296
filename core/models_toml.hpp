// retort: models.toml reader and writer.
//
// read_models() parses and validates a models.toml: unknown types, duplicate
// tables or columns, indexes/constraints naming missing columns, foreign keys
// to missing tables or columns are errors with the file and line (kBadInput).
// Column shorthands (`unique`, `index`, `foreign_key`, `on_delete`) become
// table-level objects named by the naming convention. write_models() is the
// inverse, used by `inspect --format toml`; what it writes reads back equal.
//
// Vocabulary (keys not listed are errors):
//   top level:  [[table]], [[enum]] {name, schema, values} for an enum no
//               column uses, [[view]] (core/internal/view_toml.hpp),
//               [naming_convention] {ix, uq, fk, ck, pk}
//   table:      name, schema, comment, columns, primary_key = ["a", "b"],
//               primary_key_name, indexes, unique, foreign_keys, checks
//   column:     name, type, nullable, primary_key, autoincrement, default
//               (int, float, bool, string), default_sql, comment, enum,
//               values, and the shorthands unique = true, index = true,
//               foreign_key = "table.col" | "schema.table.col", on_delete,
//               on_update
//   indexes:    { name?, columns = ["a", "b DESC", { expression = "lower(a)",
//               order = "desc" }], unique?, where? }  (an expression index
//               needs a name)
//   unique:     { name?, columns }
//   foreign_keys: { name?, columns, references = "table" | "schema.table",
//               ref_columns, on_delete?, on_update?, deferrable?,
//               initially_deferred? }
//   checks:     { name, sql }
// Unnamed objects are named by the convention; a table with a primary key
// and no primary_key_name gets the convention's pk name. A literal
// default_sql ("0", "'x'", "TRUE", "NULL") is read as the literal (or no
// default), and literals are coerced to the column type (1 -> true for a
// boolean, 1 -> 1.0 for float/real), so equivalent spellings compare equal.
// Action names are lower-case: no action, restrict, cascade, set null,
// set default.
//
// Example:
//   Result<MetaData> md = read_models_file("models.toml");
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/names.hpp"
#include "core/naming.hpp"
#include "core/schema.hpp"

namespace retort {

// `source_name` is the path used in error messages. `limit`: the target
// database's longest name (see validate).
Result<MetaData> read_models(std::string_view toml_text, const std::string& source_name,
                             const NameLimit& limit = {});
Result<MetaData> read_models_file(const std::filesystem::path& path, const NameLimit& limit = {});

// Checks names and references inside a schema: no name empty or holding a
// control character, none longer than `limit` allows except index and
// constraint names `naming` built (core/names.hpp check_names),
// index/constraint columns exist, foreign keys point at existing
// tables/columns, no duplicates. read_models calls it; reflected schemas
// need not. Forwards to validate_schema (core/internal/schema_validate.hpp), where
// schema validation lives.
Status validate(const MetaData& schema, const std::string& source_name, const NameLimit& limit = {},
                const NamingConvention& naming = {});

// Writes with the default naming convention: single-column uniques, indexes
// and foreign keys whose names follow it become column shorthands; others
// keep explicit names. An empty primary_key_name is not written (it reads
// back as the convention's name).
std::string write_models(const MetaData& schema);

// The naming convention used when a models file declares none: Alembic-like
// defaults (ix_%(table)s_%(columns)s, uq_..., fk_..., ck_..., pk_...).
NamingConvention default_naming_convention();

}  // namespace retort
