// Canonical expression text: tokenise, drop the casts and parentheses
// PostgreSQL adds when it deparses, and print the tokens back with fixed
// spacing. Only rewrites that keep the expression's meaning are made, because
// the canonical form of a declared expression is also what gets executed.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "dialects/postgresql/pg_normalize.hpp"

namespace retort::postgresql {
namespace {

enum class Tok { kWord, kQuotedIdent, kString, kNumber, kOp, kOpen, kClose, kComma, kCast, kDot };

struct Token {
  Tok kind;
  std::string text;
};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

using detail::lower;
using detail::upper;

const std::set<std::string>& keywords() {
  static const std::set<std::string> k = {"and",
                                          "or",
                                          "not",
                                          "is",
                                          "null",
                                          "true",
                                          "false",
                                          "in",
                                          "like",
                                          "ilike",
                                          "between",
                                          "case",
                                          "when",
                                          "then",
                                          "else",
                                          "end",
                                          "any",
                                          "all",
                                          "array",
                                          "distinct",
                                          "from",
                                          "similar",
                                          "to",
                                          "escape",
                                          "current_timestamp",
                                          "current_date",
                                          "current_time",
                                          "localtimestamp",
                                          "localtime",
                                          "current_user",
                                          "session_user",
                                          "at",
                                          "time",
                                          "zone",
                                          "collate",
                                          "cast",
                                          "as",
                                          "interval",
                                          "some",
                                          "exists",
                                          "isnull",
                                          "notnull"};
  return k;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '\'' || c == '"') {
      // Quoted string or identifier; a doubled quote stays inside it.
      std::size_t j = i + 1;
      while (j < s.size()) {
        if (s[j] == c) {
          if (j + 1 < s.size() && s[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      out.push_back({c == '\'' ? Tok::kString : Tok::kQuotedIdent,
                     std::string(s.substr(i, std::min(j + 1, s.size()) - i))});
      i = j + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t j = i;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
      out.push_back({Tok::kNumber, std::string(s.substr(i, j - i))});
      i = j;
    } else if (is_word_char(c)) {
      std::size_t j = i;
      while (j < s.size() && is_word_char(s[j])) ++j;
      out.push_back({Tok::kWord, std::string(s.substr(i, j - i))});
      i = j;
    } else if (c == '(') {
      out.push_back({Tok::kOpen, "("});
      ++i;
    } else if (c == ')') {
      out.push_back({Tok::kClose, ")"});
      ++i;
    } else if (c == ',') {
      out.push_back({Tok::kComma, ","});
      ++i;
    } else if (c == ':' && i + 1 < s.size() && s[i + 1] == ':') {
      out.push_back({Tok::kCast, "::"});
      i += 2;
    } else if (c == '.') {
      out.push_back({Tok::kDot, "."});
      ++i;
    } else {
      // Operator characters run together: >=, <>, ||, ~~*, ...
      static const std::string kOpChars = "+-*/<>=~!@#%^&|`?[]";
      std::size_t j = i;
      while (j < s.size() && kOpChars.find(s[j]) != std::string::npos) ++j;
      if (j == i) j = i + 1;
      out.push_back({Tok::kOp, std::string(s.substr(i, j - i))});
      i = j;
    }
  }
  return out;
}

// Type names PostgreSQL writes after "::", longest first so that
// "character varying" wins over "character".
const std::vector<std::vector<std::string>>& cast_types() {
  static const std::vector<std::vector<std::string>> t = {
      {"timestamp", "without", "time", "zone"},
      {"timestamp", "with", "time", "zone"},
      {"time", "without", "time", "zone"},
      {"time", "with", "time", "zone"},
      {"character", "varying"},
      {"double", "precision"},
      {"bit", "varying"},
  };
  return t;
}

// How many tokens from `i` make up the cast's type name (at least 1).
std::size_t cast_type_length(const std::vector<Token>& t, std::size_t i) {
  for (const auto& words : cast_types()) {
    if (i + words.size() > t.size()) continue;
    bool match = true;
    for (std::size_t k = 0; k < words.size(); ++k) {
      if (t[i + k].kind != Tok::kWord || lower(t[i + k].text) != words[k]) {
        match = false;
        break;
      }
    }
    if (match) return words.size();
  }
  std::size_t n = 1;
  // schema.type
  if (i + 2 < t.size() && t[i + 1].kind == Tok::kDot) n = 3;
  // varchar(10), numeric(10,2)
  if (i + n < t.size() && t[i + n].kind == Tok::kOpen) {
    std::size_t j = i + n;
    while (j < t.size() && t[j].kind != Tok::kClose) ++j;
    n = j + 1 - i;
  }
  // text[]
  while (i + n < t.size() && t[i + n].kind == Tok::kOp && t[i + n].text == "[]") ++n;
  return n;
}

bool is_text_type(const std::string& name) {
  static const std::set<std::string> k = {"text",   "character varying", "varchar",
                                          "bpchar", "character",         "name"};
  return k.contains(name);
}

bool is_numeric_type(const std::string& name) {
  static const std::set<std::string> k = {"integer", "bigint",           "smallint",
                                          "numeric", "double precision", "real"};
  return k.contains(name);
}

// Built-in types whose literal casts change meaning when dropped (an
// interval or a date literal is not a string). Casts of string literals to
// any other type, such as an enum, are dropped: the literal takes the type
// of the column it is compared with.
bool keeps_literal_cast(const std::string& name) {
  static const std::set<std::string> k = {"interval",
                                          "date",
                                          "timestamp without time zone",
                                          "timestamp with time zone",
                                          "time without time zone",
                                          "time with time zone",
                                          "json",
                                          "jsonb",
                                          "bytea",
                                          "uuid",
                                          "boolean",
                                          "regclass",
                                          "timestamp",
                                          "timestamptz"};
  return k.contains(name);
}

bool is_number_text(const std::string& s) {
  if (s.empty()) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  bool digit = false;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digit = true;
    } else if (s[i] != '.') {
      return false;
    }
  }
  return digit;
}

// Drops casts that PostgreSQL adds and that carry no meaning: to text types
// anywhere, numeric literals to numeric types, string literals to non-builtin
// types. '-1'::integer becomes the number -1.
void strip_casts(std::vector<Token>& t) {
  for (std::size_t i = 0; i < t.size();) {
    if (t[i].kind != Tok::kCast || i == 0 || i + 1 >= t.size()) {
      ++i;
      continue;
    }
    const std::size_t len = cast_type_length(t, i + 1);
    std::string name;
    for (std::size_t k = 0; k < len && i + 1 + k < t.size(); ++k) {
      if (!name.empty() && t[i + 1 + k].kind == Tok::kWord && t[i + k].kind == Tok::kWord) {
        name += ' ';
      }
      name += lower(t[i + 1 + k].text);
    }
    if (name.find('(') != std::string::npos) name = name.substr(0, name.find('('));
    Token& prev = t[i - 1];
    bool drop = is_text_type(name);
    if (!drop && is_numeric_type(name)) {
      if (prev.kind == Tok::kNumber) drop = true;
      if (prev.kind == Tok::kString && is_number_text(prev.text.substr(1, prev.text.size() - 2))) {
        prev = {Tok::kNumber, prev.text.substr(1, prev.text.size() - 2)};
        drop = true;
      }
      // (0)::numeric: the parenthesised number PostgreSQL prints.
      if (prev.kind == Tok::kClose && i >= 3 && t[i - 2].kind == Tok::kNumber &&
          t[i - 3].kind == Tok::kOpen) {
        drop = true;
      }
    }
    if (!drop && prev.kind == Tok::kString && !keeps_literal_cast(name)) drop = true;
    if (drop) {
      t.erase(t.begin() + static_cast<std::ptrdiff_t>(i),
              t.begin() + static_cast<std::ptrdiff_t>(std::min(t.size(), i + 1 + len)));
    } else {
      i += 1 + len;
    }
  }
}

// PostgreSQL prints LIKE as ~~ and ILIKE as ~~*.
void restore_like(std::vector<Token>& t) {
  std::vector<Token> out;
  for (auto& tok : t) {
    if (tok.kind == Tok::kOp && tok.text == "~~") {
      out.push_back({Tok::kWord, "LIKE"});
    } else if (tok.kind == Tok::kOp && tok.text == "~~*") {
      out.push_back({Tok::kWord, "ILIKE"});
    } else if (tok.kind == Tok::kOp && tok.text == "!~~") {
      out.push_back({Tok::kWord, "NOT"});
      out.push_back({Tok::kWord, "LIKE"});
    } else if (tok.kind == Tok::kOp && tok.text == "!~~*") {
      out.push_back({Tok::kWord, "NOT"});
      out.push_back({Tok::kWord, "ILIKE"});
    } else {
      out.push_back(std::move(tok));
    }
  }
  t = std::move(out);
}

bool is_plain_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return !keywords().contains(s);
}

// Keywords upper-case, unquoted identifiers lower-case (PostgreSQL folds
// them), quotes dropped from identifiers that do not need them.
void normalise_words(std::vector<Token>& t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    Token& tok = t[i];
    if (tok.kind == Tok::kCast && i + 1 < t.size()) {
      // A cast's type name stays lower-case: ::timestamp with time zone.
      const std::size_t len = cast_type_length(t, i + 1);
      for (std::size_t k = i + 1; k < std::min(t.size(), i + 1 + len); ++k) {
        if (t[k].kind == Tok::kWord) t[k].text = lower(t[k].text);
      }
      i += len;
    } else if (tok.kind == Tok::kWord) {
      const std::string l = lower(tok.text);
      tok.text = keywords().contains(l) ? upper(l) : l;
    } else if (tok.kind == Tok::kQuotedIdent) {
      const std::string inner = tok.text.substr(1, tok.text.size() - 2);
      if (is_plain_identifier(inner)) tok = {Tok::kWord, inner};
    }
  }
}

