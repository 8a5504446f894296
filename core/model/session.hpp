// retort: Session, validated and typed CRUD on a database connection.
//
// A Session owns one Connection (retort::connect(url)) and reads and writes
// model objects through prepared statements the connection caches by SQL
// text. Values are always bound parameters; identifiers are quoted by the
// Dialect. Failures throw (errors.hpp): ValidationError before anything is
// written, DatabaseError when the database refuses (violation() and
// constraint() say which integrity rule broke).
//
// Writes outside an explicit transaction are each their own transaction
// (add_all and patch wrap their statements in one). begin() opens an
// explicit one that rolls back unless commit() is called.
//
// Ownership and threads: a Session owns its Connection and the statements
// cached on it; use it from one thread at a time (one Session per thread or
// request; a SessionPool, session_pool.hpp, hands them out). Objects passed
// in are the caller's; the Session keeps no pointer to them after a call
// returns.
// REQUIRES: calls on one Session (and its Transactions) do not overlap.
//
// Statement log (SQLModel's echo=True): set_statement_hook(hook) calls hook
// with each statement the session sends, on the calling thread, before it
// is sent (statement_log.hpp; the SQL and the parameter count, never the
// values).
//
//   add(obj)          validates; fills empty optionals that have a
//                     default_factory; sets a version_column to 1;
//                     INSERTs the columns to send (an empty optional with
//                     a server default, or an empty autoincrement primary
//                     key, is left to the database) and reads those
//                     columns back into obj (RETURNING)
//   add_all(objs)     validates every object first (errors name the row:
//                     "[3].name"), then inserts them in one transaction
//   get<T>(pk)        the row with that (single-column) primary key
//   select<T>()       .where(c(&T::m) >= 1).order_by(&T::m).limit(n)
//                     .offset(n) then .all(), .first(), .one(), .count()
//   select<T, U>().join<U>(), select(&T::a, &U::b), select(count())
//                     queries over joined models, of columns, aggregates
//                     (query_join.hpp)
//   update(obj)       validates; writes every non-key column by primary
//                     key; no such row is a DatabaseError
//   update(obj, {&T::a, &T::b})
//                     validates and writes only those columns
//   patch<T>(pk, json) reads, applies a JSON PATCH, validates, writes the
//                     fields given and returns the stored row, in one
//                     transaction; std::nullopt when no row has pk
//   upsert(obj)       INSERT ... ON CONFLICT (primary key) DO UPDATE, then
//                     the row is read back into obj
//   remove(obj)       deletes by primary key; no such row is a DatabaseError
//
// Relationships: the pair is declared for the compiler once,
// `template <> struct retort::relationship<Hero, Team> : retort::by<&Hero::team_id> {};`
// (relationship.hpp), and the key is the column's .foreign_key(...). A pair
// with no relationship is a compile error; a member it lists that is not a
// foreign key to the parent is a DeclarationError at the call. When it
// lists several members, the call names the one to follow.
//   related<C>(p)     the C rows whose key points at p, by C's primary key
//   related<C>(ps)    for a vector of parents: one SELECT ... IN (...) (in
//                     chunks under the dialect's parameter limit), rows
//                     grouped per parent in the parents' order
//   parent<P>(c)      the P row c points at; std::nullopt for a NULL key
//   related<C>(p, links), link(a, b, links), unlink(a, b, links)
//                     many-to-many through a link model with a
//                     relationship to each of the two models
// A parent whose referenced column is empty (never added) is a
// DatabaseError (kBadInput).
//
// Optimistic concurrency: on a model with a version_column, update, patch
// and upsert write only while the row is at the object's version (update
// and upsert: the member's value; patch: the version field of the JSON, or
// the version read) and add 1 to it; otherwise they throw StaleWriteError
// and write nothing. Without one the last write wins, so write only the
// columns changed (update(obj, {...}), patch) where writers overlap.
//
// Example:
//   retort::Session s{retort::connect("sqlite:///heroes.db")};
//   Hero h{.name = "Deadpond", .secret_name = "Dive Wilson"};
//   s.add(h);  // h.id is set
//   {
//     auto tx = s.begin();
//     h.age = 30;
//     s.update(h);
//     tx.commit();
//   }
//   auto young = s.select<Hero>().where(retort::c(&Hero::age) < 30).order_by(&Hero::name).all();
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/connection.hpp"
#include "core/dialect.hpp"
#include "core/model/errors.hpp"
#include "core/model/json.hpp"
#include "core/model/model.hpp"
#include "core/model/query.hpp"
#include "core/model/query_spec.hpp"
#include "core/model/relationship.hpp"
#include "core/model/statement_log.hpp"

