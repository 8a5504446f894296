#include "dialects/postgresql/pg_tree.hpp"

#include <cctype>

namespace retort::postgresql {

std::optional<long long> integer_at(std::string_view sql, std::size_t at) {
  std::size_t i = at;
  bool negative = false;
  if (i < sql.size() && sql[i] == '-') {
    negative = true;
    ++i;
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  }
  long long value = 0;
  const std::size_t digits = i;
  while (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i]))) {
    if (value > (1LL << 50)) return std::nullopt;
    value = value * 10 + (sql[i] - '0');
    ++i;
  }
  if (i == digits) return std::nullopt;
  return negative ? -value : value;
}

void restore_integers(nlohmann::json& tree, std::string_view sql) {
  if (tree.is_object()) {
    if (tree.contains("A_Const")) {
      nlohmann::json& c = tree["A_Const"];
      if (c.is_object() && c.contains("ival") && c["ival"].is_object() &&
          !c["ival"].contains("ival") && c.contains("location")) {
        const long long location = c.value("location", -1LL);
        if (location >= 0) {
          if (auto v = integer_at(sql, static_cast<std::size_t>(location))) c["ival"]["ival"] = *v;
        }
      }
      return;
    }
    for (auto& [key, value] : tree.items()) restore_integers(value, sql);
  } else if (tree.is_array()) {
    for (nlohmann::json& item : tree) restore_integers(item, sql);
  }
}

}  // namespace retort::postgresql
