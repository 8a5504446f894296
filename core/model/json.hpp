// retort: JSON in and out of model objects, and the model's JSON Schema.
//
// to_json(), json_schema() and json_schema_list() return
// nlohmann::ordered_json: properties in declaration order (a language model
// writes them in the schema's order). from_json() takes nlohmann::json.
//
// Value forms: integers and doubles as numbers, bool, text as strings, blobs
// as base64 (RFC 4648, padded), UUIDs as "3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab",
// timestamps as RFC 3339 in UTC "2026-11-23T15:01:26.123456Z" (parsing also
// takes any offset, converted to UTC, and a ' ' separator), local timestamps
// as "2026-11-23T15:01:26.123456", dates as "2026-11-23", enums by name, an
// empty std::optional as null.
//
// from_json() reports every problem at once as a ValidationError naming each
// field: unknown fields (and skip_json_schema fields, which the schema
// leaves out), wrong JSON types (an integer member takes a number with no
// fractional part, 50.0, as JSON Schema does), integers out of the member's
// range, unknown enum names, malformed UUIDs/times/dates/base64, missing
// required fields; then the validation rules run (core/model/validation.hpp).
// Missing fields take their default_factory() or default_value; a missing
// optional stays empty; a missing skip_json_schema or version_column field
// keeps the struct's own initial value. Text that is not JSON is one error with field "".
//
// Options (FromJsonOptions): extra = ignore leaves unknown and skipped
// fields out instead of refusing them; lax_numbers takes a number's text.
// to_json(model, object, {.exclude = {&T::m}}) leaves members out.
//
// apply_json() is a PATCH: only the fields present change (null empties an
// optional), the object is validated, and it is left unchanged on failure;
// a primary key field is refused (rule "read_only").
//
// json_schema() describes what from_json() accepts (JSON Schema 2020-12):
// skip_json_schema fields are left out; "required" lists the non-optional
// fields with no default (the version_column is never required). With
// {.strict = true} it is the form OpenAI's strict structured outputs take
// (JsonSchemaOptions); json_schema_list() wraps a list in {"items": [...]}.
//
// Example:
//   Hero h = retort::from_json(heroes, R"({"name": "Deadpond", "age": 30})");
//   retort::apply_json(heroes, h, R"({"age": 31})");
//   std::string body = retort::to_json(heroes, h).dump();
//   nlohmann::ordered_json schema = retort::json_schema(heroes);
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "core/model/errors.hpp"
#include "core/model/model.hpp"

namespace retort {

// `object` points to the model's struct; the columns at the indexes in
// `exclude` are left out.
nlohmann::ordered_json to_json(const ModelRef& model, const void* object,
                               const std::vector<std::size_t>& exclude = {});

// A member pointer of T of any member type, for lists of members
// ({&Hero::secret_name, &Hero::age}).
template <class T>
class MemberOf {
 public:
  template <class M>
  MemberOf(M T::*member) : type_(&typeid(M T::*)) {  // NOLINT: implicit by design
    static_assert(sizeof(member) <= sizeof(bytes_));
    std::memcpy(bytes_.data(), &member, sizeof(member));
  }
  const std::type_info& type() const { return *type_; }
  const void* pointer() const { return bytes_.data(); }

