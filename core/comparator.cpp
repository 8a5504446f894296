// compare(): the ops that turn schema `from` into schema `to`.
//
// Ops come out in phases, so that each op finds what it needs and nothing it
// removes is still in use:
//   1. drop foreign keys (they may point at anything below; one that stays
//      but uses a key phase 3 or 8 takes away is dropped here, added in 11)
//   2. drop tables, children before parents (their foreign keys may use a
//      unique key of a kept table that phase 3 drops), partitions before
//      the table they belong to; partitions that leave their table are
//      detached just before
//   3. drop indexes, unique, check and exclusion constraints; rename an
//      index or constraint whose definition is unchanged
//   4. create enums, alter enums
//   5. create tables, parents before children, partitioned tables before
//      their partitions
//   6. add columns
//   7. alter columns
//   8. primary keys, table comments, table properties, validate constraints
//   9. drop columns, then attach tables that become partitions
//  10. create indexes, add unique, check and exclusion constraints
//  11. add foreign keys (last: they may need uniques and columns from 6 and 10)
//  12. drop enums (no column uses them any more)
// Inside a phase, order is by (schema, table, name), columns in table order,
// except where phases 2 and 5 follow the foreign keys. Column order itself is
// not compared (AddColumn appends); a primary key's column order is.
//
// Both sides are normalised by the same dialect beforehand, so values compare
// exactly. Renames are not guessed: an undeclared rename is a drop and an add
// (rename_candidates points them out); declared ones (renamed_from) come
// before phase 1. Around all of these, with_object_ops (core/object_diff.hpp)
// puts schemas, extensions, sequences, domains, composite types and
// functions, with_view_ops (core/view_order.hpp) the views,
// with_late_functions the functions that read views, and with_trigger_ops
// the triggers.
#include "core/comparator.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "core/object_diff.hpp"
#include "core/ops/partition.hpp"
#include "core/readded_columns.hpp"
#include "core/view_order.hpp"

namespace retort {
namespace {

using TableKey = std::pair<std::string, std::string>;  // (schema, name)

TableKey key_of(const Table& t) { return {t.schema, t.name}; }
TableKey referenced_key(const ForeignKey& fk) { return {fk.ref_schema, fk.ref_table}; }

// A foreign key op waiting to be sorted into its phase.
struct PendingForeignKey {
  std::string schema;
  std::string table;
  ForeignKey foreign_key;

