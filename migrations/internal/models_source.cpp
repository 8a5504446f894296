#include "migrations/internal/models_source.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/internal/text.hpp"
#include "core/models_toml.hpp"
#include "core/view_order.hpp"

namespace retort::migrations {

NameLimit name_limit(const Dialect& dialect) {
  return NameLimit{dialect.max_identifier_bytes(),
                   std::string(dialect.name()),
                   [&dialect](const Type& type) { return dialect.check_native_type(type); },
                   [&dialect](const Table& table) { return dialect.check_table(table); },
                   [&dialect](const View& view) { return dialect.check_view(view); },
                   [&dialect](const std::string& what) { return dialect.check_object(what); },
                   [&dialect](const Function& f) { return dialect.check_function(f); },
                   [&dialect](const Trigger& t) { return dialect.check_trigger(t); }};
}

Result<MetaData> load_models(const std::filesystem::path& models_file, const Dialect& dialect) {
  Result<MetaData> models = read_models_file(models_file, name_limit(dialect));
  if (!models) return models;
  return normalize_models(*models, models_file.string(), dialect);
}

Result<MetaData> normalize_models(const MetaData& models, const std::string& source,
                                  const Dialect& dialect) {
  MetaData out = dialect.normalize(models);
  // A function's identity (its argument types) is known once the dialect
  // has read its statement: overloads are distinct, the same one twice is not.
  for (std::size_t i = 1; i < out.functions.size(); ++i) {
    const Function& a = out.functions[i - 1];
    const Function& b = out.functions[i];
    if (a.schema == b.schema && a.name == b.name && a.arguments == b.arguments) {
      const Function& later = a.line > b.line ? a : b;
      return Error::bad_input(fmt::format("duplicate {}", later.describe()),
                              "each function may be declared once; an overload needs other "
                              "argument types")
          .at(later.source.empty() ? source : later.source, later.source.empty() ? later.line : 0);
    }
  }
  ViewOrder order = view_order(out.views);
  if (!order.cycle.empty()) {
    int line = 0;
    for (const View& v : out.views) {
      if (v.describe() == order.cycle.front()) line = v.line;
    }
    return Error::bad_input(
               fmt::format("views read each other in a circle: {}", fmt::join(order.cycle, " -> ")),
               "a view can be created only after the views it reads; change one query so that "
               "the circle breaks")
        .at(source, line);
  }
  return out;
}

Status check_types_exist(const MetaData& models, const std::string& source, Connection& conn,
                         const Dialect& dialect) {
  // An enum, domain or composite type the models declare (or an array of
  // one) is created by the revision that needs it, so the database need not
  // have it yet.
  // Compared part by part, unquoted: the dialect may quote a name
  // (app."Shade"[]) that the declaration spells bare.
  auto declared_enum = [&](std::string name) {
    while (name.ends_with("[]")) name.resize(name.size() - 2);
    const std::vector<std::string> parts = detail::split_qualified_name(name);
    auto named = [&](const auto& x) {
      return x.schema.empty() ? parts == std::vector<std::string>{x.name}
                              : parts == std::vector<std::string>{x.schema, x.name};
    };
    return std::any_of(models.enums.begin(), models.enums.end(), named) ||
           std::any_of(models.domains.begin(), models.domains.end(), named) ||
           std::any_of(models.composite_types.begin(), models.composite_types.end(), named);
  };
  std::vector<std::string> names;
  for (const Table& t : models.tables) {
    for (const Column& c : t.columns) {
      if (c.type.kind == TypeKind::kNative && !declared_enum(c.type.native) &&
          std::find(names.begin(), names.end(), c.type.native) == names.end()) {
        names.push_back(c.type.native);
      }
    }
  }
  if (names.empty()) return {};
  Result<std::vector<std::string>> unknown = dialect.unknown_types(conn, names);
  if (!unknown) return std::move(unknown).error();
  // Which types a declared extension brings is known only once it exists:
  // with one declared, the server judges the names when the revision runs.
  if (unknown->empty() || !models.extensions.empty()) return {};
  for (const Table& t : models.tables) {
    for (const Column& c : t.columns) {
      if (c.type.kind != TypeKind::kNative || c.type.native != unknown->front()) continue;
      Error e = Error::bad_input(
          fmt::format("type \"{}\" does not exist in the database", c.type.native),
          "check the spelling; declare the domain or composite type ([[domain]], "
          "[[composite_type]]) or the extension that brings it ([[extension]]) in the models");
      e.at(source, c.line);
      e.on(t.qualified_name(), c.name);
      return e;
    }
  }
  return {};
}

}  // namespace retort::migrations
