// retort internals: each op kind stated once.
//
// An OpKind<T> is the one entry for op T: its name, the keys of its
// revision-file entry, how it is described, reversed, written to and read
// from TOML (JSON is that TOML converted), how it plays on an in-memory
// schema, and whether the object it changes existed before. The entries live
// in one file per family (core/ops/table.cpp, column.cpp, constraint.cpp,
// enum.cpp, view.cpp, object.cpp, data.cpp, partition.cpp); op_name(), describe(),
// inverse(), apply(), changes_existing(), op_to_toml() and op_from_toml()
// dispatch through them.
// Each dialect's DDL compiler renders the op (dialects/*/), and fails to
// compile while an op has no rendering.
//
// Adding an op kind: its struct in core/ops.hpp and in the Op variant, an
// op_kind() declaration below, its entry in a family file, its DDL in each
// dialect (docs/architecture.md walks through it).
#pragma once

#include <toml++/toml.h>

#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/internal/schema_toml.hpp"
#include "core/internal/toml_entry.hpp"
#include "core/ops.hpp"

namespace retort::detail {

// A function every op kind gives. It has no default, so an OpKind that
// leaves one out does not compile.
template <class Sig>
class Required;
template <class R, class... A>
class Required<R(A...)> {
 public:
  // Implicit, so that an entry reads as a table of lambdas.
  template <std::convertible_to<R (*)(A...)> F>
  Required(F f) : fn_(f) {}  // NOLINT(google-explicit-constructor)
  R operator()(A... a) const { return fn_(std::forward<A>(a)...); }

 private:
  R (*fn_)(A...);
};

class OpReader;

template <class T>
struct OpKind {
  // The name in revision files, JSON and messages: "add_column".
  std::string_view name;
  // The keys its entry may have besides `op`; any other key is an error.
  // (create_table/drop_table leave it empty: their entry is a whole table,
  // checked by parse_table.)
  std::vector<std::string_view> keys;
  // "schema.table" or "table" it works on; "" when it works on no table.
  Required<std::string(const T&)> target;
  // One line for humans: "add column hero.age (integer, nullable)".
  Required<std::string(const T&)> describe;
  // The op that undoes it, or nullopt when it has none.
  Required<std::optional<Op>(const T&)> inverse;
  // Its revision-file entry without the `op` key (op_to_toml adds it). Keys
  // left out read back as their defaults.
  Required<toml::table(const T&)> write;
  // Reads an entry back. `in` holds the entry and checks keys against `keys`.
  Required<Result<T>(OpReader& in)> read;
  // Plays the op on a schema held in memory, as the database would; errors
  // are kBadInput naming the op (an object it needs is missing or taken).
  Required<Status(MetaData& schema, const T& op)> apply;
  // True when the object the op changes (its table, or its enum) is in
  // `before`, the schema before the revision; false for an op that creates
  // its object, or changes none retort knows (execute). The runner commits a
  // commit_first statement ahead of its revision only for such an object.
  Required<bool(const MetaData& before, const T& op)> changes_existing;

