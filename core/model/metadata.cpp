// MetaData{teams, heroes}: the schema of compiled models, the same value
// read_models() gives for the equivalent models.toml.
#include <algorithm>
#include <optional>

#include "core/function_head.hpp"
#include "core/model/internal/model_rules.hpp"
#include "core/model/model.hpp"
#include "core/models_toml.hpp"
#include "core/trigger_head.hpp"

namespace retort {
namespace {

// Cross-object checks: duplicate tables or views, foreign keys to tables or
// columns that are not declared (or neither unique nor of the same type),
// one enum with two sets of values. A declaration has no file or line.
void validate_declared(const MetaData& md) {
  if (Status s = validate(md, "models"); !s) {
    Error e = std::move(s).error();
    e.file.clear();
    e.line = 0;
    throw DeclarationError(std::move(e));
  }
}

}  // namespace

MetaData::MetaData(std::initializer_list<ModelRef> models) {
  for (const ModelRef& m : models) {
    tables.push_back(m.table());
    for (const Enum& e : m.data().enums) {
      const bool known = std::any_of(enums.begin(), enums.end(), [&](const Enum& have) {
        return have.schema == e.schema && have.name == e.name;
      });
      if (!known) enums.push_back(e);
    }
  }
  finish();
  validate_declared(*this);
  // Foreign keys given as "table.column" meet their target here.
  for (const Table& t : tables) {
    for (const ForeignKey& fk : t.foreign_keys) {
      if (const Table* target = find_table(fk.ref_schema, fk.ref_table); target != nullptr) {
        detail::check_foreign_key_target(t, fk, *target);
      }
    }
  }
}

MetaData::MetaData(std::initializer_list<ModelRef> models, std::vector<View> declared_views)
    : MetaData(models) {
  views = std::move(declared_views);
  finish();
  validate_declared(*this);
}

Type sql_type(std::string_view text) {
  Result<Type> type = parse_column_type(text, false);
  if (!type) throw DeclarationError(std::move(type).error());
  if (type->kind == TypeKind::kEnum) {
    throw DeclarationError(Error::bad_input("sql_type(\"enum\") names no enum",
                                            "name the enum type itself: sql_type(\"mood\")"));
  }
  return *type;
}

MetaData::MetaData(std::initializer_list<ModelRef> models, Objects objects) : MetaData(models) {
  views = std::move(objects.views);
  schemas = std::move(objects.schemas);
  extensions = std::move(objects.extensions);
  sequences = std::move(objects.sequences);
  domains = std::move(objects.domains);
  composite_types = std::move(objects.composite_types);
  functions = std::move(objects.functions);
  // What each statement creates, as models.toml reads it.
  for (Function& f : functions) {
    const std::optional<FunctionHead> head = read_function_head(f.sql);
    if (!head) {
      throw DeclarationError(Error::bad_input(
          "a Function's sql is not CREATE FUNCTION, CREATE PROCEDURE or CREATE AGGREGATE",
          "give each Function one CREATE statement"));
    }
    f.routine = head->routine;
    f.schema = head->schema;
    f.name = head->name;
  }
  triggers = std::move(objects.triggers);
  for (Trigger& t : triggers) {
    const std::optional<TriggerHead> head = read_trigger_head(t.sql);
    if (!head) {
      throw DeclarationError(Error::bad_input("a Trigger's sql is not CREATE TRIGGER ... ON table",
                                              "give each Trigger one CREATE TRIGGER statement"));
    }
    t.schema = head->schema;
    t.table = head->table;
    t.name = head->name;
  }
  finish();
  validate_declared(*this);
}

}  // namespace retort
