#include "core/internal/schema_toml.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "core/internal/text.hpp"
#include "core/internal/toml_entry.hpp"

namespace retort::detail {
namespace {

constexpr std::string_view kActions[] = {"no action", "restrict", "cascade", "set null",
                                         "set default"};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

Result<std::string> read_action(const EntryReader& r, std::string_view key) {
  auto v = r.string(key);
  if (!v) return v;
  std::string action = lower(trim(*v));
  if (action.empty()) return action;
  if (std::find(std::begin(kActions), std::end(kActions), action) == std::end(kActions)) {
    return r.error(fmt::format("`{}` must be one of: {}", key, fmt::join(kActions, ", ")),
                   r.line(key), fmt::format("got \"{}\"", *v));
  }
  return action;
}

bool is_no_action(const std::string& a) { return a.empty() || a == "no action"; }

// `deferrable` and `initially_deferred` of a constraint; INITIALLY DEFERRED
// is only for a DEFERRABLE constraint.
Status read_deferrable(const EntryReader& r, bool& deferrable, bool& initially_deferred) {
  auto d = r.boolean("deferrable");
  if (!d) return d.error();
  auto i = r.boolean("initially_deferred");
  if (!i) return i.error();
  if (*i && !*d) {
    return r.error("`initially_deferred = true` needs `deferrable = true`",
                   r.line("initially_deferred"));
  }
  deferrable = *d;
  initially_deferred = *i;
  return {};
}

void write_deferrable(toml::table& t, bool deferrable, bool initially_deferred) {
  if (deferrable) t.insert_or_assign("deferrable", true);
  if (initially_deferred) t.insert_or_assign("initially_deferred", true);
}

// `not_valid` (checks and foreign keys): the constraint is added without
// checking the rows already there.
Status read_flag(const EntryReader& r, std::string_view key, bool& out) {
  auto v = r.boolean(key);
  if (!v) return v.error();
  out = *v;
  return {};
}

// Parses "table" or "schema.table".
void split_qualified(const std::string& text, std::string& schema, std::string& table) {
  auto dot = text.find('.');
  if (dot == std::string::npos) {
    schema.clear();
    table = text;
  } else {
    schema = text.substr(0, dot);
    table = text.substr(dot + 1);
  }
}

toml::array string_array(const std::vector<std::string>& items) {
  toml::array a;
  for (const auto& s : items) a.push_back(s);
  return a;
}

// Reads an array of tables, one parser per element.
template <class T, class Parse>
Status read_table_array(const EntryReader& r, std::string_view key, std::vector<T>& out,
                        Parse parse) {
  auto arr = r.array(key);
  if (!arr) return arr.error();
  if (*arr == nullptr) return {};
  for (const auto& element : **arr) {
    const toml::table* t = element.as_table();
    if (t == nullptr) {
      return r.error(fmt::format("every element of `{}` must be a table {{ ... }}", key),
                     line_of(element));
    }
    auto item = parse(*t);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return {};
}

}  // namespace

// ------------------------------------------------------------------- columns

Result<Column> parse_column(const toml::table& entry, const std::string& source,
                            const std::string& table, ColumnShorthands* extras) {
  std::vector<std::string_view> allowed = {"name",          "type",    "nullable",    "primary_key",
                                           "autoincrement", "default", "default_sql", "comment",
                                           "enum",          "values",  "native"};
  if (extras != nullptr) {
    allowed.insert(allowed.end(),
                   {"unique", "index", "foreign_key", "on_delete", "on_update", "renamed_from"});
  }
  EntryReader r(entry, source, "column", std::move(allowed));
  r.set_context(table);
  Column c;
  c.line = r.line();
  auto name = r.required_string("name");
  if (!name) return name.error();
  c.name = *name;
  r.set_context(table, c.name);
  if (auto s = r.check_keys(); !s) return s.error();

  auto type_text = r.required_string("type");
  if (!type_text) return type_text.error();
  auto native = r.boolean("native");
  if (!native) return native.error();
  auto type = parse_column_type(*type_text, *native);
  if (!type) return r.error(type.error().message, r.line("type"), type.error().hint);
  c.type = *type;

  if (c.type.kind == TypeKind::kEnum) {
    // `values` may be left out here when another declaration gives them;
    // validate() reports an enum that ends up with none.
    if (!r.has("enum")) {
      return r.error("an enum column needs `enum` (the type's name) and `values`", r.line(),
                     "e.g. type = \"enum\", enum = \"status\", values = [\"todo\", \"done\"]");
    }
    auto enum_name = r.string("enum");
    if (!enum_name) return enum_name.error();
    auto values = r.strings("values");
    if (!values) return values.error();
    if (enum_name->empty() || (r.has("values") && values->empty())) {
      return r.error("an enum column needs a non-empty `enum` name and `values`", r.line("enum"));
    }
    c.type.enum_name = *enum_name;
    c.type.enum_values = *values;
  } else if (r.has("enum") || r.has("values")) {
    return r.error("`enum` and `values` apply only to type = \"enum\"",
                   r.line(r.has("enum") ? "enum" : "values"));
  }

  auto nullable = r.boolean("nullable");
  if (!nullable) return nullable.error();
  c.nullable = *nullable;
  auto pk = r.boolean("primary_key");
  if (!pk) return pk.error();
  c.primary_key = *pk;
  if (r.has("autoincrement")) {
    auto ai = r.boolean("autoincrement");
    if (!ai) return ai.error();
    c.autoincrement = *ai;
    c.autoincrement_off = !*ai;
  }
  if (r.has("default") && r.has("default_sql")) {
    return r.error("a column has either `default` or `default_sql`, not both",
                   r.line("default_sql"));
  }
  if (r.has("default")) {
    auto lit = r.literal("default");
    if (!lit) return lit.error();
    c.default_.value = *lit;
  }
  if (r.has("default_sql")) {
    auto sql = r.string("default_sql");
    if (!sql) return sql.error();
    c.default_.sql = *sql;
  }
  c.default_ = normalized_default(c.default_, c.type);
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  c.comment = *comment;
  auto renamed_from = r.string("renamed_from");
  if (!renamed_from) return renamed_from.error();
  c.renamed_from = *renamed_from;

  if (extras != nullptr) {
    auto unique = r.boolean("unique");
    if (!unique) return unique.error();
    auto index = r.boolean("index");
    if (!index) return index.error();
    auto fk = r.string("foreign_key");
    if (!fk) return fk.error();
    auto on_delete = read_action(r, "on_delete");
    if (!on_delete) return on_delete.error();
    auto on_update = read_action(r, "on_update");
    if (!on_update) return on_update.error();
    if (fk->empty() && (r.has("on_delete") || r.has("on_update"))) {
      return r.error("`on_delete`/`on_update` need `foreign_key`",
                     r.line(r.has("on_delete") ? "on_delete" : "on_update"),
                     "add foreign_key = \"table.column\"");
    }
    if (!fk->empty()) {
      const auto parts = split(*fk, '.');
      if ((parts.size() != 2 && parts.size() != 3) ||
          std::any_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); })) {
        return r.error(fmt::format("`foreign_key` must be \"table.column\" or "
                                   "\"schema.table.column\", got \"{}\"",
                                   *fk),
                       r.line("foreign_key"));
      }
    }
    *extras = {*unique, *index, *fk, *on_delete, *on_update};
  }
  return c;
}

