// The in-memory schema edits op kinds share (core/ops/schema_edit.hpp).
#include "core/ops/schema_edit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace retort::detail {

Error missing(std::string_view op, std::string what) {
  return Error::bad_input(fmt::format("{}: {}", op, what),
                          "check the revision history: an earlier op must create it");
}

void sort_tables(MetaData& md) {
  std::stable_sort(md.tables.begin(), md.tables.end(), [](const Table& a, const Table& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
}

void sort_enums(MetaData& md) {
  std::stable_sort(md.enums.begin(), md.enums.end(), [](const Enum& a, const Enum& b) {
    return std::tie(a.schema, a.name) < std::tie(b.schema, b.name);
  });
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Result<Table*> table_for(MetaData& md, std::string_view op, const std::string& schema,
                         const std::string& name) {
  Table* t = md.find_table(schema, name);
  if (t == nullptr) {
    return std::move(
        missing(op, fmt::format("table {} does not exist", qualify(schema, name))).on(name));
  }
  return t;
}

Result<Column*> column_for(Table& t, std::string_view op, const std::string& column) {
  Column* c = t.find_column(column);
  if (c == nullptr) {
    return std::move(
        missing(op, fmt::format("table {} has no column {}", t.qualified_name(), column))
            .on(t.name, column));
  }
  return c;
}

Status columns_exist(Table& t, std::string_view op, const std::vector<std::string>& columns) {
  for (const auto& c : columns) {
    if (auto r = column_for(t, op, c); !r) return r.error();
  }
  return {};
}

void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to) {
  std::replace(names.begin(), names.end(), from, to);
}

void forget_column(Table& t, const std::string& column) {
  std::erase_if(t.indexes, [&](const Index& i) { return contains(i.column_names(), column); });
  std::erase_if(t.uniques, [&](const UniqueConstraint& u) { return contains(u.columns, column); });
  std::erase_if(t.foreign_keys, [&](const ForeignKey& f) { return contains(f.columns, column); });
}

}  // namespace retort::detail
