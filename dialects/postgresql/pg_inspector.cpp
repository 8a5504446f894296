#include "dialects/postgresql/pg_inspector.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <utility>

#include "dialects/postgresql/pg_normalize.hpp"
#include "dialects/postgresql/pg_objects.hpp"
#include "dialects/postgresql/pg_sql.hpp"

namespace retort::postgresql {
namespace {

// Every query takes the schema list as $1 (a text[] literal) and covers all
// tables of those schemas at once. They join the catalogs and return raw
// numbers (oids, attnums, int2vector text) the client maps itself; the
// server-side printers (pg_get_constraintdef, pg_get_indexdef, pg_get_expr)
// run only on the rows that need them. A fresh backend pays for every
// catalog a query touches and every join it plans, so each catalog is joined
// once: comments come with the tables (one row per comment; objsubid 0 is
// the table's, others a column's) rather than from obj_description and
// col_description, which run a query per row; a column's enum type is found
// by its type oid in the enums query rather than by joining pg_type.
constexpr const char* kTablesSql = R"(
SELECT c.oid, n.nspname, c.relname, ds.objsubid, ds.description,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
       pn.nspname, pc.relname, pg_get_expr(c.relpartbound, c.oid),
       c.relpersistence = 'u', array_to_json(c.reloptions)::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass
LEFT JOIN pg_inherits ih ON c.relispartition AND ih.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = ih.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])
ORDER BY n.nspname, c.relname)";

constexpr const char* kColumnsSql = R"(
SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.atttypid, a.attgenerated,
       CASE WHEN a.attcollation NOT IN (0, 100) AND a.attcollation <>
                 (SELECT t.typcollation FROM pg_type t WHERE t.oid = a.atttypid)
            THEN (SELECT co.collname FROM pg_collation co
                  WHERE co.oid = a.attcollation) END,
       seq.relname, seq.seqstart, seq.seqincrement, seq.seqmin, seq.seqmax, seq.seqcache,
       seq.seqcycle
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN LATERAL (
  SELECT sc.relname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
  FROM pg_depend dep JOIN pg_class sc ON sc.oid = dep.objid AND sc.relkind = 'S'
  JOIN pg_sequence s ON s.seqrelid = sc.oid
  WHERE dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
    AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_class'::regclass
    AND dep.deptype IN ('a', 'i')
  ORDER BY sc.relname LIMIT 1) seq ON a.attidentity <> '' OR d.adbin IS NOT NULL
WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
  AND n.nspname = ANY($1::text[])
ORDER BY a.attrelid, a.attnum)";

// conkey/confkey are attnums the client maps through the columns it read;
// only a foreign key to a table outside the schemas read has its referenced
// column names looked up here. A foreign key to a partitioned table has a
// hidden copy per partition (conparentid set); only the declared one counts.
// An exclusion constraint comes with its index as one JSON object: access
// method, key attnums (0 for an expression) and texts, operators, INCLUDE
// columns and predicate.
constexpr const char* kConstraintsSql = R"(
SELECT con.conrelid, con.conname, con.contype, con.conkey::text,
       fn.nspname, fc.relname, con.confrelid, con.confkey::text,
       CASE WHEN con.contype = 'f' AND NOT fn.nspname = ANY($1::text[]) THEN
         array_to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
                             ORDER BY k.ord))::text
       END,
       con.confdeltype, con.confupdtype, con.condeferrable, con.condeferred,
       CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END,
       ux.indnullsnotdistinct,
       con.convalidated, con.confmatchtype, con.connoinherit,
       CASE WHEN con.contype = 'x' THEN
         (SELECT json_build_object(
            'method', am.amname,
            'attnums', i.indkey::text,
            'keys', ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                          FROM generate_series(1, i.indnkeyatts::int) k ORDER BY k),
            'ops', ARRAY(SELECT o.oprname FROM unnest(con.conexclop) WITH ORDINALITY x(op, ord)
                         JOIN pg_operator o ON o.oid = x.op ORDER BY x.ord),
            'include', ARRAY(SELECT a.attname FROM generate_series(i.indnkeyatts + 1, i.indnatts) k
                             JOIN pg_attribute a ON a.attrelid = i.indrelid
                               AND a.attnum = i.indkey[k - 1] ORDER BY k),
            'where', pg_get_expr(i.indpred, i.indrelid, true))
          FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
          JOIN pg_am am ON am.oid = ic.relam WHERE i.indexrelid = con.conindid)::text
       END
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
LEFT JOIN pg_index ux ON ux.indexrelid = con.conindid AND con.contype = 'u'
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname = ANY($1::text[])
  AND con.conparentid = 0 AND NOT (c.relispartition AND con.coninhcount > 0)