bool is_word(const Token& t, std::string_view w) { return t.kind == Tok::kWord && t.text == w; }

// Index of the ')' matching the '(' at `open`, or t.size().
std::size_t matching_close(const std::vector<Token>& t, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < t.size(); ++i) {
    if (t[i].kind == Tok::kOpen) ++depth;
    if (t[i].kind == Tok::kClose && --depth == 0) return i;
  }
  return t.size();
}

// Whether the '(' at `open` groups an expression (rather than opening a
// function's arguments or an IN list).
bool is_grouping(const std::vector<Token>& t, std::size_t open) {
  if (open == 0) return true;
  const Token& p = t[open - 1];
  if (p.kind == Tok::kOpen || p.kind == Tok::kComma || p.kind == Tok::kOp) return true;
  return is_word(p, "AND") || is_word(p, "OR") || is_word(p, "NOT") || is_word(p, "WHEN") ||
         is_word(p, "THEN") || is_word(p, "ELSE");
}

// 3: OR at the top level, 2: AND, 1: starts with NOT, 0: none of them.
int connective_level(const std::vector<Token>& t, std::size_t begin, std::size_t end) {
  int level = 0;
  int depth = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (t[i].kind == Tok::kOpen) ++depth;
    if (t[i].kind == Tok::kClose) --depth;
    if (depth != 0) continue;
    if (is_word(t[i], "OR")) level = std::max(level, 3);
    if (is_word(t[i], "AND")) level = std::max(level, 2);
    if (is_word(t[i], "NOT") && i == begin) level = std::max(level, 1);
    // BETWEEN x AND y: the AND is not a connective, but keeping the
    // parentheses there is only conservative.
  }
  return level;
}

