// JSON in and out of model objects, and the model's JSON Schema.
#include "core/model/json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "core/model/internal/schema_title.hpp"
#include "core/model/validation.hpp"

namespace retort {
namespace {

using nlohmann::json;
// Objects the model writes keep its declaration order.
using ojson = nlohmann::ordered_json;

std::string rfc3339(Timestamp t) {
  std::string s = format_timestamp(t);  // "YYYY-MM-DD HH:MM:SS.ffffff+00:00"
  s[10] = 'T';
  s.replace(s.size() - 6, 6, "Z");
  return s;
}

std::string iso_local(LocalTimestamp t) {
  std::string s = format_local_timestamp(t);
  s[10] = 'T';
  return s;
}

json value_json(const FieldValue& v) {
  struct Visitor {
    json operator()(std::monostate) const { return nullptr; }
    json operator()(std::int64_t i) const { return i; }
    json operator()(double d) const { return d; }
    json operator()(bool b) const { return b; }
    json operator()(const std::string& s) const { return s; }
    json operator()(const Blob& b) const { return base64_encode(b); }
    json operator()(const Uuid& u) const { return u.to_string(); }
    json operator()(Timestamp t) const { return rfc3339(t); }
    json operator()(LocalTimestamp t) const { return iso_local(t); }
    json operator()(Date d) const { return format_date(d); }
    json operator()(const FieldArray& a) const {
      json out = json::array();
      for (const FieldValue& item : a.items) out.push_back(std::visit(*this, item));
      return out;
    }
  };
  return std::visit(Visitor{}, v);
}

constexpr const char* kNotInSchema = "field not accepted (left out of the JSON schema)";
constexpr const char* kPrimaryKeyPatched = "the primary key cannot be patched";

// A failed conversion: the message and the rule name FieldError carries.
struct Problem {
  std::string message;
  std::string rule;
};

std::string got(const json& j) { return fmt::format(", got {}", j.type_name()); }

// Parses the text form of a time, UUID or blob; `what` names it in errors.
template <class Parse>
std::variant<FieldValue, Problem> parsed_string(const json& j, std::string_view what,
                                                std::string_view example, Parse parse) {
  if (!j.is_string()) return Problem{fmt::format("expected {} string{}", what, got(j)), "type"};
  const auto& text = j.get_ref<const std::string&>();
  auto value = parse(text);
  if (!value) return Problem{fmt::format("not a valid {}{}", what, example), "format"};
  return FieldValue{std::move(*value)};
}

// The FieldValue a JSON value gives for a member of `kind`; null is
// monostate (the member decides whether it may be empty).
// Lax numbers (Pydantic's leniency): a number member also takes its text,
// in JSON's own grammar for numbers (no leading zeros, no spaces), at most
// kLaxLength characters; json_schema's lax form says the same.
constexpr std::size_t kLaxLength = 64;
constexpr const char* kLaxInteger = "^-?(0|[1-9][0-9]*)$";
constexpr const char* kLaxNumber = "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$";

// Whether `text` is a JSON number (an integer when `integer`), scanned by
// hand: a regex would recurse once per digit.
bool lax_number_text(std::string_view text, bool integer) {
  if (text.empty() || text.size() > kLaxLength) return false;
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (text[i] == '-') ++i;
  const std::size_t first = i;
  const std::size_t whole = digits();
  if (whole == 0 || (whole > 1 && text[first] == '0')) return false;
  if (integer) return i == text.size();
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (digits() == 0) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == text.size();
}

std::variant<FieldValue, Problem> field_value(FieldKind kind, const EnumInfo& info, const json& j,
                                              bool lax_numbers = false);

std::variant<FieldValue, Problem> field_value(FieldKind kind, const EnumInfo& info, const json& j,
                                              bool lax_numbers) {
  if (j.is_null()) return FieldValue{};
  if (lax_numbers && j.is_string() && (kind == FieldKind::kInt || kind == FieldKind::kDouble)) {
    const auto& text = j.get_ref<const std::string&>();
    if (lax_number_text(text, kind == FieldKind::kInt)) {
      const json n = json::parse(text, nullptr, false);
      // Valid JSON number text that no double holds (1e400).
      if (n.is_discarded()) return Problem{"number out of range", "range"};
      return field_value(kind, info, n);
    }
  }
  switch (kind) {
    case FieldKind::kInt:
      if (j.is_number_unsigned() &&
          j.get<std::uint64_t>() >
              static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return Problem{"integer out of range", "range"};
      }
      if (j.is_number_integer()) return FieldValue{j.get<std::int64_t>()};
      // JSON Schema's rule: a number with no fractional part is an integer
      // (50.0, 1e2), so what the schema accepts from_json accepts too.
      if (j.is_number_float()) {
        const double d = j.get<double>();
        if (!std::isfinite(d) || d != std::trunc(d))
          return Problem{"expected an integer" + got(j), "type"};
        // 2^63 is exact as a double; every integral double below it fits.
        if (d < -9223372036854775808.0 || d >= 9223372036854775808.0) {
          return Problem{"integer out of range", "range"};
        }
        return FieldValue{static_cast<std::int64_t>(d)};
      }
      return Problem{"expected an integer" + got(j), "type"};
    case FieldKind::kDouble:
      if (j.is_number_integer() && !j.is_number_unsigned()) {
        return FieldValue{static_cast<double>(j.get<std::int64_t>())};
      }
      if (j.is_number()) return FieldValue{j.get<double>()};
      return Problem{"expected a number" + got(j), "type"};
    case FieldKind::kBool:
      if (j.is_boolean()) return FieldValue{j.get<bool>()};
      return Problem{"expected a boolean" + got(j), "type"};
    case FieldKind::kText:
      if (j.is_string()) return FieldValue{j.get<std::string>()};
      return Problem{"expected a string" + got(j), "type"};
    case FieldKind::kEnum:
      if (j.is_string()) return FieldValue{j.get<std::string>()};
      return Problem{fmt::format("expected one of {}{}", fmt::join(info.values, ", "), got(j)),
                     "type"};
    case FieldKind::kBlob:
      return parsed_string(j, "base64", " string", base64_decode);
    case FieldKind::kUuid:
      return parsed_string(j, "UUID", "", Uuid::parse);
    case FieldKind::kTimestamp:
      return parsed_string(j, "timestamp", " (e.g. 2026-11-23T15:01:26Z)", parse_timestamp);
    case FieldKind::kLocalTimestamp:
      return parsed_string(j, "local timestamp", " (e.g. 2026-11-23T15:01:26)",
                           parse_local_timestamp);
    case FieldKind::kDate:
      return parsed_string(j, "date", " (YYYY-MM-DD)", parse_date);
    case FieldKind::kArray:
      break;  // array_value() reads arrays
  }
  return Problem{"unsupported value", "type"};
}

// The FieldArray a JSON array gives for an array member whose items are of
// `element` kind; a bad item is reported with its index.
std::variant<FieldValue, Problem> array_value(FieldKind element, const EnumInfo& info,
                                              const json& j, bool lax_numbers) {
  if (j.is_null()) return FieldValue{};
  if (!j.is_array()) return Problem{"expected an array" + got(j), "type"};
  FieldArray out;
  out.items.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (j[i].is_null()) return Problem{fmt::format("item {}: may not be null", i), "null"};
    auto item = field_value(element, info, j[i], lax_numbers);
    if (auto* problem = std::get_if<Problem>(&item)) {
      problem->message = fmt::format("item {}: {}", i, problem->message);
      return std::move(*problem);
    }
    out.items.push_back(std::move(std::get<FieldValue>(item)));
  }
  return FieldValue{std::move(out)};
}

std::variant<FieldValue, Problem> member_value(const FieldAccess& access, const json& j,
                                               bool lax_numbers) {
  if (access.kind() == FieldKind::kArray) {
    return array_value(access.element_kind(), access.enum_info(), j, lax_numbers);
  }
  return field_value(access.kind(), access.enum_info(), j, lax_numbers);
}

// The rule a refused set() broke.
std::string set_rule(const FieldValue& value, FieldKind kind) {
  if (std::holds_alternative<std::monostate>(value)) return "null";
  if (kind == FieldKind::kInt) return "range";
  if (kind == FieldKind::kEnum) return "enum";
  return "type";
}

// A version_column is the session's to write: a new record need not carry
// one (it keeps the struct's initial value), a PATCH may, to say which
// version the client read.
bool required_in_json(const ColumnSpec& spec) {
  return !spec.access->nullable() && !spec.default_value && !spec.default_sql &&
         !spec.default_factory && !spec.skip_json_schema && !spec.version;
}

ojson schema_type(std::string_view type, bool nullable) {
  if (!nullable) return type;
  return ojson::array({type, "null"});
}

ojson bound_json(const Bound& b) {
  return std::visit([](auto v) { return ojson(v); }, b);
}

// JSON Schema patterns match anywhere; a column's pattern matches the whole
// text.
std::string anchored(const std::string& pattern) {
  if (!pattern.empty() && pattern.front() == '^' && pattern.back() == '$') return pattern;
  return "^(?:" + pattern + ")$";
}

// The schema of one value of `kind`: its type and format, no rules.
ojson value_schema(FieldKind kind, const EnumInfo& info, bool nullable) {
  ojson p = ojson::object();
  switch (kind) {
    case FieldKind::kInt:
      p["type"] = schema_type("integer", nullable);
      break;
    case FieldKind::kDouble:
      p["type"] = schema_type("number", nullable);
      break;
    case FieldKind::kBool:
      p["type"] = schema_type("boolean", nullable);
      break;
    case FieldKind::kText:
      p["type"] = schema_type("string", nullable);
      break;
    case FieldKind::kBlob:
      p["type"] = schema_type("string", nullable);
      p["contentEncoding"] = "base64";
      break;
    case FieldKind::kUuid:
      p["type"] = schema_type("string", nullable);
      p["format"] = "uuid";
      break;
    case FieldKind::kTimestamp:
      p["type"] = schema_type("string", nullable);
      p["format"] = "date-time";
      break;
    case FieldKind::kLocalTimestamp:
      // "date-time" requires an offset; a wall-clock time has none.
      p["type"] = schema_type("string", nullable);
      p["pattern"] = R"(^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?$)";
      break;
    case FieldKind::kDate:
      p["type"] = schema_type("string", nullable);
      p["format"] = "date";
      break;
    case FieldKind::kEnum: {
      p["type"] = schema_type("string", nullable);
      ojson values = info.values;
      if (nullable) values.push_back(nullptr);
      p["enum"] = std::move(values);
      break;
    }
    case FieldKind::kArray:
      p["type"] = schema_type("array", nullable);
      break;
  }
  return p;
}

bool is_number_kind(FieldKind kind) {
  return kind == FieldKind::kInt || kind == FieldKind::kDouble;
}

// Lax: the number, or its text. A bound cannot be put on text, so the
// schema lets "300" through where from_json refuses it past a bound.
ojson lax_number_schema(ojson p, FieldKind kind) {
  ojson outer = ojson::object();
  for (const char* key : {"description", "default"}) {
    if (auto it = p.find(key); it != p.end()) {
      outer[key] = *it;
      p.erase(key);
    }
  }
  ojson text = {{"type", "string"},
                {"pattern", kind == FieldKind::kInt ? kLaxInteger : kLaxNumber},
                {"maxLength", kLaxLength}};
  outer["anyOf"] = ojson::array({std::move(p), std::move(text)});
  return outer;
}

ojson property_schema(const ColumnSpec& spec, bool lax_numbers) {
  const FieldAccess& access = *spec.access;
  const FieldKind kind = access.kind();
  ojson p = value_schema(kind, access.enum_info(), access.nullable());
  if (kind == FieldKind::kArray) {
    const FieldKind element = access.element_kind();
    ojson items = value_schema(element, access.enum_info(), false);
    if (lax_numbers && is_number_kind(element))
      items = lax_number_schema(std::move(items), element);
    p["items"] = std::move(items);
    if (spec.min_length) p["minItems"] = *spec.min_length;
    if (spec.max_length) p["maxItems"] = *spec.max_length;
  } else {
    if (spec.min_length) p["minLength"] = *spec.min_length;
    if (spec.max_length) p["maxLength"] = *spec.max_length;
  }
  if (spec.ge) p["minimum"] = bound_json(*spec.ge);
  if (spec.gt) p["exclusiveMinimum"] = bound_json(*spec.gt);
  if (spec.le) p["maximum"] = bound_json(*spec.le);
  if (spec.lt) p["exclusiveMaximum"] = bound_json(*spec.lt);
  if (!spec.pattern.empty()) p["pattern"] = anchored(spec.pattern);
  if (!spec.comment.empty()) p["description"] = spec.comment;
  if (spec.default_value) p["default"] = ojson(value_json(*spec.default_value));
  if (!lax_numbers || !is_number_kind(kind)) return p;
  return lax_number_schema(std::move(p), kind);
}

}  // namespace

