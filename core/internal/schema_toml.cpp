#include "core/internal/schema_toml.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <exception>
#include <set>
#include <string>

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

bool is_integer_kind(const Type& type) {
  return type.kind == TypeKind::kInteger || type.kind == TypeKind::kBigint ||
         type.kind == TypeKind::kSmallint;
}

// A column's `identity`, `serial` and `sequence` keys, checked against its
// type, nullability and default (already read into `c`).
Status read_identity(const EntryReader& r, const std::string& source, const std::string& table,
                     Column& c) {
  auto identity = r.string("identity");
  if (!identity) return identity.error();
  c.identity = lower(trim(*identity));
  if (!c.identity.empty() && c.identity != "always" && c.identity != "by default") {
    return r.error("`identity` must be \"always\" or \"by default\"", r.line("identity"),
                   fmt::format("got \"{}\"", *identity));
  }
  auto serial = r.boolean("serial");
  if (!serial) return serial.error();
  c.serial = *serial;
  if (r.has("sequence")) {
    auto sequence = read_sequence(r, source, table);
    if (!sequence) return sequence.error();
    c.sequence = *sequence;
  }
  const char* key = !c.identity.empty() ? "identity" : c.serial ? "serial" : nullptr;
  if (key == nullptr) {
    if (r.has("sequence") && !c.primary_key) {
      return r.error("`sequence` needs `identity` or `serial` (or an autoincrementing key)",
                     r.line("sequence"));
    }
    return {};
  }
  if (!c.identity.empty() && c.serial) {
    return r.error("a column has either `identity` or `serial`, not both", r.line("serial"));
  }
  if (!is_integer_kind(c.type)) {
    return r.error(fmt::format("`{}` needs an integer type (smallint, integer or bigint)", key),
                   r.line(key), fmt::format("column type is {}", c.type.to_string()));
  }
  if (c.nullable) {
    return r.error(fmt::format("an `{}` column cannot be nullable", key), r.line(key),
                   "remove nullable = true");
  }
  if (!c.default_.empty()) {
    return r.error(
        fmt::format("an `{}` column has no `default`: its sequence gives the values", key),
        r.line(r.has("default") ? "default" : "default_sql"));
  }
  if (!c.identity.empty() && !c.sequence.name.empty()) {
    return r.error("an identity's sequence takes no `name`: the server names it",
                   r.line("sequence"));
  }
  return {};
}

// A column's `generated`, `stored` and `collation`.
Status read_column_properties(const EntryReader& r, Column& c) {
  auto generated = r.string("generated");
  if (!generated) return generated.error();
  if (r.has("generated") && trim(*generated).empty()) {
    return r.error("`generated` may not be empty", r.line("generated"),
                   "give the expression, e.g. generated = \"price * qty\"");
  }
  c.generated.sql = *generated;
  auto stored = r.boolean("stored", true);
  if (!stored) return stored.error();
  if (r.has("stored") && !r.has("generated")) {
    return r.error("`stored` applies only to a generated column", r.line("stored"),
                   "add generated = \"...\" or remove `stored`");
  }
  c.generated.stored = *stored;
  auto collation = r.string("collation");
  if (!collation) return collation.error();
  if (r.has("collation") && trim(*collation).empty()) {
    return r.error("`collation` may not be empty", r.line("collation"),
                   "leave it out for the type's default collation");
  }
  c.collation = *collation;
  return {};
}

void put_column_properties(toml::table& t, const Column& c) {
  if (!c.generated.empty()) {
    t.insert_or_assign("generated", c.generated.sql);
    if (!c.generated.stored) t.insert_or_assign("stored", false);
  }
  if (!c.collation.empty()) t.insert_or_assign("collation", c.collation);
}

