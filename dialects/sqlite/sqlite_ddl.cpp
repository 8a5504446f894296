// The SQLite DDL compiler: ops -> SQL. Native statements where SQLite has
// them; everything else is a table rebuild computed from the schema before
// the op and the schema after it (core's apply()).
#include "dialects/sqlite/sqlite_ddl.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/internal/text.hpp"
#include "dialects/sqlite/ddl_parser.hpp"
#include "dialects/sqlite/sql_tokenizer.hpp"
#include "dialects/sqlite/sqlite_sql.hpp"
#include "dialects/sqlite/sqlite_trigger.hpp"
#include "dialects/sqlite/sqlite_types.hpp"
#include "dialects/sqlite/sqlite_view.hpp"

namespace retort::sqlite {
namespace {

using detail::expression_name;

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

using Statements = std::vector<Statement>;

std::string q(std::string_view name) { return quote_ident(name); }

// True when `table`'s primary key is one integer/bigint column, which SQLite
// makes an alias of the rowid (declared exactly INTEGER).
bool has_rowid_alias(const Table& table) {
  std::vector<std::string> pk = table.primary_key();
  if (pk.size() != 1) return false;
  const Column* col = table.find_column(pk[0]);
  return col != nullptr &&
         (col->type.kind == TypeKind::kInteger || col->type.kind == TypeKind::kBigint);
}

std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += q(n);
  }
  return out;
}

