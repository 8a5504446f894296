#include "core/model/codegen_cpp.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <string_view>
#include <utility>

#include "core/internal/schema_toml.hpp"
#include "core/internal/text.hpp"
#include "core/naming.hpp"
#include "core/ops/partition.hpp"

namespace retort {
namespace {

const std::set<std::string_view> kReserved = {"alignas",       "alignof",     "and",
                                              "and_eq",        "asm",         "auto",
                                              "bitand",        "bitor",       "bool",
                                              "break",         "case",        "catch",
                                              "char",          "char8_t",     "char16_t",
                                              "char32_t",      "class",       "compl",
                                              "concept",       "const",       "consteval",
                                              "constexpr",     "constinit",   "const_cast",
                                              "continue",      "co_await",    "co_return",
                                              "co_yield",      "decltype",    "default",
                                              "delete",        "do",          "double",
                                              "dynamic_cast",  "else",        "enum",
                                              "explicit",      "export",      "extern",
                                              "false",         "float",       "for",
                                              "friend",        "goto",        "if",
                                              "inline",        "int",         "long",
                                              "mutable",       "namespace",   "new",
                                              "noexcept",      "not",         "not_eq",
                                              "nullptr",       "operator",    "or",
                                              "or_eq",         "private",     "protected",
                                              "public",        "register",    "reinterpret_cast",
                                              "requires",      "return",      "short",
                                              "signed",        "sizeof",      "static",
                                              "static_assert", "static_cast", "struct",
                                              "switch",        "template",    "this",
                                              "thread_local",  "throw",       "true",
                                              "try",           "typedef",     "typeid",
                                              "typename",      "union",       "unsigned",
                                              "using",         "virtual",     "void",
                                              "volatile",      "wchar_t",     "while",
                                              "xor",           "xor_eq",      "metadata",
                                              "retort",        "std"};

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// A member or variable name: the column's name with anything that is not a
// letter, digit or '_' replaced, never a keyword.
std::string identifier(std::string_view name) {
  std::string out;
  for (char c : name) out += is_alnum(c) || c == '_' ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) != 0) out = "c_" + out;
  if (kReserved.contains(out)) out += '_';
  return out;
}

// "hero_team" -> "HeroTeam"; a leading digit gets a "T" in front unless the
// caller adds its own prefix ("k" for enum values).
std::string pascal(std::string_view name, bool guard_digit = true) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (!is_alnum(c)) {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  if (guard_digit && (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])) != 0)) {
    out = "T" + out;
  }
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "hero" -> "heroes", "team" -> "teams", "category" -> "categories".
std::string plural(std::string_view name) {
  auto vowel = [](char c) { return std::string_view("aeiou").find(c) != std::string_view::npos; };
  std::string s(name);
  if (s.size() > 1 && s.back() == 'y' && !vowel(s[s.size() - 2])) {
    return s.substr(0, s.size() - 1) + "ies";
  }
  if (ends_with(s, "s") || ends_with(s, "x") || ends_with(s, "z") || ends_with(s, "ch") ||
      ends_with(s, "sh") || (s.size() > 1 && s.back() == 'o' && !vowel(s[s.size() - 2]))) {
    return s + "es";
  }
  return s + "s";
}

// A C++ string literal; bytes that are not printable ASCII (but UTF-8
// sequences) are escaped in octal, which never swallows a following digit.
std::string cpp_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      case '?':
        out += "\\?";
        break;  // no trigraphs
      default:
        if (u < 0x20 || u == 0x7f) {
          out += fmt::format("\\{:03o}", u);
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string string_list(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += cpp_string(items[i]);
  }
  return out + "}";
}

// Makes `name` unique within `taken` by appending _2, _3, ...
std::string unique_name(std::string name, std::set<std::string>& taken) {
  std::string candidate = name;
  for (int n = 2; taken.contains(candidate); ++n) candidate = fmt::format("{}_{}", name, n);
  taken.insert(candidate);
  return candidate;
}

bool is_no_action(const std::string& action) { return action.empty() || action == "no action"; }

struct EnumDecl {
  std::string schema;
  std::string name;
  std::vector<std::string> values;
  std::string cpp_name;
  std::vector<std::string> value_ids;
};

struct TableDecl {
  const Table* table = nullptr;
  std::string struct_name;
  std::string var_name;
  std::vector<std::string> members;  // per column
};

// Everything models_to_cpp decides before writing, and what it cannot say.
class CppLayout {
 public:
  explicit CppLayout(const MetaData& schema) : schema_(schema) {
    name_structs();
    gather_enums();
    order_tables();
  }

  const std::vector<EnumDecl>& enums() const { return enums_; }
  const std::vector<TableDecl>& tables() const { return tables_; }
  // Whether the header declares `fk` of a table whose columns said the
  // constraints in `collapsed` (the rest are notes).
  static bool declares(const ForeignKey& fk, const std::set<std::string>& collapsed) {
    return collapsed.contains(fk.name) || written_whole(fk);
  }
  const std::vector<std::string>& notes() const { return notes_; }