ORDER BY con.conrelid, con.conname)";

// Indexes that back a constraint (primary key, unique, exclusion) are
// reported as that constraint, not as an index. indkey/indoption are
// int2vectors ("1 3"); key texts are printed only for expression indexes.
// indkey goes on past the indnkeyatts keys with the INCLUDE columns. Per
// key, the operator class is named only when it is not its type's default,
// and the collation only when it is not the column's (for an expression,
// not the database default); both schema-qualified outside pg_catalog.
constexpr const char* kIndexesSql = R"(
SELECT i.indrelid, ic.relname, i.indisunique, pg_get_expr(i.indpred, i.indrelid, true),
       i.indnkeyatts, i.indkey::text, i.indoption::text,
       CASE WHEN i.indexprs IS NOT NULL THEN
         array_to_json(ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                             FROM generate_series(1, i.indnkeyatts::int) k ORDER BY k))::text
       END,
       am.amname, i.indnullsnotdistinct, array_to_json(ic.reloptions)::text,
       array_to_json(ARRAY(
         SELECT CASE WHEN o.opcdefault THEN ''
                     WHEN opn.nspname = 'pg_catalog' THEN o.opcname::text
                     ELSE opn.nspname || '.' || o.opcname END
         FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(oid, ord)
         JOIN pg_opclass o ON o.oid = k.oid JOIN pg_namespace opn ON opn.oid = o.opcnamespace
         ORDER BY k.ord))::text,
       array_to_json(ARRAY(
         SELECT CASE WHEN k.coll = 0 OR k.coll = coalesce(a.attcollation, 100) THEN ''
                     WHEN cn.nspname = 'pg_catalog' THEN co.collname::text
                     ELSE cn.nspname || '.' || co.collname END
         FROM unnest(i.indcollation::oid[], i.indkey::int2[]) WITH ORDINALITY k(coll, attnum, ord)
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                 AND k.attnum > 0
         LEFT JOIN pg_collation co ON co.oid = k.coll
         LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
         WHERE k.ord <= i.indnkeyatts
         ORDER BY k.ord))::text
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'm') AND NOT ic.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                  WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname)";

// Every enum type, so a column of an enum from a schema not read is still
// known as an enum; only those of the schemas read are reported (and give
// their columns their values).
constexpr const char* kEnumsSql = R"(
SELECT t.oid, n.nspname, t.typname, n.nspname = ANY($1::text[]),
       array_to_json(ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid
                           ORDER BY e.enumsortorder))::text
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e'
ORDER BY n.nspname, t.typname)";

// Views and materialized views, not those of an extension: the query as
// the server renders it, whether populated, the comment, the relations its
// rules depend on (pg_depend, "" for public), and for a materialized view
// its column names by attnum (its indexes name them).
constexpr const char* kViewsSql = R"(
SELECT c.oid, n.nspname, c.relname, c.relkind = 'm', c.relispopulated,
       pg_get_viewdef(c.oid, true), obj_description(c.oid, 'pg_class'),
       array_to_json(ARRAY(
         SELECT DISTINCT CASE WHEN rn.nspname = 'public' THEN '' ELSE rn.nspname || '.' END
                         || rc.relname
         FROM pg_rewrite rw
         JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid
                         AND d.refclassid = 'pg_class'::regclass
         JOIN pg_class rc ON rc.oid = d.refobjid
         JOIN pg_namespace rn ON rn.oid = rc.relnamespace
         WHERE rw.ev_class = c.oid AND rc.oid <> c.oid))::text,
       CASE WHEN c.relkind = 'm' THEN array_to_json(ARRAY(
         SELECT coalesce(a.attname::text, '')
         FROM generate_series(0, c.relnatts) k
         LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k AND NOT a.attisdropped
         ORDER BY k))::text END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('v', 'm')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname)";

// What the schemas read hold that retort cannot represent yet (one row
// each: kind, schema, name, table, what; see Unmodelled), so that nothing
// is dropped without a word: objects of their own (rules, policies, range
// and base types, foreign tables, extended statistics) and
// properties of the tables read
// (table inheritance; INCLUDE and storage parameters of the index of a
// primary key or unique constraint, where an index of its own has them
// modelled). Extension members are the extension's.
constexpr const char* kUnmodelledSql = R"(
WITH tabs AS (
  SELECT c.oid, n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]))
SELECT 'foreign_table', n.nspname, c.relname::text, NULL, 'not managed'
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'f'
  AND c.oid NOT IN (SELECT d.objid FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                    AND d.deptype = 'e')
