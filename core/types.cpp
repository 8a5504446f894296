#include "core/types.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/internal/text.hpp"

namespace retort {
namespace {

struct Simple {
  std::string_view name;
  TypeKind kind;
};

// Parameterless types, by canonical name.
constexpr Simple kSimpleTypes[] = {
    {"integer", TypeKind::kInteger},
    {"bigint", TypeKind::kBigint},
    {"smallint", TypeKind::kSmallint},
    {"boolean", TypeKind::kBoolean},
    {"float", TypeKind::kFloat},
    {"real", TypeKind::kReal},
    {"text", TypeKind::kText},
    {"date", TypeKind::kDate},
    {"time", TypeKind::kTime},
    {"timestamp", TypeKind::kTimestamp},
    {"timestamptz", TypeKind::kTimestamptz},
    {"uuid", TypeKind::kUuid},
    {"json", TypeKind::kJson},
    {"blob", TypeKind::kBlob},
    {"enum", TypeKind::kEnum},
};

std::string lower_trimmed(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size() && out >= 0;
}

Error unknown_type(std::string_view text) {
  return Error::bad_input(fmt::format("unknown type \"{}\"", text),
                          fmt::format("use one of: {}", portable_type_names()));
}

}  // namespace

std::string Type::to_string() const {
  switch (kind) {
    case TypeKind::kNumeric:
      if (precision == 0) return "numeric";
      if (scale == 0) return fmt::format("numeric({})", precision);
      return fmt::format("numeric({},{})", precision, scale);
    case TypeKind::kVarchar:
      return length == 0 ? "varchar" : fmt::format("varchar({})", length);
    case TypeKind::kChar:
      return fmt::format("char({})", length == 0 ? 1 : length);
    case TypeKind::kNative:
      return native;
    default:
      break;
  }
  for (const Simple& s : kSimpleTypes) {
    if (s.kind == kind) return std::string(s.name);
  }
  return "text";
}

bool Type::is_integer() const {
  return kind == TypeKind::kInteger || kind == TypeKind::kBigint || kind == TypeKind::kSmallint;
}

std::string array_item_name(const Type& type) {
  if (type.kind != TypeKind::kNative) return {};
  std::string_view name = type.native;
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) {
    name.remove_suffix(1);
  }
  if (!name.ends_with("[]")) return {};
  while (name.ends_with("[]")) {
    name.remove_suffix(2);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) {
      name.remove_suffix(1);
    }
  }
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) {
    name.remove_prefix(1);
  }
  return std::string(name);
}

bool is_item_list_type(const Type& type) {
  const std::string item = array_item_name(type);
  return !item.empty() && detail::lower(item) != "box";
}

bool Type::is_text() const {
  return kind == TypeKind::kVarchar || kind == TypeKind::kChar || kind == TypeKind::kText ||
         kind == TypeKind::kEnum;
}

bool operator==(const Type& a, const Type& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::kNumeric:
      return a.precision == b.precision && a.scale == b.scale;
    case TypeKind::kVarchar:
      return a.length == b.length;
    case TypeKind::kChar:
      // char and char(1) are the same type.
      return (a.length == 0 ? 1 : a.length) == (b.length == 0 ? 1 : b.length);
    case TypeKind::kEnum:
      return a.enum_name == b.enum_name;
    case TypeKind::kNative:
      return native_key(a.native) == native_key(b.native);
    default:
      return true;
  }
}

Result<Type> parse_type(std::string_view text) {
  const std::string t = lower_trimmed(text);
  Type type;
  std::string base = t;
  std::string args;
  if (auto open = t.find('('); open != std::string::npos) {
    if (t.back() != ')') return unknown_type(text);
    base = t.substr(0, open);
    args = t.substr(open + 1, t.size() - open - 2);
    if (args.empty()) return unknown_type(text);
  }
  const bool has_args = base.size() != t.size();

  if (base == "numeric" || base == "decimal") {
    type.kind = TypeKind::kNumeric;
    if (has_args) {
      auto comma = args.find(',');
      std::string_view p = std::string_view(args).substr(0, comma);
      if (!parse_int(p, type.precision) || type.precision == 0) return unknown_type(text);
      if (comma != std::string::npos) {
        if (!parse_int(std::string_view(args).substr(comma + 1), type.scale) ||
            type.scale > type.precision) {
          return unknown_type(text);
        }
      }
    }
    return type;
  }
  if (base == "varchar" || base == "char") {
    type.kind = base == "varchar" ? TypeKind::kVarchar : TypeKind::kChar;
    if (has_args && (!parse_int(args, type.length) || type.length == 0)) return unknown_type(text);
    if (type.kind == TypeKind::kChar && type.length == 0) type.length = 1;
    return type;
  }
  if (has_args) return unknown_type(text);
  for (const Simple& s : kSimpleTypes) {
    if (s.name == base) {
      type.kind = s.kind;
      return type;
    }
  }
  return unknown_type(text);
}

Result<Type> parse_column_type(std::string_view text, bool native) {
  std::string_view name = text;
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.front()))) {
    name.remove_prefix(1);
  }
  while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) {
    name.remove_suffix(1);
  }
  if (!native) {
    Result<Type> portable = parse_type(name);
    if (portable) return portable;
  }
  const bool bad_char = std::any_of(name.begin(), name.end(), [](char c) {
    return c == ';' || (std::iscntrl(static_cast<unsigned char>(c)) && c != '\t');
  });
  if (name.empty() || bad_char) {
    return Error::bad_input(fmt::format("\"{}\" is not a type name", text),
                            fmt::format("use one of: {}; or a type your database knows, e.g. "
                                        "type = \"inet\", native = true",
                                        portable_type_names()));
  }
  Type type;
  type.kind = TypeKind::kNative;
  type.native = std::string(name);
  type.native_marked = native;
  return type;
}

std::string native_key(std::string_view name) {
  std::string out;
  bool quoted = false;
  bool space = false;
  auto tight = [](char c) { return c == '(' || c == ')' || c == '[' || c == ']' || c == ','; };
  for (char c : name) {
    if (c == '"') quoted = !quoted;
    if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space && !out.empty() && !tight(c) && !tight(out.back())) out += ' ';
    space = false;
    out += quoted ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string_view portable_type_names() {
  return "integer, bigint, smallint, boolean, float, real, numeric(p,s), varchar(n), char(n), "
         "text, date, time, timestamp, timestamptz, uuid, json, blob, enum";
}

}  // namespace retort
