// Canonical expression text, read with PostgreSQL's own grammar
// (libpg_query) and printed back from the tree.
//
// The parser tells a column "user" from the session role user, so printing
// from its tree keeps every identifier what it was: names are quoted exactly
// where PostgreSQL's quote_ident would quote them (keywords other than
// unreserved ones, upper case, odd characters). On the tree, the rewriting the
// server does when it stores an expression is undone for both sides: the
// casts it adds, = ANY (ARRAY[...]) for IN, ~~ for LIKE, BETWEEN spelt out.
// Only rewrites that keep the meaning are made, because the canonical form of
// a declared expression is also what gets executed. Text the printer does not
// know is returned as it came (trimmed): never changed, at worst compared
// verbatim.
#include <fmt/format.h>
#include <pg_query.h>

#include <cctype>
#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/internal/text.hpp"
#include "dialects/postgresql/pg_normalize.hpp"

namespace retort::postgresql {
namespace {

using Json = nlohmann::json;

// Thrown for a tree the printer does not know; canonical_expression then
// keeps the text as it was.
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using detail::trim_view;

// --- keywords, from the grammar itself -------------------------------------

// Reads one varint of protobuf wire format at `p`; false past `end`.
bool read_varint(const unsigned char*& p, const unsigned char* end, std::uint64_t& out) {
  out = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    const unsigned char b = *p++;
    out |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

// The keyword kind pg_query_scan gives the first token of `word`
// (0 none, 1 unreserved, 2 column name, 3 type or function name, 4 reserved).
// ScanResult is {1: version, 2: repeated ScanToken {1 start, 2 end, 4 token,
// 5 keyword_kind}}; only these few fields are read.
int scan_keyword_kind(const std::string& word) {
  PgQueryScanResult r = pg_query_scan(word.c_str());
  int kind = 0;
  if (r.error == nullptr) {
    const auto* p = reinterpret_cast<const unsigned char*>(r.pbuf.data);
    const auto* end = p + r.pbuf.len;
    bool first_token = true;
    while (p < end && first_token) {
      std::uint64_t tag = 0, value = 0;
      if (!read_varint(p, end, tag)) break;
      if ((tag & 7) == 0) {
        if (!read_varint(p, end, value)) break;
      } else if ((tag & 7) == 2) {
        if (!read_varint(p, end, value) || value > static_cast<std::uint64_t>(end - p)) break;
        if ((tag >> 3) == 2) {
          const unsigned char* q = p;
          const unsigned char* token_end = p + value;
          while (q < token_end) {
            std::uint64_t ftag = 0, fvalue = 0;
            if (!read_varint(q, token_end, ftag) || (ftag & 7) != 0) break;
            if (!read_varint(q, token_end, fvalue)) break;
            if ((ftag >> 3) == 5) kind = static_cast<int>(fvalue);
          }
          first_token = false;
        }
        p += value;
      } else {
        break;
      }
    }
  }
  pg_query_free_scan_result(r);
  return kind;
}

int keyword_kind(const std::string& word) {
  static std::mutex mutex;
  static std::map<std::string, int> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(word);
  if (it == cache.end()) it = cache.emplace(word, scan_keyword_kind(word)).first;
  return it->second;
}

bool needs_quotes(const std::string& name) {
  if (name.empty() || !(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return true;
  }
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::islower(u) || std::isdigit(u) || c == '_' || c == '$')) return true;
  }
  // As quote_ident: every keyword but the unreserved ones is quoted.
  return keyword_kind(name) >= 2;
}

std::string quote_always(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string quote_ident(const std::string& name) {
  return needs_quotes(name) ? quote_always(name) : name;
}

std::string quote_literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// --- tree access ------------------------------------------------------------

// A node is {"Kind": {...}}.
const std::string& kind_of(const Json& node) {
  if (!node.is_object() || node.size() != 1) throw Unsupported("not a node");
  return node.begin().key();
}
const Json& body_of(const Json& node) { return node.begin().value(); }

bool is(const Json& node, std::string_view kind) {
  return node.is_object() && node.size() == 1 && node.begin().key() == kind;
}

std::string string_value(const Json& node) {
  if (!is(node, "String")) throw Unsupported("name is not a string");
  return body_of(node).value("sval", std::string());
}

std::vector<std::string> names(const Json& list) {
  std::vector<std::string> out;
  for (const auto& n : list) out.push_back(string_value(n));
  return out;
}

// The operator of an A_Expr: "=", "~~", ... (schema-qualified ones refused).
std::string operator_name(const Json& a_expr) {
  const auto n = names(a_expr.at("name"));
  if (n.size() != 1) throw Unsupported("qualified operator");
  return n[0];
}

Json make_op(const std::string& op, Json left, Json right) {
  Json e = {{"kind", "AEXPR_OP"}, {"name", Json::array({{{"String", {{"sval", op}}}}})}};
  e["lexpr"] = std::move(left);
  e["rexpr"] = std::move(right);
  return {{"A_Expr", std::move(e)}};
}

Json make_bool(const std::string& boolop, Json args) {
  return {{"BoolExpr", {{"boolop", boolop}, {"args", std::move(args)}}}};
}

// --- types ------------------------------------------------------------------
//
// A type name printed as format_type() prints it, from the parser's TypeName
// (format_type.c): the grammar's own spellings (int, double precision,
// varchar(n), timestamp(3) with time zone, interval day to second(2), bit,
// ARRAY) arrive as pg_catalog names with raw modifiers.

// Built-in types by internal name, as format_type names them; those whose
// modifiers it prints in its own way are handled in type_text().
const std::map<std::string, std::string>& builtin_type_names() {
  static const std::map<std::string, std::string> k = {
      {"int4", "integer"},
      {"int8", "bigint"},
      {"int2", "smallint"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"bool", "boolean"},
      {"varchar", "character varying"},
      {"bpchar", "character"},
      {"varbit", "bit varying"},
      {"bit", "bit"},
      {"numeric", "numeric"},
      {"interval", "interval"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp", "timestamp without time zone"},
      {"timetz", "time with time zone"},
      {"time", "time without time zone"},
  };
  return k;
}

// A builtin's format_type name: pg_catalog.int4 -> integer; "" for others.
std::string builtin_type_name(const std::string& name) {
  const auto& k = builtin_type_names();
  auto it = k.find(name);
  return it == k.end() ? std::string() : it->second;
}

// Other pg_catalog types format_type prints by their own name, each with an
// array type of the internal name _name (_text is text[]). Only these are
// read as arrays by that name: a type of one's own may start with `_`.
bool is_catalog_element_type(const std::string& name) {
  static const std::set<std::string> k = {
      "text",
      "char",
      "name",
      "oid",
      "bytea",
      "uuid",
      "json",
      "jsonb",
      "jsonpath",
      "xml",
      "money",
      "inet",
      "cidr",
      "macaddr",
      "macaddr8",
      "date",
      "point",
      "line",
      "lseg",
      "box",
      "path",
      "polygon",
      "circle",
      "tsvector",
      "tsquery",
      "int4range",
      "int8range",
      "numrange",
      "tsrange",
      "tstzrange",
      "daterange",
      "int4multirange",
      "int8multirange",
      "nummultirange",
      "tsmultirange",
      "tstzmultirange",
      "datemultirange",
      "regclass",
      "regtype",
      "regproc",
      "regprocedure",
      "regoper",
      "regoperator",
      "regconfig",
      "regdictionary",
      "regnamespace",
      "regrole",
      "regcollation",
      "pg_lsn",
      "txid_snapshot",
      "pg_snapshot",
      "tid",
      "xid",
      "xid8",
      "cid",
      "refcursor",
      "aclitem",
      "int2vector",
      "oidvector",
      "record",
  };
  return k.contains(name);
}

// The fields of an interval typmod's range mask (INTERVAL_MASK bits of
// datetime.h), as intervaltypmodout prints them; nullopt for a mask it does
// not print.
std::optional<std::string> interval_fields(int mask) {
  constexpr int kMonth = 1 << 1, kYear = 1 << 2, kDay = 1 << 3, kHour = 1 << 10, kMinute = 1 << 11,
                kSecond = 1 << 12, kFullRange = 0x7FFF;
  static const std::map<int, std::string> k = {
      {kYear, " year"},
      {kMonth, " month"},
      {kDay, " day"},
      {kHour, " hour"},
      {kMinute, " minute"},
      {kSecond, " second"},
      {kYear | kMonth, " year to month"},
      {kDay | kHour, " day to hour"},
      {kDay | kHour | kMinute, " day to minute"},
      {kDay | kHour | kMinute | kSecond, " day to second"},
      {kHour | kMinute, " hour to minute"},
      {kHour | kMinute | kSecond, " hour to second"},
      {kMinute | kSecond, " minute to second"},
      {kFullRange, ""},
  };
  auto it = k.find(mask);
  if (it == k.end()) return std::nullopt;
  return it->second;
}

std::vector<int> typmod_numbers(const Json& type_name) {
  std::vector<int> out;
  for (const auto& m : type_name.value("typmods", Json::array())) {
    if (!is(m, "A_Const") || !body_of(m).contains("ival")) throw Unsupported("typmod");
    out.push_back(body_of(m).at("ival").value("ival", 0));
  }
  return out;
}

struct TypeText {
  std::string base;  // canonical name, no modifiers: "character varying"
  std::string full;  // as printed: "character varying(10)[]"
};

// "timestamp(3) with time zone": the precision goes after the first word.
std::string with_precision(const std::string& base, const std::vector<int>& mods) {
  if (mods.empty()) return base;
  if (mods.size() != 1) throw Unsupported("typmod");
  const std::size_t space = base.find(' ');
  return base.substr(0, space) + "(" + std::to_string(mods[0]) + ")" +
         (space == std::string::npos ? std::string() : base.substr(space));
}

TypeText type_text(const Json& type_name) {
  if (type_name.value("setof", false) || type_name.value("pct_type", false)) {
    throw Unsupported("type form");
  }
  auto n = names(type_name.at("names"));
  const bool catalog = n.size() == 2 && n[0] == "pg_catalog";
  if (catalog || (n.size() == 2 && n[0] == "public")) n.erase(n.begin());
  std::vector<int> mods = typmod_numbers(type_name);
  bool array = type_name.contains("arrayBounds");
  TypeText t;
  std::string builtin;
  if (n.size() == 1) {
    // An array type by its internal name: _int4 is integer[], _char is
    // "char"[].
    if (n[0].size() > 1 && n[0][0] == '_' &&
        (!builtin_type_name(n[0].substr(1)).empty() || is_catalog_element_type(n[0].substr(1)))) {
      n[0].erase(0, 1);
      array = true;
    }
    // "char" (quoted: the one-byte type) is not char (bpchar), which the
    // grammar spells pg_catalog.bpchar.
    if (!(n[0] == "char" && !catalog)) builtin = builtin_type_name(n[0]);
  }
  if (!builtin.empty()) {
    t.base = builtin;
    if (builtin == "bit" && mods.empty()) {
      // No modifier: the grammar's BIT is bit(1), so this one came by the
      // quoted or internal name ("bit", _bit), which format_type quotes.
      t.full = "\"bit\"";
    } else if (builtin == "character varying" || builtin == "bit varying" || builtin == "bit") {
      if (mods.size() > 1) throw Unsupported("typmod");
      t.full = mods.empty() ? builtin : builtin + "(" + std::to_string(mods[0]) + ")";
    } else if (builtin == "character") {
      if (mods.size() > 1) throw Unsupported("typmod");
      t.full = mods.empty() ? "bpchar" : "character(" + std::to_string(mods[0]) + ")";
      if (mods.empty()) t.base = "bpchar";
    } else if (builtin == "numeric") {
      if (mods.size() > 2) throw Unsupported("typmod");
      t.full = mods.empty() ? builtin
                            : fmt::format("numeric({},{})", mods[0], mods.size() > 1 ? mods[1] : 0);
    } else if (builtin == "interval") {
      t.full = builtin;
      if (!mods.empty()) {
        std::optional<std::string> fields = interval_fields(mods[0]);
        if (!fields || mods.size() > 2) throw Unsupported("interval typmod");
        t.full += *fields;
        if (mods.size() == 2) t.full += "(" + std::to_string(mods[1]) + ")";
      }
    } else if (builtin.starts_with("time")) {
      t.full = with_precision(builtin, mods);
    } else {
      if (!mods.empty()) throw Unsupported("typmod");
      t.full = builtin;
    }
  } else {
    for (const auto& part : n) {
      if (!t.full.empty()) t.full += '.';
      t.full += quote_ident(part);
    }
    t.base = t.full;
    if (!mods.empty()) {
      t.full += "(";
      for (std::size_t i = 0; i < mods.size(); ++i) {
        t.full += (i > 0 ? "," : "") + std::to_string(mods[i]);
      }
      t.full += ")";
    }
  }
  if (array) t.full += "[]";
  return t;
}

bool is_text_type(const std::string& base) {
  return base == "text" || base == "character varying" || base == "character" || base == "name";
}

bool is_numeric_type(const std::string& base) {
  return base == "integer" || base == "bigint" || base == "smallint" || base == "numeric" ||
         base == "double precision" || base == "real";
}

// Built-in types whose literal casts carry meaning (an interval or a date
// literal is not a string); casts of string literals to other types, such as
// an enum, are the server's: the literal takes the type of its counterpart.
bool keeps_literal_cast(const std::string& base) {
  static const std::set<std::string> k = {"interval",
                                          "date",
                                          "timestamp without time zone",
                                          "timestamp with time zone",
                                          "time without time zone",
                                          "time with time zone",
                                          "json",
                                          "jsonb",
                                          "bytea",
                                          "uuid",
                                          "boolean",
                                          "regclass",
                                          "regtype"};
  return k.contains(base);
}

bool is_integer_text(const std::string& s) {
  std::size_t i = s.starts_with('-') ? 1 : 0;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool is_comparison(const std::string& op) {
  return op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

// --- normalisation on the tree ----------------------------------------------

class Normaliser {
 public:
  // `source`: the text the tree was parsed from (its locations point there).
  Normaliser(std::string_view source, const Table* table) : source_(source), table_(table) {}

  // `in_comparison`: the node is an operand of =, <>, <, <=, > or >=.
  Json run(const Json& node, bool in_comparison = false) {
    const std::string& kind = kind_of(node);
    const Json& b = body_of(node);
    if (kind == "TypeCast") return cast(b, in_comparison);
    if (kind == "A_Expr") return a_expr(b);
    if (kind == "BoolExpr") return bool_expr(b);
    if (kind == "A_Const" && b.contains("ival")) return integer_constant(b);
    Json out = node;
    Json& ob = out.begin().value();
    ob.erase("location");
    for (const char* child : {"arg", "defresult", "expr", "result", "xpr"}) {
      if (ob.contains(child)) ob[child] = run(ob[child]);
    }
    for (const char* list : {"args", "elements", "fields"}) {
      if (!ob.contains(list)) continue;
      // An ARRAY's elements are compared wherever the ARRAY is.
      const bool compared = in_comparison && std::string_view(list) == "elements";
      for (auto& item : ob[list]) {
        if (!is(item, "String") && !is(item, "A_Star")) item = run(item, compared);
      }
    }
    return out;
  }

 private:
  // libpg_query 15-4.0's JSON drops the value of a negative integer
  // constant ("ival": {} for -1), so the number is read from the source.
  Json integer_constant(const Json& b) const {
    if (!b.contains("location")) return {{"A_Const", b}};
    const int location = b.value("location", -1);
    if (location < 0 || static_cast<std::size_t>(location) >= source_.size()) {
      throw Unsupported("constant location");
    }
    std::size_t i = static_cast<std::size_t>(location);
    bool negative = false;
    if (source_[i] == '-') {
      negative = true;
      ++i;
      while (i < source_.size() && std::isspace(static_cast<unsigned char>(source_[i]))) ++i;
    }
    std::int64_t value = 0;
    const std::size_t digits = i;
    while (i < source_.size() && std::isdigit(static_cast<unsigned char>(source_[i]))) {
      value = value * 10 + (source_[i] - '0');
      if (value > (std::int64_t{1} << 40)) throw Unsupported("integer constant");
      ++i;
    }
    if (i == digits) throw Unsupported("integer constant");
    const std::int64_t parsed = b.at("ival").value("ival", std::int64_t{0});
    if (!negative && parsed != value) throw Unsupported("integer constant");
    return {{"A_Const", {{"ival", {{"ival", negative ? -value : value}}}}}};
  }

  // Type of a column the expression names, when the table is known.
  const Column* column_of(const Json& node) const {
    if (table_ == nullptr || !is(node, "ColumnRef")) return nullptr;
    const Json& fields = body_of(node).at("fields");
    if (fields.size() != 1 || !is(fields[0], "String")) return nullptr;
    return table_->find_column(string_value(fields[0]));
  }

  Json cast(const Json& b, bool in_comparison) {
    const TypeText type = type_text(b.at("typeName"));
    Json arg = run(b.at("arg"), in_comparison);
    const bool string_const = is(arg, "A_Const") && body_of(arg).contains("sval");
    const bool integer_const = is(arg, "A_Const") && body_of(arg).contains("ival");
    if (is_text_type(type.base)) {
      // (name)::text and 'x'::character varying are the server's; a
      // column of another type keeps its cast, which changes its meaning.
      if (string_const) return arg;
      // ARRAY['a'::character varying, ...]::text[]: the strings alone. An
      // empty ARRAY[] keeps its cast: without it the array has no type.
      if (is(arg, "A_ArrayExpr")) {
        const Json& elements = body_of(arg).value("elements", Json::array());
        bool all_strings = !elements.empty();
        for (const auto& e : elements) {
          all_strings = all_strings && is(e, "A_Const") && body_of(e).contains("sval");
        }
        if (all_strings) return arg;
      }
      if (is(arg, "ColumnRef")) {
        const Column* c = column_of(arg);
        if (table_ == nullptr ||
            (c != nullptr && c->type.is_text() && c->type.kind != TypeKind::kEnum)) {
          return arg;
        }
      }
    }
    if (is_numeric_type(type.base) && in_comparison) {
      // (0)::numeric, '-1'::integer beside a column: the number alone.
      if (integer_const) return arg;
      if (string_const) {
        const std::string s = body_of(arg).at("sval").value("sval", std::string());
        if (is_integer_text(s)) {
          return {{"A_Const", {{"ival", {{"ival", std::stoll(s)}}}}}};
        }
      }
    }
    if (string_const && !is_numeric_type(type.base) && !keeps_literal_cast(type.base) &&
        !is_text_type(type.base)) {
      return arg;
    }
    Json out = {{"TypeCast", {{"arg", std::move(arg)}, {"typeName", b.at("typeName")}}}};
    out["TypeCast"]["typeName"].erase("location");
    return out;
  }

  Json a_expr(const Json& b) {
    const std::string kind = b.value("kind", std::string());
    if (kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN") {
      // The server stores BETWEEN spelt out.
      const Json& bounds = b.at("rexpr").at("List").at("items");
      if (bounds.size() != 2) throw Unsupported("between");
      const bool negated = kind == "AEXPR_NOT_BETWEEN";
      Json low = make_op(negated ? "<" : ">=", b.at("lexpr"), bounds[0]);
      Json high = make_op(negated ? ">" : "<=", b.at("lexpr"), bounds[1]);
      return run(make_bool(negated ? "OR_EXPR" : "AND_EXPR", Json::array({low, high})));
    }
    if (kind == "AEXPR_SYMMETRIC_BETWEEN" || kind == "AEXPR_NOT_SYMMETRIC_BETWEEN" ||
        kind == "AEXPR_SIMILAR") {
      throw Unsupported(kind);
    }
    Json out = b;
    out.erase("location");
    std::string op = operator_name(b);
    if (kind == "AEXPR_OP" && (op == "~~" || op == "!~~" || op == "~~*" || op == "!~~*")) {
      out["kind"] = op.find('*') == std::string::npos ? "AEXPR_LIKE" : "AEXPR_ILIKE";
    }
    const std::string k = out["kind"];
    const bool compare = (k == "AEXPR_OP" && is_comparison(op)) || k == "AEXPR_IN" ||
                         k == "AEXPR_OP_ANY" || k == "AEXPR_OP_ALL" || k == "AEXPR_DISTINCT" ||
                         k == "AEXPR_NOT_DISTINCT";
    if (out.contains("lexpr")) out["lexpr"] = run(out["lexpr"], compare);
    if (out.contains("rexpr")) {
      if (is(out["rexpr"], "List")) {
        for (auto& item : out["rexpr"]["List"]["items"]) item = run(item, compare);
      } else {
        out["rexpr"] = run(out["rexpr"], compare);
      }
    }
    if (((k == "AEXPR_OP_ANY" && op == "=") || (k == "AEXPR_OP_ALL" && op == "<>")) &&
        is(out["rexpr"], "A_ArrayExpr")) {
      // x = ANY (ARRAY[1, 2]) is how the server stores x IN (1, 2).
      out["kind"] = "AEXPR_IN";
      out["rexpr"] = {
          {"List", {{"items", body_of(out["rexpr"]).value("elements", Json::array())}}}};
    }
    return {{"A_Expr", std::move(out)}};
  }

  // Nested ANDs (and ORs) are one: the server prints (a AND b) AND c for
  // what reads back as a AND b AND c in other places.
  Json bool_expr(const Json& b) {
    const std::string op = b.at("boolop");
    Json args = Json::array();
    for (const auto& a : b.at("args")) {
      Json n = run(a);
      if (op != "NOT_EXPR" && is(n, "BoolExpr") && body_of(n).at("boolop") == op) {
        for (const auto& inner : body_of(n).at("args")) args.push_back(inner);
      } else {
        args.push_back(std::move(n));
      }
    }
    return make_bool(op, std::move(args));
  }

  std::string_view source_;
  const Table* table_;
};

// --- printing ---------------------------------------------------------------

struct Printed {
  std::string text;
  bool atom;  // needs no parentheses as an operand
};

Printed print(const Json& node);

std::string operand(const Json& node) {
  Printed p = print(node);
  return p.atom ? p.text : "(" + p.text + ")";
}

std::string list(const Json& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += print(item).text;
  }
  return out;
}

std::string constant(const Json& b) {
  if (b.value("isnull", false)) return "NULL";
  if (b.contains("ival")) return std::to_string(b.at("ival").value("ival", std::int64_t{0}));
  if (b.contains("fval")) return b.at("fval").value("fval", std::string());
  if (b.contains("boolval")) return b.at("boolval").value("boolval", false) ? "true" : "false";
  if (b.contains("sval")) return quote_literal(b.at("sval").value("sval", std::string()));
  throw Unsupported("constant");
}

Printed print_a_expr(const Json& b) {
  const std::string kind = b.at("kind");
  const std::string op = operator_name(b);
  const bool has_left = b.contains("lexpr");
  if (kind == "AEXPR_OP") {
    if (!has_left) return {op + operand(b.at("rexpr")), false};
    return {operand(b.at("lexpr")) + " " + op + " " + operand(b.at("rexpr")), false};
  }
  if (!has_left) throw Unsupported("operand");
  const std::string left = operand(b.at("lexpr"));
  if (kind == "AEXPR_LIKE" || kind == "AEXPR_ILIKE") {
    std::string word = kind == "AEXPR_LIKE" ? "LIKE" : "ILIKE";
    if (op.starts_with('!')) word = "NOT " + word;
    return {left + " " + word + " " + operand(b.at("rexpr")), false};
  }
  if (kind == "AEXPR_IN") {
    const Json& items = b.at("rexpr").at("List").at("items");
    return {left + (op == "=" ? " IN (" : " NOT IN (") + list(items) + ")", false};
  }
  if (kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") {
    return {left + " " + op + (kind == "AEXPR_OP_ANY" ? " ANY (" : " ALL (") +
                print(b.at("rexpr")).text + ")",
            false};
  }
  if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT") {
    return {left + (kind == "AEXPR_DISTINCT" ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ") +
                operand(b.at("rexpr")),
            false};
  }
  if (kind == "AEXPR_NULLIF") {
    return {"NULLIF(" + print(b.at("lexpr")).text + ", " + print(b.at("rexpr")).text + ")", true};
  }
  throw Unsupported(kind);
}

Printed print_bool(const Json& b) {
  const std::string op = b.at("boolop");
  const Json& args = b.at("args");
  if (op == "NOT_EXPR") return {"NOT " + operand(args.at(0)), false};
  std::string out;
  for (const auto& a : args) {
    if (!out.empty()) out += op == "AND_EXPR" ? " AND " : " OR ";
    // AND binds tighter than OR: only an OR inside an AND needs parentheses.
    const bool wrap = op == "AND_EXPR" && is(a, "BoolExpr") && body_of(a).at("boolop") == "OR_EXPR";
    const std::string t = print(a).text;
    out += wrap ? "(" + t + ")" : t;
  }
  return {out, false};
}

Printed print_function(const Json& b) {
  for (const char* k : {"agg_order", "agg_filter", "over", "agg_within_group", "agg_star",
                        "agg_distinct", "func_variadic"}) {
    if (b.contains(k)) throw Unsupported(k);
  }
  auto n = names(b.at("funcname"));
  // EXTRACT(...), OVERLAY(...) and friends: their own syntax, kept as written.
  if (b.value("funcformat", std::string()) == "COERCE_SQL_SYNTAX") throw Unsupported("sql syntax");
  if (n.size() == 2 && n[0] == "pg_catalog") n.erase(n.begin());
  std::string name;
  for (const auto& part : n) {
    if (!name.empty()) name += '.';
    name += quote_ident(part);
  }
  return {name + "(" + list(b.value("args", Json::array())) + ")", true};
}

Printed print_case(const Json& b) {
  std::string out = "CASE";
  if (b.contains("arg")) out += " " + print(b.at("arg")).text;
  for (const auto& w : b.at("args")) {
    const Json& wb = body_of(w);
    out += " WHEN " + print(wb.at("expr")).text + " THEN " + print(wb.at("result")).text;
  }
  if (b.contains("defresult")) out += " ELSE " + print(b.at("defresult")).text;
  return {out + " END", true};
}

std::string sql_value_function(const Json& b) {
  static const std::map<std::string, std::string> k = {
      {"SVFOP_CURRENT_DATE", "CURRENT_DATE"},
      {"SVFOP_CURRENT_TIME", "CURRENT_TIME"},
      {"SVFOP_CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"},
      {"SVFOP_LOCALTIME", "LOCALTIME"},
      {"SVFOP_LOCALTIMESTAMP", "LOCALTIMESTAMP"},
      {"SVFOP_CURRENT_ROLE", "CURRENT_ROLE"},
      {"SVFOP_CURRENT_USER", "CURRENT_USER"},
      {"SVFOP_USER", "USER"},
      {"SVFOP_SESSION_USER", "SESSION_USER"},
      {"SVFOP_CURRENT_CATALOG", "CURRENT_CATALOG"},
      {"SVFOP_CURRENT_SCHEMA", "CURRENT_SCHEMA"},
  };
  std::string op = b.value("op", std::string());
  std::string precision;
  if (op.ends_with("_N")) {
    op.resize(op.size() - 2);
    precision = "(" + std::to_string(b.value("typmod", 0)) + ")";
  }
  auto it = k.find(op);
  if (it == k.end()) throw Unsupported(op);
  return it->second + precision;
}

Printed print(const Json& node) {
  const std::string& kind = kind_of(node);
  const Json& b = body_of(node);
  if (kind == "ColumnRef") {
    std::string out;
    for (const auto& f : b.at("fields")) {
      if (!out.empty()) out += '.';
      out += is(f, "A_Star") ? "*" : quote_ident(string_value(f));
    }
    return {out, true};
  }
  if (kind == "A_Const") return {constant(b), true};
  if (kind == "TypeCast") {
    Printed arg = print(b.at("arg"));
    // -1::integer would read as -(1::integer).
    const bool wrap = !arg.atom || arg.text.starts_with('-');
    const std::string a = wrap ? "(" + arg.text + ")" : arg.text;
    return {a + "::" + type_text(b.at("typeName")).full, true};
  }
  if (kind == "A_Expr") return print_a_expr(b);
  if (kind == "BoolExpr") return print_bool(b);
  if (kind == "NullTest") {
    const bool is_null = b.value("nulltesttype", std::string()) == "IS_NULL";
    return {operand(b.at("arg")) + (is_null ? " IS NULL" : " IS NOT NULL"), false};
  }
  if (kind == "BooleanTest") {
    static const std::map<std::string, std::string> k = {
        {"IS_TRUE", " IS TRUE"},       {"IS_NOT_TRUE", " IS NOT TRUE"},
        {"IS_FALSE", " IS FALSE"},     {"IS_NOT_FALSE", " IS NOT FALSE"},
        {"IS_UNKNOWN", " IS UNKNOWN"}, {"IS_NOT_UNKNOWN", " IS NOT UNKNOWN"}};
    return {operand(b.at("arg")) + k.at(b.value("booltesttype", std::string())), false};
  }
  if (kind == "FuncCall") return print_function(b);
  if (kind == "CoalesceExpr") return {"COALESCE(" + list(b.at("args")) + ")", true};
  if (kind == "MinMaxExpr") {
    const bool greatest = b.value("op", std::string()) == "IS_GREATEST";
    return {std::string(greatest ? "GREATEST(" : "LEAST(") + list(b.at("args")) + ")", true};
  }
  if (kind == "CaseExpr") return print_case(b);
  if (kind == "A_ArrayExpr") {
    return {"ARRAY[" + list(b.value("elements", Json::array())) + "]", true};
  }
  if (kind == "SQLValueFunction") return {sql_value_function(b), true};
  if (kind == "CollateClause") {
    std::string collation;
    for (const auto& part : names(b.at("collname"))) {
      if (!collation.empty()) collation += '.';
      collation += quote_ident(part);
    }
    return {operand(b.at("arg")) + " COLLATE " + collation, false};
  }
  throw Unsupported(kind);
}

// The one expression of `text` ("SELECT <expression>"), or null when it is
// not exactly one expression.
Json parse_expression(const std::string& text) {
  PgQueryParseResult r = pg_query_parse(text.c_str());
  Json tree;
  if (r.error == nullptr && r.parse_tree != nullptr) {
    tree = Json::parse(r.parse_tree, nullptr, false);
  }
  pg_query_free_parse_result(r);
  if (!tree.is_object()) return nullptr;
  const Json& stmts = tree.value("stmts", Json::array());
  if (stmts.size() != 1) return nullptr;
  const Json& stmt = stmts[0].value("stmt", Json::object());
  if (!is(stmt, "SelectStmt")) return nullptr;
  const Json& select = body_of(stmt);
  for (const auto& [key, value] : select.items()) {
    if (key != "targetList" && key != "limitOption" && key != "op") return nullptr;
  }
  const Json& targets = select.value("targetList", Json::array());
  if (targets.size() != 1 || !is(targets[0], "ResTarget")) return nullptr;
  const Json& target = body_of(targets[0]);
  if (target.contains("name") || !target.contains("val")) return nullptr;
  return target.at("val");
}

}  // namespace

std::optional<std::string> canonical_type(std::string_view name) {
  const std::string_view trimmed = trim_view(name);
  if (trimmed.empty() || trimmed.find(';') != std::string_view::npos) return std::nullopt;
  try {
    Json expr = parse_expression("SELECT NULL::" + std::string(trimmed));
    if (!is(expr, "TypeCast")) return std::nullopt;
    const Json& cast = body_of(expr);
    if (!is(cast.at("arg"), "A_Const") || !body_of(cast.at("arg")).value("isnull", false)) {
      return std::nullopt;
    }
    try {
      return type_text(cast.at("typeName")).full;
    } catch (const Unsupported&) {
      return std::string(trimmed);  // a type, in a form the printer does not know
    }
  } catch (const Unsupported&) {
    return std::nullopt;
  } catch (const Json::exception&) {
    return std::nullopt;
  }
}

std::string canonical_expression(std::string_view sql, const Table* table) {
  const std::string_view trimmed = trim_view(sql);
  try {
    const std::string text = "SELECT " + std::string(trimmed);
    Json expr = parse_expression(text);
    if (expr.is_null()) return std::string(trimmed);
    return print(Normaliser(text, table).run(expr)).text;
  } catch (const Unsupported&) {
    return std::string(trimmed);
  } catch (const Json::exception&) {
    return std::string(trimmed);
  }
}

}  // namespace retort::postgresql
