// The non-template conversions behind detail::MemberAccess: FieldValue to
// and from member values, binding to statements and reading rows back.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>

#include "core/model/field.hpp"

namespace retort::detail {
namespace {

// "an integer", "text", ...: what a FieldValue holds, for messages.
std::string_view kind_name(const FieldValue& v) {
  constexpr std::string_view kNames[] = {
      "null",   "an integer",  "a number",          "a boolean", "text",    "a blob",
      "a UUID", "a timestamp", "a local timestamp", "a date",    "an array"};
  static_assert(std::size(kNames) == std::variant_size_v<FieldValue>);
  return kNames[v.index()];
}

Error expected(std::string_view what, const FieldValue& got) {
  return Error::bad_input(fmt::format("expected {}, got {}", what, kind_name(got)));
}

template <class V>
Status take(FieldValue&& in, V& out, std::string_view what) {
  if (auto* v = std::get_if<V>(&in)) {
    out = std::move(*v);
    return {};
  }
  return expected(what, in);
}

// A time or UUID value given as itself or as its text.
template <class V, class Parse>
Status take_or_parse(FieldValue&& in, V& out, std::string_view what, Parse parse) {
  if (const auto* text = std::get_if<std::string>(&in)) {
    auto parsed = parse(*text);
    if (!parsed) return Error::bad_input(fmt::format("\"{}\" is not {}", *text, what));
    out = *parsed;
    return {};
  }
  return take<V>(std::move(in), out, what);
}

template <class V, class Parse>
Status read_parsed(const PreparedStatement& st, int column, V& out, std::string_view what,
                   Parse parse) {
  const std::string_view text = st.get_text(column);
  auto parsed = parse(text);
  if (!parsed) {
    return Error::database(
        fmt::format("column {} holds \"{}\", which is not {}", column + 1, text, what),
        "the stored value was not written by retort; fix the row or the "
        "member's type");
  }
  out = *parsed;
  return {};
}

}  // namespace

FieldValue to_field_value_of(const std::string& v) { return v; }
FieldValue to_field_value_of(const Blob& v) { return v; }
FieldValue to_field_value_of(const Uuid& v) { return v; }
FieldValue to_field_value_of(const Timestamp& v) { return v; }
FieldValue to_field_value_of(const LocalTimestamp& v) { return v; }
FieldValue to_field_value_of(const Date& v) { return v; }

Status from_field_value_of(FieldValue&& in, std::string& out) {
  return take<std::string>(std::move(in), out, "text");
}
Status from_field_value_of(FieldValue&& in, Blob& out) {
  return take<Blob>(std::move(in), out, "a blob");
}
Status from_field_value_of(FieldValue&& in, Uuid& out) {
  return take_or_parse(std::move(in), out, "a UUID", Uuid::parse);
}
Status from_field_value_of(FieldValue&& in, Timestamp& out) {
  return take_or_parse(std::move(in), out, "a timestamp", parse_timestamp);
}
Status from_field_value_of(FieldValue&& in, LocalTimestamp& out) {
  return take_or_parse(std::move(in), out, "a local timestamp", parse_local_timestamp);
}
Status from_field_value_of(FieldValue&& in, Date& out) {
  return take_or_parse(std::move(in), out, "a date", parse_date);
}

Status int_from_field_value(const FieldValue& in, std::int64_t min, std::int64_t max,
                            std::int64_t& out) {
  const auto* v = std::get_if<std::int64_t>(&in);
  if (v == nullptr) return expected("an integer", in);
  if (*v < min || *v > max) {
    return Error::bad_input(fmt::format("must be between {} and {}", min, max));
  }
  out = *v;
  return {};
}

Status double_from_field_value(const FieldValue& in, double& out) {
  if (const auto* d = std::get_if<double>(&in)) {
    out = *d;
    return {};
  }
  if (const auto* i = std::get_if<std::int64_t>(&in)) {
    out = static_cast<double>(*i);
    return {};
  }
  return expected("a number", in);
}

Status bool_from_field_value(const FieldValue& in, bool& out) {
  const auto* b = std::get_if<bool>(&in);
  if (b == nullptr) return expected("a boolean", in);
  out = *b;
  return {};
}

Status enum_index_from_text(std::string_view text, std::span<const std::string_view> names,
                            std::size_t& index) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) {
      index = i;
      return {};
    }
  }
  return Error::bad_input(fmt::format("must be one of {}", fmt::join(names, ", ")));
}

Status enum_index_from_field_value(const FieldValue& in, std::span<const std::string_view> names,
                                   std::size_t& index) {
  const auto* text = std::get_if<std::string>(&in);
  if (text == nullptr) {
    return Error::bad_input(
        fmt::format("expected one of {}, got {}", fmt::join(names, ", "), kind_name(in)));
  }
  return enum_index_from_text(*text, names, index);
}

void bind_value_of(const std::string& v, PreparedStatement& st, int index) {
  st.bind_text(index, v);
}
void bind_value_of(const Blob& v, PreparedStatement& st, int index) { st.bind_blob(index, v); }
void bind_value_of(const Uuid& v, PreparedStatement& st, int index) {
  st.bind_text(index, v.to_string(), PreparedStatement::Lifetime::kCopy);
}
void bind_value_of(const Timestamp& v, PreparedStatement& st, int index) {
  st.bind_text(index, format_timestamp(v), PreparedStatement::Lifetime::kCopy);
}
void bind_value_of(const LocalTimestamp& v, PreparedStatement& st, int index) {
  st.bind_text(index, format_local_timestamp(v), PreparedStatement::Lifetime::kCopy);
}
void bind_value_of(const Date& v, PreparedStatement& st, int index) {
  st.bind_text(index, format_date(v), PreparedStatement::Lifetime::kCopy);
}

