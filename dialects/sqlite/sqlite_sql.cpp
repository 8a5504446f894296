#include "dialects/sqlite/sqlite_sql.hpp"

namespace retort::sqlite {

std::string quote_ident(std::string_view ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace retort::sqlite