toml::table column_toml(const Column& c) {
  toml::table t;
  t.is_inline(true);
  t.insert_or_assign("name", c.name);
  t.insert_or_assign("type", c.type.to_string());
  if (c.type.kind == TypeKind::kNative && c.type.native_marked) t.insert_or_assign("native", true);
  if (c.type.kind == TypeKind::kEnum) {
    t.insert_or_assign("enum", c.type.enum_name);
    t.insert_or_assign("values", string_array(c.type.enum_values));
  }
  if (c.nullable) t.insert_or_assign("nullable", true);
  if (c.primary_key) t.insert_or_assign("primary_key", true);
  if (c.autoincrement) {
    t.insert_or_assign("autoincrement", true);
  } else if (c.autoincrement_off) {
    t.insert_or_assign("autoincrement", false);
  }
  if (c.default_.value) insert_literal(t, "default", *c.default_.value);
  if (c.default_.sql) t.insert_or_assign("default_sql", *c.default_.sql);
  if (!c.comment.empty()) t.insert_or_assign("comment", c.comment);
  if (!c.renamed_from.empty()) t.insert_or_assign("renamed_from", c.renamed_from);
  return t;
}

// ------------------------------------------------------ indexes, constraints

Result<Index> parse_index(const toml::table& entry, const std::string& source,
                          const std::string& table, const NamingConvention& naming) {
  EntryReader r(entry, source, "index", {"name", "columns", "unique", "where"});
  r.set_context(table);
  if (auto s = r.check_keys(); !s) return s.error();
  Index index;
  index.line = r.line();
  auto name = r.string("name");
  if (!name) return name.error();
  auto unique = r.boolean("unique");
  if (!unique) return unique.error();
  index.unique = *unique;
  auto where = r.string("where");
  if (!where) return where.error();
  index.where = *where;
  auto columns = r.array("columns");
  if (!columns) return columns.error();
  if (*columns == nullptr || (*columns)->empty()) {
    return r.error("an index needs `columns`", r.line(),
                   "e.g. columns = [\"name\", \"age DESC\", { expression = \"lower(name)\" }]");
  }
  for (const auto& element : **columns) {
    IndexKey key;
    if (const auto* s = element.as_string()) {
      std::string text = trim(s->get());
      auto space = text.find_last_of(" \t");
      if (space != std::string::npos) {
        const std::string word = lower(text.substr(space + 1));
        if (word == "desc" || word == "asc") {
          key.order = word == "desc" ? SortOrder::kDesc : SortOrder::kAsc;
          text = trim(text.substr(0, space));
        }
      }
      key.column = text;
    } else if (const auto* t = element.as_table()) {
      EntryReader kr(*t, source, "index key", {"expression", "order"});
      kr.set_context(table);
      if (auto s = kr.check_keys(); !s) return s.error();
      auto expr = kr.required_string("expression");
      if (!expr) return expr.error();
      auto order = kr.string("order", "asc");
      if (!order) return order.error();
      if (lower(*order) != "asc" && lower(*order) != "desc") {
        return kr.error("`order` must be \"asc\" or \"desc\"", kr.line("order"));
      }
      key.expression = *expr;
      key.order = lower(*order) == "desc" ? SortOrder::kDesc : SortOrder::kAsc;
    } else {
      return r.error("index columns are \"name\", \"name DESC\" or { expression = \"...\" }",
                     line_of(element));
    }
    if (key.column.empty() && key.expression.empty()) {
      return r.error("an index column may not be empty", line_of(element));
    }
    index.keys.push_back(std::move(key));
  }
  if (!name->empty()) {
    index.name = *name;
  } else if (index.column_names().size() != index.keys.size()) {
    return r.error("an index on an expression needs a `name`", r.line());
  } else {
    index.name = naming.index_name(table, index.column_names());
  }
  return index;
}

