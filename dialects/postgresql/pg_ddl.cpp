#include "dialects/postgresql/pg_ddl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/internal/text.hpp"
#include "dialects/postgresql/pg_ddl_object.hpp"
#include "dialects/postgresql/pg_ddl_sequence.hpp"
#include "dialects/postgresql/pg_normalize.hpp"
#include "dialects/postgresql/pg_sql.hpp"

namespace retort::postgresql {
namespace {

using Statements = std::vector<Statement>;

// False for every op kind: compile_op's static_assert fires for one that
// reaches the end of its chain without a rendering.
template <class T>
inline constexpr bool kNoRendering = false;

std::string join_idents(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += quote_ident(n);
  }
  return out;
}

using detail::upper;

// COLLATE "x" for a column's collation; "" for the type's default.
std::string collate_sql(const std::string& collation) {
  return collation.empty() ? std::string() : " COLLATE " + quote_ident(collation);
}

// GENERATED ALWAYS AS (expr) STORED; PostgreSQL 15 has no VIRTUAL (normalize
// makes every generated column stored).
std::string generated_sql(const Generated& g) {
  return g.empty() ? std::string() : " GENERATED ALWAYS AS (" + g.sql + ") STORED";
}

std::string column_sql(const Column& c, std::string_view schema) {
  std::string out = quote_ident(c.name) + " " + type_sql(c.type, schema);
  out += collate_sql(c.collation);
  out += generated_sql(c.generated);
  const std::string identity = identity_clause(c);
  out += identity;
  if (!c.nullable) out += " NOT NULL";
  if (identity.empty() && !c.default_.empty()) out += " DEFAULT " + c.default_.to_sql();
  return out;
}

// " DEFERRABLE [INITIALLY DEFERRED]", or "" for a constraint checked at once.
std::string deferrable_sql(bool deferrable, bool initially_deferred) {
  if (!deferrable) return {};
  return initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string foreign_key_sql(const ForeignKey& fk) {
  std::string out =
      fmt::format("CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})", quote_ident(fk.name),
                  join_idents(fk.columns), qualified_name(fk.ref_schema, fk.ref_table),
                  join_idents(fk.ref_columns));
  if (fk.match_full) out += " MATCH FULL";
  if (!fk.on_delete.empty() && fk.on_delete != "no action") {
    out += " ON DELETE " + upper(fk.on_delete);
  }
  if (!fk.on_update.empty() && fk.on_update != "no action") {
    out += " ON UPDATE " + upper(fk.on_update);
  }
  if (fk.deferrable) {
    out += fk.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
  }
  return out;
}

std::string unique_sql(const UniqueConstraint& u) {
  return fmt::format("CONSTRAINT {} UNIQUE {}({})", quote_ident(u.name),
                     u.nulls_not_distinct ? "NULLS NOT DISTINCT " : "", join_idents(u.columns)) +
         deferrable_sql(u.deferrable, u.initially_deferred);
}

std::string check_sql(const CheckConstraint& c) {
  return fmt::format("CONSTRAINT {} CHECK ({})", quote_ident(c.name), c.sql) +
         (c.no_inherit ? " NO INHERIT" : "");
}

std::string exclusion_sql(const ExclusionConstraint& x) {
  std::string elements;
  for (const auto& e : x.elements) {
    if (!elements.empty()) elements += ", ";
    elements += e.key.column.empty() ? "(" + e.key.expression + ")" : quote_ident(e.key.column);
    if (e.key.order == SortOrder::kDesc) elements += " DESC";
    elements += " WITH " + e.op;
  }
  std::string out =
      fmt::format("CONSTRAINT {} EXCLUDE USING {} ({})", quote_ident(x.name), x.method, elements);
  if (!x.include.empty()) out += " INCLUDE (" + join_idents(x.include) + ")";
  if (!x.where.empty()) out += " WHERE (" + x.where + ")";
  return out + deferrable_sql(x.deferrable, x.initially_deferred);
}

std::string primary_key_name(const std::string& declared, const std::string& table) {
  return declared.empty() ? table + "_pkey" : declared;
}

// A collation or operator class name as the models give it ("C",
// "myschema.my_ops"), each part quoted.
std::string catalog_name_sql(const std::string& name) {
  std::string out;
  for (const std::string& part : split_catalog_name(name)) {
    if (!out.empty()) out += '.';
    out += quote_ident(part);
  }
  return out;
}

// A storage parameter's value: numbers and booleans bare, others quoted.
std::string storage_value_sql(const std::string& value) {
  const bool number = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
  });
  if (number || value == "true" || value == "false") return value;
  return quote_literal(value);
}

// column [COLLATE c] [opclass] [DESC] [NULLS FIRST|LAST]
std::string index_key_sql(const IndexKey& k) {
  std::string out = k.column.empty() ? "(" + k.expression + ")" : quote_ident(k.column);
  if (!k.collation.empty()) out += " COLLATE " + catalog_name_sql(k.collation);
  if (!k.opclass.empty()) out += " " + catalog_name_sql(k.opclass);
  if (k.order == SortOrder::kDesc) out += " DESC";
  if (k.nulls != NullsOrder::kDefault) {
    out += k.nulls == NullsOrder::kFirst ? " NULLS FIRST" : " NULLS LAST";
  }
  return out;
}