std::string literal(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// A table by name; SQLite has one schema, so a schema-qualified lookup that
// misses falls back on the bare name.
const Table* find_table(const MetaData& md, std::string_view schema, std::string_view name) {
  if (const Table* t = md.find_table(schema, name)) return t;
  for (const Table& t : md.tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

// The values of an enum type: the schema's Enum when it has one (AlterEnum
// changes that), else the values carried on the column's type.
std::vector<std::string> enum_values(const Type& type, const MetaData& schema) {
  for (const Enum& e : schema.enums) {
    if (e.name == type.enum_name) return e.values;
  }
  return type.enum_values;
}

std::string constraint_prefix(const std::string& name) {
  return name.empty() ? std::string() : "CONSTRAINT " + q(name) + " ";
}

// True for the rowid key column of a table that is sqlite_autoincrement.
bool autoincrement_key(const Table& table, const Column& col) {
  return table.properties.sqlite_autoincrement && !table.properties.sqlite_without_rowid &&
         col.primary_key && has_rowid_alias(table);
}

// ") STRICT, WITHOUT ROWID" and the like: the table options after the
// closing parenthesis.
std::string table_options_sql(const TableProperties& p) {
  std::vector<std::string> options;
  if (p.sqlite_strict) options.push_back("STRICT");
  if (p.sqlite_without_rowid) options.push_back("WITHOUT ROWID");
  std::string out;
  for (const auto& o : options) out += (out.empty() ? " " : ", ") + o;
  return out;
}

// The type a STRICT table's column is declared with: one of the names STRICT
// allows (INTEGER, REAL, TEXT, BLOB, ANY). Integer kinds and boolean are
// INTEGER, float/real/numeric REAL, blob BLOB, every other portable type TEXT;
// a native type is kept as written (SQLite refuses one STRICT does not allow).
std::string strict_type(const Type& type) {
  switch (type.kind) {
    case TypeKind::kInteger:
    case TypeKind::kBigint:
    case TypeKind::kSmallint:
    case TypeKind::kBoolean:
      return "INTEGER";
    case TypeKind::kFloat:
    case TypeKind::kReal:
    case TypeKind::kNumeric:
      return "REAL";
    case TypeKind::kBlob:
      return "BLOB";
    case TypeKind::kNative:
      return type.native;
    default:
      return "TEXT";
  }
}

// The declared type of a column: on a STRICT table the STRICT name, with a
// /* retort:type ... */ marker holding the portable type when that differs,
// so the inspector reads the portable type back.
std::string column_type_sql(const Column& col, const Table& table) {
  const Type type = stored_type(col.type);
  if (!table.properties.sqlite_strict) return declared_type(type);
  const std::string strict = strict_type(type);
  if (type.kind == TypeKind::kNative || type.kind == TypeKind::kEnum ||
      type_from_declared(strict) == type) {
    return strict;
  }
  return make_marker("type", type.to_string()) + " " + strict;
}

// COLLATE, GENERATED ALWAYS AS (...) STORED|VIRTUAL, and on the rowid key of
// an sqlite_autoincrement table PRIMARY KEY AUTOINCREMENT (the key is then
// declared on the column, not after the columns).
std::string column_properties_sql(const Column& col, const Table& table) {
  std::string out;
  if (autoincrement_key(table, col)) {
    out += " " + constraint_prefix(table.primary_key_name) + "PRIMARY KEY AUTOINCREMENT";
  }
  if (!col.collation.empty()) {
    const bool bare = std::all_of(col.collation.begin(), col.collation.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
    });
    out += " COLLATE " + (bare ? col.collation : q(col.collation));
  }
  if (!col.generated.empty()) {
    out += " GENERATED ALWAYS AS (" + col.generated.sql + ")";
    out += col.generated.stored ? " STORED" : " VIRTUAL";
  }
  return out;
}

std::string column_sql(const Column& col, const Table& table, const MetaData& schema) {
  bool rowid = has_rowid_alias(table) && col.primary_key;
  std::string out = q(col.name);
  if (rowid && col.type.kind == TypeKind::kBigint) out += " " + make_marker("bigint");
  if (!col.comment.empty()) out += " " + make_marker("comment", col.comment);
  out += " ";
  out += rowid ? "INTEGER" : column_type_sql(col, table);
  out += column_properties_sql(col, table);
  if (!col.nullable || col.primary_key) out += " NOT NULL";
  if (!col.default_.empty()) out += " DEFAULT " + default_clause(col.default_);
  if (col.type.kind == TypeKind::kEnum) {
    std::string values;
    for (const std::string& v : enum_values(col.type, schema)) {
      if (!values.empty()) values += ", ";
      values += literal(v);
    }
    out += fmt::format(" CONSTRAINT {} CHECK ({} IN ({}))",
                       q(std::string(kEnumCheckPrefix) + col.type.enum_name), q(col.name), values);
  }
  return out;
}

std::string foreign_key_sql(const ForeignKey& fk) {
  std::string out = constraint_prefix(fk.name) + "FOREIGN KEY (" + name_list(fk.columns) +
                    ") REFERENCES " + q(fk.ref_table);
  if (!fk.ref_columns.empty()) out += " (" + name_list(fk.ref_columns) + ")";
  if (!fk.on_delete.empty() && fk.on_delete != "no action")
    out += " ON DELETE " + detail::upper(fk.on_delete);
  if (!fk.on_update.empty() && fk.on_update != "no action")
    out += " ON UPDATE " + detail::upper(fk.on_update);
  if (fk.deferrable) {
    out += " DEFERRABLE";
    if (fk.initially_deferred) out += " INITIALLY DEFERRED";
  }
  return out;
}

// CREATE TABLE `name` with `table`'s definition (name differs while rebuilding).
std::string create_table_sql(const Table& table, std::string_view name, const MetaData& schema) {
  std::vector<std::string> items;
  for (const Column& col : table.columns) items.push_back(column_sql(col, table, schema));
  std::vector<std::string> pk = table.primary_key();
  const bool key_on_column =
      pk.size() == 1 && autoincrement_key(table, *table.find_column(pk.front()));
  if (!pk.empty() && !key_on_column)
    items.push_back(constraint_prefix(table.primary_key_name) + "PRIMARY KEY (" + name_list(pk) +
                    ")");
  for (const UniqueConstraint& u : table.uniques)
    items.push_back(constraint_prefix(u.name) + "UNIQUE (" + name_list(u.columns) + ")");
  for (const ForeignKey& fk : table.foreign_keys) items.push_back(foreign_key_sql(fk));
  for (const CheckConstraint& c : table.checks)
    items.push_back(constraint_prefix(c.name) + "CHECK (" + c.sql + ")");
  std::string out = "CREATE TABLE " + q(name) + " (";
  if (!table.comment.empty()) out += " " + make_marker("table-comment", table.comment);
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += "\n  " + items[i];
    if (i + 1 < items.size()) out += ",";
  }
  return out + "\n)" + table_options_sql(table.properties);
}

std::string create_index_sql(const Index& index, std::string_view table) {
  std::string keys;
  for (const IndexKey& k : index.keys) {
    if (!keys.empty()) keys += ", ";
    keys += k.column.empty() ? k.expression : q(k.column);
    if (!k.collation.empty()) keys += " COLLATE " + k.collation;
    if (k.order == SortOrder::kDesc) keys += " DESC";
  }
  std::string out = fmt::format("CREATE {}INDEX {} ON {} ({})", index.unique ? "UNIQUE " : "",
                                q(index.name), q(table), keys);
  if (!index.where.empty()) out += " WHERE " + index.where;
  return out;
}

Statements create_table(const Table& table, const MetaData& schema) {
  Statements out{{create_table_sql(table, table.name, schema)}};
  for (const Index& index : table.indexes) out.push_back({create_index_sql(index, table.name)});
  return out;
}

// The table a CREATE TRIGGER statement is ON (unquoted, lower case).
std::string trigger_table(std::string_view sql) {
  std::vector<Token> tokens = without_comments(tokenize(sql));
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (!tokens[i].is_keyword("on")) continue;
    std::size_t n = i + 1;  // skip a schema qualifier: ON "main"."hero"
    while (n + 2 < tokens.size() && tokens[n + 1].is_punct('.')) n += 2;
    return to_lower(tokens[n].value);
  }
  return {};
}

