// retort: queries beyond one table: joins along the declared foreign keys,
// tuples of models or of columns, aggregates, GROUP BY, subqueries.
//
//   s.select<Hero>().join<Team>()          rows of Hero, joined to Team (for
//                                          conditions and order on Team)
//   s.select<Hero, Team>().join<Team>()    std::tuple<Hero, Team> per row
//   s.select<Hero, Team>().left_join<Team>()
//                                          std::tuple<Hero, std::optional<Team>>
//   .join<Team>(&Mission::lead_team_id)    names the foreign key when several
//                                          connect the two models
//   s.select(&Hero::name, &Team::name).join<Team>()
//                                          std::tuple<std::string, std::string>
//   s.select(&Hero::name)                  one column: std::string per row
//   s.select(&Team::name, count()).join<Hero>().group_by(&Team::name)
//                                          std::tuple<std::string, std::int64_t>
//   .where(c(&Team::name) == "Preventers") conditions on any joined model
//   .order_by(&Team::name), .order_by_desc(...), .limit(n), .offset(n)
//   .all(), .first(), .one()               as Select<T>
//
// A join follows the one foreign key between the new model and a model the
// query has already (either direction); none, or several without the
// member named, is a DeclarationError at the join() call, naming the
// tables and the candidate columns. A model is joined once.
//
// Aggregates (FROM the first model named):
//   count()             COUNT(*)         std::int64_t
//   count(&T::m)        COUNT(m)         std::int64_t (non-NULL values)
//   sum(&T::m)          SUM(m)           std::optional<std::int64_t> for integer
//                                        members, std::optional<double> for
//                                        floating ones (empty set: nullopt)
//   avg(&T::m)          AVG(m)           std::optional<double>
//   min(&T::m), max(&T::m)               std::optional<value type of m>
//
// Subqueries: c(&Hero::team_id).in(s.select(&Team::id).where(...)) and
// exists(query) (query.hpp), correlated with outer(&Team::id).
//
// Checked at compile time, each one static_assert: a condition, order,
// group or selected item on a model the query has not joined (join before
// where), a model joined twice, a member compared with a value of another
// type, like/ilike/contains on a non-text member, sum/avg of a non-numeric
// member, in(query) of more than one column or of another type.
// Every value is a bound parameter; the SQL text depends only on the
// query's shape, so the connection's statement cache prepares it once.
//
// Example:
//   for (auto& [hero, team] : s.select<Hero, Team>().left_join<Team>()
//                                  .where(c(&Hero::age) > 30).order_by(&Hero::name).all()) {
//     std::cout << hero.name << ": " << (team ? team->name : "no team") << '\n';
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

// session.hpp includes this file at its end; included first, this brings
// session.hpp in (whose include of this file is then skipped) before the body.
#include "core/model/query_spec.hpp"
#include "core/model/session.hpp"