namespace retort {

template <class T>
class Select;
template <class Items, class Joins>
class Query;  // query_join.hpp

namespace detail {

// The model of T with its shared ownership; throws DeclarationError when
// there is none.
template <class T>
const std::shared_ptr<const ModelData>& model_ptr() {
  (void)model_of<T>();
  return model_slot<T>();
}

// A select's shape and values, non-template.
struct SelectSpec {
  std::shared_ptr<const ModelData> model;
  ConditionPtr where;
  std::vector<std::pair<std::size_t, bool>> order;  // column index, descending
  std::optional<std::int64_t> limit;
  std::optional<std::int64_t> offset;
};

// Where the rows of a select go: `next(context)` returns a fresh object to
// read the next row into; `reserve(context, n)`, when given, makes room for
// n more at once.
using NextObject = void* (*)(void* context);
using ReserveObjects = void (*)(void* context, std::size_t n);
// Reads the statement's current row of a Query into `context`.
using ReadRow = Status (*)(void* context, const PreparedStatement& st);

template <class K>
FieldValue key_value(const K& key) {
  if constexpr (std::is_convertible_v<const K&, std::string_view> &&
                !std::is_same_v<K, std::string>) {
    return std::string(std::string_view(key));
  } else {
    return to_field_value<K>(key);
  }
}

struct ModelPlan;         // SQL prepared per model, internal/session_plan.hpp
class SessionConnection;  // the hook around the connection, internal/session_connection.hpp

}  // namespace detail

// One of T's columns, named by its member: what update(obj, {...}) takes.
// Throws DeclarationError when the member is not a column.
template <class T>
class ColumnOf {
 public:
  template <class M>
  ColumnOf(M T::*member)  // NOLINT(google-explicit-constructor): {&Hero::age, ...}
      : index_(detail::column_index(model_of<T>(), typeid(M T::*), &member)) {}
  std::size_t index() const { return index_; }

 private:
  std::size_t index_;
};

class Session {
 public:
  // Takes the connection and runs the dialect's session setup (SQLite:
  // foreign keys enforced; PostgreSQL: TimeZone UTC). Throws DatabaseError.
  explicit Session(std::unique_ptr<Connection> connection);
  // retort::Session s{retort::connect(url)}: a failed connect throws
  // DatabaseError with its Error.
  explicit Session(Result<std::unique_ptr<Connection>> connection);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // The connection, as the session uses it: statements run on it directly
  // reach the statement hook too.
  Connection& connection() { return *connection_; }
  const Dialect& dialect() const { return connection_->dialect(); }

  // Calls `hook` with every statement this session sends from now on (see
  // statement_log.hpp); an empty hook turns the log off.
  void set_statement_hook(StatementHook hook);
  // True once a statement failed because the connection was lost (the
  // server closed it, the network broke): the session cannot be used
  // again. A SessionPool replaces such a session when it is returned.
  bool connection_lost() const;

  // An explicit transaction; rolls back on destruction unless committed.
  class Transaction {
   public:
    Transaction(Transaction&& other) noexcept : session_(other.session_) {
      other.session_ = nullptr;
    }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();
    // Throws DatabaseError; a failed commit is rolled back on destruction.
    void commit();
    void rollback();
    bool active() const { return session_ != nullptr; }

   private:
    friend class Session;
    explicit Transaction(Session* session) : session_(session) {}
    Session* session_;
  };
  // Throws DatabaseError, also when a transaction is already open.
  [[nodiscard]] Transaction begin();

  template <class T>
  void add(T& object) {
    insert_objects(detail::model_ptr<T>(), &object, sizeof(T), 1, false);
  }
  template <class T>
  void add_all(std::span<T> objects) {
    insert_objects(detail::model_ptr<T>(), objects.data(), sizeof(T), objects.size(), true);
  }
  template <class T>
  void add_all(std::vector<T>& objects) {
    add_all(std::span<T>(objects));
  }

  // The row whose primary key is `key` (T's primary key must be one column).
  template <class T, class K>
  std::optional<T> get(const K& key) {
    std::optional<T> out;
    get_object(*detail::model_ptr<T>(), detail::key_value(key), &emplace_optional<T>, &out);
    return out;
  }

