#include "dialects/sqlite/sqlite_normalize.hpp"

#include <algorithm>
#include <set>

#include "core/internal/text.hpp"
#include "core/naming.hpp"
#include "dialects/sqlite/sql_tokenizer.hpp"
#include "dialects/sqlite/sqlite_types.hpp"

namespace retort::sqlite {
namespace {

using detail::trim;

std::string action(const std::string& declared) {
  std::string a = to_lower(trim(declared));
  return a == "no action" ? std::string() : a;
}

// Constraint properties SQLite does not have (docs/sqlite.md): it parses
// MATCH but ignores it, checks every constraint when it is made (no NOT
// VALID), has no table inheritance (NO INHERIT), no exclusion constraints,
// and no deferrable unique or primary keys. Deferrable foreign keys it has.
void clear_postgresql_constraint_properties(Table& table) {
  table.primary_key_deferrable = false;
  table.primary_key_initially_deferred = false;
  for (UniqueConstraint& u : table.uniques) u.deferrable = u.initially_deferred = false;
  for (ForeignKey& fk : table.foreign_keys) fk.match_full = fk.not_valid = false;
  for (CheckConstraint& check : table.checks) check.not_valid = check.no_inherit = false;
  table.exclusions.clear();
}

}  // namespace

MetaData normalize_schema(const MetaData& declared) {
  MetaData out = declared;
  std::set<std::string> used_enums;
  for (Table& table : out.tables) {
    table.schema.clear();  // one schema per SQLite file
    // The inspector names an unnamed primary key by the convention; so do we.
    if (table.primary_key_name.empty() && !table.primary_key().empty()) {
      table.primary_key_name = NamingConvention{}.primary_key_name(table.name);
    }
    for (Column& col : table.columns) {
      if (col.type.kind == TypeKind::kNative) {
        const bool marked = col.type.native_marked;
        col.type = type_from_declared(col.type.native);
        col.type.native_marked = marked;
      }
      if (col.type.kind == TypeKind::kEnum) {
        used_enums.insert(col.type.enum_name);
        for (const Enum& en : declared.enums) {
          if (en.name == col.type.enum_name) col.type.enum_values = en.values;
        }
      }
      if (col.primary_key) col.nullable = false;
      // Every single integer primary key is SQLite's rowid: it always autoincrements.
      col.autoincrement_off = false;
      col.default_ = normalized_default(normalize_default(col.default_), col.type);
    }
    for (Index& index : table.indexes) {
      index.where = canonical_expression(index.where);
      for (IndexKey& key : index.keys) key.expression = canonical_expression(key.expression);
    }
    for (ForeignKey& fk : table.foreign_keys) {
      fk.ref_schema.clear();
      fk.on_delete = action(fk.on_delete);
      fk.on_update = action(fk.on_update);
      if (!fk.deferrable) fk.initially_deferred = false;
    }
    for (CheckConstraint& check : table.checks) check.sql = canonical_expression(check.sql);
    clear_postgresql_constraint_properties(table);
    table.finish();
  }
  // A foreign key without referred columns points at the parent's primary key.
  for (Table& table : out.tables) {
    for (ForeignKey& fk : table.foreign_keys) {
      if (!fk.ref_columns.empty()) continue;
      for (const Table& parent : out.tables) {
        if (parent.name == fk.ref_table) fk.ref_columns = parent.primary_key();
      }
    }
  }
  // SQLite has no enum types: an enum exists only through the columns using it.
  std::vector<Enum> enums;
  for (Enum e : out.enums) {
    if (!used_enums.count(e.name)) continue;
    e.schema.clear();
    enums.push_back(std::move(e));
  }
  out.enums = std::move(enums);
  out.finish();
  return out;
}

}  // namespace retort::sqlite
