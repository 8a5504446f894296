#include "dialects/sqlite/sqlite_types.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>

#include "core/internal/text.hpp"
#include "dialects/sqlite/sql_tokenizer.hpp"

namespace retort::sqlite {

bool is_array_type(const Type& type) {
  return !type.native_marked && !array_item_name(type).empty();
}

Type stored_type(const Type& type) {
  if (!is_array_type(type)) return type;
  Type json;
  json.kind = TypeKind::kJson;
  return json;
}

std::string declared_type(const Type& type) {
  if (is_array_type(type)) return declared_type(stored_type(type));
  switch (type.kind) {
    case TypeKind::kInteger:
      return "INTEGER";
    case TypeKind::kBigint:
      return "BIGINT";
    case TypeKind::kSmallint:
      return "SMALLINT";
    case TypeKind::kBoolean:
      return "BOOLEAN";
    case TypeKind::kFloat:
      return "FLOAT";
    case TypeKind::kReal:
      return "REAL";
    case TypeKind::kNumeric:
      if (type.precision == 0) return "NUMERIC";
      return fmt::format("NUMERIC({},{})", type.precision, type.scale);
    case TypeKind::kVarchar:
      return type.length == 0 ? "VARCHAR" : fmt::format("VARCHAR({})", type.length);
    case TypeKind::kChar:
      return type.length == 0 ? "CHAR" : fmt::format("CHAR({})", type.length);
    case TypeKind::kText:
      return "TEXT";
    case TypeKind::kDate:
      return "DATE";
    case TypeKind::kTime:
      return "TIME";
    case TypeKind::kTimestamp:
      return "TIMESTAMP";
    case TypeKind::kTimestamptz:
      return "TIMESTAMPTZ";
    case TypeKind::kUuid:
      return "UUID_TEXT";
    case TypeKind::kJson:
      return "JSON_TEXT";
    case TypeKind::kBlob:
      return "BLOB";
    case TypeKind::kEnum:
      return "TEXT";
    case TypeKind::kNative:
      return type.native;
  }
  return "TEXT";
}

namespace {

Type make(TypeKind kind, int length = 0) {
  Type t;
  t.kind = kind;
  t.length = length;
  return t;
}

// SQLite's affinity rules (datatype3.html, 3.1) for names retort does not know.
Type by_affinity(const std::string& upper) {
  if (upper.find("INT") != std::string::npos) return make(TypeKind::kInteger);
  if (upper.find("CHAR") != std::string::npos || upper.find("CLOB") != std::string::npos ||
      upper.find("TEXT") != std::string::npos)
    return make(TypeKind::kText);
  if (upper.empty() || upper.find("BLOB") != std::string::npos) return make(TypeKind::kBlob);
  if (upper.find("REAL") != std::string::npos || upper.find("FLOA") != std::string::npos ||
      upper.find("DOUB") != std::string::npos)
    return make(TypeKind::kFloat);
  Type t = make(TypeKind::kNumeric);
  return t;
}

// The portable type a hand-written declared type is closest to (int,
// VARCHAR(20), DATETIME, double precision, ...); unknown names fall back on
// SQLite's affinity rules.
Type portable_candidate(std::string_view declared) {
  // Words upper-cased and joined by one space; numbers in parentheses kept.
  std::string name;
  std::vector<int> args;
  for (const Token& t : tokenize(declared)) {
    if (t.is_name()) {
      if (!name.empty()) name += ' ';
      for (char c : t.value) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (t.kind == TokenKind::kNumber) {
      args.push_back(std::atoi(t.text.c_str()));
    }
  }
  int a0 = args.empty() ? 0 : args[0];
  if (name == "INTEGER" || name == "INT" || name == "MEDIUMINT" || name == "INT4")
    return make(TypeKind::kInteger);
  if (name == "BIGINT" || name == "INT8" || name == "UNSIGNED BIG INT")
    return make(TypeKind::kBigint);
  if (name == "SMALLINT" || name == "INT2" || name == "TINYINT") return make(TypeKind::kSmallint);
  if (name == "BOOLEAN" || name == "BOOL") return make(TypeKind::kBoolean);
  if (name == "FLOAT" || name == "DOUBLE" || name == "DOUBLE PRECISION" || name == "FLOAT8")
    return make(TypeKind::kFloat);
  if (name == "REAL" || name == "FLOAT4") return make(TypeKind::kReal);
  if (name == "NUMERIC" || name == "DECIMAL") {
    Type t = make(TypeKind::kNumeric);
    t.precision = a0;
    t.scale = args.size() > 1 ? args[1] : 0;
    return t;
  }
  if (name == "VARCHAR" || name == "CHARACTER VARYING" || name == "NVARCHAR" ||
      name == "VARYING CHARACTER" || name == "NATIVE CHARACTER VARYING")
    return make(TypeKind::kVarchar, a0);
  if (name == "CHAR" || name == "CHARACTER" || name == "NCHAR" || name == "NATIVE CHARACTER") {
    // CHAR alone is char(1), which retort spells CHAR(1): the text CHAR is
    // not retort's own and stays as written.
    return make(TypeKind::kChar, a0 == 0 ? 1 : a0);
  }
  if (name == "TEXT" || name == "CLOB" || name == "STRING") return make(TypeKind::kText);
  if (name == "DATE") return make(TypeKind::kDate);
  if (name == "TIME" || name == "TIME WITHOUT TIME ZONE") return make(TypeKind::kTime);
  if (name == "TIMESTAMP" || name == "DATETIME" || name == "TIMESTAMP WITHOUT TIME ZONE")
    return make(TypeKind::kTimestamp);
  if (name == "TIMESTAMPTZ" || name == "TIMESTAMP WITH TIME ZONE")
    return make(TypeKind::kTimestamptz);
  if (name == "UUID" || name == "UUID_TEXT") return make(TypeKind::kUuid);
  if (name == "JSON" || name == "JSONB" || name == "JSON_TEXT") return make(TypeKind::kJson);
  if (name == "BLOB" || name == "BYTEA") return make(TypeKind::kBlob);
  return by_affinity(name);
}

}  // namespace

Type type_from_declared(std::string_view declared) {
  const std::string_view name = detail::trim_view(declared);
  if (name.empty()) return make(TypeKind::kBlob);  // no type: no affinity, as BLOB
  Type candidate = portable_candidate(name);
  if (native_key(declared_type(candidate)) == native_key(name)) return candidate;
  Type native;
  native.kind = TypeKind::kNative;
  native.native = std::string(name);
  native.native_marked = true;  // as written in the database: on purpose
  return native;
}

ColumnDefault default_from_sql(std::string_view raw) {
  ColumnDefault out;
  std::vector<Token> t = without_comments(tokenize(raw));
  // Outer parentheses around the whole expression do not change it.
  while (t.size() >= 2 && t.front().is_punct('(') && t.back().is_punct(')')) {
    int depth = 0;
    bool wraps = true;
    for (std::size_t i = 0; i + 1 < t.size(); ++i) {
      if (t[i].is_punct('(')) ++depth;
      if (t[i].is_punct(')') && --depth == 0) wraps = false;
    }
    if (!wraps) break;
    t = std::vector<Token>(t.begin() + 1, t.end() - 1);
  }
  if (t.empty()) return out;
  if (t.size() == 1 && t[0].is_keyword("NULL")) return out;
  if (t.size() == 1 && (t[0].is_keyword("TRUE") || t[0].is_keyword("FALSE"))) {
    out.value = Literal{t[0].is_keyword("TRUE")};
    return out;
  }
  if (t.size() == 1 && t[0].kind == TokenKind::kString) {
    out.value = Literal{t[0].value};
    return out;
  }
  bool negative = false;
  std::size_t n = 0;
  if (t.size() == 2 && (t[0].is_punct('-') || t[0].is_punct('+'))) {
    negative = t[0].is_punct('-');
    n = 1;
  }
  if (t.size() == n + 1 && t[n].kind == TokenKind::kNumber && t[n].text.rfind("0x", 0) != 0 &&
      t[n].text.rfind("0X", 0) != 0) {
    const std::string& num = t[n].text;
    bool is_int = num.find_first_of(".eE") == std::string::npos;
    if (is_int) {
      errno = 0;
      long long v = std::strtoll(num.c_str(), nullptr, 10);
      if (errno == 0) {
        out.value = Literal{static_cast<std::int64_t>(negative ? -v : v)};
        return out;
      }
    } else {
      double v = std::strtod(num.c_str(), nullptr);
      out.value = Literal{negative ? -v : v};
      return out;
    }
  }
  // An expression: keep its text, with the keywords SQLite knows upper-cased.
  std::size_t base = t.front().begin;
  std::string sql(raw.substr(base, t.back().end - base));
  const std::string upper = detail::upper(sql);
  if (upper == "CURRENT_TIMESTAMP" || upper == "CURRENT_DATE" || upper == "CURRENT_TIME")
    sql = upper;
  out.sql = sql;
  return out;
}

ColumnDefault normalize_default(const ColumnDefault& declared) {
  if (declared.empty()) return declared;
  return default_from_sql(default_clause(declared));
}

std::string default_clause(const ColumnDefault& value) {
  if (value.value) return literal_sql(*value.value);
  if (!value.sql) return {};
  ColumnDefault parsed = default_from_sql(*value.sql);
  if (parsed.value) return literal_sql(*parsed.value);
  if (!parsed.sql) return "NULL";
  const std::string& sql = *parsed.sql;
  if (sql == "CURRENT_TIMESTAMP" || sql == "CURRENT_DATE" || sql == "CURRENT_TIME") return sql;
  return "(" + sql + ")";
}

}  // namespace retort::sqlite
