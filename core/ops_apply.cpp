// apply(): ops played against an in-memory schema, as the database would.
#include <fmt/format.h>

#include <algorithm>

#include "core/ops.hpp"

namespace retort {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::string qualify(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

Error missing(std::string_view op, std::string what) {
  return Error::bad_input(fmt::format("{}: {}", op, what),
                          "check the revision history: an earlier op must create it");
}

template <class T>
void sort_by_name(std::vector<T>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const T& a, const T& b) { return a.name < b.name; });
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

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Finds the table an op names, or explains that it does not exist.
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

template <class T>
Status add_named(std::vector<T>& items, const T& item, Table& t, std::string_view op,
                 std::string_view kind) {
  for (const auto& existing : items) {
    if (existing.name == item.name) {
      return Error::bad_input(fmt::format("{}: table {} already has {} {}", op, t.qualified_name(),
                                          kind, item.name))
          .on(t.name);
    }
  }
  items.push_back(item);
  sort_by_name(items);
  return {};
}

template <class T>
Status drop_named(std::vector<T>& items, const std::string& name, Table& t, std::string_view op,
                  std::string_view kind) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
  if (it == items.end()) {
    return std::move(
        missing(op, fmt::format("table {} has no {} {}", t.qualified_name(), kind, name))
            .on(t.name));
  }
  items.erase(it);
  return {};
}

void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to) {
  std::replace(names.begin(), names.end(), from, to);
}

// Dropping a column drops the indexes and constraints that use it, as
// PostgreSQL does; the comparator drops them explicitly first anyway.
void forget_column(Table& t, const std::string& column) {
  std::erase_if(t.indexes, [&](const Index& i) { return contains(i.column_names(), column); });
  std::erase_if(t.uniques, [&](const UniqueConstraint& u) { return contains(u.columns, column); });
  std::erase_if(t.foreign_keys, [&](const ForeignKey& f) { return contains(f.columns, column); });
}

}  // namespace

