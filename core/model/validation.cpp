// Field validation: every declared rule of every column, failures collected.
#include "core/model/validation.hpp"

#include <fmt/format.h>

#include "core/model/internal/model_rules.hpp"

namespace retort {
namespace {

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string bound_text(const Bound& b) {
  return std::visit([](auto v) { return fmt::format("{}", v); }, b);
}

// -1, 0, 1 as value <, ==, > bound; integers against integers exactly, and a
// long double (exact for 64-bit integers) when either side is a double.
// NaN compares as "unordered" (2), which breaks every bound.
int compare(const FieldValue& value, const Bound& bound) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    if (const auto* b = std::get_if<std::int64_t>(&bound)) return *i < *b ? -1 : *i > *b ? 1 : 0;
  }
  const long double v = std::holds_alternative<std::int64_t>(value)
                            ? static_cast<long double>(std::get<std::int64_t>(value))
                            : static_cast<long double>(std::get<double>(value));
  const long double b = std::holds_alternative<std::int64_t>(bound)
                            ? static_cast<long double>(std::get<std::int64_t>(bound))
                            : static_cast<long double>(std::get<double>(bound));
  if (v < b) return -1;
  if (v > b) return 1;
  if (v == b) return 0;
  return 2;
}

}  // namespace

std::vector<FieldError> validation_errors(const ModelRef& model, const void* object) {
  const ModelData& data = model.data();
  const detail::CompiledRules& rules = *data.rules;  // build_model() sets it
  std::vector<FieldError> errors;
  for (const std::size_t i : rules.checked) {
    const ColumnSpec& spec = data.columns[i];
    if (!rules.value_rules[i]) {
      if (!rules.may_be_empty[i] && spec.access->is_null(object)) {
        errors.push_back({spec.name, "field required", "required"});
      }
      continue;
    }
    // Strings are checked in place; other members are small to copy.
    const std::string* text =
        spec.access->kind() == FieldKind::kText ? spec.access->text(object) : nullptr;
    const FieldValue value = text != nullptr ? FieldValue{} : spec.access->get(object);
    if (text == nullptr && std::holds_alternative<std::monostate>(value)) {
      if (!rules.may_be_empty[i]) {
        errors.push_back({spec.name, "field required", "required"});
      }
      continue;
    }
    const std::size_t before = errors.size();
    auto add = [&](std::string message, std::string rule) {
      errors.push_back({spec.name, std::move(message), std::move(rule)});
    };
    if (text != nullptr) {
      // UTF-8 has 1 to 4 bytes per code point, so the byte size bounds the
      // length: count only when the bounds cannot settle a rule.
      const std::size_t bytes = text->size();
      const bool count = (spec.max_length && bytes > *spec.max_length) ||
                         (spec.min_length && (bytes + 3) / 4 < *spec.min_length);
      const std::size_t n = count ? code_points(*text) : bytes;
      if (spec.min_length && n < *spec.min_length) {
        add(fmt::format("at least {} characters", *spec.min_length), "min_length");
      }
      if (spec.max_length && n > *spec.max_length) {
        add(fmt::format("at most {} characters", *spec.max_length), "max_length");
      }
      const auto& pattern = rules.patterns[i];
      if (pattern && !std::regex_match(*text, *pattern)) {
        add(fmt::format("must match pattern {}", spec.pattern), "pattern");
      }
    }
    if (const auto* array = std::get_if<FieldArray>(&value)) {
      for (std::size_t k = 0; k < array->items.size(); ++k) {
        if (const auto* date = std::get_if<Date>(&array->items[k]); date && !date->ok()) {
          add(fmt::format("item {}: not a valid date", k), "format");
          break;
        }
      }
      const std::size_t n = array->items.size();
      if (spec.min_length && n < *spec.min_length) {
        add(fmt::format("at least {} item{}", *spec.min_length, *spec.min_length == 1 ? "" : "s"),
            "min_length");
      }
      if (spec.max_length && n > *spec.max_length) {
        add(fmt::format("at most {} item{}", *spec.max_length, *spec.max_length == 1 ? "" : "s"),
            "max_length");
      }
    }
    if (const auto* date = std::get_if<Date>(&value); date != nullptr && !date->ok()) {
      add("not a valid date", "format");  // e.g. a default-constructed Date
    }
    if (std::holds_alternative<std::int64_t>(value) || std::holds_alternative<double>(value)) {
      if (const int c = spec.ge ? compare(value, *spec.ge) : 0; c != 0 && c != 1) {
        add("must be >= " + bound_text(*spec.ge), "ge");
      }
      if (spec.gt && compare(value, *spec.gt) != 1) add("must be > " + bound_text(*spec.gt), "gt");
      if (const int c = spec.le ? compare(value, *spec.le) : 0; c != 0 && c != -1) {
        add("must be <= " + bound_text(*spec.le), "le");
      }
      if (spec.lt && compare(value, *spec.lt) != -1) add("must be < " + bound_text(*spec.lt), "lt");
    }
    if (errors.size() != before) continue;
    for (const auto& v : spec.validators) {
      if (!v.check(object)) add(v.message, "validator");
    }
  }
  return errors;
}

void throw_if_invalid(const ModelRef& model, const void* object) {
  std::vector<FieldError> errors = validation_errors(model, object);
  if (!errors.empty()) throw ValidationError(model.name(), std::move(errors));
}

}  // namespace retort