  template <class T>
  Select<T> select() {
    return Select<T>(*this);
  }
  // Several models, one std::tuple<T, U, ...> per row; U... must be
  // joined: s.select<Hero, Team>().join<Team>() (query_join.hpp).
  template <class T, class U, class... Ts>
  auto select();
  // Columns and aggregates: s.select(&Hero::name, &Team::name),
  // s.select(&Team::name, retort::count()) (query_join.hpp).
  template <class I, class... Is>
  auto select(I first, Is... rest);

  // Writes every column but the key; with a version_column, only while
  // the row is at the object's version (then the object's version is the
  // new one). Throws ValidationError, StaleWriteError, DatabaseError.
  template <class T>
  void update(T& object) {
    update_object(detail::model_ptr<T>(), &object, nullptr);
  }
  // Writes only `columns` (validated by their own rules), e.g.
  // s.update(hero, {&Hero::age, &Hero::name}); naming the key or the
  // version column, none, or one twice is a DatabaseError (kBadInput).
  template <class T>
  void update(T& object, std::initializer_list<std::type_identity_t<ColumnOf<T>>> columns) {
    std::vector<std::size_t> indexes;
    indexes.reserve(columns.size());
    for (const ColumnOf<T>& c : columns) indexes.push_back(c.index());
    update_object(detail::model_ptr<T>(), &object, &indexes);
  }

  // A PATCH: reads the row with primary key `key`, applies the fields of
  // the JSON object `changes` (as apply_json: null empties an optional),
  // validates, writes only those columns and returns the row as stored,
  // all in one transaction (the open one, if any). Empty when no row has
  // that key. Throws ValidationError (also when `changes` names the
  // primary key, which identifies the row and cannot be patched),
  // StaleWriteError (a version_column field in `changes` is the version
  // the client read; without one, the version read here), DatabaseError.
  template <class T, class K, class J>
  requires std::is_same_v<J, nlohmann::json> std::optional<T> patch(const K& key,
                                                                    const J& changes) {
    std::optional<T> out;
    if (!patch_object(detail::model_ptr<T>(), detail::key_value(key), changes, &emplace_optional<T>,
                      &out)) {
      out.reset();
    }
    return out;
  }
  template <class T, class K>
  std::optional<T> patch(const K& key, std::string_view changes) {
    return patch<T>(key, detail::parse_json(ModelRef(detail::model_ptr<T>()), changes));
  }

  // INSERT, or UPDATE of the row with the same primary key (INSERT ... ON
  // CONFLICT (key) DO UPDATE), then reads the row back into `object`. An
  // object with an empty key is inserted as add() does. With a
  // version_column, a new row starts at 1 and an existing one is
  // overwritten only while at the object's version (StaleWriteError).
  template <class T>
  void upsert(T& object) {
    upsert_object(detail::model_ptr<T>(), &object);
  }
  template <class T>
  void remove(const T& object) {
    remove_object(*detail::model_ptr<T>(), &object);
  }

