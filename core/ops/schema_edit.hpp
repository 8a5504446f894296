// retort internals: the edits op kinds make to an in-memory schema in their
// `apply` (core/ops/*.cpp), with the errors the database would give. Errors
// are kBadInput and name the op (`op` is its name, "add_column").
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/ops/op_kind.hpp"

namespace retort::detail {

// "<op>: <what>", with the hint that an earlier op must create it.
Error missing(std::string_view op, std::string what);

// The table an op names, or the error that it does not exist.
Result<Table*> table_for(MetaData& md, std::string_view op, const std::string& schema,
                         const std::string& name);
// The table of an op that has `schema` and `table` members.
template <class T>
Result<Table*> table_of(MetaData& md, const T& op) {
  return table_for(md, name_of<T>(), op.schema, op.table);
}

Result<Column*> column_for(Table& t, std::string_view op, const std::string& column);
Status columns_exist(Table& t, std::string_view op, const std::vector<std::string>& columns);

bool contains(const std::vector<std::string>& v, const std::string& s);
void rename_in(std::vector<std::string>& names, const std::string& from, const std::string& to);
// Expression text (a check body, an index expression or predicate) with its
// references to column `from` renamed `to`, as both databases rewrite them
// on RENAME COLUMN: an unquoted word equal to `from` in any ASCII case (SQL
// folds it) or a "quoted" one equal exactly; 'string literals' and function
// names (a word followed by '(') are left alone. `to` is written as
// expression_name (core/internal/text.hpp) spells it.
std::string rename_in_sql(std::string_view sql, std::string_view from, std::string_view to);

// Tables, enums and views stay sorted by (schema, name), as an inspected
// schema is.
void sort_tables(MetaData& md);
void sort_enums(MetaData& md);
void sort_views(MetaData& md);

// Dropping a column drops the indexes and constraints that use it, as
// PostgreSQL does; the comparator drops them explicitly first anyway.
void forget_column(Table& t, const std::string& column);

// An exclusion constraint's column keys, INCLUDE columns and expressions
// with column `from` renamed `to` (as RENAME COLUMN does); and the columns
// it names (its elements' columns and INCLUDE).
void rename_column_in_exclusion(ExclusionConstraint& x, const std::string& from,
                                const std::string& to);
std::vector<std::string> exclusion_columns(const ExclusionConstraint& x);

// Adds a named index or constraint to `items`, kept sorted by name.
template <class T>
Status add_named(std::vector<T>& items, const T& item, Table& t, std::string_view op,
                 std::string_view kind) {
  for (const auto& existing : items) {
    if (existing.name == item.name) {
      return Error::bad_input(fmt::format("{}: table {} already has {} {}", op, t.qualified_name(),
                                          kind, item.name))
          .on(t.name);
    }
  }
  items.push_back(item);
  std::stable_sort(items.begin(), items.end(),
                   [](const T& a, const T& b) { return a.name < b.name; });
  return {};
}

template <class T>
Status drop_named(std::vector<T>& items, const std::string& name, Table& t, std::string_view op,
                  std::string_view kind) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
  if (it == items.end()) {
    return std::move(
        missing(op, fmt::format("table {} has no {} {}", t.qualified_name(), kind, name))
            .on(t.name));
  }
  items.erase(it);
  return {};
}

}  // namespace retort::detail
