#include "dialects/sqlite/sqlite_normalize.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/internal/text.hpp"
#include "core/naming.hpp"
#include "dialects/sqlite/sql_tokenizer.hpp"
#include "dialects/sqlite/sqlite_trigger.hpp"
#include "dialects/sqlite/sqlite_types.hpp"
#include "dialects/sqlite/sqlite_view.hpp"

namespace retort::sqlite {
namespace {

using detail::trim;

std::string action(const std::string& declared) {
  std::string a = to_lower(trim(declared));
  return a == "no action" ? std::string() : a;
}

// SQLite's collation names are case-insensitive: upper case, without quotes.
std::string collation_name(std::string_view name) {
  std::string out;
  for (char c : trim(name)) {
    if (c != '"' && c != '\'' && c != '`' && c != '[' && c != ']') {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

// SQLite's built-in collations are spelt upper case whatever the SQL says
// (they match case-insensitively); BINARY is the default. Generated
// expressions take the canonical form checks have. PostgreSQL's table
// properties (UNLOGGED, storage parameters) are cleared.
void normalize_properties(Table& table) {
  for (Column& col : table.columns) {
    col.collation = canonical_collation(col.collation);
    if (!col.generated.empty()) col.generated.sql = canonical_expression(col.generated.sql);
  }
  table.properties.unlogged = false;
  table.properties.storage.clear();
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

// A key's collation is kept only when it is not its column's (BINARY unless
// the column says otherwise).
void normalize_index_options(Index& index, const Table& table) {
  index.method.clear();
  index.include.clear();
  index.nulls_not_distinct = false;
  index.storage.clear();
  for (IndexKey& key : index.keys) {
    key.nulls = NullsOrder::kDefault;
    key.opclass.clear();
    key.collation = collation_name(key.collation);
    if (key.collation.empty() || key.column.empty()) continue;
    const Column* c = table.find_column(key.column);
    std::string own = c == nullptr ? std::string() : collation_name(c->collation);
    if (own.empty()) own = "BINARY";
    if (key.collation == own) key.collation.clear();
  }
}

std::string canonical_collation(std::string_view collation) {
  std::string name = collation_name(collation);
  return name == "BINARY" ? std::string() : name;
}

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
      col.type = stored_type(col.type);  // an array is JSON here
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
      // Identity and serial sequences are PostgreSQL's: SQLite's rowid key
      // autoincrements by itself, and it has no sequences.
      col.identity.clear();
      col.serial = false;
      col.sequence = SequenceOptions{};
      col.default_ = normalized_default(normalize_default(col.default_), col.type);
    }
    for (Index& index : table.indexes) {
      index.where = canonical_expression(index.where);
      for (IndexKey& key : index.keys) key.expression = canonical_expression(key.expression);
      normalize_index_options(index, table);
    }
    // SQLite has no NULLS NOT DISTINCT: NULLs are always distinct.
    for (UniqueConstraint& u : table.uniques) u.nulls_not_distinct = false;
    for (ForeignKey& fk : table.foreign_keys) {
      fk.ref_schema.clear();
      fk.on_delete = action(fk.on_delete);
      fk.on_update = action(fk.on_update);
      if (!fk.deferrable) fk.initially_deferred = false;
    }
    for (CheckConstraint& check : table.checks) check.sql = canonical_expression(check.sql);
    normalize_properties(table);
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
  for (View& v : out.views) normalize_view(v, out);
  for (Trigger& t : out.triggers) normalize_trigger(t);
  out.finish();
  return out;
}

}  // namespace retort::sqlite