UNION ALL
SELECT CASE c.relkind WHEN 'm' THEN 'materialized_view' ELSE 'view' END, n.nspname,
       c.relname::text, NULL,
       'options (' || array_to_string(c.reloptions, ', ') || ') not modelled'
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('v', 'm') AND c.reloptions IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT 'table', t.nspname, t.relname, t.relname,
       'inheritance from ' || p.relname || ' not modelled'
FROM tabs t JOIN pg_inherits i ON i.inhrelid = t.oid JOIN pg_class p ON p.oid = i.inhparent
JOIN pg_class tc ON tc.oid = t.oid WHERE NOT tc.relispartition
UNION ALL
SELECT 'table', t.nspname, t.relname, t.relname, v.what
FROM tabs t JOIN pg_class c ON c.oid = t.oid,
LATERAL (VALUES
  (CASE WHEN c.relrowsecurity THEN 'row level security not modelled' END),
  (CASE WHEN c.reloftype <> 0 THEN
     'typed table (OF ' || format_type(c.reloftype, NULL) || ') not modelled' END)) v(what)
WHERE v.what IS NOT NULL

UNION ALL
SELECT 'table', t.nspname, t.relname, t.relname, 'index ' || ic.relname || ': ' || v.what
FROM tabs t JOIN pg_index i ON i.indrelid = t.oid JOIN pg_class ic ON ic.oid = i.indexrelid,
LATERAL (VALUES
  (CASE WHEN i.indnatts > i.indnkeyatts THEN 'INCLUDE columns not modelled' END),
  (CASE WHEN ic.reloptions IS NOT NULL THEN 'storage parameters not modelled' END)) v(what)
WHERE v.what IS NOT NULL AND NOT ic.relispartition
  AND i.indexrelid IN (SELECT con.conindid FROM pg_constraint con WHERE con.contype IN ('p', 'u'))

UNION ALL
SELECT 'rule', t.nspname, r.rulename::text, t.relname, 'not managed'
FROM tabs t JOIN pg_rewrite r ON r.ev_class = t.oid WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT 'policy', t.nspname, pol.polname::text, t.relname, 'not managed'
FROM tabs t JOIN pg_policy pol ON pol.polrelid = t.oid
UNION ALL
SELECT 'statistics', n.nspname, s.stxname::text, c.relname::text, 'not managed'
FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_class c ON c.oid = s.stxrelid WHERE n.nspname = ANY($1::text[])
UNION ALL
SELECT 'type', n.nspname, t.typname::text, NULL,
       CASE t.typtype WHEN 'r' THEN '(range) not managed' ELSE '(base type) not managed' END
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY($1::text[]) AND t.typtype IN ('r', 'b') AND t.typcategory <> 'A'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY 1, 2, 4, 3, 5)";

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

const std::string& cell(const Row& row, std::size_t i) {
  static const std::string kEmpty;
  return row[i] ? *row[i] : kEmpty;
}

bool cell_true(const Row& row, std::size_t i) { return row[i] && *row[i] == "t"; }

// An oid or small integer cell; 0 when NULL or not a number.
std::uint32_t cell_number(const Row& row, std::size_t i) {
  std::uint32_t out = 0;
  if (row[i]) std::from_chars(row[i]->data(), row[i]->data() + row[i]->size(), out);
  return out;
}

// The integers of an int2[] ("{1,2}") or int2vector ("1 2") text.
std::vector<int> numbers(std::string_view text) {
  std::vector<int> out;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
      int n = 0;
      p = std::from_chars(p, end, n).ptr;
      out.push_back(n);
    } else {
      ++p;
    }
  }
  return out;
}

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
std::string check_body(std::string def, const Table& table) {
  if (def.ends_with(" NOT VALID")) def.resize(def.size() - 10);
  if (def.starts_with("CHECK ")) def = def.substr(6);
  if (def.ends_with(" NO INHERIT")) def.resize(def.size() - 11);
  return canonical_expression(def, &table);
}

bool listed(const std::vector<std::string>& names, const Table& t) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
    return n == t.name || n == t.qualified_name() || n == "public." + t.name;
  });
}

// A table being read, with its column names by attnum (attnums have gaps
// where columns were dropped).
struct TableSlot {
  Table table;
  std::vector<std::string> column_by_attnum;
  std::map<int, std::string> column_comments;  // by attnum
  // What the table has that the Table cannot carry (Unmodelled).
  std::vector<Unmodelled> unmodelled;

  const std::string* column(int attnum) const {
    if (attnum <= 0 || static_cast<std::size_t>(attnum) >= column_by_attnum.size()) return nullptr;
    const std::string& name = column_by_attnum[static_cast<std::size_t>(attnum)];
    return name.empty() ? nullptr : &name;
  }
};

// The relations whose columns were read (the tables, and partitions whose
// columns a foreign key may name), by oid.
using SlotMap = std::unordered_map<std::uint32_t, TableSlot>;