// An AUTOINCREMENT table's sqlite_sequence value, from the table being
// rebuilt to its copy: ids of rows deleted before the rebuild stay unused.
void carry_sequence(const std::string& old_name, const std::string& tmp, Statements& out) {
  out.push_back({fmt::format(
      "INSERT INTO sqlite_sequence (name, seq) SELECT {0}, 0 WHERE NOT EXISTS (SELECT 1 FROM "
      "sqlite_sequence WHERE name = {0})",
      literal(tmp))});
  out.push_back({fmt::format(
      "UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq FROM sqlite_sequence WHERE "
      "name = {}), 0)) WHERE name = {}",
      literal(old_name), literal(tmp))});
}

// The twelve-step rebuild (sqlite.org/lang_altertable.html#otheralter) minus
// the foreign-key toggling: the migration connection turns foreign keys off
// when it opens, and Dialect::verify runs PRAGMA foreign_key_check before
// commit. legacy_alter_table keeps the RENAME from re-checking (and failing
// on) views and triggers that name the dropped table: they name the new one
// once the rename is done. The table's own triggers die with DROP TABLE and
// are re-created: those retort leaves alone (Table::triggers) and those it
// manages (`before`'s on the table). `using_column`, when set, is copied as
// `using_sql` (an AlterColumn's `using`) instead of its old value.
Result<Statements> rebuild(const Table& old_table, const Table& new_table, const MetaData& before,
                           const MetaData& after, const std::string& using_column = {},
                           const std::string& using_sql = {}) {
  std::vector<std::string> triggers = old_table.triggers;
  for (const Trigger& t : before.triggers) {
    if (to_lower(t.table) == to_lower(old_table.name)) triggers.push_back(t.sql);
  }
  for (const std::string& trigger : triggers) {
    // The runner tracks the schema in memory after a rename, but SQLite
    // rewrote the trigger's text; re-running the stale text would fail.
    if (trigger_table(trigger) != to_lower(old_table.name)) {
      return Error::bad_input(
                 fmt::format("table '{}' has a trigger that names it as '{}' (renamed earlier in "
                             "this revision), and rebuilding the table must re-create it",
                             old_table.name, trigger_table(trigger)),
                 "move the rename into a revision of its own, before this one")
          .on(old_table.name);
    }
  }
  std::string tmp = std::string(kRebuildPrefix) + new_table.name;
  std::vector<std::string> common;
  for (const Column& col : new_table.columns) {
    // A generated column computes its values; INSERT may not name it.
    if (old_table.find_column(col.name) != nullptr && col.generated.empty())
      common.push_back(col.name);
  }
  Statements out;
  out.push_back({create_table_sql(new_table, tmp, after)});
  if (!common.empty()) {
    std::string values;
    for (const std::string& name : common) {
      if (!values.empty()) values += ", ";
      values += !using_sql.empty() && name == using_column ? "(" + using_sql + ")" : q(name);
    }
    out.push_back({fmt::format("INSERT INTO {} ({}) SELECT {} FROM {}", q(tmp), name_list(common),
                               values, q(old_table.name))});
  }
  if (new_table.properties.sqlite_autoincrement && old_table.properties.sqlite_autoincrement) {
    carry_sequence(old_table.name, tmp, out);
  }
  out.push_back({"DROP TABLE " + q(old_table.name)});
  out.push_back({"PRAGMA legacy_alter_table = ON"});
  out.push_back({fmt::format("ALTER TABLE {} RENAME TO {}", q(tmp), q(new_table.name))});
  out.push_back({"PRAGMA legacy_alter_table = OFF"});
  for (const Index& index : new_table.indexes)
    out.push_back({create_index_sql(index, new_table.name)});
  for (const std::string& trigger : triggers) out.push_back({trigger});
  return out;
}

