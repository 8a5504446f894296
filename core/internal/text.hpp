// retort: small ASCII text helpers, shared by core and dialects.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace retort::detail {

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// `s` without leading and trailing white space, as a view into `s`.
inline std::string_view trim_view(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

inline std::string trim(std::string_view s) { return std::string(trim_view(s)); }

// `name` as an expression (a check body, an index predicate) refers to it:
// bare when it is a plain lower-case name that no database reads as a
// keyword, "quoted" otherwise (embedded quotes doubled). Bare and quoted
// then mean the same column on every dialect, so expression text that
// retort writes keeps its meaning wherever a revision runs.
std::string expression_name(std::string_view name);

// `name` in double quotes, embedded quotes doubled: an SQL identifier that
// keeps its case and may be a keyword ("Mood", "order").
inline std::string quoted_name(std::string_view name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + '"';
}

// The parts of a possibly qualified, possibly quoted SQL name, unquoted:
// `app."My Type"` -> {"app", "My Type"}; `mood` -> {"mood"}. Quoted parts
// keep their case and dots; doubled quotes inside them are one quote.
std::vector<std::string> split_qualified_name(std::string_view name);

// Appends `s` as a double-quoted string that is both a TOML basic string
// and a JSON string: `"` and `\` escaped, \n \t \r, other control
// characters and DEL as \uXXXX; every other byte as it is (text that is not
// UTF-8 is kept, not replaced). With `keep_newlines`, newlines are written
// as they are (for a TOML multi-line string; the quotes are the caller's).
void append_escaped(std::string& out, std::string_view s, bool keep_newlines = false);

}  // namespace retort::detail