  // Relationships follow the relationships declared for the compiler
  // (relationship.hpp) along the foreign keys declared on the columns; see
  // "relationships" above. `member` names the child's foreign key member
  // when the relationship lists several. A pair with no relationship, or a
  // member of another model, is a compile error; a listed member that is
  // not a foreign key to the parent is a DeclarationError.
  //
  // The C rows whose foreign key points at `parent`, by primary key.
  template <class C, class P>
  std::vector<C> related(const P& parent) {
    check_unnamed_member<C, P>();
    return related_rows<C, P>(&parent, 1, declared_member<C, P>()).front();
  }
  template <class C, class P, class M, class O>
  std::vector<C> related(const P& parent, M O::*member) {
    check_named_member<C, P, O>();
    return related_rows<C, P>(&parent, 1, member_index(member)).front();
  }
  // For many parents at once, in one query (IN): result[i] holds the rows
  // of parents[i].
  template <class C, class P>
  std::vector<std::vector<C>> related(const std::vector<P>& parents) {
    check_unnamed_member<C, P>();
    return related_rows<C, P>(parents.data(), parents.size(), declared_member<C, P>());
  }
  template <class C, class P, class M, class O>
  std::vector<std::vector<C>> related(const std::vector<P>& parents, M O::*member) {
    check_named_member<C, P, O>();
    return related_rows<C, P>(parents.data(), parents.size(), member_index(member));
  }
  // Many-to-many through the link model `links` (SQLModel's link_model),
  // with relationships to both P and C: the C rows linked to `parent`, by
  // C's primary key.
  template <class C, class P, class L>
  std::vector<C> related(const P& parent, const Model<L>& links) {
    check_link<L, P, C>();
    std::vector<C> out;
    linked_objects(detail::model_ptr<C>(), *detail::model_ptr<P>(), links.data(), &parent,
                   {declared_member<L, P>(), declared_member<L, C>()}, &emplace_back<C>, &out);
    return out;
  }
  // Inserts the link row between `a` and `b` (its two foreign key columns;
  // other columns take their server defaults). A link that exists already
  // is a DatabaseError (kUnique) when the link model's key covers both.
  template <class A, class B, class L>
  void link(const A& a, const B& b, const Model<L>& links) {
    check_link<L, A, B>();
    link_objects(*detail::model_ptr<A>(), &a, *detail::model_ptr<B>(), &b, links.data(),
                 {declared_member<L, A>(), declared_member<L, B>()}, true);
  }
  // Deletes the link rows between `a` and `b`; false when there was none.
  template <class A, class B, class L>
  bool unlink(const A& a, const B& b, const Model<L>& links) {
    check_link<L, A, B>();
    return link_objects(*detail::model_ptr<A>(), &a, *detail::model_ptr<B>(), &b, links.data(),
                        {declared_member<L, A>(), declared_member<L, B>()}, false);
  }
  // The P row `child`'s foreign key points at; empty when the key is NULL
  // (or no such row exists).
  template <class P, class C>
  std::optional<P> parent(const C& child) {
    check_unnamed_member<C, P>();
    std::optional<P> out;
    parent_object(*detail::model_ptr<C>(), detail::model_ptr<P>(), &child, declared_member<C, P>(),
                  &emplace_optional<P>, &out);
    return out;
  }
  template <class P, class C, class M, class O>
  std::optional<P> parent(const C& child, M O::*member) {
    check_named_member<C, P, O>();
    std::optional<P> out;
    parent_object(*detail::model_ptr<C>(), detail::model_ptr<P>(), &child, member_index(member),
                  &emplace_optional<P>, &out);
    return out;
  }

 private:
  template <class>
  friend class Select;
  template <class, class>
  friend class Query;

