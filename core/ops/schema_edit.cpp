// The in-memory schema edits op kinds share (core/ops/schema_edit.hpp).
#include "core/ops/schema_edit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <tuple>

#include "core/internal/text.hpp"

namespace retort::detail {

Error missing(std::string_view op, std::string what) {
  return Error::bad_input(fmt::format("{}: {}", op, what),
                          "check the revision history: an earlier op must create it");
}

void sort_tables(MetaData& md) {
  std::stable_sort(md.tables.begin(), md.tables.end(), [](const Table& a, const Table& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
}

void sort_enums(MetaData& md) {
  std::stable_sort(md.enums.begin(), md.enums.end(), [](const Enum& a, const Enum& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
}

void sort_views(MetaData& md) {
  std::stable_sort(md.views.begin(), md.views.end(), [](const View& a, const View& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Result<Table*> table_for(MetaData& md, std::string_view op, const std::string& schema,
                         const std::string& name) {
  Table* t = md.find_table(schema, name);
  if (t == nullptr) {
    return std::move(
        missing(op, fmt::format("table {} does not exist", qualify(schema, name))).on(name));
  }
  return t;
}

Result<Column*> column_for(Table& t, std::string_view op, const std::string& column) {
  Column* c = t.find_column(column);
  if (c == nullptr) {
    return std::move(
        missing(op, fmt::format("table {} has no column {}", t.qualified_name(), column))
            .on(t.name, column));
  }
  return c;
}

Status columns_exist(Table& t, std::string_view op, const std::vector<std::string>& columns) {
  for (const auto& c : columns) {
    if (auto r = column_for(t, op, c); !r) return r.error();
  }
  return {};
}

void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to) {
  std::replace(names.begin(), names.end(), from, to);
}

namespace {

bool word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

}  // namespace

std::string rename_in_sql(std::string_view sql, std::string_view from, std::string_view to) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  // The next non-space character after position `at` is '(' (a function name).
  auto called = [&](std::size_t at) {
    while (at < sql.size() && std::isspace(static_cast<unsigned char>(sql[at])) != 0) ++at;
    return at < sql.size() && sql[at] == '(';
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or a quoted name, '' / "" inside
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      const std::size_t end = std::min(j + 1, sql.size());
      std::string quoted(sql.substr(i, end - i));
      if (c == '"') {
        std::string name;
        for (std::size_t k = i + 1; k < j && k < sql.size(); ++k) {
          name += sql[k];
          if (sql[k] == '"') ++k;  // "" is one quote
        }
        if (name == from && !called(end)) quoted = expression_name(to);
      }
      out += quoted;
      i = end;
    } else if (word_start(c)) {
      std::size_t j = i;
      while (j < sql.size() && word_char(sql[j])) ++j;
      const std::string_view word = sql.substr(i, j - i);
      const bool same = word.size() == from.size() &&
                        std::equal(word.begin(), word.end(), from.begin(), [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
      // An unquoted word folds to lower case, so it names `from` only when
      // `from` is lower case itself.
      const bool folds_to_from = same && std::none_of(from.begin(), from.end(), [](char ch) {
                                   return std::isupper(static_cast<unsigned char>(ch)) != 0;
                                 });
      out += folds_to_from && !called(j) ? expression_name(to) : std::string(word);
      i = j;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {  // 1e5 is no word
      std::size_t j = i;
      while (j < sql.size() && word_char(sql[j])) ++j;
      out += sql.substr(i, j - i);
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

void forget_column(Table& t, const std::string& column) {
  std::erase_if(t.indexes, [&](const Index& i) { return contains(i.column_names(), column); });
  std::erase_if(t.uniques, [&](const UniqueConstraint& u) { return contains(u.columns, column); });
  std::erase_if(t.foreign_keys, [&](const ForeignKey& f) { return contains(f.columns, column); });
  std::erase_if(t.exclusions, [&](const ExclusionConstraint& x) {
    return contains(exclusion_columns(x), column);
  });
}

void rename_column_in_exclusion(ExclusionConstraint& x, const std::string& from,
                                const std::string& to) {
  for (auto& e : x.elements) {
    if (e.key.column == from) e.key.column = to;
    if (!e.key.expression.empty()) e.key.expression = rename_in_sql(e.key.expression, from, to);
  }
  rename_in(x.include, from, to);
  if (!x.where.empty()) x.where = rename_in_sql(x.where, from, to);
}

std::vector<std::string> exclusion_columns(const ExclusionConstraint& x) {
  std::vector<std::string> out;
  for (const auto& e : x.elements) {
    if (!e.key.column.empty()) out.push_back(e.key.column);
  }
  out.insert(out.end(), x.include.begin(), x.include.end());
  return out;
}

}  // namespace retort::detail
