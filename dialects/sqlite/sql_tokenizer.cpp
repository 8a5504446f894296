#include "dialects/sqlite/sql_tokenizer.hpp"

#include <cctype>

namespace retort::sqlite {

// Compares in place: the DDL parser asks this of every token, many times
// over, when an inspect reads hundreds of tables.
bool Token::is_keyword(std::string_view keyword) const {
  if (kind != TokenKind::kWord || text.size() != keyword.size()) return false;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (lower(text[i]) != lower(keyword[i])) return false;
  }
  return true;
}

namespace {

bool is_word_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_word_char(char c) {
  return is_word_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$';
}

// Reads a quoted run starting at `i` (the opening quote); a doubled closing
// quote is an escaped one. Returns the index after the closing quote.
std::size_t read_quoted(std::string_view sql, std::size_t i, char close, std::string& value) {
  ++i;
  while (i < sql.size()) {
    if (sql[i] == close) {
      if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
        value += close;
        i += 2;
        continue;
      }
      return i + 1;
    }
    value += sql[i++];
  }
  return i;
}

std::size_t read_number(std::string_view sql, std::size_t i) {
  auto digit = [&](std::size_t k) {
    return k < sql.size() && std::isdigit(static_cast<unsigned char>(sql[k]));
  };
  if (sql[i] == '0' && i + 1 < sql.size() && (sql[i + 1] == 'x' || sql[i + 1] == 'X')) {
    i += 2;
    while (i < sql.size() && std::isxdigit(static_cast<unsigned char>(sql[i]))) ++i;
    return i;
  }
  while (digit(i)) ++i;
  if (i < sql.size() && sql[i] == '.') {
    ++i;
    while (digit(i)) ++i;
  }
  if (i < sql.size() && (sql[i] == 'e' || sql[i] == 'E')) {
    std::size_t k = i + 1;
    if (k < sql.size() && (sql[k] == '+' || sql[k] == '-')) ++k;
    if (digit(k)) {
      i = k;
      while (digit(i)) ++i;
    }
  }
  return i;
}

}  // namespace

std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> tokens;
  // About one token per four bytes of SQL: growing the vector one doubling
  // at a time copied every short token's text again.
  tokens.reserve(sql.size() / 4 + 1);
  std::size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t;
    t.begin = i;
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end;
      t.kind = TokenKind::kComment;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      std::size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
      t.kind = TokenKind::kComment;
    } else if (c == '\'') {
      t.kind = TokenKind::kString;
      i = read_quoted(sql, i, '\'', t.value);
    } else if (c == '"' || c == '`' || c == '[') {
      t.kind = TokenKind::kQuotedName;
      i = read_quoted(sql, i, c == '[' ? ']' : c, t.value);
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < sql.size() &&
                std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
      t.kind = TokenKind::kNumber;
      i = read_number(sql, i);
    } else if (is_word_start(c)) {
      t.kind = TokenKind::kWord;
      while (i < sql.size() && is_word_char(sql[i])) ++i;
    } else {
      t.kind = TokenKind::kPunct;
      static constexpr std::string_view kTwo[] = {
          "<=", ">=", "<>", "!=", "==", "||", "<<", ">>", "->"};
      std::size_t len = 1;
      for (std::string_view two : kTwo) {
        if (sql.substr(i, 2) == two) len = 2;
      }
      i += len;
    }
    t.end = i;
    t.text = std::string(sql.substr(t.begin, t.end - t.begin));
    if (t.kind != TokenKind::kString && t.kind != TokenKind::kQuotedName) t.value = t.text;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

std::vector<Token> without_comments(const std::vector<Token>& tokens) {
  std::vector<Token> out;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kComment) out.push_back(t);
  }
  return out;
}

std::string canonical_expression(std::string_view sql) {
  std::string out;
  std::size_t previous_end = 0;
  bool first = true;
  for (const Token& t : tokenize(sql)) {
    if (t.kind == TokenKind::kComment) continue;
    // Tokens that touched stay touching: "- -1" must not become "--1".
    if (!first && t.begin != previous_end) out += ' ';
    out += t.text;
    previous_end = t.end;
    first = false;
  }
  return out;
}

}  // namespace retort::sqlite
