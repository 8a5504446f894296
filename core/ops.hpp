// retort: schema operations as data.
//
// One vocabulary everywhere: the comparator produces Ops, revision files store
// them (docs/revisions.md), a dialect compiles them to SQL, the runner
// executes them, and each knows its inverse. Every op carries what it needs to
// run and to be reversed (a DropTable carries the whole table). Each op
// kind's name, entry shape, description, inverse and apply are stated once,
// in its OpKind (core/ops/ in the source); the functions below dispatch to it.
//
// Example:
//   Op op = AddColumn{.table = "hero", .column = age};
//   std::optional<Op> undo = inverse(op);   // DropColumn{hero, age}
#pragma once

#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/schema.hpp"

namespace retort {

struct CreateTable {
  Table table;
  friend bool operator==(const CreateTable&, const CreateTable&) = default;
};
struct DropTable {
  Table table;  // the whole table, so the inverse can recreate it
  friend bool operator==(const DropTable&, const DropTable&) = default;
};
struct RenameTable {
  std::string schema;
  std::string table;  // old name
  std::string new_name;
  friend bool operator==(const RenameTable&, const RenameTable&) = default;
};
struct AddColumn {
  std::string schema;
  std::string table;
  Column column;
  friend bool operator==(const AddColumn&, const AddColumn&) = default;
};
struct DropColumn {
  std::string schema;
  std::string table;
  std::string column;
  std::optional<Column> existing;  // for the inverse; autogenerate fills it
  friend bool operator==(const DropColumn&, const DropColumn&) = default;
};
// Changes some of a column's attributes. Each optional that is set is a new
// value; `existing` holds the column as it was, for the inverse and for
// dialects that must rebuild the column.
struct AlterColumn {
  std::string schema;
  std::string table;
  std::string column;
  std::optional<Type> type;
  // With `type`: the SQL expression that computes the new value from the
  // row, as PostgreSQL's ALTER COLUMN ... TYPE ... USING (and the copy of
  // SQLite's table rebuild) takes it. Unset: the dialect's own conversion
  // (PostgreSQL: "col"::new_type). Written by hand; never inverted.
  std::optional<std::string> using_;
  std::optional<bool> nullable;
  std::optional<ColumnDefault> default_;  // set and empty() means drop the default
  std::optional<std::string> comment;
  // Identity kind ("" drops the identity, "by default", "always") and the
  // sequence options of an identity or serial column.
  std::optional<std::string> identity;
  std::optional<bool> serial;
  std::optional<SequenceOptions> sequence;
  std::optional<std::string> collation;  // "" back to the type's default
  // Set and empty(): the column stops being generated and keeps its values
  // (PostgreSQL DROP EXPRESSION). A new or changed expression is a SQLite
  // rebuild; PostgreSQL 15 cannot make it in place (Dialect::refuse_in_place).
  std::optional<Generated> generated;
  std::optional<Column> existing;
  friend bool operator==(const AlterColumn&, const AlterColumn&) = default;
};
struct RenameColumn {
  std::string schema;
  std::string table;
  std::string column;  // old name
  std::string new_name;
  friend bool operator==(const RenameColumn&, const RenameColumn&) = default;
};
// `concurrently`: PostgreSQL's CREATE/DROP INDEX CONCURRENTLY, which builds
// or drops the index without blocking writes to the table, and cannot run
// in a transaction: only in a revision with `transactional = false`
// (autogenerate --concurrently writes them so; docs/lint.md). SQLite has no
// such statement and ignores it. The inverse keeps it.
struct CreateIndex {
  std::string schema;
  std::string table;
  Index index;
  bool concurrently = false;
  friend bool operator==(const CreateIndex&, const CreateIndex&) = default;
};
struct DropIndex {
  std::string schema;
  std::string table;
  Index index;  // the whole index, for the inverse
  bool concurrently = false;
  friend bool operator==(const DropIndex&, const DropIndex&) = default;
};
// Renames an index; what it indexes stays. Autogenerate writes it for an
// index whose definition is unchanged but whose name is not (a convention
// name after its column was renamed).
struct RenameIndex {
  std::string schema;
  std::string table;
  std::string index;  // old name
  std::string new_name;
  friend bool operator==(const RenameIndex&, const RenameIndex&) = default;
};
// Renames a unique, foreign key or check constraint; what it constrains
// stays. Autogenerate writes it for a constraint whose definition is
// unchanged but whose name is not (a convention name after a rename).
struct RenameConstraint {
  std::string schema;
  std::string table;
  std::string constraint;  // old name
  std::string new_name;
  friend bool operator==(const RenameConstraint&, const RenameConstraint&) = default;
};
struct AddUnique {
  std::string schema;
  std::string table;
  UniqueConstraint unique;
  friend bool operator==(const AddUnique&, const AddUnique&) = default;
};
struct DropUnique {
  std::string schema;
  std::string table;
  UniqueConstraint unique;
  friend bool operator==(const DropUnique&, const DropUnique&) = default;
};
struct AddForeignKey {
  std::string schema;
  std::string table;
  ForeignKey foreign_key;
  friend bool operator==(const AddForeignKey&, const AddForeignKey&) = default;
};
struct DropForeignKey {
  std::string schema;
  std::string table;
  ForeignKey foreign_key;
  friend bool operator==(const DropForeignKey&, const DropForeignKey&) = default;
};
struct AddCheck {
  std::string schema;
  std::string table;
  CheckConstraint check;
  friend bool operator==(const AddCheck&, const AddCheck&) = default;
};
struct DropCheck {
  std::string schema;
  std::string table;
  CheckConstraint check;
  friend bool operator==(const DropCheck&, const DropCheck&) = default;
};
struct AlterPrimaryKey {
  std::string schema;
  std::string table;
  std::string name;                  // constraint name, may be empty
  std::vector<std::string> columns;  // in key order
  std::vector<std::string> existing;
  bool deferrable = false;
  bool initially_deferred = false;
  std::string existing_name{};
  bool existing_deferrable = false;
  bool existing_initially_deferred = false;
  friend bool operator==(const AlterPrimaryKey&, const AlterPrimaryKey&) = default;
};
// Sets a table's TableProperties (UNLOGGED, storage parameters; SQLite's
// AUTOINCREMENT, WITHOUT ROWID and STRICT, which its dialect makes by a
// rebuild). `existing` is what they were, for the inverse.
struct AlterTable {
  std::string schema;
  std::string table;
  TableProperties properties;
  TableProperties existing;
  friend bool operator==(const AlterTable&, const AlterTable&) = default;
};
// Checks the existing rows against a NOT VALID check or foreign key
// (PostgreSQL VALIDATE CONSTRAINT); afterwards it is valid.
//
// Its inverse is the same op with `mark_not_valid`: it marks the constraint
// NOT VALID again in the schema played in memory and runs no SQL, because a
// valid constraint already satisfies the older declaration that said
// `not_valid` (PostgreSQL cannot make a constraint not valid again anyway).
struct ValidateConstraint {
  std::string schema;
  std::string table;
  std::string constraint;
  bool mark_not_valid = false;
  friend bool operator==(const ValidateConstraint&, const ValidateConstraint&) = default;
};
struct AddExclusion {
  std::string schema;
  std::string table;
  ExclusionConstraint exclusion;
  friend bool operator==(const AddExclusion&, const AddExclusion&) = default;
};
struct DropExclusion {
  std::string schema;
  std::string table;
  ExclusionConstraint exclusion;
  friend bool operator==(const DropExclusion&, const DropExclusion&) = default;
};
// Makes an existing table a partition of `parent` (ATTACH PARTITION ... bound).
struct AttachPartition {
  std::string schema;
  std::string table;  // the partition
  std::string parent_schema;
  std::string parent;
  std::string bound;  // "FOR VALUES ...", "DEFAULT"
  friend bool operator==(const AttachPartition&, const AttachPartition&) = default;
};
// Makes a partition a table of its own again (DETACH PARTITION); it keeps
// its rows. Carries the bound for the inverse.
struct DetachPartition {
  std::string schema;
  std::string table;
  std::string parent_schema;
  std::string parent;
  std::string bound;
  friend bool operator==(const DetachPartition&, const DetachPartition&) = default;
};
struct SetTableComment {
  std::string schema;
  std::string table;
  std::string comment;  // empty: remove the comment
  std::string existing;
  friend bool operator==(const SetTableComment&, const SetTableComment&) = default;
};
struct CreateEnum {
  Enum enum_;
  friend bool operator==(const CreateEnum&, const CreateEnum&) = default;
};
// Adds values to an enum type (the only change PostgreSQL can make in place).
struct AlterEnum {
  std::string schema;
  std::string name;
  std::vector<std::string> values;    // the new full list, in order
  std::vector<std::string> existing;  // the old full list
  friend bool operator==(const AlterEnum&, const AlterEnum&) = default;
};
struct DropEnum {
  Enum enum_;
  friend bool operator==(const DropEnum&, const DropEnum&) = default;
};
// Creates a view or a materialized view (with its indexes). Autogenerate
// writes a changed view as drop_view + create_view, and drops and recreates
// the views over a table whose columns change (docs/views.md).
struct CreateView {
  View view;
  friend bool operator==(const CreateView&, const CreateView&) = default;
};
struct DropView {
  View view;  // the whole view, so the inverse can recreate it
  friend bool operator==(const DropView&, const DropView&) = default;
};
// REFRESH MATERIALIZED VIEW [CONCURRENTLY]: recomputes its rows. Its inverse
// is itself: the rows follow the tables, whichever way a revision runs.
struct RefreshView {
  std::string schema;
  std::string name;
  bool concurrently = false;
  friend bool operator==(const RefreshView&, const RefreshView&) = default;
};
// Creates, drops and alters of schemas, extensions, sequences, domains,
// composite types, functions and triggers (docs/objects.md,
// docs/functions.md):
// create_sequence, drop_domain, alter_function, ... A drop carries the
// whole object and an alter both the new (`object`) and the old
// (`existing`) one, so every one has an inverse.
// Autogenerate writes a sequence's OWNED BY as its own alter_sequence after
// the table exists (and clears it before the table goes), and a change an
// ALTER cannot make (a domain's base type, a composite type's attribute
// order, a function's result or argument names) as a drop and a create. An
// alter_function is CREATE OR REPLACE with the new statement, as is an
// alter_trigger whose statement changes.
template <class T>
struct CreateObject {
  T object;
  friend bool operator==(const CreateObject&, const CreateObject&) = default;
};
template <class T>
struct DropObject {
  T object;
  friend bool operator==(const DropObject&, const DropObject&) = default;
};
template <class T>
struct AlterObject {
  T object;    // as it becomes
  T existing;  // as it was
  friend bool operator==(const AlterObject&, const AlterObject&) = default;
};
template <class O>
struct is_create_object : std::false_type {};
template <class T>
struct is_create_object<CreateObject<T>> : std::true_type {};
template <class O>
struct is_drop_object : std::false_type {};
template <class T>
struct is_drop_object<DropObject<T>> : std::true_type {};
template <class O>
struct is_alter_object : std::false_type {};
template <class T>
struct is_alter_object<AlterObject<T>> : std::true_type {};

using CreateSchema = CreateObject<Schema>;
using DropSchema = DropObject<Schema>;
using AlterSchema = AlterObject<Schema>;
using CreateExtension = CreateObject<Extension>;
using DropExtension = DropObject<Extension>;
using AlterExtension = AlterObject<Extension>;
using CreateSequence = CreateObject<Sequence>;
using DropSequence = DropObject<Sequence>;
using AlterSequence = AlterObject<Sequence>;
using CreateDomain = CreateObject<Domain>;
using DropDomain = DropObject<Domain>;
using AlterDomain = AlterObject<Domain>;
using CreateCompositeType = CreateObject<CompositeType>;
using DropCompositeType = DropObject<CompositeType>;
using AlterCompositeType = AlterObject<CompositeType>;
using CreateFunction = CreateObject<Function>;
using DropFunction = DropObject<Function>;
using AlterFunction = AlterObject<Function>;
using CreateTrigger = CreateObject<Trigger>;
using DropTrigger = DropObject<Trigger>;
using AlterTrigger = AlterObject<Trigger>;

// Raw SQL, e.g. a data migration; `dialect` limits it to one dialect.
struct Execute {
  std::string sql;
  std::string dialect;  // "" for every dialect, else "sqlite"/"postgresql"
  friend bool operator==(const Execute&, const Execute&) = default;
};
struct BulkInsert {
  std::string schema;
  std::string table;
  std::vector<std::map<std::string, Literal>> rows;
  friend bool operator==(const BulkInsert&, const BulkInsert&) = default;
};

using Op =
    std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn,
                 RenameColumn, CreateIndex, DropIndex, RenameIndex, RenameConstraint, AddUnique,
                 DropUnique, AddForeignKey, DropForeignKey, AddCheck, DropCheck, AlterPrimaryKey,
                 SetTableComment, CreateEnum, AlterEnum, DropEnum, Execute, BulkInsert,
                 AttachPartition, DetachPartition, AlterTable, ValidateConstraint, AddExclusion,
                 DropExclusion, CreateView, DropView, RefreshView, CreateSchema, DropSchema,
                 AlterSchema, CreateExtension, DropExtension, AlterExtension, CreateSequence,
                 DropSequence, AlterSequence, CreateDomain, DropDomain, AlterDomain,
                 CreateCompositeType, DropCompositeType, AlterCompositeType, CreateFunction,
                 DropFunction, AlterFunction, CreateTrigger, DropTrigger, AlterTrigger>;

// The op name used in revision files: "create_table", "add_column", ...
std::string_view op_name(const Op& op);

// The table the op works on ("schema.table" or "table"), "" for
// enum/view/execute.
std::string op_target(const Op& op);

// One line for humans: "add column hero.age (integer, nullable)".
std::string describe(const Op& op);

// The op that undoes `op`, or nullopt when there is none (Execute,
// BulkInsert, or a DropColumn without `existing`).
std::optional<Op> inverse(const Op& op);

// Reverses a whole list: inverses in reverse order. Ops without an inverse
// make it fail with an error naming the op.
Result<std::vector<Op>> inverse_all(const std::vector<Op>& ops);

// Applies `op` to a schema held in memory, as the database would. Used to
// build "the schema at revision X" from history (offline SQL, diff --from REV,
// autogenerate) without a database. Execute and BulkInsert change nothing.
Status apply(MetaData& schema, const Op& op);
// Exact-match overloads so that an unqualified apply(schema, op) on a
// non-const Op never picks std::apply (found by ADL on std::variant).
inline Status apply(MetaData& schema, Op& op) { return apply(schema, std::as_const(op)); }
inline Status apply(MetaData& schema, Op&& op) { return apply(schema, std::as_const(op)); }

// True when the object `op` changes (its table or enum) is in `before`;
// false for an op that creates its object or names none (execute).
bool changes_existing(const Op& op, const MetaData& before);

}  // namespace retort