namespace retort {

namespace detail {

template <class T, bool Left>
struct Joined {
  using type = T;
  static constexpr bool left = Left;
};
template <class... Js>
struct JoinList {};
template <class... Is>
struct ItemList {};

template <class T, class Joins>
struct join_info;
template <class T, class... Js>
struct join_info<T, JoinList<Js...>> {
  static constexpr bool joined = one_of<T, typename Js::type...>;
  static constexpr bool left = ((std::is_same_v<T, typename Js::type> && Js::left) || ...);
};

// What a query selects: a whole model, a column, an aggregate.
template <class T>
struct ModelItem {
  using owner = T;
};
template <class T, class M>
struct ColumnItem {
  using owner = T;
  M T::*member;
};

template <class T>
struct wrap_optional {
  using type = std::optional<T>;
};
template <class T>
struct wrap_optional<std::optional<T>> {
  using type = std::optional<T>;
};

// Reads a nullable value (an optional) or a plain one from column `col`.
template <class R>
Status read_result(const PreparedStatement& st, int col, R& out) {
  if constexpr (is_optional<R>::value) {
    if (st.is_null(col)) {
      out.reset();
      return {};
    }
    typename R::value_type v{};
    Status s = read_value(st, col, v);
    if (s) out = std::move(v);
    return s;
  } else {
    if (st.is_null(col)) return Error::database("NULL read into a non-optional member");
    return read_value(st, col, out);
  }
}

template <class Item, class Joins>
struct item_traits;

template <class T, class Joins>
struct item_traits<ModelItem<T>, Joins> {
  static constexpr bool left = join_info<T, Joins>::left;
  using result = std::conditional_t<left, std::optional<T>, T>;
  using value_type = void;
  static constexpr bool one_column = false;
  static QueryItem spec(const ModelItem<T>&) {
    return QueryItem{QueryItem::Kind::kModel, &model_of<T>(), 0};
  }
  static Status read(const QuerySpec& q, const PreparedStatement& st, int& col, result& out) {
    const ModelData& m = model_of<T>();
    const int first = col;
    col += static_cast<int>(m.columns.size());
    if constexpr (left) {
      const std::optional<std::size_t> present = q.presence_column(m);
      if (present && st.is_null(first + static_cast<int>(*present))) {
        out.reset();
        return {};
      }
      return read_model(m, &out.emplace(), st, first);
    } else {
      return read_model(m, &out, st, first);
    }
  }
};

template <class T, class M, class Joins>
struct item_traits<ColumnItem<T, M>, Joins> {
  using value_type = typename field_traits<M>::value_type;
  static constexpr bool left = join_info<T, Joins>::left;
  using result = std::conditional_t<left, typename wrap_optional<M>::type, M>;
  static constexpr bool one_column = true;
  static QueryItem spec(const ColumnItem<T, M>& item) {
    return QueryItem{QueryItem::Kind::kColumn, &model_of<T>(),
                     ColumnRef<T, M>(item.member).index()};
  }
  static Status read(const QuerySpec& q, const PreparedStatement& st, int& col, result& out) {
    (void)q;
    Status s = read_result(st, col++, out);
    if (!s) {
      Error e = std::move(s).error();
      e.on(model_of<T>().table.qualified_name());
      return e;
    }
    return s;
  }
};

}  // namespace detail

// COUNT(*): retort::count().
struct CountAll {
  using owner = void;
};
// An aggregate of one member: retort::count/sum/avg/min/max(&T::m).
template <detail::QueryItem::Kind K, class T, class M>
struct Aggregate {
  using owner = T;
  M T::*member;
};

inline CountAll count() { return {}; }
template <class T, class M>
Aggregate<detail::QueryItem::Kind::kCount, T, M> count(M T::*member) {
  return {member};
}
template <class T, class M>
Aggregate<detail::QueryItem::Kind::kSum, T, M> sum(M T::*member) {
  static_assert(std::is_arithmetic_v<typename field_traits<M>::value_type>,
                "retort: sum() is for numeric members");
  return {member};
}
template <class T, class M>
Aggregate<detail::QueryItem::Kind::kAvg, T, M> avg(M T::*member) {
  static_assert(std::is_arithmetic_v<typename field_traits<M>::value_type>,
                "retort: avg() is for numeric members");
  return {member};
}
template <class T, class M>
Aggregate<detail::QueryItem::Kind::kMin, T, M> min(M T::*member) {
  return {member};
}
template <class T, class M>
Aggregate<detail::QueryItem::Kind::kMax, T, M> max(M T::*member) {
  return {member};
}

namespace detail {

template <class Joins>
struct item_traits<CountAll, Joins> {
  using result = std::int64_t;
  using value_type = std::int64_t;
  static constexpr bool one_column = true;
  static QueryItem spec(const CountAll&) {
    return QueryItem{QueryItem::Kind::kCountAll, nullptr, 0};
  }
  static Status read(const QuerySpec&, const PreparedStatement& st, int& col, result& out) {
    out = st.get_int(col++);
    return {};
  }
};

template <QueryItem::Kind K, class T, class M, class Joins>
struct item_traits<Aggregate<K, T, M>, Joins> {
  using V = typename field_traits<M>::value_type;
  using result = std::conditional_t<
      K == QueryItem::Kind::kCount, std::int64_t,
      std::conditional_t<K == QueryItem::Kind::kAvg, std::optional<double>,
                         std::conditional_t<K == QueryItem::Kind::kSum,
                                            std::optional<std::conditional_t<std::is_integral_v<V>,
                                                                             std::int64_t, double>>,
                                            std::optional<V>>>>;
  using value_type = typename unwrap_optional<result>::type;
  static constexpr bool one_column = true;
  static QueryItem spec(const Aggregate<K, T, M>& item) {
    return QueryItem{K, &model_of<T>(), ColumnRef<T, M>(item.member).index()};
  }
  static Status read(const QuerySpec&, const PreparedStatement& st, int& col, result& out) {
    if constexpr (K == QueryItem::Kind::kCount) {
      out = st.get_int(col++);
      return {};
    } else {
      return read_result(st, col++, out);
    }
  }
};

// A member pointer passed to select(...) is a column item.
template <class I>
struct as_item {
  using type = I;
  static const I& make(const I& i) { return i; }
};
template <class T, class M>
struct as_item<M T::*> {
  using type = ColumnItem<T, M>;
  static type make(M T::*m) { return type{m}; }
};
template <class I>
using as_item_t = typename as_item<I>::type;

template <class... Is>
struct first_owner {
  using type = void;
};
template <class I, class... Is>
struct first_owner<I, Is...> {
  using type = std::conditional_t<std::is_void_v<typename I::owner>,
                                  typename first_owner<Is...>::type, typename I::owner>;
};

}  // namespace detail

template <class... Is, class... Js>
class Query<detail::ItemList<Is...>, detail::JoinList<Js...>> {
  using Joins = detail::JoinList<Js...>;