 private:
  const std::type_info* type_;
  alignas(std::max_align_t) std::array<unsigned char, sizeof(int T::*)> bytes_{};
};

template <class T>
struct ToJsonOptions {
  // Members left out of the object (SQLModel's model_dump(exclude=...)).
  std::vector<MemberOf<T>> exclude;
};

// What from_json() and apply_json() do with a property the schema does not
// list (an unknown name, or a skip_json_schema field): refuse it (Pydantic's
// extra="forbid", the default, as additionalProperties: false says) or
// leave it out (extra="ignore"; json_schema with the same option then
// allows other properties).
enum class Extra { kForbid, kIgnore };

struct FromJsonOptions {
  Extra extra = Extra::kForbid;
  // Pydantic's lax numbers: an integer member also takes its text ("42",
  // ^-?[0-9]+$), a floating one a number's text ("4.5", "1e3"). Off by
  // default.
  bool lax_numbers = false;
};

// What json_schema() writes.
struct JsonSchemaOptions {
  // OpenAI structured outputs' strict mode: no root "$schema", every
  // property in "required" (an optional one typed ["T", "null"]),
  // additionalProperties false, and only the keywords that mode supports
  // (docs/model-reference.md lists them). The length limits, defaults and
  // base64 it cannot say are written into the property's description;
  // from_json still checks them.
  bool strict = false;
  // The body of a PATCH (Partial<T>, apply_json): nothing is required and
  // the primary key is left out. Not with `strict` (a DeclarationError):
  // strict mode requires every property.
  bool partial = false;
  // As from_json's option: kIgnore drops additionalProperties: false (not
  // with `strict`, which requires it: a DeclarationError).
  Extra extra = Extra::kForbid;
  // As from_json's option: a number property is
  // {"anyOf": [the number, {"type": "string", "pattern": ..., "maxLength": 64}]}.
  // Bounds cannot apply to the text branch, so the schema then allows text
  // past a bound ("300") or past what the member holds ("1e400") where
  // from_json refuses it: the differences lax mode has.
  // Not with `strict` (a DeclarationError).
  bool lax_numbers = false;
};

nlohmann::ordered_json json_schema(const ModelRef& model, const JsonSchemaOptions& options = {});
// A list of the model's objects, wrapped in a root object (strict mode
// needs an object at the root): {"items": [...]}.
nlohmann::ordered_json json_schema_list(const ModelRef& model,
                                        const JsonSchemaOptions& options = {});

namespace detail {
// Fills `object` from `json`; throws ValidationError.
// kWhole: from_json; kPatch: apply_json (the fields present, the object
// validated whole); kPartial: the fields present, each checked alone
// (Partial<T>, which validates the whole when it is applied).
enum class FillMode { kWhole, kPatch, kPartial };
void fill_json(const ModelRef& model, void* object, const nlohmann::json& json, FillMode mode,
               const FromJsonOptions& options = {});
// The column indexes of `members` in `model`; DeclarationError for a
// member that is not a column.
template <class T>
std::vector<std::size_t> column_indexes(const Model<T>& model,
                                        const std::vector<MemberOf<T>>& members);
// fill_json(kPartial); returns the indexes of the columns present.
std::vector<std::size_t> fill_partial(const ModelRef& model, void* object,
                                      const nlohmann::json& json);
// Parses `text`; invalid JSON is a ValidationError with field "".
nlohmann::json parse_json(const ModelRef& model, std::string_view text);
// Throws ValidationError (field "", rule "type") unless `json` is an object.
void require_json_object(const ModelRef& model, const nlohmann::json& json);
// Throws ValidationError (rule "read_only") when `json` names a primary key
// column: a PATCH never changes the key.
void refuse_primary_key_patch(const ModelRef& model, const nlohmann::json& json);
}  // namespace detail

template <class T>
std::vector<std::size_t> detail::column_indexes(const Model<T>& model,
                                                const std::vector<MemberOf<T>>& members) {
  std::vector<std::size_t> out;
  for (const MemberOf<T>& m : members) {
    const ColumnSpec* c = model.data().column_for(m.type(), m.pointer());
    if (c == nullptr) detail::throw_not_a_column(model.data());
    out.push_back(model.data().index_of(*c));
  }
  return out;
}

template <class T>
nlohmann::ordered_json to_json(const Model<T>& model, const T& object,
                               const ToJsonOptions<T>& options = {}) {
  return to_json(static_cast<const ModelRef&>(model), static_cast<const void*>(&object),
                 detail::column_indexes(model, options.exclude));
}

// (J is nlohmann::json; a template so that text arguments pick the overload
// below instead of converting to json.)
template <class T, class J>
requires std::is_same_v<J, nlohmann::json> T from_json(const Model<T>& model, const J& json,
                                                       const FromJsonOptions& options = {}) {
  T object{};
  detail::fill_json(model, &object, json, detail::FillMode::kWhole, options);
  return object;
}

template <class T>
T from_json(const Model<T>& model, std::string_view text, const FromJsonOptions& options = {}) {
  const nlohmann::json json = detail::parse_json(model, text);
  return from_json(model, json, options);
}

template <class T, class J>
requires std::is_same_v<J, nlohmann::json>
void apply_json(const Model<T>& model, T& object, const J& json,
                const FromJsonOptions& options = {}) {
  T changed = object;
  detail::fill_json(model, &changed, json, detail::FillMode::kPatch, options);
  object = std::move(changed);
}

template <class T>
void apply_json(const Model<T>& model, T& object, std::string_view text,
                const FromJsonOptions& options = {}) {
  const nlohmann::json json = detail::parse_json(model, text);
  apply_json(model, object, json, options);
}

}  // namespace retort
