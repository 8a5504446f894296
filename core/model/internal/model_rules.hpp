// retort: what build_model() prepares once per model for validation
// (private to core/model: model.cpp fills it, validation.cpp reads it).
#pragma once

#include <optional>
#include <regex>
#include <vector>

#include "core/model/model.hpp"

namespace retort::detail {

struct CompiledRules {
  // One per column, in ModelData::columns order; set where `pattern` is.
  std::vector<std::optional<std::regex>> patterns;
  // One per column: whether its value must be looked at beyond being set
  // (value_rules), and whether it may be left empty (may_be_empty). Worked
  // out once, as validation runs for every row written.
  std::vector<char> value_rules;
  std::vector<char> may_be_empty;
  // The columns validation must visit at all: those with value rules, and
  // required ones whose member can be empty (an optional). The rest (a
  // plain member with no rules, or an empty-able column) always pass.
  std::vector<std::size_t> checked;
};

// Whether the column's value must be looked at, beyond being set or not.
// Most columns have no rules: they are checked without copying the value,
// so validating a wide model costs little per row.
inline bool has_value_rules(const ColumnSpec& spec) {
  return spec.min_length || spec.max_length || !spec.pattern.empty() || spec.ge || spec.gt ||
         spec.le || spec.lt || !spec.validators.empty() ||
         spec.access->element_kind() == FieldKind::kDate;  // a Date{} is no date (also as an item)
}

// Whether an empty optional (or an unset key) is fine: the database fills it
// or accepts NULL.
inline bool may_be_empty(const ColumnSpec& spec, const Column& column) {
  return column.nullable || column.autoincrement || !column.identity.empty() || column.serial ||
         spec.default_value || spec.default_sql || spec.default_factory;
}

// Throws DeclarationError when foreign key `fk` (one column of `from`)
// references a column of `target` that is neither its primary key nor
// unique, or whose type is of another kind (text -> bigint). Composite keys
// and missing columns are left to validate().
void check_foreign_key_target(const Table& from, const ForeignKey& fk, const Table& target);

}  // namespace retort::detail