toml::table index_toml(const Index& index) {
  toml::table t;
  t.is_inline(true);
  t.insert_or_assign("name", index.name);
  toml::array keys;
  for (const auto& k : index.keys) {
    if (!k.column.empty()) {
      keys.push_back(k.order == SortOrder::kDesc ? k.column + " DESC" : k.column);
    } else {
      toml::table e;
      e.is_inline(true);
      e.insert_or_assign("expression", k.expression);
      if (k.order == SortOrder::kDesc) e.insert_or_assign("order", "desc");
      keys.push_back(std::move(e));
    }
  }
  t.insert_or_assign("columns", std::move(keys));
  if (index.unique) t.insert_or_assign("unique", true);
  if (!index.where.empty()) t.insert_or_assign("where", index.where);
  return t;
}

Result<UniqueConstraint> parse_unique(const toml::table& entry, const std::string& source,
                                      const std::string& table, const NamingConvention& naming) {
  EntryReader r(entry, source, "unique constraint",
                {"name", "columns", "deferrable", "initially_deferred"});
  r.set_context(table);
  if (auto s = r.check_keys(); !s) return s.error();
  UniqueConstraint u;
  u.line = r.line();
  auto name = r.string("name");
  if (!name) return name.error();
  auto columns = r.strings("columns");
  if (!columns) return columns.error();
  if (columns->empty()) return r.error("a unique constraint needs `columns`", r.line());
  u.columns = *columns;
  if (auto s = read_deferrable(r, u.deferrable, u.initially_deferred); !s) return s.error();
  u.name = name->empty() ? naming.unique_name(table, u.columns) : *name;
  return u;
}