Status apply(MetaData& md, const Op& op) {
  const std::string_view name = op_name(op);
  return std::visit(
      Overloaded{
          [&](const CreateTable& o) -> Status {
            if (md.find_table(o.table.schema, o.table.name) != nullptr) {
              return Error::bad_input(
                         fmt::format("{}: table {} already exists", name, o.table.qualified_name()))
                  .on(o.table.name);
            }
            md.tables.push_back(o.table);
            md.tables.back().finish();
            sort_tables(md);
            return {};
          },
          [&](const DropTable& o) -> Status {
            auto t = table_for(md, name, o.table.schema, o.table.name);
            if (!t) return t.error();
            std::erase_if(md.tables, [&](const Table& x) { return &x == *t; });
            return {};
          },
          [&](const RenameTable& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            if (md.find_table(o.schema, o.new_name) != nullptr) {
              return Error::bad_input(fmt::format("{}: table {} already exists", name,
                                                  qualify(o.schema, o.new_name)))
                  .on(o.new_name);
            }
            (*t)->name = o.new_name;
            // Foreign keys follow the renamed table, as in the database.
            for (auto& other : md.tables) {
              for (auto& fk : other.foreign_keys) {
                if (fk.ref_schema == o.schema && fk.ref_table == o.table) fk.ref_table = o.new_name;
              }
            }
            sort_tables(md);
            return {};
          },
          [&](const AddColumn& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            if ((*t)->find_column(o.column.name) != nullptr) {
              return Error::bad_input(fmt::format("{}: table {} already has a column {}", name,
                                                  (*t)->qualified_name(), o.column.name))
                  .on(o.table, o.column.name);
            }
            (*t)->columns.push_back(o.column);
            (*t)->finish();
            return {};
          },
          [&](const DropColumn& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            if (auto c = column_for(**t, name, o.column); !c) return c.error();
            std::erase_if((*t)->columns, [&](const Column& c) { return c.name == o.column; });
            forget_column(**t, o.column);
            (*t)->finish();
            return {};
          },
          [&](const AlterColumn& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            auto c = column_for(**t, name, o.column);
            if (!c) return c.error();
            Column& col = **c;
            if (o.type) col.type = *o.type;
            if (o.nullable) col.nullable = *o.nullable;
            if (o.default_) col.default_ = *o.default_;
            if (o.comment) col.comment = *o.comment;
            (*t)->finish();
            return {};
          },
          [&](const RenameColumn& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
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
              }
            }
            for (auto& u : tb.uniques) rename_in(u.columns, o.column, o.new_name);
            for (auto& f : tb.foreign_keys) rename_in(f.columns, o.column, o.new_name);
            for (auto& other : md.tables) {
              for (auto& f : other.foreign_keys) {
                if (f.ref_schema == tb.schema && f.ref_table == tb.name) {
                  rename_in(f.ref_columns, o.column, o.new_name);
                }
              }
            }
            return {};
          },
          [&](const CreateIndex& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            if (auto s = columns_exist(**t, name, o.index.column_names()); !s) return s;
            return add_named((*t)->indexes, o.index, **t, name, "index");
          },
          [&](const DropIndex& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            return drop_named((*t)->indexes, o.index.name, **t, name, "index");
          },
          [&](const AddUnique& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            if (auto s = columns_exist(**t, name, o.unique.columns); !s) return s;
            return add_named((*t)->uniques, o.unique, **t, name, "unique constraint");
          },
          [&](const DropUnique& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            return drop_named((*t)->uniques, o.unique.name, **t, name, "unique constraint");
          },
          [&](const AddForeignKey& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            if (auto s = columns_exist(**t, name, o.foreign_key.columns); !s) return s;
            return add_named((*t)->foreign_keys, o.foreign_key, **t, name, "foreign key");
          },
          [&](const DropForeignKey& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            return drop_named((*t)->foreign_keys, o.foreign_key.name, **t, name, "foreign key");
          },
          [&](const AddCheck& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            return add_named((*t)->checks, o.check, **t, name, "check constraint");
          },
          [&](const DropCheck& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            return drop_named((*t)->checks, o.check.name, **t, name, "check constraint");
          },
          [&](const AlterPrimaryKey& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            if (auto s = columns_exist(**t, name, o.columns); !s) return s;
            for (auto& c : (*t)->columns) c.primary_key = contains(o.columns, c.name);
            (*t)->primary_key_name = o.columns.empty() ? std::string() : o.name;
            (*t)->finish();
            return {};
          },
          [&](const SetTableComment& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            (*t)->comment = o.comment;
            return {};
          },
          [&](const CreateEnum& o) -> Status {
            if (md.find_enum(o.enum_.schema, o.enum_.name) != nullptr) {
              return Error::bad_input(fmt::format("{}: enum {} already exists", name,
                                                  qualify(o.enum_.schema, o.enum_.name)));
            }
            md.enums.push_back(o.enum_);
            sort_enums(md);
            return {};
          },
          [&](const AlterEnum& o) -> Status {
            auto it = std::find_if(md.enums.begin(), md.enums.end(), [&](const Enum& e) {
              return e.schema == o.schema && e.name == o.name;
            });
            if (it == md.enums.end()) {
              return missing(name,
                             fmt::format("enum {} does not exist", qualify(o.schema, o.name)));
            }
            it->values = o.values;
            for (auto& t : md.tables) {
              if (t.schema != o.schema) continue;
              for (auto& c : t.columns) {
                if (c.type.kind == TypeKind::kEnum && c.type.enum_name == o.name) {
                  c.type.enum_values = o.values;
                }
              }
            }
            return {};
          },
          [&](const DropEnum& o) -> Status {
            const auto before = md.enums.size();
            std::erase_if(md.enums, [&](const Enum& e) {
              return e.schema == o.enum_.schema && e.name == o.enum_.name;
            });
            if (md.enums.size() == before) {
              return missing(name, fmt::format("enum {} does not exist",
                                               qualify(o.enum_.schema, o.enum_.name)));
            }
            return {};
          },
          [&](const Execute&) -> Status { return {}; },
          [&](const BulkInsert& o) -> Status {
            auto t = table_for(md, name, o.schema, o.table);
            if (!t) return t.error();
            for (const auto& row : o.rows) {
              for (const auto& [col, value] : row) {
                if (auto c = column_for(**t, name, col); !c) return c.error();
              }
            }
            return {};
          },
      },
      op);
}

}  // namespace retort