// Rebuilds `table` to what applying `op` to `before` makes of it.
Result<Statements> rebuild_for(const Op& op, const MetaData& before, std::string_view schema,
                               std::string_view table) {
  const auto* alter = std::get_if<AlterColumn>(&op);
  const Table* old_table = find_table(before, schema, table);
  if (old_table == nullptr) {
    return Error::bad_input(fmt::format("{}: table '{}' does not exist", describe(op), table),
                            "check the revision history: an earlier op must create it")
        .on(std::string(table));
  }
  MetaData after = before;
  Status applied = apply(after, op);
  if (!applied) return applied.error();
  const Table* new_table = find_table(after, schema, table);
  if (new_table == nullptr)
    return Error::internal(fmt::format("{}: table '{}' vanished", describe(op), table));
  if (alter != nullptr && alter->using_) {
    return rebuild(*old_table, *new_table, before, after, alter->column, *alter->using_);
  }
  return rebuild(*old_table, *new_table, before, after);
}

bool mentions(std::string_view sql, std::string_view column) {
  std::string want = to_lower(column);
  for (const Token& t : tokenize(sql)) {
    if (t.is_name() && to_lower(t.value) == want) return true;
  }
  return false;
}

// SQLite's DROP COLUMN refuses a column that a key, index or constraint uses.
bool column_in_use(const Table& table, std::string_view column) {
  auto has = [&](const std::vector<std::string>& cols) {
    return std::find(cols.begin(), cols.end(), column) != cols.end();
  };
  const Column* col = table.find_column(column);
  if (col == nullptr || col->primary_key) return true;
  for (const Index& i : table.indexes) {
    if (mentions(i.where, column)) return true;
    for (const IndexKey& k : i.keys) {
      if (k.column == column || mentions(k.expression, column)) return true;
    }
  }
  for (const UniqueConstraint& u : table.uniques) {
    if (has(u.columns)) return true;
  }
  for (const ForeignKey& fk : table.foreign_keys) {
    if (has(fk.columns)) return true;
  }
  for (const CheckConstraint& c : table.checks) {
    if (mentions(c.sql, column)) return true;
  }
  for (const Column& c : table.columns) {
    if (mentions(c.generated.sql, column)) return true;
  }
  return false;
}

// ALTER TABLE ADD COLUMN's limits (sqlite.org/lang_altertable.html#altertabaddcol).
bool can_add_natively(const Column& col) {
  if (col.primary_key || col.default_.sql) return false;
  // Only a VIRTUAL generated column may be added, and NOT NULL needs a default.
  if (!col.generated.empty()) return !col.generated.stored && col.nullable;
  if (!col.nullable && col.default_.empty()) return false;
  return true;
}

std::string insert_sql(const BulkInsert& op, const std::map<std::string, Literal>& row) {
  std::vector<std::string> cols;
  std::string values;
  for (const auto& [name, value] : row) {
    cols.push_back(name);
    if (!values.empty()) values += ", ";
    values += literal_sql(value);
  }
  return fmt::format("INSERT INTO {} ({}) VALUES ({})", q(op.table), name_list(cols), values);
}

// PostgreSQL's declarative partitioning, which SQLite does not have
// (docs/sqlite.md): a revision that asks for it is refused, not half made.
Error no_partitioning(const Op& op) {
  return Error::bad_input(
      fmt::format("{}: SQLite has no table partitioning", describe(op)),
      "declare the table without partition_by / partition_of for a SQLite database");
}

// A schema, extension, sequence, domain or composite type op (from a
// hand-written revision: SQLite's models cannot declare one).
Error no_objects(const Op& op, const std::string& what) {
  return Error::bad_input(
      fmt::format("{}: SQLite has no {}", op_name(op), what.substr(0, what.find(' ')) + "s"),
      "keep this op to a PostgreSQL project, or limit it with an execute op's `dialect`");
}

