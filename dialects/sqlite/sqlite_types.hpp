// retort/sqlite: portable types and defaults <-> SQLite declared text.
//
// SQLite stores a column's declared type verbatim and derives only an
// affinity from it, so each portable type gets a declared spelling with the
// right affinity that reflects back to exactly the same Type. The full table
// is in docs/sqlite.md.
#pragma once

#include <string>
#include <string_view>

#include "core/schema.hpp"

namespace retort::sqlite {

// An enum column is TEXT with a check constraint named "enum:<enum name>".
inline constexpr std::string_view kEnumCheckPrefix = "enum:";

// The declared type for `type` ("VARCHAR(100)", "UUID_TEXT", "TEXT" for
// enums, "JSON_TEXT" for arrays). Integer primary keys are rendered by the
// DDL compiler, not here.
std::string declared_type(const Type& type);

// Whether `type` is an array type named as PostgreSQL names one
// ("text[]", "mood[]", "varchar(20)[]"), not marked native: SQLite has no
// arrays, so it stores one as a JSON array (json_type()), as the model
// runtime binds a std::vector member.
bool is_array_type(const Type& type);
// `type`, or the json type for an array type (is_array_type()).
Type stored_type(const Type& type);

// The type a declared type text stands for: the portable type whose own
// declared spelling (declared_type()) it is, compared as native_key() does
// ("integer", "VARCHAR (20)"); any other text is kNative, kept as written
// ("INT", "DATETIME", "varchar2(10)"), because SQLite keeps the text and
// derives meaning from it (INT PRIMARY KEY is not the rowid). No text: BLOB.
Type type_from_declared(std::string_view declared);

// pragma table_xinfo's dflt_value -> ColumnDefault: literals become `value`,
// anything else `sql` (CURRENT_TIMESTAMP, lower('x')); NULL is no default.
ColumnDefault default_from_sql(std::string_view text);

// The declared default, put in the form the inspector reflects it in.
ColumnDefault normalize_default(const ColumnDefault& declared);

// The DEFAULT clause body for a default ("1", "'x'", "(lower('x'))").
std::string default_clause(const ColumnDefault& value);

}  // namespace retort::sqlite
