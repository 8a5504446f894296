// retort/sqlite: arrays as SQLite stores them, a JSON array in a TEXT cell.
//
// SQLite has no array type; an array column is JSON_TEXT (the SQLite
// normalisation maps `text[]` and the like to it), and its items are JSON:
// numbers and booleans bare, text quoted, NULL as null. One dimension only.
//
// Example:
//   *json_array_text({{ArrayItem::Kind::kText, "a \"b\""}, {ArrayItem::Kind::kNumber, "2"}})
//       == R"(["a \"b\"",2])"
//   json_array_items(R"(["a",2,true,null])") -> {"a", "2", "true", nullopt}
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"

namespace retort::sqlite {

// kBadInput when a text item is not UTF-8, which no JSON text can hold
// (the row could not be read back).
Result<std::string> json_array_text(std::span<const ArrayItem> items);

// The items of a JSON array; kDatabase when `text` is not a JSON array of
// scalars (a nested array or object, text that is not JSON).
Result<std::vector<Cell>> json_array_items(std::string_view text);

}  // namespace retort::sqlite