toml::table unique_toml(const UniqueConstraint& u) {
  toml::table t;
  t.is_inline(true);
  t.insert_or_assign("name", u.name);
  t.insert_or_assign("columns", string_array(u.columns));
  write_deferrable(t, u.deferrable, u.initially_deferred);
  return t;
}

Result<ForeignKey> parse_foreign_key(const toml::table& entry, const std::string& source,
                                     const std::string& table, const NamingConvention& naming) {
  EntryReader r(entry, source, "foreign key",
                {"name", "columns", "references", "ref_columns", "on_delete", "on_update",
                 "deferrable", "initially_deferred", "match", "not_valid"});
  r.set_context(table);
  if (auto s = r.check_keys(); !s) return s.error();
  ForeignKey fk;
  fk.line = r.line();
  auto name = r.string("name");
  if (!name) return name.error();
  auto columns = r.strings("columns");
  if (!columns) return columns.error();
  auto references = r.required_string("references");
  if (!references) return references.error();
  auto ref_columns = r.strings("ref_columns");
  if (!ref_columns) return ref_columns.error();
  if (columns->empty() || ref_columns->size() != columns->size()) {
    return r.error(
        "a foreign key needs `columns` and as many `ref_columns`", r.line(),
        "e.g. { columns = [\"team_id\"], references = \"team\", ref_columns = [\"id\"] }");
  }
  fk.columns = *columns;
  fk.ref_columns = *ref_columns;
  split_qualified(*references, fk.ref_schema, fk.ref_table);
  auto on_delete = read_action(r, "on_delete");
  if (!on_delete) return on_delete.error();
  auto on_update = read_action(r, "on_update");
  if (!on_update) return on_update.error();
  fk.on_delete = *on_delete;
  fk.on_update = *on_update;
  auto deferrable = r.boolean("deferrable");
  if (!deferrable) return deferrable.error();
  auto initially = r.boolean("initially_deferred");
  if (!initially) return initially.error();
  fk.deferrable = *deferrable;
  fk.initially_deferred = *initially;
  auto match = r.string("match", "simple");
  if (!match) return match.error();
  const std::string match_type = lower(trim(*match));
  if (match_type != "simple" && match_type != "full") {
    return r.error(
        "`match` must be \"simple\" or \"full\"", r.line("match"),
        fmt::format("got \"{}\" (MATCH PARTIAL is not implemented by any dialect)", *match));
  }
  fk.match_full = match_type == "full";
  if (auto s = read_flag(r, "not_valid", fk.not_valid); !s) return s.error();
  fk.name = name->empty() ? naming.foreign_key_name(table, fk.columns, fk.ref_table) : *name;
  return fk;
}