std::string index_sql(std::string_view schema, std::string_view table, const Index& index) {
  std::string keys;
  for (const auto& k : index.keys) {
    if (!keys.empty()) keys += ", ";
    keys += index_key_sql(k);
  }
  std::string out = fmt::format("CREATE {}INDEX {} ON {} {}({})", index.unique ? "UNIQUE " : "",
                                quote_ident(index.name), qualified_name(schema, table),
                                index.method.empty() ? "" : "USING " + index.method + " ", keys);
  if (!index.include.empty()) out += " INCLUDE (" + join_idents(index.include) + ")";
  if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
  if (!index.storage.empty()) {
    std::string params;
    for (const std::string& item : index.storage) {
      const auto eq = item.find('=');
      if (!params.empty()) params += ", ";
      params += item.substr(0, eq) + " = " +
                storage_value_sql(eq == std::string::npos ? "" : item.substr(eq + 1));
    }
    out += " WITH (" + params + ")";
  }
  if (!index.where.empty()) out += " WHERE " + index.where;
  return out;
}

std::string comment_literal(const std::string& comment) {
  return comment.empty() ? "NULL" : quote_literal(comment);
}

Statement table_comment(std::string_view schema, std::string_view table, const std::string& c) {
  return {
      fmt::format("COMMENT ON TABLE {} IS {}", qualified_name(schema, table), comment_literal(c))};
}

Statement column_comment(std::string_view schema, std::string_view table, std::string_view column,
                         const std::string& c) {
  return {fmt::format("COMMENT ON COLUMN {}.{} IS {}", qualified_name(schema, table),
                      quote_ident(column), comment_literal(c))};
}

std::string alter_table(std::string_view schema, std::string_view table) {
  return "ALTER TABLE " + qualified_name(schema, table) + " ";
}

// "fillfactor = 70, autovacuum_enabled = false" from "name=value" items.
std::string storage_list_sql(const std::vector<std::string>& storage) {
  std::string out;
  for (const auto& item : storage) {
    const auto eq = item.find('=');
    if (!out.empty()) out += ", ";
    out += item.substr(0, eq) + " = " + storage_value_sql(item.substr(eq + 1));
  }
  return out;
}

// " WITH (...)" after CREATE TABLE's column list; "" for none.
std::string storage_clause(const TableProperties& p) {
  return p.storage.empty() ? std::string() : " WITH (" + storage_list_sql(p.storage) + ")";
}

// SET LOGGED/UNLOGGED, SET (...) for new or changed parameters, RESET (...)
// for parameters no longer set.
Statements alter_table_properties(const AlterTable& op) {
  Statements out;
  const std::string prefix = alter_table(op.schema, op.table);
  if (op.properties.unlogged != op.existing.unlogged) {
    out.push_back({prefix + (op.properties.unlogged ? "SET UNLOGGED" : "SET LOGGED")});
  }
  auto names = [](const std::vector<std::string>& items) {
    std::set<std::string> out;
    for (const auto& i : items) out.insert(i.substr(0, i.find('=')));
    return out;
  };
  const std::set<std::string> now = names(op.properties.storage);
  std::string reset;
  for (const auto& name : names(op.existing.storage)) {
    if (now.contains(name)) continue;
    reset += (reset.empty() ? "" : ", ") + name;
  }
  if (!reset.empty()) out.push_back({prefix + "RESET (" + reset + ")"});
  std::vector<std::string> set;
  for (const auto& item : op.properties.storage) {
    if (std::find(op.existing.storage.begin(), op.existing.storage.end(), item) ==
        op.existing.storage.end()) {
      set.push_back(item);
    }
  }
  if (!set.empty()) out.push_back({prefix + "SET (" + storage_list_sql(set) + ")"});
  return out;
}

// alter_column's collation and generation. A collation is changed with the
// column's type (TYPE t COLLATE "x"). A generation is dropped in place (the
// column keeps its values); adding one or changing its expression is not
// something PostgreSQL 15 can do (Dialect::refuse_in_place says how by hand).
Result<Statements> alter_column_properties(const AlterColumn& op, const Column* existing) {
  Statements out;
  const std::string prefix =
      alter_table(op.schema, op.table) + "ALTER COLUMN " + quote_ident(op.column) + " ";
  if (op.collation && !op.type) {
    if (existing == nullptr) {
      return Error::bad_input(
          fmt::format("alter_column {}.{}: changing the collation needs the "
                      "column's type (`existing`)",
                      op.table, op.column));
    }
    const std::string type = type_sql(existing->type, op.schema);
    out.push_back({fmt::format(
        "{}TYPE {}{}", prefix, type,
        op.collation->empty() ? std::string(" COLLATE \"default\"") : collate_sql(*op.collation))});
  }
  if (op.generated) {
    if (!op.generated->empty()) return generation_refused(op);
    if (existing == nullptr || !existing->generated.empty()) {
      out.push_back({prefix + "DROP EXPRESSION"});
    }
  }
  return out;
}