// `storage = { fillfactor = 70, autovacuum_enabled = false }` (under `key`)
// as "name=value" strings sorted by name, the form PostgreSQL's reloptions
// have; names lower case. Values are integers, booleans or strings, and
// also floats where `floats`: tables have float parameters
// (autovacuum_vacuum_scale_factor), indexes none, so that a float given to
// an index is refused here rather than by the server.
Result<std::vector<std::string>> read_storage(const EntryReader& r, std::string_view key,
                                              bool floats) {
  std::vector<std::string> out;
  const toml::node* n = r.node(key);
  if (n == nullptr) return out;
  const toml::table* t = n->as_table();
  if (t == nullptr) {
    return r.error(fmt::format("`{}` must be a table {{ name = value, ... }}", key), line_of(*n),
                   "e.g. storage = { fillfactor = 70, autovacuum_enabled = false }");
  }
  for (const auto& [name, value] : *t) {
    std::string text;
    if (const auto* i = value.as_integer()) {
      text = std::to_string(i->get());
    } else if (const auto* b = value.as_boolean()) {
      text = b->get() ? "true" : "false";
    } else if (const auto* f = value.as_floating_point(); f != nullptr && floats) {
      text = fmt::format("{}", f->get());
    } else if (const auto* str = value.as_string()) {
      text = str->get();
    } else {
      return r.error(fmt::format("`{}.{}` must be {}, a boolean or a string", key,
                                 std::string(name.str()), floats ? "a number" : "an integer"),
                     line_of(value));
    }
    if (text.empty()) {
      return r.error(fmt::format("`{}.{}` may not be empty", key, std::string(name.str())),
                     line_of(value));
    }
    out.push_back(lower(std::string(name.str())) + "=" + text);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The inverse of read_storage: integers, floats and booleans as such,
// others as strings.
toml::table storage_toml(const std::vector<std::string>& storage) {
  toml::table t;
  t.is_inline(true);
  for (const auto& item : storage) {
    const auto eq = item.find('=');
    const std::string name = item.substr(0, eq);
    const std::string value = eq == std::string::npos ? std::string() : item.substr(eq + 1);
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    double real = 0;
    const auto [real_end, real_ec] =
        std::from_chars(value.data(), value.data() + value.size(), real);
    if (!value.empty() && ec == std::errc() && end == value.data() + value.size() &&
        std::to_string(number) == value) {
      t.insert_or_assign(name, number);
    } else if (!value.empty() && real_ec == std::errc() &&
               real_end == value.data() + value.size() && fmt::format("{}", real) == value) {
      t.insert_or_assign(name, real);
    } else if (value == "true" || value == "false") {
      t.insert_or_assign(name, value == "true");
    } else {
      t.insert_or_assign(name, value);
    }
  }
  return t;
}

}  // namespace

// A table's `unlogged`, `storage`, `sqlite_autoincrement`,
// `sqlite_without_rowid` and `sqlite_strict`.
Status read_table_properties(const EntryReader& r, TableProperties& p) {
  auto unlogged = r.boolean("unlogged");
  if (!unlogged) return unlogged.error();
  p.unlogged = *unlogged;
  auto storage = read_storage(r, "storage", true);
  if (!storage) return storage.error();
  p.storage = std::move(*storage);
  auto autoincrement = r.boolean("sqlite_autoincrement");
  if (!autoincrement) return autoincrement.error();
  p.sqlite_autoincrement = *autoincrement;
  auto without_rowid = r.boolean("sqlite_without_rowid");
  if (!without_rowid) return without_rowid.error();
  p.sqlite_without_rowid = *without_rowid;
  auto strict = r.boolean("sqlite_strict");
  if (!strict) return strict.error();
  p.sqlite_strict = *strict;
  return {};
}

void put_table_properties(toml::table& out, const TableProperties& p) {
  if (p.unlogged) out.insert_or_assign("unlogged", true);
  if (!p.storage.empty()) out.insert_or_assign("storage", storage_toml(p.storage));
  if (p.sqlite_autoincrement) out.insert_or_assign("sqlite_autoincrement", true);
  if (p.sqlite_without_rowid) out.insert_or_assign("sqlite_without_rowid", true);
  if (p.sqlite_strict) out.insert_or_assign("sqlite_strict", true);
}

// ------------------------------------------------------------------- columns

// `sequence = { name = "...", start = 1, increment = 1, min = 1, max = 100,
// cache = 1, cycle = true }`: every key optional.
Result<SequenceOptions> read_sequence(const EntryReader& column, const std::string& source,
                                      const std::string& table) {
  const toml::node* node = column.node("sequence");
  const toml::table* entry = node->as_table();
  if (entry == nullptr) {
    return column.error("`sequence` must be a table { start = ..., increment = ... }",
                        column.line("sequence"));
  }
  EntryReader r(*entry, source, "sequence",
                {"name", "start", "increment", "min", "max", "cache", "cycle"});
  r.set_context(table);
  if (auto s = r.check_keys(); !s) return s.error();
  SequenceOptions out;
  auto name = r.string("name");
  if (!name) return name.error();
  out.name = *name;
  if (auto s = read_sequence_numbers(r, out); !s) return s.error();
  return out;
}

Status read_sequence_numbers(const EntryReader& r, SequenceOptions& out) {
  auto cycle = r.boolean("cycle");
  if (!cycle) return cycle.error();
  out.cycle = *cycle;
  std::pair<std::string_view, std::optional<std::int64_t>*> numbers[] = {
      {"start", &out.start},
      {"increment", &out.increment},
      {"min", &out.min},
      {"max", &out.max},
      {"cache", &out.cache}};
  for (auto& [key, slot] : numbers) {
    if (!r.has(key)) continue;
    const auto* value = r.node(key)->as_integer();
    if (value == nullptr) {
      return r.error(fmt::format("sequence `{}` must be an integer", key), r.line(key));
    }
    *slot = value->get();
  }
  if (out.increment && *out.increment == 0) {
    return r.error("sequence `increment` may not be 0", r.line("increment"));
  }
  if (out.cache && *out.cache < 1) {
    return r.error("sequence `cache` must be at least 1", r.line("cache"));
  }
  if (out.min && out.max && *out.min >= *out.max) {
    return r.error("sequence `min` must be less than `max`", r.line("min"));
  }
  return {};
}

void put_sequence_numbers(toml::table& t, const SequenceOptions& o) {
  if (o.start) t.insert_or_assign("start", *o.start);
  if (o.increment) t.insert_or_assign("increment", *o.increment);
  if (o.min) t.insert_or_assign("min", *o.min);
  if (o.max) t.insert_or_assign("max", *o.max);
  if (o.cache) t.insert_or_assign("cache", *o.cache);
  if (o.cycle) t.insert_or_assign("cycle", true);
}

toml::table sequence_toml(const SequenceOptions& o) {
  toml::table t;
  t.is_inline(true);
  if (!o.name.empty()) t.insert_or_assign("name", o.name);
  put_sequence_numbers(t, o);
  return t;
}

Result<ColumnDefault> read_default(const EntryReader& r, std::string_view what, const Type& type) {
  ColumnDefault out;
  if (r.has("default") && r.has("default_sql")) {
    return r.error(fmt::format("{} has either `default` or `default_sql`, not both", what),
                   r.line("default_sql"));
  }
  if (r.has("default")) {
    auto lit = r.literal("default");
    if (!lit) return lit.error();
    out.value = *lit;
  }
  if (r.has("default_sql")) {
    auto sql = r.string("default_sql");
    if (!sql) return sql.error();
    out.sql = *sql;
  }
  return normalized_default(out, type);
}

Result<Column> parse_column(const toml::table& entry, const std::string& source,
                            const std::string& table, ColumnShorthands* extras) {
  std::vector<std::string_view> allowed = {
      "name",    "type", "nullable", "primary_key", "autoincrement", "default", "default_sql",
      "comment", "enum", "values",   "native",      "identity",      "serial",  "sequence"};
  allowed.insert(allowed.end(), {"generated", "stored", "collation"});
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
  auto default_value = read_default(r, "a column", c.type);
  if (!default_value) return default_value.error();
  c.default_ = *default_value;
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  c.comment = *comment;
  auto renamed_from = r.string("renamed_from");
  if (!renamed_from) return renamed_from.error();
  c.renamed_from = *renamed_from;
  if (Status s = read_identity(r, source, table, c); !s) return s.error();
  if (auto s = read_column_properties(r, c); !s) return s.error();

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
  if (!c.identity.empty()) t.insert_or_assign("identity", c.identity);
  if (c.serial) t.insert_or_assign("serial", true);
  if (!c.sequence.empty()) t.insert_or_assign("sequence", sequence_toml(c.sequence));
  if (!c.comment.empty()) t.insert_or_assign("comment", c.comment);
  if (!c.renamed_from.empty()) t.insert_or_assign("renamed_from", c.renamed_from);
  put_column_properties(t, c);
  return t;
}

// ------------------------------------------------------ indexes, constraints

namespace {

// Index methods models.toml accepts; btree, the default, is kept as "".
constexpr std::string_view kIndexMethods[] = {"btree", "hash", "gin", "gist", "brin", "spgist"};

// The extra keys an index key given as a table may have, besides `column`
// or `expression`: order, nulls, opclass, collation.
Status read_index_key_options(const EntryReader& kr, IndexKey& key) {
  auto order = kr.string("order", "asc");
  if (!order) return order.error();
  if (lower(*order) != "asc" && lower(*order) != "desc") {
    return kr.error("`order` must be \"asc\" or \"desc\"", kr.line("order"));
  }
  key.order = lower(*order) == "desc" ? SortOrder::kDesc : SortOrder::kAsc;
  auto nulls = kr.string("nulls");
  if (!nulls) return nulls.error();
  if (const std::string n = lower(trim(*nulls)); n == "first") {
    key.nulls = NullsOrder::kFirst;
  } else if (n == "last") {
    key.nulls = NullsOrder::kLast;
  } else if (!n.empty()) {
    return kr.error("`nulls` must be \"first\" or \"last\"", kr.line("nulls"),
                    fmt::format("got \"{}\"", *nulls));
  }
  auto opclass = kr.string("opclass");
  if (!opclass) return opclass.error();
  key.opclass = trim(*opclass);
  auto collation = kr.string("collation");
  if (!collation) return collation.error();
  key.collation = trim(*collation);
  return {};
}

bool has_key_options(const IndexKey& k) {
  return k.nulls != NullsOrder::kDefault || !k.opclass.empty() || !k.collation.empty();
}

}  // namespace

bool has_index_options(const Index& index) {
  return !index.method.empty() || !index.include.empty() || index.nulls_not_distinct ||
         !index.storage.empty() ||
         std::any_of(index.keys.begin(), index.keys.end(), has_key_options);
}

Result<Index> parse_index(const toml::table& entry, const std::string& source,
                          const std::string& table, const NamingConvention& naming) {
  EntryReader r(
      entry, source, "index",
      {"name", "columns", "unique", "where", "method", "include", "nulls_not_distinct", "storage"});
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
  auto method = r.string("method");
  if (!method) return method.error();
  index.method = lower(trim(*method));
  if (!index.method.empty() && std::find(std::begin(kIndexMethods), std::end(kIndexMethods),
                                         index.method) == std::end(kIndexMethods)) {
    return r.error(fmt::format("`method` must be one of: {}", fmt::join(kIndexMethods, ", ")),
                   r.line("method"), fmt::format("got \"{}\"", *method));
  }
  if (index.method == "btree") index.method.clear();
  auto include = r.strings("include");
  if (!include) return include.error();
  for (const auto& column : *include) {
    if (trim(column).empty())
      return r.error("an `include` column may not be empty", r.line("include"));
    index.include.push_back(trim(column));
  }
  auto nulls_not_distinct = r.boolean("nulls_not_distinct");
  if (!nulls_not_distinct) return nulls_not_distinct.error();
  index.nulls_not_distinct = *nulls_not_distinct;
  if (index.nulls_not_distinct && !index.unique) {
    return r.error("`nulls_not_distinct` applies only to a unique index",
                   r.line("nulls_not_distinct"), "add unique = true");
  }
  auto storage = read_storage(r, "storage", false);
  if (!storage) return storage.error();
  index.storage = std::move(*storage);
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
      EntryReader kr(*t, source, "index key",
                     {"column", "expression", "order", "nulls", "opclass", "collation"});
      kr.set_context(table);
      if (auto s = kr.check_keys(); !s) return s.error();
      if (kr.has("column") == kr.has("expression")) {
        return kr.error("an index key given as a table needs `column` or `expression`, not both",
                        line_of(element),
                        "e.g. { column = \"title\", opclass = \"text_pattern_ops\" }");
      }
      if (kr.has("column")) {
        auto column = kr.required_string("column");
        if (!column) return column.error();
        key.column = trim(*column);
      } else {
        auto expr = kr.required_string("expression");
        if (!expr) return expr.error();
        key.expression = *expr;
      }
      if (Status st = read_index_key_options(kr, key); !st) return st.error();
    } else {
      return r.error(
          "index columns are \"name\", \"name DESC\", { column = \"...\" } or "
          "{ expression = \"...\" }",
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
    if (!k.column.empty() && !has_key_options(k)) {
      keys.push_back(k.order == SortOrder::kDesc ? k.column + " DESC" : k.column);
    } else {
      toml::table e;
      e.is_inline(true);
      if (!k.column.empty()) {
        e.insert_or_assign("column", k.column);
      } else {
        e.insert_or_assign("expression", k.expression);
      }
      if (k.order == SortOrder::kDesc) e.insert_or_assign("order", "desc");
      if (k.nulls != NullsOrder::kDefault) {
        e.insert_or_assign("nulls", k.nulls == NullsOrder::kFirst ? "first" : "last");
      }
      if (!k.opclass.empty()) e.insert_or_assign("opclass", k.opclass);
      if (!k.collation.empty()) e.insert_or_assign("collation", k.collation);
      keys.push_back(std::move(e));
    }
  }
  t.insert_or_assign("columns", std::move(keys));
  if (index.unique) t.insert_or_assign("unique", true);
  if (!index.where.empty()) t.insert_or_assign("where", index.where);
  if (!index.method.empty()) t.insert_or_assign("method", index.method);
  if (!index.include.empty()) t.insert_or_assign("include", string_array(index.include));
  if (index.nulls_not_distinct) t.insert_or_assign("nulls_not_distinct", true);
  if (!index.storage.empty()) t.insert_or_assign("storage", storage_toml(index.storage));
  return t;
}

Result<UniqueConstraint> parse_unique(const toml::table& entry, const std::string& source,
                                      const std::string& table, const NamingConvention& naming) {
  EntryReader r(entry, source, "unique constraint",
                {"name", "columns", "nulls_not_distinct", "deferrable", "initially_deferred"});
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
  auto nulls_not_distinct = r.boolean("nulls_not_distinct");
  if (!nulls_not_distinct) return nulls_not_distinct.error();
  u.nulls_not_distinct = *nulls_not_distinct;
  return u;
}

toml::table unique_toml(const UniqueConstraint& u) {
  toml::table t;
  t.is_inline(true);
  t.insert_or_assign("name", u.name);
  t.insert_or_assign("columns", string_array(u.columns));
  if (u.nulls_not_distinct) t.insert_or_assign("nulls_not_distinct", true);
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

// PostgreSQL declarative partitioning (docs/models.md): `partition_by` on a
// partitioned table; `partition_of` with `for_values` or `default = true` on
// a partition. The bound is kept as PostgreSQL prints it: "FOR VALUES ..." or
// "DEFAULT".
Status read_partitioning(const EntryReader& r, Table& t) {
  auto by = r.string("partition_by");
  if (!by) return by.error();
  if (r.has("partition_by") && by->find_first_not_of(" \t\n") == std::string::npos) {
    return r.error("`partition_by` may not be empty", r.line("partition_by"),
                   "write the key as PostgreSQL does: partition_by = \"RANGE (created_at)\"");
  }
  t.partition_by = *by;
  auto of = r.string("partition_of");
  if (!of) return of.error();
  auto values = r.string("for_values");
  if (!values) return values.error();
  auto is_default = r.boolean("default");
  if (!is_default) return is_default.error();
  const char* bound_hint =
      "a partition needs its bound: for_values = \"FROM ('2022-01-01') TO ('2022-02-01')\", "
      "\"IN ('eu')\", \"WITH (modulus 4, remainder 0)\", or default = true";
  if (of->empty()) {
    for (const char* key : {"partition_of", "for_values", "default"}) {
      if (r.has(key)) {
        return r.error(fmt::format("`{}` needs a non-empty `partition_of`", key), r.line(key),
                       "name the partitioned table: partition_of = \"payment\"");
      }
    }
    return {};
  }
  split_qualified(*of, t.partition_of_schema, t.partition_of);
  if (of->find('.') == std::string::npos) t.partition_of_schema = t.schema;
  if (r.has("for_values") == *is_default) {
    return r.error(
        fmt::format("partition {} needs exactly one of `for_values` and `default = true`", t.name),
        r.line("partition_of"), bound_hint);
  }
  if (*is_default) {
    t.partition_bound = "DEFAULT";
    return {};
  }
  std::string bound = *values;
  if (bound.find_first_not_of(" \t\n") == std::string::npos) {
    return r.error("`for_values` may not be empty", r.line("for_values"), bound_hint);
  }
  t.partition_bound = bound.starts_with("FOR VALUES ") ? bound : "FOR VALUES " + bound;
  return {};
}

void write_partitioning(const Table& t, toml::table& out) {
  if (!t.partition_by.empty()) out.insert_or_assign("partition_by", t.partition_by);
  if (t.partition_of.empty()) return;
  out.insert_or_assign("partition_of",
                       t.partition_of_schema.empty() || t.partition_of_schema == t.schema
                           ? t.partition_of
                           : t.partition_of_schema + "." + t.partition_of);
  if (t.partition_bound == "DEFAULT") {
    out.insert_or_assign("default", true);
  } else {
    std::string bound = t.partition_bound;
    if (bound.starts_with("FOR VALUES ")) bound = bound.substr(11);
    out.insert_or_assign("for_values", bound);
  }
}

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
                {name_key,
                 "schema",
                 "comment",
                 "renamed_from",
                 "columns",
                 "primary_key",
                 "primary_key_name",
                 "indexes",
                 "unique",
                 "foreign_keys",
                 "checks",
                 "exclusions",
                 "primary_key_deferrable",
                 "primary_key_initially_deferred",
                 "partition_by",
                 "partition_of",
                 "for_values",
                 "default",
                 "unlogged",
                 "storage",
                 "sqlite_autoincrement",
                 "sqlite_without_rowid",
                 "sqlite_strict"});
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
  if (auto s = read_table_properties(r, t.properties); !s) return s.error();

  if (auto s = read_partitioning(r, t); !s) return s.error();
  auto columns = r.array("columns");
  if (!columns) return columns.error();
  if (!t.partition_of.empty()) {
    for (const char* key : {"columns", "primary_key", "primary_key_name"}) {
      if (r.has(key)) {
        return r.error(fmt::format("partition {} may not declare `{}`", t.name, key), r.line(key),
                       "a partition has its parent's columns and primary key; declare them on "
                       "the parent");
      }
    }
  } else if (*columns == nullptr || (*columns)->empty()) {
    return r.error(fmt::format("table {} has no columns", t.name), r.line(),
                   "add columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]");
  }
  static const toml::array kNoColumns;  // a partition's
  for (const auto& element : *columns == nullptr ? kNoColumns : **columns) {
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
  if (!pk->empty()) {
    // The list is the key, in key order: a column marked primary_key = true
    // must be in it.
    for (const Column& c : t.columns) {
      if (c.primary_key && std::find(pk->begin(), pk->end(), c.name) == pk->end()) {
        Error e = r.error(fmt::format("column \"{}\" says primary_key = true but the table's "
                                      "primary_key list leaves it out",
                                      c.name),
                          r.line("primary_key"), "name every key column in primary_key, in order");
        e.column = c.name;
        return e;
      }
    }
    if (std::set<std::string>(pk->begin(), pk->end()).size() != pk->size()) {
      return r.error("primary key names a column twice", r.line("primary_key"));
    }
    t.primary_key_order = *pk;
  }
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
  write_partitioning(t, out);
  if (!t.primary_key_name.empty() && t.primary_key_name != naming.primary_key_name(t.name)) {
    out.insert_or_assign("primary_key_name", t.primary_key_name);
  }
  put_table_properties(out, t.properties);
  const auto pk = t.primary_key();
  std::set<std::string> collapsed;  // names written as column shorthands
  // A key whose order is not the table's is written as the table's list.
  if (!t.primary_key_order.empty()) out.insert_or_assign("primary_key", string_array(pk));

  toml::array columns;
  for (const auto& c : t.columns) {
    toml::table ct = column_toml(c);
    ct.erase("autoincrement");
    if (!t.primary_key_order.empty()) ct.erase("primary_key");
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
      if (u.columns == one && u.name == naming.unique_name(t.name, one) && !u.nulls_not_distinct &&
          !u.deferrable && !collapsed.contains(u.name)) {
        ct.insert_or_assign("unique", true);
        collapsed.insert(u.name);
      }
    }
    for (const auto& i : t.indexes) {
      if (i.keys.size() == 1 && i.keys[0].column == c.name && i.keys[0].order == SortOrder::kAsc &&
          !i.unique && i.where.empty() && i.name == naming.index_name(t.name, one) &&
          !has_index_options(i) && !collapsed.contains(i.name)) {
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
  if (t.partition_of.empty()) out.insert_or_assign("columns", std::move(columns));

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
