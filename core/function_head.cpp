#include "core/function_head.hpp"

#include <cctype>

#include "core/internal/text.hpp"

namespace retort {
namespace {

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

}  // namespace

std::optional<FunctionHead> read_function_head(std::string_view sql) {
  HeadReader r(sql);
  if (r.word() != "create") return std::nullopt;
  FunctionHead head;
  std::size_t at = r.at();
  std::string w = r.word();
  if (w == "or") {
    if (r.word() != "replace") return std::nullopt;
    head.or_replace = true;
    at = r.at();
    w = r.word();
  }
  if (w != "function" && w != "procedure" && w != "aggregate") return std::nullopt;
  head.routine = w;
  head.keyword_at = at;
  head.qualified_at = r.at();
  head.name_at = head.qualified_at;
  auto first = r.name();
  if (!first) return std::nullopt;
  if (r.take('.')) {
    head.name_at = r.at();
    auto second = r.name();
    if (!second) return std::nullopt;
    head.schema = *first;
    head.name = *second;
  } else {
    head.name = *first;
  }
  return head;
}

std::string or_replace_sql(std::string_view sql) {
  const std::optional<FunctionHead> head = read_function_head(sql);
  if (!head || head->or_replace) return std::string(sql);
  std::string out(sql.substr(0, head->keyword_at));
  out += "OR REPLACE ";
  out += sql.substr(head->keyword_at);
  return out;
}

std::string without_or_replace(std::string_view sql) {
  const std::optional<FunctionHead> head = read_function_head(sql);
  if (!head || !head->or_replace) return std::string(sql);
  // CREATE <blank> OR <blank> REPLACE <blank> keyword: keep what comes
  // before OR and from the keyword on.
  HeadReader r(sql);
  (void)r.word();  // create
  const std::size_t or_at = r.at();
  return std::string(sql.substr(0, or_at)) + std::string(sql.substr(head->keyword_at));
}

std::string unqualified_sql(std::string_view sql) {
  const std::optional<FunctionHead> head = read_function_head(sql);
  if (!head || head->schema.empty()) return std::string(sql);
  return std::string(sql.substr(0, head->qualified_at)) + std::string(sql.substr(head->name_at));
}

}  // namespace retort