// ALTER TABLE ... ADD of a check or foreign key; NOT VALID when declared so
// (the rows already there are not checked).
template <class C>
std::string add_constraint_sql(std::string_view schema, std::string_view table, const C& c,
                               const std::string& body) {
  return alter_table(schema, table) + "ADD " + body + (c.not_valid ? " NOT VALID" : "");
}

// Tables in a named schema create it first: a models.toml that names a
// schema should not need a hand-written CREATE SCHEMA.
void ensure_schema(std::string_view schema, Statements& out) {
  if (!schema.empty()) out.push_back({"CREATE SCHEMA IF NOT EXISTS " + quote_ident(schema)});
}

// A partition: its columns, primary key and the parent's indexes and
// constraints come from the parent; only its own are added here.
Statements create_partition(const Table& t) {
  Statements out;
  ensure_schema(t.schema, out);
  std::string sql =
      fmt::format("CREATE TABLE {} PARTITION OF {} {}", qualified_name(t.schema, t.name),
                  qualified_name(t.partition_of_schema, t.partition_of), t.partition_bound);
  if (!t.partition_by.empty()) sql += " PARTITION BY " + t.partition_by;
  out.push_back({sql});
  for (const auto& u : t.uniques)
    out.push_back({alter_table(t.schema, t.name) + "ADD " + unique_sql(u)});
  for (const auto& fk : t.foreign_keys)
    out.push_back({alter_table(t.schema, t.name) + "ADD " + foreign_key_sql(fk)});
  for (const auto& ck : t.checks)
    out.push_back({alter_table(t.schema, t.name) + "ADD " + check_sql(ck)});
  for (const auto& i : t.indexes) out.push_back({index_sql(t.schema, t.name, i)});
  if (!t.comment.empty()) out.push_back(table_comment(t.schema, t.name, t.comment));
  return out;
}

// DROP TABLE of a partition whose parent an earlier op dropped (with its
// partitions): nothing is left to drop.
Statements drop_table(const Table& t, const MetaData& before) {
  if (!t.partition_of.empty() && before.find_table(t.schema, t.name) == nullptr &&
      before.find_table(t.partition_of_schema, t.partition_of) == nullptr) {
    return {};
  }
  return Statements{{"DROP TABLE " + qualified_name(t.schema, t.name)}};
}

Statements create_table(const Table& t) {
  if (!t.partition_of.empty()) return create_partition(t);
  Statements out;
  ensure_schema(t.schema, out);
  std::vector<std::string> parts;
  for (const auto& c : t.columns) {
    for (Statement& s : serial_before(c, t.schema, t.name, t.properties.unlogged))
      out.push_back(std::move(s));
    parts.push_back(column_sql(with_serial_default(c, t.schema, t.name), t.schema));
  }
  if (auto pk = t.primary_key(); !pk.empty()) {
    parts.push_back(fmt::format("CONSTRAINT {} PRIMARY KEY ({})",
                                quote_ident(primary_key_name(t.primary_key_name, t.name)),
                                join_idents(pk)) +
                    deferrable_sql(t.primary_key_deferrable, t.primary_key_initially_deferred));
  }
  // CREATE TABLE keeps one of several keys on the same column list and drops
  // the others without a word; such a unique constraint is added afterwards.
  std::vector<std::vector<std::string>> keys{t.primary_key()};
  std::vector<const UniqueConstraint*> added_later;
  for (const auto& u : t.uniques) {
    if (std::find(keys.begin(), keys.end(), u.columns) != keys.end()) {
      added_later.push_back(&u);
      continue;
    }
    keys.push_back(u.columns);
    parts.push_back(unique_sql(u));
  }
  // CREATE TABLE makes every constraint valid: a NOT VALID one is added
  // afterwards, by ALTER TABLE ... NOT VALID.
  for (const auto& fk : t.foreign_keys) {
    if (!fk.not_valid) parts.push_back(foreign_key_sql(fk));
  }
  for (const auto& ck : t.checks) {
    if (!ck.not_valid) parts.push_back(check_sql(ck));
  }
  for (const auto& x : t.exclusions) parts.push_back(exclusion_sql(x));
  std::string sql =
      std::string(t.properties.unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ") +
      qualified_name(t.schema, t.name) + " (\n";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    sql += "  " + parts[i] + (i + 1 < parts.size() ? ",\n" : "\n");
  }
  sql += ")";
  if (!t.partition_by.empty()) sql += " PARTITION BY " + t.partition_by;
  sql += storage_clause(t.properties);
  out.push_back({sql});
  for (const UniqueConstraint* u : added_later)
    out.push_back({alter_table(t.schema, t.name) + "ADD " + unique_sql(*u)});
  for (const auto& fk : t.foreign_keys) {
    if (fk.not_valid)
      out.push_back({add_constraint_sql(t.schema, t.name, fk, foreign_key_sql(fk))});
  }
  for (const auto& ck : t.checks) {
    if (ck.not_valid) out.push_back({add_constraint_sql(t.schema, t.name, ck, check_sql(ck))});
  }
  for (const auto& c : t.columns) {
    for (Statement& s : serial_after(c, t.schema, t.name)) out.push_back(std::move(s));
  }
  for (const auto& i : t.indexes) out.push_back({index_sql(t.schema, t.name, i)});
  if (!t.comment.empty()) out.push_back(table_comment(t.schema, t.name, t.comment));
  for (const auto& c : t.columns) {
    if (!c.comment.empty()) out.push_back(column_comment(t.schema, t.name, c.name, c.comment));
  }
  return out;
}