// A single operand: one token, a (qualified) name, or a function call.
bool is_primary(const std::vector<Token>& t, std::size_t begin, std::size_t end) {
  if (end - begin == 1) return t[begin].kind != Tok::kOp;
  std::size_t i = begin;
  while (i + 2 < end && (t[i].kind == Tok::kWord || t[i].kind == Tok::kQuotedIdent) &&
         t[i + 1].kind == Tok::kDot) {
    i += 2;
  }
  if (i + 1 == end) return t[i].kind == Tok::kWord || t[i].kind == Tok::kQuotedIdent;
  if ((t[i].kind == Tok::kWord || t[i].kind == Tok::kQuotedIdent) &&
      !keywords().contains(lower(t[i].text)) && t[i + 1].kind == Tok::kOpen) {
    return matching_close(t, i + 1) == end - 1;
  }
  return false;
}

// The tightest binding of the neighbours of a group: 0 for an operator
// (comparison, arithmetic: keep the group unless it is a primary), 1 for
// NOT, 2 for AND, 3 for OR, 4 for none (start, end, '(' ')' ',').
int neighbour_level(const Token* t) {
  if (t == nullptr || t->kind == Tok::kOpen || t->kind == Tok::kClose || t->kind == Tok::kComma) {
    return 4;
  }
  if (is_word(*t, "OR") || is_word(*t, "WHEN") || is_word(*t, "THEN") || is_word(*t, "ELSE") ||
      is_word(*t, "END")) {
    return 4;
  }
  if (is_word(*t, "AND")) return 3;
  if (is_word(*t, "NOT")) return 2;
  return 0;
}