  // Room kept for what later work hangs on each op kind. Each is a member
  // here, given by every entry; none exists yet:
  //  - lint: the op's safety rules (data loss, table rewrites, locks), as a
  //    list of rules that look at the op and the schema before it.
  //  - canonical form for checksums: `write`'s entry with every key at its
  //    default value left out, so an optional key added later does not change
  //    the checksum of revisions already applied. That needs each key's
  //    default next to its name in `keys`.
  //  - rename detection: which op kind pairs with this one (drop_column with
  //    add_column, drop_table with create_table) and the object both carry,
  //    so a drop and an add of the same shape can become one rename.
};

template <class T>
using Tag = std::type_identity<T>;

// One declaration per op kind, grouped by the family file that defines it.
// core/ops/table.cpp
const OpKind<CreateTable>& op_kind(Tag<CreateTable>);
const OpKind<DropTable>& op_kind(Tag<DropTable>);
const OpKind<RenameTable>& op_kind(Tag<RenameTable>);
const OpKind<SetTableComment>& op_kind(Tag<SetTableComment>);
const OpKind<AlterTable>& op_kind(Tag<AlterTable>);
// core/ops/column.cpp
const OpKind<AddColumn>& op_kind(Tag<AddColumn>);
const OpKind<DropColumn>& op_kind(Tag<DropColumn>);
const OpKind<AlterColumn>& op_kind(Tag<AlterColumn>);
const OpKind<RenameColumn>& op_kind(Tag<RenameColumn>);
// core/ops/constraint.cpp
const OpKind<CreateIndex>& op_kind(Tag<CreateIndex>);
const OpKind<DropIndex>& op_kind(Tag<DropIndex>);
const OpKind<RenameIndex>& op_kind(Tag<RenameIndex>);
const OpKind<RenameConstraint>& op_kind(Tag<RenameConstraint>);
const OpKind<AddUnique>& op_kind(Tag<AddUnique>);
const OpKind<DropUnique>& op_kind(Tag<DropUnique>);
const OpKind<AddForeignKey>& op_kind(Tag<AddForeignKey>);
const OpKind<DropForeignKey>& op_kind(Tag<DropForeignKey>);
const OpKind<AddCheck>& op_kind(Tag<AddCheck>);
const OpKind<DropCheck>& op_kind(Tag<DropCheck>);
const OpKind<AlterPrimaryKey>& op_kind(Tag<AlterPrimaryKey>);
const OpKind<ValidateConstraint>& op_kind(Tag<ValidateConstraint>);
const OpKind<AddExclusion>& op_kind(Tag<AddExclusion>);
const OpKind<DropExclusion>& op_kind(Tag<DropExclusion>);
// core/ops/enum.cpp
const OpKind<CreateEnum>& op_kind(Tag<CreateEnum>);
const OpKind<AlterEnum>& op_kind(Tag<AlterEnum>);
const OpKind<DropEnum>& op_kind(Tag<DropEnum>);
// core/ops/view.cpp
const OpKind<CreateView>& op_kind(Tag<CreateView>);
const OpKind<DropView>& op_kind(Tag<DropView>);
const OpKind<RefreshView>& op_kind(Tag<RefreshView>);
// core/ops/object.cpp
template <class T>
const OpKind<CreateObject<T>>& op_kind(Tag<CreateObject<T>>);
template <class T>
const OpKind<DropObject<T>>& op_kind(Tag<DropObject<T>>);
template <class T>
const OpKind<AlterObject<T>>& op_kind(Tag<AlterObject<T>>);
// core/ops/data.cpp
const OpKind<Execute>& op_kind(Tag<Execute>);
const OpKind<BulkInsert>& op_kind(Tag<BulkInsert>);
// core/ops/partition.cpp
const OpKind<AttachPartition>& op_kind(Tag<AttachPartition>);
const OpKind<DetachPartition>& op_kind(Tag<DetachPartition>);

template <class T>
concept HasOpKind = requires {
  op_kind(Tag<T>{});
};
template <class V>
inline constexpr bool kEveryOpHasKind = false;
template <class... Ts>
inline constexpr bool kEveryOpHasKind<std::variant<Ts...>> = (HasOpKind<Ts> && ...);
static_assert(kEveryOpHasKind<Op>, "every op in the Op variant needs an op_kind() above");

template <class T>
std::string_view name_of() {
  return op_kind(Tag<T>{}).name;
}

// Calls f(o, kind) with the op held by `op` and its OpKind.
template <class F>
decltype(auto) with_kind(const Op& op, F&& f) {
  return std::visit(
      [&](const auto& o) -> decltype(auto) {
        return f(o, op_kind(Tag<std::decay_t<decltype(o)>>{}));
      },
      op);
}

// "schema.name", or "name" when the schema is empty.
inline std::string qualify(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

// Reads one op entry, checking its keys against the op kind's `keys`.
class OpReader {
 public:
  OpReader(const toml::table& entry, const std::string& source, std::string_view op,
           std::vector<std::string_view> allowed);

  // kBadInput for the first key the op does not have.
  Status check() const { return r_.check_keys(); }
  const EntryReader& r() const { return r_; }
  EntryReader& r() { return r_; }
  const toml::table& entry() const { return entry_; }
  const std::string& source() const { return source_; }

  // Reads `schema` and the required `table`, and names the table in errors.
  Status target(std::string& schema, std::string& table);

  // The inline table at `key`; nullptr when absent and not `required`.
  Result<const toml::table*> sub_table(std::string_view key, bool required) const;

  // "add_column op", for messages.
  std::string op_label() const;

 private:
  const toml::table& entry_;
  const std::string& source_;
  EntryReader r_;
};

// A named sub-object that drop ops may give by name alone: `index = "ix_x"`.
template <class T, class Parse>
Result<T> read_named(OpReader& o, std::string_view key, bool name_allowed, Parse parse) {
  const toml::node* n = o.r().node(key);
  if (n != nullptr && n->is_string() && name_allowed) {
    T item;
    item.name = n->as_string()->get();
    item.line = line_of(*n);
    return item;
  }
  auto t = o.sub_table(key, true);
  if (!t) return t.error();
  return parse(**t);
}

// changes_existing for an op on the table named by its schema/table fields.
template <class T>
bool table_in(const MetaData& before, const T& op) {
  return before.find_table(op.schema, op.table) != nullptr;
}
// changes_existing for an op that creates its object or names none.
template <class T>
bool changes_nothing_existing(const MetaData&, const T&) {
  return false;
}

// Pieces of entries that several op kinds share (core/internal/ops_toml.cpp).
toml::array string_array(const std::vector<std::string>& items);
// `table` and (when set) `schema`: the head of most entries.
toml::table entry_head(const std::string& schema, const std::string& table);
// A rename of something in a table (rename_column, rename_index): the head,
// `key` = the old name and `new_name`; and reading one back (both names
// required).
toml::table rename_entry(const std::string& schema, const std::string& table, std::string_view key,
                         const std::string& old_name, const std::string& new_name);
Status read_rename(OpReader& in, std::string& schema, std::string& table, std::string_view key,
                   std::string& old_name, std::string& new_name);

}  // namespace retort::detail
