// retort: schema objects as values.
//
// MetaData is the whole declared or reflected schema: tables with their
// columns, indexes and constraints, plus enum types, views, and PostgreSQL's
// schemas, extensions, sequences, domains, composite types, functions,
// procedures, aggregates and triggers. A schema read from
// models.toml and a schema reflected from a live database are the same type;
// after the dialect normalises both (Dialect::normalize), comparing them gives
// no operations when they agree.
//
// Every index and constraint has a name (the naming convention in
// core/naming.hpp fills in the ones models.toml leaves out), so operations can
// always address them.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/types.hpp"

namespace retort {

// A literal default from models.toml: `default = 1`, `"x"`, `true`, `1.5`.
using Literal = std::variant<bool, std::int64_t, double, std::string>;

// Renders a literal as SQL text: 1, 1.5, 'it''s', TRUE/FALSE.
std::string literal_sql(const Literal& value);

// The default of a column: at most one of `value` (a literal) and `sql` (an
// expression such as CURRENT_TIMESTAMP, kept as written).
struct ColumnDefault {
  std::optional<Literal> value{};
  std::optional<std::string> sql{};

  bool empty() const { return !value && !sql; }
  std::string to_sql() const;  // "" when empty
  friend bool operator==(const ColumnDefault&, const ColumnDefault&) = default;
};

// The canonical form of a default: a `default_sql` that is a plain literal
// ("0", "'x'", "TRUE") becomes the literal, and literals are coerced to the
// column type (1 -> true for boolean, 1 -> 1.0 for float/real), so equivalent
// spellings compare equal. The models reader and every dialect use it.
ColumnDefault normalized_default(ColumnDefault value, const Type& type);

// The options of a column's sequence: an identity's, or a serial column's
// own sequence (PostgreSQL). Unset means the server's default for the
// column's type and direction; each dialect normalises a value equal to that
// default away (PostgreSQL: start 1 or max for a negative increment,
// increment 1, min/max the type's range, cache 1), so `start = 1` and no
// start compare equal. `name` is the sequence's name; empty is the name the
// server gives (<table>_<column>_seq).
struct SequenceOptions {
  std::string name{};
  std::optional<std::int64_t> start{};
  std::optional<std::int64_t> increment{};
  std::optional<std::int64_t> min{};
  std::optional<std::int64_t> max{};
  std::optional<std::int64_t> cache{};
  bool cycle = false;
  bool empty() const;  // nothing set
  friend bool operator==(const SequenceOptions&, const SequenceOptions&) = default;
};

// A generated column: its value is `sql` computed from the row. PostgreSQL 15
// has only STORED; SQLite has both (VIRTUAL when `stored` is false).
struct Generated {
  std::string sql{};  // the expression, without GENERATED ALWAYS AS ( )
  bool stored = true;
  bool empty() const { return sql.empty(); }
  friend bool operator==(const Generated&, const Generated&) = default;
};

struct Column {
  std::string name{};
  Type type{};
  bool nullable = false;     // NOT NULL unless declared nullable
  bool primary_key = false;  // member of the table's primary key
  // True for a single-column integer/bigint primary key unless models.toml
  // says `autoincrement = false`. Derived, see Table::finish().
  bool autoincrement = false;
  // Set when models.toml says `autoincrement = false` (or a dialect reflects
  // an integer primary key that does not autoincrement): finish() then leaves
  // `autoincrement` off. Not compared; its effect is in `autoincrement`.
  bool autoincrement_off = false;
  ColumnDefault default_{};
  // PostgreSQL identity: "" for none, "by default" or "always". An
  // autoincrementing key is an identity BY DEFAULT on PostgreSQL when this is
  // "" (finish() clears "by default" on it, so both spellings compare equal);
  // any other integer column may be an identity too. SQLite has none: its
  // dialect clears it (the rowid key autoincrements by itself).
  std::string identity{};
  // serial-style (PostgreSQL): the default is nextval() of a sequence the
  // column owns (OWNED BY), created and dropped with it. An autoincrementing
  // key with `serial` is made so instead of as an identity.
  bool serial = false;
  // The identity's or serial sequence's options; empty otherwise.
  SequenceOptions sequence{};
  Generated generated{};    // empty: not generated
  std::string collation{};  // "C", "NOCASE"; empty: the type's default
  std::string comment{};
  // Declared intent, models only: the column's name in the database before a
  // rename (models.toml `renamed_from`, ColumnBuilder::renamed_from). compare()
  // turns it into a rename_column while the database still has that name;
  // then it is inert. Never reflected, never in an op, not compared.
  std::string renamed_from{};
  // Source line in models.toml, for error messages; 0 when reflected.
  int line = 0;

