// Op kinds on columns: add_column, drop_column, alter_column, rename_column.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/ops/op_kind.hpp"
#include "core/ops/schema_edit.hpp"

namespace retort::detail {
namespace {

std::string column_summary(const Column& c) {
  std::string out = c.type.to_string();
  if (c.type.kind == TypeKind::kEnum && !c.type.enum_name.empty()) out += " " + c.type.enum_name;
  out += c.nullable ? ", nullable" : ", not null";
  if (c.primary_key) out += ", primary key";
  if (!c.default_.empty()) out += ", default " + c.default_.to_sql();
  return out;
}

// An AlterColumn's collation and generation, made to `c`.
void apply_property_changes(Column& c, const AlterColumn& op) {
  if (op.collation) c.collation = *op.collation;
  if (op.generated) c.generated = *op.generated;
}

// alter_column's `collation` and `generated` (with `stored`; "" drops the
// generation, the column keeps its values).
Status read_property_changes(const EntryReader& r, AlterColumn& a) {
  if (r.has("collation")) {
    auto v = r.string("collation");
    if (!v) return v.error();
    a.collation = *v;
  }
  if (r.has("stored") && !r.has("generated")) {
    return r.error("`stored` applies only with `generated`", r.line("stored"));
  }
  if (r.has("generated")) {
    auto v = r.string("generated");
    if (!v) return v.error();
    auto stored = r.boolean("stored", true);
    if (!stored) return stored.error();
    a.generated = Generated{*v, v->empty() || *stored};
  }
  return {};
}

void write_property_changes(toml::table& t, const AlterColumn& o) {
  if (o.collation) t.insert_or_assign("collation", *o.collation);
  if (o.generated) {
    t.insert_or_assign("generated", o.generated->sql);
    if (!o.generated->empty() && !o.generated->stored) t.insert_or_assign("stored", false);
  }
}

void describe_property_changes(std::vector<std::string>& changes, const AlterColumn& o) {
  if (o.collation) {
    changes.push_back(o.collation->empty() ? "default collation" : "collation " + *o.collation);
  }
  if (o.generated) {
    changes.push_back(o.generated->empty()
                          ? "drop generation"
                          : fmt::format("generated as ({}){}", o.generated->sql,
                                        o.generated->stored ? " stored" : " virtual"));
  }
}

// The column after an AlterColumn's changes are made to `c`.
void apply_changes(Column& c, const AlterColumn& op) {
  if (op.type) c.type = *op.type;
  if (op.nullable) c.nullable = *op.nullable;
  if (op.default_) c.default_ = *op.default_;
  if (op.comment) c.comment = *op.comment;
  apply_property_changes(c, op);
  if (op.identity) c.identity = *op.identity;
  if (op.serial) c.serial = *op.serial;
  if (op.sequence) c.sequence = *op.sequence;
}

// alter_column's `identity` ("always", "by default", "none" to drop it),
// `serial` and `sequence`.
Status read_identity_change(OpReader& in, AlterColumn& a) {
  const EntryReader& r = in.r();
  if (r.has("identity")) {
    auto v = r.string("identity");
    if (!v) return v.error();
    if (*v != "always" && *v != "by default" && *v != "none") {
      return r.error("`identity` must be \"always\", \"by default\" or \"none\"",
                     r.line("identity"));
    }
    a.identity = *v == "none" ? std::string() : *v;
  }
  if (r.has("serial")) {
    auto v = r.boolean("serial");
    if (!v) return v.error();
    a.serial = *v;
  }
  if (r.has("sequence")) {
    auto v = read_sequence(r, in.source(), a.table);
    if (!v) return v.error();
    a.sequence = *v;
  }
  return {};
}

void put_identity_change(toml::table& t, const AlterColumn& o) {
  if (o.identity) t.insert_or_assign("identity", o.identity->empty() ? "none" : *o.identity);
  if (o.serial) t.insert_or_assign("serial", *o.serial);
  if (o.sequence) t.insert_or_assign("sequence", sequence_toml(*o.sequence));
}

// The optional `existing = { ... }` column of drop and alter ops.
Status read_existing(OpReader& in, const std::string& table, std::optional<Column>& existing) {
  auto et = in.sub_table("existing", false);
  if (!et) return et.error();
  if (*et != nullptr) {
    auto c = parse_column(**et, in.source(), table, nullptr);
    if (!c) return c.error();
    existing = std::move(*c);
  }
  return {};
}

void put_type(toml::table& t, const Type& type) {
  t.insert_or_assign("type", type.to_string());
  if (type.kind == TypeKind::kNative && type.native_marked) t.insert_or_assign("native", true);
  if (type.kind == TypeKind::kEnum) {
    t.insert_or_assign("enum", type.enum_name);
    if (!type.enum_values.empty()) t.insert_or_assign("values", string_array(type.enum_values));
  }
}

// alter_column's `type`, with `enum` and `values` for an enum type.
Status read_type(const EntryReader& r, AlterColumn& a) {
  if (!r.has("type")) return {};
  auto text = r.string("type");
  if (!text) return text.error();
  auto native = r.boolean("native");
  if (!native) return native.error();
  auto type = parse_column_type(*text, *native);
  if (!type) return r.error(type.error().message, r.line("type"), type.error().hint);
  auto enum_name = r.string("enum");
  if (!enum_name) return enum_name.error();
  auto values = r.strings("values");
  if (!values) return values.error();
  type->enum_name = *enum_name;
  type->enum_values = *values;
  a.type = *type;
  return {};
}

void put_default(toml::table& t, const ColumnDefault& d) {
  if (d.value) {
    insert_literal(t, "default", *d.value);
  } else if (d.sql) {
    t.insert_or_assign("default_sql", *d.sql);
  } else {
    t.insert_or_assign("drop_default", true);
  }
}

// alter_column's one of `default`, `default_sql`, `drop_default`.
Status read_default(const EntryReader& r, AlterColumn& a) {
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
  return {};
}

std::string describe_alter(const AlterColumn& o) {
  std::vector<std::string> changes;
  const Column* old = o.existing ? &*o.existing : nullptr;
  if (o.type) {
    changes.push_back(old ? fmt::format("type {} -> {}", old->type.to_string(), o.type->to_string())
                          : fmt::format("type -> {}", o.type->to_string()));
    if (o.using_) changes.back() += fmt::format(" using {}", *o.using_);
  }
  if (o.nullable) changes.push_back(*o.nullable ? "nullable" : "not null");
  if (o.default_) {
    changes.push_back(o.default_->empty() ? "drop default" : "default " + o.default_->to_sql());
  }
  if (o.comment) changes.push_back(o.comment->empty() ? "drop comment" : "comment");
  if (o.identity) {
    changes.push_back(o.identity->empty() ? "drop identity" : "identity " + *o.identity);
  }
  if (o.serial) changes.push_back(*o.serial ? "serial" : "drop serial");
  if (o.sequence) changes.push_back("sequence options");
  describe_property_changes(changes, o);
  return fmt::format("alter column {}.{}: {}", qualify(o.schema, o.table), o.column,
                     fmt::join(changes, ", "));
}

std::optional<Op> invert_alter(const AlterColumn& o) {
  if (!o.existing) return std::nullopt;
  const Column& old = *o.existing;
  AlterColumn inv;
  inv.schema = o.schema;
  inv.table = o.table;
  inv.column = o.column;
  if (o.type) inv.type = old.type;
  if (o.nullable) inv.nullable = old.nullable;
  if (o.default_) inv.default_ = old.default_;
  if (o.comment) inv.comment = old.comment;
  if (o.identity) inv.identity = old.identity;
  if (o.serial) inv.serial = old.serial;
  if (o.sequence) inv.sequence = old.sequence;
  if (o.collation) inv.collation = old.collation;
  if (o.generated) inv.generated = old.generated;
  Column now = old;
  apply_changes(now, o);
  inv.existing = std::move(now);
  return inv;
}

toml::table write_alter(const AlterColumn& o) {
  toml::table t = entry_head(o.schema, o.table);
  t.insert_or_assign("column", o.column);
  if (o.type) put_type(t, *o.type);
  if (o.using_) t.insert_or_assign("using", *o.using_);
  if (o.nullable) t.insert_or_assign("nullable", *o.nullable);
  if (o.default_) put_default(t, *o.default_);
  if (o.comment) t.insert_or_assign("comment", *o.comment);
  put_identity_change(t, o);
  write_property_changes(t, o);
  if (o.existing) t.insert_or_assign("existing", column_toml(*o.existing));
  return t;
}

Result<AlterColumn> read_alter(OpReader& in) {
  AlterColumn a;
  if (auto s = in.target(a.schema, a.table); !s) return s.error();
  if (auto s = in.check(); !s) return s.error();
  const EntryReader& r = in.r();
  auto col = r.required_string("column");
  if (!col) return col.error();
  a.column = *col;
  if (auto s = read_existing(in, a.table, a.existing); !s) return s.error();
  if (auto s = read_type(r, a); !s) return s.error();
  if (r.has("using")) {
    auto v = r.string("using");
    if (!v) return v.error();
    if (!a.type) return r.error("`using` applies only to a change of `type`", r.line("using"));
    a.using_ = *v;
  }
  if (r.has("nullable")) {
    auto v = r.boolean("nullable");
    if (!v) return v.error();
    a.nullable = *v;
  }
  if (auto s = read_default(r, a); !s) return s.error();
  if (r.has("comment")) {
    auto v = r.string("comment");
    if (!v) return v.error();
    a.comment = *v;
  }
  if (auto s = read_identity_change(in, a); !s) return s.error();
  if (auto s = read_property_changes(r, a); !s) return s.error();
  return a;
}

Status rename_column(MetaData& md, const RenameColumn& o) {
  const std::string_view name = name_of<RenameColumn>();
  auto t = table_of(md, o);
  if (!t) return t.error();
  auto c = column_for(**t, name, o.column);
  if (!c) return c.error();
  if ((*t)->find_column(o.new_name) != nullptr) {
    return Error::bad_input(fmt::format("{}: table {} already has a column {}", name,
                                        (*t)->qualified_name(), o.new_name))
        .on(o.table, o.new_name);
  }
  (*c)->name = o.new_name;
  Table& tb = **t;
  for (auto& i : tb.indexes) {
    for (auto& k : i.keys) {
      if (k.column == o.column) k.column = o.new_name;
      if (!k.expression.empty()) k.expression = rename_in_sql(k.expression, o.column, o.new_name);
    }
    if (!i.where.empty()) i.where = rename_in_sql(i.where, o.column, o.new_name);
  }
  for (auto& c : tb.checks) c.sql = rename_in_sql(c.sql, o.column, o.new_name);
  for (auto& u : tb.uniques) rename_in(u.columns, o.column, o.new_name);
  for (auto& f : tb.foreign_keys) rename_in(f.columns, o.column, o.new_name);
  for (auto& x : tb.exclusions) rename_column_in_exclusion(x, o.column, o.new_name);
  for (auto& other : md.tables) {
    for (auto& f : other.foreign_keys) {
      if (f.ref_schema == tb.schema && f.ref_table == tb.name) {
        rename_in(f.ref_columns, o.column, o.new_name);
      }
    }
  }
  return {};
}

}  // namespace

const OpKind<AddColumn>& op_kind(Tag<AddColumn>) {
  static const OpKind<AddColumn> kind{
      .name = "add_column",
      .keys = {"schema", "table", "column"},
      .target = [](const AddColumn& o) { return qualify(o.schema, o.table); },
      .describe =
          [](const AddColumn& o) {
            return fmt::format("add column {}.{} ({})", qualify(o.schema, o.table), o.column.name,
                               column_summary(o.column));
          },
      .inverse = [](const AddColumn& o) -> std::optional<Op> {
        return DropColumn{o.schema, o.table, o.column.name, o.column};
      },
      .write =
          [](const AddColumn& o) {
            toml::table t = entry_head(o.schema, o.table);
            t.insert_or_assign("column", column_toml(o.column));
            return t;
          },
      .read = [](OpReader& in) -> Result<AddColumn> {
        AddColumn a;
        if (auto s = in.target(a.schema, a.table); !s) return s.error();
        if (auto s = in.check(); !s) return s.error();
        auto ct = in.sub_table("column", true);
        if (!ct) return ct.error();
        auto c = parse_column(**ct, in.source(), a.table, nullptr);
        if (!c) return c.error();
        a.column = std::move(*c);
        return a;
      },
      .apply = [](MetaData& md, const AddColumn& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        if ((*t)->find_column(o.column.name) != nullptr) {
          return Error::bad_input(fmt::format("{}: table {} already has a column {}",
                                              name_of<AddColumn>(), (*t)->qualified_name(),
                                              o.column.name))
              .on(o.table, o.column.name);
        }
        (*t)->columns.push_back(o.column);
        (*t)->finish();
        return {};
      },
      .changes_existing = table_in<AddColumn>,
  };
  return kind;
}

const OpKind<DropColumn>& op_kind(Tag<DropColumn>) {
  static const OpKind<DropColumn> kind{
      .name = "drop_column",
      .keys = {"schema", "table", "column", "existing"},
      .target = [](const DropColumn& o) { return qualify(o.schema, o.table); },
      .describe =
          [](const DropColumn& o) {
            return fmt::format("drop column {}.{}", qualify(o.schema, o.table), o.column);
          },
      .inverse = [](const DropColumn& o) -> std::optional<Op> {
        if (!o.existing) return std::nullopt;
        Column c = *o.existing;
        c.name = o.column;
        return AddColumn{o.schema, o.table, std::move(c)};
      },
      .write =
          [](const DropColumn& o) {
            toml::table t = entry_head(o.schema, o.table);
            t.insert_or_assign("column", o.column);
            if (o.existing) t.insert_or_assign("existing", column_toml(*o.existing));
            return t;
          },
      .read = [](OpReader& in) -> Result<DropColumn> {
        DropColumn d;
        if (auto s = in.target(d.schema, d.table); !s) return s.error();
        if (auto s = in.check(); !s) return s.error();
        auto col = in.r().required_string("column");
        if (!col) return col.error();
        d.column = *col;
        if (auto s = read_existing(in, d.table, d.existing); !s) return s.error();
        return d;
      },
      .apply = [](MetaData& md, const DropColumn& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        if (auto c = column_for(**t, name_of<DropColumn>(), o.column); !c) return c.error();
        std::erase_if((*t)->columns, [&](const Column& c) { return c.name == o.column; });
        forget_column(**t, o.column);
        (*t)->finish();
        return {};
      },
      .changes_existing = table_in<DropColumn>,
  };
  return kind;
}

const OpKind<AlterColumn>& op_kind(Tag<AlterColumn>) {
  static const OpKind<AlterColumn> kind{
      .name = "alter_column",
      .keys = {"schema",      "table",        "column",    "type",      "native",
               "enum",        "values",       "using",     "nullable",  "default",
               "default_sql", "drop_default", "comment",   "identity",  "serial",
               "sequence",    "existing",     "collation", "generated", "stored"},
      .target = [](const AlterColumn& o) { return qualify(o.schema, o.table); },
      .describe = describe_alter,
      .inverse = invert_alter,
      .write = write_alter,
      .read = read_alter,
      .apply = [](MetaData& md, const AlterColumn& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        auto c = column_for(**t, name_of<AlterColumn>(), o.column);
        if (!c) return c.error();
        apply_changes(**c, o);
        (*t)->finish();
        return {};
      },
      .changes_existing = table_in<AlterColumn>,
  };
  return kind;
}

const OpKind<RenameColumn>& op_kind(Tag<RenameColumn>) {
  static const OpKind<RenameColumn> kind{
      .name = "rename_column",
      .keys = {"schema", "table", "column", "new_name"},
      .target = [](const RenameColumn& o) { return qualify(o.schema, o.table); },
      .describe =
          [](const RenameColumn& o) {
            return fmt::format("rename column {}.{} to {}", qualify(o.schema, o.table), o.column,
                               o.new_name);
          },
      .inverse = [](const RenameColumn& o) -> std::optional<Op> {
        return RenameColumn{o.schema, o.table, o.new_name, o.column};
      },
      .write =
          [](const RenameColumn& o) {
            return rename_entry(o.schema, o.table, "column", o.column, o.new_name);
          },
      .read = [](OpReader& in) -> Result<RenameColumn> {
        RenameColumn o;
        if (auto s = read_rename(in, o.schema, o.table, "column", o.column, o.new_name); !s) {
          return s.error();
        }
        return o;
      },
      .apply = rename_column,
      .changes_existing = table_in<RenameColumn>,
  };
  return kind;
}

}  // namespace retort::detail
