// [[function]] and [[trigger]] entries: a function, procedure, aggregate or
// trigger as its CREATE statement (core/internal/object_toml.hpp).
#include <fmt/format.h>

#include "core/function_head.hpp"
#include "core/internal/object_toml.hpp"
#include "core/internal/text.hpp"
#include "core/internal/toml_entry.hpp"
#include "core/internal/user_file.hpp"
#include "core/trigger_head.hpp"

namespace retort::detail {
namespace {

// The statement without surrounding space and trailing semicolons.
std::string bare_statement(std::string_view text) {
  std::string q = trim(text);
  while (!q.empty() && q.back() == ';') q = trim(q.substr(0, q.size() - 1));
  return q;
}

// `key` as written agrees with what the statement says.
Status agrees(const EntryReader& r, std::string_view key, const std::string& written,
              const std::string& stated) {
  if (!r.has(key) || written == stated) return {};
  return r.error(
      fmt::format("`{}` says \"{}\" but the statement creates \"{}\"", key, written, stated),
      r.line(key), fmt::format("leave `{}` out: the statement names it", key));
}

// `sql`, or the text of `sql_file` (where `base_dir` is given), as the
// statement without surrounding space and trailing semicolons; the file's
// path in `file`. `example` is a statement of the kind, for the hint.
Status read_statement(const EntryReader& r, const std::string& source,
                      const std::optional<std::filesystem::path>& base_dir,
                      std::string_view example, std::string& sql, std::string& file) {
  const bool has_sql = r.has("sql");
  const bool has_file = r.has("sql_file");
  if (has_sql == has_file) {
    return r.error(base_dir ? "exactly one of `sql` and `sql_file` is needed" : "`sql` is needed",
                   r.line(), fmt::format("e.g. sql = \"{}\"", example));
  }
  if (has_sql) {
    auto text = r.string("sql");
    if (!text) return text.error();
    sql = bare_statement(*text);
    return {};
  }
  auto name = r.string("sql_file");
  if (!name) return name.error();
  const std::filesystem::path path = *base_dir / *name;
  Result<std::string> text = read_user_file(
      path, "SQL file", fmt::format("check `sql_file` at {}:{}", source, r.line("sql_file")));
  if (!text) return std::move(text).error();
  sql = bare_statement(*text);
  file = path.string();
  return {};
}

}  // namespace

Result<Function> parse_function(const toml::table& entry, const std::string& source,
                                const std::optional<std::filesystem::path>& base_dir,
                                std::initializer_list<std::string_view> ignored) {
  std::vector<std::string_view> keys = {"name", "schema", "arguments", "sql", "comment"};
  if (base_dir) keys.push_back("sql_file");
  EntryReader r(entry, source, "function", std::move(keys));
  if (auto s = r.check_keys(ignored); !s) return s.error();
  Function f;
  f.line = r.line();
  if (auto st = read_statement(r, source, base_dir,
                               "CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql "
                               "AS 'SELECT x + 1'",
                               f.sql, f.source);
      !st) {
    return st.error();
  }
  const std::optional<FunctionHead> head = read_function_head(f.sql);
  if (!head) {
    return r.error("the statement is not CREATE FUNCTION, CREATE PROCEDURE or CREATE AGGREGATE",
                   r.line(r.has("sql") ? "sql" : "sql_file"),
                   "write one CREATE statement per [[function]]; a trigger is a [[trigger]]");
  }
  f.routine = head->routine;
  f.schema = head->schema;
  f.name = head->name;
  r.set_context(f.schema.empty() ? f.name : f.schema + "." + f.name);
  auto name = r.string("name");
  if (!name) return name.error();
  if (auto s = agrees(r, "name", *name, f.name); !s) return s.error();
  auto schema = r.string("schema");
  if (!schema) return schema.error();
  // The statement decides where the function goes: a `schema` it does not
  // say would not be where the DDL puts it.
  if (auto s = agrees(r, "schema", *schema, f.schema); !s) return s.error();
  auto arguments = r.string("arguments");
  if (!arguments) return arguments.error();
  f.arguments = *arguments;
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  f.comment = *comment;
  return f;
}

template <>
Result<Function> parse_object(const toml::table& entry, const std::string& source,
                              std::initializer_list<std::string_view> ignored) {
  return parse_function(entry, source, std::nullopt, ignored);
}

toml::table object_toml(const Function& f) {
  toml::table t;
  t.insert_or_assign("name", f.name);
  if (!f.schema.empty()) t.insert_or_assign("schema", f.schema);
  t.insert_or_assign("arguments", f.arguments);
  t.insert_or_assign("sql", f.sql);
  if (!f.comment.empty()) t.insert_or_assign("comment", f.comment);
  return t;
}

Result<Trigger> parse_trigger(const toml::table& entry, const std::string& source,
                              const std::optional<std::filesystem::path>& base_dir,
                              std::initializer_list<std::string_view> ignored) {
  std::vector<std::string_view> keys = {"name", "schema", "table", "sql", "state", "comment"};
  if (base_dir) keys.push_back("sql_file");
  EntryReader r(entry, source, "trigger", std::move(keys));
  if (auto s = r.check_keys(ignored); !s) return s.error();
  Trigger t;
  t.line = r.line();
  if (auto st = read_statement(r, source, base_dir,
                               "CREATE TRIGGER film_touch BEFORE UPDATE ON film FOR EACH ROW "
                               "EXECUTE FUNCTION touch()",
                               t.sql, t.source);
      !st) {
    return st.error();
  }
  const std::optional<TriggerHead> head = read_trigger_head(t.sql);
  if (!head) {
    return r.error("the statement is not CREATE TRIGGER ... ON table",
                   r.line(r.has("sql") ? "sql" : "sql_file"),
                   "write one CREATE TRIGGER statement per [[trigger]]");
  }
  t.schema = head->schema;
  t.table = head->table;
  t.name = head->name;
  r.set_context(t.schema.empty() ? t.table : t.schema + "." + t.table);
  for (auto [key, stated] : {std::pair<std::string_view, const std::string*>{"name", &t.name},
                             {"schema", &t.schema},
                             {"table", &t.table}}) {
    auto written = r.string(key);
    if (!written) return written.error();
    if (auto s = agrees(r, key, *written, *stated); !s) return s.error();
  }
  auto state = r.string("state");
  if (!state) return state.error();
  if (!state->empty() && *state != "disabled" && *state != "replica" && *state != "always") {
    return r.error(
        fmt::format("state \"{}\" is none of \"disabled\", \"replica\" and \"always\"", *state),
        r.line("state"), "leave `state` out for a trigger that fires");
  }
  t.state = *state;
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  t.comment = *comment;
  return t;
}

template <>
Result<Trigger> parse_object(const toml::table& entry, const std::string& source,
                             std::initializer_list<std::string_view> ignored) {
  return parse_trigger(entry, source, std::nullopt, ignored);
}

toml::table object_toml(const Trigger& t) {
  toml::table out;
  out.insert_or_assign("name", t.name);
  if (!t.schema.empty()) out.insert_or_assign("schema", t.schema);
  out.insert_or_assign("table", t.table);
  out.insert_or_assign("sql", t.sql);
  if (!t.state.empty()) out.insert_or_assign("state", t.state);
  if (!t.comment.empty()) out.insert_or_assign("comment", t.comment);
  return out;
}

}  // namespace retort::detail
