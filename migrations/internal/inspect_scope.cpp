#include "migrations/internal/inspect_scope.hpp"

#include <algorithm>

namespace retort::migrations {
namespace {

// InspectOptions without the version table, growing by the schemas named.
class Scope {
 public:
  explicit Scope(const std::string& version_table) { options_.exclude_tables = {version_table}; }

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

InspectOptions inspect_options(const MetaData& models, const std::string& version_table) {
  Scope scope(version_table);
  for (const Table& t : models.tables) scope.add(t.schema);
  for (const Enum& e : models.enums) scope.add(e.schema);
  return scope.take();
}

InspectOptions inspect_options(const std::vector<Op>& ops, const std::string& version_table) {
  Scope scope(version_table);
  for (const Op& op : ops) {
    std::visit(
        [&](const auto& o) {
          if constexpr (requires { o.schema; }) scope.add(o.schema);
          if constexpr (requires { o.table.schema; }) scope.add(o.table.schema);
          if constexpr (requires { o.enum_.schema; }) scope.add(o.enum_.schema);
        },
        op);
  }
  return scope.take();
}

}  // namespace retort::migrations
