#include "core/internal/view_toml.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/internal/schema_toml.hpp"
#include "core/internal/text.hpp"
#include "core/internal/toml_entry.hpp"
#include "core/internal/user_file.hpp"

namespace retort::detail {
namespace {

// The query without surrounding space and trailing semicolons.
std::string bare_query(std::string_view text) {
  std::string q = trim(text);
  while (!q.empty() && q.back() == ';') q = trim(q.substr(0, q.size() - 1));
  return q;
}

}  // namespace

Result<View> parse_view(const toml::table& entry, const std::string& source,
                        const std::optional<std::filesystem::path>& base_dir,
                        std::initializer_list<std::string_view> ignored) {
  std::vector<std::string_view> keys = {"name",      "schema",  "query",  "materialized",
                                        "with_data", "comment", "indexes"};
  if (base_dir) keys.push_back("sql_file");
  EntryReader r(entry, source, "view", std::move(keys));
  if (auto s = r.check_keys(ignored); !s) return s.error();
  View v;
  v.line = r.line();
  auto name = r.required_string("name");
  if (!name) return name.error();
  v.name = *name;
  r.set_context(v.name);
  auto schema = r.string("schema");
  if (!schema) return schema.error();
  v.schema = *schema;
  auto materialized = r.boolean("materialized");
  if (!materialized) return materialized.error();
  v.materialized = *materialized;
  auto with_data = r.boolean("with_data", true);
  if (!with_data) return with_data.error();
  v.with_data = *with_data;
  if (!v.materialized && r.has("with_data")) {
    return r.error("`with_data` applies only to a materialized view", r.line("with_data"),
                   "add materialized = true, or remove `with_data`");
  }
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  v.comment = *comment;

  const bool has_query = r.has("query");
  const bool has_file = r.has("sql_file");
  if (has_query == has_file) {
    return r.error(fmt::format("view {} needs exactly one of `query` and `sql_file`", v.name),
                   r.line(), "e.g. query = \"SELECT id, name FROM hero\"");
  }
  if (has_query) {
    auto query = r.string("query");
    if (!query) return query.error();
    v.query = bare_query(*query);
  } else {
    auto file = r.string("sql_file");
    if (!file) return file.error();
    const std::filesystem::path path = *base_dir / *file;
    Result<std::string> text = read_user_file(
        path, fmt::format("SQL file of view {}", v.name),
        fmt::format("check `sql_file` of view {} at {}:{}", v.name, source, r.line("sql_file")));
    if (!text) return std::move(text).error();
    v.query = bare_query(*text);
    v.source = path.string();
  }
  if (v.query.empty()) {
    return r.error(fmt::format("view {} has an empty query", v.name),
                   r.line(has_query ? "query" : "sql_file"));
  }

  auto indexes = r.array("indexes");
  if (!indexes) return indexes.error();
  if (*indexes != nullptr) {
    if (!v.materialized) {
      return r.error("only a materialized view has `indexes`", r.line("indexes"),
                     "add materialized = true, or index the tables it reads");
    }
    for (const auto& element : **indexes) {
      const toml::table* t = element.as_table();
      if (t == nullptr) {
        return r.error("each of `indexes` must be an inline table { ... }", line_of(element));
      }
      auto index = parse_index(*t, source, v.name, NamingConvention{});
      if (!index) return index.error();
      v.indexes.push_back(std::move(*index));
    }
    std::sort(v.indexes.begin(), v.indexes.end(),
              [](const Index& a, const Index& b) { return a.name < b.name; });
  }
  return v;
}

toml::table view_toml(const View& view) {
  toml::table t;
  t.insert_or_assign("name", view.name);
  if (!view.schema.empty()) t.insert_or_assign("schema", view.schema);
  if (view.materialized) t.insert_or_assign("materialized", true);
  if (view.materialized && !view.with_data) t.insert_or_assign("with_data", false);
  if (!view.comment.empty()) t.insert_or_assign("comment", view.comment);
  t.insert_or_assign("query", view.query);
  if (!view.indexes.empty()) {
    toml::array a;
    for (const Index& i : view.indexes) a.push_back(index_toml(i));
    t.insert_or_assign("indexes", std::move(a));
  }
  return t;
}

}  // namespace retort::detail