// Column names for attnums of relation `oid`.
Result<std::vector<std::string>> column_names(const SlotMap& slots, std::uint32_t oid,
                                              const std::string& attnums,
                                              const std::string& constraint) {
  std::vector<std::string> out;
  auto it = slots.find(oid);
  for (int attnum : numbers(attnums)) {
    const std::string* name = it == slots.end() ? nullptr : it->second.column(attnum);
    if (name == nullptr) {
      return Error::internal(fmt::format(
          "constraint {} names column number {} of a table the catalog query did not return",
          constraint, attnum));
    }
    out.push_back(*name);
  }
  return out;
}

// Finds the slot of a row's relation (column 0 is its oid). Rows come
// grouped by relation, so the last slot looked up is usually the next one's
// too.
class SlotCursor {
 public:
  explicit SlotCursor(SlotMap& slots) : slots_(slots) {}

  TableSlot* find(const Row& r) {
    const std::uint32_t oid = cell_number(r, 0);
    if (last_ == nullptr || oid != last_oid_) {
      auto it = slots_.find(oid);
      last_ = it == slots_.end() ? nullptr : &it->second;
      last_oid_ = oid;
    }
    return last_;
  }

  // The slot of a row find() did not know: a partition, whose columns are
  // kept for foreign keys that name them.
  TableSlot& add(const Row& r) {
    last_ = &slots_[cell_number(r, 0)];
    last_oid_ = cell_number(r, 0);
    return *last_;
  }

 private:
  SlotMap& slots_;
  TableSlot* last_ = nullptr;
  std::uint32_t last_oid_ = 0;
};

// The schemas to read: `public` first, then those asked for (all user
// schemas with options.all_schemas, which costs one query more).
Result<std::vector<std::string>> schemas_to_read(Connection& conn, const InspectOptions& options) {
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
  return schemas;
}

// What the catalog queries return, one result each.
struct CatalogRows {
  Rows tables;
  Rows columns;
  Rows constraints;
  Rows indexes;
  Rows enums;
  Rows unmodelled;
  Rows views;
  Rows objects;
};

// Sends the kInspectQueryCount catalog queries, each over all of `schemas`.
Result<CatalogRows> query_catalogs(Connection& conn, const std::vector<std::string>& schemas) {
  const std::vector<Cell> params = {text_array(schemas)};
  CatalogRows out;
  std::pair<const char*, Rows*> queries[] = {
      {kTablesSql, &out.tables},   {kColumnsSql, &out.columns}, {kConstraintsSql, &out.constraints},
      {kIndexesSql, &out.indexes}, {kEnumsSql, &out.enums},     {kUnmodelledSql, &out.unmodelled},
      {kViewsSql, &out.views},     {kObjectsSql, &out.objects}};
  static_assert(static_cast<int>(std::size(queries)) == kInspectQueryCount);
  for (auto& [sql, rows] : queries) {
    auto result = conn.query(sql, params);
    if (!result) return std::move(result).error();
    *rows = std::move(*result);
  }
  return out;
}

// Enum types by oid: the name, and the values when its schema is read.
struct EnumSeen {
  std::string name;
  std::vector<std::string> values;
  bool reported = false;  // its schema is read, so it is in the MetaData
};
using EnumsByOid = std::unordered_map<std::uint32_t, EnumSeen>;

// Adds the enums of the schemas read to `md`; returns every enum a column
// may use, by oid.
EnumsByOid read_enums(const Rows& rows, MetaData& md) {
  EnumsByOid enum_by_oid;
  for (const Row& r : rows.rows) {
    EnumSeen seen{cell(r, 2), {}, cell_true(r, 3)};
    if (seen.reported) {
      md.enums.push_back(
          Enum{normalize_schema_name(cell(r, 1)), cell(r, 2), json_strings(cell(r, 4))});
      seen.values = md.enums.back().values;
    }
    enum_by_oid.emplace(cell_number(r, 0), std::move(seen));
  }
  return enum_by_oid;
}

// Columns 5-8 of a table row: the partition key of a partitioned table,
// the parent and bound of a partition.
void read_partitioning(const Row& r, Table& t) {
  t.partition_by = cell(r, 5);
  if (!r[7]) return;
  t.partition_of_schema = normalize_schema_name(cell(r, 6));
  t.partition_of = cell(r, 7);
  t.partition_bound = cell(r, 8);
}

// Columns 9-10 of a table row: UNLOGGED and the storage parameters
// (reloptions, "name=value" sorted).
void read_table_properties(const Row& r, TableProperties& p) {
  p.unlogged = cell_true(r, 9);
  if (r.size() > 10 && r[10]) p.storage = json_strings(*r[10]);
  std::sort(p.storage.begin(), p.storage.end());
}

