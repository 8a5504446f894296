#include "dialects/postgresql/pg_objects.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/function_head.hpp"
#include "core/internal/text.hpp"
#include "core/trigger_head.hpp"
#include "dialects/postgresql/pg_function.hpp"
#include "dialects/postgresql/pg_normalize.hpp"
#include "dialects/postgresql/pg_trigger.hpp"

namespace retort::postgresql {

const char* const kObjectsSql = R"(
WITH owned AS (
  SELECT d.objid FROM pg_depend d WHERE d.deptype = 'e'
)
SELECT 'schema', n.nspname, n.nspname::text,
       json_build_object('comment', obj_description(n.oid, 'pg_namespace'))::text
FROM pg_namespace n
WHERE n.nspname = ANY($1::text[]) AND n.nspname <> 'public'
UNION ALL
SELECT 'extension', n.nspname, e.extname::text, json_build_object('version', e.extversion)::text
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
UNION ALL
SELECT 'sequence', n.nspname, c.relname::text, json_build_object(
         'type', format_type(s.seqtypid, NULL), 'start', s.seqstart, 'increment', s.seqincrement,
         'min', s.seqmin, 'max', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle,
         'owned_by', (SELECT t.relname || '.' || a.attname
                      FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                        AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' LIMIT 1),
         'comment', obj_description(c.oid, 'pg_class'))::text
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_sequence s ON s.seqrelid = c.oid
WHERE c.relkind = 'S' AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype IN ('i', 'e'))
  -- a serial column's own: owned by the column whose default calls it
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  JOIN pg_attrdef ad ON ad.adrelid = d.refobjid AND ad.adnum = d.refobjsubid
                  JOIN pg_depend dd ON dd.classid = 'pg_attrdef'::regclass AND dd.objid = ad.oid
                                   AND dd.refclassid = 'pg_class'::regclass
                                   AND dd.refobjid = c.oid
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a')
UNION ALL
SELECT 'domain', n.nspname, t.typname::text, json_build_object(
         'type', format_type(t.typbasetype, t.typtypmod), 'not_null', t.typnotnull,
         'default', t.typdefault,
         'collation', CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation
                           THEN (SELECT co.collname FROM pg_collation co
                                 WHERE co.oid = t.typcollation) END,
         'checks', coalesce((SELECT json_agg(json_build_array(con.conname,
                                                              pg_get_constraintdef(con.oid, true))
                                             ORDER BY con.conname)
                             FROM pg_constraint con
                             WHERE con.contypid = t.oid AND con.contype = 'c'), '[]'),
         'comment', obj_description(t.oid, 'pg_type'))::text
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type bt ON bt.oid = t.typbasetype
WHERE t.typtype = 'd' AND n.nspname = ANY($1::text[])
  AND t.oid NOT IN (SELECT objid FROM owned)
UNION ALL
SELECT 'composite_type', n.nspname, t.typname::text, json_build_object(
         'attributes', (SELECT json_agg(json_build_array(
                                 a.attname, format_type(a.atttypid, a.atttypmod),
                                 CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                                      THEN co.collname END) ORDER BY a.attnum)
                        FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                        LEFT JOIN pg_collation co ON co.oid = a.attcollation
                        WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped),
         'comment', obj_description(t.oid, 'pg_type'))::text
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid
WHERE t.typtype = 'c' AND c.relkind = 'c' AND n.nspname = ANY($1::text[])
  AND t.oid NOT IN (SELECT objid FROM owned)
UNION ALL
SELECT 'function', n.nspname, p.proname::text, json_build_object(
         'routine', CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                    ELSE 'function' END,
         'sql', CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) ELSE
           'CREATE AGGREGATE ' || quote_ident(n.nspname) || '.' || quote_ident(p.proname) ||
           '(' || coalesce(nullif(pg_get_function_arguments(p.oid), ''), '*') || ') (' ||
           concat_ws(', ',
             'SFUNC = ' || a.aggtransfn::regproc::text,
             'STYPE = ' || format_type(a.aggtranstype, NULL),
             CASE WHEN a.aggtransspace <> 0 THEN 'SSPACE = ' || a.aggtransspace END,
             CASE WHEN a.aggfinalfn <> 0 THEN 'FINALFUNC = ' || a.aggfinalfn::regproc::text END,
             CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END,
             'FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 'r' THEN 'READ_ONLY'
                                      WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END,
             CASE WHEN a.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || a.aggcombinefn::regproc::text END,
             CASE WHEN a.aggserialfn <> 0 THEN 'SERIALFUNC = ' || a.aggserialfn::regproc::text END,
             CASE WHEN a.aggdeserialfn <> 0
                  THEN 'DESERIALFUNC = ' || a.aggdeserialfn::regproc::text END,
             CASE WHEN a.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(a.agginitval) END,
             CASE WHEN a.aggmtransfn <> 0 THEN 'MSFUNC = ' || a.aggmtransfn::regproc::text END,
             CASE WHEN a.aggminvtransfn <> 0 THEN 'MINVFUNC = ' || a.aggminvtransfn::regproc::text END,
             CASE WHEN a.aggmtranstype <> 0 THEN 'MSTYPE = ' || format_type(a.aggmtranstype, NULL) END,
             CASE WHEN a.aggmtransspace <> 0 THEN 'MSSPACE = ' || a.aggmtransspace END,
             CASE WHEN a.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || a.aggmfinalfn::regproc::text END,
             CASE WHEN a.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END,
             CASE WHEN a.aggmtransfn <> 0 THEN
               'MFINALFUNC_MODIFY = ' || CASE a.aggmfinalmodify WHEN 'r' THEN 'READ_ONLY'
                                         WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END,
             CASE WHEN a.aggminitval IS NOT NULL
                  THEN 'MINITCOND = ' || quote_literal(a.aggminitval) END,
             CASE WHEN a.aggsortop <> 0 THEN 'SORTOP = ' || (SELECT o.oprname FROM pg_operator o
                                                            WHERE o.oid = a.aggsortop) END,
             CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE'
                                WHEN 'r' THEN 'PARALLEL = RESTRICTED' END,
             CASE WHEN a.aggkind = 'h' THEN 'HYPOTHETICAL' END) || ')' END,
         'comment', obj_description(p.oid, 'pg_proc'))::text
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
WHERE n.nspname = ANY($1::text[]) AND p.oid NOT IN (SELECT objid FROM owned)
UNION ALL
SELECT 'trigger', n.nspname, tg.tgname::text, json_build_object(
         'table', c.relname, 'sql', pg_get_triggerdef(tg.oid),
         'state', CASE tg.tgenabled WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
                                    WHEN 'A' THEN 'always' ELSE '' END,
         'comment', obj_description(tg.oid, 'pg_trigger'))::text
FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[]) AND NOT tg.tgisinternal AND tg.tgparentid = 0
  AND c.oid NOT IN (SELECT objid FROM owned)
ORDER BY 1, 2, 3)";

namespace {

using Json = nlohmann::json;

std::string text_of(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() || it->is_null() ? std::string() : it->get<std::string>();
}

// A type as format_type() prints it, as a column's is read.
Type type_of(const std::string& format) {
  if (auto type = type_from_pg(format)) return *type;
  Type t;
  t.kind = TypeKind::kNative;
  t.native = format;
  t.native_marked = true;  // the database has it
  return native_type(t);
}

// "CHECK ((VALUE > 0)) NOT VALID" -> "VALUE > 0" (canonical).
std::string domain_check_body(std::string def) {
  if (def.ends_with(" NOT VALID")) def.resize(def.size() - 10);
  if (def.starts_with("CHECK ")) def = def.substr(6);
  return def;
}

void canonical_options(Sequence& s) {
  // A column with an identity of the sequence's type has the same defaults.
  Column c;
  c.name = s.name;
  c.type = s.type;
  c.identity = "by default";
  c.sequence = s.options;
  canonical_sequence(c, "");
  s.options = c.sequence;
  s.options.name.clear();
}

}  // namespace

void read_objects(const Rows& rows, const InspectOptions& options, MetaData& md) {
  if (!options.only_tables.empty()) return;
  for (const Row& r : rows.rows) {
    if (r.size() < 4 || !r[0] || !r[2]) continue;
    const std::string& kind = *r[0];
    const std::string schema = normalize_schema_name(r[1] ? *r[1] : std::string());
    const std::string& name = *r[2];
    const Json j = Json::parse(r[3] ? *r[3] : std::string("{}"));
    if (kind == "schema") {
      Schema s{.name = name, .comment = text_of(j, "comment")};
      if (options.filter.manages(s.kind(), s.name, s.name)) md.schemas.push_back(std::move(s));
    } else if (kind == "extension") {
      Extension e{.name = name, .schema = schema, .version = text_of(j, "version")};
      if (options.filter.manages(e.kind(), e.schema, e.name)) md.extensions.push_back(std::move(e));
    } else if (kind == "sequence") {
      Sequence s;
      s.schema = schema;
      s.name = name;
      s.type = type_of(text_of(j, "type"));
      s.options.start = j.at("start").get<std::int64_t>();
      s.options.increment = j.at("increment").get<std::int64_t>();
      s.options.min = j.at("min").get<std::int64_t>();
      s.options.max = j.at("max").get<std::int64_t>();
      s.options.cache = j.at("cache").get<std::int64_t>();
      s.options.cycle = j.at("cycle").get<bool>();
      s.owned_by = text_of(j, "owned_by");
      s.comment = text_of(j, "comment");
      if (options.filter.manages(s.kind(), s.schema, s.name)) md.sequences.push_back(std::move(s));
    } else if (kind == "domain") {
      Domain d;
      d.schema = schema;
      d.name = name;
      d.type = type_of(text_of(j, "type"));
      if (std::string def = text_of(j, "default"); !def.empty()) {
        d.default_ = default_from_pg(def, d.type);
      }
      d.not_null = j.value("not_null", false);
      d.collation = text_of(j, "collation");
      for (const Json& c : j.at("checks")) {
        d.checks.push_back(
            DomainCheck{.name = c.at(0).get<std::string>(),
                        .expression = domain_check_body(c.at(1).get<std::string>())});
      }
      d.comment = text_of(j, "comment");
      if (options.filter.manages(d.kind(), d.schema, d.name)) md.domains.push_back(std::move(d));
    } else if (kind == "composite_type") {
      CompositeType t;
      t.schema = schema;
      t.name = name;
      if (const auto a = j.find("attributes"); a != j.end() && a->is_array()) {
        for (const Json& attribute : *a) {
          t.attributes.push_back(TypeAttribute{
              attribute.at(0).get<std::string>(), type_of(attribute.at(1).get<std::string>()),
              attribute.at(2).is_null() ? std::string() : attribute.at(2).get<std::string>()});
        }
      }
      t.comment = text_of(j, "comment");
      if (options.filter.manages(t.kind(), t.schema, t.name)) {
        md.composite_types.push_back(std::move(t));
      }
    } else if (kind == "function") {
      Function f;
      f.schema = schema;
      f.name = name;
      f.sql = text_of(j, "sql");
      f.routine = text_of(j, "routine");
      f.comment = text_of(j, "comment");
      if (options.filter.manages(f.kind(), f.schema, f.name)) md.functions.push_back(std::move(f));
    } else if (kind == "trigger") {
      Trigger t;
      t.schema = schema;
      t.name = name;
      t.table = text_of(j, "table");
      t.sql = text_of(j, "sql");
      t.state = text_of(j, "state");
      t.comment = text_of(j, "comment");
      if (options.filter.manages(t)) md.triggers.push_back(std::move(t));
    }
  }
  normalize_objects(md);
}