Statements alter_column(const AlterColumn& op, const MetaData& before) {
  Statements out;
  const std::string prefix =
      alter_table(op.schema, op.table) + "ALTER COLUMN " + quote_ident(op.column) + " ";
  const Column* existing = op.existing ? &*op.existing : nullptr;
  const Table* table = before.find_table(op.schema, op.table);
  if (existing == nullptr && table != nullptr) existing = table->find_column(op.column);
  const bool had_default = existing != nullptr && !existing->default_.empty();
  if (existing != nullptr) {
    for (Statement& s : alter_sequence_before(op, *existing, prefix)) out.push_back(std::move(s));
  }
  if (op.type) {
    // The old default may not cast to the new type: drop it, change the type,
    // then set the default the column ends up with.
    if (had_default) out.push_back({prefix + "DROP DEFAULT"});
    const std::string type = type_sql(*op.type, op.schema);
    const std::string via = op.type->kind == TypeKind::kEnum ||
                                    (existing != nullptr && existing->type.kind == TypeKind::kEnum)
                                ? "::text::"
                                : "::";
    const std::string using_sql = op.using_ ? *op.using_ : quote_ident(op.column) + via + type;
    const std::string collation =
        op.collation ? (op.collation->empty() ? std::string(" COLLATE \"default\"")
                                              : collate_sql(*op.collation))
                     : collate_sql(existing != nullptr ? existing->collation : std::string());
    out.push_back({fmt::format("{}TYPE {}{} USING {}", prefix, type, collation, using_sql)});
    if (!op.default_ && had_default) {
      out.push_back({prefix + "SET DEFAULT " + existing->default_.to_sql()});
    }
  }
  if (op.nullable) out.push_back({prefix + (*op.nullable ? "DROP NOT NULL" : "SET NOT NULL")});
  if (op.default_) {
    if (op.default_->empty()) {
      if (!op.type || !had_default) out.push_back({prefix + "DROP DEFAULT"});
    } else {
      out.push_back({prefix + "SET DEFAULT " + op.default_->to_sql()});
    }
  }
  if (existing != nullptr) {
    const bool unlogged = table != nullptr && table->properties.unlogged;
    for (Statement& s : alter_sequence_after(op, *existing, prefix, unlogged))
      out.push_back(std::move(s));
  }
  if (op.comment) out.push_back(column_comment(op.schema, op.table, op.column, *op.comment));
  return out;
}

Result<Statements> alter_column_all(const AlterColumn& op, const MetaData& before) {
  const Column* existing = op.existing ? &*op.existing : nullptr;
  if (existing == nullptr) {
    if (const Table* t = before.find_table(op.schema, op.table))
      existing = t->find_column(op.column);
  }
  auto more = alter_column_properties(op, existing);
  if (!more) return more.error();
  Statements out = alter_column(op, before);
  out.insert(out.end(), more->begin(), more->end());
  return out;
}

Result<Statements> alter_primary_key(const AlterPrimaryKey& op, const MetaData& before) {
  Statements out;
  const std::string prefix = alter_table(op.schema, op.table);
  std::string old_name = op.table + "_pkey";
  if (const Table* t = before.find_table(op.schema, op.table); t && !t->primary_key_name.empty()) {
    old_name = t->primary_key_name;
  }
  // The same key under another name is renamed in place: its index and the
  // foreign keys that use it stay.
  if (!op.existing.empty() && op.columns == op.existing &&
      op.deferrable == op.existing_deferrable &&
      op.initially_deferred == op.existing_initially_deferred) {
    const std::string new_name = primary_key_name(op.name, op.table);
    if (new_name != old_name) {
      out.push_back(
          {prefix + "RENAME CONSTRAINT " + quote_ident(old_name) + " TO " + quote_ident(new_name)});
    }
    return out;
  }
  // The table on each side, for the identity that follows the key.
  Table table_before;
  if (const Table* t = before.find_table(op.schema, op.table)) table_before = *t;
  Table table_after = table_before;
  for (Column& c : table_after.columns) {
    c.primary_key = std::find(op.columns.begin(), op.columns.end(), c.name) != op.columns.end();
  }
  table_after.primary_key_order = op.columns;
  table_after.finish();
  for (Statement& s : key_identity_before(table_before, table_after)) out.push_back(std::move(s));
  if (!op.existing.empty()) out.push_back({prefix + "DROP CONSTRAINT " + quote_ident(old_name)});
  if (!op.columns.empty()) {
    out.push_back(
        {fmt::format("{}ADD CONSTRAINT {} PRIMARY KEY ({})", prefix,
                     quote_ident(primary_key_name(op.name, op.table)), join_idents(op.columns)) +
         deferrable_sql(op.deferrable, op.initially_deferred)});
  }
  for (Statement& s : key_identity_after(table_before, table_after)) out.push_back(std::move(s));
  return out;
}

