// retort: the type vocabulary of models.toml.
//
// A Type is what a column holds. The portable types are independent of any
// database: `integer`, `varchar(100)`, `numeric(10,2)`, an enum, ... Each
// dialect maps them to its own SQL types and reflects them back to the same
// Type (see dialects/). Any other name is a native type (kNative): a type of
// one database, kept as that database spells it (`inet`, `text[]`,
// `interval day to second(2)`, SQLite's `DATETIME`). The dialect checks and
// canonicalises native names (Dialect::normalize, Dialect::native_type_problem)
// and maps a native name that is really a portable type (`int4`) to it.
//
// Example:
//   Result<Type> t = parse_type("numeric(10, 2)");   // {kNumeric, 10, 2}
//   t->to_string() == "numeric(10,2)"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace retort {

enum class TypeKind {
  kInteger,
  kBigint,
  kSmallint,
  kBoolean,
  kFloat,  // double precision
  kReal,   // single precision
  kNumeric,
  kVarchar,
  kChar,
  kText,
  kDate,
  kTime,
  kTimestamp,
  kTimestamptz,
  kUuid,
  kJson,
  kBlob,
  kEnum,
  kNative,  // a type of one database, by its own name (Type::native)
};

struct Type {
  TypeKind kind = TypeKind::kText;
  int length = 0;     // varchar(n), char(n); 0 = unbounded varchar
  int precision = 0;  // numeric(p,s); 0 = unconstrained numeric
  int scale = 0;
  std::string enum_name;                 // kEnum only
  std::vector<std::string> enum_values;  // kEnum only, in declared order
  // kNative only: the type as the database spells it ("inet", "integer[]").
  std::string native;
  // kNative only: declared with `native = true` (models.toml, revision files,
  // ColumnBuilder::native()), which says the name is the database's own on
  // purpose, so that a typo of a portable name is not taken for one. Not
  // compared.
  bool native_marked = false;

  // Canonical spelling: "varchar(100)", "numeric(10,2)", "enum"; a native
  // type's own name.
  std::string to_string() const;
  bool is_integer() const;  // integer, bigint, smallint
  bool is_text() const;     // varchar, char, text, enum

  // Equality as the comparator sees it: an enum equals another enum of the
  // same name (its values are compared on the Enum object, not the column);
  // native names compare without regard to letter case (outside double
  // quotes) and white space (native_key).
  friend bool operator==(const Type& a, const Type& b);
};

// Parses a portable type name (case-insensitive, spaces allowed inside the
// parentheses). "enum" parses to kEnum with empty name/values; the models
// reader fills those from the column's `enum`/`values` keys.
Result<Type> parse_type(std::string_view text);

// A column's type as models.toml and revision files declare it: a portable
// name, else a native one. With `native` (the `native = true` marker) the
// name is native even when it reads as a portable one. kBadInput for a name
// that cannot be a type at all (empty, a control character, a `;`).
Result<Type> parse_column_type(std::string_view text, bool native);

// A native name in the form native names compare in: lower-case outside
// double quotes, runs of white space as one space, none next to ( ) [ ] ,.
std::string native_key(std::string_view name);

// An array type as PostgreSQL writes one, a native name ending in "[]"
// ("text[]", "character varying(20)[]", "app.mood[]"): its item type's name
// ("text", "app.mood"; one "[]" off each dimension). Empty for any other
// type, including `integer ARRAY` and `_int4` spellings, which the
// PostgreSQL dialect reads as arrays too but nothing else here does.
std::string array_item_name(const Type& type);
// Whether a list of items (the model runtime's std::vector) can hold
// `type`: an array type (above) whose items are separated by ',', as every
// built-in type's are but box's (';').
bool is_item_list_type(const Type& type);

// The list of portable type names, for error messages and docs.
std::string_view portable_type_names();

}  // namespace retort