  friend bool operator==(const Column&, const Column&);
};

enum class SortOrder { kAsc, kDesc };
// Where NULLs sort in an index key; kDefault is the order's default (last
// for ASC, first for DESC), to which each dialect normalises the explicit
// spelling of it.
enum class NullsOrder { kDefault, kFirst, kLast };

// One key of an index: a column name, or an opaque SQL expression.
struct IndexKey {
  std::string column{};      // empty when `expression` is set
  std::string expression{};  // e.g. lower(name), kept as the database prints it
  SortOrder order = SortOrder::kAsc;
  NullsOrder nulls = NullsOrder::kDefault;
  std::string opclass{};    // operator class ("varchar_pattern_ops"); empty: the default
  std::string collation{};  // empty: the column's
  friend bool operator==(const IndexKey&, const IndexKey&) = default;
};

struct Index {
  std::string name{};
  std::vector<IndexKey> keys{};
  bool unique = false;
  std::string where{};                 // partial index predicate, empty for none
  std::string method{};                // "hash", "gin", "gist", "brin", "spgist"; empty: btree
  std::vector<std::string> include{};  // INCLUDE (...) columns
  bool nulls_not_distinct = false;
  // Storage parameters, "name=value" sorted by name ("fillfactor=70").
  std::vector<std::string> storage{};
  int line = 0;
  std::vector<std::string> column_names() const;  // keys that are columns
  friend bool operator==(const Index&, const Index&);
};

struct UniqueConstraint {
  std::string name{};
  std::vector<std::string> columns{};
  bool deferrable = false;
  bool initially_deferred = false;
  bool nulls_not_distinct = false;
  int line = 0;
  friend bool operator==(const UniqueConstraint&, const UniqueConstraint&);
};

// Referential actions are stored lower-case: "no action", "restrict",
// "cascade", "set null", "set default"; empty means "no action".
struct ForeignKey {
  std::string name{};
  std::vector<std::string> columns{};
  std::string ref_schema{};  // empty: the default schema
  std::string ref_table{};
  std::vector<std::string> ref_columns{};
  std::string on_delete{};
  std::string on_update{};
  bool deferrable = false;
  bool initially_deferred = false;
  bool match_full = false;  // MATCH FULL; false is MATCH SIMPLE
  // Added without checking the rows already there (PostgreSQL NOT VALID).
  bool not_valid = false;
  int line = 0;
  friend bool operator==(const ForeignKey&, const ForeignKey&);
};

struct CheckConstraint {
  std::string name{};
  std::string sql{};        // the boolean expression, without CHECK ( )
  bool not_valid = false;   // as ForeignKey::not_valid
  bool no_inherit = false;  // NO INHERIT (PostgreSQL)
  int line = 0;
  friend bool operator==(const CheckConstraint&, const CheckConstraint&);
};

// One element of an exclusion constraint: a key as an index has it, and the
// operator rows must not all satisfy ("=", "&&").
struct ExclusionElement {
  IndexKey key{};
  std::string op{};
  friend bool operator==(const ExclusionElement&, const ExclusionElement&) = default;
};

// EXCLUDE USING method (elements) [INCLUDE] [WHERE] (PostgreSQL).
struct ExclusionConstraint {
  std::string name{};
  std::string method = "gist";
  std::vector<ExclusionElement> elements{};
  std::vector<std::string> include{};
  std::string where{};
  bool deferrable = false;
  bool initially_deferred = false;
  int line = 0;
  friend bool operator==(const ExclusionConstraint&, const ExclusionConstraint&);
};

// Properties of a whole table that are neither columns nor constraints.
// Each belongs to one dialect; the other's normalize clears it.
struct TableProperties {
  bool unlogged = false;  // PostgreSQL UNLOGGED
  // PostgreSQL storage parameters, "name=value" sorted by name
  // ("fillfactor=70", "autovacuum_enabled=false").
  std::vector<std::string> storage{};
  bool sqlite_autoincrement = false;  // AUTOINCREMENT on the rowid key
  bool sqlite_without_rowid = false;  // WITHOUT ROWID
  bool sqlite_strict = false;         // STRICT
  friend bool operator==(const TableProperties&, const TableProperties&) = default;
};

struct Table {
  std::string schema{};  // empty: the connection's default schema
  std::string name{};
  std::vector<Column> columns{};
  std::string primary_key_name{};  // may be empty (SQLite does not keep it)
  // The primary key's columns in key order when that is not table order;
  // finish() clears it when it is, so each key has one form. Members are
  // still marked by Column::primary_key.
  std::vector<std::string> primary_key_order{};
  bool primary_key_deferrable = false;
  bool primary_key_initially_deferred = false;
  std::vector<Index> indexes{};
  std::vector<UniqueConstraint> uniques{};
  std::vector<ForeignKey> foreign_keys{};
  std::vector<CheckConstraint> checks{};
  std::vector<ExclusionConstraint> exclusions{};
  TableProperties properties{};
  // PostgreSQL declarative partitioning. A partitioned table has
  // `partition_by` as pg_get_partkeydef prints it ("RANGE (payment_date)"); a
  // partition names its parent in `partition_of` and its bound in
  // `partition_bound` as pg_get_expr prints it ("FOR VALUES FROM ('2022-01-01')
  // TO ('2022-02-01')", "DEFAULT"). A partition may be partitioned itself.
  std::string partition_by{};
  std::string partition_of_schema{};
  std::string partition_of{};  // empty: not a partition
  std::string partition_bound{};
  std::string comment{};
  // Declared intent, as Column::renamed_from: the table's name (same schema)
  // before a rename.
  std::string renamed_from{};
  int line = 0;
  // SQLite: the CREATE TRIGGER statements of the table's triggers, as the
  // database keeps them (its inspector fills it): a table rebuild drops them
  // with the old table and re-runs these. Not compared, not declared in
  // models (PostgreSQL's triggers are MetaData::triggers).
  std::vector<std::string> triggers{};