std::string enum_values_sql(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += quote_literal(v);
  }
  return out;
}

// Adding values keeps the order with BEFORE/AFTER. A value added in a
// transaction cannot be used until commit, so ADD VALUE IF NOT EXISTS is
// marked commit_first: the runner commits it before the rest of the revision,
// and IF NOT EXISTS makes running it again harmless. Anything else (removing
// or reordering values) recreates the
// type and converts every column that uses it, through text.
Result<Statements> alter_enum(const AlterEnum& op, const MetaData& before) {
  Statements out;
  const std::string type = qualified_name(op.schema, op.name);
  const std::set<std::string> old_values(op.existing.begin(), op.existing.end());
  std::vector<std::string> kept;
  for (const auto& v : op.values) {
    if (old_values.contains(v)) kept.push_back(v);
  }
  if (kept == op.existing) {
    for (std::size_t i = 0; i < op.values.size(); ++i) {
      const std::string& v = op.values[i];
      if (old_values.contains(v)) continue;
      std::string where;
      for (std::size_t j = i + 1; j < op.values.size(); ++j) {
        if (old_values.contains(op.values[j])) {
          where = " BEFORE " + quote_literal(op.values[j]);
          break;
        }
      }
      out.push_back(
          {fmt::format("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}{}", type, quote_literal(v), where),
           true, true});
    }
    return out;
  }
  const std::string old_name = op.name + "__retort_old";
  out.push_back({fmt::format("ALTER TYPE {} RENAME TO {}", type, quote_ident(old_name))});
  out.push_back({fmt::format("CREATE TYPE {} AS ENUM ({})", type, enum_values_sql(op.values))});
  // An array of the enum names it as its item type: qualified (app.mood[],
  // app."Mood"[]), or bare (mood[]) when the enum is in the default
  // schema; in the canonical spelling or as written.
  std::set<std::string> arrays = {type + "[]"};
  if (auto canonical = canonical_type(type + "[]")) arrays.insert(*canonical);
  if (op.schema.empty()) {
    arrays.insert({op.name + "[]", quote_ident(op.name) + "[]"});
  } else {
    arrays.insert(op.schema + "." + op.name + "[]");
  }
  for (const auto& t : before.tables) {
    for (const auto& c : t.columns) {
      const bool scalar =
          t.schema == op.schema && c.type.kind == TypeKind::kEnum && c.type.enum_name == op.name;
      const bool array = c.type.kind == TypeKind::kNative &&
                         arrays.contains(std::string(detail::trim_view(c.type.native)));
      if (!scalar && !array) continue;
      const std::string prefix =
          alter_table(t.schema, t.name) + "ALTER COLUMN " + quote_ident(c.name) + " ";
      const std::string to = array ? type + "[]" : type;
      if (!c.default_.empty()) out.push_back({prefix + "DROP DEFAULT"});
      out.push_back({fmt::format("{}TYPE {} USING {}::{}::{}", prefix, to, quote_ident(c.name),
                                 array ? "text[]" : "text", to)});
      if (!c.default_.empty()) out.push_back({prefix + "SET DEFAULT " + c.default_.to_sql()});
    }
  }
  out.push_back({"DROP TYPE " + qualified_name(op.schema, old_name)});
  return out;
}

Statements bulk_insert(const BulkInsert& op) {
  Statements out;
  if (op.rows.empty()) return out;
  std::set<std::string> names;
  for (const auto& row : op.rows) {
    for (const auto& [k, v] : row) names.insert(k);
  }
  const std::vector<std::string> columns(names.begin(), names.end());
  std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ", qualified_name(op.schema, op.table),
                                join_idents(columns));
  for (std::size_t r = 0; r < op.rows.size(); ++r) {
    sql += r == 0 ? "(" : ", (";
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) sql += ", ";
      auto it = op.rows[r].find(columns[c]);
      sql += it == op.rows[r].end() ? "DEFAULT" : literal_sql(it->second);
    }
    sql += ")";
  }
  out.push_back({sql});
  return out;
}

// The first `limit` keywords of `sql`, upper-cased, skipping whitespace,
// -- and /* */ comments and parenthesised option lists; stops at the first
// other token (a string literal, an operator).
std::vector<std::string> leading_words(std::string_view sql, std::size_t limit) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < sql.size() && words.size() < limit) {
    const char c = sql[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      while (i < sql.size() && sql[i] != '\n') ++i;
    } else if (sql.substr(i, 2) == "/*") {
      int depth = 0;  // PostgreSQL block comments nest
      while (i < sql.size()) {
        if (sql.substr(i, 2) == "/*") {
          ++depth;
          i += 2;
        } else if (sql.substr(i, 2) == "*/") {
          i += 2;
          if (--depth == 0) break;
        } else {
          ++i;
        }
      }
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::string word;
      while (i < sql.size() &&
             (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) {
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
        ++i;
      }
      words.push_back(std::move(word));
    } else if (c == '(' && !words.empty()) {
      // An option list, as in REINDEX (VERBOSE) TABLE ...
      while (i < sql.size() && sql[i] != ')') ++i;
      ++i;
    } else {
      break;
    }
  }
  return words;
}

