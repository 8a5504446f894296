// retort: C++ model declarations from a schema (`retort codegen cpp`,
// `retort inspect --format cpp`).
//
// models_to_cpp() writes one self-contained header: an enum class with a
// retort::enum_mapping per enum type, one struct per table, one
// `inline const auto <table>s = retort::table<Struct>(...)` per table (tables
// referenced by foreign keys first), `inline const retort::MetaData
// metadata{...}` and, at global scope, a retort::relationship<Child, Parent>
// per pair of models a single-column foreign key it declares joins
// (relationship.hpp), naming them fully qualified.
// Compiled, `metadata` equals the schema it was written from (as
// read_models() gives it), so the header can replace models.toml.
//
// Member types follow the portable types: integer -> std::int32_t, bigint ->
// std::int64_t, smallint -> std::int16_t, float -> double, real -> float,
// boolean -> bool, text-like types and numeric -> std::string, blob ->
// retort::Blob, uuid -> retort::Uuid, timestamptz -> retort::Timestamp,
// timestamp -> retort::LocalTimestamp, date -> retort::Date; nullable
// columns and autoincrement primary keys are std::optional. Where the
// member's own type would declare another column type, the column says
// .max_length(n) (varchar(n)) or .type("...").
//
// What a model declaration cannot say (composite or oddly named foreign
// keys, expression indexes, a primary key name off the convention, enums in
// another schema or used by no column, ...) is listed by cpp_limitations()
// and written as comments at the top of the header.
//
// Example:
//   Result<MetaData> md = read_models_file("models.toml");
//   std::string header = models_to_cpp(*md, {.namespace_name = "app"});
#pragma once

#include <string>
#include <vector>

#include "core/schema.hpp"

namespace retort {

struct CppOptions {
  // Declarations go into this namespace ("app", "app::db"); empty: global.
  std::string namespace_name;
  // Shown in the header's banner ("models.toml", "postgresql://host/db").
  std::string source;
};

// The header text. REQUIRES: `schema` is valid (validate() passes), as
// read_models() and inspection give it.
std::string models_to_cpp(const MetaData& schema, const CppOptions& options);

// One line per thing in `schema` the generated header cannot declare; empty
// when the header round-trips exactly.
std::vector<std::string> cpp_limitations(const MetaData& schema);

// kBadInput unless `name` is empty or identifiers joined by "::".
Status check_cpp_namespace(const std::string& name);

}  // namespace retort
