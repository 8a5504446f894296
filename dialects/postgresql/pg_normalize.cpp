// Types and defaults in the portable vocabulary; see pg_expression.cpp for
// expression text.
#include "dialects/postgresql/pg_normalize.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdlib>

#include "core/internal/text.hpp"
#include "core/types.hpp"
#include "dialects/postgresql/pg_objects.hpp"
#include "dialects/postgresql/pg_sql.hpp"
#include "dialects/postgresql/pg_view.hpp"

namespace retort::postgresql {
namespace {

using detail::lower;
constexpr auto& trim = detail::trim_view;  // a view into its argument

// "name(10,2)" -> {10, 2}; missing numbers stay 0.
void type_args(std::string_view s, int& a, int& b) {
  a = b = 0;
  const auto open = s.find('(');
  if (open == std::string_view::npos) return;
  std::string_view args = s.substr(open + 1);
  auto [p, ec] = std::from_chars(args.data(), args.data() + args.size(), a);
  if (ec != std::errc()) return;
  if (p < args.data() + args.size() && *p == ',') {
    (void)std::from_chars(p + 1, args.data() + args.size(), b);
  }
}

// Strips one "::type" suffix (and any that follow), outside quotes.
std::string_view strip_trailing_casts(std::string_view s) {
  bool in_quote = false;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] == '\'') in_quote = !in_quote;
    if (!in_quote && s[i] == ':' && s[i + 1] == ':') return trim(s.substr(0, i));
  }
  return s;
}

// 'it''s' -> it's; nullopt when `s` is not exactly one string literal.
std::optional<std::string> unquote_string(std::string_view s) {
  if (s.size() < 2 || s.front() != '\'' || s.back() != '\'') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\'') {
      if (i + 2 < s.size() && s[i + 1] == '\'') {
        out += '\'';
        ++i;
        continue;
      }
      return std::nullopt;  // two literals, e.g. 'a' || 'b'
    }
    out += s[i];
  }
  return out;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view s) {
  if (s.empty()) return std::nullopt;
  const std::string text(s);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(std::string_view s) {
  const std::string l = lower(s);
  if (l == "true" || l == "t" || l == "yes" || l == "on" || l == "1") return true;
  if (l == "false" || l == "f" || l == "no" || l == "off" || l == "0") return false;
  return std::nullopt;
}

bool is_float_kind(TypeKind k) {
  return k == TypeKind::kFloat || k == TypeKind::kReal || k == TypeKind::kNumeric;
}

// A literal (the text of a number, or an unquoted string) as the Literal the
// column's type reads it as; nullopt when it is not one.
std::optional<Literal> typed_literal(std::string_view text, bool quoted, const Type& type) {
  if (type.is_integer()) {
    if (auto v = parse_int(text)) return Literal{*v};
    return quoted ? std::optional<Literal>(Literal{std::string(text)}) : std::nullopt;
  }
  if (is_float_kind(type.kind)) {
    if (auto v = parse_double(text)) return Literal{*v};
    return quoted ? std::optional<Literal>(Literal{std::string(text)}) : std::nullopt;
  }
  if (type.kind == TypeKind::kBoolean) {
    if (auto v = parse_bool(text)) return Literal{*v};
    return quoted ? std::optional<Literal>(Literal{std::string(text)}) : std::nullopt;
  }
  if (quoted) return Literal{std::string(text)};
  // An unquoted number for a text column: keep it as the number it is.
  if (auto v = parse_int(text)) return Literal{*v};
  if (auto v = parse_double(text)) return Literal{*v};
  return std::nullopt;
}

// The functions PostgreSQL treats as the current transaction's timestamp.
bool is_current_timestamp(const std::string& canonical) {
  return canonical == "CURRENT_TIMESTAMP" || canonical == "now()" ||
         canonical == "transaction_timestamp()";
}

// A collation or operator class name without quotes, "schema.name" when
// qualified.
std::string unquoted_catalog_name(const std::string& name) {
  std::string out;
  for (const std::string& part : split_catalog_name(name)) {
    if (!out.empty()) out += '.';
    out += part;
  }
  return out;
}

// The canonical index: btree as "", each key's nulls order only when it is
// not its sort order's default, a key's collation only when it is not its
// column's, storage parameters by lower-case name, sorted.
void normalize_index_options(Index& index, const Table& table) {
  index.method = lower(std::string(trim(index.method)));
  if (index.method == "btree") index.method.clear();
  for (IndexKey& k : index.keys) {
    if ((k.order == SortOrder::kAsc && k.nulls == NullsOrder::kLast) ||
        (k.order == SortOrder::kDesc && k.nulls == NullsOrder::kFirst)) {
      k.nulls = NullsOrder::kDefault;
    }
    k.opclass = unquoted_catalog_name(std::string(trim(k.opclass)));
    k.collation = unquoted_catalog_name(std::string(trim(k.collation)));
    if (k.collation.empty() || k.column.empty()) continue;
    const Column* c = table.find_column(k.column);
    const std::string own = c == nullptr ? std::string() : unquoted_catalog_name(c->collation);
    if (k.collation == own || (own.empty() && k.collation == "default")) k.collation.clear();
  }
  for (std::string& item : index.storage) {
    const auto eq = item.find('=');
    std::string name = lower(std::string(trim(item.substr(0, eq))));
    if (eq != std::string::npos) name += "=" + std::string(trim(item.substr(eq + 1)));
    item = std::move(name);
  }
  std::sort(index.storage.begin(), index.storage.end());
}

// Generated columns, collations and table properties in the form the
// inspector reads them: every generated column STORED (PostgreSQL 15 has no
// VIRTUAL) with its expression canonical, storage parameters sorted, and
// SQLite's table properties cleared.
void normalize_properties(Table& t) {
  for (auto& c : t.columns) {
    if (c.generated.empty()) continue;
    c.generated.stored = true;
    c.generated.sql = canonical_expression(c.generated.sql, &t);
  }
  for (auto& c : t.columns) {
    if (c.collation == "default") c.collation.clear();
  }
  TableProperties& p = t.properties;
  for (auto& item : p.storage) {
    const auto eq = item.find('=');
    if (eq != std::string::npos) item = lower(item.substr(0, eq)) + item.substr(eq);
  }
  std::sort(p.storage.begin(), p.storage.end());
  p.sqlite_autoincrement = false;
  p.sqlite_without_rowid = false;
  p.sqlite_strict = false;
}

}  // namespace

