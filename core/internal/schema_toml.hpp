// retort internals: schema objects <-> TOML tables, shared by the models.toml
// reader/writer (core/models_toml.cpp) and the revision-file ops
// (core/internal/ops_toml.cpp), so a table or column has exactly one TOML form.
// Only the mapping lives here: reading entries and writing TOML text is
// core/internal/toml_entry.hpp, checking what was read is core/internal/schema_validate.hpp.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/internal/toml_entry.hpp"
#include "core/naming.hpp"
#include "core/schema.hpp"

namespace retort::detail {

class EntryReader;

// Column-level shorthands that make table-level objects.
struct ColumnShorthands {
  bool unique = false;
  bool index = false;
  std::string foreign_key;  // "table.col" or "schema.table.col"
  std::string on_delete;
  std::string on_update;
};

// Parses a column. `extras` non-null allows the table-context shorthand keys.
Result<Column> parse_column(const toml::table& entry, const std::string& source,
                            const std::string& table, ColumnShorthands* extras);
// The column's own keys (no shorthands), as an inline table.
toml::table column_toml(const Column& column);

// An entry's `sequence = { name, start, increment, min, max, cache, cycle }`
// (REQUIRES: r.has("sequence")), and its writer (keys left unset left out).
Result<SequenceOptions> read_sequence(const EntryReader& r, const std::string& source,
                                      const std::string& table);
toml::table sequence_toml(const SequenceOptions& options);
// The `default` or `default_sql` key of an entry (a column, a domain), as a
// default of `type`; `what` names the entry in the error for both keys
// ("a column").
Result<ColumnDefault> read_default(const EntryReader& r, std::string_view what, const Type& type);

// The keys start, increment, min, max, cache and cycle of an entry (a
// column's `sequence`, a [[sequence]]), checked; and their writer.
Status read_sequence_numbers(const EntryReader& r, SequenceOptions& out);
void put_sequence_numbers(toml::table& out, const SequenceOptions& options);

// Index / unique / foreign key / check entries, as in a table's
// `indexes`, `unique`, `foreign_keys`, `checks` arrays. An unnamed one is
// named by `naming` for `table`.
Result<Index> parse_index(const toml::table& entry, const std::string& source,
                          const std::string& table, const NamingConvention& naming);
Result<UniqueConstraint> parse_unique(const toml::table& entry, const std::string& source,
                                      const std::string& table, const NamingConvention& naming);
Result<ForeignKey> parse_foreign_key(const toml::table& entry, const std::string& source,
                                     const std::string& table, const NamingConvention& naming);
Result<CheckConstraint> parse_check(const toml::table& entry, const std::string& source,
                                    const std::string& table);
toml::table index_toml(const Index& index);
// True when `index` has a property beyond columns, order, unique and where
// (method, INCLUDE, NULLS NOT DISTINCT, storage, a key's nulls order,
// operator class or collation): the short forms (a column's `index = true`,
// codegen's table_index) cannot say it.
bool has_index_options(const Index& index);
toml::table unique_toml(const UniqueConstraint& unique);
toml::table foreign_key_toml(const ForeignKey& foreign_key);
toml::table check_toml(const CheckConstraint& check);
// An exclusion constraint, as in a table's `exclusions` array (PostgreSQL):
// { name, using, elements = [ { column | expression, op } ], include, where,
//   deferrable, initially_deferred }. The name is required.
Result<ExclusionConstraint> parse_exclusion(const toml::table& entry, const std::string& source,
                                            const std::string& table);
toml::table exclusion_toml(const ExclusionConstraint& exclusion);

// A table's properties (TableProperties) as keys of `entry`: `unlogged`,
// `storage = { name = value }`, `sqlite_autoincrement`,
// `sqlite_without_rowid`, `sqlite_strict`; keys at their default are left
// out. Models' tables and the alter_table op share the form.
Status read_table_properties(const EntryReader& r, TableProperties& properties);
void put_table_properties(toml::table& entry, const TableProperties& properties);

// A whole table. `name_key` is "name" in models.toml and "table" in ops;
// `ignored` keys (e.g. "op") are allowed and skipped. The result is finished
// (Table::finish) but not validated.
Result<Table> parse_table(const toml::table& entry, const std::string& source,
                          const NamingConvention& naming, std::string_view name_key,
                          std::initializer_list<std::string_view> ignored = {});
// The inverse of parse_table: shorthands where names follow `naming`.
// `enums` supplies values for enum columns whose Type carries none.
toml::table table_toml(const Table& table, const NamingConvention& naming,
                       const std::vector<Enum>& enums, std::string_view name_key);

}  // namespace retort::detail
