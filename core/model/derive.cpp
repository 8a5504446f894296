// Derived models and to<>() (derive.hpp).
#include "core/model/derive.hpp"

#include <fmt/format.h>

#include <map>
#include <mutex>
#include <utility>

#include "core/model/errors.hpp"
#include "core/model/internal/schema_title.hpp"
#include "core/model/internal/type_name.hpp"
#include "core/model/validation.hpp"

namespace retort::detail {
namespace {

// Per derived model: the table model it is derived from and, per column,
// that column's index there. Written while models are declared, read by
// to<>().
struct Pairing {
  std::weak_ptr<const ModelData> derived;  // to tell a freed model's address reused
  std::shared_ptr<const ModelData> base;
  std::vector<std::size_t> base_columns;
};

std::mutex& pairings_mutex() {
  static std::mutex m;
  return m;
}
std::map<const ModelData*, Pairing>& pairings() {
  static std::map<const ModelData*, Pairing> p;
  return p;
}

// The table model `model` belongs to (itself, or the one it is derived
// from) and the index there of each of its columns.
struct Root {
  const ModelData* model = nullptr;
  std::vector<std::size_t> columns;
};

Root root_of(const ModelData& model) {
  {
    std::lock_guard lock(pairings_mutex());
    auto it = pairings().find(&model);
    if (it != pairings().end()) {
      if (it->second.derived.lock().get() == &model) {
        return Root{it->second.base.get(), it->second.base_columns};
      }
      pairings().erase(it);  // a derived model freed since (derive<D> again)
    }
  }
  Root r{&model, {}};
  for (std::size_t i = 0; i < model.columns.size(); ++i) r.columns.push_back(i);
  return r;
}

}  // namespace

std::shared_ptr<const ModelData> build_derived_model(const std::type_info& type,
                                                     const std::shared_ptr<const ModelData>& base,
                                                     std::vector<ColumnSpec> columns,
                                                     std::vector<std::size_t> base_columns) {
  // What only a table has stays with the table model: keys to other
  // tables, indexes, uniques. A derived model never becomes a table.
  for (ColumnSpec& c : columns) {
    // The derived struct's members are its fields: a member it pairs is in
    // its JSON Schema even where the table model leaves it out (an id).
    c.skip_json_schema = false;
    // Whether the column may be empty follows the derived member; a plain
    // one cannot take a factory (make<D>() and add() fill only optionals).
    c.nullable.reset();
    if (!c.access->nullable()) c.default_factory = nullptr;
    c.index = false;
    c.unique = false;
    c.fk_schema.clear();
    c.fk_table.clear();
    c.fk_column.clear();
    c.fk_model.reset();
    c.on_delete.clear();
    c.on_update.clear();
  }
  TableOptions options;
  options.schema = base->table.schema;
  options.comment = base->table.comment;
  std::shared_ptr<const ModelData> data =
      build_model(type, base->table.name, std::move(columns), std::move(options));
  std::lock_guard lock(pairings_mutex());
  pairings()[data.get()] = Pairing{data, base, std::move(base_columns)};
  return data;
}

std::string schema_title(const ModelData& model) {
  if (root_of(model).model == &model) return model.table.name;
  const std::string name = type_name(*model.type);
  // After the last "::" outside template arguments: "ns::Wrap<ns::X>" is
  // "Wrap<ns::X>", "f<int>()::Local" is "Local".
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i + 1 < name.size(); ++i) {
    if (name[i] == '<') ++depth;
    if (name[i] == '>') --depth;
    if (depth == 0 && name[i] == ':' && name[i + 1] == ':') start = i + 2;
  }
  return name.substr(start);
}

void convert(const ModelData& from, const void* source, const ModelData& to, void* target) {
  const Root from_root = root_of(from);
  const Root to_root = root_of(to);
  if (from_root.model != to_root.model) {
    throw DeclarationError(
        Error::bad_input(fmt::format("to<>(): {} ({}) and {} ({}) are not derived from one "
                                     "table model",
                                     type_name(*from.type), from.table.qualified_name(),
                                     type_name(*to.type), to.table.qualified_name()),
                         "convert between a table model and the models derived from it")
            .on(to.table.qualified_name()));
  }
  // The target starts from its defaults, as make<T>() builds one.
  apply_declared_defaults(to, target);
  std::vector<FieldError> errors;
  std::vector<bool> failed(to.columns.size(), false);
  for (std::size_t i = 0; i < to.columns.size(); ++i) {
    const ColumnSpec& column = to.columns[i];
    std::size_t j = 0;
    while (j < from.columns.size() && from_root.columns[j] != to_root.columns[i]) ++j;
    if (j == from.columns.size()) {
      // Nothing to take: a member that must hold a value and has no
      // default is missing, as from_json says of a missing field (a
      // skip_json_schema one keeps the struct's value there too).
      if (!column.access->nullable() && !column.default_value && !column.default_factory &&
          !column.default_sql && !column.version && !column.skip_json_schema) {
        errors.push_back(FieldError{column.name, "field required", "required"});
        failed[i] = true;
      }
      continue;
    }
    const FieldValue value = from.columns[j].access->get(source);
    const bool empty = std::holds_alternative<std::monostate>(value);
    if (Status s = column.access->set(target, value); !s) {
      errors.push_back(FieldError{column.name, s.error().message, empty ? "null" : "type"});
      failed[i] = true;
    }
  }
  // Not owning: `to` outlives the call.
  const ModelRef to_ref(std::shared_ptr<const ModelData>(std::shared_ptr<const ModelData>(), &to));
  for (FieldError& e : validation_errors(to_ref, target)) {
    const ColumnSpec* c = to.find(e.field);
    if (c != nullptr && failed[to.index_of(*c)]) continue;
    errors.push_back(std::move(e));
  }
  if (!errors.empty()) throw ValidationError(to.table.name, std::move(errors));
}

}  // namespace retort::detail
