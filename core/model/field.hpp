// retort: how one C++ member maps to a column (the typed half of a column).
//
// field_traits<M> says what the runtime does with a member of type M: its
// FieldKind, the portable column type it declares, and whether it may be
// NULL (std::optional). FieldAccess is the type-erased accessor each column
// keeps: everything above it (validation, JSON, CRUD) is non-template code
// working on `const void*` objects through it.
//
// Supported members: bool; signed integers of 8-64 bits and unsigned of 8-32
// bits; float, double; std::string; retort::Blob; retort::Uuid;
// retort::Timestamp; retort::LocalTimestamp; retort::Date; enums with a
// retort::enum_mapping; std::vector of any of these but Blob (an array
// column: `text[]` on PostgreSQL, a JSON array on SQLite; items are never
// NULL); and std::optional of each.
//
// Example (an enum stored as the PostgreSQL enum "mood", text on SQLite):
//   enum class Mood { kHappy, kSad };
//   template <> struct retort::enum_mapping<Mood> {
//     static constexpr std::string_view name = "mood";   // "" stores as text
//     static constexpr std::pair<Mood, std::string_view> values[] = {
//         {Mood::kHappy, "happy"}, {Mood::kSad, "sad"}};
//   };
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "core/connection.hpp"
#include "core/error.hpp"
#include "core/model/value.hpp"
#include "core/types.hpp"

