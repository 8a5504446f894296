// MetaData{teams, heroes}: the schema of compiled models, the same value
// read_models() gives for the equivalent models.toml.
#include <algorithm>

#include "core/model/model.hpp"
#include "core/models_toml.hpp"

namespace retort {

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
  // Cross-table checks: duplicate tables, foreign keys to tables or columns
  // that are not declared, one enum with two sets of values.
  if (Status s = validate(*this, "models"); !s) {
    Error e = std::move(s).error();
    e.file.clear();
    e.line = 0;
    throw DeclarationError(std::move(e));
  }
}

}  // namespace retort