 public:
  // What all() gives per row: the item's type, or a tuple of them.
  using row_type = std::conditional_t<
      sizeof...(Is) == 1,
      typename detail::item_traits<std::tuple_element_t<0, std::tuple<Is...>>, Joins>::result,
      std::tuple<typename detail::item_traits<Is, Joins>::result...>>;
  // For in(query): 1 when the query selects one column, and its value type.
  static constexpr std::size_t columns =
      sizeof...(Is) == 1 &&
              detail::item_traits<std::tuple_element_t<0, std::tuple<Is...>>, Joins>::one_column
          ? 1
          : 0;
  using first_value_type =
      typename detail::item_traits<std::tuple_element_t<0, std::tuple<Is...>>, Joins>::value_type;

  Query(Session& session, detail::QuerySpec spec) : session_(&session), spec_(std::move(spec)) {}

  // Joins U along the foreign key between it and a model of the query.
  template <class U>
  auto join() const {
    return joined<U, false>(std::nullopt, "join");
  }
  // ... along the foreign key column `member` (of U or of a model the query has).
  template <class U, class C, class M>
  auto join(M C::*member) const {
    return joined<U, false, C>(member_column(member), "join");
  }
  // LEFT JOIN: U's items read as std::optional (empty where no U row joined).
  template <class U>
  auto left_join() const {
    return joined<U, true>(std::nullopt, "left_join");
  }
  template <class U, class C, class M>
  auto left_join(M C::*member) const {
    return joined<U, true, C>(member_column(member), "left_join");
  }