// A generated column's expression (attgenerated 's': the pg_attrdef entry is
// the expression, not a default) and a collation other than the type's.
void read_column_properties(const Row& r, Column& c) {
  if (cell(r, 8) == "s") c.generated = Generated{cell(r, 5), true};
  if (r[9]) c.collation = *r[9];
}

// Makes a slot per table, with the table's and its columns' comments (one
// row per comment). Returns the tables' oids in the order read.
std::vector<std::uint32_t> read_tables(const Rows& rows, SlotMap& slots) {
  slots.reserve(rows.rows.size());
  std::vector<std::uint32_t> order;
  order.reserve(rows.rows.size());
  for (const Row& r : rows.rows) {
    const std::uint32_t oid = cell_number(r, 0);
    auto [it, is_new] = slots.try_emplace(oid);
    TableSlot& slot = it->second;
    if (is_new) {
      slot.table.schema = normalize_schema_name(cell(r, 1));
      slot.table.name = cell(r, 2);
      read_partitioning(r, slot.table);
      read_table_properties(r, slot.table.properties);
      order.push_back(oid);
    }
    if (!r[4]) continue;
    if (const auto attnum = static_cast<int>(cell_number(r, 3)); attnum == 0) {
      slot.table.comment = *r[4];
    } else {
      slot.column_comments[attnum] = *r[4];
    }
  }
  return order;
}

// The sequence a nextval('...'::regclass) default names, without its schema
// and quotes; "" for any other expression.
std::string nextval_of(std::string_view expr) {
  if (!expr.starts_with("nextval('")) return {};
  expr.remove_prefix(9);
  const auto end = expr.find('\'');
  if (end == std::string_view::npos) return {};
  std::string_view name = expr.substr(0, end);
  bool quoted = false;
  std::size_t last_dot = std::string_view::npos;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '"') quoted = !quoted;
    if (name[i] == '.' && !quoted) last_dot = i;
  }
  if (last_dot != std::string_view::npos) name.remove_prefix(last_dot + 1);
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] != '"') {
      out += name[i];
    } else if (i + 1 < name.size() && name[i + 1] == '"' && i != 0) {
      out += '"';  // a doubled quote inside a quoted name
      ++i;
    }
  }
  return out;
}

// Columns 10-16 of the columns query: the column's own sequence.
void read_sequence_options(const Row& r, Column& c) {
  if (!r[10]) return;
  auto number = [&](std::size_t i) -> std::optional<std::int64_t> {
    if (!r[i]) return std::nullopt;
    std::int64_t v = 0;
    std::from_chars(r[i]->data(), r[i]->data() + r[i]->size(), v);
    return v;
  };
  if (c.serial) c.sequence.name = *r[10];
  c.sequence.start = number(11);
  c.sequence.increment = number(12);
  c.sequence.min = number(13);
  c.sequence.max = number(14);
  c.sequence.cache = number(15);
  c.sequence.cycle = cell_true(r, 16);
}

// One column row into its slot. A partition's slot (no table name) keeps
// only the column's name.
void read_column(const Row& r, TableSlot& slot, const EnumsByOid& enum_by_oid) {
  const auto attnum = static_cast<std::size_t>(cell_number(r, 1));
  if (slot.column_by_attnum.size() <= attnum) slot.column_by_attnum.resize(attnum + 1);
  slot.column_by_attnum[attnum] = cell(r, 2);
  Table* t = &slot.table;
  Column c;
  c.name = cell(r, 2);
  const std::string& format = cell(r, 3);
  // An enum of a schema not read is, like any other type, a native type by
  // the name format_type gives it ("app.mood").
  if (auto e = enum_by_oid.find(cell_number(r, 7)); e != enum_by_oid.end() && e->second.reported) {
    c.type.kind = TypeKind::kEnum;
    c.type.enum_name = e->second.name;
    c.type.enum_values = e->second.values;
  } else if (auto type = type_from_pg(format)) {
    c.type = *type;
  } else {
    c.type.kind = TypeKind::kNative;
    c.type.native = format;
    c.type.native_marked = true;  // the database has it: a real name, not a typo
    c.type = native_type(c.type);
  }
  c.nullable = !cell_true(r, 4);
  const std::string& identity = cell(r, 6);
  // A generated column's expression is not a default.
  read_column_properties(r, c);
  const std::string& default_expr = cell(r, 8).empty() ? cell(r, 5) : std::string();
  // serial: the default is nextval() of the sequence the column owns. A
  // nextval() of any other sequence is an ordinary default.
  c.serial = identity.empty() && r[10] && nextval_of(default_expr) == *r[10];
  if (identity == "a") c.identity = "always";
  if (identity == "d") c.identity = "by default";
  // Only a single integer key keeps it (Table::finish()).
  c.autoincrement = !c.identity.empty() || c.serial;
  if (!c.identity.empty() || c.serial) read_sequence_options(r, c);
  if (!c.serial) c.default_ = default_from_pg(default_expr, c.type);
  if (auto it = slot.column_comments.find(static_cast<int>(attnum));
      it != slot.column_comments.end()) {
    c.comment = it->second;
  }
  t->columns.push_back(std::move(c));
}