// The foreign keys of `before` that reference `columns` (in any order) of
// schema.table, as "fk_x on ledger".
std::vector<std::string> referencing_keys(const MetaData& before, const std::string& schema,
                                          const std::string& table,
                                          std::vector<std::string> columns) {
  std::sort(columns.begin(), columns.end());
  std::vector<std::string> out;
  for (const Table& t : before.tables) {
    for (const ForeignKey& fk : t.foreign_keys) {
      std::vector<std::string> ref = fk.ref_columns;
      std::sort(ref.begin(), ref.end());
      if (fk.ref_schema == schema && fk.ref_table == table && ref == columns) {
        out.push_back(fk.name + " on " + t.qualified_name());
      }
    }
  }
  return out;
}

Status refuse_deferrable_key(const std::string& change, const std::vector<std::string>& users) {
  if (users.empty()) return {};
  std::string list;
  for (const auto& u : users) list += (list.empty() ? "" : ", ") + u;
  return Error::bad_input(
      fmt::format("cannot {}: PostgreSQL does not let a foreign key reference a deferrable key, "
                  "and {} references it",
                  change, list),
      "drop those foreign keys (or point them at another, non-deferrable key) in an earlier "
      "revision, then make the key deferrable; or leave it not deferrable");
}

}  // namespace

Error generation_refused(const AlterColumn& op) {
  const std::string column = qualified_name(op.schema, op.table) + "." + quote_ident(op.column);
  const bool was_generated = op.existing && !op.existing->generated.empty();
  const std::string change =
      was_generated ? fmt::format("changing the expression of generated column {} to ({})", column,
                                  op.generated->sql)
                    : fmt::format("making column {} generated as ({})", column, op.generated->sql);
  return Error::bad_input(
             fmt::format("{} cannot be done in place: PostgreSQL 15 can only drop a column's "
                         "generation (ALTER COLUMN ... DROP EXPRESSION), not add or change one",
                         change),
             fmt::format("by hand, in a revision: add a new column GENERATED ALWAYS AS ({}) "
                         "STORED, drop {}, and rename the new column to {} (add_column, "
                         "drop_column, rename_column); or create a new table and copy the rows "
                         "in an `execute` op",
                         op.generated->sql, quote_ident(op.column), quote_ident(op.column)))
      .on(op.table, op.column);
}

Status refuse_constraint_change(const Op& op, const MetaData& before) {
  if (const auto* pk = std::get_if<AlterPrimaryKey>(&op); pk && pk->deferrable) {
    return refuse_deferrable_key(
        fmt::format("make the primary key of {} deferrable", qualified_name(pk->schema, pk->table)),
        referencing_keys(before, pk->schema, pk->table, pk->columns));
  }
  if (const auto* u = std::get_if<AddUnique>(&op); u && u->unique.deferrable) {
    return refuse_deferrable_key(fmt::format("add deferrable unique constraint {} on {}",
                                             u->unique.name, qualified_name(u->schema, u->table)),
                                 referencing_keys(before, u->schema, u->table, u->unique.columns));
  }
  return {};
}

bool needs_autocommit(std::string_view sql) {
  const std::vector<std::string> w = leading_words(sql, 5);
  auto at = [&](std::size_t i) -> std::string_view {
    return i < w.size() ? std::string_view(w[i]) : std::string_view();
  };
  if (at(0) == "VACUUM") return true;
  if (at(0) == "ALTER" && at(1) == "SYSTEM") return true;
  if (at(0) == "CREATE" || at(0) == "DROP") {
    if (at(1) == "DATABASE" || at(1) == "TABLESPACE") return true;
    if (at(1) == "INDEX") return at(2) == "CONCURRENTLY";
    if (at(0) == "CREATE" && at(1) == "UNIQUE" && at(2) == "INDEX") return at(3) == "CONCURRENTLY";
  }
  // REINDEX [ ( options ) ] { INDEX | TABLE | SCHEMA | DATABASE | SYSTEM } CONCURRENTLY
  if (at(0) == "REINDEX") {
    return std::find(w.begin(), w.end(), "CONCURRENTLY") != w.end() || at(1) == "DATABASE" ||
           at(1) == "SYSTEM";
  }
  return false;
}