  // Several where() calls are joined with AND.
  template <class... Ms>
  Query& where(const Condition<Ms...>& condition) {
    static_assert((detail::join_info<Ms, Joins>::joined && ...),
                  "retort: where(): the condition names a model this query has not joined; "
                  "call .join<Model>() before .where()");
    spec_.add_where(condition.node());
    return *this;
  }
  template <class C, class M>
  Query& group_by(M C::*member) {
    static_assert(detail::join_info<C, Joins>::joined,
                  "retort: group_by(): the member's model is not joined in this query");
    spec_.group_by.push_back(member_column(member));
    return *this;
  }
  template <class C, class M>
  Query& order_by(M C::*member) {
    static_assert(detail::join_info<C, Joins>::joined,
                  "retort: order_by(): the member's model is not joined in this query");
    spec_.order.push_back(member_column(member));
    return *this;
  }
  template <class C, class M>
  Query& order_by_desc(M C::*member) {
    static_assert(detail::join_info<C, Joins>::joined,
                  "retort: order_by_desc(): the member's model is not joined in this query");
    detail::QueryColumn column = member_column(member);
    column.descending = true;
    spec_.order.push_back(column);
    return *this;
  }
  Query& limit(std::int64_t n) { return spec_.set_limit(n), *this; }
  Query& offset(std::int64_t n) { return spec_.set_offset(n), *this; }

  std::vector<row_type> all() const {
    check();
    std::vector<row_type> out;
    run(spec_, out);
    return out;
  }
  // The first row, if any (LIMIT 1).
  std::optional<row_type> first() const {
    check();
    detail::QuerySpec spec = spec_;
    if (!spec.limited || std::get<std::int64_t>(spec.limits[0]) > 1) spec.set_limit(1);
    std::vector<row_type> out;
    run(spec, out);
    if (out.empty()) return std::nullopt;
    return std::move(out.front());
  }
  // Exactly one row; none or several throw DatabaseError.
  row_type one() const {
    check();
    detail::QuerySpec spec = spec_;
    if (!spec.limited || std::get<std::int64_t>(spec.limits[0]) > 2) spec.set_limit(2);
    std::vector<row_type> out;
    run(spec, out);
    if (out.size() != 1) session_->throw_not_one_of(spec_, out.size());
    return std::move(out.front());
  }

  // The query as a subquery, for in(query) and exists(query).
  std::shared_ptr<const detail::QuerySpec> spec() const {
    check();
    return std::make_shared<const detail::QuerySpec>(spec_);
  }

 private:
  template <class, class>
  friend class Query;

  static void check() {
    static_assert(((std::is_void_v<typename Is::owner> ||
                    detail::join_info<typename Is::owner, Joins>::joined) &&
                   ...),
                  "retort: the query selects a model (or a column of one) that it has not "
                  "joined; add .join<Model>()");
  }

  template <class C, class M>
  static detail::QueryColumn member_column(M C::*member) {
    return detail::QueryColumn{&model_of<C>(), ColumnRef<C, M>(member).index(), false};
  }

  template <class U, bool Left, class C = U>
  auto joined(std::optional<detail::QueryColumn> member, std::string_view action) const {
    static_assert(!detail::join_info<U, Joins>::joined,
                  "retort: join<U>(): U is in this query already (a model is joined once)");
    static_assert(std::is_same_v<C, U> || detail::join_info<C, Joins>::joined,
                  "retort: join<U>(&C::member): the member belongs neither to U nor to a model "
                  "of this query");
    detail::QuerySpec spec = spec_;
    spec.add_join(detail::model_ptr<U>(), Left, member, action);
    return Query<detail::ItemList<Is...>, detail::JoinList<Js..., detail::Joined<U, Left>>>(
        *session_, std::move(spec));
  }

  static Status read_row(const detail::QuerySpec& spec, const PreparedStatement& st,
                         row_type& row) {
    int col = 0;
    if constexpr (sizeof...(Is) == 1) {
      return detail::item_traits<Is..., Joins>::read(spec, st, col, row);
    } else {
      return read_tuple(spec, st, col, row, std::index_sequence_for<Is...>{});
    }
  }
  template <std::size_t... K>
  static Status read_tuple(const detail::QuerySpec& spec, const PreparedStatement& st, int& col,
                           row_type& row, std::index_sequence<K...>) {
    Status status;
    // Stops at the first failure (&& short-circuits).
    (void)((status = detail::item_traits<std::tuple_element_t<K, std::tuple<Is...>>, Joins>::read(
                spec, st, col, std::get<K>(row)),
            status.ok()) &&
           ...);
    return status;
  }