namespace retort {

enum class FieldKind {
  kInt,
  kDouble,
  kBool,
  kText,
  kBlob,
  kUuid,
  kTimestamp,
  kLocalTimestamp,
  kDate,
  kEnum,   // stored and sent as one of its names
  kArray,  // a std::vector; FieldAccess::element_kind() says of what
};

// Specialise for each enum a model uses (see the example above).
template <class E>
struct enum_mapping;

// The runtime description of an enum: its type name ("" = plain text) and
// its names in declared order.
struct EnumInfo {
  std::string name;
  std::vector<std::string> values;
};

namespace detail {

inline Type type_of(TypeKind kind) {
  Type t;
  t.kind = kind;
  return t;
}

template <class M>
struct is_optional : std::false_type {};
template <class M>
struct is_optional<std::optional<M>> : std::true_type {};

template <class M>
struct unwrap_optional {
  using type = M;
};
template <class M>
struct unwrap_optional<std::optional<M>> {
  using type = M;
};

template <class E>
concept MappedEnum = std::is_enum_v<E> && requires {
  enum_mapping<E>::name;
  enum_mapping<E>::values;
};

// Traits of a non-optional member type; `supported` is false for the rest.
template <class V, class = void>
struct value_traits {
  static constexpr bool supported = false;
};

template <class V>
struct value_traits<V, std::enable_if_t<std::is_same_v<V, bool>>> {
  static constexpr bool supported = true;
  static constexpr FieldKind kind = FieldKind::kBool;
  static Type type() { return type_of(TypeKind::kBoolean); }
};

template <class V>
struct value_traits<V, std::enable_if_t<std::is_integral_v<V> && !std::is_same_v<V, bool> &&
                                        (std::is_signed_v<V> || sizeof(V) <= 4)>> {
  static constexpr bool supported = true;
  static constexpr FieldKind kind = FieldKind::kInt;
  static Type type() {
    if constexpr (sizeof(V) <= 2 && std::is_signed_v<V>) return type_of(TypeKind::kSmallint);
    if constexpr (sizeof(V) == 1) return type_of(TypeKind::kSmallint);
    if constexpr (sizeof(V) <= 4 && std::is_signed_v<V>) return type_of(TypeKind::kInteger);
    if constexpr (sizeof(V) == 2) return type_of(TypeKind::kInteger);
    return type_of(TypeKind::kBigint);
  }
};

template <class V>
struct value_traits<V, std::enable_if_t<std::is_floating_point_v<V>>> {
  static constexpr bool supported = sizeof(V) <= sizeof(double);
  static constexpr FieldKind kind = FieldKind::kDouble;
  static Type type() {
    return type_of(sizeof(V) == sizeof(float) ? TypeKind::kReal : TypeKind::kFloat);
  }
};

#define RETORT_DETAIL_VALUE_TRAITS(CPP, KIND, TYPE)        \
  template <>                                              \
  struct value_traits<CPP, void> {                         \
    static constexpr bool supported = true;                \
    static constexpr FieldKind kind = FieldKind::KIND;     \
    static Type type() { return type_of(TypeKind::TYPE); } \
  };
RETORT_DETAIL_VALUE_TRAITS(std::string, kText, kText)
RETORT_DETAIL_VALUE_TRAITS(Blob, kBlob, kBlob)
RETORT_DETAIL_VALUE_TRAITS(Uuid, kUuid, kUuid)
RETORT_DETAIL_VALUE_TRAITS(Timestamp, kTimestamp, kTimestamptz)
RETORT_DETAIL_VALUE_TRAITS(LocalTimestamp, kLocalTimestamp, kTimestamp)
RETORT_DETAIL_VALUE_TRAITS(Date, kDate, kDate)
#undef RETORT_DETAIL_VALUE_TRAITS

template <MappedEnum V>
struct value_traits<V, void> {
  static constexpr bool supported = true;
  static constexpr FieldKind kind = FieldKind::kEnum;
  static EnumInfo info() {
    EnumInfo out{std::string(enum_mapping<V>::name), {}};
    for (const auto& [value, name] : enum_mapping<V>::values) out.values.emplace_back(name);
    return out;
  }
  static Type type() {
    EnumInfo e = info();
    if (e.name.empty()) return type_of(TypeKind::kText);
    Type t = type_of(TypeKind::kEnum);
    t.enum_name = e.name;
    t.enum_values = e.values;
    return t;
  }
  static std::string_view to_name(V v) {
    for (const auto& [value, name] : enum_mapping<V>::values) {
      if (value == v) return name;
    }
    return {};
  }
  static std::optional<V> from_name(std::string_view n) {
    for (const auto& [value, name] : enum_mapping<V>::values) {
      if (name == n) return value;
    }
    return std::nullopt;
  }
};

// std::vector<E> of a supported E that is not itself an array or a blob
// (Blob, a vector of bytes, is its own kind): an array column of E's type.
template <class V>
struct is_array_member : std::false_type {};
template <class E>
struct is_array_member<std::vector<E>> : std::bool_constant<!std::is_same_v<E, std::byte>> {};

template <class E>
struct value_traits<std::vector<E>,
                    std::enable_if_t<!std::is_same_v<E, std::byte> && value_traits<E>::supported &&
                                     value_traits<E>::kind != FieldKind::kArray &&
                                     value_traits<E>::kind != FieldKind::kBlob>> {
  static constexpr bool supported = true;
  static constexpr FieldKind kind = FieldKind::kArray;
  static constexpr FieldKind element_kind = value_traits<E>::kind;
  static EnumInfo info() {
    if constexpr (element_kind == FieldKind::kEnum) {
      return value_traits<E>::info();
    } else {
      return {};
    }
  }
  // The item's portable type with "[]": "text[]", "bigint[]", "mood[]".
  static Type type() {
    const Type item = value_traits<E>::type();
    Type t = type_of(TypeKind::kNative);
    t.native = (item.kind == TypeKind::kEnum ? item.enum_name : item.to_string()) + "[]";
    return t;
  }
};

}  // namespace detail

// Traits of a member type M, optional or not.
template <class M>
struct field_traits {
  static constexpr bool nullable = detail::is_optional<M>::value;
  using value_type = typename detail::unwrap_optional<M>::type;
  using value_traits = detail::value_traits<value_type>;
  static constexpr bool supported = value_traits::supported;
};

// The type-erased accessor of one column's member. `object` is always a
// pointer to the model's struct.
class FieldAccess {
 public:
  virtual ~FieldAccess() = default;

  virtual FieldKind kind() const = 0;
  virtual bool nullable() const = 0;
  virtual Type type() const = 0;  // the portable type the member declares
  // An array's items' kind (kArray members); kind() for the others.
  virtual FieldKind element_kind() const { return kind(); }
  // The enum of a kEnum member, or of a kArray member's items.
  virtual EnumInfo enum_info() const { return {}; }

  // The member's value; an empty optional is monostate.
  virtual FieldValue get(const void* object) const = 0;
  // Stores `value`; monostate empties an optional. A value of another
  // kind, NULL for a non-optional member, an unknown enum name or an
  // integer out of the member's range is kBadInput (message says why, e.g.
  // "must be one of happy, sad"); the member is then unchanged.
  virtual Status set(void* object, FieldValue value) const = 0;
  virtual bool is_null(const void* object) const = 0;
  // Hot path for validation: the std::string member in place (nullptr when
  // the member is not a string, or is an empty optional), so checking a
  // length or pattern copies nothing.
  virtual const std::string* text(const void* object) const = 0;