std::string type_sql(const Type& type, std::string_view schema) {
  switch (type.kind) {
    case TypeKind::kInteger:
      return "integer";
    case TypeKind::kBigint:
      return "bigint";
    case TypeKind::kSmallint:
      return "smallint";
    case TypeKind::kBoolean:
      return "boolean";
    case TypeKind::kFloat:
      return "double precision";
    case TypeKind::kReal:
      return "real";
    case TypeKind::kNumeric:
      if (type.precision == 0) return "numeric";
      return fmt::format("numeric({},{})", type.precision, type.scale);
    case TypeKind::kVarchar:
      return type.length == 0 ? "varchar" : fmt::format("varchar({})", type.length);
    case TypeKind::kChar:
      return fmt::format("char({})", type.length == 0 ? 1 : type.length);
    case TypeKind::kText:
      return "text";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kTime:
      return "time";
    case TypeKind::kTimestamp:
      return "timestamp";
    case TypeKind::kTimestamptz:
      return "timestamptz";
    case TypeKind::kUuid:
      return "uuid";
    case TypeKind::kJson:
      return "jsonb";
    case TypeKind::kBlob:
      return "bytea";
    case TypeKind::kEnum:
      return qualified_name(schema, type.enum_name);
    case TypeKind::kNative:
      return type.native;
  }
  return "text";
}

// CREATE [MATERIALIZED] VIEW with the query as written, its comment and
// (materialized) its indexes.
Statements create_view(const View& v) {
  Statements out;
  ensure_schema(v.schema, out);
  const std::string name = qualified_name(v.schema, v.name);
  const char* kind = v.materialized ? "MATERIALIZED VIEW" : "VIEW";
  out.push_back({fmt::format("CREATE {} {} AS\n{}{}", kind, name, v.query,
                             v.materialized && !v.with_data ? "\nWITH NO DATA" : "")});
  if (!v.comment.empty()) {
    out.push_back({fmt::format("COMMENT ON {} {} IS {}", kind, name, quote_literal(v.comment))});
  }
  for (const Index& i : v.indexes) out.push_back({index_sql(v.schema, v.name, i)});
  return out;
}

