// retort: the query DSL: conditions on models' members, for
// Session::select<T>().where(...) and the queries over joined models
// (query_join.hpp).
//
// retort::c(&Hero::age) names the column of a member; comparing it with a
// value gives a Condition<Hero>; conditions combine with &&, || and !, and
// a condition on two models is a Condition<Hero, Team> (the models it
// names, which the query must have joined: checked at compile time).
// Values are never pasted into SQL: each becomes a bound parameter, so two
// queries of the same shape share one prepared statement.
//
//   c(m) == v, != v, < v, <= v, > v, >= v    v converts to the member's value
//                                            type (anything else: one
//                                            static_assert)
//   c(m) == c(n), < c(n), ...                two columns, of the same or of
//                                            joined models
//   c(m) == outer(&Team::id)                 in a subquery: a column of the
//                                            enclosing query's model
//   c(m).like("S%")                          text members (case follows the
//                                            database: SQLite's LIKE ignores
//                                            ASCII case, PostgreSQL's does not)
//   c(m).ilike("s%")                         ignores case: PostgreSQL ILIKE;
//                                            SQLite LIKE (ASCII letters only)
//   c(m).contains("50%")                     a substring, taken literally (%, _
//                                            and \ are escaped: LIKE ... ESCAPE);
//                                            case as like()
//   c(m).in({v1, v2}), c(m).not_in({...})    an empty list matches nothing
//   c(m).in(subquery)                        IN (SELECT one column ...)
//   c(m).is_null(), c(m).is_not_null()
//   exists(subquery)                         EXISTS (SELECT ...), query_join.hpp
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
#include <type_traits>
#include <typeinfo>
#include <vector>

#include "core/dialect.hpp"
#include "core/model/model.hpp"