void read_columns(const Rows& rows, SlotMap& slots, const EnumsByOid& enum_by_oid) {
  SlotCursor cursor(slots);
  for (const Row& r : rows.rows) {
    TableSlot* slot = cursor.find(r);
    if (slot == nullptr) slot = &cursor.add(r);
    read_column(r, *slot, enum_by_oid);
  }
}

// A foreign key row; `columns` are its own columns, already named.
Result<ForeignKey> read_foreign_key(const Row& r, const SlotMap& slots,
                                    std::vector<std::string> columns) {
  ForeignKey fk;
  fk.name = cell(r, 1);
  fk.columns = std::move(columns);
  fk.ref_schema = normalize_schema_name(cell(r, 4));
  fk.ref_table = cell(r, 5);
  if (r[8]) {
    fk.ref_columns = json_strings(*r[8]);
  } else {
    Result<std::vector<std::string>> ref =
        column_names(slots, cell_number(r, 6), cell(r, 7), fk.name);
    if (!ref) return std::move(ref).error();
    fk.ref_columns = std::move(*ref);
  }
  fk.on_delete = action_name(cell(r, 9));
  fk.on_update = action_name(cell(r, 10));
  fk.deferrable = cell_true(r, 11);
  fk.initially_deferred = cell_true(r, 12);
  fk.match_full = cell(r, 16) == "f";
  fk.not_valid = !cell_true(r, 15);
  return fk;
}

// An exclusion constraint row: its index described by the JSON in cell 18.
Result<ExclusionConstraint> read_exclusion(const Row& r, const TableSlot& slot) {
  ExclusionConstraint x;
  x.name = cell(r, 1);
  x.deferrable = cell_true(r, 11);
  x.initially_deferred = cell_true(r, 12);
  const nlohmann::json j = nlohmann::json::parse(cell(r, 18).empty() ? "{}" : cell(r, 18));
  x.method = j.value("method", "gist");
  const std::vector<int> attnums = numbers(j.value("attnums", ""));
  const auto keys = j.value("keys", std::vector<std::string>{});
  const auto ops = j.value("ops", std::vector<std::string>{});
  if (keys.size() != ops.size() || attnums.size() < keys.size()) {
    return Error::internal(
        fmt::format("exclusion constraint {}: the catalog gave {} keys and {} operators", x.name,
                    keys.size(), ops.size()));
  }
  for (std::size_t k = 0; k < keys.size(); ++k) {
    ExclusionElement e;
    if (const std::string* column = slot.column(attnums[k])) {
      e.key.column = *column;
    } else {
      e.key.expression = canonical_expression(keys[k], &slot.table);
    }
    e.op = ops[k];
    x.elements.push_back(std::move(e));
  }
  x.include = j.value("include", std::vector<std::string>{});
  if (j.contains("where") && j["where"].is_string()) {
    x.where = canonical_expression(j["where"].get<std::string>(), &slot.table);
  }
  return x;
}

// Primary keys, uniques, foreign keys and checks, onto the tables read.
Status read_constraints(const Rows& rows, SlotMap& slots) {
  SlotCursor cursor(slots);
  for (const Row& r : rows.rows) {
    TableSlot* slot = cursor.find(r);
    if (slot == nullptr || slot->table.name.empty()) continue;
    Table* t = &slot->table;
    const std::string& kind = cell(r, 2);
    if (kind == "c") {
      t->checks.push_back(CheckConstraint{.name = cell(r, 1),
                                          .sql = check_body(cell(r, 13), *t),
                                          .not_valid = !cell_true(r, 15),
                                          .no_inherit = cell_true(r, 17)});
      continue;
    }
    if (kind == "x") {
      Result<ExclusionConstraint> x = read_exclusion(r, *slot);
      if (!x) return std::move(x).error();
      t->exclusions.push_back(std::move(*x));
      continue;
    }
    Result<std::vector<std::string>> columns =
        column_names(slots, cell_number(r, 0), cell(r, 3), cell(r, 1));
    if (!columns) return std::move(columns).error();
    if (kind == "p") {
      t->primary_key_name = cell(r, 1);
      for (const auto& name : *columns) {
        if (Column* c = t->find_column(name)) c->primary_key = true;
      }
      t->primary_key_order = *columns;  // finish() drops it when it is table order
      t->primary_key_deferrable = cell_true(r, 11);
      t->primary_key_initially_deferred = cell_true(r, 12);
    } else if (kind == "u") {
      t->uniques.push_back(UniqueConstraint{.name = cell(r, 1),
                                            .columns = std::move(*columns),
                                            .deferrable = cell_true(r, 11),
                                            .initially_deferred = cell_true(r, 12),
                                            .nulls_not_distinct = cell_true(r, 14)});
    } else if (kind == "f") {
      Result<ForeignKey> fk = read_foreign_key(r, slots, std::move(*columns));
      if (!fk) return std::move(fk).error();
      t->foreign_keys.push_back(std::move(*fk));
    }
  }
  return {};
}