  // The checks below report one error per mistake: each looks further
  // only when the one before it passed.
  //
  // A call naming the member &O::m: O must be the child C, and the pair
  // must have a relationship.
  template <class C, class P, class O>
  static constexpr void check_named_member() {
    if constexpr (!std::is_same_v<O, C>) {
      static_assert(std::is_same_v<O, C>,
                    "retort: related()/parent(): the member names the child model's foreign key "
                    "(&Child::parent_id); this one is a member of another model");
    } else {
      check_relationship<C, P>();
    }
  }
  template <class C, class P>
  static constexpr void check_relationship() {
    static_assert(detail::relationship_declared<C, P>(),
                  "retort: related()/parent(): no relationship joins these models; declare "
                  "`template <> struct retort::relationship<Child, Parent> : "
                  "retort::by<&Child::parent_id> {};` (core/model/relationship.hpp)");
  }
  // A call naming no member: a relationship by one member.
  template <class C, class P>
  static constexpr void check_unnamed_member() {
    if constexpr (!detail::relationship_declared<C, P>()) {
      check_relationship<C, P>();
    } else {
      static_assert(detail::relationship_members<C, P>() == 1,
                    "retort: related()/parent(): the relationship lists several foreign key "
                    "members; name the one to follow, as related<Child>(parent, &Child::member)");
    }
  }
  // The link model L holds one foreign key member to each of A and B.
  template <class L, class A, class B>
  static constexpr void check_link() {
    if constexpr (std::is_same_v<A, B>) {
      static_assert(!std::is_same_v<A, B>,
                    "retort: related()/link()/unlink(): a link between a model and itself is "
                    "ambiguous here (which key is which side?); query the link model as a model");
    } else if constexpr (!detail::relationship_declared<L, A>() ||
                         !detail::relationship_declared<L, B>()) {
      static_assert(detail::relationship_declared<L, A>() && detail::relationship_declared<L, B>(),
                    "retort: related()/link()/unlink(): the link model needs a relationship to "
                    "each model; declare `template <> struct retort::relationship<Link, Model> : "
                    "retort::by<&Link::model_id> {};` for both");
    } else {
      static_assert(
          detail::relationship_members<L, A>() == 1 && detail::relationship_members<L, B>() == 1,
          "retort: related()/link()/unlink(): a link model's relationship to each model "
          "is by one member");
    }
  }
  // The member a declared relationship follows by default (its first).
  template <class C, class P>
  static std::size_t declared_member() {
    if constexpr (detail::relationship_declared<C, P>()) {
      return member_index(relationship<C, P>::first);
    } else {
      return 0;  // never runs: the static_assert above stops the build
    }
  }
  template <class C, class M>
  static std::size_t member_index(M C::*member) {
    return detail::column_index(model_of<C>(), typeid(M C::*), &member);
  }
  template <class C, class P>
  std::vector<std::vector<C>> related_rows(const P* parents, std::size_t count,
                                           std::size_t member) {
    std::vector<C> rows;
    const std::vector<std::vector<std::size_t>> owners =
        related_objects(detail::model_ptr<C>(), *detail::model_ptr<P>(), parents, sizeof(P), count,
                        member, &emplace_back<C>, &rows, &reserve_back<C>);
    std::vector<std::vector<C>> out(count);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t k = 0; k < owners[r].size(); ++k) {
        if (k + 1 == owners[r].size()) {
          out[owners[r][k]].push_back(std::move(rows[r]));
        } else {
          out[owners[r][k]].push_back(rows[r]);
        }
      }
    }
    return out;
  }

  template <class T>
  static void* emplace_optional(void* context) {
    return &static_cast<std::optional<T>*>(context)->emplace();
  }
  template <class T>
  static void* emplace_back(void* context) {
    return &static_cast<std::vector<T>*>(context)->emplace_back();
  }
  template <class T>
  static void reserve_back(void* context, std::size_t n) {
    auto& v = *static_cast<std::vector<T>*>(context);
    v.reserve(v.size() + n);
  }

  void insert_objects(const std::shared_ptr<const ModelData>& model, void* first,
                      std::size_t stride, std::size_t count, bool many);
  void get_object(const ModelData& model, const FieldValue& key, detail::NextObject next,
                  void* context);
  // `columns`: the column indexes to write; nullptr for every writable one.
  void update_object(const std::shared_ptr<const ModelData>& model, void* object,
                     const std::vector<std::size_t>* columns);
  // False when no row has `key` (`next` was then not called, or the row
  // went away before the write).
  bool patch_object(const std::shared_ptr<const ModelData>& model, const FieldValue& key,
                    const nlohmann::json& changes, detail::NextObject next, void* context);
  void upsert_object(const std::shared_ptr<const ModelData>& model, void* object);
  // Reads the child rows of `count` parents (`stride` bytes apart) into
  // objects `next` gives; returns, per row read, the indexes of its parents.
  std::vector<std::vector<std::size_t>> related_objects(
      const std::shared_ptr<const ModelData>& child, const ModelData& parent, const void* parents,
      std::size_t stride, std::size_t count, std::size_t member, detail::NextObject next,
      void* context, detail::ReserveObjects reserve);
  // `members`: the link model's member referencing the parent (a) and the
  // one referencing the child (b).
  void linked_objects(const std::shared_ptr<const ModelData>& child, const ModelData& parent,
                      const ModelData& links, const void* object,
                      std::array<std::size_t, 2> members, detail::NextObject next, void* context);
  // Inserts (`insert`) or deletes the link rows between a and b; returns
  // whether a row was written.
  bool link_objects(const ModelData& a_model, const void* a, const ModelData& b_model,
                    const void* b, const ModelData& links, std::array<std::size_t, 2> members,
                    bool insert);
  void parent_object(const ModelData& child, const std::shared_ptr<const ModelData>& parent,
                     const void* object, std::size_t member, detail::NextObject next,
                     void* context);
  void remove_object(const ModelData& model, const void* object);
  // Reads the rows into objects `next` gives; returns how many.
  std::size_t select_objects(const detail::SelectSpec& spec, detail::NextObject next, void* context,
                             detail::ReserveObjects reserve = nullptr);
  std::int64_t count_rows(const detail::SelectSpec& spec);
  [[noreturn]] void throw_not_one(const detail::SelectSpec& spec, std::size_t rows) const;
  // Runs a Query, handing each row to `read`; returns how many rows.
  // `reserve`, when given, is told at the first row how many follow, where
  // the driver knows (as select_objects does).
  std::size_t run_query(const detail::QuerySpec& spec, detail::ReadRow read, void* context,
                        detail::ReserveObjects reserve = nullptr);
  [[noreturn]] void throw_not_one_of(const detail::QuerySpec& spec, std::size_t rows) const;

  detail::ModelPlan& plan(const ModelData& model);
  PreparedStatement& prepare(const std::string& sql);
  [[noreturn]] void fail(Error error, const ModelData* model) const;

  std::unique_ptr<Connection> connection_;  // a detail::SessionConnection
  detail::SessionConnection* logged_;       // the same object, for the hook
  std::unordered_map<const ModelData*, std::unique_ptr<detail::ModelPlan>> plans_;
};

