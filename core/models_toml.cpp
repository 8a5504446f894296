#include "core/models_toml.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include "core/internal/object_toml.hpp"
#include "core/internal/schema_toml.hpp"
#include "core/internal/schema_validate.hpp"
#include "core/internal/toml_entry.hpp"
#include "core/internal/user_file.hpp"
#include "core/internal/view_toml.hpp"

namespace retort {
namespace {

using detail::EntryReader;

Result<NamingConvention> read_naming(const toml::node& node, const std::string& source) {
  const toml::table* t = node.as_table();
  if (t == nullptr) {
    return Error::bad_input("`naming_convention` must be a table")
        .at(source, detail::line_of(node));
  }
  EntryReader r(*t, source, "naming_convention", {"ix", "uq", "fk", "ck", "pk"});
  if (auto s = r.check_keys(); !s) return s.error();
  NamingConvention nc;
  std::pair<std::string_view, std::string*> fields[] = {{"ix", &nc.index},
                                                        {"uq", &nc.unique},
                                                        {"fk", &nc.foreign_key},
                                                        {"ck", &nc.check},
                                                        {"pk", &nc.primary_key}};
  for (auto& [key, field] : fields) {
    auto v = r.string(key, *field);
    if (!v) return v.error();
    *field = *v;
  }
  return nc;
}

Result<Enum> read_enum(const toml::table& entry, const std::string& source) {
  EntryReader r(entry, source, "enum", {"name", "schema", "values"});
  if (auto s = r.check_keys(); !s) return s.error();
  Enum e;
  auto name = r.required_string("name");
  if (!name) return name.error();
  auto schema = r.string("schema");
  if (!schema) return schema.error();
  auto values = r.strings("values");
  if (!values) return values.error();
  if (values->empty()) return r.error(fmt::format("enum {} has no `values`", *name), r.line());
  e.name = *name;
  e.schema = *schema;
  e.values = *values;
  e.line = r.line();
  return e;
}

// Is this enum used by a column (and so written there)?
bool enum_in_columns(const MetaData& md, const Enum& e) {
  for (const auto& t : md.tables) {
    if (t.schema != e.schema) continue;
    for (const auto& c : t.columns) {
      if (c.type.kind == TypeKind::kEnum && c.type.enum_name == e.name) return true;
    }
  }
  return false;
}

}  // namespace

NamingConvention default_naming_convention() { return NamingConvention{}; }

Result<MetaData> read_models(std::string_view toml_text, const std::string& source_name,
                             const NameLimit& limit) {
  toml::table doc;
  try {
    doc = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    return Error::bad_input(fmt::format("malformed TOML: {}", e.description()),
                            "fix the TOML syntax at that line")
        .at(source_name, static_cast<int>(e.source().begin.line));
  }
  EntryReader top(doc, source_name, "models file",
                  {"table", "enum", "view", "schema", "extension", "sequence", "domain",
                   "composite_type", "function", "trigger", "naming_convention"});
  if (auto s = top.check_keys(); !s) return s.error();

  NamingConvention naming;
  if (const toml::node* n = doc.get("naming_convention")) {
    auto nc = read_naming(*n, source_name);
    if (!nc) return nc.error();
    naming = *nc;
  }

  MetaData md;
  auto tables = top.array("table");
  if (!tables) return tables.error();
  if (*tables != nullptr) {
    for (const auto& element : **tables) {
      const toml::table* t = element.as_table();
      if (t == nullptr) {
        return top.error("`table` must be written as [[table]] sections", detail::line_of(element));
      }
      auto table = detail::parse_table(*t, source_name, naming, "name");
      if (!table) return table.error();
      md.tables.push_back(std::move(*table));
    }
  }
  auto enums = top.array("enum");
  if (!enums) return enums.error();
  if (*enums != nullptr) {
    for (const auto& element : **enums) {
      const toml::table* t = element.as_table();
      if (t == nullptr) {
        return top.error("`enum` must be written as [[enum]] sections", detail::line_of(element));
      }
      auto e = read_enum(*t, source_name);
      if (!e) return e.error();
      md.enums.push_back(std::move(*e));
    }
  }
  auto views = top.array("view");
  if (!views) return views.error();
  if (*views != nullptr) {
    // A view's sql_file is relative to the models file.
    const std::filesystem::path base = std::filesystem::path(source_name).parent_path();
    for (const auto& element : **views) {
      const toml::table* t = element.as_table();
      if (t == nullptr) {
        return top.error("`view` must be written as [[view]] sections", detail::line_of(element));
      }
      auto v = detail::parse_view(*t, source_name, base);
      if (!v) return v.error();
      md.views.push_back(std::move(*v));
    }
  }
  // A view's, function's or trigger's sql_file is relative to the models file.
  const std::filesystem::path base = std::filesystem::path(source_name).parent_path();
  // Every [[section]] of one kind, each entry read by `parse`.
  auto read_section = [&](auto& list, auto parse) -> Status {
    using T = typename std::decay_t<decltype(list)>::value_type;
    const std::string_view section = detail::section_name<T>();
    auto entries = top.array(section);
    if (!entries) return entries.error();
    if (*entries == nullptr) return {};
    for (const auto& element : **entries) {
      const toml::table* t = element.as_table();
      if (t == nullptr) {
        return top.error(fmt::format("`{0}` must be written as [[{0}]] sections", section),
                         detail::line_of(element));
      }
      auto object = parse(*t);
      if (!object) return object.error();
      list.push_back(std::move(*object));
    }
    return {};
  };
  auto read_objects = [&](auto& list) -> Status {
    using T = typename std::decay_t<decltype(list)>::value_type;
    return read_section(
        list, [&](const toml::table& t) { return detail::parse_object<T>(t, source_name); });
  };
  if (auto s = read_objects(md.schemas); !s) return s.error();
  if (auto s = read_objects(md.extensions); !s) return s.error();
  if (auto s = read_objects(md.sequences); !s) return s.error();
  if (auto s = read_objects(md.domains); !s) return s.error();
  if (auto s = read_objects(md.composite_types); !s) return s.error();
  auto functions = [&](const toml::table& t) {
    return detail::parse_function(t, source_name, base);
  };
  if (auto s = read_section(md.functions, functions); !s) return s.error();
  auto triggers = [&](const toml::table& t) { return detail::parse_trigger(t, source_name, base); };
  if (auto s = read_section(md.triggers, triggers); !s) return s.error();
  md.finish();
  if (auto s = validate(md, source_name, limit, naming); !s) return s.error();
  return md;
}

Result<MetaData> read_models_file(const std::filesystem::path& path, const NameLimit& limit) {
  Result<std::string> text =
      read_user_file(path, "models file", "check the `models` setting in retort.toml");
  if (!text) return std::move(text).error();
  return read_models(*text, path.string(), limit);
}

Status validate(const MetaData& schema, const std::string& source_name, const NameLimit& limit,
                const NamingConvention& naming) {
  return validate_schema(schema, source_name, limit, naming);
}

std::string write_models(const MetaData& schema) {
  const NamingConvention naming;
  std::string out;
  for (const auto& t : schema.tables) {
    if (!out.empty()) out += "\n";
    out += "[[table]]\n";
    out += detail::format_entry(detail::table_toml(t, naming, schema.enums, "name"));
  }
  for (const auto& e : schema.enums) {
    if (enum_in_columns(schema, e)) continue;
    toml::table entry;
    entry.insert_or_assign("name", e.name);
    if (!e.schema.empty()) entry.insert_or_assign("schema", e.schema);
    toml::array values;
    for (const auto& v : e.values) values.push_back(v);
    entry.insert_or_assign("values", std::move(values));
    if (!out.empty()) out += "\n";
    out += "[[enum]]\n" + detail::format_entry(entry);
  }
  auto write_objects = [&](const auto& list) {
    for (const auto& x : list) {
      using T = std::decay_t<decltype(x)>;
      if (!out.empty()) out += "\n";
      out += fmt::format("[[{}]]\n", detail::section_name<T>()) +
             detail::format_entry(detail::object_toml(x));
    }
  };
  write_objects(schema.schemas);
  write_objects(schema.extensions);
  write_objects(schema.sequences);
  write_objects(schema.domains);
  write_objects(schema.composite_types);
  write_objects(schema.functions);
  write_objects(schema.triggers);
  for (const auto& v : schema.views) {
    if (!out.empty()) out += "\n";
    out += "[[view]]\n" + detail::format_entry(detail::view_toml(v));
  }
  return out;
}

}  // namespace retort