namespace retort {

namespace detail {

struct QuerySpec;  // a whole query, query_join.hpp

// One node of a condition tree; non-template so rendering is shared.
struct ConditionNode {
  enum class Kind {
    kCompare,        // column op value
    kCompareColumn,  // column op other column (other_model may be an outer query's)
    kLike,
    kILike,
    kContains,  // values[0] is the escaped pattern "%...%"
    kIn,
    kNotIn,
    kInQuery,  // column IN (query)
    kExists,   // EXISTS (query)
    kIsNull,
    kIsNotNull,
    kAnd,
    kOr,
    kNot
  };
  Kind kind = Kind::kCompare;
  std::string_view op;               // kCompare, kCompareColumn: "=", "<>", "<", "<=", ">", ">="
  const ModelData* model = nullptr;  // the column's model; nullptr: the query's first table
  std::size_t column = 0;            // index in the model's columns
  const ModelData* other_model = nullptr;  // kCompareColumn
  std::size_t other_column = 0;
  std::vector<FieldValue> values;
  std::shared_ptr<const QuerySpec> query;            // kInQuery, kExists
  std::shared_ptr<const ConditionNode> left, right;  // kAnd/kOr: both; kNot: left
};
using ConditionPtr = std::shared_ptr<const ConditionNode>;

// The index of member pointer `member_pointer` (typeid `type`) among
// `model`'s columns; throws DeclarationError when it is not a column.
std::size_t column_index(const ModelData& model, const std::type_info& type,
                         const void* member_pointer);

ConditionPtr make_compare(std::size_t column, std::string_view op, FieldValue value,
                          const ModelData* model = nullptr);
ConditionPtr make_list(ConditionNode::Kind kind, std::size_t column, std::vector<FieldValue> values,
                       const ModelData* model = nullptr);
ConditionPtr make_unary(ConditionNode::Kind kind, std::size_t column,
                        const ModelData* model = nullptr);
ConditionPtr make_logic(ConditionNode::Kind kind, ConditionPtr left, ConditionPtr right);
ConditionPtr make_compare_columns(const ModelData* model, std::size_t column, std::string_view op,
                                  const ModelData* other_model, std::size_t other_column);
// kInQuery (model/column set) or kExists.
ConditionPtr make_query_condition(ConditionNode::Kind kind, const ModelData* model,
                                  std::size_t column, std::shared_ptr<const QuerySpec> query);
// "%" + `text` with %, _ and \ escaped by \ + "%": contains()'s pattern.
std::string contains_pattern(std::string_view text);

// The tables a condition's columns are resolved in: the query's own (the
// first is FROM), then the enclosing queries' for a subquery. `prefix`
// empty: one table, columns unqualified (and qualified by the table's name
// when an inner query refers to them); otherwise table i is "<prefix><i>".
struct QueryScope {
  std::vector<const ModelData*> tables;
  std::string prefix;
  const QueryScope* outer = nullptr;
};

// Appends `node` as SQL to `sql`, its values to `params` (in placeholder
// order, numbered from params->size()). A column of a model neither in
// `scope` nor in an enclosing one throws DeclarationError.
void render_condition(const ConditionNode& node, const QueryScope& scope, const Dialect& dialect,
                      std::string& sql, std::vector<const FieldValue*>& params);
// The same on one table, columns unqualified.
void render_condition(const ConditionNode& node, const ModelData& model, const Dialect& dialect,
                      std::string& sql, std::vector<const FieldValue*>& params);

// Binds a value as parameter `index`: numbers natively, text in place
// (`value` must outlive the statement's execution), time and UUID values in
// their canonical text.
void bind_field_value(PreparedStatement& statement, int index, const FieldValue& value);

// Type lists for the models a condition or a query names.
template <class T, class... Ts>
inline constexpr bool one_of = (std::is_same_v<T, Ts> || ...);

template <class A, class B>
struct merge_models;
template <template <class...> class L, class... As>
struct merge_models<L<As...>, L<>> {
  using type = L<As...>;
};
template <template <class...> class L, class... As, class B, class... Bs>
struct merge_models<L<As...>, L<B, Bs...>> {
  using type = typename merge_models<std::conditional_t<one_of<B, As...>, L<As...>, L<As..., B>>,
                                     L<Bs...>>::type;
};

// Whether V (a member's value type) may be compared with a value of type X.
template <class X, class V>
inline constexpr bool comparable_value = std::is_convertible_v<const X&, V>;

template <class A, class B>
inline constexpr bool comparable_columns = std::is_same_v<A, B> ||
                                           (std::is_arithmetic_v<A> && std::is_arithmetic_v<B> &&
                                            !std::is_same_v<A, bool> && !std::is_same_v<B, bool>);

template <class Q>
concept SubQuery = requires(const Q& q) {
  { q.spec() } -> std::convertible_to<std::shared_ptr<const QuerySpec>>;
};

}  // namespace detail

// A condition on rows of the models Ms... (Condition<Hero>: one model;
// Condition<Hero, Team>: columns of both, for a query that joins them;
// Condition<>: none, as exists(...)).
template <class... Ms>
class Condition {
 public:
  explicit Condition(detail::ConditionPtr node) : node_(std::move(node)) {}
  const detail::ConditionPtr& node() const { return node_; }

  template <class... Bs>
  friend typename detail::merge_models<Condition<Ms...>, Condition<Bs...>>::type operator&&(
      const Condition& a, const Condition<Bs...>& b) {
    using R = typename detail::merge_models<Condition<Ms...>, Condition<Bs...>>::type;
    return R(detail::make_logic(detail::ConditionNode::Kind::kAnd, a.node_, b.node()));
  }
  template <class... Bs>
  friend typename detail::merge_models<Condition<Ms...>, Condition<Bs...>>::type operator||(
      const Condition& a, const Condition<Bs...>& b) {
    using R = typename detail::merge_models<Condition<Ms...>, Condition<Bs...>>::type;
    return R(detail::make_logic(detail::ConditionNode::Kind::kOr, a.node_, b.node()));
  }
  friend Condition operator!(const Condition& a) {
    return Condition(detail::make_logic(detail::ConditionNode::Kind::kNot, a.node_, nullptr));
  }