// A query on T's table, as Session::select<T>() starts it. Each method
// returns *this so calls chain; all/first/one/count run it.
template <class T>
class Select {
 public:
  explicit Select(Session& session) : session_(&session) { spec_.model = detail::model_ptr<T>(); }

  // For in(query): a select of whole rows is not one column.
  static constexpr std::size_t columns = 0;
  using first_value_type = void;

  // Several where() calls are joined with AND.
  template <class... Ms>
  Select& where(const Condition<Ms...>& condition) {
    static_assert((std::is_same_v<Ms, T> && ...),
                  "retort: where(): the condition names a model this query has not joined; "
                  "call .join<Model>() before .where()");
    spec_.where = spec_.where ? detail::make_logic(detail::ConditionNode::Kind::kAnd, spec_.where,
                                                   condition.node())
                              : condition.node();
    return *this;
  }
  // Joins U along the declared foreign key between T and U (or the one
  // `member` names); the rows stay T's. See query_join.hpp.
  template <class U>
  auto join() const;
  template <class U, class C, class M>
  auto join(M C::*member) const;
  template <class U>
  auto left_join() const;
  template <class U, class C, class M>
  auto left_join(M C::*member) const;
  template <class M>
  Select& order_by(M T::*member) {
    spec_.order.emplace_back(ColumnRef<T, M>(member).index(), false);
    return *this;
  }
  template <class M>
  Select& order_by_desc(M T::*member) {
    spec_.order.emplace_back(ColumnRef<T, M>(member).index(), true);
    return *this;
  }
  Select& limit(std::int64_t n) { return spec_.limit = n, *this; }
  Select& offset(std::int64_t n) { return spec_.offset = n, *this; }

  std::vector<T> all() const {
    std::vector<T> out;
    session_->select_objects(spec_, &Session::emplace_back<T>, &out, &Session::reserve_back<T>);
    return out;
  }
  // The first row, if any (LIMIT 1).
  std::optional<T> first() const {
    detail::SelectSpec spec = spec_;
    spec.limit = std::min<std::int64_t>(spec.limit.value_or(1), 1);
    std::optional<T> out;
    session_->select_objects(spec, &Session::emplace_optional<T>, &out);
    return out;
  }
  // Exactly one row; none or several throw DatabaseError.
  T one() const {
    detail::SelectSpec spec = spec_;
    spec.limit = std::min<std::int64_t>(spec.limit.value_or(2), 2);
    std::vector<T> out;
    const std::size_t n = session_->select_objects(spec, &Session::emplace_back<T>, &out);
    if (n != 1) session_->throw_not_one(spec_, n);
    return std::move(out.front());
  }
  // How many rows the query gives (limit and offset included).
  std::int64_t count() const { return session_->count_rows(spec_); }

  // The query as a QuerySpec: for exists(select) and for join().
  std::shared_ptr<const detail::QuerySpec> spec() const {
    auto out = std::make_shared<detail::QuerySpec>();
    out->tables.push_back(detail::QueryTable{spec_.model, detail::QueryTable::Join::kFrom});
    out->items.push_back(detail::QueryItem{detail::QueryItem::Kind::kModel, spec_.model.get(), 0});
    out->where = spec_.where;
    for (const auto& [column, descending] : spec_.order) {
      out->order.push_back(detail::QueryColumn{spec_.model.get(), column, descending});
    }
    if (spec_.limit) out->set_limit(*spec_.limit);
    if (spec_.offset) out->set_offset(*spec_.offset);
    return out;
  }

 private:
  auto as_query() const;

  Session* session_;
  detail::SelectSpec spec_;
};

}  // namespace retort

#include "core/model/query_join.hpp"
