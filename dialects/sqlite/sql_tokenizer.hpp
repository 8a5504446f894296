// retort/sqlite: a small SQL tokenizer for the DDL text SQLite stores.
//
// SQLite keeps every CREATE TABLE / CREATE INDEX statement verbatim in
// sqlite_schema; the inspector reads constraint names, CHECK expressions,
// partial-index predicates and retort's comment markers from that text. The
// tokenizer respects quoting ('..', "..", `..`, [..]) and keeps comments as
// tokens so markers can be found; callers skip them where they do not care.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/internal/text.hpp"

namespace retort::sqlite {

enum class TokenKind {
  kWord,        // bare identifier or keyword: CREATE, integer, x1
  kQuotedName,  // "name", `name`, [name]
  kString,      // 'text'
  kNumber,      // 12, 1.5e3, 0x1F
  kPunct,       // ( ) , ; . and operators (one or two characters)
  kComment,     // /* ... */ or -- ...
};

struct Token {
  TokenKind kind = TokenKind::kPunct;
  std::string text;       // exactly as written
  std::string value;      // names unquoted, strings unescaped, else == text
  std::size_t begin = 0;  // byte offsets into the source, [begin, end)
  std::size_t end = 0;

  bool is_name() const { return kind == TokenKind::kWord || kind == TokenKind::kQuotedName; }
  // Case-insensitive keyword test; only bare words match.
  bool is_keyword(std::string_view keyword) const;
  bool is_punct(char c) const {
    return kind == TokenKind::kPunct && text.size() == 1 && text[0] == c;
  }
};

// Splits `sql` into tokens. An unterminated quote or comment runs to the end
// of the text (stored SQL was accepted by SQLite, so this does not happen).
std::vector<Token> tokenize(std::string_view sql);

// The tokens without comments.
std::vector<Token> without_comments(const std::vector<Token>& tokens);

// Moves `i` past tokens[i] when that is the bare keyword `keyword`.
inline bool take_keyword(const std::vector<Token>& tokens, std::size_t& i,
                         std::string_view keyword) {
  if (i >= tokens.size() || !tokens[i].is_keyword(keyword)) return false;
  ++i;
  return true;
}

// Expression text (a CHECK body, an index key or predicate) in the form
// both the declared and the stored side are compared in: comments dropped,
// each run of whitespace between tokens one space, nothing else touched.
// Quotes, names and strings stay exactly as written, because SQLite reads
// "x" as a name or a string depending on what exists.
std::string canonical_expression(std::string_view sql);

// ASCII lower-casing for case-insensitive name comparison.
inline std::string to_lower(std::string_view text) { return detail::lower(text); }

}  // namespace retort::sqlite