  void run(const detail::QuerySpec& spec, std::vector<row_type>& out) const {
    struct Sink {
      const detail::QuerySpec* spec;
      std::vector<row_type>* out;
    } sink{&spec, &out};
    session_->run_query(
        spec,
        [](void* context, const PreparedStatement& st) -> Status {
          auto& s = *static_cast<Sink*>(context);
          return read_row(*s.spec, st, s.out->emplace_back());
        },
        &sink,
        [](void* context, std::size_t n) {
          std::vector<row_type>& rows = *static_cast<Sink*>(context)->out;
          rows.reserve(rows.size() + n);
        });
  }

  Session* session_;
  detail::QuerySpec spec_;
};

// EXISTS (query): true when the query gives a row; correlate it with the
// enclosing query through outer(&T::member).
template <detail::SubQuery Q>
Condition<> exists(const Q& query) {
  return Condition<>(
      detail::make_query_condition(detail::ConditionNode::Kind::kExists, nullptr, 0, query.spec()));
}

// ---- Session's and Select's entry points into Query ----------------------

template <class T, class U, class... Ts>
auto Session::select() {
  using Joins = detail::JoinList<detail::Joined<T, false>>;
  detail::QuerySpec spec;
  spec.tables.push_back(
      detail::QueryTable{detail::model_ptr<T>(), detail::QueryTable::Join::kFrom});
  spec.items = {detail::item_traits<detail::ModelItem<T>, Joins>::spec({}),
                detail::item_traits<detail::ModelItem<U>, Joins>::spec({}),
                detail::item_traits<detail::ModelItem<Ts>, Joins>::spec({})...};
  return Query<
      detail::ItemList<detail::ModelItem<T>, detail::ModelItem<U>, detail::ModelItem<Ts>...>,
      Joins>(*this, std::move(spec));
}

template <class I, class... Is>
auto Session::select(I first, Is... rest) {
  using From = typename detail::first_owner<detail::as_item_t<I>, detail::as_item_t<Is>...>::type;
  static_assert(!std::is_void_v<From>,
                "retort: select(...): name at least one member, e.g. select(&Hero::name, count())");
  using Items = detail::ItemList<detail::as_item_t<I>, detail::as_item_t<Is>...>;
  using Joins = detail::JoinList<detail::Joined<From, false>>;
  detail::QuerySpec spec;
  spec.tables.push_back(
      detail::QueryTable{detail::model_ptr<From>(), detail::QueryTable::Join::kFrom});
  spec.items = {
      detail::item_traits<detail::as_item_t<I>, Joins>::spec(detail::as_item<I>::make(first)),
      detail::item_traits<detail::as_item_t<Is>, Joins>::spec(detail::as_item<Is>::make(rest))...};
  return Query<Items, Joins>(*this, std::move(spec));
}

template <class T>
template <class U>
auto Select<T>::join() const {
  return as_query().template join<U>();
}
template <class T>
template <class U, class C, class M>
auto Select<T>::join(M C::*member) const {
  return as_query().template join<U>(member);
}
template <class T>
template <class U>
auto Select<T>::left_join() const {
  return as_query().template left_join<U>();
}
template <class T>
template <class U, class C, class M>
auto Select<T>::left_join(M C::*member) const {
  return as_query().template left_join<U>(member);
}
template <class T>
auto Select<T>::as_query() const {
  return Query<detail::ItemList<detail::ModelItem<T>>, detail::JoinList<detail::Joined<T, false>>>(
      *session_, *spec());
}

}  // namespace retort