ojson to_json(const ModelRef& model, const void* object, const std::vector<std::size_t>& exclude) {
  ojson out = ojson::object();
  const auto& columns = model.data().columns;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (std::find(exclude.begin(), exclude.end(), i) != exclude.end()) continue;
    out[columns[i].name] = ojson(value_json(columns[i].access->get(object)));
  }
  return out;
}

namespace {

// Strict mode (OpenAI structured outputs) takes only some keywords: the
// rules it cannot say stay in from_json and are told in the description,
// so the model reads them and a breach comes back as feedback.
void make_strict(ojson& p) {
  std::vector<std::string> rules;
  if (auto it = p.find("minLength"); it != p.end()) {
    rules.push_back(fmt::format("at least {} characters", it->get<std::size_t>()));
    p.erase(it);
  }
  if (auto it = p.find("maxLength"); it != p.end()) {
    rules.push_back(fmt::format("at most {} characters", it->get<std::size_t>()));
    p.erase(it);
  }
  if (auto it = p.find("contentEncoding"); it != p.end()) {
    rules.push_back("base64");
    p.erase(it);
  }
  if (auto it = p.find("default"); it != p.end()) {
    rules.push_back("usually " + it->dump());
    p.erase(it);
  }
  if (rules.empty()) return;
  std::string text = fmt::format("{}", fmt::join(rules, "; "));
  if (auto it = p.find("description"); it != p.end()) {
    text = it->get<std::string>() + " (" + text + ")";
  }
  p["description"] = text;
}

// The object schema of one model, without "$schema".
ojson object_schema(const ModelRef& model, const JsonSchemaOptions& options) {
  if (options.strict) {
    // Each of these contradicts what strict mode requires.
    const std::pair<bool, const char*> conflicts[] = {
        {options.extra == Extra::kIgnore,
         "extra = ignore allows other properties, strict mode requires "
         "additionalProperties: false"},
        {options.lax_numbers,
         "lax numbers are for text people send, strict mode for a language model, which "
         "writes numbers as numbers"},
        {options.partial, "a partial schema requires nothing, strict mode every property"},
    };
    for (const auto& [conflict, why] : conflicts) {
      if (!conflict) continue;
      throw DeclarationError(
          Error::bad_input(fmt::format("json_schema(): {}", why), "use {.strict = true} alone")
              .on(model.name()));
    }
  }
  ojson properties = ojson::object();
  ojson required = ojson::array();
  const ModelData& data = model.data();
  for (std::size_t i = 0; i < data.columns.size(); ++i) {
    const ColumnSpec& spec = data.columns[i];
    if (spec.skip_json_schema) continue;
    if (options.partial && data.table.columns[i].primary_key) {
      // Never patched: where other properties are allowed, refused by name.
      if (options.extra == Extra::kIgnore) properties[spec.name] = false;
      continue;
    }
    ojson p = property_schema(spec, options.lax_numbers);
    if (options.strict) make_strict(p);
    properties[spec.name] = std::move(p);
    if (options.strict || (!options.partial && required_in_json(spec))) {
      required.push_back(spec.name);
    }
  }
  ojson schema = ojson::object();
  schema["title"] = detail::schema_title(model.data());
  if (!model.table().comment.empty()) schema["description"] = model.table().comment;
  schema["type"] = "object";
  schema["properties"] = std::move(properties);
  schema["required"] = std::move(required);
  if (options.extra == Extra::kForbid) schema["additionalProperties"] = false;
  return schema;
}

// Strict mode refuses a root "$schema"; the plain schema names its draft.
ojson with_draft(ojson schema, const JsonSchemaOptions& options) {
  if (options.strict) return schema;
  ojson out = {{"$schema", "https://json-schema.org/draft/2020-12/schema"}};
  out.update(schema);
  return out;
}

}  // namespace

