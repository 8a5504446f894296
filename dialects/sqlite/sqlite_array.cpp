// JSON arrays in SQLite cells; see sqlite_array.hpp.
#include "dialects/sqlite/sqlite_array.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/internal/text.hpp"

namespace retort::sqlite {
namespace {

Error not_an_array(std::string_view text, std::string_view why) {
  constexpr std::size_t kShown = 60;
  std::string shown(text.substr(0, kShown));
  if (text.size() > kShown) shown += "...";
  return Error::database(fmt::format("array column holds '{}', which is not {}", shown, why),
                         "an array column holds a JSON array of numbers, booleans, text or "
                         "null (as retort writes it); fix the row");
}

}  // namespace

std::string json_array_text(std::span<const ArrayItem> items) {
  std::string out = "[";
  for (const ArrayItem& item : items) {
    if (out.size() > 1) out += ',';
    switch (item.kind) {
      case ArrayItem::Kind::kNull:
        out += "null";
        break;
      case ArrayItem::Kind::kNumber:
      case ArrayItem::Kind::kBool:
        out += item.text;
        break;
      case ArrayItem::Kind::kText:
        // By hand: a JSON library would refuse or replace text that is not UTF-8.
        out += '"';
        detail::append_escaped(out, item.text);
        out += '"';
        break;
    }
  }
  out += ']';
  return out;
}

Result<std::vector<Cell>> json_array_items(std::string_view text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return not_an_array(text, "JSON");
  if (!j.is_array()) return not_an_array(text, "a JSON array");
  std::vector<Cell> out;
  out.reserve(j.size());
  for (const nlohmann::json& item : j) {
    if (item.is_null()) {
      out.emplace_back(std::nullopt);
    } else if (item.is_string()) {
      out.emplace_back(item.get<std::string>());
    } else if (item.is_number() || item.is_boolean()) {
      out.emplace_back(item.dump());
    } else {
      return not_an_array(text, "a one-dimensional array of numbers, booleans, text or null");
    }
  }
  return out;
}

}  // namespace retort::sqlite