  // "schema.name" or "name".
  std::string qualified_name() const;
  // The primary key's columns in key order (primary_key_order, else table order).
  std::vector<std::string> primary_key() const;
  Column* find_column(std::string_view column_name);
  const Column* find_column(std::string_view column_name) const;
  // Sets derived fields (autoincrement) and sorts nothing: column order is
  // the table's order, index/constraint order is by name for stable output.
  void finish();

  friend bool operator==(const Table&, const Table&);
};

struct Enum {
  std::string schema{};
  std::string name{};
  std::vector<std::string> values{};
  int line = 0;  // source line, for error messages; not compared
  friend bool operator==(const Enum& a, const Enum& b) {
    return a.schema == b.schema && a.name == b.name && a.values == b.values;
  }
};

// A view or a materialized view: a stored query, declared as SQL text.
//
// `query` is the SELECT as written (models.toml, a .sql file, C++) or as the
// server renders it (reflected), without a trailing semicolon; it is what
// CREATE VIEW runs. Two views compare by `canonical`, the comparison form
// the dialect gives the query (Dialect::normalize for declared views, the
// inspector for reflected ones): PostgreSQL's parse tree, SQLite's tokens.
// `with_data` is how a materialized view is created (WITH NO DATA leaves it
// unpopulated until a refresh) and is not compared: refreshing one must not
// make a difference. The indexes of a materialized view belong to it.
struct View {
  std::string schema{};
  std::string name{};
  std::string query{};
  bool materialized = false;
  bool with_data = true;
  std::string comment{};
  std::vector<Index> indexes{};  // materialized views only
  // Not compared:
  std::string canonical{};                // "" until a dialect sets it: `query` is compared
  std::vector<std::string> depends_on{};  // tables and views it reads ("name", "schema.name")
  std::string source{};                   // the .sql file it came from, for messages
  int line = 0;