ojson json_schema(const ModelRef& model, const JsonSchemaOptions& options) {
  return with_draft(object_schema(model, options), options);
}

ojson json_schema_list(const ModelRef& model, const JsonSchemaOptions& options) {
  ojson items = {{"type", "array"}, {"items", object_schema(model, options)}};
  ojson schema = {{"title", detail::schema_title(model.data()) + " list"},
                  {"type", "object"},
                  {"properties", {{"items", std::move(items)}}},
                  {"required", ojson::array({"items"})},
                  {"additionalProperties", false}};
  return with_draft(std::move(schema), options);
}

namespace detail {

json parse_json(const ModelRef& model, std::string_view text) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    // parse_error, and out_of_range for a number no double holds (1e400).
    std::string message = e.what();
    // Drop the library's "[json.exception.parse_error.101] " prefix.
    if (auto close = message.find("] "); message.starts_with("[json.") && close != message.npos) {
      message.erase(0, close + 2);
    }
    throw ValidationError(model.name(), {FieldError{"", "invalid JSON: " + message, "json"}});
  }
}

void refuse_primary_key_patch(const ModelRef& model, const json& input) {
  const ModelData& data = model.data();
  for (std::size_t i = 0; i < data.columns.size(); ++i) {
    if (data.table.columns[i].primary_key && input.contains(data.columns[i].name)) {
      throw ValidationError(model.name(),
                            {FieldError{data.columns[i].name, kPrimaryKeyPatched, "read_only"}});
    }
  }
}

