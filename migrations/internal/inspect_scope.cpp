#include "migrations/internal/inspect_scope.hpp"

#include <algorithm>

namespace retort::migrations {
namespace {

// InspectOptions without retort's own tables, growing by the schemas named.
class Scope {
 public:
  explicit Scope(const std::vector<std::string>& own_tables) {
    options_.exclude_tables = own_tables;
  }

  void add(const std::string& schema) {
    if (!schema.empty() && std::find(options_.schemas.begin(), options_.schemas.end(), schema) ==
                               options_.schemas.end()) {
      options_.schemas.push_back(schema);
    }
  }

  InspectOptions take() { return std::move(options_); }

 private:
  InspectOptions options_;
};

}  // namespace

InspectOptions inspect_options(const MetaData& models, const std::vector<std::string>& own_tables) {
  Scope scope(own_tables);
  for (const Table& t : models.tables) scope.add(t.schema);
  for (const Enum& e : models.enums) scope.add(e.schema);
  for (const View& v : models.views) scope.add(v.schema);
  for (const std::string& s : models.used_schemas()) scope.add(s);
  return scope.take();
}

InspectOptions inspect_options(const std::vector<Op>& ops,
                               const std::vector<std::string>& own_tables) {
  Scope scope(own_tables);
  for (const Op& op : ops) {
    std::visit(
        [&](const auto& o) {
          if constexpr (requires { o.schema; }) scope.add(o.schema);
          if constexpr (requires { o.table.schema; }) scope.add(o.table.schema);
          if constexpr (requires { o.enum_.schema; }) scope.add(o.enum_.schema);
          if constexpr (requires { o.view.schema; }) scope.add(o.view.schema);
          if constexpr (requires { o.parent_schema; }) scope.add(o.parent_schema);
          if constexpr (requires { o.object.schema; }) scope.add(o.object.schema);
          // A schema object is the only one without a schema of its own.
          if constexpr (
              requires { o.object.name; } && !requires { o.object.schema; }) {
            scope.add(o.object.name);
          }
        },
        op);
  }
  return scope.take();
}

}  // namespace retort::migrations