toml::table foreign_key_toml(const ForeignKey& fk) {
  toml::table t;
  t.is_inline(true);
  t.insert_or_assign("name", fk.name);
  t.insert_or_assign("columns", string_array(fk.columns));
  t.insert_or_assign("references",
                     fk.ref_schema.empty() ? fk.ref_table : fk.ref_schema + "." + fk.ref_table);
  t.insert_or_assign("ref_columns", string_array(fk.ref_columns));
  if (!is_no_action(fk.on_delete)) t.insert_or_assign("on_delete", fk.on_delete);
  if (!is_no_action(fk.on_update)) t.insert_or_assign("on_update", fk.on_update);
  if (fk.deferrable) t.insert_or_assign("deferrable", true);
  if (fk.initially_deferred) t.insert_or_assign("initially_deferred", true);
  if (fk.match_full) t.insert_or_assign("match", "full");
  if (fk.not_valid) t.insert_or_assign("not_valid", true);
  return t;
}

Result<CheckConstraint> parse_check(const toml::table& entry, const std::string& source,
                                    const std::string& table) {
  EntryReader r(entry, source, "check constraint", {"name", "sql", "not_valid", "no_inherit"});
  r.set_context(table);
  if (auto s = r.check_keys(); !s) return s.error();
  CheckConstraint c;
  c.line = r.line();
  auto name = r.required_string("name");
  if (!name) return name.error();
  auto sql = r.required_string("sql");
  if (!sql) return sql.error();
  if (name->empty() || trim(*sql).empty()) {
    return r.error("a check constraint needs a non-empty `name` and `sql`", r.line());
  }
  c.name = *name;
  c.sql = *sql;
  if (auto s = read_flag(r, "not_valid", c.not_valid); !s) return s.error();
  if (auto s = read_flag(r, "no_inherit", c.no_inherit); !s) return s.error();
  return c;
}

toml::table check_toml(const CheckConstraint& c) {
  toml::table t;
  t.is_inline(true);
  t.insert_or_assign("name", c.name);
  t.insert_or_assign("sql", c.sql);
  if (c.not_valid) t.insert_or_assign("not_valid", true);
  if (c.no_inherit) t.insert_or_assign("no_inherit", true);
  return t;
}

Result<ExclusionConstraint> parse_exclusion(const toml::table& entry, const std::string& source,
                                            const std::string& table) {
  EntryReader r(
      entry, source, "exclusion constraint",
      {"name", "using", "elements", "include", "where", "deferrable", "initially_deferred"});
  r.set_context(table);
  if (auto s = r.check_keys(); !s) return s.error();
  ExclusionConstraint x;
  x.line = r.line();
  auto name = r.required_string("name");
  if (!name) return name.error();
  if (name->empty()) return r.error("an exclusion constraint needs a non-empty `name`", r.line());
  x.name = *name;
  auto method = r.string("using", "gist");
  if (!method) return method.error();
  x.method = lower(trim(*method));
  if (x.method.empty()) return r.error("`using` may not be empty", r.line("using"));
  auto elements = r.array("elements");
  if (!elements) return elements.error();
  if (*elements == nullptr || (*elements)->empty()) {
    return r.error("an exclusion constraint needs `elements`", r.line(),
                   "e.g. elements = [ { column = \"room\", op = \"=\" }, "
                   "{ column = \"during\", op = \"&&\" } ]");
  }
  for (const auto& element : **elements) {
    const toml::table* et = element.as_table();
    if (et == nullptr) {
      return r.error(
          "every element of `elements` is { column = \"...\", op = \"...\" } or "
          "{ expression = \"...\", op = \"...\" }",
          line_of(element));
    }
    EntryReader er(*et, source, "exclusion element", {"column", "expression", "op"});
    er.set_context(table);
    if (auto s = er.check_keys(); !s) return s.error();
    auto column = er.string("column");
    if (!column) return column.error();
    auto expression = er.string("expression");
    if (!expression) return expression.error();
    auto op = er.required_string("op");
    if (!op) return op.error();
    if (column->empty() == expression->empty()) {
      return er.error("an exclusion element has either `column` or `expression`", er.line());
    }
    if (trim(*op).empty()) return er.error("`op` may not be empty", er.line("op"));
    ExclusionElement e;
    e.key.column = *column;
    e.key.expression = *expression;
    e.op = trim(*op);
    x.elements.push_back(std::move(e));
  }
  auto include = r.strings("include");
  if (!include) return include.error();
  x.include = *include;
  auto where = r.string("where");
  if (!where) return where.error();
  x.where = *where;
  if (auto s = read_deferrable(r, x.deferrable, x.initially_deferred); !s) return s.error();
  return x;
}