  std::string member_type(const Column& c, const Table& t) const {
    std::string base;
    switch (c.type.kind) {
      case TypeKind::kInteger:
        base = "std::int32_t";
        break;
      case TypeKind::kBigint:
        base = "std::int64_t";
        break;
      case TypeKind::kSmallint:
        base = "std::int16_t";
        break;
      case TypeKind::kBoolean:
        base = "bool";
        break;
      case TypeKind::kFloat:
        base = "double";
        break;
      case TypeKind::kReal:
        base = "float";
        break;
      case TypeKind::kNative:
        // An array is a std::vector of its items (their text form for types
        // the runtime has no member for); other native types are text.
        base = is_item_list_type(c.type) ? fmt::format("std::vector<{}>", array_item_type(c, t))
                                         : "std::string";
        break;
      case TypeKind::kNumeric:
      case TypeKind::kVarchar:
      case TypeKind::kChar:
      case TypeKind::kText:
      case TypeKind::kJson:
      case TypeKind::kTime:
        base = "std::string";
        break;
      case TypeKind::kDate:
        base = "retort::Date";
        break;
      case TypeKind::kTimestamp:
        base = "retort::LocalTimestamp";
        break;
      case TypeKind::kTimestamptz:
        base = "retort::Timestamp";
        break;
      case TypeKind::kUuid:
        base = "retort::Uuid";
        break;
      case TypeKind::kBlob:
        base = "retort::Blob";
        break;
      case TypeKind::kEnum:
        base = find_enum(t.schema, c.type.enum_name)->cpp_name;
        break;
    }
    return c.nullable || c.autoincrement ? fmt::format("std::optional<{}>", base) : base;
  }

  // The member type of an array column's items, by the item type's name as
  // PostgreSQL prints it or as models.toml may write it.
  std::string array_item_type(const Column& c, const Table& t) const {
    static const std::pair<std::string_view, std::string_view> kItems[] = {
        {"integer", "std::int32_t"},
        {"int", "std::int32_t"},
        {"int4", "std::int32_t"},
        {"bigint", "std::int64_t"},
        {"int8", "std::int64_t"},
        {"smallint", "std::int16_t"},
        {"int2", "std::int16_t"},
        {"boolean", "bool"},
        {"bool", "bool"},
        {"double precision", "double"},
        {"float", "double"},
        {"float8", "double"},
        {"real", "float"},
        {"float4", "float"},
        {"uuid", "retort::Uuid"},
        {"date", "retort::Date"},
        {"timestamp with time zone", "retort::Timestamp"},
        {"timestamptz", "retort::Timestamp"},
        {"timestamp without time zone", "retort::LocalTimestamp"},
        {"timestamp", "retort::LocalTimestamp"},
    };
    const std::string raw = array_item_name(c.type);
    const std::string item = detail::lower(raw);
    for (const auto& [name, cpp] : kItems) {
      if (item == name) return std::string(cpp);
    }
    // An enum: "mood" (the default schema's), "app.mood", "app"."Mood".
    const std::vector<std::string> parts = detail::split_qualified_name(raw);
    const EnumDecl* e = parts.size() == 2   ? find_enum(parts[0], parts[1])
                        : parts.size() == 1 ? find_enum("", parts[0])
                                            : nullptr;
    if (e == nullptr && parts.size() == 1) e = find_enum(t.schema, parts[0]);
    return e != nullptr ? e->cpp_name : "std::string";
  }

  // ".primary_key().max_length(100)..." for one column.
  std::string column_options(const TableDecl& decl, const Column& c,
                             std::set<std::string>& collapsed) const {
    const Table& t = *decl.table;
    const NamingConvention naming;
    std::string out;
    if (c.primary_key) out += ".primary_key()";
    const bool eligible = c.primary_key && t.primary_key().size() == 1 &&
                          (c.type.kind == TypeKind::kInteger || c.type.kind == TypeKind::kBigint);
    if (eligible && !c.autoincrement) out += ".autoincrement(false)";
    if (!c.identity.empty()) out += fmt::format(".identity({})", cpp_string(c.identity));
    if (c.serial) out += ".serial()";
    if (!c.sequence.empty()) out += fmt::format(".sequence({})", sequence_value(c.sequence));
    switch (c.type.kind) {
      case TypeKind::kVarchar:
        out += c.type.length > 0 ? fmt::format(".max_length({})", c.type.length)
                                 : std::string(".type(\"varchar\")");
        break;
      case TypeKind::kChar:
      case TypeKind::kNumeric:
      case TypeKind::kJson:
      case TypeKind::kTime:
        out += fmt::format(".type({})", cpp_string(c.type.to_string()));
        break;
      case TypeKind::kNative:  // the marker as the models give it
        out += fmt::format(".type({}){}", cpp_string(c.type.to_string()),
                           c.type.native_marked ? ".native()" : "");
        break;
      default:
        break;
    }
    const std::vector<std::string> one = {c.name};
    for (const UniqueConstraint& u : t.uniques) {
      if (u.columns == one && u.name == naming.unique_name(t.name, one) && !u.nulls_not_distinct &&
          !u.deferrable && !collapsed.contains(u.name)) {
        out += ".unique()";
        collapsed.insert(u.name);
        break;
      }
    }
    for (const Index& i : t.indexes) {
      if (i.keys.size() == 1 && i.keys[0].column == c.name && i.keys[0].order == SortOrder::kAsc &&
          !i.unique && i.where.empty() && i.name == naming.index_name(t.name, one) &&
          !detail::has_index_options(i) && !collapsed.contains(i.name)) {
        out += ".index()";
        collapsed.insert(i.name);
        break;
      }
    }
    out += default_options(t, c);
    for (const ForeignKey& fk : t.foreign_keys) {
      if (fk.columns != one || fk.ref_columns.size() != 1 || fk.deferrable ||
          fk.initially_deferred || written_whole(fk) ||
          fk.name != naming.foreign_key_name(t.name, one, fk.ref_table) ||
          collapsed.contains(fk.name)) {
        continue;
      }
      out += fmt::format(".foreign_key({})", reference(decl, fk));
      if (!is_no_action(fk.on_delete))
        out += fmt::format(".on_delete({})", cpp_string(fk.on_delete));
      if (!is_no_action(fk.on_update))
        out += fmt::format(".on_update({})", cpp_string(fk.on_update));
      collapsed.insert(fk.name);
      break;
    }
    out += column_properties(c);
    if (!c.comment.empty()) out += fmt::format(".comment({})", cpp_string(c.comment));
    if (!c.renamed_from.empty()) {
      out += fmt::format(".renamed_from({})", cpp_string(c.renamed_from));
    }
    return out;
  }