  auto sort_key() const { return std::tie(schema, table, foreign_key.name); }
};

struct OpPhases {
  std::vector<PendingForeignKey> drop_foreign_keys;
  std::vector<Op> detach_partitions;  // before phase 2: the parent may go
  std::vector<Op> drop_tables;
  std::vector<Op> drop_constraints;
  std::vector<Op> enums;
  std::vector<Op> create_tables;
  std::vector<Op> add_columns;
  std::vector<Op> alter_columns;
  std::vector<Op> table_changes;
  std::vector<Op> drop_columns;
  std::vector<Op> attach_partitions;  // after phase 9: the parent exists
  std::vector<Op> add_constraints;
  std::vector<PendingForeignKey> add_foreign_keys;
  std::vector<Op> drop_enums;
};

template <class T>
std::vector<const T*> sorted_by_name(const std::vector<T>& items) {
  std::vector<const T*> out;
  for (const auto& item : items) out.push_back(&item);
  std::stable_sort(out.begin(), out.end(),
                   [](const T* a, const T* b) { return a->name < b->name; });
  return out;
}

template <class T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

// Pairs up two lists of named items: `drop` gets each item of `from` that is
// gone or changed, then `add` each item of `to` that is new or changed, both
// in name order. A changed item is dropped and added again.
template <class T, class Same, class Drop, class Add>
void diff_named(const std::vector<T>& from, const std::vector<T>& to, Same same, Drop drop,
                Add add) {
  for (const T* old_item : sorted_by_name(from)) {
    const T* new_item = find_named(to, old_item->name);
    if (new_item == nullptr || !same(*old_item, *new_item)) drop(*old_item);
  }
  for (const T* new_item : sorted_by_name(to)) {
    const T* old_item = find_named(from, new_item->name);
    if (old_item == nullptr || !same(*old_item, *new_item)) add(*new_item);
  }
}

// diff_named, with an object gone under one name and back under another with
// the same definition (a convention name after a rename) given to `rename`
// instead of `drop` and `add`: renamed in place, not rebuilt.
template <class T, class Same, class Drop, class Add, class Rename>
void diff_renamed(const std::vector<T>& from, const std::vector<T>& to, Same same, Drop drop,
                  Add add, Rename rename) {
  std::vector<T> dropped;
  std::vector<T> added;
  diff_named(
      from, to, same, [&](const T& item) { dropped.push_back(item); },
      [&](const T& item) { added.push_back(item); });
  for (const T& gone : dropped) {
    auto back = std::find_if(added.begin(), added.end(), [&](const T& item) {
      T renamed = gone;
      renamed.name = item.name;
      return same(renamed, item);
    });
    if (back == added.end()) {
      drop(gone);
      continue;
    }
    rename(gone, *back);
    added.erase(back);
  }
  for (const T& item : added) add(item);
}

// Orders nodes 0..n-1 so that each comes after the nodes in before[i],
// taking the lowest ready node first (callers index nodes in sorted order, so
// the result is sorted wherever the dependencies leave it free). When only
// cycles remain, the lowest remaining node goes next anyway and the edges it
// did not meet are returned in `cut` as (node, node it should have followed).
struct TopoOrder {
  std::vector<std::size_t> order;
  std::vector<std::pair<std::size_t, std::size_t>> cut;
};

TopoOrder topo_order(const std::vector<std::set<std::size_t>>& before) {
  const std::size_t n = before.size();
  TopoOrder result;
  std::vector<bool> done(n, false);
  auto unmet = [&](std::size_t i) {
    std::vector<std::size_t> out;
    for (std::size_t j : before[i]) {
      if (!done[j]) out.push_back(j);
    }
    return out;
  };
  while (result.order.size() < n) {
    std::size_t next = n;
    for (std::size_t i = 0; i < n && next == n; ++i) {
      if (!done[i] && unmet(i).empty()) next = i;
    }
    if (next == n) {
      for (std::size_t i = 0; i < n && next == n; ++i) {
        if (!done[i]) next = i;
      }
      for (std::size_t j : unmet(next)) result.cut.emplace_back(next, j);
    }
    done[next] = true;
    result.order.push_back(next);
  }
  return result;
}

std::vector<const Table*> sorted_tables(const std::vector<Table>& tables) {
  std::vector<const Table*> out;
  for (const auto& t : tables) out.push_back(&t);
  std::stable_sort(out.begin(), out.end(),
                   [](const Table* a, const Table* b) { return key_of(*a) < key_of(*b); });
  return out;
}

// Moves the foreign keys of `table` that point at `target` out of the table.
std::vector<ForeignKey> take_foreign_keys(Table& table, const TableKey& target) {
  std::vector<ForeignKey> taken;
  std::erase_if(table.foreign_keys, [&](const ForeignKey& fk) {
    if (referenced_key(fk) != target) return false;
    taken.push_back(fk);
    return true;
  });
  return taken;
}

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

// True when `table` has all of `columns` and a primary key, unique constraint
// or unique index on exactly them: what a foreign key may reference.
bool has_key(const Table& table, const std::vector<std::string>& columns) {
  for (const auto& c : columns) {
    if (table.find_column(c) == nullptr) return false;
  }
  const auto wanted = sorted(columns);
  if (sorted(table.primary_key()) == wanted) return true;
  for (const auto& u : table.uniques) {
    if (sorted(u.columns) == wanted) return true;
  }
  for (const auto& i : table.indexes) {
    if (i.unique && i.where.empty() && i.column_names().size() == i.keys.size() &&
        sorted(i.column_names()) == wanted) {
      return true;
    }
  }
  return false;
}

// Phase 5: new tables, parents first. A foreign key in a cycle of new tables,
// or one that points at a kept table's column or unique key that only comes
// later in this list, is left out of CREATE TABLE and added in phase 11.
void create_tables(const std::vector<Table>& added, const MetaData& from, OpPhases& plan) {
  std::map<TableKey, std::size_t> index;
  for (std::size_t i = 0; i < added.size(); ++i) index[key_of(added[i])] = i;

  std::vector<Table> tables = added;
  std::vector<std::set<std::size_t>> before(tables.size());
  for (std::size_t i = 0; i < tables.size(); ++i) {
    for (const auto& fk : tables[i].foreign_keys) {
      auto it = index.find(referenced_key(fk));
      if (it != index.end() && it->second != i) before[i].insert(it->second);
    }
    // A partition comes after the table it is a partition of.
    auto parent = index.find({tables[i].partition_of_schema, tables[i].partition_of});
    if (!tables[i].partition_of.empty() && parent != index.end() && parent->second != i)
      before[i].insert(parent->second);
  }
  const TopoOrder topo = topo_order(before);
  for (auto [node, parent] : topo.cut) {
    for (auto& fk : take_foreign_keys(tables[node], key_of(added[parent]))) {
      plan.add_foreign_keys.push_back({tables[node].schema, tables[node].name, std::move(fk)});
    }
  }
  for (auto& t : tables) {
    std::erase_if(t.foreign_keys, [&](const ForeignKey& fk) {
      const Table* existing = from.find_table(fk.ref_schema, fk.ref_table);
      if (existing == nullptr || index.contains(referenced_key(fk))) return false;
      const bool later = !has_key(*existing, fk.ref_columns);
      if (later) plan.add_foreign_keys.push_back({t.schema, t.name, fk});
      return later;
    });
  }
  for (std::size_t i : topo.order) plan.create_tables.push_back(CreateTable{tables[i]});
}

// Phase 2: dropped tables, children first. In a cycle of dropped tables, the
// foreign keys that close it are dropped in phase 1, and the DropTable carries
// the table without them (so its inverse recreates what was there then).
void drop_tables(const std::vector<Table>& dropped, OpPhases& plan) {
  std::map<TableKey, std::size_t> index;
  for (std::size_t i = 0; i < dropped.size(); ++i) index[key_of(dropped[i])] = i;

  std::vector<Table> tables = dropped;
  // A table can go once every table that references it has gone.
  std::vector<std::set<std::size_t>> before(tables.size());
  for (std::size_t child = 0; child < tables.size(); ++child) {
    for (const auto& fk : tables[child].foreign_keys) {
      auto it = index.find(referenced_key(fk));
      if (it != index.end() && it->second != child) before[it->second].insert(child);
    }
    // A partitioned table goes after its partitions.
    auto parent = index.find({tables[child].partition_of_schema, tables[child].partition_of});
    if (!tables[child].partition_of.empty() && parent != index.end() && parent->second != child)
      before[parent->second].insert(child);
  }
  const TopoOrder topo = topo_order(before);
  for (auto [parent, child] : topo.cut) {
    for (auto& fk : take_foreign_keys(tables[child], key_of(dropped[parent]))) {
      plan.drop_foreign_keys.push_back({tables[child].schema, tables[child].name, std::move(fk)});
    }
  }
  for (std::size_t i : topo.order) plan.drop_tables.push_back(DropTable{tables[i]});
}

// A column as AddColumn/DropColumn carry it in a kept table: primary key
// membership is AlterPrimaryKey's business (phase 8), so it is left off here.
Column without_primary_key(Column c) {
  c.primary_key = false;
  c.autoincrement = false;
  return c;
}

// A column's collation and generation (both sides normalised: a collation
// is "" for the type's default, an expression is in the dialect's canonical
// form).
void compare_column_properties(const Column& old_col, const Column& new_col, AlterColumn& op) {
  if (old_col.collation != new_col.collation) op.collation = new_col.collation;
  if (!(old_col.generated == new_col.generated)) op.generated = new_col.generated;
}

void alter_column(const Table& table, const Column& old_col, const Column& new_col,
                  const CompareOptions& options, OpPhases& plan) {
  AlterColumn op;
  op.schema = table.schema;
  op.table = table.name;
  op.column = new_col.name;
  if (!(old_col.type == new_col.type)) op.type = new_col.type;
  if (old_col.nullable != new_col.nullable) op.nullable = new_col.nullable;
  if (!(old_col.default_ == new_col.default_)) op.default_ = new_col.default_;
  if (options.compare_comments && old_col.comment != new_col.comment) op.comment = new_col.comment;
  // primary_key is compared per table (phase 8). autoincrement is not
  // compared: it is derived from the type and primary key, and turning a
  // key's autoincrement on or off is not something autogenerate should do
  // silently. For the same reason, whether an autoincrementing key is an
  // identity or serial is kept as the database has it; its identity kind
  // (ALWAYS refuses explicit ids) and sequence options are compared.
  if (old_col.identity != new_col.identity) op.identity = new_col.identity;
  const bool both_keys = old_col.autoincrement && new_col.autoincrement;
  if (old_col.serial != new_col.serial && !both_keys) op.serial = new_col.serial;
  SequenceOptions old_seq = old_col.sequence;
  SequenceOptions new_seq = new_col.sequence;
  // Only a serial column's own sequence has a name worth comparing.
  if (!old_col.serial || !new_col.serial) old_seq.name = new_seq.name = "";
  if (old_seq != new_seq) op.sequence = new_col.sequence;
  compare_column_properties(old_col, new_col, op);
  if (!op.type && !op.nullable && !op.default_ && !op.comment && !op.identity && !op.serial &&
      !op.sequence && !op.collation && !op.generated) {
    return;
  }
  op.existing = old_col;
  plan.alter_columns.push_back(std::move(op));
}

// NOT VALID is a promise about the rows that were there when a check or
// foreign key was added, not part of its definition: a valid constraint
// satisfies a declaration that says not_valid (no op), and a declaration
// without it against a NOT VALID constraint validates it (phase 8).
bool same_foreign_key(ForeignKey a, ForeignKey b) {
  a.not_valid = b.not_valid = false;
  return a == b;
}

bool same_check(const CheckConstraint& a, const CheckConstraint& b) {
  return a.sql == b.sql && a.no_inherit == b.no_inherit;
}

// A constraint that is dropped and added again (changed) is added valid.
template <class T, class Same>
void validate_constraints(const std::vector<T>& from, const std::vector<T>& to, Same same,
                          const Table& table, OpPhases& plan) {
  for (const T* declared : sorted_by_name(to)) {
    const T* existing = find_named(from, declared->name);
    if (existing != nullptr && existing->not_valid && !declared->not_valid &&
        same(*existing, *declared)) {
      plan.table_changes.push_back(ValidateConstraint{table.schema, table.name, declared->name});
    }
  }
}

void compare_table(const Table& from, const Table& to, const CompareOptions& options,
                   OpPhases& plan) {
  const std::string& schema = to.schema;
  const std::string& name = to.name;

  auto rename = [&](const auto& gone, const auto& back) {
    plan.drop_constraints.push_back(RenameConstraint{schema, name, gone.name, back.name});
  };
  diff_renamed(
      from.foreign_keys, to.foreign_keys, same_foreign_key,
      [&](const ForeignKey& fk) {
        plan.drop_foreign_keys.push_back({schema, name, fk});
      },
      [&](const ForeignKey& fk) {
        plan.add_foreign_keys.push_back({schema, name, fk});
      },
      rename);
  diff_renamed(
      from.indexes, to.indexes, [](const Index& a, const Index& b) { return a == b; },
      [&](const Index& i) {
        plan.drop_constraints.push_back(DropIndex{schema, name, i});
      },
      [&](const Index& i) {
        plan.add_constraints.push_back(CreateIndex{schema, name, i});
      },
      [&](const Index& gone, const Index& back) {
        plan.drop_constraints.push_back(RenameIndex{schema, name, gone.name, back.name});
      });
  diff_renamed(
      from.uniques, to.uniques,
      [](const UniqueConstraint& a, const UniqueConstraint& b) { return a == b; },
      [&](const UniqueConstraint& u) {
        plan.drop_constraints.push_back(DropUnique{schema, name, u});
      },
      [&](const UniqueConstraint& u) {
        plan.add_constraints.push_back(AddUnique{schema, name, u});
      },
      rename);
  // Check bodies are compared too: the dialect gave both sides one canonical
  // text, so a changed body is a drop and an add of that check.
  diff_renamed(
      from.checks, to.checks, same_check,
      [&](const CheckConstraint& c) {
        plan.drop_constraints.push_back(DropCheck{schema, name, c});
      },
      [&](const CheckConstraint& c) {
        plan.add_constraints.push_back(AddCheck{schema, name, c});
      },
      rename);
  diff_renamed(
      from.exclusions, to.exclusions,
      [](const ExclusionConstraint& a, const ExclusionConstraint& b) { return a == b; },
      [&](const ExclusionConstraint& x) {
        plan.drop_constraints.push_back(DropExclusion{schema, name, x});
      },
      [&](const ExclusionConstraint& x) {
        plan.add_constraints.push_back(AddExclusion{schema, name, x});
      },
      rename);

  for (const auto& new_col : to.columns) {
    const Column* old_col = from.find_column(new_col.name);
    if (old_col == nullptr) {
      plan.add_columns.push_back(AddColumn{schema, name, without_primary_key(new_col)});
    } else {
      alter_column(to, *old_col, new_col, options, plan);
    }
  }

  // The key's columns in key order, and its name where both sides have one
  // (a dialect normalises an unnamed key to the name it would get).
  const bool renamed_key = !from.primary_key_name.empty() && !to.primary_key_name.empty() &&
                           from.primary_key_name != to.primary_key_name &&
                           !to.primary_key().empty();
  if (from.primary_key() != to.primary_key() || renamed_key ||
      from.primary_key_deferrable != to.primary_key_deferrable ||
      from.primary_key_initially_deferred != to.primary_key_initially_deferred) {
    plan.table_changes.push_back(
        AlterPrimaryKey{.schema = schema,
                        .table = name,
                        .name = to.primary_key_name,
                        .columns = to.primary_key(),
                        .existing = from.primary_key(),
                        .deferrable = to.primary_key_deferrable,
                        .initially_deferred = to.primary_key_initially_deferred,
                        .existing_name = from.primary_key_name,
                        .existing_deferrable = from.primary_key_deferrable,
                        .existing_initially_deferred = from.primary_key_initially_deferred});
  }
  validate_constraints(from.foreign_keys, to.foreign_keys, same_foreign_key, to, plan);
  validate_constraints(from.checks, to.checks, same_check, to, plan);
  if (options.compare_comments && from.comment != to.comment) {
    plan.table_changes.push_back(SetTableComment{schema, name, to.comment, from.comment});
  }
  if (!(from.properties == to.properties)) {
    plan.table_changes.push_back(AlterTable{schema, name, to.properties, from.properties});
  }

  for (const auto& old_col : from.columns) {
    if (to.find_column(old_col.name) != nullptr) continue;
    plan.drop_columns.push_back(DropColumn{.schema = schema,
                                           .table = name,
                                           .column = old_col.name,
                                           .existing = without_primary_key(old_col)});
  }
}

// Partitioning of a kept table (PostgreSQL). A partition that moves (another
// parent or bound) or stops being one is detached; a table that becomes a
// partition is attached. Returns the table as those leave it, for
// compare_table. A changed partition key, or a plain table becoming
// partitioned or back, cannot be made in place: it comes out as a
// create_table of the new table ahead of the drop_table of the old, which
// Dialect::refuse_in_place names and which never runs (the table exists),
// so no rows are dropped on the way; nullopt then.
std::optional<Table> compare_partitioning(const Table& old, const Table& to, const MetaData& from,
                                          OpPhases& plan) {
  if (old.partition_by != to.partition_by) {
    plan.drop_tables.push_back(CreateTable{to});
    plan.drop_tables.push_back(DropTable{old});
    return std::nullopt;
  }
  const bool moved = old.partition_of != to.partition_of ||
                     old.partition_of_schema != to.partition_of_schema ||
                     old.partition_bound != to.partition_bound;
  if (!moved) return old;
  Table cur = old;
  if (!old.partition_of.empty()) {
    plan.detach_partitions.push_back(DetachPartition{old.schema, old.name, old.partition_of_schema,
                                                     old.partition_of, old.partition_bound});
    cur = detail::detached_partition(old, from);
  }
  if (!to.partition_of.empty()) {
    plan.attach_partitions.push_back(AttachPartition{to.schema, to.name, to.partition_of_schema,
                                                     to.partition_of, to.partition_bound});
    cur = detail::attached_partition(cur, from, to.partition_of_schema, to.partition_of,
                                     to.partition_bound);
  }
  return cur;
}

// The key columns (sorted) a drop in phase 3 or a primary key change in
// phase 8 takes away from `table`.
std::vector<std::vector<std::string>> keys_removed(const OpPhases& plan, const TableKey& table) {
  std::vector<std::vector<std::string>> out;
  for (const Op& op : plan.drop_constraints) {
    if (const auto* u = std::get_if<DropUnique>(&op); u && TableKey{u->schema, u->table} == table)
      out.push_back(sorted(u->unique.columns));
    const auto* i = std::get_if<DropIndex>(&op);
    if (i && TableKey{i->schema, i->table} == table && i->index.unique)
      out.push_back(sorted(i->index.column_names()));
  }
  for (const Op& op : plan.table_changes) {
    const auto* pk = std::get_if<AlterPrimaryKey>(&op);
    // A key that is only renamed stays in place (RENAME CONSTRAINT).
    const bool rename_only = pk && pk->columns == pk->existing &&
                             pk->deferrable == pk->existing_deferrable &&
                             pk->initially_deferred == pk->existing_initially_deferred;
    if (pk && !rename_only && TableKey{pk->schema, pk->table} == table) {
      out.push_back(sorted(pk->existing));
    }
  }
  return out;
}

// A foreign key that stays but references a unique key or primary key that
// this revision drops (or renames) would block that drop on PostgreSQL: it is
// dropped in phase 1 and added again in phase 11.
void release_foreign_keys(const MetaData& from, const MetaData& to, OpPhases& plan) {
  for (const Table* t : sorted_tables(from.tables)) {
    const Table* kept = to.find_table(t->schema, t->name);
    if (kept == nullptr) continue;
    for (const ForeignKey* fk : sorted_by_name(t->foreign_keys)) {
      const ForeignKey* same = find_named(kept->foreign_keys, fk->name);
      if (same == nullptr || !same_foreign_key(*same, *fk)) continue;  // dropped or re-added
      const auto removed = keys_removed(plan, referenced_key(*fk));
      if (std::find(removed.begin(), removed.end(), sorted(fk->ref_columns)) == removed.end())
        continue;
      plan.drop_foreign_keys.push_back({t->schema, t->name, *fk});
      plan.add_foreign_keys.push_back({t->schema, t->name, *same});
      // Added again as declared: no validation of the dropped one.
      std::erase_if(plan.table_changes, [&](const Op& op) {
        const auto* v = std::get_if<ValidateConstraint>(&op);
        return v != nullptr && v->schema == t->schema && v->table == t->name &&
               v->constraint == fk->name;
      });
    }
  }
}

void compare_enums(const MetaData& from, const MetaData& to, OpPhases& plan) {
  auto sorted = [](const std::vector<Enum>& enums) {
    std::vector<const Enum*> out;
    for (const auto& e : enums) out.push_back(&e);
    std::stable_sort(out.begin(), out.end(), [](const Enum* a, const Enum* b) {
      return std::tie(a->schema, a->name) < std::tie(b->schema, b->name);
    });
    return out;
  };
  for (const Enum* e : sorted(to.enums)) {
    const Enum* old = from.find_enum(e->schema, e->name);
    if (old == nullptr) {
      plan.enums.push_back(CreateEnum{*e});
    } else if (old->values != e->values) {
      // The full lists both ways; a dialect decides what it can do in place
      // (PostgreSQL only adds values).
      plan.enums.push_back(AlterEnum{e->schema, e->name, e->values, old->values});
    }
  }
  for (const Enum* e : sorted(from.enums)) {
    if (to.find_enum(e->schema, e->name) == nullptr) plan.drop_enums.push_back(DropEnum{*e});
  }
}

void sort_foreign_keys(std::vector<PendingForeignKey>& fks) {
  std::stable_sort(fks.begin(), fks.end(),
                   [](const PendingForeignKey& a, const PendingForeignKey& b) {
                     return a.sort_key() < b.sort_key();
                   });
}

void append(std::vector<Op>& out, std::vector<Op>& phase) {
  for (auto& op : phase) out.push_back(std::move(op));
}

std::vector<Op> compare_schemas(const MetaData& from, const MetaData& to,
                                const CompareOptions& options) {
  OpPhases plan;

  std::vector<Table> dropped;
  for (const Table* t : sorted_tables(from.tables)) {
    if (to.find_table(t->schema, t->name) == nullptr) dropped.push_back(*t);
  }
  std::vector<Table> added;
  for (const Table* t : sorted_tables(to.tables)) {
    const Table* old = from.find_table(t->schema, t->name);
    if (old == nullptr) {
      added.push_back(*t);
    } else if (std::optional<Table> cur = compare_partitioning(*old, *t, from, plan)) {
      compare_table(*cur, *t, options, plan);
    }
  }
  release_foreign_keys(from, to, plan);
  drop_tables(dropped, plan);
  create_tables(added, from, plan);
  compare_enums(from, to, plan);

  sort_foreign_keys(plan.drop_foreign_keys);
  sort_foreign_keys(plan.add_foreign_keys);

  std::vector<Op> ops;
  for (auto& p : plan.drop_foreign_keys) {
    ops.push_back(DropForeignKey{p.schema, p.table, std::move(p.foreign_key)});
  }
  append(ops, plan.detach_partitions);
  append(ops, plan.drop_tables);
  append(ops, plan.drop_constraints);
  append(ops, plan.enums);
  append(ops, plan.create_tables);
  append(ops, plan.add_columns);
  append(ops, plan.alter_columns);
  append(ops, plan.table_changes);
  append(ops, plan.drop_columns);
  append(ops, plan.attach_partitions);
  append(ops, plan.add_constraints);
  for (auto& p : plan.add_foreign_keys) {
    ops.push_back(AddForeignKey{p.schema, p.table, std::move(p.foreign_key)});
  }
  append(ops, plan.drop_enums);
  return ops;
}

// Declared renames `from` still needs, applied to `renamed` (a copy of
// `from`): tables first, so that a column of a renamed table is found under
// the table's new name.
std::vector<Op> declared_renames(const MetaData& to, MetaData& renamed) {
  std::vector<Op> ops;
  auto play = [&](Op op) {
    if (apply(renamed, op)) ops.push_back(std::move(op));
  };
  for (const Table* t : sorted_tables(to.tables)) {
    if (t->renamed_from.empty() || renamed.find_table(t->schema, t->name) != nullptr ||
        renamed.find_table(t->schema, t->renamed_from) == nullptr ||
        to.find_table(t->schema, t->renamed_from) != nullptr) {
      continue;
    }
    play(RenameTable{t->schema, t->renamed_from, t->name});
  }
  for (const Table* t : sorted_tables(to.tables)) {
    const Table* old = renamed.find_table(t->schema, t->name);
    if (old == nullptr) continue;
    for (const Column& c : t->columns) {
      if (c.renamed_from.empty() || old->find_column(c.name) != nullptr ||
          old->find_column(c.renamed_from) == nullptr ||
          t->find_column(c.renamed_from) != nullptr) {
        continue;
      }
      play(RenameColumn{t->schema, t->name, c.renamed_from, c.name});
      old = renamed.find_table(t->schema, t->name);
    }
  }
  return ops;
}

bool declares_renames(const MetaData& schema) {
  return std::any_of(schema.tables.begin(), schema.tables.end(), [](const Table& t) {
    return !t.renamed_from.empty() ||
           std::any_of(t.columns.begin(), t.columns.end(),
                       [](const Column& c) { return !c.renamed_from.empty(); });
  });
}

// `schema` without the rename intent, so that no op carries it.
MetaData without_intent(MetaData schema) {
  for (Table& t : schema.tables) {
    t.renamed_from.clear();
    for (Column& c : t.columns) c.renamed_from.clear();
  }
  return schema;
}

// Types one value can move between without meaning something else.
int type_family(const Type& type) {
  switch (type.kind) {
    case TypeKind::kSmallint:
    case TypeKind::kInteger:
    case TypeKind::kBigint:
      return 1;
    case TypeKind::kVarchar:
    case TypeKind::kChar:
    case TypeKind::kText:
      return 2;
    case TypeKind::kFloat:
    case TypeKind::kReal:
    case TypeKind::kNumeric:
      return 3;
    case TypeKind::kTimestamp:
    case TypeKind::kTimestamptz:
      return 4;
    default:
      return 100 + static_cast<int>(type.kind);
  }
}

bool compatible(const Type& a, const Type& b) { return type_family(a) == type_family(b); }

// At least half of the larger table's columns have a namesake of a
// compatible type in the other.
bool similar_tables(const Table& a, const Table& b) {
  std::size_t shared = 0;
  for (const Column& c : a.columns) {
    const Column* other = b.find_column(c.name);
    if (other != nullptr && compatible(c.type, other->type)) ++shared;
  }
  return shared > 0 && shared * 2 >= std::max(a.columns.size(), b.columns.size());
}

}  // namespace

std::vector<Op> compare(const MetaData& from, const MetaData& to, const CompareOptions& options) {
  if (!declares_renames(to)) {
    return with_trigger_ops(
        from, to,
        with_late_functions(
            from, to,
            with_view_ops(from, to,
                          with_object_ops(from, to, compare_schemas(from, to, options)))));
  }
  MetaData renamed = from;
  std::vector<Op> ops = declared_renames(to, renamed);
  for (Op& op : compare_schemas(renamed, without_intent(to), options)) ops.push_back(std::move(op));
  return with_trigger_ops(
      from, to,
      with_late_functions(from, to,
                          with_view_ops(from, to, with_object_ops(from, to, std::move(ops)))));
}

std::string RenameCandidate::dropped() const {
  std::string head = schema.empty() ? std::string() : schema + ".";
  return is_table ? head + old_name : head + table + "." + old_name;
}

std::string RenameCandidate::describe() const {
  if (is_table) {
    const std::string head = schema.empty() ? std::string() : schema + ".";
    return "table " + head + old_name + " -> " + head + new_name;
  }
  return "column " + dropped() + " -> " + table + "." + new_name + " (" + new_type + ")";
}

std::vector<RenameCandidate> rename_candidates(const std::vector<Op>& ops) {
  // A column dropped and added again under its own name is no rename, on
  // either side.
  const std::set<ColumnKey> readded = readded_columns(ops);
  std::vector<RenameCandidate> out;
  for (const Op& op : ops) {
    if (const auto* drop = std::get_if<DropColumn>(&op);
        drop != nullptr && drop->existing &&
        readded.count({drop->schema, drop->table, drop->column}) == 0) {
      for (const Op& other : ops) {
        const auto* add = std::get_if<AddColumn>(&other);
        if (add == nullptr || add->schema != drop->schema || add->table != drop->table ||
            readded.count({add->schema, add->table, add->column.name}) != 0 ||
            !compatible(drop->existing->type, add->column.type)) {
          continue;
        }
        out.push_back(RenameCandidate{drop->schema, drop->table, drop->column, add->column.name,
                                      false, add->column.type.to_string(), add->column.line});
      }
    } else if (const auto* gone = std::get_if<DropTable>(&op)) {
      for (const Op& other : ops) {
        const auto* made = std::get_if<CreateTable>(&other);
        if (made == nullptr || made->table.schema != gone->table.schema ||
            !similar_tables(gone->table, made->table)) {
          continue;
        }
        out.push_back(RenameCandidate{gone->table.schema,
                                      gone->table.name,
                                      gone->table.name,
                                      made->table.name,
                                      true,
                                      {},
                                      made->table.line});
      }
    }
  }
  return out;
}

}  // namespace retort