std::string normalize_schema_name(std::string_view schema) {
  if (schema == "public") return {};
  return std::string(schema);
}

std::optional<Type> type_from_pg(std::string_view format_type) {
  const std::string_view t = trim(format_type);
  Type type;
  // "name(n)" or "name(p,s)" with the base spelled exactly `base`.
  auto with_args = [&](std::string_view base, int& a, int& b) {
    if (!t.starts_with(base) || t.size() < base.size() + 3 || t[base.size()] != '(' ||
        t.back() != ')') {
      return false;
    }
    const std::string_view args = t.substr(base.size() + 1, t.size() - base.size() - 2);
    if (args.find_first_not_of("0123456789,") != std::string_view::npos) return false;
    type_args(t, a, b);
    return true;
  };
  int unused = 0;
  static const std::pair<std::string_view, TypeKind> kExact[] = {
      {"integer", TypeKind::kInteger},
      {"bigint", TypeKind::kBigint},
      {"smallint", TypeKind::kSmallint},
      {"boolean", TypeKind::kBoolean},
      {"double precision", TypeKind::kFloat},
      {"real", TypeKind::kReal},
      {"numeric", TypeKind::kNumeric},
      {"character varying", TypeKind::kVarchar},
      {"text", TypeKind::kText},
      {"date", TypeKind::kDate},
      {"time without time zone", TypeKind::kTime},
      {"timestamp without time zone", TypeKind::kTimestamp},
      {"timestamp with time zone", TypeKind::kTimestamptz},
      {"uuid", TypeKind::kUuid},
      {"jsonb", TypeKind::kJson},
      {"bytea", TypeKind::kBlob},
  };
  for (const auto& [name, kind] : kExact) {
    if (t == name) {
      type.kind = kind;
      return type;
    }
  }
  if (with_args("numeric", type.precision, type.scale) && type.precision > 0) {
    type.kind = TypeKind::kNumeric;
  } else if (with_args("character varying", type.length, unused) && type.length > 0) {
    type.kind = TypeKind::kVarchar;
  } else if (with_args("character", type.length, unused) && type.length > 0) {
    type.kind = TypeKind::kChar;
  } else {
    return std::nullopt;
  }
  return type;
}