  // retort::SequenceOptions{.start = 100, ...} with the options set.
  static std::string sequence_value(const SequenceOptions& o) {
    std::vector<std::string> fields;
    if (!o.name.empty()) fields.push_back(".name = " + cpp_string(o.name));
    std::pair<const char*, const std::optional<std::int64_t>*> numbers[] = {
        {"start", &o.start},
        {"increment", &o.increment},
        {"min", &o.min},
        {"max", &o.max},
        {"cache", &o.cache}};
    for (const auto& [key, value] : numbers) {
      if (*value) fields.push_back(fmt::format(".{} = {}", key, **value));
    }
    if (o.cycle) fields.push_back(".cycle = true");
    return fmt::format("retort::SequenceOptions{{{}}}", fmt::join(fields, ", "));
  }

  // Table-level items: the primary key when its order or name is not the
  // columns' and the convention's, indexes, uniques and checks the columns
  // did not say, then the comment and schema.
  // .generated(...) and .collation(...) of a column; "" when it has neither.
  static std::string column_properties(const Column& c) {
    std::string out;
    if (!c.generated.empty()) {
      out += c.generated.stored ? fmt::format(".generated({})", cpp_string(c.generated.sql))
                                : fmt::format(".generated({}, false)", cpp_string(c.generated.sql));
    }
    if (!c.collation.empty()) out += fmt::format(".collation({})", cpp_string(c.collation));
    return out;
  }

  // retort::TableProperties{...} with every field (a designated
  // initializer that leaves trailing fields out draws
  // -Wmissing-field-initializers); "" when every field is at its default.
  static std::string table_properties(const TableProperties& p) {
    if (p == TableProperties{}) return {};
    auto flag = [](bool on) { return on ? "true" : "false"; };
    return fmt::format(
        "retort::TableProperties{{.unlogged = {}, .storage = {}, .sqlite_autoincrement = {}, "
        ".sqlite_without_rowid = {}, .sqlite_strict = {}}}",
        flag(p.unlogged), string_list(p.storage), flag(p.sqlite_autoincrement),
        flag(p.sqlite_without_rowid), flag(p.sqlite_strict));
  }

  // Table-level items: indexes, uniques and checks the columns did not say,
  // then the comment and schema.
  std::vector<std::string> table_items(const Table& t,
                                       const std::set<std::string>& collapsed) const {
    std::vector<std::string> out;
    const NamingConvention naming;
    const bool named_key =
        !t.primary_key_name.empty() && t.primary_key_name != naming.primary_key_name(t.name);
    // A deferrable key is written whole by constraint_items.
    if ((!t.primary_key_order.empty() || named_key) && !t.primary_key_deferrable) {
      out.push_back(fmt::format("retort::table_primary_key({}{})", string_list(t.primary_key()),
                                named_key ? ", " + cpp_string(t.primary_key_name) : ""));
    }
    for (const Index& i : t.indexes) {
      if (collapsed.contains(i.name)) continue;
      if (detail::has_index_options(i)) {
        out.push_back(index_value(i));
        continue;
      }
      if (has_expression(i)) continue;
      std::vector<std::string> keys;
      for (const IndexKey& k : i.keys) {
        keys.push_back(k.order == SortOrder::kDesc ? k.column + " DESC" : k.column);
      }
      if (!i.unique && i.where.empty()) {
        out.push_back(
            fmt::format("retort::table_index({}, {})", string_list(keys), cpp_string(i.name)));
      } else {
        out.push_back(fmt::format("retort::TableIndex{{{}, {}, {}, {}}}", string_list(keys),
                                  cpp_string(i.name), i.unique ? "true" : "false",
                                  cpp_string(i.where)));
      }
    }
    for (const UniqueConstraint& u : t.uniques) {
      if (collapsed.contains(u.name)) continue;
      if (u.deferrable || u.nulls_not_distinct) {
        out.push_back(whole_unique(u));
        continue;
      }
      out.push_back(
          fmt::format("retort::table_unique({}, {})", string_list(u.columns), cpp_string(u.name)));
    }
    for (const CheckConstraint& c : t.checks) {
      if (c.not_valid || c.no_inherit) {
        out.push_back(whole_check(c));
        continue;
      }
      out.push_back(
          fmt::format("retort::table_check({}, {})", cpp_string(c.name), cpp_string(c.sql)));
    }
    if (!t.partition_by.empty()) {
      out.push_back(fmt::format("retort::table_partition_by({})", cpp_string(t.partition_by)));
    }
    if (!t.partition_of.empty()) {
      out.push_back(fmt::format(
          "retort::table_partition_of({}, {}{})", cpp_string(t.partition_of),
          cpp_string(t.partition_bound),
          t.partition_of_schema.empty() ? "" : ", " + cpp_string(t.partition_of_schema)));
    }
    constraint_items(t, collapsed, out);
    if (!t.comment.empty())
      out.push_back(fmt::format("retort::table_comment({})", cpp_string(t.comment)));
    if (!t.renamed_from.empty())
      out.push_back(fmt::format("retort::table_renamed_from({})", cpp_string(t.renamed_from)));
    if (!t.schema.empty())
      out.push_back(fmt::format("retort::table_schema({})", cpp_string(t.schema)));
    if (std::string p = table_properties(t.properties); !p.empty()) out.push_back(std::move(p));
    return out;
  }

