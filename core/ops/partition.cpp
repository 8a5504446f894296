// Op kinds of PostgreSQL declarative partitioning: attach_partition,
// detach_partition; and the in-memory effect of both (core/ops/partition.hpp).
#include "core/ops/partition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/ops/op_kind.hpp"
#include "core/ops/schema_edit.hpp"

namespace retort::detail {
namespace {

std::string column_part(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "_") + n;
  return out;
}

// The column part PostgreSQL's ChooseIndexColumnNames gives an index: its
// key columns, "expr" for an expression.
std::string index_column_part(const Index& index) {
  std::vector<std::string> names;
  for (const IndexKey& k : index.keys) names.push_back(k.column.empty() ? "expr" : k.column);
  return column_part(names);
}

bool same_index(const Index& a, const Index& b) {
  Index x = a;
  x.name = b.name;
  x.line = b.line;
  return x == b;
}

bool same_foreign_key(const ForeignKey& a, const ForeignKey& b) {
  ForeignKey x = a;
  x.name = b.name;
  x.line = b.line;
  return x == b;
}

}  // namespace

std::vector<const Table*> partition_ancestors(const Table& table, const MetaData& schema) {
  std::vector<const Table*> out;
  const Table* t = &table;
  while (!t->partition_of.empty()) {
    const Table* parent = schema.find_table(t->partition_of_schema, t->partition_of);
    if (parent == nullptr || std::find(out.begin(), out.end(), parent) != out.end() ||
        parent == &table) {
      break;
    }
    out.push_back(parent);
    t = parent;
  }
  return out;
}

Table detached_partition(const Table& partition, const MetaData& schema) {
  Table t = partition;
  t.partition_of_schema.clear();
  t.partition_of.clear();
  t.partition_bound.clear();
  const std::vector<const Table*> ancestors = partition_ancestors(partition, schema);
  if (ancestors.empty()) return t;
  const Table& root = *ancestors.back();
  t.columns = root.columns;
  t.primary_key_order = root.primary_key_order;
  t.primary_key_deferrable = root.primary_key_deferrable;
  t.primary_key_initially_deferred = root.primary_key_initially_deferred;
  if (!root.primary_key().empty()) t.primary_key_name = t.name + "_pkey";
  for (const Table* a : ancestors) {
    for (Index i : a->indexes) {
      i.name = t.name + "_" + index_column_part(i) + "_idx";
      i.line = 0;
      t.indexes.push_back(std::move(i));
    }
    for (UniqueConstraint u : a->uniques) {
      u.name = t.name + "_" + column_part(u.columns) + "_key";
      u.line = 0;
      t.uniques.push_back(std::move(u));
    }
    for (const ForeignKey& fk : a->foreign_keys) t.foreign_keys.push_back(fk);
    for (const CheckConstraint& c : a->checks) t.checks.push_back(c);
  }
  for (Column& c : t.columns) c.line = 0;
  t.finish();
  return t;
}

Table attached_partition(const Table& table, const MetaData& schema,
                         const std::string& parent_schema, const std::string& parent,
                         const std::string& bound) {
  Table t = table;
  t.partition_of_schema = parent_schema;
  t.partition_of = parent;
  t.partition_bound = bound;
  const std::vector<const Table*> ancestors = partition_ancestors(t, schema);
  t.columns.clear();
  t.primary_key_name.clear();
  t.primary_key_order.clear();
  t.primary_key_deferrable = false;
  t.primary_key_initially_deferred = false;
  for (const Table* a : ancestors) {
    std::erase_if(t.indexes, [&](const Index& i) {
      return std::any_of(a->indexes.begin(), a->indexes.end(),
                         [&](const Index& p) { return same_index(p, i); });
    });
    std::erase_if(t.uniques, [&](const UniqueConstraint& u) {
      return std::any_of(a->uniques.begin(), a->uniques.end(), [&](const UniqueConstraint& p) {
        return p.columns == u.columns && p.deferrable == u.deferrable;
      });
    });
    std::erase_if(t.foreign_keys, [&](const ForeignKey& fk) {
      return std::any_of(a->foreign_keys.begin(), a->foreign_keys.end(),
                         [&](const ForeignKey& p) { return same_foreign_key(p, fk); });
    });
    std::erase_if(t.checks, [&](const CheckConstraint& c) {
      return std::any_of(a->checks.begin(), a->checks.end(),
                         [&](const CheckConstraint& p) { return p.name == c.name; });
    });
  }
  return t;
}

void forget_partitions(MetaData& schema, const std::string& schema_name, const std::string& name) {
  std::vector<std::pair<std::string, std::string>> gone;
  for (const Table& t : schema.tables) {
    if (t.partition_of_schema == schema_name && t.partition_of == name) {
      gone.emplace_back(t.schema, t.name);
    }
  }
  for (const auto& [s, n] : gone) {
    std::erase_if(schema.tables, [&](const Table& t) { return t.schema == s && t.name == n; });
    forget_partitions(schema, s, n);
  }
}

