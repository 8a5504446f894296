#include "dialects/postgresql/pg_inspector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "dialects/postgresql/pg_normalize.hpp"

namespace retort::postgresql {
namespace {

// Every query takes the schema list as $1 (a text[] literal) and covers all
// tables of those schemas at once.
constexpr const char* kTablesSql = R"(
SELECT c.oid::text, n.nspname, c.relname, obj_description(c.oid, 'pg_class')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname = ANY($1::text[])
ORDER BY n.nspname, c.relname)";

constexpr const char* kColumnsSql = R"(
SELECT a.attrelid::text, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity, col_description(a.attrelid, a.attnum),
       t.typtype, t.typname, tn.nspname
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
  AND n.nspname = ANY($1::text[])
ORDER BY a.attrelid, a.attnum)";

constexpr const char* kConstraintsSql = R"(
SELECT con.conrelid::text, con.conname, con.contype,
       array_to_json(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
                           ORDER BY k.ord))::text,
       fn.nspname, fc.relname,
       array_to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                           JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
                           ORDER BY k.ord))::text,
       con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred,
       pg_get_constraintdef(con.oid, true)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c') AND n.nspname = ANY($1::text[])
ORDER BY con.conrelid, con.conname)";

// Indexes that back a constraint (primary key, unique, exclusion) are
// reported as that constraint, not as an index.
constexpr const char* kIndexesSql = R"(
SELECT i.indrelid::text, ic.relname, i.indisunique, pg_get_expr(i.indpred, i.indrelid, true),
       array_to_json(ARRAY(
         SELECT json_build_array(
                  k.num,
                  (SELECT a.attname FROM pg_attribute a
                   WHERE a.attrelid = i.indrelid AND a.attnum = k.num),
                  pg_get_indexdef(i.indexrelid, k.ord::int, true),
                  (i.indoption[k.ord - 1] & 1) = 1)
         FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord)
         WHERE k.ord <= i.indnkeyatts
         ORDER BY k.ord))::text
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname)";

constexpr const char* kEnumsSql = R"(
SELECT n.nspname, t.typname,
       array_to_json(ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid
                           ORDER BY e.enumsortorder))::text
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND n.nspname = ANY($1::text[])
ORDER BY n.nspname, t.typname)";

// Every schema a user made, for InspectOptions::all_schemas: not the system
// ones, nor those an extension owns.
constexpr const char* kUserSchemasSql = R"(
SELECT n.nspname FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\_temp\_%' AND n.nspname NOT LIKE 'pg\_toast\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid
                    AND d.deptype = 'e')
ORDER BY n.nspname)";

// {"public","app"} with quotes and backslashes escaped.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

const std::string& cell(const Row& row, std::size_t i) {
  static const std::string kEmpty;
  return row[i] ? *row[i] : kEmpty;
}

bool cell_true(const Row& row, std::size_t i) { return row[i] && *row[i] == "t"; }

std::vector<std::string> json_strings(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (const auto& v : nlohmann::json::parse(text)) out.push_back(v.get<std::string>());
  return out;
}

std::string action_name(const std::string& code) {
  if (code == "r") return "restrict";
  if (code == "c") return "cascade";
  if (code == "n") return "set null";
  if (code == "d") return "set default";
  return "";  // "a": no action
}

// "CHECK ((age >= 0)) NOT VALID" -> "age >= 0" (canonical).
std::string check_body(std::string def) {
  if (def.ends_with(" NOT VALID")) def.resize(def.size() - 10);
  if (def.starts_with("CHECK ")) def = def.substr(6);
  if (def.ends_with(" NO INHERIT")) def.resize(def.size() - 11);
  return canonical_expression(def);
}

bool listed(const std::vector<std::string>& names, const Table& t) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
    return n == t.name || n == t.qualified_name() || n == "public." + t.name;
  });
}

struct TableSlot {
  Table table;
  bool has_pk = false;
};

}  // namespace