  // Notes for what table `t` declares that its model cannot.
  void note_table(const Table& t, const std::set<std::string>& collapsed) {
    const NamingConvention naming;
    const std::string name = t.qualified_name();
    for (const Index& i : t.indexes) {
      if (has_expression(i) && !detail::has_index_options(i)) {
        notes_.push_back(fmt::format("table {}: expression index {}", name, i.name));
      }
    }
    for (const ForeignKey& fk : t.foreign_keys) {
      if (!collapsed.contains(fk.name) && !written_whole(fk)) {
        notes_.push_back(fmt::format(
            "table {}: foreign key {} ({}) -> {}({}){}", name, fk.name, fmt::join(fk.columns, ", "),
            fk.ref_schema.empty() ? fk.ref_table : fk.ref_schema + "." + fk.ref_table,
            fmt::join(fk.ref_columns, ", "),
            fk.columns.size() > 1
                ? " (models declare single-column foreign keys)"
                : " (models name foreign keys by the convention, not deferrable)"));
      }
    }
  }

  void note_enums() {
    for (const Enum& e : schema_.enums) {
      if (!e.schema.empty()) {
        notes_.push_back(fmt::format("enum {}.{}: models declare enums in the default schema",
                                     e.schema, e.name));
      }
      if (find_enum(e.schema, e.name) == nullptr) {
        notes_.push_back(
            fmt::format("enum {}: no column uses it, so no model declares it", e.name));
      }
    }
  }

 private:
  // retort::Index{...} with every member not at its default (and those
  // without a default member initializer), in declaration order.
  static std::string index_value(const Index& i) {
    std::vector<std::string> keys;
    for (const IndexKey& k : i.keys) {
      // Members without a default member initializer are always given
      // (-Wmissing-field-initializers).
      std::vector<std::string> parts = {".column = " + cpp_string(k.column),
                                        ".expression = " + cpp_string(k.expression)};
      if (k.order == SortOrder::kDesc) parts.push_back(".order = retort::SortOrder::kDesc");
      if (k.nulls != NullsOrder::kDefault) {
        parts.push_back(k.nulls == NullsOrder::kFirst ? ".nulls = retort::NullsOrder::kFirst"
                                                      : ".nulls = retort::NullsOrder::kLast");
      }
      if (!k.opclass.empty()) parts.push_back(".opclass = " + cpp_string(k.opclass));
      if (!k.collation.empty()) parts.push_back(".collation = " + cpp_string(k.collation));
      keys.push_back(fmt::format("{{{}}}", fmt::join(parts, ", ")));
    }
    std::vector<std::string> parts = {".name = " + cpp_string(i.name),
                                      fmt::format(".keys = {{{}}}", fmt::join(keys, ", "))};
    if (i.unique) parts.push_back(".unique = true");
    parts.push_back(".where = " + cpp_string(i.where));
    if (!i.method.empty()) parts.push_back(".method = " + cpp_string(i.method));
    if (!i.include.empty()) parts.push_back(".include = " + string_list(i.include));
    if (i.nulls_not_distinct) parts.push_back(".nulls_not_distinct = true");
    if (!i.storage.empty()) parts.push_back(".storage = " + string_list(i.storage));
    return fmt::format("retort::Index{{{}}}", fmt::join(parts, ", "));
  }

  // A foreign key with a property only the whole value says (MATCH FULL,
  // NOT VALID) is passed to retort::table<T>() as a retort::ForeignKey.
  static bool written_whole(const ForeignKey& fk) { return fk.match_full || fk.not_valid; }

  // The whole values of constraints the short forms cannot say: foreign
  // keys (written_whole), exclusion constraints, a deferrable primary key.
  void constraint_items(const Table& t, const std::set<std::string>& collapsed,
                        std::vector<std::string>& out) const {
    for (const ForeignKey& fk : t.foreign_keys) {
      if (!collapsed.contains(fk.name) && written_whole(fk)) out.push_back(whole_foreign_key(fk));
    }
    for (const ExclusionConstraint& x : t.exclusions) out.push_back(whole_exclusion(x));
    if (t.primary_key_deferrable) {
      out.push_back(
          fmt::format("retort::TablePrimaryKey{{.columns = {}, .name = {}, .deferrable = true{}}}",
                      string_list(t.primary_key()), cpp_string(t.primary_key_name),
                      t.primary_key_initially_deferred ? ", .initially_deferred = true" : ""));
    }
  }

  static std::string deferrable_fields(bool deferrable, bool initially_deferred) {
    std::string out = deferrable ? ", .deferrable = true" : "";
    if (initially_deferred) out += ", .initially_deferred = true";
    return out;
  }

  static std::string whole_unique(const UniqueConstraint& u) {
    return fmt::format("retort::UniqueConstraint{{.name = {}, .columns = {}{}{}}}",
                       cpp_string(u.name), string_list(u.columns),
                       deferrable_fields(u.deferrable, u.initially_deferred),
                       u.nulls_not_distinct ? ", .nulls_not_distinct = true" : "");
  }

  static std::string whole_check(const CheckConstraint& c) {
    return fmt::format("retort::CheckConstraint{{.name = {}, .sql = {}{}{}}}", cpp_string(c.name),
                       cpp_string(c.sql), c.not_valid ? ", .not_valid = true" : "",
                       c.no_inherit ? ", .no_inherit = true" : "");
  }