toml::table exclusion_toml(const ExclusionConstraint& x) {
  toml::table t;
  t.is_inline(true);
  t.insert_or_assign("name", x.name);
  if (x.method != "gist") t.insert_or_assign("using", x.method);
  toml::array elements;
  for (const auto& e : x.elements) {
    toml::table et;
    et.is_inline(true);
    if (!e.key.column.empty()) {
      et.insert_or_assign("column", e.key.column);
    } else {
      et.insert_or_assign("expression", e.key.expression);
    }
    et.insert_or_assign("op", e.op);
    elements.push_back(std::move(et));
  }
  t.insert_or_assign("elements", std::move(elements));
  if (!x.include.empty()) t.insert_or_assign("include", string_array(x.include));
  if (!x.where.empty()) t.insert_or_assign("where", x.where);
  write_deferrable(t, x.deferrable, x.initially_deferred);
  return t;
}

// -------------------------------------------------------------------- tables

namespace {

// The table's `primary_key_deferrable` / `primary_key_initially_deferred`.
Status read_primary_key_deferrable(const EntryReader& r, Table& t) {
  auto d = r.boolean("primary_key_deferrable");
  if (!d) return d.error();
  auto i = r.boolean("primary_key_initially_deferred");
  if (!i) return i.error();
  if ((*d || *i) && t.primary_key().empty()) {
    return r.error("`primary_key_deferrable` needs a primary key",
                   r.line(*d ? "primary_key_deferrable" : "primary_key_initially_deferred"));
  }
  if (*i && !*d) {
    return r.error("`primary_key_initially_deferred = true` needs `primary_key_deferrable = true`",
                   r.line("primary_key_initially_deferred"));
  }
  t.primary_key_deferrable = *d;
  t.primary_key_initially_deferred = *i;
  return {};
}

void write_primary_key_deferrable(const Table& t, toml::table& out) {
  if (t.primary_key_deferrable) out.insert_or_assign("primary_key_deferrable", true);
  if (t.primary_key_initially_deferred) {
    out.insert_or_assign("primary_key_initially_deferred", true);
  }
}

void write_exclusions(const Table& t, toml::table& out) {
  if (t.exclusions.empty()) return;
  toml::array exclusions;
  for (const auto& x : t.exclusions) exclusions.push_back(exclusion_toml(x));
  out.insert_or_assign("exclusions", std::move(exclusions));
}

}  // namespace