bool dropped_with_parent(const Table& table, const MetaData& schema) {
  return !table.partition_of.empty() && schema.find_table(table.schema, table.name) == nullptr &&
         schema.find_table(table.partition_of_schema, table.partition_of) == nullptr;
}

namespace {

template <class T>
std::string partition_target(const T& o) {
  return qualify(o.schema, o.table);
}

template <class T>
toml::table partition_entry(const T& o) {
  toml::table t = entry_head(o.schema, o.table);
  if (!o.parent_schema.empty()) t.insert_or_assign("parent_schema", o.parent_schema);
  t.insert_or_assign("parent", o.parent);
  t.insert_or_assign("bound", o.bound);
  return t;
}

template <class T>
Result<T> read_partition(OpReader& in) {
  T o;
  if (auto s = in.target(o.schema, o.table); !s) return s.error();
  if (auto s = in.check(); !s) return s.error();
  auto parent_schema = in.r().string("parent_schema");
  if (!parent_schema) return parent_schema.error();
  auto parent = in.r().required_string("parent");
  if (!parent) return parent.error();
  auto bound = in.r().required_string("bound");
  if (!bound) return bound.error();
  o.parent_schema = *parent_schema;
  o.parent = *parent;
  o.bound = *bound;
  return o;
}

const std::vector<std::string_view> kPartitionKeys = {"schema", "table", "parent_schema", "parent",
                                                      "bound"};

}  // namespace

const OpKind<AttachPartition>& op_kind(Tag<AttachPartition>) {
  static const OpKind<AttachPartition> kind{
      .name = "attach_partition",
      .keys = kPartitionKeys,
      .target = [](const AttachPartition& o) { return partition_target(o); },
      .describe =
          [](const AttachPartition& o) {
            return fmt::format("attach table {} to {} as partition {}", qualify(o.schema, o.table),
                               qualify(o.parent_schema, o.parent), o.bound);
          },
      .inverse = [](const AttachPartition& o) -> std::optional<Op> {
        return DetachPartition{o.schema, o.table, o.parent_schema, o.parent, o.bound};
      },
      .write = [](const AttachPartition& o) { return partition_entry(o); },
      .read = [](OpReader& in) { return read_partition<AttachPartition>(in); },
      .apply = [](MetaData& md, const AttachPartition& o) -> Status {
        const std::string_view op = name_of<AttachPartition>();
        auto parent = table_for(md, op, o.parent_schema, o.parent);
        if (!parent) return parent.error();
        if ((*parent)->partition_by.empty()) {
          return Error::bad_input(fmt::format("{}: table {} is not partitioned", op,
                                              qualify(o.parent_schema, o.parent)))
              .on(o.parent);
        }
        auto t = table_of(md, o);
        if (!t) return t.error();
        if (!(*t)->partition_of.empty()) {
          return Error::bad_input(fmt::format("{}: table {} is a partition of {} already", op,
                                              qualify(o.schema, o.table), (*t)->partition_of))
              .on(o.table);
        }
        **t = attached_partition(**t, md, o.parent_schema, o.parent, o.bound);
        return {};
      },
      .changes_existing = table_in<AttachPartition>,
  };
  return kind;
}

const OpKind<DetachPartition>& op_kind(Tag<DetachPartition>) {
  static const OpKind<DetachPartition> kind{
      .name = "detach_partition",
      .keys = kPartitionKeys,
      .target = [](const DetachPartition& o) { return partition_target(o); },
      .describe =
          [](const DetachPartition& o) {
            return fmt::format("detach partition {} from {}", qualify(o.schema, o.table),
                               qualify(o.parent_schema, o.parent));
          },
      .inverse = [](const DetachPartition& o) -> std::optional<Op> {
        return AttachPartition{o.schema, o.table, o.parent_schema, o.parent, o.bound};
      },
      .write = [](const DetachPartition& o) { return partition_entry(o); },
      .read = [](OpReader& in) { return read_partition<DetachPartition>(in); },
      .apply = [](MetaData& md, const DetachPartition& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        if ((*t)->partition_of != o.parent || (*t)->partition_of_schema != o.parent_schema) {
          return Error::bad_input(fmt::format("{}: table {} is not a partition of {}",
                                              name_of<DetachPartition>(),
                                              qualify(o.schema, o.table),
                                              qualify(o.parent_schema, o.parent)))
              .on(o.table);
        }
        **t = detached_partition(**t, md);
        return {};
      },
      .changes_existing = table_in<DetachPartition>,
  };
  return kind;
}

}  // namespace retort::detail
