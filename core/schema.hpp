// retort: schema objects as values.
//
// MetaData is the whole declared or reflected schema: tables with their
// columns, indexes and constraints, plus enum types. A schema read from
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
  std::optional<Literal> value;
  std::optional<std::string> sql;

  bool empty() const { return !value && !sql; }
  std::string to_sql() const;  // "" when empty
  friend bool operator==(const ColumnDefault&, const ColumnDefault&) = default;
};

// The canonical form of a default: a `default_sql` that is a plain literal
// ("0", "'x'", "TRUE") becomes the literal, and literals are coerced to the
// column type (1 -> true for boolean, 1 -> 1.0 for float/real), so equivalent
// spellings compare equal. The models reader and every dialect use it.
ColumnDefault normalized_default(ColumnDefault value, const Type& type);

struct Column {
  std::string name;
  Type type;
  bool nullable = false;     // NOT NULL unless declared nullable
  bool primary_key = false;  // member of the table's primary key
  // True for a single-column integer/bigint primary key unless models.toml
  // says `autoincrement = false`. Derived, see Table::finish().
  bool autoincrement = false;
  // Set when models.toml says `autoincrement = false` (or a dialect reflects
  // an integer primary key that does not autoincrement): finish() then leaves
  // `autoincrement` off. Not compared; its effect is in `autoincrement`.
  bool autoincrement_off = false;
  ColumnDefault default_;
  std::string comment;
  // Declared intent, models only: the column's name in the database before a
  // rename (models.toml `renamed_from`, ColumnBuilder::renamed_from). compare()
  // turns it into a rename_column while the database still has that name;
  // then it is inert. Never reflected, never in an op, not compared.
  std::string renamed_from;
  // Source line in models.toml, for error messages; 0 when reflected.
  int line = 0;

  friend bool operator==(const Column&, const Column&);
};

enum class SortOrder { kAsc, kDesc };

// One key of an index: a column name, or an opaque SQL expression.
struct IndexKey {
  std::string column;      // empty when `expression` is set
  std::string expression;  // e.g. lower(name), kept as the database prints it
  SortOrder order = SortOrder::kAsc;
  friend bool operator==(const IndexKey&, const IndexKey&) = default;
};

struct Index {
  std::string name;
  std::vector<IndexKey> keys;
  bool unique = false;
  std::string where;  // partial index predicate, empty for none
  int line = 0;
  std::vector<std::string> column_names() const;  // keys that are columns
  friend bool operator==(const Index&, const Index&);
};

struct UniqueConstraint {
  std::string name;
  std::vector<std::string> columns;
  int line = 0;
  friend bool operator==(const UniqueConstraint&, const UniqueConstraint&);
};

// Referential actions are stored lower-case: "no action", "restrict",
// "cascade", "set null", "set default"; empty means "no action".
struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_schema;  // empty: the default schema
  std::string ref_table;
  std::vector<std::string> ref_columns;
  std::string on_delete;
  std::string on_update;
  bool deferrable = false;
  bool initially_deferred = false;
  int line = 0;
  friend bool operator==(const ForeignKey&, const ForeignKey&);
};

struct CheckConstraint {
  std::string name;
  std::string sql;  // the boolean expression, without CHECK ( )
  int line = 0;
  friend bool operator==(const CheckConstraint&, const CheckConstraint&);
};

struct Table {
  std::string schema;  // empty: the connection's default schema
  std::string name;
  std::vector<Column> columns;
  std::string primary_key_name;  // may be empty (SQLite does not keep it)
  std::vector<Index> indexes;
  std::vector<UniqueConstraint> uniques;
  std::vector<ForeignKey> foreign_keys;
  std::vector<CheckConstraint> checks;
  std::string comment;
  // Declared intent, as Column::renamed_from: the table's name (same schema)
  // before a rename.
  std::string renamed_from;
  int line = 0;
  // CREATE TRIGGER statements of the table's triggers, as the database keeps
  // them (SQLite fills it when inspecting): a table rebuild drops them with
  // the old table and re-runs these. Not compared, not declared in models.
  std::vector<std::string> triggers;

  // "schema.name" or "name".
  std::string qualified_name() const;
  std::vector<std::string> primary_key() const;  // primary key columns, in order
  Column* find_column(std::string_view column_name);
  const Column* find_column(std::string_view column_name) const;
  // Sets derived fields (autoincrement) and sorts nothing: column order is
  // the table's order, index/constraint order is by name for stable output.
  void finish();

  friend bool operator==(const Table&, const Table&);
};

struct Enum {
  std::string schema;
  std::string name;
  std::vector<std::string> values;
  int line = 0;  // source line, for error messages; not compared
  friend bool operator==(const Enum& a, const Enum& b) {
    return a.schema == b.schema && a.name == b.name && a.values == b.values;
  }
};

// A name built by the naming convention that was too long for the database
// and was shortened (Dialect::normalize, core/naming.hpp shorten_name).
struct ShortenedName {
  std::string schema;
  std::string table;
  std::string declared;   // the long name the convention built
  std::string shortened;  // the name used instead
};

// Something a database holds that retort reads but cannot represent yet: a
// whole object (a view, a function, a trigger, a sequence of its own, a
// domain...) or a property of a table retort has no field for
// (partitioning, an exclusion constraint, a gin index, a generated
// column...). The inspector lists them; commands print each as a warning
// and `--strict` refuses to go on, so nothing is lost without a word.
struct Unmodelled {
  std::string kind;    // object kind, as filters name it: "view", "trigger", "table"
  std::string schema;  // "" for the default schema
  std::string name;    // the object's name ("film_list", "payment_p2022_01", "f(integer)")
  std::string table;   // the table it belongs to, for triggers and table properties
  std::string what;    // "not managed", "partitioning not modelled (...)"
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

  std::vector<Table> tables;
  std::vector<Enum> enums;
  // Names the dialect shortened when normalising declared models, so that a
  // database holding an older spelling can be matched (core/names.hpp
  // adopt_stored_names). Not compared.
  std::vector<ShortenedName> shortened_names;
  // What a reflected database holds that this schema does not carry
  // (Unmodelled), in the inspector's order. Not compared.
  std::vector<Unmodelled> unmodelled;

  Table* find_table(std::string_view schema, std::string_view name);
  const Table* find_table(std::string_view schema, std::string_view name) const;
  const Enum* find_enum(std::string_view schema, std::string_view name) const;
  // Adds an Enum for every enum-typed column that has none yet, and sorts
  // tables and enums by (schema, name) so output is stable.
  void finish();

  friend bool operator==(const MetaData&, const MetaData&);
};

}  // namespace retort
