// Op kinds on a table's indexes and constraints: create/drop/rename_index,
// rename_constraint, add/drop_unique, add/drop_foreign_key, add/drop_check, alter_primary_key,
// validate_constraint, add/drop_exclusion.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/ops/op_kind.hpp"
#include "core/ops/schema_edit.hpp"

namespace retort::detail {
namespace {

std::string key_list(const std::vector<IndexKey>& keys) {
  std::vector<std::string> parts;
  for (const auto& k : keys) {
    std::string p = k.column.empty() ? k.expression : k.column;
    if (k.order == SortOrder::kDesc) p += " DESC";
    parts.push_back(std::move(p));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

template <class Item>
using Parse = Result<Item> (*)(const toml::table& entry, const std::string& source,
                               const std::string& table);

// Reads an op that carries `schema`, `table` and one index or constraint at
// `key`; `by_name` lets it be given by name alone (drop ops).
template <class O, class Item>
Result<O> read_object(OpReader& in, std::string_view key, bool by_name, Item O::*member,
                      Parse<Item> parse) {
  O o;
  if (auto s = in.target(o.schema, o.table); !s) return s.error();
  if (auto s = in.check(); !s) return s.error();
  auto item = read_named<Item>(
      in, key, by_name, [&](const toml::table& t) { return parse(t, in.source(), o.table); });
  if (!item) return item.error();
  o.*member = std::move(*item);
  return o;
}

template <class O>
toml::table object_entry(const O& o, std::string_view key, toml::table item) {
  toml::table t = entry_head(o.schema, o.table);
  t.insert_or_assign(key, std::move(item));
  return t;
}

Result<Index> parse_index_entry(const toml::table& t, const std::string& source,
                                const std::string& table) {
  return parse_index(t, source, table, NamingConvention{});
}
Result<UniqueConstraint> parse_unique_entry(const toml::table& t, const std::string& source,
                                            const std::string& table) {
  return parse_unique(t, source, table, NamingConvention{});
}
Result<ForeignKey> parse_foreign_key_entry(const toml::table& t, const std::string& source,
                                           const std::string& table) {
  return parse_foreign_key(t, source, table, NamingConvention{});
}

template <class O>
std::string on_table(const O& o) {
  return qualify(o.schema, o.table);
}

std::string concurrently_note(bool concurrently) { return concurrently ? " concurrently" : ""; }

// create_index / drop_index: the index, and `concurrently = true` when set.
template <class O>
Result<O> read_index_op(OpReader& in, bool by_name) {
  Result<O> o = read_object(in, "index", by_name, &O::index, parse_index_entry);
  if (!o) return o;
  auto concurrently = in.r().boolean("concurrently");
  if (!concurrently) return concurrently.error();
  o->concurrently = *concurrently;
  return o;
}

template <class O>
toml::table index_entry(const O& o) {
  toml::table t = object_entry(o, "index", index_toml(o.index));
  if (o.concurrently) t.insert_or_assign("concurrently", true);
  return t;
}

}  // namespace

const OpKind<CreateIndex>& op_kind(Tag<CreateIndex>) {
  static const OpKind<CreateIndex> kind{
      .name = "create_index",
      .keys = {"schema", "table", "index", "concurrently"},
      .target = on_table<CreateIndex>,
      .describe =
          [](const CreateIndex& o) {
            return fmt::format("create {}index {} on {} ({}){}", o.index.unique ? "unique " : "",
                               o.index.name, on_table(o), key_list(o.index.keys),
                               concurrently_note(o.concurrently));
          },
      .inverse = [](const CreateIndex& o) -> std::optional<Op> {
        return DropIndex{o.schema, o.table, o.index, o.concurrently};
      },
      .write = [](const CreateIndex& o) { return index_entry(o); },
      .read = [](OpReader& in) { return read_index_op<CreateIndex>(in, false); },
      .apply = [](MetaData& md, const CreateIndex& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        const std::string_view name = name_of<CreateIndex>();
        if (auto s = columns_exist(**t, name, o.index.column_names()); !s) return s;
        return add_named((*t)->indexes, o.index, **t, name, "index");
      },
      .changes_existing = table_in<CreateIndex>,
  };
  return kind;
}

const OpKind<DropIndex>& op_kind(Tag<DropIndex>) {
  static const OpKind<DropIndex> kind{
      .name = "drop_index",
      .keys = {"schema", "table", "index", "concurrently"},
      .target = on_table<DropIndex>,
      .describe =
          [](const DropIndex& o) {
            return fmt::format("drop index {} on {}{}", o.index.name, on_table(o),
                               concurrently_note(o.concurrently));
          },
      .inverse = [](const DropIndex& o) -> std::optional<Op> {
        return CreateIndex{o.schema, o.table, o.index, o.concurrently};
      },
      .write = [](const DropIndex& o) { return index_entry(o); },
      .read = [](OpReader& in) { return read_index_op<DropIndex>(in, true); },
      .apply = [](MetaData& md, const DropIndex& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        return drop_named((*t)->indexes, o.index.name, **t, name_of<DropIndex>(), "index");
      },
      .changes_existing = table_in<DropIndex>,
  };
  return kind;
}

const OpKind<RenameIndex>& op_kind(Tag<RenameIndex>) {
  static const OpKind<RenameIndex> kind{
      .name = "rename_index",
      .keys = {"schema", "table", "index", "new_name"},
      .target = on_table<RenameIndex>,
      .describe =
          [](const RenameIndex& o) {
            return fmt::format("rename index {} on {} to {}", o.index, on_table(o), o.new_name);
          },
      .inverse = [](const RenameIndex& o) -> std::optional<Op> {
        return RenameIndex{o.schema, o.table, o.new_name, o.index};
      },
      .write =
          [](const RenameIndex& o) {
            return rename_entry(o.schema, o.table, "index", o.index, o.new_name);
          },
      .read = [](OpReader& in) -> Result<RenameIndex> {
        RenameIndex o;
        if (auto s = read_rename(in, o.schema, o.table, "index", o.index, o.new_name); !s) {
          return s.error();
        }
        return o;
      },
      .apply = [](MetaData& md, const RenameIndex& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        const std::string_view name = name_of<RenameIndex>();
        std::vector<Index>& indexes = (*t)->indexes;
        auto found = std::find_if(indexes.begin(), indexes.end(),
                                  [&](const Index& i) { return i.name == o.index; });
        if (found == indexes.end()) return drop_named(indexes, o.index, **t, name, "index");
        Index renamed = *found;
        renamed.name = o.new_name;
        if (auto s = add_named(indexes, renamed, **t, name, "index"); !s) return s;
        return drop_named(indexes, o.index, **t, name, "index");
      },
      .changes_existing = table_in<RenameIndex>,
  };
  return kind;
}

namespace {

// The unique, foreign key or check constraint of `t` named `name`: its name
// field, or nullptr.
std::string* constraint_name(Table& t, const std::string& name) {
  for (auto& u : t.uniques) {
    if (u.name == name) return &u.name;
  }
  for (auto& f : t.foreign_keys) {
    if (f.name == name) return &f.name;
  }
  for (auto& c : t.checks) {
    if (c.name == name) return &c.name;
  }
  for (auto& x : t.exclusions) {
    if (x.name == name) return &x.name;
  }
  return nullptr;
}

void sort_constraints(Table& t) {
  auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::stable_sort(t.uniques.begin(), t.uniques.end(), by_name);
  std::stable_sort(t.foreign_keys.begin(), t.foreign_keys.end(), by_name);
  std::stable_sort(t.checks.begin(), t.checks.end(), by_name);
  std::stable_sort(t.exclusions.begin(), t.exclusions.end(), by_name);
}

}  // namespace

const OpKind<RenameConstraint>& op_kind(Tag<RenameConstraint>) {
  static const OpKind<RenameConstraint> kind{
      .name = "rename_constraint",
      .keys = {"schema", "table", "constraint", "new_name"},
      .target = on_table<RenameConstraint>,
      .describe =
          [](const RenameConstraint& o) {
            return fmt::format("rename constraint {} on {} to {}", o.constraint, on_table(o),
                               o.new_name);
          },
      .inverse = [](const RenameConstraint& o) -> std::optional<Op> {
        return RenameConstraint{o.schema, o.table, o.new_name, o.constraint};
      },
      .write =
          [](const RenameConstraint& o) {
            return rename_entry(o.schema, o.table, "constraint", o.constraint, o.new_name);
          },
      .read = [](OpReader& in) -> Result<RenameConstraint> {
        RenameConstraint o;
        if (auto s = read_rename(in, o.schema, o.table, "constraint", o.constraint, o.new_name);
            !s) {
          return s.error();
        }
        return o;
      },
      .apply = [](MetaData& md, const RenameConstraint& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        const std::string_view name = name_of<RenameConstraint>();
        std::string* old_name = constraint_name(**t, o.constraint);
        if (old_name == nullptr) {
          return missing(name, fmt::format("table {} has no unique, foreign key or check "
                                           "constraint {}",
                                           (*t)->qualified_name(), o.constraint));
        }
        if (constraint_name(**t, o.new_name) != nullptr) {
          return Error::bad_input(fmt::format("{}: table {} already has a constraint {}", name,
                                              (*t)->qualified_name(), o.new_name))
              .on(o.table);
        }
        *old_name = o.new_name;
        sort_constraints(**t);
        return {};
      },
      .changes_existing = table_in<RenameConstraint>,
  };
  return kind;
}

const OpKind<AddUnique>& op_kind(Tag<AddUnique>) {
  static const OpKind<AddUnique> kind{
      .name = "add_unique",
      .keys = {"schema", "table", "unique"},
      .target = on_table<AddUnique>,
      .describe =
          [](const AddUnique& o) {
            return fmt::format("add unique constraint {} on {} ({})", o.unique.name, on_table(o),
                               fmt::join(o.unique.columns, ", "));
          },
      .inverse = [](const AddUnique& o) -> std::optional<Op> {
        return DropUnique{o.schema, o.table, o.unique};
      },
      .write = [](const AddUnique& o) { return object_entry(o, "unique", unique_toml(o.unique)); },
      .read =
          [](OpReader& in) {
            return read_object(in, "unique", false, &AddUnique::unique, parse_unique_entry);
          },
      .apply = [](MetaData& md, const AddUnique& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        const std::string_view name = name_of<AddUnique>();
        if (auto s = columns_exist(**t, name, o.unique.columns); !s) return s;
        return add_named((*t)->uniques, o.unique, **t, name, "unique constraint");
      },
      .changes_existing = table_in<AddUnique>,
  };
  return kind;
}

const OpKind<DropUnique>& op_kind(Tag<DropUnique>) {
  static const OpKind<DropUnique> kind{
      .name = "drop_unique",
      .keys = {"schema", "table", "unique"},
      .target = on_table<DropUnique>,
      .describe =
          [](const DropUnique& o) {
            return fmt::format("drop unique constraint {} on {}", o.unique.name, on_table(o));
          },
      .inverse = [](const DropUnique& o) -> std::optional<Op> {
        return AddUnique{o.schema, o.table, o.unique};
      },
      .write = [](const DropUnique& o) { return object_entry(o, "unique", unique_toml(o.unique)); },
      .read =
          [](OpReader& in) {
            return read_object(in, "unique", true, &DropUnique::unique, parse_unique_entry);
          },
      .apply = [](MetaData& md, const DropUnique& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        return drop_named((*t)->uniques, o.unique.name, **t, name_of<DropUnique>(),
                          "unique constraint");
      },
      .changes_existing = table_in<DropUnique>,
  };
  return kind;
}

const OpKind<AddForeignKey>& op_kind(Tag<AddForeignKey>) {
  static const OpKind<AddForeignKey> kind{
      .name = "add_foreign_key",
      .keys = {"schema", "table", "foreign_key"},
      .target = on_table<AddForeignKey>,
      .describe =
          [](const AddForeignKey& o) {
            const ForeignKey& fk = o.foreign_key;
            return fmt::format("add foreign key {} on {} ({}) -> {} ({}){}", fk.name, on_table(o),
                               fmt::join(fk.columns, ", "), qualify(fk.ref_schema, fk.ref_table),
                               fmt::join(fk.ref_columns, ", "), fk.not_valid ? " not valid" : "");
          },
      .inverse = [](const AddForeignKey& o) -> std::optional<Op> {
        return DropForeignKey{o.schema, o.table, o.foreign_key};
      },
      .write =
          [](const AddForeignKey& o) {
            return object_entry(o, "foreign_key", foreign_key_toml(o.foreign_key));
          },
      .read =
          [](OpReader& in) {
            return read_object(in, "foreign_key", false, &AddForeignKey::foreign_key,
                               parse_foreign_key_entry);
          },
      .apply = [](MetaData& md, const AddForeignKey& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        const std::string_view name = name_of<AddForeignKey>();
        if (auto s = columns_exist(**t, name, o.foreign_key.columns); !s) return s;
        return add_named((*t)->foreign_keys, o.foreign_key, **t, name, "foreign key");
      },
      .changes_existing = table_in<AddForeignKey>,
  };
  return kind;
}

const OpKind<DropForeignKey>& op_kind(Tag<DropForeignKey>) {
  static const OpKind<DropForeignKey> kind{
      .name = "drop_foreign_key",
      .keys = {"schema", "table", "foreign_key"},
      .target = on_table<DropForeignKey>,
      .describe =
          [](const DropForeignKey& o) {
            return fmt::format("drop foreign key {} on {}", o.foreign_key.name, on_table(o));
          },
      .inverse = [](const DropForeignKey& o) -> std::optional<Op> {
        return AddForeignKey{o.schema, o.table, o.foreign_key};
      },
      .write =
          [](const DropForeignKey& o) {
            return object_entry(o, "foreign_key", foreign_key_toml(o.foreign_key));
          },
      .read =
          [](OpReader& in) {
            return read_object(in, "foreign_key", true, &DropForeignKey::foreign_key,
                               parse_foreign_key_entry);
          },
      .apply = [](MetaData& md, const DropForeignKey& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        return drop_named((*t)->foreign_keys, o.foreign_key.name, **t, name_of<DropForeignKey>(),
                          "foreign key");
      },
      .changes_existing = table_in<DropForeignKey>,
  };
  return kind;
}

const OpKind<AddCheck>& op_kind(Tag<AddCheck>) {
  static const OpKind<AddCheck> kind{
      .name = "add_check",
      .keys = {"schema", "table", "check"},
      .target = on_table<AddCheck>,
      .describe =
          [](const AddCheck& o) {
            return fmt::format("add check constraint {} on {} ({}){}", o.check.name, on_table(o),
                               o.check.sql, o.check.not_valid ? " not valid" : "");
          },
      .inverse = [](const AddCheck& o) -> std::optional<Op> {
        return DropCheck{o.schema, o.table, o.check};
      },
      .write = [](const AddCheck& o) { return object_entry(o, "check", check_toml(o.check)); },
      .read =
          [](OpReader& in) {
            return read_object(in, "check", false, &AddCheck::check, parse_check);
          },
      .apply = [](MetaData& md, const AddCheck& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        return add_named((*t)->checks, o.check, **t, name_of<AddCheck>(), "check constraint");
      },
      .changes_existing = table_in<AddCheck>,
  };
  return kind;
}

const OpKind<DropCheck>& op_kind(Tag<DropCheck>) {
  static const OpKind<DropCheck> kind{
      .name = "drop_check",
      .keys = {"schema", "table", "check"},
      .target = on_table<DropCheck>,
      .describe =
          [](const DropCheck& o) {
            return fmt::format("drop check constraint {} on {}", o.check.name, on_table(o));
          },
      .inverse = [](const DropCheck& o) -> std::optional<Op> {
        return AddCheck{o.schema, o.table, o.check};
      },
      .write = [](const DropCheck& o) { return object_entry(o, "check", check_toml(o.check)); },
      .read =
          [](OpReader& in) {
            return read_object(in, "check", true, &DropCheck::check, parse_check);
          },
      .apply = [](MetaData& md, const DropCheck& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        return drop_named((*t)->checks, o.check.name, **t, name_of<DropCheck>(),
                          "check constraint");
      },
      .changes_existing = table_in<DropCheck>,
  };
  return kind;
}

namespace {

// The deferrability of the key before and after an alter_primary_key: its
// entry holds each only when true, so entries written before these keys
// existed read back (and checksum) the same.
void write_deferrable(const AlterPrimaryKey& o, toml::table& t) {
  if (o.deferrable) t.insert_or_assign("deferrable", true);
  if (o.initially_deferred) t.insert_or_assign("initially_deferred", true);
  if (o.existing_deferrable) t.insert_or_assign("existing_deferrable", true);
  if (o.existing_initially_deferred) t.insert_or_assign("existing_initially_deferred", true);
}

Status read_deferrable(OpReader& in, AlterPrimaryKey& o) {
  for (auto [key, field] :
       {std::pair{"deferrable", &o.deferrable},
        std::pair{"initially_deferred", &o.initially_deferred},
        std::pair{"existing_deferrable", &o.existing_deferrable},
        std::pair{"existing_initially_deferred", &o.existing_initially_deferred}}) {
    auto v = in.r().boolean(key);
    if (!v) return v.error();
    *field = *v;
  }
  return {};
}

}  // namespace

const OpKind<AlterPrimaryKey>& op_kind(Tag<AlterPrimaryKey>) {
  static const OpKind<AlterPrimaryKey> kind{
      .name = "alter_primary_key",
      .keys = {"schema", "table", "name", "columns", "existing", "existing_name", "deferrable",
               "initially_deferred", "existing_deferrable", "existing_initially_deferred"},
      .target = on_table<AlterPrimaryKey>,
      .describe =
          [](const AlterPrimaryKey& o) {
            std::string out = fmt::format("alter primary key of {}: ({}) -> ({})", on_table(o),
                                          fmt::join(o.existing, ", "), fmt::join(o.columns, ", "));
            if (!o.existing_name.empty() && o.existing_name != o.name) {
              out += fmt::format(", renamed {} -> {}", o.existing_name, o.name);
            }
            if (o.deferrable != o.existing_deferrable ||
                o.initially_deferred != o.existing_initially_deferred) {
              out += o.deferrable ? (o.initially_deferred ? ", deferrable initially deferred"
                                                          : ", deferrable")
                                  : ", not deferrable";
            }
            return out;
          },
      .inverse = [](const AlterPrimaryKey& o) -> std::optional<Op> {
        // A key whose old name was not recorded keeps the name it has.
        return AlterPrimaryKey{.schema = o.schema,
                               .table = o.table,
                               .name = o.existing_name.empty() ? o.name : o.existing_name,
                               .columns = o.existing,
                               .existing = o.columns,
                               .deferrable = o.existing_deferrable,
                               .initially_deferred = o.existing_initially_deferred,
                               .existing_name = o.existing_name.empty() ? "" : o.name,
                               .existing_deferrable = o.deferrable,
                               .existing_initially_deferred = o.initially_deferred};
      },
      .write =
          [](const AlterPrimaryKey& o) {
            toml::table t = entry_head(o.schema, o.table);
            if (!o.name.empty()) t.insert_or_assign("name", o.name);
            t.insert_or_assign("columns", string_array(o.columns));
            t.insert_or_assign("existing", string_array(o.existing));
            if (!o.existing_name.empty()) t.insert_or_assign("existing_name", o.existing_name);
            write_deferrable(o, t);
            return t;
          },
      .read = [](OpReader& in) -> Result<AlterPrimaryKey> {
        AlterPrimaryKey a;
        if (auto s = in.target(a.schema, a.table); !s) return s.error();
        if (auto s = in.check(); !s) return s.error();
        auto name = in.r().string("name");
        if (!name) return name.error();
        auto columns = in.r().strings("columns");
        if (!columns) return columns.error();
        auto existing = in.r().strings("existing");
        if (!existing) return existing.error();
        auto existing_name = in.r().string("existing_name");
        if (!existing_name) return existing_name.error();
        a.existing_name = *existing_name;
        a.name = *name;
        a.columns = *columns;
        a.existing = *existing;
        if (auto s = read_deferrable(in, a); !s) return s.error();
        return a;
      },
      .apply = [](MetaData& md, const AlterPrimaryKey& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        if (auto s = columns_exist(**t, name_of<AlterPrimaryKey>(), o.columns); !s) return s;
        for (auto& c : (*t)->columns) c.primary_key = contains(o.columns, c.name);
        (*t)->primary_key_order = o.columns;  // finish() clears it when it is table order
        (*t)->primary_key_name = o.columns.empty() ? std::string() : o.name;
        (*t)->primary_key_deferrable = !o.columns.empty() && o.deferrable;
        (*t)->primary_key_initially_deferred = !o.columns.empty() && o.initially_deferred;
        (*t)->finish();
        return {};
      },
      .changes_existing = table_in<AlterPrimaryKey>,
  };
  return kind;
}

namespace {

// The check or foreign key of `t` named `name`: its not_valid flag, or nullptr.
bool* not_valid_flag(Table& t, const std::string& name) {
  for (auto& f : t.foreign_keys) {
    if (f.name == name) return &f.not_valid;
  }
  for (auto& c : t.checks) {
    if (c.name == name) return &c.not_valid;
  }
  return nullptr;
}

Result<ExclusionConstraint> parse_exclusion_entry(const toml::table& t, const std::string& source,
                                                  const std::string& table) {
  return parse_exclusion(t, source, table);
}

std::string element_list(const std::vector<ExclusionElement>& elements) {
  std::vector<std::string> parts;
  for (const auto& e : elements) {
    parts.push_back(
        fmt::format("{} WITH {}", e.key.column.empty() ? e.key.expression : e.key.column, e.op));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

const OpKind<ValidateConstraint>& op_kind(Tag<ValidateConstraint>) {
  static const OpKind<ValidateConstraint> kind{
      .name = "validate_constraint",
      .keys = {"schema", "table", "constraint", "mark_not_valid"},
      .target = on_table<ValidateConstraint>,
      .describe =
          [](const ValidateConstraint& o) {
            if (o.mark_not_valid) {
              return fmt::format("mark constraint {} on {} not valid (no SQL: it stays valid)",
                                 o.constraint, on_table(o));
            }
            return fmt::format("validate constraint {} on {}", o.constraint, on_table(o));
          },
      .inverse = [](const ValidateConstraint& o) -> std::optional<Op> {
        ValidateConstraint back = o;
        back.mark_not_valid = !o.mark_not_valid;
        return back;
      },
      .write =
          [](const ValidateConstraint& o) {
            toml::table t = entry_head(o.schema, o.table);
            t.insert_or_assign("constraint", o.constraint);
            if (o.mark_not_valid) t.insert_or_assign("mark_not_valid", true);
            return t;
          },
      .read = [](OpReader& in) -> Result<ValidateConstraint> {
        ValidateConstraint o;
        if (auto s = in.target(o.schema, o.table); !s) return s.error();
        if (auto s = in.check(); !s) return s.error();
        auto constraint = in.r().required_string("constraint");
        if (!constraint) return constraint.error();
        auto mark = in.r().boolean("mark_not_valid");
        if (!mark) return mark.error();
        o.constraint = *constraint;
        o.mark_not_valid = *mark;
        return o;
      },
      .apply = [](MetaData& md, const ValidateConstraint& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        bool* flag = not_valid_flag(**t, o.constraint);
        if (flag == nullptr) {
          return missing(name_of<ValidateConstraint>(),
                         fmt::format("table {} has no check or foreign key constraint {}",
                                     (*t)->qualified_name(), o.constraint));
        }
        *flag = o.mark_not_valid;
        return {};
      },
      .changes_existing = table_in<ValidateConstraint>,
  };
  return kind;
}

const OpKind<AddExclusion>& op_kind(Tag<AddExclusion>) {
  static const OpKind<AddExclusion> kind{
      .name = "add_exclusion",
      .keys = {"schema", "table", "exclusion"},
      .target = on_table<AddExclusion>,
      .describe =
          [](const AddExclusion& o) {
            return fmt::format("add exclusion constraint {} on {} using {} ({})", o.exclusion.name,
                               on_table(o), o.exclusion.method, element_list(o.exclusion.elements));
          },
      .inverse = [](const AddExclusion& o) -> std::optional<Op> {
        return DropExclusion{o.schema, o.table, o.exclusion};
      },
      .write =
          [](const AddExclusion& o) {
            return object_entry(o, "exclusion", exclusion_toml(o.exclusion));
          },
      .read =
          [](OpReader& in) {
            return read_object(in, "exclusion", false, &AddExclusion::exclusion,
                               parse_exclusion_entry);
          },
      .apply = [](MetaData& md, const AddExclusion& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        const std::string_view name = name_of<AddExclusion>();
        if (auto s = columns_exist(**t, name, exclusion_columns(o.exclusion)); !s) return s;
        return add_named((*t)->exclusions, o.exclusion, **t, name, "exclusion constraint");
      },
      .changes_existing = table_in<AddExclusion>,
  };
  return kind;
}

const OpKind<DropExclusion>& op_kind(Tag<DropExclusion>) {
  static const OpKind<DropExclusion> kind{
      .name = "drop_exclusion",
      .keys = {"schema", "table", "exclusion"},
      .target = on_table<DropExclusion>,
      .describe =
          [](const DropExclusion& o) {
            return fmt::format("drop exclusion constraint {} on {}", o.exclusion.name, on_table(o));
          },
      .inverse = [](const DropExclusion& o) -> std::optional<Op> {
        return AddExclusion{o.schema, o.table, o.exclusion};
      },
      .write =
          [](const DropExclusion& o) {
            return object_entry(o, "exclusion", exclusion_toml(o.exclusion));
          },
      .read =
          [](OpReader& in) {
            return read_object(in, "exclusion", true, &DropExclusion::exclusion,
                               parse_exclusion_entry);
          },
      .apply = [](MetaData& md, const DropExclusion& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        return drop_named((*t)->exclusions, o.exclusion.name, **t, name_of<DropExclusion>(),
                          "exclusion constraint");
      },
      .changes_existing = table_in<DropExclusion>,
  };
  return kind;
}

}  // namespace retort::detail
