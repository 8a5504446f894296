#include "core/internal/object_toml.hpp"

#include <fmt/format.h>

#include <vector>

#include "core/internal/schema_toml.hpp"
#include "core/internal/toml_entry.hpp"

namespace retort::detail {
namespace {

// The keys every kind but schema and extension starts with.
Status read_head(EntryReader& r, std::string& schema, std::string& name, int& line) {
  line = r.line();
  auto n = r.required_string("name");
  if (!n) return n.error();
  name = *n;
  auto s = r.string("schema");
  if (!s) return s.error();
  schema = *s;
  r.set_context(schema.empty() ? name : schema + "." + name);
  return {};
}

void put_head(toml::table& t, const std::string& schema, const std::string& name) {
  t.insert_or_assign("name", name);
  if (!schema.empty()) t.insert_or_assign("schema", schema);
}

// `type` (and `native`) of a domain or an attribute.
Result<Type> read_type(const EntryReader& r) {
  auto text = r.required_string("type");
  if (!text) return text.error();
  auto native = r.boolean("native");
  if (!native) return native.error();
  auto type = parse_column_type(*text, *native);
  if (!type) return r.error(type.error().message, r.line("type"), type.error().hint);
  if (type->kind == TypeKind::kEnum) {
    return r.error(
        "an enum is named by its type here: declare it as [[enum]] and use "
        "type = \"<enum name>\", native = true",
        r.line("type"));
  }
  return type;
}

void put_type(toml::table& t, const Type& type) {
  t.insert_or_assign("type", type.to_string());
  if (type.kind == TypeKind::kNative && type.native_marked) t.insert_or_assign("native", true);
}

// Each element of the array at `key` as an inline table.
Result<std::vector<const toml::table*>> inline_tables(const EntryReader& r, std::string_view key,
                                                      std::string_view example) {
  std::vector<const toml::table*> out;
  auto array = r.array(key);
  if (!array) return array.error();
  if (*array == nullptr) return out;
  for (const auto& element : **array) {
    const toml::table* t = element.as_table();
    if (t == nullptr) {
      return r.error(fmt::format("each of `{}` must be an inline table", key), line_of(element),
                     fmt::format("e.g. {} = [{}]", key, example));
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace

template <>
Result<Schema> parse_object(const toml::table& entry, const std::string& source,
                            std::initializer_list<std::string_view> ignored) {
  EntryReader r(entry, source, "schema", {"name", "comment"});
  if (auto s = r.check_keys(ignored); !s) return s.error();
  Schema out;
  out.line = r.line();
  auto name = r.required_string("name");
  if (!name) return name.error();
  out.name = *name;
  r.set_context(out.name);
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  out.comment = *comment;
  if (out.name.empty()) return r.error("a schema needs a non-empty `name`", r.line("name"));
  return out;
}

template <>
Result<Extension> parse_object(const toml::table& entry, const std::string& source,
                               std::initializer_list<std::string_view> ignored) {
  EntryReader r(entry, source, "extension", {"name", "schema", "version"});
  if (auto s = r.check_keys(ignored); !s) return s.error();
  Extension out;
  if (auto s = read_head(r, out.schema, out.name, out.line); !s) return s.error();
  auto version = r.string("version");
  if (!version) return version.error();
  out.version = *version;
  if (out.name.empty()) return r.error("an extension needs a non-empty `name`", r.line("name"));
  return out;
}

template <>
Result<Sequence> parse_object(const toml::table& entry, const std::string& source,
                              std::initializer_list<std::string_view> ignored) {
  EntryReader r(entry, source, "sequence",
                {"name", "schema", "type", "start", "increment", "min", "max", "cache", "cycle",
                 "owned_by", "comment"});
  if (auto s = r.check_keys(ignored); !s) return s.error();
  Sequence out;
  if (auto s = read_head(r, out.schema, out.name, out.line); !s) return s.error();
  auto type = r.string("type", "bigint");
  if (!type) return type.error();
  auto parsed = parse_type(*type);
  if (!parsed || !parsed->is_integer()) {
    return r.error(
        fmt::format("sequence {}: `type` must be smallint, integer or bigint, not \"{}\"", out.name,
                    *type),
        r.line("type"));
  }
  out.type = *parsed;
  if (auto s = read_sequence_numbers(r, out.options); !s) return s.error();
  auto owned_by = r.string("owned_by");
  if (!owned_by) return owned_by.error();
  out.owned_by = *owned_by;
  if (!out.owned_by.empty()) {
    const auto dot = out.owned_by.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == out.owned_by.size() ||
        out.owned_by.find('.', dot + 1) != std::string::npos) {
      return r.error(fmt::format("sequence {}: `owned_by` must be \"table.column\", not \"{}\"",
                                 out.name, out.owned_by),
                     r.line("owned_by"), "the table is in the sequence's schema");
    }
  }
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  out.comment = *comment;
  return out;
}

template <>
Result<Domain> parse_object(const toml::table& entry, const std::string& source,
                            std::initializer_list<std::string_view> ignored) {
  EntryReader r(entry, source, "domain",
                {"name", "schema", "type", "native", "default", "default_sql", "not_null",
                 "collation", "checks", "comment"});
  if (auto s = r.check_keys(ignored); !s) return s.error();
  Domain out;
  if (auto s = read_head(r, out.schema, out.name, out.line); !s) return s.error();
  auto type = read_type(r);
  if (!type) return type.error();
  out.type = *type;
  auto default_value = read_default(r, "a domain", out.type);
  if (!default_value) return default_value.error();
  out.default_ = *default_value;
  auto not_null = r.boolean("not_null");
  if (!not_null) return not_null.error();
  out.not_null = *not_null;
  auto collation = r.string("collation");
  if (!collation) return collation.error();
  out.collation = *collation;
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  out.comment = *comment;
  auto checks = inline_tables(r, "checks", "{ name = \"positive\", expression = \"VALUE > 0\" }");
  if (!checks) return checks.error();
  int unnamed = 0;
  for (const toml::table* t : *checks) {
    EntryReader c(*t, source, "domain check", {"name", "expression"});
    c.set_context(out.name);
    if (auto s = c.check_keys(); !s) return s.error();
    DomainCheck check;
    check.line = c.line();
    auto name = c.string("name");
    if (!name) return name.error();
    auto expression = c.required_string("expression");
    if (!expression) return expression.error();
    // PostgreSQL's own names for unnamed checks: <domain>_check, _check1, ...
    check.name = !name->empty()   ? *name
                 : unnamed++ == 0 ? out.name + "_check"
                                  : fmt::format("{}_check{}", out.name, unnamed - 1);
    check.expression = *expression;
    for (const DomainCheck& have : out.checks) {
      if (have.name == check.name) {
        return c.error(fmt::format("domain {} has two checks named {}", out.name, have.name),
                       c.line());
      }
    }
    out.checks.push_back(std::move(check));
  }
  return out;
}

template <>
Result<CompositeType> parse_object(const toml::table& entry, const std::string& source,
                                   std::initializer_list<std::string_view> ignored) {
  EntryReader r(entry, source, "composite_type", {"name", "schema", "attributes", "comment"});
  if (auto s = r.check_keys(ignored); !s) return s.error();
  CompositeType out;
  if (auto s = read_head(r, out.schema, out.name, out.line); !s) return s.error();
  auto comment = r.string("comment");
  if (!comment) return comment.error();
  out.comment = *comment;
  auto attributes = inline_tables(r, "attributes", "{ name = \"street\", type = \"text\" }");
  if (!attributes) return attributes.error();
  for (const toml::table* t : *attributes) {
    EntryReader a(*t, source, "attribute", {"name", "type", "native", "collation"});
    a.set_context(out.name);
    if (auto s = a.check_keys(); !s) return s.error();
    TypeAttribute attribute;
    auto name = a.required_string("name");
    if (!name) return name.error();
    attribute.name = *name;
    auto type = read_type(a);
    if (!type) return type.error();
    attribute.type = *type;
    auto collation = a.string("collation");
    if (!collation) return collation.error();
    attribute.collation = *collation;
    for (const TypeAttribute& have : out.attributes) {
      if (have.name == attribute.name) {
        return a.error(fmt::format("type {} has two attributes named {}", out.name, have.name),
                       a.line());
      }
    }
    out.attributes.push_back(std::move(attribute));
  }
  if (out.attributes.empty()) {
    return r.error(fmt::format("composite type {} needs `attributes`", out.name), r.line(),
                   "e.g. attributes = [{ name = \"street\", type = \"text\" }]");
  }
  return out;
}

toml::table object_toml(const Schema& schema) {
  toml::table t;
  t.insert_or_assign("name", schema.name);
  if (!schema.comment.empty()) t.insert_or_assign("comment", schema.comment);
  return t;
}

toml::table object_toml(const Extension& extension) {
  toml::table t;
  put_head(t, extension.schema, extension.name);
  if (!extension.version.empty()) t.insert_or_assign("version", extension.version);
  return t;
}

toml::table object_toml(const Sequence& sequence) {
  toml::table t;
  put_head(t, sequence.schema, sequence.name);
  if (sequence.type.kind != TypeKind::kBigint) {
    t.insert_or_assign("type", sequence.type.to_string());
  }
  put_sequence_numbers(t, sequence.options);
  if (!sequence.owned_by.empty()) t.insert_or_assign("owned_by", sequence.owned_by);
  if (!sequence.comment.empty()) t.insert_or_assign("comment", sequence.comment);
  return t;
}

toml::table object_toml(const Domain& domain) {
  toml::table t;
  put_head(t, domain.schema, domain.name);
  put_type(t, domain.type);
  if (domain.default_.value) insert_literal(t, "default", *domain.default_.value);
  if (domain.default_.sql) t.insert_or_assign("default_sql", *domain.default_.sql);
  if (domain.not_null) t.insert_or_assign("not_null", true);
  if (!domain.collation.empty()) t.insert_or_assign("collation", domain.collation);
  if (!domain.checks.empty()) {
    toml::array checks;
    for (const DomainCheck& c : domain.checks) {
      toml::table check;
      check.is_inline(true);
      check.insert_or_assign("name", c.name);
      check.insert_or_assign("expression", c.expression);
      checks.push_back(std::move(check));
    }
    t.insert_or_assign("checks", std::move(checks));
  }
  if (!domain.comment.empty()) t.insert_or_assign("comment", domain.comment);
  return t;
}

toml::table object_toml(const CompositeType& type) {
  toml::table t;
  put_head(t, type.schema, type.name);
  toml::array attributes;
  for (const TypeAttribute& a : type.attributes) {
    toml::table attribute;
    attribute.is_inline(true);
    attribute.insert_or_assign("name", a.name);
    put_type(attribute, a.type);
    if (!a.collation.empty()) attribute.insert_or_assign("collation", a.collation);
    attributes.push_back(std::move(attribute));
  }
  t.insert_or_assign("attributes", std::move(attributes));
  if (!type.comment.empty()) t.insert_or_assign("comment", type.comment);
  return t;
}

}  // namespace retort::detail
