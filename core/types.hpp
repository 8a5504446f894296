// retort: the portable type vocabulary of models.toml.
//
// A Type is what a column holds, independent of any database: `integer`,
// `varchar(100)`, `numeric(10,2)`, an enum, ... Each dialect maps Types to its
// own SQL types and reflects them back to the same Type (see dialects/).
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
};

struct Type {
  TypeKind kind = TypeKind::kText;
  int length = 0;     // varchar(n), char(n); 0 = unbounded varchar
  int precision = 0;  // numeric(p,s); 0 = unconstrained numeric
  int scale = 0;
  std::string enum_name;                 // kEnum only
  std::vector<std::string> enum_values;  // kEnum only, in declared order

  // Canonical spelling: "varchar(100)", "numeric(10,2)", "enum".
  std::string to_string() const;
  bool is_integer() const;  // integer, bigint, smallint
  bool is_text() const;     // varchar, char, text, enum

  // Equality as the comparator sees it: an enum equals another enum of the
  // same name (its values are compared on the Enum object, not the column).
  friend bool operator==(const Type& a, const Type& b);
};

// Parses a portable type name (case-insensitive, spaces allowed inside the
// parentheses). "enum" parses to kEnum with empty name/values; the models
// reader fills those from the column's `enum`/`values` keys.
Result<Type> parse_type(std::string_view text);

// The list of portable type names, for error messages and docs.
std::string_view portable_type_names();

}  // namespace retort