Type native_type(const Type& declared) {
  if (declared.kind != TypeKind::kNative) return declared;
  std::optional<std::string> canonical = canonical_type(declared.native);
  if (!canonical) return declared;
  if (std::optional<Type> portable = type_from_pg(*canonical)) return *portable;
  Type out = declared;
  out.native = std::move(*canonical);
  // A canonical name that is also a portable one (json, which is not jsonb;
  // a domain named blob) is the database's own on purpose: marked, a
  // revision file writes it with native = true, and it reads back as itself.
  if (parse_type(out.native)) out.native_marked = true;
  return out;
}

ColumnDefault default_from_pg(std::string_view expr, const Type& type) {
  ColumnDefault out;
  std::string_view e = trim(expr);
  if (e.empty()) return out;
  // Outer parentheses around a literal: ('x'::text), (-1).
  while (e.size() >= 2 && e.front() == '(' && e.back() == ')') {
    std::string_view inner = trim(e.substr(1, e.size() - 2));
    if (inner.find('(') != std::string_view::npos) break;
    e = inner;
  }
  std::string_view value = strip_trailing_casts(e);
  while (value.size() >= 2 && value.front() == '(' && value.back() == ')' &&
         value.find('(', 1) == std::string_view::npos) {
    value = trim(value.substr(1, value.size() - 2));
  }
  if (auto s = unquote_string(value)) {
    if (auto lit = typed_literal(*s, true, type)) {
      out.value = *lit;
      return out;
    }
  } else if (auto lit = typed_literal(value, false, type)) {
    out.value = *lit;
    return out;
  } else if (auto b = parse_bool(value);
             b && lower(value).find_first_of("01") == std::string::npos) {
    out.value = Literal{*b};
    return out;
  }
  std::string canonical = canonical_expression(e);
  if (is_current_timestamp(canonical)) canonical = "CURRENT_TIMESTAMP";
  // nextval('s') of a sequence of its own: the server keeps the argument as
  // 's'::regclass, the cast nextval's signature adds anyway.
  if (canonical.starts_with("nextval('") && canonical.ends_with("'::regclass)")) {
    canonical = canonical.substr(0, canonical.size() - 12) + "')";
  }
  out.sql = canonical;
  return out;
}

ColumnDefault normalize_default(const ColumnDefault& declared, const Type& type) {
  if (declared.empty()) return declared;
  return default_from_pg(declared.to_sql(), type);
}

std::string default_sequence_name(std::string_view table, std::string_view column) {
  return fmt::format("{}_{}_seq", table, column);
}

void canonical_sequence(Column& c, std::string_view table) {
  SequenceOptions& o = c.sequence;
  const bool has_sequence = !c.identity.empty() || c.serial || c.autoincrement;
  if (!has_sequence) {
    o = SequenceOptions{};
    return;
  }
  if (!c.serial || o.name == default_sequence_name(table, c.name)) o.name.clear();
  const std::int64_t type_max = c.type.kind == TypeKind::kSmallint  ? 32767
                                : c.type.kind == TypeKind::kInteger ? 2147483647
                                                                    : INT64_MAX;
  const std::int64_t type_min = c.type.kind == TypeKind::kSmallint  ? -32768
                                : c.type.kind == TypeKind::kInteger ? -2147483648LL
                                                                    : INT64_MIN;
  const std::int64_t increment = o.increment.value_or(1);
  const std::int64_t min = o.min.value_or(increment > 0 ? 1 : type_min);
  const std::int64_t max = o.max.value_or(increment > 0 ? type_max : -1);
  auto unset_if = [](std::optional<std::int64_t>& v, std::int64_t fallback) {
    if (v && *v == fallback) v.reset();
  };
  unset_if(o.start, increment > 0 ? min : max);
  unset_if(o.increment, 1);
  unset_if(o.min, increment > 0 ? 1 : type_min);
  unset_if(o.max, increment > 0 ? type_max : -1);
  unset_if(o.cache, 1);
}