Result<Table> parse_table(const toml::table& entry, const std::string& source,
                          const NamingConvention& naming, std::string_view name_key,
                          std::initializer_list<std::string_view> ignored) {
  EntryReader r(entry, source, "table",
                {name_key, "schema", "comment", "renamed_from", "columns", "primary_key",
                 "primary_key_name", "indexes", "unique", "foreign_keys", "checks", "exclusions",
                 "primary_key_deferrable", "primary_key_initially_deferred"});
  Table t;
  t.line = r.line();
  auto name = r.required_string(name_key);
  if (!name) return name.error();
  if (name->empty()) return r.error("a table name may not be empty", r.line(name_key));
  t.name = *name;
  r.set_context(t.name);
  if (auto s = r.check_keys(ignored); !s) return s.error();
  auto schema = r.string("schema");
  if (!schema) return schema.error();
  t.schema = *schema;
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  t.comment = *comment;
  auto renamed_from = r.string("renamed_from");
  if (!renamed_from) return renamed_from.error();
  t.renamed_from = *renamed_from;

  auto columns = r.array("columns");
  if (!columns) return columns.error();
  if (*columns == nullptr || (*columns)->empty()) {
    return r.error(fmt::format("table {} has no columns", t.name), r.line(),
                   "add columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]");
  }
  for (const auto& element : **columns) {
    const toml::table* ct = element.as_table();
    if (ct == nullptr) {
      return r.error("every element of `columns` must be a table { name = ..., type = ... }",
                     line_of(element));
    }
    ColumnShorthands extras;
    auto c = parse_column(*ct, source, t.name, &extras);
    if (!c) return c.error();
    const std::vector<std::string> one = {c->name};
    if (extras.unique)
      t.uniques.push_back(
          {.name = naming.unique_name(t.name, one), .columns = one, .line = c->line});
    if (extras.index) {
      Index index;
      index.name = naming.index_name(t.name, one);
      index.keys.push_back(IndexKey{c->name, {}, SortOrder::kAsc});
      index.line = c->line;
      t.indexes.push_back(std::move(index));
    }
    if (!extras.foreign_key.empty()) {
      const auto parts = split(extras.foreign_key, '.');
      ForeignKey fk;
      fk.columns = one;
      fk.ref_schema = parts.size() == 3 ? parts[0] : std::string();
      fk.ref_table = parts[parts.size() - 2];
      fk.ref_columns = {parts.back()};
      fk.on_delete = extras.on_delete;
      fk.on_update = extras.on_update;
      fk.name = naming.foreign_key_name(t.name, one, fk.ref_table);
      fk.line = c->line;
      t.foreign_keys.push_back(std::move(fk));
    }
    t.columns.push_back(std::move(*c));
  }

  auto pk = r.strings("primary_key");
  if (!pk) return pk.error();
  for (const auto& col : *pk) {
    Column* c = t.find_column(col);
    if (c == nullptr) {
      Error e = r.error(fmt::format("primary key names missing column \"{}\"", col),
                        r.line("primary_key"), "declare the column, or fix primary_key");
      e.column = col;
      return e;
    }
    c->primary_key = true;
  }
  auto pk_name = r.string("primary_key_name");
  if (!pk_name) return pk_name.error();
  if (r.has("primary_key_name")) {
    t.primary_key_name = *pk_name;
  } else if (!t.primary_key().empty()) {
    t.primary_key_name = naming.primary_key_name(t.name);
  }
  if (auto s = read_primary_key_deferrable(r, t); !s) return s.error();

  const std::string& table_name = t.name;
  if (auto s = read_table_array(
          r, "indexes", t.indexes,
          [&](const toml::table& e) { return parse_index(e, source, table_name, naming); });
      !s) {
    return s.error();
  }
  if (auto s = read_table_array(
          r, "unique", t.uniques,
          [&](const toml::table& e) { return parse_unique(e, source, table_name, naming); });
      !s) {
    return s.error();
  }
  if (auto s = read_table_array(
          r, "foreign_keys", t.foreign_keys,
          [&](const toml::table& e) { return parse_foreign_key(e, source, table_name, naming); });
      !s) {
    return s.error();
  }
  if (auto s = read_table_array(
          r, "checks", t.checks,
          [&](const toml::table& e) { return parse_check(e, source, table_name); });
      !s) {
    return s.error();
  }
  if (auto s = read_table_array(
          r, "exclusions", t.exclusions,
          [&](const toml::table& e) { return parse_exclusion(e, source, table_name); });
      !s) {
    return s.error();
  }
  t.finish();
  return t;
}