Result<std::vector<Statement>> compile_op(const Op& op, const MetaData& before) {
  return std::visit(
      [&](const auto& o) -> Result<Statements> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, CreateTable>) {
          return create_table(o.table);
        } else if constexpr (std::is_same_v<T, DropTable>) {
          return drop_table(o.table, before);
        } else if constexpr (std::is_same_v<T, RenameTable>) {
          Statements out{{alter_table(o.schema, o.table) + "RENAME TO " + quote_ident(o.new_name)}};
          if (const Table* t = before.find_table(o.schema, o.table)) {
            for (Statement& s : serial_renames(*t, o.new_name, "", "")) out.push_back(std::move(s));
          }
          return out;
        } else if constexpr (std::is_same_v<T, AddColumn>) {
          const Table* table = before.find_table(o.schema, o.table);
          Statements out = serial_before(o.column, o.schema, o.table,
                                         table != nullptr && table->properties.unlogged);
          out.push_back({alter_table(o.schema, o.table) + "ADD COLUMN " +
                         column_sql(with_serial_default(o.column, o.schema, o.table), o.schema)});
          for (Statement& s : serial_after(o.column, o.schema, o.table))
            out.push_back(std::move(s));
          if (!o.column.comment.empty()) {
            out.push_back(column_comment(o.schema, o.table, o.column.name, o.column.comment));
          }
          return out;
        } else if constexpr (std::is_same_v<T, DropColumn>) {
          return Statements{
              {alter_table(o.schema, o.table) + "DROP COLUMN " + quote_ident(o.column)}};
        } else if constexpr (std::is_same_v<T, AlterColumn>) {
          return alter_column_all(o, before);
        } else if constexpr (std::is_same_v<T, RenameColumn>) {
          Statements out{{alter_table(o.schema, o.table) + "RENAME COLUMN " +
                          quote_ident(o.column) + " TO " + quote_ident(o.new_name)}};
          if (const Table* t = before.find_table(o.schema, o.table)) {
            for (Statement& s : serial_renames(*t, t->name, o.column, o.new_name))
              out.push_back(std::move(s));
          }
          return out;
        } else if constexpr (std::is_same_v<T, CreateIndex>) {
          if (!o.concurrently) return Statements{{index_sql(o.schema, o.table, o.index)}};
          // Outside a transaction (the runner refuses it in one). A build
          // that fails leaves an invalid index of this name behind.
          std::string sql = index_sql(o.schema, o.table, o.index);
          sql.insert(sql.find("INDEX ") + 6, "CONCURRENTLY ");
          return Statements{{std::move(sql), false}};
        } else if constexpr (std::is_same_v<T, DropIndex>) {
          return Statements{{fmt::format("DROP INDEX {}{}", o.concurrently ? "CONCURRENTLY " : "",
                                         qualified_name(o.schema, o.index.name)),
                             !o.concurrently}};
        } else if constexpr (std::is_same_v<T, RenameIndex>) {
          return Statements{{"ALTER INDEX " + qualified_name(o.schema, o.index) + " RENAME TO " +
                             quote_ident(o.new_name)}};
        } else if constexpr (std::is_same_v<T, RenameConstraint>) {
          return Statements{{alter_table(o.schema, o.table) + "RENAME CONSTRAINT " +
                             quote_ident(o.constraint) + " TO " + quote_ident(o.new_name)}};
        } else if constexpr (std::is_same_v<T, AddUnique>) {
          return Statements{{alter_table(o.schema, o.table) + "ADD " + unique_sql(o.unique)}};
        } else if constexpr (std::is_same_v<T, DropUnique>) {
          return Statements{
              {alter_table(o.schema, o.table) + "DROP CONSTRAINT " + quote_ident(o.unique.name)}};
        } else if constexpr (std::is_same_v<T, AddForeignKey>) {
          return Statements{{add_constraint_sql(o.schema, o.table, o.foreign_key,
                                                foreign_key_sql(o.foreign_key))}};
        } else if constexpr (std::is_same_v<T, DropForeignKey>) {
          return Statements{{alter_table(o.schema, o.table) + "DROP CONSTRAINT " +
                             quote_ident(o.foreign_key.name)}};
        } else if constexpr (std::is_same_v<T, AddCheck>) {
          return Statements{{add_constraint_sql(o.schema, o.table, o.check, check_sql(o.check))}};
        } else if constexpr (std::is_same_v<T, DropCheck>) {
          return Statements{
              {alter_table(o.schema, o.table) + "DROP CONSTRAINT " + quote_ident(o.check.name)}};
        } else if constexpr (std::is_same_v<T, AlterPrimaryKey>) {
          return alter_primary_key(o, before);
        } else if constexpr (std::is_same_v<T, ValidateConstraint>) {
          // The inverse only marks the schema in memory: the database keeps
          // the constraint valid, which satisfies a not_valid declaration.
          if (o.mark_not_valid) return Statements{};
          return Statements{{alter_table(o.schema, o.table) + "VALIDATE CONSTRAINT " +
                             quote_ident(o.constraint)}};
        } else if constexpr (std::is_same_v<T, AddExclusion>) {
          return Statements{{alter_table(o.schema, o.table) + "ADD " + exclusion_sql(o.exclusion)}};
        } else if constexpr (std::is_same_v<T, DropExclusion>) {
          return Statements{{alter_table(o.schema, o.table) + "DROP CONSTRAINT " +
                             quote_ident(o.exclusion.name)}};
        } else if constexpr (std::is_same_v<T, SetTableComment>) {
          return Statements{table_comment(o.schema, o.table, o.comment)};
        } else if constexpr (std::is_same_v<T, CreateEnum>) {
          Statements out;
          ensure_schema(o.enum_.schema, out);
          out.push_back({fmt::format("CREATE TYPE {} AS ENUM ({})",
                                     qualified_name(o.enum_.schema, o.enum_.name),
                                     enum_values_sql(o.enum_.values))});
          return out;
        } else if constexpr (std::is_same_v<T, AlterEnum>) {
          return alter_enum(o, before);
        } else if constexpr (std::is_same_v<T, DropEnum>) {
          return Statements{{"DROP TYPE " + qualified_name(o.enum_.schema, o.enum_.name)}};
        } else if constexpr (std::is_same_v<T, CreateView>) {
          return create_view(o.view);
        } else if constexpr (std::is_same_v<T, DropView>) {
          return Statements{
              {fmt::format("DROP {}VIEW {}", o.view.materialized ? "MATERIALIZED " : "",
                           qualified_name(o.view.schema, o.view.name))}};
        } else if constexpr (std::is_same_v<T, RefreshView>) {
          return Statements{
              {fmt::format("REFRESH MATERIALIZED VIEW {}{}", o.concurrently ? "CONCURRENTLY " : "",
                           qualified_name(o.schema, o.name))}};
        } else if constexpr (is_create_object<T>::value) {
          // An object in a schema nothing lives in yet creates it, as a
          // table does.
          Statements out;
          if constexpr (!std::is_same_v<T, CreateSchema>) {
            const std::vector<std::string> used = before.used_schemas();
            if (!std::binary_search(used.begin(), used.end(), o.object.schema)) {
              ensure_schema(o.object.schema, out);
            }
          }
          for (Statement& s : create_object_sql(o.object)) out.push_back(std::move(s));
          return out;
        } else if constexpr (is_drop_object<T>::value) {
          return drop_object_sql(o.object);
        } else if constexpr (is_alter_object<T>::value) {
          return alter_object_sql(o.object, o.existing);
        } else if constexpr (std::is_same_v<T, Execute>) {
          if (!o.dialect.empty() && o.dialect != "postgresql") return Statements{};
          return Statements{{o.sql, !needs_autocommit(o.sql), false}};
        } else if constexpr (std::is_same_v<T, BulkInsert>) {
          return bulk_insert(o);
        } else if constexpr (std::is_same_v<T, AttachPartition>) {
          return Statements{{alter_table(o.parent_schema, o.parent) + "ATTACH PARTITION " +
                             qualified_name(o.schema, o.table) + " " + o.bound}};
        } else if constexpr (std::is_same_v<T, DetachPartition>) {
          return Statements{{alter_table(o.parent_schema, o.parent) + "DETACH PARTITION " +
                             qualified_name(o.schema, o.table)}};
        } else if constexpr (std::is_same_v<T, AlterTable>) {
          return alter_table_properties(o);
        } else {
          static_assert(kNoRendering<T>, "an op kind has no PostgreSQL rendering");
        }
      },
      op);
}

}  // namespace retort::postgresql