// One index row of the table in `slot`: keys are columns or expressions.
Result<Index> read_index(const Row& r, const TableSlot& slot) {
  Index index;
  index.name = cell(r, 1);
  index.unique = cell_true(r, 2);
  if (r[3]) index.where = canonical_expression(*r[3], &slot.table);
  const std::size_t key_count = cell_number(r, 4);
  const std::vector<int> attnums = numbers(cell(r, 5));
  const std::vector<int> flags = numbers(cell(r, 6));
  const std::vector<std::string> texts = r[7] ? json_strings(*r[7]) : std::vector<std::string>{};
  const std::vector<std::string> opclasses = json_strings(cell(r, 11));
  const std::vector<std::string> collations = json_strings(cell(r, 12));
  for (std::size_t k = 0; k < key_count && k < attnums.size(); ++k) {
    IndexKey key;
    const std::string* column = slot.column(attnums[k]);
    if (column != nullptr) {
      key.column = *column;
    } else if (k < texts.size()) {
      key.expression = canonical_expression(texts[k], &slot.table);
    } else {
      return Error::internal(
          fmt::format("index {} has key {} the catalog query did not describe", index.name, k + 1));
    }
    key.order = k < flags.size() && (flags[k] & 1) == 1 ? SortOrder::kDesc : SortOrder::kAsc;
    // indoption bit 2 is NULLS FIRST; the order's default is not spelled.
    const bool nulls_first = k < flags.size() && (flags[k] & 2) == 2;
    if (key.order == SortOrder::kAsc && nulls_first) key.nulls = NullsOrder::kFirst;
    if (key.order == SortOrder::kDesc && !nulls_first) key.nulls = NullsOrder::kLast;
    if (k < opclasses.size()) key.opclass = opclasses[k];
    if (k < collations.size()) key.collation = collations[k];
    index.keys.push_back(std::move(key));
  }
  for (std::size_t k = key_count; k < attnums.size(); ++k) {
    const std::string* column = slot.column(attnums[k]);
    if (column == nullptr) {
      return Error::internal(
          fmt::format("index {} includes column number {} the catalog query did not return",
                      index.name, attnums[k]));
    }
    index.include.push_back(*column);
  }
  if (const std::string& method = cell(r, 8); method != "btree") index.method = method;
  index.nulls_not_distinct = cell_true(r, 9);
  if (r[10]) index.storage = json_strings(*r[10]);
  std::sort(index.storage.begin(), index.storage.end());
  return index;
}

Status read_indexes(const Rows& rows, SlotMap& slots) {
  SlotCursor cursor(slots);
  for (const Row& r : rows.rows) {
    TableSlot* slot = cursor.find(r);
    if (slot == nullptr || slot->table.name.empty()) continue;
    Result<Index> index = read_index(r, *slot);
    if (!index) return std::move(index).error();
    slot->table.indexes.push_back(std::move(*index));
  }
  return {};
}

// A partition's columns and primary key are its parent's (the canonical
// form, core/ops/partition.hpp): they, and what was noted about them, are
// the parent's to report.
void forget_parents_columns(TableSlot& slot) {
  Table& t = slot.table;
  t.columns.clear();
  t.primary_key_name.clear();
  t.primary_key_order.clear();
  std::erase_if(slot.unmodelled, [](const Unmodelled& u) { return u.what.starts_with("column "); });
}

bool kept(const Table& t, const InspectOptions& options) {
  if (listed(options.exclude_tables, t)) return false;
  if (!options.only_tables.empty() && !listed(options.only_tables, t)) return false;
  return options.filter.manages(t);
}

// A partition goes with its table: one whose parent the options leave out
// is left out too.
bool parent_kept(const Table& t, const InspectOptions& options) {
  if (t.partition_of.empty()) return true;
  Table parent;
  parent.schema = t.partition_of_schema;
  parent.name = t.partition_of;
  return !listed(options.exclude_tables, parent) && options.filter.manages(parent);
}

