#include "core/op_simplify.hpp"

#include <algorithm>
#include <type_traits>

namespace retort {
namespace {

template <class T, class... Ts>
constexpr bool is_one_of = (std::is_same_v<T, Ts> || ...);

// What an op touches, for deciding whether another op may move across it.
// Tables are compared by name alone (a schema-qualified and an unqualified
// spelling of one table must not look like two).
struct Touch {
  bool global = false;               // stops every fold across it
  std::vector<std::string> tables;   // names
  std::vector<std::string> columns;  // set only for a column op
  bool column_op = false;            // one table, the columns listed only
};

Touch touch_of(const Op& op) {
  return std::visit(
      [](const auto& o) -> Touch {
        using T = std::decay_t<decltype(o)>;
        Touch t;
        if constexpr (std::is_same_v<T, BulkInsert>) {
          t.tables = {o.table};
        } else if constexpr (is_one_of<T, CreateTable, DropTable>) {
          t.tables = {o.table.name};
          for (const ForeignKey& fk : o.table.foreign_keys) t.tables.push_back(fk.ref_table);
          if (!o.table.partition_of.empty()) t.tables.push_back(o.table.partition_of);
        } else if constexpr (std::is_same_v<T, RenameTable>) {
          t.tables = {o.table, o.new_name};
        } else if constexpr (is_one_of<T, AddForeignKey, DropForeignKey>) {
          t.tables = {o.table, o.foreign_key.ref_table};
        } else if constexpr (is_one_of<T, AttachPartition, DetachPartition>) {
          t.tables = {o.table, o.parent};
        } else if constexpr (std::is_same_v<T, AddColumn>) {
          t.tables = {o.table};
          // A generated column reads other columns: it is a table op.
          t.column_op = o.column.generated.empty();
          t.columns = {o.column.name};
        } else if constexpr (is_one_of<T, DropColumn, AlterColumn>) {
          t.tables = {o.table};
          t.column_op = !(o.existing && !o.existing->generated.empty());
          // An expression (USING, GENERATED) may read other columns.
          if constexpr (std::is_same_v<T, AlterColumn>) {
            t.column_op = t.column_op && !o.generated && !o.using_;
          }
          t.columns = {o.column};
        } else if constexpr (std::is_same_v<T, RenameColumn>) {
          t.tables = {o.table};
          t.column_op = true;
          t.columns = {o.column, o.new_name};
        } else if constexpr (is_one_of<T, RenameIndex, RenameConstraint, AddUnique, DropUnique,
                                       AddCheck, DropCheck, AlterPrimaryKey, SetTableComment,
                                       AlterTable, ValidateConstraint, AddExclusion, DropExclusion,
                                       CreateIndex, DropIndex>) {
          t.tables = {o.table};
        } else {
          // execute, views, enums, schemas, extensions, sequences, domains,
          // composite types, functions, triggers.
          t.global = true;
        }
        return t;
      },
      op);
}

bool conflicts(const Touch& y, const Touch& x) {
  if (y.global || x.global) return true;
  const bool shared = std::any_of(y.tables.begin(), y.tables.end(), [&](const std::string& t) {
    return std::find(x.tables.begin(), x.tables.end(), t) != x.tables.end();
  });
  if (!shared) return false;
  if (!y.column_op || !x.column_op) return true;
  return std::any_of(y.columns.begin(), y.columns.end(), [&](const std::string& c) {
    return std::find(x.columns.begin(), x.columns.end(), c) != x.columns.end();
  });
}

// Ops that build something, or change it reversibly, so that their exact
// inverse right after them leaves schema and rows as they were. A drop
// followed by its re-creation is not here: the rows are gone. Neither are
// a refresh (its inverse is itself) nor a type change (casts lose data).
bool undone_by_inverse(const Op& op) {
  return std::visit(
      [](const auto& o) {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, AlterColumn>) {
          // A generation set and then dropped leaves computed values behind.
          return !o.type && !o.using_ && !o.generated;
        } else if constexpr (is_create_object<T>::value || is_alter_object<T>::value) {
          return true;
        } else {
          return is_one_of<T, CreateTable, AddColumn, CreateIndex, RenameTable, RenameColumn,
                           RenameIndex, RenameConstraint, AddUnique, AddForeignKey, AddCheck,
                           AddExclusion, CreateEnum, CreateView, AttachPartition, SetTableComment,
                           AlterTable, AlterPrimaryKey>;
        }
      },
      op);
}

bool same_table(const std::string& schema_a, const std::string& a, const std::string& schema_b,
                const std::string& b) {
  return schema_a == schema_b && a == b;
}

// A table holding only `column`, to change it with core's apply().
std::optional<Column> altered(const std::string& schema, const std::string& table,
                              const Column& column, const Op& op) {
  MetaData scratch;
  scratch.tables.push_back(Table{.schema = schema, .name = table, .columns = {column}});
  if (!apply(scratch, op).ok() || scratch.tables.size() != 1 ||
      scratch.tables.front().columns.size() != 1) {
    return std::nullopt;
  }
  return scratch.tables.front().columns.front();
}

enum class Fold {
  kNone,   // nothing: keep looking further back (unless P conflicts)
  kBoth,   // P and X are both gone
  kIntoP,  // P now does what P then X did; X is gone
  kDropP,  // P is gone; X goes on looking further back
  // P is gone and X now names what P's position saw (a drop of a renamed
  // column, under its old name): X goes on looking further back, and stays
  // no later than P's position, as the ops after it were checked against
  // the name it had.
  kDropPAndStay,
};

// P = create_table T, X changes T.
Fold into_created(CreateTable& p, const Op& x) {
  if (std::holds_alternative<DropTable>(x)) {
    const DropTable& d = std::get<DropTable>(x);
    return same_table(p.table.schema, p.table.name, d.table.schema, d.table.name) ? Fold::kBoth
                                                                                  : Fold::kNone;
  }
  const Touch t = touch_of(x);
  if (t.global || std::holds_alternative<BulkInsert>(x) ||
      std::holds_alternative<AttachPartition>(x) || std::holds_alternative<DetachPartition>(x)) {
    return Fold::kNone;
  }
  if (const auto* index = std::get_if<CreateIndex>(&x); index != nullptr && index->concurrently) {
    return Fold::kNone;
  }
  // X must name T itself (as its table, or the table it renames).
  const std::string schema = std::visit(
      [](const auto& o) -> std::string {
        if constexpr (requires { o.schema; }) {
          return o.schema;
        } else {
          return {};
        }
      },
      x);
  if (t.tables.empty() || !same_table(p.table.schema, p.table.name, schema, t.tables.front())) {
    return Fold::kNone;
  }
  MetaData scratch;
  scratch.tables.push_back(p.table);
  if (!apply(scratch, x).ok() || scratch.tables.size() != 1) return Fold::kNone;
  p.table = std::move(scratch.tables.front());
  return Fold::kIntoP;
}

// An alter that leaves every row's value as it was.
bool keeps_values(const AlterColumn& a) {
  return !a.using_ && !a.default_ && !a.generated && !a.identity && !a.serial && !a.sequence;
}

// P and X alter one column: X's settings over P's.
Fold merge_alters(AlterColumn& p, const AlterColumn& x) {
  if ((p.type && x.type) || p.using_ || x.using_ || p.generated || x.generated) {
    return Fold::kNone;
  }
  AlterColumn merged = p;
  if (x.type) merged.type = x.type;
  if (x.nullable) merged.nullable = x.nullable;
  if (x.default_) merged.default_ = x.default_;
  if (x.comment) merged.comment = x.comment;
  if (x.identity) merged.identity = x.identity;
  if (x.serial) merged.serial = x.serial;
  if (x.sequence) merged.sequence = x.sequence;
  if (x.collation) merged.collation = x.collation;
  if (x.generated) merged.generated = x.generated;
  if (merged.existing) {
    std::optional<Column> after = altered(merged.schema, merged.table, *merged.existing, merged);
    if (after && *after == *merged.existing) return Fold::kBoth;
  }
  p = std::move(merged);
  return Fold::kIntoP;
}

// X drops by name what P made: a hand-written drop need not carry the
// whole object (`drop_column` without `existing`, `drop_index` by name).
bool drops_what_p_made(const Op& p, const Op& x) {
  auto on = [](const auto& a, const auto& b) { return a.schema == b.schema && a.table == b.table; };
  if (const auto* a = std::get_if<AddColumn>(&p)) {
    const auto* d = std::get_if<DropColumn>(&x);
    return d != nullptr && on(*a, *d) && d->column == a->column.name;
  }
  if (const auto* a = std::get_if<CreateIndex>(&p)) {
    const auto* d = std::get_if<DropIndex>(&x);
    return d != nullptr && on(*a, *d) && !a->index.name.empty() && d->index.name == a->index.name;
  }
  if (const auto* a = std::get_if<AddUnique>(&p)) {
    const auto* d = std::get_if<DropUnique>(&x);
    return d != nullptr && on(*a, *d) && !a->unique.name.empty() &&
           d->unique.name == a->unique.name;
  }
  if (const auto* a = std::get_if<AddForeignKey>(&p)) {
    const auto* d = std::get_if<DropForeignKey>(&x);
    return d != nullptr && on(*a, *d) && !a->foreign_key.name.empty() &&
           d->foreign_key.name == a->foreign_key.name;
  }
  if (const auto* a = std::get_if<AddCheck>(&p)) {
    const auto* d = std::get_if<DropCheck>(&x);
    return d != nullptr && on(*a, *d) && !a->check.name.empty() && d->check.name == a->check.name;
  }
  if (const auto* a = std::get_if<CreateView>(&p)) {
    const auto* d = std::get_if<DropView>(&x);
    return d != nullptr && d->view.schema == a->view.schema && d->view.name == a->view.name;
  }
  return false;
}

Fold fold(Op& p, Op& x) {
  if (drops_what_p_made(p, x)) return Fold::kBoth;
  if (undone_by_inverse(p)) {
    if (std::optional<Op> undo = inverse(p); undo && *undo == x) return Fold::kBoth;
  }
  if (auto* created = std::get_if<CreateTable>(&p)) return into_created(*created, x);
  if (auto* added = std::get_if<AddColumn>(&p)) {
    if (auto* alter = std::get_if<AlterColumn>(&x)) {
      if (!same_table(added->schema, added->table, alter->schema, alter->table) ||
          alter->column != added->column.name || !keeps_values(*alter)) {
        return Fold::kNone;
      }
      std::optional<Column> after = altered(added->schema, added->table, added->column, x);
      if (!after) return Fold::kNone;
      added->column = std::move(*after);
      return Fold::kIntoP;
    }
    if (auto* rename = std::get_if<RenameColumn>(&x)) {
      if (!same_table(added->schema, added->table, rename->schema, rename->table) ||
          rename->column != added->column.name) {
        return Fold::kNone;
      }
      added->column.name = rename->new_name;
      return Fold::kIntoP;
    }
    return Fold::kNone;
  }
  if (auto* first = std::get_if<AlterColumn>(&p)) {
    if (auto* second = std::get_if<AlterColumn>(&x)) {
      if (!same_table(first->schema, first->table, second->schema, second->table) ||
          first->column != second->column) {
        return Fold::kNone;
      }
      return merge_alters(*first, *second);
    }
    if (auto* drop = std::get_if<DropColumn>(&x)) {
      if (!same_table(first->schema, first->table, drop->schema, drop->table) ||
          first->column != drop->column) {
        return Fold::kNone;
      }
      if (first->existing) drop->existing = first->existing;
      return Fold::kDropP;
    }
    return Fold::kNone;
  }
  if (auto* first = std::get_if<RenameColumn>(&p)) {
    // Renamed, then dropped: drop it under its old name.
    if (auto* drop = std::get_if<DropColumn>(&x)) {
      if (!same_table(first->schema, first->table, drop->schema, drop->table) ||
          drop->column != first->new_name) {
        return Fold::kNone;
      }
      drop->column = first->column;
      if (drop->existing) drop->existing->name = first->column;
      return Fold::kDropPAndStay;
    }
    if (auto* second = std::get_if<RenameColumn>(&x)) {
      if (!same_table(first->schema, first->table, second->schema, second->table) ||
          first->new_name != second->column) {
        return Fold::kNone;
      }
      first->new_name = second->new_name;
      return Fold::kIntoP;
    }
  }
  return Fold::kNone;
}

}  // namespace

std::vector<Op> simplify(std::vector<Op> ops) {
  std::vector<Op> out;
  out.reserve(ops.size());
  for (Op& x : ops) {
    const bool data = std::holds_alternative<Execute>(x) || std::holds_alternative<BulkInsert>(x);
    bool gone = false;
    std::size_t place = out.size();  // where X goes when nothing takes it
    for (std::size_t i = out.size(); !data && i-- > 0;) {
      const Fold f = fold(out[i], x);
      if (f == Fold::kBoth || f == Fold::kDropP || f == Fold::kDropPAndStay) {
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
        place = f == Fold::kDropPAndStay ? i : place - 1;
        if (f == Fold::kBoth) {
          gone = true;
          break;
        }
        continue;
      }
      if (f == Fold::kIntoP) {
        gone = true;
        break;
      }
      if (conflicts(touch_of(out[i]), touch_of(x))) break;
    }
    if (!gone) out.insert(out.begin() + static_cast<std::ptrdiff_t>(place), std::move(x));
  }
  return out;
}

}  // namespace retort