  // Hot path for CRUD: binds the member to parameter `index` (text and
  // blobs in place: `object` must outlive the statement's step()).
  virtual void bind(const void* object, PreparedStatement& statement, int index) const = 0;
  // Reads column `column` of the statement's current row into the member.
  virtual Status read(void* object, const PreparedStatement& statement, int column) const = 0;

  // True when this accessor is for the member pointer at `member_pointer`
  // of type `type` (typeid of `M T::*`), so c(&Hero::age) finds its column.
  virtual bool is_member(const std::type_info& type, const void* member_pointer) const = 0;
};

namespace detail {

// Conversions between a non-optional member value and FieldValue /
// statements; defined in detail/field_access.hpp.
template <class V>
FieldValue to_field_value(const V& v);
template <class V>
Status from_field_value(FieldValue&& in, V& out);
template <class V>
void bind_value(const V& v, PreparedStatement& st, int index);
template <class V>
Status read_value(const PreparedStatement& st, int column, V& out);

template <class T, class M>
class MemberAccess final : public FieldAccess {
 public:
  using traits = field_traits<M>;
  using V = typename traits::value_type;

  explicit MemberAccess(M T::*member) : member_(member) {}

  FieldKind kind() const override { return traits::value_traits::kind; }
  bool nullable() const override { return traits::nullable; }
  Type type() const override { return traits::value_traits::type(); }
  FieldKind element_kind() const override {
    if constexpr (traits::value_traits::kind == FieldKind::kArray) {
      return traits::value_traits::element_kind;
    } else {
      return traits::value_traits::kind;
    }
  }
  EnumInfo enum_info() const override {
    if constexpr (traits::value_traits::kind == FieldKind::kEnum ||
                  traits::value_traits::kind == FieldKind::kArray) {
      return traits::value_traits::info();
    } else {
      return {};
    }
  }

  FieldValue get(const void* object) const override {
    const M& m = static_cast<const T*>(object)->*member_;
    if constexpr (traits::nullable) {
      if (!m) return std::monostate{};
      return to_field_value<V>(*m);
    } else {
      return to_field_value<V>(m);
    }
  }

  Status set(void* object, FieldValue value) const override {
    M& m = static_cast<T*>(object)->*member_;
    if (std::holds_alternative<std::monostate>(value)) {
      if constexpr (traits::nullable) {
        m.reset();
        return {};
      } else {
        return Error::bad_input("may not be null");
      }
    }
    V v{};
    Status s = from_field_value<V>(std::move(value), v);
    if (!s) return s;
    m = std::move(v);
    return {};
  }

  bool is_null(const void* object) const override {
    if constexpr (traits::nullable) {
      return !(static_cast<const T*>(object)->*member_).has_value();
    } else {
      return false;
    }
  }

  const std::string* text(const void* object) const override {
    if constexpr (std::is_same_v<V, std::string>) {
      const M& m = static_cast<const T*>(object)->*member_;
      if constexpr (traits::nullable) {
        return m ? &*m : nullptr;
      } else {
        return &m;
      }
    } else {
      return nullptr;
    }
  }

  void bind(const void* object, PreparedStatement& st, int index) const override {
    const M& m = static_cast<const T*>(object)->*member_;
    if constexpr (traits::nullable) {
      if (!m) return st.bind_null(index);
      bind_value<V>(*m, st, index);
    } else {
      bind_value<V>(m, st, index);
    }
  }

  Status read(void* object, const PreparedStatement& st, int column) const override {
    M& m = static_cast<T*>(object)->*member_;
    if (st.is_null(column)) {
      if constexpr (traits::nullable) {
        m.reset();
        return {};
      } else {
        return Error::database("NULL read into a non-optional member");
      }
    }
    if constexpr (traits::nullable) {
      V v{};
      Status s = read_value<V>(st, column, v);
      if (s) m = std::move(v);
      return s;
    } else {
      return read_value<V>(st, column, m);
    }
  }

  bool is_member(const std::type_info& type, const void* member_pointer) const override {
    if (type != typeid(M T::*)) return false;
    // Copied out: the caller's bytes may hold it without being one (MemberOf).
    M T::*member;
    std::memcpy(&member, member_pointer, sizeof member);
    return member == member_;
  }

  M T::*member() const { return member_; }

 private:
  M T::*member_;
};

}  // namespace detail
}  // namespace retort

#include "core/model/detail/field_access.hpp"