Status read_value_of(const PreparedStatement& st, int column, std::string& out) {
  out.assign(st.get_text(column));
  return {};
}
Status read_value_of(const PreparedStatement& st, int column, Blob& out) {
  const auto bytes = st.get_blob(column);
  out.assign(bytes.begin(), bytes.end());
  return {};
}
Status read_value_of(const PreparedStatement& st, int column, Uuid& out) {
  return read_parsed(st, column, out, "a UUID", Uuid::parse);
}
Status read_value_of(const PreparedStatement& st, int column, Timestamp& out) {
  return read_parsed(st, column, out, "a timestamp", parse_timestamp);
}
Status read_value_of(const PreparedStatement& st, int column, LocalTimestamp& out) {
  return read_parsed(st, column, out, "a local timestamp", parse_local_timestamp);
}
Status read_value_of(const PreparedStatement& st, int column, Date& out) {
  return read_parsed(st, column, out, "a date", parse_date);
}

Status array_from_field_value(FieldValue&& in, FieldArray& out) {
  return take<FieldArray>(std::move(in), out, "an array");
}

Status array_item_error(std::size_t item, const Status& status) {
  Error e = status.error();
  e.message = fmt::format("item {}: {}", item, e.message);
  return e;
}

namespace {

// How an array parameter spells one item.
ArrayItem array_item(const FieldValue& v) {
  using Kind = ArrayItem::Kind;
  struct Visitor {
    ArrayItem operator()(std::monostate) const { return {Kind::kNull, {}}; }
    ArrayItem operator()(std::int64_t i) const { return {Kind::kNumber, std::to_string(i)}; }
    ArrayItem operator()(double d) const {
      // JSON has no NaN or infinity: those travel as PostgreSQL spells them.
      if (std::isnan(d)) return {Kind::kText, "NaN"};
      if (std::isinf(d)) return {Kind::kText, d > 0 ? "Infinity" : "-Infinity"};
      // The shortest text that reads back exactly, with a '.' or exponent so
      // that JSON keeps it a double: "-0" would read back as the integer 0.
      std::string text = fmt::format("{}", d);
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      return {Kind::kNumber, std::move(text)};
    }
    ArrayItem operator()(bool b) const { return {Kind::kBool, b ? "true" : "false"}; }
    ArrayItem operator()(const std::string& s) const { return {Kind::kText, s}; }
    ArrayItem operator()(const Blob&) const { return {Kind::kNull, {}}; }  // no blob arrays
    ArrayItem operator()(const Uuid& u) const { return {Kind::kText, u.to_string()}; }
    ArrayItem operator()(Timestamp t) const { return {Kind::kText, format_timestamp(t)}; }
    ArrayItem operator()(LocalTimestamp t) const {
      return {Kind::kText, format_local_timestamp(t)};
    }
    ArrayItem operator()(Date d) const { return {Kind::kText, format_date(d)}; }
    ArrayItem operator()(const FieldArray&) const { return {Kind::kNull, {}}; }  // one dimension
  };
  return std::visit(Visitor{}, v);
}

// An item's text as the FieldValue of `kind`; nullopt (with `text` left as
// it was) when it is not one.
std::optional<FieldValue> item_value(FieldKind kind, std::string& text) {
  switch (kind) {
    case FieldKind::kInt: {
      std::int64_t n = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
      return FieldValue{n};
    }
    case FieldKind::kDouble: {
      if (text == "NaN") return FieldValue{std::numeric_limits<double>::quiet_NaN()};
      if (text == "Infinity") return FieldValue{std::numeric_limits<double>::infinity()};
      if (text == "-Infinity") return FieldValue{-std::numeric_limits<double>::infinity()};
      double d = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
      return FieldValue{d};
    }
    case FieldKind::kBool:
      if (text == "t" || text == "true") return FieldValue{true};
      if (text == "f" || text == "false") return FieldValue{false};
      return std::nullopt;
    default:  // text, enums, UUIDs, times: from_field_value parses the text
      return FieldValue{std::move(text)};
  }
}

}  // namespace

void bind_array_value(const FieldArray& value, PreparedStatement& st, int index) {
  std::vector<ArrayItem> items;
  items.reserve(value.items.size());
  for (const FieldValue& v : value.items) items.push_back(array_item(v));
  st.bind_array(index, items);
}

Status read_array_value(const PreparedStatement& st, int column, FieldKind element,
                        FieldArray& out) {
  Result<std::vector<Cell>> cells = st.get_array(column);
  if (!cells) return array_read_error(Status(std::move(cells).error()));
  out.items.clear();
  out.items.reserve(cells->size());
  for (std::size_t i = 0; i < cells->size(); ++i) {
    Cell& cell = (*cells)[i];
    if (!cell) {
      out.items.emplace_back();  // from_field_value refuses it, naming the item
      continue;
    }
    std::optional<FieldValue> v = item_value(element, *cell);
    if (!v) {
      const std::string_view what = element == FieldKind::kInt    ? "an integer"
                                    : element == FieldKind::kBool ? "a boolean"
                                                                  : "a number";
      return array_read_error(
          array_item_error(i, Error::bad_input(fmt::format("\"{}\" is not {}", *cell, what))));
    }
    out.items.push_back(std::move(*v));
  }
  return {};
}

// The caller names the table and column (Error::on), so the message says
// only what is wrong with the stored array.
Status array_read_error(const Status& status) {
  const Error& in = status.error();
  if (in.code == ErrorCode::kDatabase) return status;
  return Error::database(fmt::format("stored array: {}", in.message),
                         "the stored array was not written by retort; fix the row or the "
                         "member's type");
}

}  // namespace retort::detail
