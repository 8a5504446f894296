// The canonical form of column defaults, shared by the models reader and the
// dialects so that equivalent spellings compare equal.
#include <charconv>

#include "core/internal/text.hpp"
#include "core/schema.hpp"

namespace retort {

using detail::lower;
using detail::trim;

ColumnDefault normalized_default(ColumnDefault d, const Type& type) {
  if (d.sql) {
    const std::string s = trim(*d.sql);
    const std::string up = lower(s);
    std::int64_t i = 0;
    double f = 0;
    const char* end = s.data() + s.size();
    const char* begin = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
    if (up == "null") {
      d = {};
    } else if (up == "true" || up == "false") {
      d = {Literal{up == "true"}, std::nullopt};
    } else if (!s.empty() && std::from_chars(begin, end, i).ptr == end &&
               std::from_chars(begin, end, i).ec == std::errc()) {
      d = {Literal{i}, std::nullopt};
    } else if (!s.empty() && s.find_first_of("0123456789") != std::string::npos &&
               std::from_chars(begin, end, f).ptr == end &&
               std::from_chars(begin, end, f).ec == std::errc()) {
      d = {Literal{f}, std::nullopt};
    } else if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') {
      std::string body;
      bool literal = true;
      for (std::size_t k = 1; k + 1 < s.size(); ++k) {
        if (s[k] == '\'') {
          if (k + 2 < s.size() && s[k + 1] == '\'') {
            ++k;
          } else {
            literal = false;  // e.g. 'a' || 'b'
            break;
          }
        }
        body += s[k];
      }
      if (literal) d = {Literal{body}, std::nullopt};
    }
  }
  if (d.value) {
    if (type.kind == TypeKind::kBoolean) {
      if (const auto* i = std::get_if<std::int64_t>(&*d.value); i && (*i == 0 || *i == 1)) {
        d.value = Literal{*i == 1};
      }
    } else if (type.kind == TypeKind::kFloat || type.kind == TypeKind::kReal) {
      if (const auto* i = std::get_if<std::int64_t>(&*d.value)) {
        d.value = Literal{static_cast<double>(*i)};
      }
    }
  }
  return d;
}

}  // namespace retort
