// retort: conversions behind detail::MemberAccess (included by field.hpp).
//
// Integers, floats and enums are templates (one per member type); the other
// kinds forward to non-template functions in field_values.cpp so each model
// adds only a thin accessor per column. Not API: include field.hpp.
#pragma once

#include <limits>

// field.hpp includes this file at its end; included first, this brings
// field.hpp in (whose include of this file is then skipped) before the body.
#include "core/model/field.hpp"

namespace retort::detail {

// Non-template conversions, one per value type (field_values.cpp).
FieldValue to_field_value_of(const std::string& v);
FieldValue to_field_value_of(const Blob& v);
FieldValue to_field_value_of(const Uuid& v);
FieldValue to_field_value_of(const Timestamp& v);
FieldValue to_field_value_of(const LocalTimestamp& v);
FieldValue to_field_value_of(const Date& v);
Status from_field_value_of(FieldValue&& in, std::string& out);
Status from_field_value_of(FieldValue&& in, Blob& out);
Status from_field_value_of(FieldValue&& in, Uuid& out);
Status from_field_value_of(FieldValue&& in, Timestamp& out);
Status from_field_value_of(FieldValue&& in, LocalTimestamp& out);
Status from_field_value_of(FieldValue&& in, Date& out);
Status int_from_field_value(const FieldValue& in, std::int64_t min, std::int64_t max,
                            std::int64_t& out);
Status double_from_field_value(const FieldValue& in, double& out);
Status bool_from_field_value(const FieldValue& in, bool& out);
Status enum_index_from_field_value(const FieldValue& in, std::span<const std::string_view> names,
                                   std::size_t& index);
void bind_value_of(const std::string& v, PreparedStatement& st, int index);
void bind_value_of(const Blob& v, PreparedStatement& st, int index);
void bind_value_of(const Uuid& v, PreparedStatement& st, int index);
void bind_value_of(const Timestamp& v, PreparedStatement& st, int index);
void bind_value_of(const LocalTimestamp& v, PreparedStatement& st, int index);
void bind_value_of(const Date& v, PreparedStatement& st, int index);
Status read_value_of(const PreparedStatement& st, int column, std::string& out);
Status read_value_of(const PreparedStatement& st, int column, Blob& out);
Status read_value_of(const PreparedStatement& st, int column, Uuid& out);
Status read_value_of(const PreparedStatement& st, int column, Timestamp& out);
Status read_value_of(const PreparedStatement& st, int column, LocalTimestamp& out);
Status read_value_of(const PreparedStatement& st, int column, Date& out);
Status enum_index_from_text(std::string_view text, std::span<const std::string_view> names,
                            std::size_t& index);
// Arrays: `in` must be a FieldArray (moved into `out`); item errors say
// which item ("item 2: expected text, got an integer").
Status array_from_field_value(FieldValue&& in, FieldArray& out);
Status array_item_error(std::size_t item, const Status& status);
void bind_array_value(const FieldArray& value, PreparedStatement& st, int index);
// Reads an array cell into items of `element` kind (text to FieldValue;
// NULL items stay monostate for from_field_value to refuse); kDatabase when
// the cell is not an array or an item's text is not of that kind.
Status read_array_value(const PreparedStatement& st, int column, FieldKind element,
                        FieldArray& out);
// `status` as the kDatabase error of a stored array ("stored array: ...").
Status array_read_error(const Status& status);

template <class E>
std::span<const std::string_view> enum_names() {
  static const auto names = [] {
    std::vector<std::string_view> out;
    for (const auto& [value, name] : enum_mapping<E>::values) out.push_back(name);
    return out;
  }();
  return names;
}

template <class E>
E enum_at(std::size_t index) {
  return enum_mapping<E>::values[index].first;
}

template <class V>
FieldValue to_field_value(const V& v) {
  if constexpr (std::is_same_v<V, bool>) {
    return v;
  } else if constexpr (std::is_integral_v<V>) {
    return static_cast<std::int64_t>(v);
  } else if constexpr (std::is_floating_point_v<V>) {
    return static_cast<double>(v);
  } else if constexpr (std::is_enum_v<V>) {
    return std::string(value_traits<V>::to_name(v));
  } else if constexpr (is_array_member<V>::value) {
    FieldArray a;
    a.items.reserve(v.size());
    for (const auto& item : v) a.items.push_back(to_field_value<typename V::value_type>(item));
    return a;
  } else {
    return to_field_value_of(v);
  }
}

template <class V>
Status from_field_value(FieldValue&& in, V& out) {
  if constexpr (std::is_same_v<V, bool>) {
    return bool_from_field_value(in, out);
  } else if constexpr (std::is_integral_v<V>) {
    std::int64_t n = 0;
    Status s = int_from_field_value(in, std::numeric_limits<V>::min(),
                                    static_cast<std::int64_t>(std::numeric_limits<V>::max()), n);
    if (s) out = static_cast<V>(n);
    return s;
  } else if constexpr (std::is_floating_point_v<V>) {
    double d = 0;
    Status s = double_from_field_value(in, d);
    if (s) out = static_cast<V>(d);
    return s;
  } else if constexpr (std::is_enum_v<V>) {
    std::size_t i = 0;
    Status s = enum_index_from_field_value(in, enum_names<V>(), i);
    if (s) out = enum_at<V>(i);
    return s;
  } else if constexpr (is_array_member<V>::value) {
    using E = typename V::value_type;
    FieldArray a;
    if (Status s = array_from_field_value(std::move(in), a); !s) return s;
    V items;
    items.reserve(a.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
      if (std::holds_alternative<std::monostate>(a.items[i])) {
        return array_item_error(i, Error::bad_input("may not be null"));
      }
      E item{};
      if (Status s = from_field_value<E>(std::move(a.items[i]), item); !s) {
        return array_item_error(i, s);
      }
      items.push_back(std::move(item));
    }
    out = std::move(items);
    return {};
  } else {
    return from_field_value_of(std::move(in), out);
  }
}

template <class V>
void bind_value(const V& v, PreparedStatement& st, int index) {
  if constexpr (std::is_same_v<V, bool>) {
    st.bind_bool(index, v);
  } else if constexpr (std::is_integral_v<V>) {
    st.bind_int(index, static_cast<std::int64_t>(v));
  } else if constexpr (std::is_floating_point_v<V>) {
    st.bind_double(index, static_cast<double>(v));
  } else if constexpr (std::is_enum_v<V>) {
    st.bind_text(index, value_traits<V>::to_name(v));  // names are static
  } else if constexpr (is_array_member<V>::value) {
    bind_array_value(std::get<FieldArray>(to_field_value<V>(v)), st, index);
  } else {
    bind_value_of(v, st, index);
  }
}

template <class V>
Status read_value(const PreparedStatement& st, int column, V& out) {
  if constexpr (std::is_same_v<V, bool>) {
    out = st.get_bool(column);
    return {};
  } else if constexpr (std::is_integral_v<V>) {
    out = static_cast<V>(st.get_int(column));
    return {};
  } else if constexpr (std::is_floating_point_v<V>) {
    out = static_cast<V>(st.get_double(column));
    return {};
  } else if constexpr (std::is_enum_v<V>) {
    std::size_t i = 0;
    Status s = enum_index_from_text(st.get_text(column), enum_names<V>(), i);
    if (s) out = enum_at<V>(i);
    return s;
  } else if constexpr (is_array_member<V>::value) {
    FieldArray a;
    Status s = read_array_value(st, column, value_traits<V>::element_kind, a);
    if (!s) return s;
    if (Status t = from_field_value<V>(FieldValue(std::move(a)), out); !t) {
      return array_read_error(t);
    }
    return {};
  } else {
    return read_value_of(st, column, out);
  }
}

}  // namespace retort::detail