  // "view app.film_list", "materialized view sales_by_store".
  std::string describe() const;
  // The kind include/exclude patterns name: "view", "materialized_view".
  std::string_view kind() const { return materialized ? "materialized_view" : "view"; }
  friend bool operator==(const View& a, const View& b);
};

// The objects below are PostgreSQL's (docs/objects.md); SQLite has none of
// them and refuses a declaration of one. Each compares by value, after the
// dialect has normalised it; `line` (the models.toml line) is not compared.

// A schema (namespace). Every schema a declared object names is implied;
// one is declared only to give it a comment or to keep it while empty.
struct Schema {
  std::string name{};
  std::string comment{};
  int line = 0;
  std::string describe() const { return "schema " + name; }
  std::string_view kind() const { return "schema"; }  // as filters name it
  friend bool operator==(const Schema& a, const Schema& b) {
    return a.name == b.name && a.comment == b.comment;
  }
};

// CREATE EXTENSION: `schema` is where its objects go ("" the default
// schema). An empty `version` is "whichever": compare() takes it to match
// the installed one (core/object_diff.hpp); equality here is exact.
struct Extension {
  std::string name{};
  std::string schema{};
  std::string version{};
  int line = 0;
  std::string describe() const { return "extension " + name; }
  std::string_view kind() const { return "extension"; }
  friend bool operator==(const Extension& a, const Extension& b) {
    return a.name == b.name && a.schema == b.schema && a.version == b.version;
  }
};

// A sequence of its own (not a serial or identity column's). `type` is
// smallint, integer or bigint; `options` leaves unset what equals the
// server's default (its `name` is unused). `owned_by` is "table.column" (the
// table in the sequence's schema), or "": dropping that column drops it.
struct Sequence {
  std::string schema{};
  std::string name{};
  Type type = [] {
    Type bigint;
    bigint.kind = TypeKind::kBigint;
    return bigint;
  }();
  SequenceOptions options{};
  std::string owned_by{};
  std::string comment{};
  int line = 0;
  std::string describe() const {
    return "sequence " + (schema.empty() ? name : schema + "." + name);
  }
  std::string_view kind() const { return "sequence"; }
  friend bool operator==(const Sequence& a, const Sequence& b) {
    return a.schema == b.schema && a.name == b.name && a.type == b.type && a.options == b.options &&
           a.owned_by == b.owned_by && a.comment == b.comment;
  }
};

// A named CHECK of a domain; `expression` reads the value as VALUE.
struct DomainCheck {
  std::string name{};
  std::string expression{};
  int line = 0;
  friend bool operator==(const DomainCheck& a, const DomainCheck& b) {
    return a.name == b.name && a.expression == b.expression;
  }
};

// CREATE DOMAIN: a base type with a default, NOT NULL and checks. Columns
// use it by name, as a native type. Checks are kept in name order.
struct Domain {
  std::string schema{};
  std::string name{};
  Type type{};
  ColumnDefault default_{};
  bool not_null = false;
  std::string collation{};
  std::vector<DomainCheck> checks{};
  std::string comment{};
  int line = 0;
  std::string describe() const { return "domain " + (schema.empty() ? name : schema + "." + name); }
  std::string_view kind() const { return "domain"; }
  friend bool operator==(const Domain& a, const Domain& b) {
    return a.schema == b.schema && a.name == b.name && a.type == b.type &&
           a.default_ == b.default_ && a.not_null == b.not_null && a.collation == b.collation &&
           a.checks == b.checks && a.comment == b.comment;
  }
};

// One attribute of a composite type, in declared order.
struct TypeAttribute {
  std::string name{};
  Type type{};
  std::string collation{};
  friend bool operator==(const TypeAttribute& a, const TypeAttribute& b) {
    return a.name == b.name && a.type == b.type && a.collation == b.collation;
  }
};

// CREATE TYPE ... AS (...): a row type columns and functions can use.
struct CompositeType {
  std::string schema{};
  std::string name{};
  std::vector<TypeAttribute> attributes{};
  std::string comment{};
  int line = 0;
  std::string describe() const { return "type " + (schema.empty() ? name : schema + "." + name); }
  std::string_view kind() const { return "type"; }
  friend bool operator==(const CompositeType& a, const CompositeType& b) {
    return a.schema == b.schema && a.name == b.name && a.attributes == b.attributes &&
           a.comment == b.comment;
  }
};

// A function, procedure or aggregate (PostgreSQL), declared as its CREATE
// statement. `sql` is CREATE FUNCTION | PROCEDURE | AGGREGATE as written
// (models.toml, a .sql file, C++) or as the server renders it (reflected:
// pg_get_functiondef, or built from pg_aggregate), without a trailing
// semicolon. `routine`, `schema` and `name` are read from the statement's
// head (core/function_head.hpp); `arguments` is the identity argument list
// ("integer, VARIADIC text[]"; a procedure's OUT arguments marked), which the
// dialect fills: with schema and name it is the key, so overloads are
// distinct objects. Two functions compare by `canonical`, the dialect's
// comparison form (docs/functions.md), or by `sql` until a dialect sets it.
struct Function {
  std::string schema{};
  std::string name{};
  std::string arguments{};
  std::string routine = "function";  // "function", "procedure" or "aggregate"
  std::string sql{};
  std::string comment{};
  // Not compared; the dialect fills them:
  std::string canonical{};
  // What CREATE OR REPLACE cannot change (argument names and modes, the
  // result): two versions that differ here are a drop and a create.
  std::string signature{};
  // Relations and types the statement names ("name", "schema.name"): its
  // signature's types and what a SQL-language body reads. A plpgsql body's
  // references are not tracked (the server records none either).
  std::vector<std::string> depends_on{};
  std::string source{};  // the .sql file it came from, for messages
  int line = 0;

