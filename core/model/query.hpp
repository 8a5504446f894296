// retort: the query DSL: conditions on a model's members, for
// Session::select<T>().where(...).
//
// retort::c(&Hero::age) names the column of a member; comparing it with a
// value gives a Condition<Hero>; conditions combine with &&, || and !.
// Values are never pasted into SQL: each becomes a bound parameter, so two
// queries of the same shape share one prepared statement.
//
//   c(m) == v, != v, < v, <= v, > v, >= v    v of the member's value type
//   c(m).like("S%")                          text members (case follows the
//                                            database: SQLite's LIKE ignores
//                                            ASCII case, PostgreSQL's does not)
//   c(m).in({v1, v2}), c(m).not_in({...})    an empty list matches nothing
//   c(m).is_null(), c(m).is_not_null()
//
// Example:
//   auto adults = s.select<Hero>()
//                     .where(retort::c(&Hero::age) >= 18 && retort::c(&Hero::name).like("S%"))
//                     .order_by(&Hero::name).all();
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "core/dialect.hpp"
#include "core/model/model.hpp"

namespace retort {

namespace detail {

// One node of a condition tree; non-template so rendering is shared.
struct ConditionNode {
  enum class Kind { kCompare, kLike, kIn, kNotIn, kIsNull, kIsNotNull, kAnd, kOr, kNot };
  Kind kind = Kind::kCompare;
  std::string_view op;     // kCompare: "=", "<>", "<", "<=", ">", ">="
  std::size_t column = 0;  // index in the model's columns
  std::vector<FieldValue> values;
  std::shared_ptr<const ConditionNode> left, right;  // kAnd/kOr: both; kNot: left
};
using ConditionPtr = std::shared_ptr<const ConditionNode>;

// The index of member pointer `member_pointer` (typeid `type`) among
// `model`'s columns; throws DeclarationError when it is not a column.
std::size_t column_index(const ModelData& model, const std::type_info& type,
                         const void* member_pointer);

ConditionPtr make_compare(std::size_t column, std::string_view op, FieldValue value);
ConditionPtr make_list(ConditionNode::Kind kind, std::size_t column,
                       std::vector<FieldValue> values);
ConditionPtr make_unary(ConditionNode::Kind kind, std::size_t column);
ConditionPtr make_logic(ConditionNode::Kind kind, ConditionPtr left, ConditionPtr right);

// Appends `node` as SQL to `sql`, its values to `params` (in placeholder
// order, numbered from params->size()).
void render_condition(const ConditionNode& node, const ModelData& model, const Dialect& dialect,
                      std::string& sql, std::vector<const FieldValue*>& params);

// Binds a value as parameter `index`: numbers natively, text in place
// (`value` must outlive the statement's execution), time and UUID values in
// their canonical text.
void bind_field_value(PreparedStatement& statement, int index, const FieldValue& value);

}  // namespace detail

// A condition on rows of T's table.
template <class T>
class Condition {
 public:
  explicit Condition(detail::ConditionPtr node) : node_(std::move(node)) {}
  const detail::ConditionPtr& node() const { return node_; }

  friend Condition operator&&(const Condition& a, const Condition& b) {
    return Condition(detail::make_logic(detail::ConditionNode::Kind::kAnd, a.node_, b.node_));
  }
  friend Condition operator||(const Condition& a, const Condition& b) {
    return Condition(detail::make_logic(detail::ConditionNode::Kind::kOr, a.node_, b.node_));
  }
  friend Condition operator!(const Condition& a) {
    return Condition(detail::make_logic(detail::ConditionNode::Kind::kNot, a.node_, nullptr));
  }

 private:
  detail::ConditionPtr node_;
};

// The column of one member of T, as retort::c(&T::member) returns it.
template <class T, class M>
class ColumnRef {
 public:
  using V = typename field_traits<M>::value_type;

  explicit ColumnRef(M T::*member)
      : column_(detail::column_index(model_of<T>(), typeid(M T::*), &member)) {}

  std::size_t index() const { return column_; }

  Condition<T> operator==(const V& v) const { return compare("=", v); }
  Condition<T> operator!=(const V& v) const { return compare("<>", v); }
  Condition<T> operator<(const V& v) const { return compare("<", v); }
  Condition<T> operator<=(const V& v) const { return compare("<=", v); }
  Condition<T> operator>(const V& v) const { return compare(">", v); }
  Condition<T> operator>=(const V& v) const { return compare(">=", v); }

  Condition<T> like(std::string pattern) const requires std::is_same_v<V, std::string> {
    return Condition<T>(detail::make_list(detail::ConditionNode::Kind::kLike, column_,
                                          {FieldValue(std::move(pattern))}));
  }
  Condition<T> in(std::initializer_list<V> values) const {
    return list(detail::ConditionNode::Kind::kIn, values.begin(), values.end());
  }
  Condition<T> in(const std::vector<V>& values) const {
    return list(detail::ConditionNode::Kind::kIn, values.begin(), values.end());
  }
  Condition<T> not_in(std::initializer_list<V> values) const {
    return list(detail::ConditionNode::Kind::kNotIn, values.begin(), values.end());
  }
  Condition<T> not_in(const std::vector<V>& values) const {
    return list(detail::ConditionNode::Kind::kNotIn, values.begin(), values.end());
  }
  Condition<T> is_null() const {
    return Condition<T>(detail::make_unary(detail::ConditionNode::Kind::kIsNull, column_));
  }
  Condition<T> is_not_null() const {
    return Condition<T>(detail::make_unary(detail::ConditionNode::Kind::kIsNotNull, column_));
  }

 private:
  Condition<T> compare(std::string_view op, const V& v) const {
    return Condition<T>(detail::make_compare(column_, op, detail::to_field_value<V>(v)));
  }
  template <class It>
  Condition<T> list(detail::ConditionNode::Kind kind, It begin, It end) const {
    std::vector<FieldValue> values;
    for (It it = begin; it != end; ++it) values.push_back(detail::to_field_value<V>(*it));
    return Condition<T>(detail::make_list(kind, column_, std::move(values)));
  }

  std::size_t column_;
};

// The column of `member` for the query DSL: retort::c(&Hero::age) >= 18.
template <class T, class M>
ColumnRef<T, M> c(M T::*member) {
  return ColumnRef<T, M>(member);
}

}  // namespace retort
