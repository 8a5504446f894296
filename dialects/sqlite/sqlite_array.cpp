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

// Well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points
// past U+10FFFF), as the JSON reader requires.
bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;                   // continuation bytes
    unsigned char lo = 0x80, hi = 0xBF;  // the first one's range
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= text.size()) return false;
      const auto b = static_cast<unsigned char>(text[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace

Result<std::string> json_array_text(std::span<const ArrayItem> items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ArrayItem& item = items[i];
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
        if (!valid_utf8(item.text)) {
          return Error::bad_input(
              fmt::format("item {} of an array is not UTF-8 text, which a JSON array (how "
                          "SQLite stores arrays) cannot hold",
                          i),
              "store the bytes in a blob column, or fix the text's encoding");
        }
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