  // "function app.touch()", "aggregate sum_sq(numeric)".
  std::string describe() const;
  // As filters name it: "function", "procedure", "aggregate".
  std::string_view kind() const { return routine; }
  friend bool operator==(const Function& a, const Function& b);
};

// A trigger (PostgreSQL), declared as its CREATE TRIGGER statement: `sql`
// as written or as pg_get_triggerdef prints it, without a trailing
// semicolon. `schema` (the table's), `table` and `name` are read from it
// (core/trigger_head.hpp); a trigger is known by its table and name. Two
// compare by `canonical`, the dialect's comparison form (docs/functions.md),
// or by `sql` until a dialect sets it.
struct Trigger {
  std::string schema{};
  std::string table{};  // the table or view it is on
  std::string name{};
  std::string sql{};
  // "" (it fires: the default), "disabled", "replica" or "always": ALTER
  // TABLE ... DISABLE TRIGGER, ENABLE REPLICA TRIGGER, ENABLE ALWAYS TRIGGER.
  std::string state{};
  std::string comment{};
  // Not compared; the dialect fills them:
  std::string canonical{};
  std::string function{};  // the function it runs ("name", "schema.name")
  std::string source{};    // the .sql file it came from, for messages
  int line = 0;

  // "trigger touch on store.film".
  std::string describe() const;
  std::string_view kind() const { return "trigger"; }
  friend bool operator==(const Trigger& a, const Trigger& b);
};

// A name built by the naming convention that was too long for the database
// and was shortened (Dialect::normalize, core/naming.hpp shorten_name).
struct ShortenedName {
  std::string schema{};
  std::string table{};
  std::string declared{};   // the long name the convention built
  std::string shortened{};  // the name used instead
};

// Something a database holds that retort reads but cannot represent yet: a
// whole object (a view, a function, a trigger, a sequence of its own, a
// domain...) or a property of a table retort has no field for
// (partitioning, an exclusion constraint, a gin index, a generated
// column...). The inspector lists them; commands print each as a warning
// and `--strict` refuses to go on, so nothing is lost without a word.
struct Unmodelled {
  std::string kind{};    // object kind, as filters name it: "view", "trigger", "table"
  std::string schema{};  // "" for the default schema
  std::string name{};    // the object's name ("film_list", "payment_p2022_01", "f(integer)")
  std::string table{};   // the table it belongs to, for triggers and table properties
  std::string what{};    // "not managed", "partitioning not modelled (...)"
  // "view film_list not managed", "table payment: partitioning not modelled".
  std::string describe() const;
  friend bool operator==(const Unmodelled&, const Unmodelled&) = default;
};

// Sorts by kind, schema, table and name, for stable output.
void sort_unmodelled(std::vector<Unmodelled>& list);

class ModelRef;  // core/model/model.hpp

struct MetaData {
  MetaData() = default;
  // The schema of compiled models: MetaData metadata{teams, heroes};
  // (defined in core/model/metadata.cpp; finished, enums gathered).
  MetaData(std::initializer_list<ModelRef> models);
  // The same, with views declared as SQL text beside the models, so that a
  // program that is its own migration CLI keeps them:
  //   MetaData metadata{{teams, heroes}, {View{.name = "hero_names", .query = "SELECT ..."}}};
  MetaData(std::initializer_list<ModelRef> models, std::vector<View> declared_views);
  // The same with every kind of object declared beside the models:
  //   MetaData metadata{{teams, heroes}, {.sequences = {{.name = "invoice_no"}}}};
  struct Objects {
    std::vector<View> views{};
    std::vector<Schema> schemas{};
    std::vector<Extension> extensions{};
    std::vector<Sequence> sequences{};
    std::vector<Domain> domains{};
    std::vector<CompositeType> composite_types{};
    std::vector<Function> functions{};
    std::vector<Trigger> triggers{};
  };
  MetaData(std::initializer_list<ModelRef> models, Objects objects);

