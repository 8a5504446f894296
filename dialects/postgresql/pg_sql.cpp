#include "dialects/postgresql/pg_sql.hpp"

namespace retort::postgresql {
namespace {

std::string quoted(std::string_view text, char q) {
  std::string out(1, q);
  for (char c : text) {
    if (c == q) out += q;
    out += c;
  }
  out += q;
  return out;
}

}  // namespace

std::string quote_ident(std::string_view ident) { return quoted(ident, '"'); }

std::string quote_literal(std::string_view text) { return quoted(text, '\''); }

std::vector<std::string> split_catalog_name(std::string_view name) {
  std::vector<std::string> parts;
  if (name.empty()) return parts;
  std::string cur;
  bool in_quotes = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '"') {
      if (in_quotes && i + 1 < name.size() && name[i + 1] == '"') {
        cur += '"';
        ++i;
      } else {
        in_quotes = !in_quotes;
      }
    } else if (c == '.' && !in_quotes) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

std::string qualified_name(std::string_view schema, std::string_view name) {
  if (schema.empty()) return quote_ident(name);
  return quote_ident(schema) + "." + quote_ident(name);
}

std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace retort::postgresql