// Moves the tables `options` keeps into `md`, in the order read, finished,
// with what each has that it cannot carry.
void keep_tables(SlotMap& slots, const std::vector<std::uint32_t>& order,
                 const InspectOptions& options, MetaData& md) {
  md.tables.reserve(order.size());
  for (std::uint32_t oid : order) {
    TableSlot& slot = slots.at(oid);
    Table& t = slot.table;
    if (!kept(t, options) || !parent_kept(t, options)) continue;
    if (!t.partition_of.empty()) forget_parents_columns(slot);
    // An integer primary key without identity or serial does not
    // autoincrement; say so, or finish() would derive that it does.
    for (auto& c : t.columns) {
      if (c.primary_key && !c.autoincrement) c.autoincrement_off = true;
    }
    for (auto& c : t.columns) {
      if (!c.generated.empty()) c.generated.sql = canonical_expression(c.generated.sql, &t);
    }
    t.finish();
    for (auto& c : t.columns) canonical_sequence(c, t.name);
    for (Unmodelled& u : slot.unmodelled) md.unmodelled.push_back(std::move(u));
    md.tables.push_back(std::move(t));
  }
}

// The views the options keep, and a slot for each materialized view, whose
// indexes read_indexes() then reads as a table's.
std::vector<std::pair<std::uint32_t, View>> read_views(const Rows& rows,
                                                       const InspectOptions& options,
                                                       SlotMap& slots) {
  std::vector<std::pair<std::uint32_t, View>> out;
  for (const Row& r : rows.rows) {
    View v;
    v.schema = normalize_schema_name(cell(r, 1));
    v.name = cell(r, 2);
    v.materialized = cell_true(r, 3);
    if (!options.only_tables.empty() || !options.filter.manages(v.kind(), v.schema, v.name)) {
      continue;
    }
    v.with_data = !v.materialized || cell_true(r, 4);
    v.query = cell(r, 5);
    v.comment = cell(r, 6);
    v.depends_on = json_strings(cell(r, 7));
    if (v.materialized) {
      TableSlot& slot = slots[cell_number(r, 0)];
      slot.table.schema = v.schema;
      slot.table.name = v.name;
      slot.column_by_attnum = json_strings(cell(r, 8));
    }
    out.emplace_back(cell_number(r, 0), std::move(v));
  }
  return out;
}

// The views, each materialized one with the indexes read into its slot.
void keep_views(std::vector<std::pair<std::uint32_t, View>> views, SlotMap& slots, MetaData& md) {
  for (auto& [oid, v] : views) {
    if (v.materialized) v.indexes = std::move(slots.at(oid).table.indexes);
    normalize_view(v);
    md.views.push_back(std::move(v));
  }
}

// The unmodelled query's rows the options keep: those of kept tables, and
// objects of their own unless only some tables were asked for.
void read_unmodelled(const Rows& rows, const InspectOptions& options, MetaData& md) {
  for (const Row& r : rows.rows) {
    Unmodelled u{cell(r, 0), normalize_schema_name(cell(r, 1)), cell(r, 2), cell(r, 3), cell(r, 4)};
    if (u.table.empty()) {
      if (!options.only_tables.empty()) continue;
    } else {
      Table owner;
      owner.schema = u.schema;
      owner.name = u.table;
      if (!kept(owner, options)) continue;
    }
    if (options.filter.manages(u)) md.unmodelled.push_back(std::move(u));
  }
}

}  // namespace

Result<MetaData> inspect_schema(Connection& conn, const InspectOptions& options) {
  Result<std::vector<std::string>> schemas = schemas_to_read(conn, options);
  if (!schemas) return std::move(schemas).error();
  Result<CatalogRows> rows = query_catalogs(conn, *schemas);
  if (!rows) return std::move(rows).error();

  MetaData md;
  const EnumsByOid enum_by_oid = read_enums(rows->enums, md);
  SlotMap slots;
  const std::vector<std::uint32_t> order = read_tables(rows->tables, slots);
  read_columns(rows->columns, slots, enum_by_oid);
  if (Status s = read_constraints(rows->constraints, slots); !s) return s.error();
  auto views = read_views(rows->views, options, slots);
  if (Status s = read_indexes(rows->indexes, slots); !s) return s.error();
  keep_tables(slots, order, options, md);
  keep_views(std::move(views), slots, md);
  read_objects(rows->objects, options, md);
  read_unmodelled(rows->unmodelled, options, md);
  sort_unmodelled(md.unmodelled);
  md.finish();
  return md;
}

}  // namespace retort::postgresql