void normalize_objects(MetaData& md) {
  std::erase_if(md.schemas, [](const Schema& s) { return normalize_schema_name(s.name).empty(); });
  // A schema without a comment that something lives in says no more than
  // being implied (core/object_diff.hpp): kept only when it holds nothing.
  // (The schemas are set aside, not the tables copied: this runs on every
  // inspect.)
  std::vector<Schema> schemas = std::move(md.schemas);
  md.schemas.clear();
  const std::vector<std::string> used = md.used_schemas();
  md.schemas = std::move(schemas);
  std::erase_if(md.schemas, [&](const Schema& s) {
    return s.comment.empty() && std::binary_search(used.begin(), used.end(), s.name);
  });
  for (Extension& e : md.extensions) e.schema = normalize_schema_name(e.schema);
  for (Sequence& s : md.sequences) {
    s.schema = normalize_schema_name(s.schema);
    canonical_options(s);
  }
  for (Domain& d : md.domains) {
    d.schema = normalize_schema_name(d.schema);
    if (d.type.kind == TypeKind::kChar && d.type.length == 0) d.type.length = 1;
    d.type = native_type(d.type);
    d.default_ = normalize_default(d.default_, d.type);
    for (DomainCheck& c : d.checks) c.expression = canonical_expression(c.expression);
  }
  for (Function& f : md.functions) normalize_function(f);
  for (Trigger& t : md.triggers) normalize_trigger(t);
  for (CompositeType& t : md.composite_types) {
    t.schema = normalize_schema_name(t.schema);
    for (TypeAttribute& a : t.attributes) {
      if (a.type.kind == TypeKind::kChar && a.type.length == 0) a.type.length = 1;
      a.type = native_type(a.type);
    }
  }
}

namespace {

// A statement without surrounding space and trailing semicolons.
std::string bare_statement(std::string sql) {
  sql = detail::trim(sql);
  while (!sql.empty() && sql.back() == ';') sql = detail::trim(sql.substr(0, sql.size() - 1));
  return sql;
}

}  // namespace

void normalize_function(Function& f) {
  f.sql = without_or_replace(bare_statement(f.sql));
  FunctionStatement st = read_function_statement(f.sql);
  if (!st.error.empty()) {
    // Compared as text; the server says what is wrong when it runs.
    f.schema = normalize_schema_name(f.schema);
    f.canonical.clear();
    return;
  }
  // The default schema goes unsaid, as a table's does: the statement then
  // creates the function where an unqualified CREATE TABLE puts a table.
  if (st.schema.empty()) f.sql = unqualified_sql(f.sql);
  f.routine = st.routine;
  f.schema = st.schema;
  f.name = st.name;
  f.arguments = st.arguments;
  f.canonical = std::move(st.canonical);
  f.signature = std::move(st.signature);
  f.depends_on = std::move(st.depends_on);
}

void normalize_trigger(Trigger& t) {
  t.sql = bare_statement(t.sql);
  TriggerStatement st = read_trigger_statement(t.sql);
  if (!st.error.empty()) {
    t.schema = normalize_schema_name(t.schema);
    t.canonical.clear();
    return;
  }
  // As a function's: the default schema goes unsaid.
  if (st.schema.empty()) t.sql = unqualified_trigger_sql(t.sql);
  t.schema = st.schema;
  t.table = st.table;
  t.name = st.name;
  t.function = st.function;
  t.canonical = std::move(st.canonical);
}

}  // namespace retort::postgresql