  std::vector<Table> tables{};
  std::vector<Enum> enums{};
  std::vector<View> views{};
  std::vector<Schema> schemas{};  // declared ones; see Schema
  std::vector<Extension> extensions{};
  std::vector<Sequence> sequences{};
  std::vector<Domain> domains{};
  std::vector<CompositeType> composite_types{};
  std::vector<Function> functions{};  // functions, procedures and aggregates
  std::vector<Trigger> triggers{};
  // Names the dialect shortened when normalising declared models, so that a
  // database holding an older spelling can be matched (core/names.hpp
  // adopt_stored_names). Not compared.
  std::vector<ShortenedName> shortened_names{};
  // What a reflected database holds that this schema does not carry
  // (Unmodelled), in the inspector's order. Not compared.
  std::vector<Unmodelled> unmodelled{};

  Table* find_table(std::string_view schema, std::string_view name);
  const Table* find_table(std::string_view schema, std::string_view name) const;
  const Enum* find_enum(std::string_view schema, std::string_view name) const;
  const View* find_view(std::string_view schema, std::string_view name) const;
  const Sequence* find_sequence(std::string_view schema, std::string_view name) const;
  const Domain* find_domain(std::string_view schema, std::string_view name) const;
  const CompositeType* find_composite_type(std::string_view schema, std::string_view name) const;
  const Extension* find_extension(std::string_view name) const;
  // By schema, name and identity arguments.
  const Function* find_function(std::string_view schema, std::string_view name,
                                std::string_view arguments) const;
  // By its table's schema and name, and its own name.
  const Trigger* find_trigger(std::string_view schema, std::string_view table,
                              std::string_view name) const;
  const Schema* find_schema(std::string_view name) const;
  // Every schema a table, enum, view or object of this schema lives in or
  // declares, each once, in name order ("" not among them).
  std::vector<std::string> used_schemas() const;
  // Adds an Enum for every enum-typed column that has none yet, and sorts
  // tables, enums, views and the other objects by (schema, name) so output
  // is stable.
  void finish();

  friend bool operator==(const MetaData&, const MetaData&);
};

}  // namespace retort
