#include "dialects/sqlite/sqlite_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "dialects/sqlite/sql_tokenizer.hpp"

namespace retort::sqlite {

std::optional<std::string> stored_view_query(std::string_view create_sql) {
  const std::vector<Token> tokens = without_comments(tokenize(create_sql));
  std::size_t i = 0;
  auto keyword = [&](std::string_view k) { return take_keyword(tokens, i, k); };
  if (!keyword("create")) return std::nullopt;
  if (!keyword("temp")) keyword("temporary");
  if (!keyword("view")) return std::nullopt;
  if (keyword("if")) {
    if (!keyword("not") || !keyword("exists")) return std::nullopt;
  }
  if (i < tokens.size() && tokens[i].is_name()) ++i;  // schema or name
  if (i + 1 < tokens.size() && tokens[i].is_punct('.') && tokens[i + 1].is_name()) i += 2;
  if (i >= tokens.size() || !tokens[i].is_keyword("as")) return std::nullopt;
  std::string query = detail::trim(create_sql.substr(tokens[i].end));
  while (!query.empty() && query.back() == ';')
    query = detail::trim(query.substr(0, query.size() - 1));
  return query;
}

Status view_refused(const View& view) {
  if (view.materialized) {
    return Error::bad_input(
        fmt::format("view {} is materialized: SQLite has no materialized views", view.name),
        "declare it without `materialized` for SQLite (a plain view), or keep it to PostgreSQL");
  }
  if (!view.comment.empty()) {
    return Error::bad_input(
        fmt::format("view {} has a comment: SQLite keeps none on a view", view.name),
        "remove the view's `comment` for SQLite (a SQL comment inside the "
        "query is kept with it)");
  }
  return {};
}

std::string canonical_view_query(std::string_view query) {
  std::string out;
  for (const Token& t : without_comments(tokenize(query))) {
    if (t.is_punct(';')) continue;
    if (!out.empty()) out += ' ';
    if (t.kind == TokenKind::kWord) {
      out += to_lower(t.text);
    } else if (t.kind == TokenKind::kQuotedName) {
      // "Name" and name are one name to SQLite; only a name that needs its
      // quotes keeps them.
      const bool plain = !t.value.empty() &&
                         !std::isdigit(static_cast<unsigned char>(t.value[0])) &&
                         std::all_of(t.value.begin(), t.value.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                         });
      out += plain ? to_lower(t.value) : '"' + to_lower(t.value) + '"';
    } else {
      out += t.text;
    }
  }
  return out;
}

void normalize_view(View& view, const MetaData& schema) {
  view.schema.clear();  // one schema per SQLite file
  view.canonical = canonical_view_query(view.query);
  if (!view.depends_on.empty()) return;
  std::set<std::string> names;
  for (const Token& t : tokenize(view.query)) {
    if (t.is_name()) names.insert(to_lower(t.value));
  }
  auto add = [&](const std::string& name) {
    if (names.count(to_lower(name)) != 0 && name != view.name) view.depends_on.push_back(name);
  };
  for (const Table& t : schema.tables) add(t.name);
  for (const View& v : schema.views) add(v.name);
  std::sort(view.depends_on.begin(), view.depends_on.end());
}

}  // namespace retort::sqlite
