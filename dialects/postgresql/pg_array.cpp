// PostgreSQL array literals; see pg_array.hpp.
#include "dialects/postgresql/pg_array.hpp"

#include <fmt/format.h>

namespace retort::postgresql {
namespace {

Error not_an_array(std::string_view text) {
  constexpr std::size_t kShown = 60;
  std::string shown(text.substr(0, kShown));
  if (text.size() > kShown) shown += "...";
  return Error::database(
      fmt::format("array column holds '{}', which is not a one-dimensional array", shown),
      "a std::vector member reads a one-dimensional array; declare the column with one "
      "dimension or fix the row");
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string array_literal(std::span<const ArrayItem> items) {
  std::string out = "{";
  for (const ArrayItem& item : items) {
    if (out.size() > 1) out += ',';
    if (item.kind == ArrayItem::Kind::kNull) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : item.text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

Result<std::vector<Cell>> array_items(std::string_view text) {
  std::size_t i = 0;
  if (!text.empty() && text[0] == '[') {  // "[0:1]={...}": bounds other than 1..n
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) return not_an_array(text);
    i = eq + 1;
  }
  if (i >= text.size() || text[i] != '{') return not_an_array(text);
  ++i;
  std::vector<Cell> out;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i < text.size() && text[i] == '}') {
    if (i + 1 == text.size()) return out;
    return not_an_array(text);
  }
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    if (text[i] == '{') return not_an_array(text);  // a second dimension
    if (text[i] == '"') {
      std::string item;
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        item += text[i++];
      }
      if (i >= text.size()) return not_an_array(text);
      ++i;  // the closing quote
      out.emplace_back(std::move(item));
    } else {
      // Unquoted: the server quotes empty text and text with quotes or
      // backslashes, so neither can stand here.
      const std::size_t start = i;
      while (i < text.size() && text[i] != ',' && text[i] != '}') {
        if (text[i] == '"' || text[i] == '\\' || text[i] == '{') return not_an_array(text);
        ++i;
      }
      std::string_view item = text.substr(start, i - start);
      while (!item.empty() && is_space(item.back())) item.remove_suffix(1);
      if (item.empty()) return not_an_array(text);
      if (item.size() == 4 && (item[0] == 'N' || item[0] == 'n') &&
          (item[1] == 'U' || item[1] == 'u') && (item[2] == 'L' || item[2] == 'l') &&
          (item[3] == 'L' || item[3] == 'l')) {
        out.emplace_back(std::nullopt);
      } else {
        out.emplace_back(std::string(item));
      }
    }
    while (i < text.size() && is_space(text[i])) ++i;
    if (i < text.size() && text[i] == ',') {
      ++i;
      continue;
    }
    if (i < text.size() && text[i] == '}' && i + 1 == text.size()) return out;
    return not_an_array(text);
  }
  return not_an_array(text);
}

}  // namespace retort::postgresql