 private:
  detail::ConditionPtr node_;
};

// A column of the enclosing query, for a correlated subquery:
//   exists(s.select<Hero>().where(c(&Hero::team_id) == outer(&Team::id)))
template <class T, class M>
struct OuterRef {
  M T::*member;
};
template <class T, class M>
OuterRef<T, M> outer(M T::*member) {
  return OuterRef<T, M>{member};
}

// The column of one member of T, as retort::c(&T::member) returns it.
template <class T, class M>
class ColumnRef {
 public:
  using V = typename field_traits<M>::value_type;

  explicit ColumnRef(M T::*member)
      : column_(detail::column_index(model_of<T>(), typeid(M T::*), &member)) {}

  std::size_t index() const { return column_; }
  static const ModelData* model() { return &model_of<T>(); }

  template <class X>
  Condition<T> operator==(const X& v) const {
    return compare("=", v);
  }
  template <class X>
  Condition<T> operator!=(const X& v) const {
    return compare("<>", v);
  }
  template <class X>
  Condition<T> operator<(const X& v) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return compare("<", v);
  }
  template <class X>
  Condition<T> operator<=(const X& v) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return compare("<=", v);
  }
  template <class X>
  Condition<T> operator>(const X& v) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return compare(">", v);
  }
  template <class X>
  Condition<T> operator>=(const X& v) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return compare(">=", v);
  }

  // Two columns: c(&Hero::team_id) == c(&Team::id).
  template <class U, class N>
  auto operator==(const ColumnRef<U, N>& o) const {
    return columns("=", o);
  }
  template <class U, class N>
  auto operator!=(const ColumnRef<U, N>& o) const {
    return columns("<>", o);
  }
  template <class U, class N>
  auto operator<(const ColumnRef<U, N>& o) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return columns("<", o);
  }
  template <class U, class N>
  auto operator<=(const ColumnRef<U, N>& o) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return columns("<=", o);
  }
  template <class U, class N>
  auto operator>(const ColumnRef<U, N>& o) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return columns(">", o);
  }
  template <class U, class N>
  auto operator>=(const ColumnRef<U, N>& o) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return columns(">=", o);
  }

  // A column of the enclosing query (correlated subquery).
  template <class U, class N>
  Condition<T> operator==(const OuterRef<U, N>& o) const {
    return outer_column("=", o);
  }
  template <class U, class N>
  Condition<T> operator!=(const OuterRef<U, N>& o) const {
    return outer_column("<>", o);
  }
  template <class U, class N>
  Condition<T> operator<(const OuterRef<U, N>& o) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return outer_column("<", o);
  }
  template <class U, class N>
  Condition<T> operator<=(const OuterRef<U, N>& o) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return outer_column("<=", o);
  }
  template <class U, class N>
  Condition<T> operator>(const OuterRef<U, N>& o) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return outer_column(">", o);
  }
  template <class U, class N>
  Condition<T> operator>=(const OuterRef<U, N>& o) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: an array member is compared whole, with == or != only");
    return outer_column(">=", o);
  }

  Condition<T> like(std::string pattern) const {
    static_assert(std::is_same_v<V, std::string>,
                  "retort: like() is for text members (std::string or std::optional<std::string>)");
    return text_match(detail::ConditionNode::Kind::kLike, std::move(pattern));
  }
  // Ignores case: PostgreSQL ILIKE; SQLite LIKE, which folds ASCII letters only.
  Condition<T> ilike(std::string pattern) const {
    static_assert(
        std::is_same_v<V, std::string>,
        "retort: ilike() is for text members (std::string or std::optional<std::string>)");
    return text_match(detail::ConditionNode::Kind::kILike, std::move(pattern));
  }
  // `text` occurs in the value, literally (its %, _ and \ match themselves).
  Condition<T> contains(std::string_view text) const {
    static_assert(
        std::is_same_v<V, std::string>,
        "retort: contains() is for text members (std::string or std::optional<std::string>)");
    return text_match(detail::ConditionNode::Kind::kContains, detail::contains_pattern(text));
  }
  Condition<T> in(std::initializer_list<V> values) const {
    return list(detail::ConditionNode::Kind::kIn, values.begin(), values.end());
  }
  Condition<T> in(const std::vector<V>& values) const {
    return list(detail::ConditionNode::Kind::kIn, values.begin(), values.end());
  }
  // IN (SELECT ...): a query of one column, e.g. s.select(&Team::id).where(...).
  template <detail::SubQuery Q>
  Condition<T> in(const Q& query) const {
    static_assert(Q::columns == 1, "retort: in(query): the query must select exactly one column");
    static_assert(!detail::is_array_member<V>::value,
                  "retort: in() and not_in() take single values; compare an array member whole "
                  "with ==");
    static_assert(Q::columns != 1 || detail::comparable_columns<V, typename Q::first_value_type>,
                  "retort: in(query): the query's column has another type than the member");
    return Condition<T>(detail::make_query_condition(detail::ConditionNode::Kind::kInQuery, model(),
                                                     column_, query.spec()));
  }
  Condition<T> not_in(std::initializer_list<V> values) const {
    return list(detail::ConditionNode::Kind::kNotIn, values.begin(), values.end());
  }
  Condition<T> not_in(const std::vector<V>& values) const {
    return list(detail::ConditionNode::Kind::kNotIn, values.begin(), values.end());
  }
  Condition<T> is_null() const {
    return Condition<T>(detail::make_unary(detail::ConditionNode::Kind::kIsNull, column_, model()));
  }
  Condition<T> is_not_null() const {
    return Condition<T>(
        detail::make_unary(detail::ConditionNode::Kind::kIsNotNull, column_, model()));
  }

 private:
  template <class X>
  Condition<T> compare(std::string_view op, const X& v) const {
    static_assert(detail::comparable_value<X, V>,
                  "retort: c(&T::member) is compared with a value of another type than the "
                  "member's (an int member with a string, say)");
    if constexpr (detail::comparable_value<X, V>) {
      return Condition<T>(
          detail::make_compare(column_, op, detail::to_field_value<V>(static_cast<V>(v)), model()));
    } else {
      return Condition<T>(nullptr);
    }
  }
  template <class U, class N>
  auto columns(std::string_view op, const ColumnRef<U, N>& o) const {
    static_assert(detail::comparable_columns<V, typename ColumnRef<U, N>::V>,
                  "retort: two columns of different types are compared");
    using R = typename detail::merge_models<Condition<T>, Condition<U>>::type;
    return R(detail::make_compare_columns(model(), column_, op, &model_of<U>(), o.index()));
  }
  template <class U, class N>
  Condition<T> outer_column(std::string_view op, const OuterRef<U, N>& o) const {
    const ColumnRef<U, N> other(o.member);
    static_assert(detail::comparable_columns<V, typename ColumnRef<U, N>::V>,
                  "retort: two columns of different types are compared");
    return Condition<T>(
        detail::make_compare_columns(model(), column_, op, &model_of<U>(), other.index()));
  }
  Condition<T> text_match(detail::ConditionNode::Kind kind, std::string pattern) const {
    return Condition<T>(
        detail::make_list(kind, column_, {FieldValue(std::move(pattern))}, model()));
  }
  template <class It>
  Condition<T> list(detail::ConditionNode::Kind kind, It begin, It end) const {
    static_assert(!detail::is_array_member<V>::value,
                  "retort: in() and not_in() take single values; compare an array member whole "
                  "with ==");
    std::vector<FieldValue> values;
    for (It it = begin; it != end; ++it) values.push_back(detail::to_field_value<V>(*it));
    return Condition<T>(detail::make_list(kind, column_, std::move(values), model()));
  }

  std::size_t column_;
};

// The column of `member` for the query DSL: retort::c(&Hero::age) >= 18.
template <class T, class M>
ColumnRef<T, M> c(M T::*member) {
  return ColumnRef<T, M>(member);
}

}  // namespace retort