namespace {

// "range (payment_date)" -> "RANGE (payment_date)", as pg_get_partkeydef
// prints a key; the key's own text is kept as written.
std::string partition_key_text(std::string_view key) {
  key = trim(key);
  std::size_t end = 0;
  while (end < key.size() && std::isalpha(static_cast<unsigned char>(key[end])) != 0) ++end;
  std::string out;
  for (char ch : key.substr(0, end))
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const std::string_view rest = trim(key.substr(end));
  return rest.empty() ? out : out + " " + std::string(rest);
}

// A bound as pg_get_expr(relpartbound) prints it: "FOR VALUES ..." or
// "DEFAULT" (a bound written without FOR VALUES gets it).
std::string partition_bound_text(std::string_view bound) {
  bound = trim(bound);
  if (lower(bound) == "default") return "DEFAULT";
  if (lower(bound.substr(0, 11)) == "for values ")
    return "FOR VALUES " + std::string(trim(bound.substr(11)));
  return "FOR VALUES " + std::string(bound);
}

// Partitioning in PostgreSQL's spelling. A partition's columns and primary
// key are its parent's: the canonical form leaves them out (a C++ model of
// a partition declares the parent's columns, for queries).
void normalize_partitioning(Table& t) {
  if (!t.partition_by.empty()) t.partition_by = partition_key_text(t.partition_by);
  if (t.partition_of.empty()) return;
  t.partition_of_schema = normalize_schema_name(t.partition_of_schema);
  t.partition_bound = partition_bound_text(t.partition_bound);
  t.columns.clear();
  t.primary_key_name.clear();
  t.primary_key_order.clear();
  t.primary_key_deferrable = false;
  t.primary_key_initially_deferred = false;
}

// Exclusion constraints: expressions and predicates in their canonical text,
// the access method lower-case.
void normalize_exclusions(Table& t) {
  for (auto& x : t.exclusions) {
    x.method = lower(trim(x.method));
    if (x.method.empty()) x.method = "gist";
    for (auto& e : x.elements) {
      if (!e.key.expression.empty()) e.key.expression = canonical_expression(e.key.expression, &t);
      e.op = std::string(trim(e.op));
    }
    if (!x.where.empty()) x.where = canonical_expression(x.where, &t);
    if (!x.deferrable) x.initially_deferred = false;
  }
}

}  // namespace

void normalize_view(View& v) {
  v.schema = normalize_schema_name(v.schema);
  ViewQuery q = read_view_query(v.query);
  v.canonical = std::move(q.canonical);
  // A reflected view keeps the catalog's dependencies (pg_depend).
  if (v.depends_on.empty()) v.depends_on = std::move(q.relations);
  if (!v.materialized) v.with_data = true;
  const Table no_columns;
  for (Index& i : v.indexes) {
    for (IndexKey& k : i.keys) {
      if (!k.expression.empty()) k.expression = canonical_expression(k.expression);
    }
    if (!i.where.empty()) i.where = canonical_expression(i.where);
    normalize_index_options(i, no_columns);
  }
  std::sort(v.indexes.begin(), v.indexes.end(),
            [](const Index& a, const Index& b) { return a.name < b.name; });
}

MetaData normalize_schema(const MetaData& declared) {
  MetaData out = declared;
  for (auto& e : out.enums) e.schema = normalize_schema_name(e.schema);
  for (auto& t : out.tables) {
    t.schema = normalize_schema_name(t.schema);
    normalize_partitioning(t);
    if (t.primary_key_name.empty() && !t.primary_key().empty()) {
      // The name PostgreSQL gives an unnamed primary key.
      t.primary_key_name = t.name + "_pkey";
    }
    for (auto& c : t.columns) {
      if (c.type.kind == TypeKind::kChar && c.type.length == 0) c.type.length = 1;
      c.type = native_type(c.type);
      c.default_ = normalize_default(c.default_, c.type);
    }
    t.finish();  // autoincrement, which canonical_sequence looks at
    for (auto& c : t.columns) canonical_sequence(c, t.name);
    for (auto& i : t.indexes) {
      for (auto& k : i.keys) {
        if (!k.expression.empty()) k.expression = canonical_expression(k.expression, &t);
      }
      if (!i.where.empty()) i.where = canonical_expression(i.where, &t);
      normalize_index_options(i, t);
    }
    for (auto& fk : t.foreign_keys) {
      fk.ref_schema = normalize_schema_name(fk.ref_schema);
      if (fk.on_delete == "no action") fk.on_delete.clear();
      if (fk.on_update == "no action") fk.on_update.clear();
      if (!fk.deferrable) fk.initially_deferred = false;
    }
    for (auto& ck : t.checks) ck.sql = canonical_expression(ck.sql, &t);
    normalize_properties(t);
    normalize_exclusions(t);
    t.finish();
  }
  for (auto& v : out.views) normalize_view(v);
  normalize_objects(out);
  for (auto& t : out.tables) {
    // The column types of enums carry their values too.
    for (auto& c : t.columns) {
      if (c.type.kind != TypeKind::kEnum) continue;
      if (const Enum* e = out.find_enum(t.schema, c.type.enum_name)) c.type.enum_values = e->values;
    }
  }
  out.finish();
  return out;
}

}  // namespace retort::postgresql