  // Whole values name every member that has no default of its own, so that
  // the generated code builds warning-free with -Wextra
  // (-Wmissing-field-initializers).
  static std::string whole_foreign_key(const ForeignKey& fk) {
    std::string out = fmt::format(
        "retort::ForeignKey{{.name = {}, .columns = {}, .ref_schema = {}, .ref_table = {}, "
        ".ref_columns = {}, .on_delete = {}, .on_update = {}",
        cpp_string(fk.name), string_list(fk.columns), cpp_string(fk.ref_schema),
        cpp_string(fk.ref_table), string_list(fk.ref_columns),
        cpp_string(is_no_action(fk.on_delete) ? "" : fk.on_delete),
        cpp_string(is_no_action(fk.on_update) ? "" : fk.on_update));
    out += deferrable_fields(fk.deferrable, fk.initially_deferred);
    if (fk.match_full) out += ", .match_full = true";
    if (fk.not_valid) out += ", .not_valid = true";
    return out + "}";
  }

  static std::string whole_exclusion(const ExclusionConstraint& x) {
    std::vector<std::string> elements;
    for (const ExclusionElement& e : x.elements) {
      elements.push_back(fmt::format("{{.key = {{.column = {}, .expression = {}}}, .op = {}}}",
                                     cpp_string(e.key.column), cpp_string(e.key.expression),
                                     cpp_string(e.op)));
    }
    return fmt::format(
        "retort::ExclusionConstraint{{.name = {}, .method = {}, .elements = {{{}}}, .include = "
        "{}, .where = {}{}}}",
        cpp_string(x.name), cpp_string(x.method), fmt::join(elements, ", "), string_list(x.include),
        cpp_string(x.where), deferrable_fields(x.deferrable, x.initially_deferred));
  }

  static bool has_expression(const Index& i) {
    return std::any_of(i.keys.begin(), i.keys.end(),
                       [](const IndexKey& k) { return !k.expression.empty(); });
  }

  const EnumDecl* find_enum(const std::string& schema, const std::string& name) const {
    for (const EnumDecl& e : enums_) {
      if (e.schema == schema && e.name == name) return &e;
    }
    return nullptr;
  }

  void name_structs() {
    std::map<std::string, int> by_name;
    for (const Table& t : schema_.tables) ++by_name[t.name];
    for (const Table& t : schema_.tables) {
      const bool clash = by_name[t.name] > 1 && !t.schema.empty();
      TableDecl d;
      d.table = &t;
      d.struct_name =
          unique_name(clash ? pascal(t.schema) + pascal(t.name) : pascal(t.name), type_names_);
      d.var_name =
          unique_name(identifier(plural(clash ? t.schema + "_" + t.name : t.name)), var_names_);
      std::set<std::string> members;
      for (const Column& c : t.columns)
        d.members.push_back(unique_name(identifier(c.name), members));
      named_.push_back(std::move(d));
    }
  }

  void gather_enums() {
    for (const Table& t : schema_.tables) {
      for (const Column& c : t.columns) {
        if (c.type.kind != TypeKind::kEnum || find_enum(t.schema, c.type.enum_name)) continue;
        EnumDecl e;
        e.schema = t.schema;
        e.name = c.type.enum_name;
        const Enum* declared = schema_.find_enum(t.schema, c.type.enum_name);
        e.values = declared != nullptr ? declared->values : c.type.enum_values;
        std::string cpp = pascal(e.name);
        if (type_names_.contains(cpp)) cpp += "Kind";
        e.cpp_name = unique_name(cpp, type_names_);
        std::set<std::string> ids;
        for (const std::string& v : e.values) {
          e.value_ids.push_back(
              unique_name("k" + (v.empty() ? std::string("Empty") : pascal(v, false)), ids));
        }
        enums_.push_back(std::move(e));
      }
    }
  }

  // Tables a foreign key refers to come first; a cycle is broken at the
  // first table in schema order (its reference is then written as text).
  void order_tables() {
    std::vector<bool> done(named_.size(), false);
    auto index_of = [&](const std::string& schema, const std::string& name) -> int {
      for (std::size_t i = 0; i < named_.size(); ++i) {
        if (named_[i].table->schema == schema && named_[i].table->name == name) {
          return static_cast<int>(i);
        }
      }
      return -1;
    };
    while (tables_.size() < named_.size()) {
      std::size_t pick = named_.size();
      for (std::size_t i = 0; i < named_.size() && pick == named_.size(); ++i) {
        if (done[i]) continue;
        bool ready = true;
        for (const ForeignKey& fk : named_[i].table->foreign_keys) {
          const int target = index_of(fk.ref_schema, fk.ref_table);
          if (target >= 0 && static_cast<std::size_t>(target) != i && !done[target]) ready = false;
        }
        if (ready) pick = i;
      }
      if (pick == named_.size())
        pick = static_cast<std::size_t>(std::find(done.begin(), done.end(), false) - done.begin());
      done[pick] = true;
      tables_.push_back(named_[pick]);
    }
  }

  // The argument of .foreign_key(): the target model and member when it is
  // declared above, else "schema.table.column".
  std::string reference(const TableDecl& from, const ForeignKey& fk) const {
    for (const TableDecl& d : tables_) {
      if (d.table == from.table) break;
      if (d.table->schema != fk.ref_schema || d.table->name != fk.ref_table) continue;
      for (std::size_t i = 0; i < d.table->columns.size(); ++i) {
        if (d.table->columns[i].name == fk.ref_columns[0]) {
          return fmt::format("{}, &{}::{}", d.var_name, d.struct_name, d.members[i]);
        }
      }
    }
    std::string text = fk.ref_table + "." + fk.ref_columns[0];
    if (!fk.ref_schema.empty()) text = fk.ref_schema + "." + text;
    return cpp_string(text);
  }

