// retort internals: reads the words and names a SQL statement starts with
// (CREATE OR REPLACE FUNCTION app.f ...), skipping blank space and comments,
// folding unquoted names to lower case and keeping "quoted" ones, as
// PostgreSQL and SQLite read them. No grammar: core knows none.
#pragma once

#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "core/internal/text.hpp"

namespace retort::detail {

// Reads words and names from the start of a statement.
class HeadReader {
 public:
  explicit HeadReader(std::string_view sql) : sql_(sql) {}

  std::size_t at() {
    skip_blank();
    return pos_;
  }

  // The next bare word, lower case; "" when the next token is not one.
  std::string word() {
    skip_blank();
    std::size_t end = pos_;
    while (end < sql_.size() && is_word_char(sql_[end])) ++end;
    if (end == pos_ || std::isdigit(static_cast<unsigned char>(sql_[pos_]))) return {};
    std::string out = detail::lower(sql_.substr(pos_, end - pos_));
    pos_ = end;
    return out;
  }

  // A bare word (folded) or a "quoted" name (kept); nullopt when neither.
  std::optional<std::string> name() {
    skip_blank();
    if (pos_ < sql_.size() && sql_[pos_] == '"') {
      std::string out;
      for (std::size_t i = pos_ + 1; i < sql_.size(); ++i) {
        if (sql_[i] != '"') {
          out += sql_[i];
        } else if (i + 1 < sql_.size() && sql_[i + 1] == '"') {
          out += '"';
          ++i;
        } else {
          pos_ = i + 1;
          return out;
        }
      }
      return std::nullopt;  // unterminated
    }
    std::string w = word();
    if (w.empty()) return std::nullopt;
    return w;
  }

  bool take(char c) {
    skip_blank();
    if (pos_ < sql_.size() && sql_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // Moves past the next token: a word (returned, lower case), a "quoted"
  // name, a 'string', or one other character ("" for all but a word).
  // False at the end.
  bool skip_token(std::string& word_out) {
    word_out.clear();
    skip_blank();
    if (pos_ >= sql_.size()) return false;
    const char c = sql_[pos_];
    if (c == '"') return name().has_value() || (pos_ = sql_.size(), true);
    if (c == '\'') {
      for (++pos_; pos_ < sql_.size(); ++pos_) {
        if (sql_[pos_] != '\'') continue;
        if (pos_ + 1 < sql_.size() && sql_[pos_ + 1] == '\'') {
          ++pos_;
          continue;
        }
        ++pos_;
        break;
      }
      return true;
    }
    if (is_word_char(c)) {
      word_out = word();
      if (word_out.empty()) ++pos_;  // a number
      return true;
    }
    ++pos_;
    return true;
  }

  // CREATE [OR REPLACE]: true when the statement starts so; `keyword_at`
  // is then where the word after them starts.
  bool create(bool& or_replace, std::size_t& keyword_at) {
    if (word() != "create") return false;
    keyword_at = at();
    or_replace = false;
    const std::size_t before = pos_;
    if (word() == "or") {
      if (word() != "replace") return false;
      or_replace = true;
      keyword_at = at();
    } else {
      pos_ = before;
    }
    return true;
  }

  // A name, or schema.name, with where each part starts.
  struct Qualified {
    std::string schema;  // "" when not qualified
    std::string name;
    std::size_t at = 0;       // of the whole
    std::size_t name_at = 0;  // of `name`
  };
  std::optional<Qualified> qualified() {
    Qualified q;
    q.at = at();
    q.name_at = q.at;
    auto first = name();
    if (!first) return std::nullopt;
    q.name = *first;
    if (take('.')) {
      q.name_at = at();
      auto second = name();
      if (!second) return std::nullopt;
      q.schema = *first;
      q.name = *second;
    }
    return q;
  }

  // Back to `at` (a value at() returned).
  void reset(std::size_t at) { pos_ = at; }

 private:
  static bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
  }

  void skip_blank() {
    while (pos_ < sql_.size()) {
      if (std::isspace(static_cast<unsigned char>(sql_[pos_]))) {
        ++pos_;
      } else if (sql_.substr(pos_, 2) == "--") {
        const auto nl = sql_.find('\n', pos_);
        pos_ = nl == std::string_view::npos ? sql_.size() : nl + 1;
      } else if (sql_.substr(pos_, 2) == "/*") {
        const auto end = sql_.find("*/", pos_ + 2);
        pos_ = end == std::string_view::npos ? sql_.size() : end + 2;
      } else {
        return;
      }
    }
  }

  std::string_view sql_;
  std::size_t pos_ = 0;
};

}  // namespace retort::detail