Result<MetaData> inspect_database(Connection& conn, const InspectOptions& options) {
  std::vector<std::string> schemas = {"public"};
  std::vector<std::string> wanted = options.schemas;
  if (options.all_schemas) {
    auto rows = conn.query(kUserSchemasSql);
    if (!rows) return std::move(rows).error();
    wanted.clear();
    for (const Row& r : rows->rows) wanted.push_back(cell(r, 0));
  }
  for (const auto& s : wanted) {
    if (!s.empty() && std::find(schemas.begin(), schemas.end(), s) == schemas.end()) {
      schemas.push_back(s);
    }
  }
  const std::vector<Cell> params = {text_array(schemas)};

  auto tables_rows = conn.query(kTablesSql, params);
  if (!tables_rows) return std::move(tables_rows).error();
  auto column_rows = conn.query(kColumnsSql, params);
  if (!column_rows) return std::move(column_rows).error();
  auto constraint_rows = conn.query(kConstraintsSql, params);
  if (!constraint_rows) return std::move(constraint_rows).error();
  auto index_rows = conn.query(kIndexesSql, params);
  if (!index_rows) return std::move(index_rows).error();
  auto enum_rows = conn.query(kEnumsSql, params);
  if (!enum_rows) return std::move(enum_rows).error();

  MetaData md;
  std::map<std::pair<std::string, std::string>, const Enum*> enum_by_name;
  for (const Row& r : enum_rows->rows) {
    md.enums.push_back(
        Enum{normalize_schema_name(cell(r, 0)), cell(r, 1), json_strings(cell(r, 2))});
  }
  for (const Enum& e : md.enums) enum_by_name[{e.schema, e.name}] = &e;

  std::map<std::string, TableSlot> by_oid;
  std::vector<std::string> order;
  for (const Row& r : tables_rows->rows) {
    TableSlot slot;
    slot.table.schema = normalize_schema_name(cell(r, 1));
    slot.table.name = cell(r, 2);
    slot.table.comment = cell(r, 3);
    by_oid.emplace(cell(r, 0), std::move(slot));
    order.push_back(cell(r, 0));
  }
  auto table_of = [&](const Row& r) -> Table* {
    auto it = by_oid.find(cell(r, 0));
    return it == by_oid.end() ? nullptr : &it->second.table;
  };

  for (const Row& r : column_rows->rows) {
    Table* t = table_of(r);
    if (t == nullptr) continue;
    Column c;
    c.name = cell(r, 1);
    const std::string& format = cell(r, 2);
    if (cell(r, 7) == "e") {
      c.type.kind = TypeKind::kEnum;
      c.type.enum_name = cell(r, 8);
      auto it = enum_by_name.find({normalize_schema_name(cell(r, 9)), cell(r, 8)});
      if (it != enum_by_name.end()) c.type.enum_values = it->second->values;
    } else if (auto type = type_from_pg(format)) {
      c.type = *type;
    } else {
      return Error::bad_input(
                 fmt::format("column {}.{} has type \"{}\", which retort's portable types do not "
                             "cover",
                             t->qualified_name(), c.name, format),
                 "use one of the portable types, or leave the table out of the models")
          .on(t->qualified_name(), c.name);
    }
    c.nullable = !cell_true(r, 3);
    const std::string& identity = cell(r, 5);
    const std::string& default_expr = cell(r, 4);
    const bool serial = default_expr.starts_with("nextval(");
    c.autoincrement = identity == "a" || identity == "d" || serial;
    if (!c.autoincrement) c.default_ = default_from_pg(default_expr, c.type);
    c.comment = cell(r, 6);
    t->columns.push_back(std::move(c));
  }

  for (const Row& r : constraint_rows->rows) {
    Table* t = table_of(r);
    if (t == nullptr) continue;
    const std::string& kind = cell(r, 2);
    std::vector<std::string> columns = json_strings(cell(r, 3));
    if (kind == "p") {
      t->primary_key_name = cell(r, 1);
      for (const auto& name : columns) {
        if (Column* c = t->find_column(name)) c->primary_key = true;
      }
    } else if (kind == "u") {
      t->uniques.push_back(UniqueConstraint{cell(r, 1), std::move(columns), 0});
    } else if (kind == "f") {
      ForeignKey fk;
      fk.name = cell(r, 1);
      fk.columns = std::move(columns);
      fk.ref_schema = normalize_schema_name(cell(r, 4));
      fk.ref_table = cell(r, 5);
      fk.ref_columns = json_strings(cell(r, 6));
      fk.on_delete = action_name(cell(r, 7));
      fk.on_update = action_name(cell(r, 8));
      fk.deferrable = cell_true(r, 9);
      fk.initially_deferred = cell_true(r, 10);
      t->foreign_keys.push_back(std::move(fk));
    } else if (kind == "c") {
      t->checks.push_back(CheckConstraint{cell(r, 1), check_body(cell(r, 11)), 0});
    }
  }

  for (const Row& r : index_rows->rows) {
    Table* t = table_of(r);
    if (t == nullptr) continue;
    Index index;
    index.name = cell(r, 1);
    index.unique = cell_true(r, 2);
    if (r[3]) index.where = canonical_expression(*r[3]);
    for (const auto& key : nlohmann::json::parse(cell(r, 4))) {
      IndexKey k;
      if (key[0].get<int>() != 0 && key[1].is_string()) {
        k.column = key[1].get<std::string>();
      } else {
        k.expression = canonical_expression(key[2].get<std::string>());
      }
      k.order = key[3].get<bool>() ? SortOrder::kDesc : SortOrder::kAsc;
      index.keys.push_back(std::move(k));
    }
    t->indexes.push_back(std::move(index));
  }

  for (const std::string& oid : order) {
    Table& t = by_oid.at(oid).table;
    if (listed(options.exclude_tables, t)) continue;
    if (!options.only_tables.empty() && !listed(options.only_tables, t)) continue;
    // An integer primary key without identity or serial does not
    // autoincrement; say so, or finish() would derive that it does.
    for (auto& c : t.columns) {
      if (c.primary_key && !c.autoincrement) c.autoincrement_off = true;
    }
    t.finish();
    md.tables.push_back(std::move(t));
  }
  md.finish();
  return md;
}

}  // namespace retort::postgresql
