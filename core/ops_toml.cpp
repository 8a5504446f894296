#include "core/ops_toml.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

#include "core/names.hpp"
#include "core/schema_toml_impl.hpp"

namespace retort {
namespace {

using detail::EntryReader;

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

constexpr std::string_view kOpNames[] = {
    "create_table",      "drop_table",        "rename_table",     "add_column", "drop_column",
    "alter_column",      "rename_column",     "create_index",     "drop_index", "add_unique",
    "drop_unique",       "add_foreign_key",   "drop_foreign_key", "add_check",  "drop_check",
    "alter_primary_key", "set_table_comment", "create_enum",      "alter_enum", "drop_enum",
    "execute",           "bulk_insert",
};

toml::array string_array(const std::vector<std::string>& items) {
  toml::array a;
  for (const auto& s : items) a.push_back(s);
  return a;
}

// `op`, `table` and (when set) `schema`: the head of most entries.
toml::table head(std::string_view op, const std::string& schema, const std::string& table) {
  toml::table t;
  t.insert_or_assign("op", op);
  if (!schema.empty()) t.insert_or_assign("schema", schema);
  t.insert_or_assign("table", table);
  return t;
}

toml::table enum_entry(std::string_view op, const std::string& schema, const std::string& name,
                       const std::vector<std::string>& values) {
  toml::table t;
  t.insert_or_assign("op", op);
  if (!schema.empty()) t.insert_or_assign("schema", schema);
  t.insert_or_assign("name", name);
  t.insert_or_assign("values", string_array(values));
  return t;
}

void put_type(toml::table& t, const Type& type) {
  t.insert_or_assign("type", type.to_string());
  if (type.kind == TypeKind::kEnum) {
    t.insert_or_assign("enum", type.enum_name);
    if (!type.enum_values.empty()) t.insert_or_assign("values", string_array(type.enum_values));
  }
}

toml::table table_op(std::string_view op, const Table& table) {
  toml::table t = detail::table_toml(table, NamingConvention{}, {}, "table");
  t.insert_or_assign("op", op);
  return t;
}

// Reads one op entry; `allowed` lists the op's keys besides `op`.
class OpReader {
 public:
  OpReader(const toml::table& entry, const std::string& source, std::string_view op,
           std::vector<std::string_view> allowed)
      : entry_(entry),
        source_(source),
        r_(entry, source, fmt::format("{} op", op), with_op(allowed)) {}

  Status check() const { return r_.check_keys(); }
  const EntryReader& r() const { return r_; }
  EntryReader& r() { return r_; }

  // Reads `schema` and the required `table`.
  Status target(std::string& schema, std::string& table) {
    auto s = r_.string("schema");
    if (!s) return s.error();
    auto t = r_.required_string("table");
    if (!t) return t.error();
    schema = *s;
    table = *t;
    r_.set_context(table);
    return {};
  }

  Result<const toml::table*> sub_table(std::string_view key, bool required) const {
    const toml::node* n = r_.node(key);
    if (n == nullptr) {
      if (!required) return static_cast<const toml::table*>(nullptr);
      return r_.error(fmt::format("{} is missing `{}`", op_label(), key), r_.line());
    }
    if (const toml::table* t = n->as_table()) return t;
    return r_.error(fmt::format("`{}` must be a table {{ ... }}", key), detail::line_of(*n));
  }

  std::string op_label() const {
    const toml::node* n = entry_.get("op");
    return n != nullptr && n->is_string() ? fmt::format("{} op", n->as_string()->get()) : "op";
  }

  const std::string& source() const { return source_; }