void require_json_object(const ModelRef& model, const json& input) {
  if (!input.is_object()) {
    throw ValidationError(
        model.name(),
        {FieldError{"", fmt::format("expected a JSON object, got {}", input.type_name()), "type"}});
  }
}

std::vector<std::size_t> fill_partial(const ModelRef& model, void* object, const json& input) {
  fill_json(model, object, input, FillMode::kPartial);
  std::vector<std::size_t> present;
  for (std::size_t i = 0; i < model.data().columns.size(); ++i) {
    if (input.contains(model.data().columns[i].name)) present.push_back(i);
  }
  return present;
}

void fill_json(const ModelRef& model, void* object, const json& input, FillMode mode,
               const FromJsonOptions& options) {
  const bool patch = mode != FillMode::kWhole;
  const bool ignore = options.extra == Extra::kIgnore;
  const ModelData& data = model.data();
  require_json_object(model, input);
  // Errors sorted by column (unknown fields last), so messages read in
  // declaration order.
  std::vector<std::pair<std::size_t, FieldError>> errors;
  std::vector<bool> failed(data.columns.size(), false);
  for (auto it = input.begin(); it != input.end(); ++it) {
    if (!ignore && data.find(it.key()) == nullptr) {
      errors.push_back({data.columns.size(), FieldError{it.key(), "unknown field", "unknown"}});
    }
  }
  // What the JSON Schema leaves out is refused as its additionalProperties
  // refuses it (skip_json_schema), and a PATCH leaves the key alone.
  for (std::size_t i = 0; i < data.columns.size(); ++i) {
    if (!input.contains(data.columns[i].name)) continue;
    if (patch && data.table.columns[i].primary_key) {
      errors.push_back({i, FieldError{data.columns[i].name, kPrimaryKeyPatched, "read_only"}});
      failed[i] = true;
    } else if (data.columns[i].skip_json_schema) {
      // Ignored: left as it is, as an unknown property is.
      if (!ignore) errors.push_back({i, FieldError{data.columns[i].name, kNotInSchema, "unknown"}});
      failed[i] = true;
    }
  }
  for (std::size_t i = 0; i < data.columns.size(); ++i) {
    const ColumnSpec& spec = data.columns[i];
    const FieldAccess& access = *spec.access;
    auto fail = [&](std::string message, std::string rule) {
      errors.push_back({i, FieldError{spec.name, std::move(message), std::move(rule)}});
      failed[i] = true;
    };
    if (failed[i]) continue;
    auto it = input.find(spec.name);
    FieldValue value;
    if (it != input.end()) {
      auto converted = member_value(access, *it, options.lax_numbers);
      if (auto* problem = std::get_if<Problem>(&converted)) {
        fail(std::move(problem->message), std::move(problem->rule));
        continue;
      }
      value = std::move(std::get<FieldValue>(converted));
    } else if (patch) {
      continue;
    } else if (spec.default_factory) {
      value = spec.default_factory();
    } else if (spec.default_value) {
      value = *spec.default_value;
    } else {
      if (required_in_json(spec)) fail("field required", "required");
      continue;  // an empty optional, or the struct's own initial value
    }
    const std::string rule = set_rule(value, access.element_kind());
    if (Status s = access.set(object, std::move(value)); !s) fail(s.error().message, rule);
  }
  for (auto& e : validation_errors(model, object)) {
    const ColumnSpec* spec = data.find(e.field);
    const std::size_t i = spec != nullptr ? data.index_of(*spec) : data.columns.size();
    if (i < failed.size() && failed[i]) continue;  // already reported
    // A partial body is checked field by field: the others are not there.
    if (mode == FillMode::kPartial && (spec == nullptr || !input.contains(spec->name))) continue;
    errors.push_back({i, std::move(e)});
  }
  if (errors.empty()) return;
  std::stable_sort(errors.begin(), errors.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<FieldError> out;
  out.reserve(errors.size());
  for (auto& [i, e] : errors) out.push_back(std::move(e));
  throw ValidationError(model.name(), std::move(out));
}

}  // namespace detail
}  // namespace retort