  std::string default_options(const Table& t, const Column& c) const {
    if (c.default_.sql) return fmt::format(".default_sql({})", cpp_string(*c.default_.sql));
    if (!c.default_.value) return {};
    const Literal& v = *c.default_.value;
    const TypeKind k = c.type.kind;
    if (const auto* n = std::get_if<std::int64_t>(&v); n && c.type.is_integer()) {
      return fmt::format(".default_value({})", *n);
    }
    if (const auto* b = std::get_if<bool>(&v); b && k == TypeKind::kBoolean) {
      return fmt::format(".default_value({})", *b ? "true" : "false");
    }
    if (const auto* d = std::get_if<double>(&v); d && k == TypeKind::kFloat && std::isfinite(*d)) {
      std::string text = fmt::format("{}", *d);
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      return fmt::format(".default_value({})", text);
    }
    if (const auto* s = std::get_if<std::string>(&v)) {
      if (k == TypeKind::kVarchar || k == TypeKind::kText || k == TypeKind::kChar ||
          k == TypeKind::kJson) {
        return fmt::format(".default_value({})", cpp_string(*s));
      }
      if (k == TypeKind::kEnum) {
        const EnumDecl* e = find_enum(t.schema, c.type.enum_name);
        for (std::size_t i = 0; e != nullptr && i < e->values.size(); ++i) {
          if (e->values[i] == *s) {
            return fmt::format(".default_value({}::{})", e->cpp_name, e->value_ids[i]);
          }
        }
      }
    }
    // Anything else as its SQL literal, which reads back as the same value.
    return fmt::format(".default_sql({})", cpp_string(literal_sql(v)));
  }

  const MetaData& schema_;
  std::set<std::string> type_names_;
  std::set<std::string> var_names_{"metadata"};
  std::vector<TableDecl> named_;   // schema order
  std::vector<TableDecl> tables_;  // declaration order
  std::vector<EnumDecl> enums_;
  std::vector<std::string> notes_;
};

void write_enum_mapping(std::string& out, const EnumDecl& e, const std::string& ns) {
  const std::string type = ns.empty() ? e.cpp_name : ns + "::" + e.cpp_name;
  out += fmt::format("template <>\nstruct retort::enum_mapping<{}> {{\n", type);
  out += fmt::format("  static constexpr std::string_view name = {};\n", cpp_string(e.name));
  out += fmt::format("  static constexpr std::pair<{}, std::string_view> values[] = {{\n", type);
  for (std::size_t i = 0; i < e.values.size(); ++i) {
    out += fmt::format("      {{{}::{}, {}}},\n", type, e.value_ids[i], cpp_string(e.values[i]));
  }
  out += "  };\n};\n\n";
}

// The table declarations, and the notes on what they cannot say.
// `schema` with each partition given its root table's columns: a
// partition's model declares them (an application may read a partition by
// itself), and normalize() leaves them out again.
MetaData with_partition_columns(const MetaData& schema) {
  MetaData out = schema;
  for (Table& t : out.tables) {
    const std::vector<const Table*> ancestors = detail::partition_ancestors(t, schema);
    if (ancestors.empty() || !t.columns.empty()) continue;
    t.columns = ancestors.back()->columns;
    t.primary_key_order = ancestors.back()->primary_key_order;
  }
  return out;
}

struct Declarations {
  std::vector<std::string> tables;
  std::vector<std::string> notes;
  // The foreign keys the header declares, by table: a relationship is
  // written only for those, which the session can follow.
  std::map<const Table*, std::set<std::string>> foreign_keys;
};

Declarations declare(const MetaData& schema) {
  CppLayout plan(schema);
  Declarations out;
  for (const TableDecl& d : plan.tables()) {
    std::set<std::string> collapsed;  // constraints the columns already say
    std::string text = fmt::format("inline const auto {} = retort::table<{}>(\n    {}", d.var_name,
                                   d.struct_name, cpp_string(d.table->name));
    for (std::size_t c = 0; c < d.table->columns.size(); ++c) {
      const Column& column = d.table->columns[c];
      text += fmt::format(",\n    retort::column({}, &{}::{}){}", cpp_string(column.name),
                          d.struct_name, d.members[c], plan.column_options(d, column, collapsed));
    }
    for (const std::string& item : plan.table_items(*d.table, collapsed)) {
      text += ",\n    " + item;
    }
    out.tables.push_back(text + ");\n");
    for (const ForeignKey& fk : d.table->foreign_keys) {
      if (CppLayout::declares(fk, collapsed)) out.foreign_keys[d.table].insert(fk.name);
    }
    plan.note_table(*d.table, collapsed);
  }
  plan.note_enums();
  out.notes = plan.notes();
  for (const View& v : schema.views) {
    if (!v.indexes.empty()) {
      out.notes.push_back(fmt::format("the indexes of {} (retort::View::indexes)", v.describe()));
    }
  }
  return out;
}

// One element of metadata's views: retort::View{.name = ..., .query = ...},
// members in declaration order, those at their default left out.
std::string view_literal(const View& v) {
  std::vector<std::string> fields;
  if (!v.schema.empty()) fields.push_back(".schema = " + cpp_string(v.schema));
  fields.push_back(".name = " + cpp_string(v.name));
  fields.push_back(".query = " + cpp_string(v.query));
  if (v.materialized) fields.push_back(".materialized = true");
  if (v.materialized && !v.with_data) fields.push_back(".with_data = false");
  if (!v.comment.empty()) fields.push_back(".comment = " + cpp_string(v.comment));
  return fmt::format("        retort::View{{{}}},\n", fmt::join(fields, ", "));
}