bool remove_one_redundant_group(std::vector<Token>& t) {
  for (std::size_t open = 0; open < t.size(); ++open) {
    if (t[open].kind != Tok::kOpen || !is_grouping(t, open)) continue;
    const std::size_t close = matching_close(t, open);
    if (close >= t.size() || close == open + 1) continue;
    const Token* before = open == 0 ? nullptr : &t[open - 1];
    const Token* after = close + 1 < t.size() ? &t[close + 1] : nullptr;
    // A cast binds tighter than anything: (a + b)::int keeps its group.
    if (after != nullptr && after->kind == Tok::kCast && !is_primary(t, open + 1, close)) continue;
    const int room = std::min(neighbour_level(before), neighbour_level(after));
    const bool redundant =
        is_primary(t, open + 1, close) || (room > 0 && connective_level(t, open + 1, close) < room);
    if (!redundant) continue;
    t.erase(t.begin() + static_cast<std::ptrdiff_t>(close));
    t.erase(t.begin() + static_cast<std::ptrdiff_t>(open));
    return true;
  }
  return false;
}

// An operator is unary when nothing it could apply to comes before it.
bool is_unary_position(const std::vector<Token>& t, std::size_t i) {
  if (i == 0) return true;
  const Token& p = t[i - 1];
  return p.kind == Tok::kOp || p.kind == Tok::kOpen || p.kind == Tok::kComma ||
         (p.kind == Tok::kWord && keywords().contains(lower(p.text)) && !is_word(p, "NULL") &&
          !is_word(p, "TRUE") && !is_word(p, "FALSE") && !is_word(p, "END") &&
          !is_word(p, "CURRENT_TIMESTAMP") && !is_word(p, "CURRENT_DATE"));
}

std::string print(const std::vector<Token>& t) {
  std::string out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const Token& tok = t[i];
    bool space = i > 0;
    if (i > 0) {
      const Token& p = t[i - 1];
      if (tok.kind == Tok::kClose || tok.kind == Tok::kComma || tok.kind == Tok::kCast ||
          tok.kind == Tok::kDot || p.kind == Tok::kOpen || p.kind == Tok::kCast ||
          p.kind == Tok::kDot) {
        space = false;
      }
      // f(x), but a keyword before '(' keeps its space: IN (1, 2).
      if (tok.kind == Tok::kOpen &&
          (p.kind == Tok::kQuotedIdent ||
           (p.kind == Tok::kWord && !keywords().contains(lower(p.text))))) {
        space = false;
      }
      if (p.kind == Tok::kOp && is_unary_position(t, i - 1)) space = false;
      if (tok.kind == Tok::kOp && tok.text == "[]") space = false;
    }
    if (space) out += ' ';
    out += tok.text;
  }
  return out;
}

}  // namespace

std::string canonical_expression(std::string_view sql) {
  std::vector<Token> t = tokenize(sql);
  normalise_words(t);
  restore_like(t);
  strip_casts(t);
  while (remove_one_redundant_group(t)) {
  }
  return print(t);
}

}  // namespace retort::postgresql