// An exclusion constraint op (from a hand-written revision: the comparator
// makes none, as normalize clears them): SQLite has no such constraint.
Result<Statements> no_exclusions(const std::string& table, const std::string& name) {
  return Error::bad_input(
      fmt::format("exclusion constraint {} on {}: SQLite has no exclusion constraints", name,
                  table),
      "limit the op to PostgreSQL, or enforce the rule with a trigger");
}

}  // namespace

Result<std::vector<Statement>> compile_op(const Op& op, const MetaData& before) {
  auto rebuild_table = [&](std::string_view schema, std::string_view table) {
    return rebuild_for(op, before, schema, table);
  };
  return std::visit(
      Overloaded{
          [&](const CreateTable& o) -> Result<Statements> {
            if (!o.table.partition_by.empty() || !o.table.partition_of.empty())
              return no_partitioning(op);
            return create_table(o.table, before);
          },
          [&](const DropTable& o) -> Result<Statements> {
            return Statements{{"DROP TABLE " + q(o.table.name)}};
          },
          [&](const RenameTable& o) -> Result<Statements> {
            return Statements{
                {fmt::format("ALTER TABLE {} RENAME TO {}", q(o.table), q(o.new_name))}};
          },
          [&](const AddColumn& o) -> Result<Statements> {
            const Table* t = find_table(before, o.schema, o.table);
            if (!can_add_natively(o.column) || t == nullptr)
              return rebuild_table(o.schema, o.table);
            return Statements{{fmt::format("ALTER TABLE {} ADD COLUMN {}", q(o.table),
                                           column_sql(o.column, *t, before))}};
          },
          [&](const DropColumn& o) -> Result<Statements> {
            const Table* t = find_table(before, o.schema, o.table);
            if (t == nullptr || column_in_use(*t, o.column))
              return rebuild_table(o.schema, o.table);
            return Statements{
                {fmt::format("ALTER TABLE {} DROP COLUMN {}", q(o.table), q(o.column))}};
          },
          [&](const AlterColumn& o) -> Result<Statements> {
            return rebuild_table(o.schema, o.table);
          },
          [&](const RenameColumn& o) -> Result<Statements> {
            // SQLite writes the new name into the stored CREATE text (checks,
            // index predicates) as spelt here: bare where that means the same
            // column everywhere, as the models and apply() spell it.
            return Statements{{fmt::format("ALTER TABLE {} RENAME COLUMN {} TO {}", q(o.table),
                                           q(o.column), expression_name(o.new_name))}};
          },
          [&](const CreateIndex& o) -> Result<Statements> {
            return Statements{{create_index_sql(o.index, o.table)}};
          },
          [&](const DropIndex& o) -> Result<Statements> {
            return Statements{{"DROP INDEX " + q(o.index.name)}};
          },
          [&](const RenameIndex& o) -> Result<Statements> {
            // SQLite cannot rename an index: the same index under the new name.
            const Table* t = find_table(before, o.schema, o.table);
            const Index* index = nullptr;
            if (t != nullptr) {
              for (const Index& i : t->indexes) {
                if (i.name == o.index) index = &i;
              }
            }
            if (index == nullptr) {
              return Error::bad_input(
                  fmt::format("rename_index: table {} has no index {}", o.table, o.index));
            }
            Index renamed = *index;
            renamed.name = o.new_name;
            return Statements{{"DROP INDEX " + q(o.index)}, {create_index_sql(renamed, o.table)}};
          },
          [&](const RenameConstraint& o) -> Result<Statements> {
            // Constraint names live in the stored CREATE TABLE text only.
            return rebuild_table(o.schema, o.table);
          },
          [&](const AddUnique& o) -> Result<Statements> {
            return rebuild_table(o.schema, o.table);
          },
          [&](const DropUnique& o) -> Result<Statements> {
            return rebuild_table(o.schema, o.table);
          },
          [&](const AddForeignKey& o) -> Result<Statements> {
            return rebuild_table(o.schema, o.table);
          },
          [&](const DropForeignKey& o) -> Result<Statements> {
            return rebuild_table(o.schema, o.table);
          },
          [&](const AddCheck& o) -> Result<Statements> { return rebuild_table(o.schema, o.table); },
          [&](const DropCheck& o) -> Result<Statements> {
            return rebuild_table(o.schema, o.table);
          },
          [&](const AlterPrimaryKey& o) -> Result<Statements> {
            return rebuild_table(o.schema, o.table);
          },
          [&](const SetTableComment& o) -> Result<Statements> {
            return rebuild_table(o.schema, o.table);
          },
          [&](const ValidateConstraint&) -> Result<Statements> {
            // SQLite has no NOT VALID constraints (its normalize clears the
            // flag): there is nothing to validate.
            return Statements{};
          },
          [&](const AddExclusion& o) -> Result<Statements> {
            return no_exclusions(o.table, o.exclusion.name);
          },
          [&](const DropExclusion& o) -> Result<Statements> {
            return no_exclusions(o.table, o.exclusion.name);
          },
          [&](const CreateEnum&) -> Result<Statements> { return Statements{}; },
          [&](const DropEnum&) -> Result<Statements> { return Statements{}; },
          [&](const AlterEnum& o) -> Result<Statements> {
            // SQLite has no enum types: every table with a column of this
            // enum is rebuilt so its CHECK lists the new values.
            MetaData after = before;
            Status applied = apply(after, op);
            if (!applied) return applied.error();
            Statements out;
            for (const Table& old_table : before.tables) {
              bool uses = std::any_of(
                  old_table.columns.begin(), old_table.columns.end(), [&](const Column& c) {
                    return c.type.kind == TypeKind::kEnum && c.type.enum_name == o.name;
                  });
              const Table* new_table = find_table(after, old_table.schema, old_table.name);
              if (!uses || new_table == nullptr) continue;
              Result<Statements> part = rebuild(old_table, *new_table, before, after);
              if (!part) return part;
              out.insert(out.end(), part->begin(), part->end());
            }
            return out;
          },
          [&](const CreateView& o) -> Result<Statements> {
            if (Status s = view_refused(o.view); !s) return s.error();
            return Statements{{"CREATE VIEW " + q(o.view.name) + " AS\n" + o.view.query}};
          },
          [&](const DropView& o) -> Result<Statements> {
            return Statements{{"DROP VIEW " + q(o.view.name)}};
          },
          [&](const RefreshView& o) -> Result<Statements> {
            return Error::bad_input(
                fmt::format("refresh_view {}: SQLite has no materialized views", o.name),
                "materialized views are PostgreSQL's; remove the op or limit the revision to "
                "PostgreSQL");
          },
          [&](const CreateTrigger& o) -> Result<Statements> {
            if (Status s = trigger_refused(o.object); !s) return s.error();
            return Statements{{o.object.sql}};
          },
          [&](const DropTrigger& o) -> Result<Statements> {
            return Statements{{"DROP TRIGGER " + q(o.object.name)}};
          },
          [&](const AlterTrigger& o) -> Result<Statements> {
            // SQLite has no CREATE OR REPLACE TRIGGER: dropped and created
            // again, in the revision's transaction.
            if (Status s = trigger_refused(o.object); !s) return s.error();
            return Statements{{"DROP TRIGGER " + q(o.existing.name)}, {o.object.sql}};
          },
          [&]<class T>(const CreateObject<T>& o) -> Result<Statements> {
            return no_objects(op, o.object.describe());
          },
          [&]<class T>(const DropObject<T>& o) -> Result<Statements> {
            return no_objects(op, o.object.describe());
          },
          [&]<class T>(const AlterObject<T>& o) -> Result<Statements> {
            return no_objects(op, o.object.describe());
          },
          [&](const Execute& o) -> Result<Statements> {
            if (!o.dialect.empty() && o.dialect != "sqlite") return Statements{};
            return Statements{{o.sql}};
          },
          [&](const BulkInsert& o) -> Result<Statements> {
            Statements out;
            for (const auto& row : o.rows) out.push_back({insert_sql(o, row)});
            return out;
          },
          [&](const AttachPartition&) -> Result<Statements> { return no_partitioning(op); },
          [&](const DetachPartition&) -> Result<Statements> { return no_partitioning(op); },
          [&](const AlterTable& o) -> Result<Statements> {
            // AUTOINCREMENT, WITHOUT ROWID and STRICT are fixed at CREATE
            // TABLE: the table is rebuilt with the new ones.
            return rebuild_table(o.schema, o.table);
          },
      },
      op);
}

}  // namespace retort::sqlite
