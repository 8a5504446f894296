// retort/postgresql: the text form of PostgreSQL arrays, for parameters and
// cells. libpqxx 6.4 cannot bind an array, so writing is here, and reading
// beside it (with the '[0:1]=' bounds decoration), so that the two agree.
//
// Written: every item double-quoted (so '', "NULL", spaces and braces stay
// text), with \ and " escaped; NULL items bare. The server casts the literal
// to the column's array type, as it does any text parameter. Read: the
// server's output, '{a,"b c",NULL}', including a leading '[1:2]=' bounds
// decoration. One dimension only.
//
// Example:
//   array_literal({{ArrayItem::Kind::kText, "b c"}, {ArrayItem::Kind::kNull, ""}})
//       == R"({"b c",NULL})"
//   array_items(R"({a,"b c",NULL})") -> {"a", "b c", nullopt}
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"

namespace retort::postgresql {

std::string array_literal(std::span<const ArrayItem> items);

// kDatabase when `text` is not a one-dimensional array literal.
Result<std::vector<Cell>> array_items(std::string_view text);

}  // namespace retort::postgresql