 private:
  static std::vector<std::string_view> with_op(std::vector<std::string_view> keys) {
    keys.insert(keys.begin(), "op");
    return keys;
  }
  const toml::table& entry_;
  const std::string& source_;
  EntryReader r_;
};

Result<Op> read_table_op(const toml::table& entry, const std::string& source, bool create) {
  auto t = detail::parse_table(entry, source, NamingConvention{}, "table", {"op"});
  if (!t) return t.error();
  if (auto s = detail::validate_table(*t, source); !s) return s.error();
  if (create) return Op{CreateTable{std::move(*t)}};
  return Op{DropTable{std::move(*t)}};
}

// A named sub-object that drop ops may give by name alone: `index = "ix_x"`.
template <class T, class Parse>
Result<T> read_named(OpReader& o, std::string_view key, bool name_allowed, Parse parse) {
  const toml::node* n = o.r().node(key);
  if (n != nullptr && n->is_string() && name_allowed) {
    T item;
    item.name = n->as_string()->get();
    item.line = detail::line_of(*n);
    return item;
  }
  auto t = o.sub_table(key, true);
  if (!t) return t.error();
  return parse(**t);
}

Result<Op> read_op(const toml::table& entry, const std::string& source, std::string_view op) {
  const NamingConvention naming;
  if (op == "create_table" || op == "drop_table") {
    return read_table_op(entry, source, op == "create_table");
  }
  if (op == "rename_table" || op == "rename_column") {
    const bool column = op == "rename_column";
    OpReader o(entry, source, op,
               column ? std::vector<std::string_view>{"schema", "table", "column", "new_name"}
                      : std::vector<std::string_view>{"schema", "table", "new_name"});
    std::string schema, table;
    if (auto s = o.target(schema, table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto new_name = o.r().required_string("new_name");
    if (!new_name) return new_name.error();
    if (!column) return Op{RenameTable{schema, table, *new_name}};
    auto col = o.r().required_string("column");
    if (!col) return col.error();
    return Op{RenameColumn{schema, table, *col, *new_name}};
  }
  if (op == "add_column") {
    OpReader o(entry, source, op, {"schema", "table", "column"});
    AddColumn a;
    if (auto s = o.target(a.schema, a.table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto ct = o.sub_table("column", true);
    if (!ct) return ct.error();
    auto c = detail::parse_column(**ct, source, a.table, nullptr);
    if (!c) return c.error();
    a.column = std::move(*c);
    return Op{std::move(a)};
  }
  if (op == "drop_column") {
    OpReader o(entry, source, op, {"schema", "table", "column", "existing"});
    DropColumn d;
    if (auto s = o.target(d.schema, d.table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto col = o.r().required_string("column");
    if (!col) return col.error();
    d.column = *col;
    auto et = o.sub_table("existing", false);
    if (!et) return et.error();
    if (*et != nullptr) {
      auto c = detail::parse_column(**et, source, d.table, nullptr);
      if (!c) return c.error();
      d.existing = std::move(*c);
    }
    return Op{std::move(d)};
  }
  if (op == "alter_column") {
    OpReader o(entry, source, op,
               {"schema", "table", "column", "type", "enum", "values", "nullable", "default",
                "default_sql", "drop_default", "comment", "existing"});
    AlterColumn a;
    if (auto s = o.target(a.schema, a.table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    const EntryReader& r = o.r();
    auto col = r.required_string("column");
    if (!col) return col.error();
    a.column = *col;
    auto et = o.sub_table("existing", false);
    if (!et) return et.error();
    if (*et != nullptr) {
      auto c = detail::parse_column(**et, source, a.table, nullptr);
      if (!c) return c.error();
      a.existing = std::move(*c);
    }
    if (r.has("type")) {
      auto text = r.string("type");
      if (!text) return text.error();
      auto type = parse_type(*text);
      if (!type) return r.error(type.error().message, r.line("type"), type.error().hint);
      auto enum_name = r.string("enum");
      if (!enum_name) return enum_name.error();
      auto values = r.strings("values");
      if (!values) return values.error();
      type->enum_name = *enum_name;
      type->enum_values = *values;
      a.type = *type;
    }
    if (r.has("nullable")) {
      auto v = r.boolean("nullable");
      if (!v) return v.error();
      a.nullable = *v;
    }
    const int defaults =
        int{r.has("default")} + int{r.has("default_sql")} + int{r.has("drop_default")};
    if (defaults > 1) {
      return r.error("give one of `default`, `default_sql`, `drop_default`", r.line());
    }
    if (r.has("drop_default")) {
      auto v = r.boolean("drop_default");
      if (!v) return v.error();
      if (*v) a.default_ = ColumnDefault{};
    } else if (r.has("default") || r.has("default_sql")) {
      ColumnDefault d;
      if (r.has("default")) {
        auto lit = r.literal("default");
        if (!lit) return lit.error();
        d.value = *lit;
      } else {
        auto sql = r.string("default_sql");
        if (!sql) return sql.error();
        d.sql = *sql;
      }
      const Type type = a.type ? *a.type : a.existing ? a.existing->type : Type{};
      a.default_ = normalized_default(d, type);
    }
    if (r.has("comment")) {
      auto v = r.string("comment");
      if (!v) return v.error();
      a.comment = *v;
    }
    return Op{std::move(a)};
  }
  if (op == "create_index" || op == "drop_index") {
    OpReader o(entry, source, op, {"schema", "table", "index"});
    std::string schema, table;
    if (auto s = o.target(schema, table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto index = read_named<Index>(o, "index", op == "drop_index", [&](const toml::table& t) {
      return detail::parse_index(t, source, table, naming);
    });
    if (!index) return index.error();
    if (op == "create_index") return Op{CreateIndex{schema, table, std::move(*index)}};
    return Op{DropIndex{schema, table, std::move(*index)}};
  }
  if (op == "add_unique" || op == "drop_unique") {
    OpReader o(entry, source, op, {"schema", "table", "unique"});
    std::string schema, table;
    if (auto s = o.target(schema, table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto u = read_named<UniqueConstraint>(
        o, "unique", op == "drop_unique",
        [&](const toml::table& t) { return detail::parse_unique(t, source, table, naming); });
    if (!u) return u.error();
    if (op == "add_unique") return Op{AddUnique{schema, table, std::move(*u)}};
    return Op{DropUnique{schema, table, std::move(*u)}};
  }
  if (op == "add_foreign_key" || op == "drop_foreign_key") {
    OpReader o(entry, source, op, {"schema", "table", "foreign_key"});
    std::string schema, table;
    if (auto s = o.target(schema, table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto fk = read_named<ForeignKey>(
        o, "foreign_key", op == "drop_foreign_key",
        [&](const toml::table& t) { return detail::parse_foreign_key(t, source, table, naming); });
    if (!fk) return fk.error();
    if (op == "add_foreign_key") return Op{AddForeignKey{schema, table, std::move(*fk)}};
    return Op{DropForeignKey{schema, table, std::move(*fk)}};
  }
  if (op == "add_check" || op == "drop_check") {
    OpReader o(entry, source, op, {"schema", "table", "check"});
    std::string schema, table;
    if (auto s = o.target(schema, table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto c = read_named<CheckConstraint>(o, "check", op == "drop_check", [&](const toml::table& t) {
      return detail::parse_check(t, source, table);
    });
    if (!c) return c.error();
    if (op == "add_check") return Op{AddCheck{schema, table, std::move(*c)}};
    return Op{DropCheck{schema, table, std::move(*c)}};
  }
  if (op == "alter_primary_key") {
    OpReader o(entry, source, op, {"schema", "table", "name", "columns", "existing"});
    AlterPrimaryKey a;
    if (auto s = o.target(a.schema, a.table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto name = o.r().string("name");
    if (!name) return name.error();
    auto columns = o.r().strings("columns");
    if (!columns) return columns.error();
    auto existing = o.r().strings("existing");
    if (!existing) return existing.error();
    a.name = *name;
    a.columns = *columns;
    a.existing = *existing;
    return Op{std::move(a)};
  }
  if (op == "set_table_comment") {
    OpReader o(entry, source, op, {"schema", "table", "comment", "existing"});
    SetTableComment c;
    if (auto s = o.target(c.schema, c.table); !s) return s.error();
    if (auto s = o.check(); !s) return s.error();
    auto comment = o.r().string("comment");
    if (!comment) return comment.error();
    auto existing = o.r().string("existing");
    if (!existing) return existing.error();
    c.comment = *comment;
    c.existing = *existing;
    return Op{std::move(c)};
  }
  if (op == "create_enum" || op == "drop_enum" || op == "alter_enum") {
    const bool alter = op == "alter_enum";
    OpReader o(entry, source, op,
               alter ? std::vector<std::string_view>{"schema", "name", "values", "existing"}
                     : std::vector<std::string_view>{"schema", "name", "values"});
    if (auto s = o.check(); !s) return s.error();
    const EntryReader& r = o.r();
    auto schema = r.string("schema");
    if (!schema) return schema.error();
    auto name = r.required_string("name");
    if (!name) return name.error();
    auto values = r.strings("values");
    if (!values) return values.error();
    if (alter) {
      auto existing = r.strings("existing");
      if (!existing) return existing.error();
      return Op{AlterEnum{*schema, *name, *values, *existing}};
    }
    Enum e{*schema, *name, *values};
    if (op == "create_enum") return Op{CreateEnum{std::move(e)}};
    return Op{DropEnum{std::move(e)}};
  }
  if (op == "execute") {
    OpReader o(entry, source, op, {"sql", "dialect"});
    if (auto s = o.check(); !s) return s.error();
    auto sql = o.r().required_string("sql");
    if (!sql) return sql.error();
    auto dialect = o.r().string("dialect");
    if (!dialect) return dialect.error();
    return Op{Execute{*sql, *dialect}};
  }
  // bulk_insert
  OpReader o(entry, source, op, {"schema", "table", "rows"});
  BulkInsert b;
  if (auto s = o.target(b.schema, b.table); !s) return s.error();
  if (auto s = o.check(); !s) return s.error();
  auto rows = o.r().array("rows");
  if (!rows) return rows.error();
  if (*rows == nullptr) return o.r().error("bulk_insert op is missing `rows`", o.r().line());
  for (const auto& element : **rows) {
    const toml::table* row = element.as_table();
    if (row == nullptr) {
      return o.r().error("every element of `rows` must be a table { column = value, ... }",
                         detail::line_of(element));
    }
    std::map<std::string, Literal> values;
    std::vector<std::string_view> keys;
    for (auto&& [k, v] : *row) keys.push_back(k.str());
    EntryReader rr(*row, source, "row", keys);
    rr.set_context(b.table);
    for (auto key : keys) {
      auto lit = rr.literal(key);
      if (!lit) return lit.error();
      values.emplace(std::string(key), std::move(*lit));
    }
    b.rows.push_back(std::move(values));
  }
  return Op{std::move(b)};
}

}  // namespace

std::string format_toml_entry(const toml::table& entry) { return detail::format_entry(entry); }

toml::table column_to_toml(const Column& column) { return detail::column_toml(column); }

Result<Column> column_from_toml(const toml::table& entry, const std::string& source_name) {
  return detail::parse_column(entry, source_name, {}, nullptr);
}

toml::table op_to_toml(const Op& op) {
  const std::string_view name = op_name(op);
  return std::visit(
      Overloaded{
          [&](const CreateTable& o) { return table_op(name, o.table); },
          [&](const DropTable& o) { return table_op(name, o.table); },
          [&](const RenameTable& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("new_name", o.new_name);
            return t;
          },
          [&](const AddColumn& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("column", detail::column_toml(o.column));
            return t;
          },
          [&](const DropColumn& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("column", o.column);
            if (o.existing) t.insert_or_assign("existing", detail::column_toml(*o.existing));
            return t;
          },
          [&](const AlterColumn& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("column", o.column);
            if (o.type) put_type(t, *o.type);
            if (o.nullable) t.insert_or_assign("nullable", *o.nullable);
            if (o.default_) {
              if (o.default_->value) {
                detail::insert_literal(t, "default", *o.default_->value);
              } else if (o.default_->sql) {
                t.insert_or_assign("default_sql", *o.default_->sql);
              } else {
                t.insert_or_assign("drop_default", true);
              }
            }
            if (o.comment) t.insert_or_assign("comment", *o.comment);
            if (o.existing) t.insert_or_assign("existing", detail::column_toml(*o.existing));
            return t;
          },
          [&](const RenameColumn& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("column", o.column);
            t.insert_or_assign("new_name", o.new_name);
            return t;
          },
          [&](const CreateIndex& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("index", detail::index_toml(o.index));
            return t;
          },
          [&](const DropIndex& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("index", detail::index_toml(o.index));
            return t;
          },
          [&](const AddUnique& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("unique", detail::unique_toml(o.unique));
            return t;
          },
          [&](const DropUnique& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("unique", detail::unique_toml(o.unique));
            return t;
          },
          [&](const AddForeignKey& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("foreign_key", detail::foreign_key_toml(o.foreign_key));
            return t;
          },
          [&](const DropForeignKey& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("foreign_key", detail::foreign_key_toml(o.foreign_key));
            return t;
          },
          [&](const AddCheck& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("check", detail::check_toml(o.check));
            return t;
          },
          [&](const DropCheck& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("check", detail::check_toml(o.check));
            return t;
          },
          [&](const AlterPrimaryKey& o) {
            toml::table t = head(name, o.schema, o.table);
            if (!o.name.empty()) t.insert_or_assign("name", o.name);
            t.insert_or_assign("columns", string_array(o.columns));
            t.insert_or_assign("existing", string_array(o.existing));
            return t;
          },
          [&](const SetTableComment& o) {
            toml::table t = head(name, o.schema, o.table);
            t.insert_or_assign("comment", o.comment);
            t.insert_or_assign("existing", o.existing);
            return t;
          },
          [&](const CreateEnum& o) {
            return enum_entry(name, o.enum_.schema, o.enum_.name, o.enum_.values);
          },
          [&](const AlterEnum& o) {
            toml::table t = enum_entry(name, o.schema, o.name, o.values);
            t.insert_or_assign("existing", string_array(o.existing));
            return t;
          },
          [&](const DropEnum& o) {
            return enum_entry(name, o.enum_.schema, o.enum_.name, o.enum_.values);
          },
          [&](const Execute& o) {
            toml::table t;
            t.insert_or_assign("op", name);
            t.insert_or_assign("sql", o.sql);
            if (!o.dialect.empty()) t.insert_or_assign("dialect", o.dialect);
            return t;
          },
          [&](const BulkInsert& o) {
            toml::table t = head(name, o.schema, o.table);
            toml::array rows;
            for (const auto& row : o.rows) {
              toml::table r;
              r.is_inline(true);
              for (const auto& [k, v] : row) detail::insert_literal(r, k, v);
              rows.push_back(std::move(r));
            }
            t.insert_or_assign("rows", std::move(rows));
            return t;
          },
      },
      op);
}

Result<Op> op_from_toml(const toml::table& entry, const std::string& source_name) {
  EntryReader r(entry, source_name, "op entry", {});
  auto op = r.required_string("op");
  if (!op) return op.error();
  if (std::find(std::begin(kOpNames), std::end(kOpNames), *op) == std::end(kOpNames)) {
    return r.error(fmt::format("unknown op \"{}\"", *op), r.line("op"),
                   fmt::format("use one of: {}", fmt::join(kOpNames, ", ")));
  }
  Result<Op> result = read_op(entry, source_name, *op);
  if (!result) return result;
  // Names are checked here, when the revision file is read, so a bad one
  // never reaches a database.
  if (Status s = check_op_names(*result, source_name, r.line()); !s) return std::move(s).error();
  return result;
}

nlohmann::json toml_to_json(const toml::node& node) {
  if (const auto* t = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto&& [k, v] : *t) out[std::string(k.str())] = toml_to_json(v);
    return out;
  }
  if (const auto* a = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : *a) out.push_back(toml_to_json(e));
    return out;
  }
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* b = node.as_boolean()) return b->get();
  std::ostringstream os;
  if (const auto* d = node.as_date()) os << *d;
  if (const auto* tm = node.as_time()) os << *tm;
  if (const auto* dt = node.as_date_time()) os << *dt;
  return os.str();
}

nlohmann::json ops_to_json(const std::vector<Op>& ops) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& op : ops) list.push_back(toml_to_json(op_to_toml(op)));
  return nlohmann::json{{"ops", std::move(list)}};
}

}  // namespace retort