std::string head_fields(const std::string& schema, const std::string& name) {
  std::string out;
  if (!schema.empty()) out += ".schema = " + cpp_string(schema) + ", ";
  return out + ".name = " + cpp_string(name);
}

std::string comment_field(const std::string& comment) {
  return comment.empty() ? std::string() : ", .comment = " + cpp_string(comment);
}

std::string type_literal(const Type& type) {
  return "retort::sql_type(" + cpp_string(type.to_string()) + ")";
}

std::string object_literal(const Schema& s) {
  return fmt::format("retort::Schema{{.name = {}{}}}", cpp_string(s.name),
                     comment_field(s.comment));
}

std::string object_literal(const Extension& e) {
  std::string out = "retort::Extension{.name = " + cpp_string(e.name);
  if (!e.schema.empty()) out += ", .schema = " + cpp_string(e.schema);
  if (!e.version.empty()) out += ", .version = " + cpp_string(e.version);
  return out + "}";
}

std::string object_literal(const Sequence& s) {
  std::string out = "retort::Sequence{" + head_fields(s.schema, s.name);
  if (s.type.kind != TypeKind::kBigint) out += ", .type = " + type_literal(s.type);
  std::vector<std::string> options;
  const std::pair<const char*, const std::optional<std::int64_t>*> numbers[] = {
      {"start", &s.options.start},
      {"increment", &s.options.increment},
      {"min", &s.options.min},
      {"max", &s.options.max},
      {"cache", &s.options.cache}};
  for (const auto& [key, value] : numbers) {
    if (*value) options.push_back(fmt::format(".{} = {}", key, **value));
  }
  if (s.options.cycle) options.push_back(".cycle = true");
  if (!options.empty()) out += fmt::format(", .options = {{{}}}", fmt::join(options, ", "));
  if (!s.owned_by.empty()) out += ", .owned_by = " + cpp_string(s.owned_by);
  return out + comment_field(s.comment) + "}";
}

std::string object_literal(const Domain& d) {
  std::string out = "retort::Domain{" + head_fields(d.schema, d.name);
  out += ", .type = " + type_literal(d.type);
  if (d.default_.sql) out += ", .default_ = {.sql = " + cpp_string(*d.default_.sql) + "}";
  if (d.default_.value) {
    const Literal& v = *d.default_.value;
    std::string value;
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
      value = fmt::format("std::int64_t{{{}}}", *n);
    } else if (const auto* b = std::get_if<bool>(&v)) {
      value = *b ? "true" : "false";
    } else if (const auto* x = std::get_if<double>(&v)) {
      value = fmt::format("{}", *x);
      if (value.find_first_of(".en") == std::string::npos) value += ".0";
    } else {
      value = "std::string(" + cpp_string(std::get<std::string>(v)) + ")";
    }
    out += ", .default_ = {.value = " + value + "}";
  }
  if (d.not_null) out += ", .not_null = true";
  if (!d.collation.empty()) out += ", .collation = " + cpp_string(d.collation);
  if (!d.checks.empty()) {
    std::vector<std::string> checks;
    for (const DomainCheck& c : d.checks) {
      checks.push_back(fmt::format("{{.name = {}, .expression = {}}}", cpp_string(c.name),
                                   cpp_string(c.expression)));
    }
    out += fmt::format(", .checks = {{{}}}", fmt::join(checks, ", "));
  }
  return out + comment_field(d.comment) + "}";
}

std::string object_literal(const CompositeType& t) {
  std::vector<std::string> attributes;
  for (const TypeAttribute& a : t.attributes) {
    std::string attribute =
        fmt::format("{{.name = {}, .type = {}", cpp_string(a.name), type_literal(a.type));
    if (!a.collation.empty()) attribute += ", .collation = " + cpp_string(a.collation);
    attributes.push_back(attribute + "}");
  }
  return fmt::format("retort::CompositeType{{{}, .attributes = {{{}}}{}}}",
                     head_fields(t.schema, t.name), fmt::join(attributes, ", "),
                     comment_field(t.comment));
}

// The statement says the rest (core/function_head.hpp).
std::string object_literal(const Function& f) {
  return "retort::Function{.sql = " + cpp_string(f.sql) + comment_field(f.comment) + "}";
}

std::string object_literal(const Trigger& t) {
  std::string out = "retort::Trigger{.sql = " + cpp_string(t.sql);
  if (!t.state.empty()) out += ", .state = " + cpp_string(t.state);
  return out + comment_field(t.comment) + "}";
}

// `.views = {...}, .sequences = {...}`: the MetaData::Objects of `schema`.
std::string objects_literal(const MetaData& schema) {
  std::string out;
  if (!schema.views.empty()) {
    out += "     .views =\n         {\n";
    for (const View& v : schema.views) out += "    " + view_literal(v);
    out += "         },\n";
  }
  auto add = [&](const char* field, const auto& list) {
    if (list.empty()) return;
    out += fmt::format("     .{} =\n         {{\n", field);
    for (const auto& x : list) out += "             " + object_literal(x) + ",\n";
    out += "         },\n";
  };
  add("schemas", schema.schemas);
  add("extensions", schema.extensions);
  add("sequences", schema.sequences);
  add("domains", schema.domains);
  add("composite_types", schema.composite_types);
  add("functions", schema.functions);
  add("triggers", schema.triggers);
  return out;
}

