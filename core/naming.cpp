#include "core/naming.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <string_view>

namespace retort {
namespace {

void replace_all(std::string& s, std::string_view token, const std::string& value) {
  for (auto pos = s.find(token); pos != std::string::npos;
       pos = s.find(token, pos + value.size())) {
    s.replace(pos, token.size(), value);
  }
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += '_';
    out += p;
  }
  return out;
}

struct Tokens {
  std::string table;
  std::vector<std::string> columns;
  std::string referred_table;
  std::string constraint_name;
};

std::string render(std::string tmpl, const Tokens& t) {
  replace_all(tmpl, "%(table)s", t.table);
  replace_all(tmpl, "%(table_name)s", t.table);
  replace_all(tmpl, "%(columns)s", join(t.columns));
  replace_all(tmpl, "%(column_0_N_name)s", join(t.columns));
  replace_all(tmpl, "%(column_0)s", t.columns.empty() ? std::string() : t.columns.front());
  replace_all(tmpl, "%(column_0_name)s", t.columns.empty() ? std::string() : t.columns.front());
  replace_all(tmpl, "%(referred_table)s", t.referred_table);
  replace_all(tmpl, "%(referred_table_name)s", t.referred_table);
  replace_all(tmpl, "%(constraint_name)s", t.constraint_name);
  return tmpl;
}

}  // namespace

std::string NamingConvention::index_name(const std::string& table,
                                         const std::vector<std::string>& columns) const {
  return render(index, {table, columns, {}, {}});
}

std::string NamingConvention::unique_name(const std::string& table,
                                          const std::vector<std::string>& columns) const {
  return render(unique, {table, columns, {}, {}});
}

std::string NamingConvention::foreign_key_name(const std::string& table,
                                               const std::vector<std::string>& columns,
                                               const std::string& referred_table) const {
  return render(foreign_key, {table, columns, referred_table, {}});
}

std::string NamingConvention::check_name(const std::string& table,
                                         const std::string& constraint_name) const {
  return render(check, {table, {}, {}, constraint_name});
}

std::string NamingConvention::primary_key_name(const std::string& table) const {
  return render(primary_key, {table, {}, {}, {}});
}

std::string cut_name(std::string_view name, std::size_t max_bytes) {
  if (max_bytes == 0 || name.size() <= max_bytes) return std::string(name);
  std::size_t end = max_bytes;
  // Back off UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  return std::string(name.substr(0, end));
}

std::string shorten_name(std::string_view name, std::size_t max_bytes) {
  if (max_bytes == 0 || name.size() <= max_bytes) return std::string(name);
  std::uint32_t hash = 2166136261u;
  for (char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return cut_name(name, max_bytes - 9) + fmt::format("_{:08x}", hash);
}

}  // namespace retort