toml::table table_toml(const Table& t, const NamingConvention& naming,
                       const std::vector<Enum>& enums, std::string_view name_key) {
  toml::table out;
  out.insert_or_assign(name_key, t.name);
  if (!t.schema.empty()) out.insert_or_assign("schema", t.schema);
  if (!t.comment.empty()) out.insert_or_assign("comment", t.comment);
  if (!t.renamed_from.empty()) out.insert_or_assign("renamed_from", t.renamed_from);
  if (!t.primary_key_name.empty() && t.primary_key_name != naming.primary_key_name(t.name)) {
    out.insert_or_assign("primary_key_name", t.primary_key_name);
  }
  const auto pk = t.primary_key();
  std::set<std::string> collapsed;  // names written as column shorthands

  toml::array columns;
  for (const auto& c : t.columns) {
    toml::table ct = column_toml(c);
    ct.erase("autoincrement");
    const bool eligible = pk.size() == 1 && c.primary_key &&
                          (c.type.kind == TypeKind::kInteger || c.type.kind == TypeKind::kBigint);
    if (eligible && !c.autoincrement) ct.insert_or_assign("autoincrement", false);
    if (c.type.kind == TypeKind::kEnum && c.type.enum_values.empty()) {
      for (const auto& e : enums) {
        if (e.schema == t.schema && e.name == c.type.enum_name) {
          ct.insert_or_assign("values", string_array(e.values));
        }
      }
    }
    const std::vector<std::string> one = {c.name};
    for (const auto& u : t.uniques) {
      if (u.columns == one && u.name == naming.unique_name(t.name, one) && !u.deferrable &&
          !collapsed.contains(u.name)) {
        ct.insert_or_assign("unique", true);
        collapsed.insert(u.name);
      }
    }
    for (const auto& i : t.indexes) {
      if (i.keys.size() == 1 && i.keys[0].column == c.name && i.keys[0].order == SortOrder::kAsc &&
          !i.unique && i.where.empty() && i.name == naming.index_name(t.name, one) &&
          !collapsed.contains(i.name)) {
        ct.insert_or_assign("index", true);
        collapsed.insert(i.name);
      }
    }
    for (const auto& fk : t.foreign_keys) {
      if (fk.columns == one && fk.ref_columns.size() == 1 && !fk.deferrable &&
          !fk.initially_deferred && !fk.match_full && !fk.not_valid &&
          !ct.contains("foreign_key") &&
          fk.name == naming.foreign_key_name(t.name, one, fk.ref_table) &&
          !collapsed.contains(fk.name) && fk.ref_table.find('.') == std::string::npos &&
          fk.ref_schema.find('.') == std::string::npos) {
        std::string target = fk.ref_table + "." + fk.ref_columns[0];
        if (!fk.ref_schema.empty()) target = fk.ref_schema + "." + target;
        ct.insert_or_assign("foreign_key", target);
        if (!is_no_action(fk.on_delete)) ct.insert_or_assign("on_delete", fk.on_delete);
        if (!is_no_action(fk.on_update)) ct.insert_or_assign("on_update", fk.on_update);
        collapsed.insert(fk.name);
      }
    }
    columns.push_back(std::move(ct));
  }
  out.insert_or_assign("columns", std::move(columns));

  toml::array indexes;
  for (const auto& i : t.indexes) {
    if (!collapsed.contains(i.name)) indexes.push_back(index_toml(i));
  }
  toml::array uniques;
  for (const auto& u : t.uniques) {
    if (!collapsed.contains(u.name)) uniques.push_back(unique_toml(u));
  }
  toml::array fks;
  for (const auto& fk : t.foreign_keys) {
    if (!collapsed.contains(fk.name)) fks.push_back(foreign_key_toml(fk));
  }
  toml::array checks;
  for (const auto& c : t.checks) checks.push_back(check_toml(c));
  if (!indexes.empty()) out.insert_or_assign("indexes", std::move(indexes));
  if (!uniques.empty()) out.insert_or_assign("unique", std::move(uniques));
  if (!fks.empty()) out.insert_or_assign("foreign_keys", std::move(fks));
  if (!checks.empty()) out.insert_or_assign("checks", std::move(checks));
  write_exclusions(t, out);
  write_primary_key_deferrable(t, out);
  return out;
}

}  // namespace retort::detail