// One retort::relationship<Child, Parent> per pair of models a declared
// single-column foreign key joins, by the child's members in column order, for
// Session::related<>() and parent<>() (relationship.hpp). Written at global
// scope, where an explicit specialisation of retort's template may be.
std::string relationships(const std::vector<TableDecl>& tables, const Declarations& decls,
                          const std::string& ns) {
  // Fully qualified: in a specialisation of retort's template, a plain name
  // is looked up in namespace retort first (a table named "domain" would
  // find retort::Domain).
  const std::string q = ns.empty() ? "::" : "::" + ns + "::";
  std::string out;
  for (const TableDecl& child : tables) {
    for (const TableDecl& parent : tables) {
      std::vector<std::string> members;
      for (std::size_t c = 0; c < child.table->columns.size(); ++c) {
        const std::string& column = child.table->columns[c].name;
        for (const ForeignKey& fk : child.table->foreign_keys) {
          const auto declared = decls.foreign_keys.find(child.table);
          if (declared == decls.foreign_keys.end() || !declared->second.contains(fk.name)) {
            continue;
          }
          if (fk.columns.size() == 1 && fk.columns[0] == column &&
              fk.ref_schema == parent.table->schema && fk.ref_table == parent.table->name &&
              parent.table->find_column(fk.ref_columns[0]) != nullptr) {
            members.push_back(fmt::format("&{}{}::{}", q, child.struct_name, child.members[c]));
            break;
          }
        }
      }
      if (members.empty()) continue;
      out += fmt::format(
          "template <>\nstruct retort::relationship<{0}{1}, {0}{2}>\n    : retort::by<{3}> {{}};\n",
          q, child.struct_name, parent.struct_name, fmt::join(members, ", "));
    }
  }
  return out;
}

}  // namespace

std::string models_to_cpp(const MetaData& declared, const CppOptions& options) {
  const MetaData schema = with_partition_columns(declared);
  CppLayout plan(schema);
  Declarations decls = declare(schema);
  const std::string& ns = options.namespace_name;
  std::string out;
  out += fmt::format(
      "// Generated by `retort codegen cpp`{}: one struct and one retort::table\n"
      "// declaration per table, and `metadata`, the schema they declare (pass it to\n"
      "// retort::cli::main for a migration CLI). Regenerate rather than edit by hand.\n",
      options.source.empty() ? "" : " from " + options.source);
  if (!decls.notes.empty()) {
    out += "//\n// Not declared here (a model declaration cannot say it):\n";
    for (const std::string& n : decls.notes) out += "//   - " + n + "\n";
  }
  out +=
      "#pragma once\n\n"
      "#include <cstdint>\n#include <optional>\n#include <string>\n#include <string_view>\n"
      "#include <utility>\n#include <vector>\n\n#include \"core/model/model.hpp\"\n"
      "#include \"core/model/relationship.hpp\"\n\n";

  const std::string open = ns.empty() ? "" : fmt::format("namespace {} {{\n\n", ns);
  const std::string close = ns.empty() ? "" : fmt::format("}}  // namespace {}\n", ns);
  if (!plan.enums().empty()) {
    out += open;
    for (const EnumDecl& e : plan.enums()) {
      out += fmt::format("enum class {} {{ {} }};\n", e.cpp_name, fmt::join(e.value_ids, ", "));
    }
    out += "\n" + close + (close.empty() ? "" : "\n");
    for (const EnumDecl& e : plan.enums()) write_enum_mapping(out, e, ns);
  }

  out += open;
  for (const TableDecl& d : plan.tables()) {
    out += fmt::format("struct {} {{\n", d.struct_name);
    for (std::size_t c = 0; c < d.table->columns.size(); ++c) {
      // {} so designated initializers may leave members out without warnings.
      out += fmt::format("  {} {}{{}};\n", plan.member_type(d.table->columns[c], *d.table),
                         d.members[c]);
    }
    out += "};\n\n";
  }
  for (const std::string& decl : decls.tables) out += decl + "\n";
  std::vector<std::string> vars;
  for (const TableDecl& d : plan.tables()) vars.push_back(d.var_name);
  const bool objects = !schema.schemas.empty() || !schema.extensions.empty() ||
                       !schema.sequences.empty() || !schema.domains.empty() ||
                       !schema.composite_types.empty() || !schema.functions.empty() ||
                       !schema.triggers.empty();
  if (objects) {
    out += fmt::format("inline const retort::MetaData metadata{{\n    {{{}}},\n    {{\n",
                       fmt::join(vars, ", "));
    out += objects_literal(schema);
    out += "    }};\n";
  } else if (schema.views.empty()) {
    out += fmt::format("inline const retort::MetaData metadata{{{}}};\n", fmt::join(vars, ", "));
  } else {
    out += fmt::format("inline const retort::MetaData metadata{{\n    {{{}}},\n    {{\n",
                       fmt::join(vars, ", "));
    for (const View& v : schema.views) out += view_literal(v);
    out += "    }};\n";
  }
  if (!close.empty()) out += "\n" + close;
  const std::string related = relationships(plan.tables(), decls, ns);
  if (!related.empty()) {
    out +=
        "\n// The relationships the foreign keys make, for session.related<>() and\n"
        "// session.parent<>().\n" +
        related;
  }
  return out;
}

std::vector<std::string> cpp_limitations(const MetaData& schema) {
  return declare(with_partition_columns(schema)).notes;
}

Status check_cpp_namespace(const std::string& name) {
  static const std::regex kNamespace(R"([A-Za-z_]\w*(::[A-Za-z_]\w*)*)");
  if (name.empty() || std::regex_match(name, kNamespace)) return {};
  return Error::bad_input(fmt::format("--namespace \"{}\" is not a C++ namespace name", name),
                          "use identifiers joined by ::, e.g. --namespace app::db");
}

}  // namespace retort
