// retort: declaring models: one C++ declaration per table.
//
// retort::table<T>("hero", retort::column("id", &Hero::id).primary_key(), ...)
// builds a Model<T>: the core schema Table the comparator uses (named by the
// default naming convention), plus, per column, a type-erased accessor and
// the rules validation, JSON and CRUD need. The typed front end only
// gathers options; build_model() (non-template) does the work, so compile
// cost grows linearly with the number of columns.
//
// A model's struct must be default-constructible; its members' types are
// those field.hpp lists (std::optional<X> makes the column nullable). An
// unsupported member type is a static_assert at the column() call. A wrong
// declaration (max_length on an integer, a foreign key to a member that is
// not a column or to a column neither unique nor of the same kind of type,
// a default_factory on a plain member, two tables for one struct, ...)
// throws DeclarationError naming the table and column where the table is
// built ("table.column" foreign keys: where the MetaData is built).
//
// retort::make<T>() builds a T as Pydantic constructs one: factories run and
// default values set.
//
// Example:
//   inline const auto teams = retort::table<Team>("team",
//       retort::column("id", &Team::id).primary_key(),
//       retort::column("name", &Team::name).unique().max_length(50));
//   inline const auto heroes = retort::table<Hero>("hero",
//       retort::column("id", &Hero::id).primary_key().skip_json_schema(),
//       retort::column("name", &Hero::name).index().min_length(1).max_length(100),
//       retort::column("age", &Hero::age).ge(0).le(200),
//       retort::column("team_id", &Hero::team_id).foreign_key(teams, &Team::id)
//           .on_delete("set null"),
//       retort::table_index({"name", "age"}));
//   inline const retort::MetaData metadata{teams, heroes};
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <variant>
#include <vector>

#include "core/model/errors.hpp"
#include "core/model/field.hpp"
#include "core/schema.hpp"

namespace retort {

// A numeric bound for ge/gt/le/lt: integers compare exactly.
using Bound = std::variant<std::int64_t, double>;

// A rule written as code: `check(object)` is true when the value is fine;
// `message` is reported otherwise ("must not be 'admin'").
struct Validator {
  std::function<bool(const void* object)> check;
  std::string message;
};

struct ModelData;

// Everything declared about one column. Copyable; the accessor is shared.
struct ColumnSpec {
  std::string name;
  std::shared_ptr<const FieldAccess> access;

  bool primary_key = false;
  std::optional<bool> autoincrement;  // default: single integer pk
  bool index = false;
  bool unique = false;
  std::optional<bool> nullable;                 // default: the member is std::optional
  std::optional<std::string> type;              // type override ("varchar(20)", "inet")
  bool native = false;                          // `type` is the database's own name
  std::optional<FieldValue> default_value;      // also the server default
  std::optional<std::string> default_sql;       // server default expression
  std::function<FieldValue()> default_factory;  // make<T>(), add() and from_json fill it
  std::string fk_schema, fk_table, fk_column;   // fk_table empty: no foreign key
  std::shared_ptr<const ModelData> fk_model;    // foreign_key(model, member): checked at build
  bool version = false;                         // version_column(): optimistic concurrency
  std::string on_delete, on_update;
  std::optional<std::size_t> min_length, max_length;  // characters (UTF-8 code points)
  std::optional<Bound> ge, gt, le, lt;
  std::string pattern;  // ECMAScript regex the whole text must match
  std::vector<Validator> validators;
  std::string comment;       // also the JSON Schema description
  std::string renamed_from;  // the column's name before a rename (Column::renamed_from)
  bool skip_json_schema = false;
  // Database properties, as Column has them (core/schema.hpp).
  std::string identity;  // "by default", "always"
  bool serial = false;
  SequenceOptions sequence;
  Generated generated;
  std::string collation;
};

// Table-level declarations, passed to table<T>() after the columns.
struct TableIndex {
  std::vector<std::string> columns;
  std::string name;  // empty: the naming convention's
  bool unique = false;
  std::string where;
};
struct TableUnique {
  std::vector<std::string> columns;
  std::string name;
};
struct TableCheck {
  std::string name;
  std::string sql;
};
struct TableComment {
  std::string text;
};
struct TableSchema {
  std::string name;
};
struct TableRenamedFrom {
  std::string name;
};
// The primary key in key order, when that is not the members' order (and
// its constraint name, when not the convention's).
struct TablePrimaryKey {
  std::vector<std::string> columns;
  std::string name;
  bool deferrable = false;
  bool initially_deferred = false;
};
struct TablePartitionOf {
  std::string schema;
  std::string parent;
  std::string bound;
};
struct TablePartitionBy {
  std::string key;
};
inline TableIndex table_index(std::vector<std::string> columns, std::string name = {}) {
  return TableIndex{std::move(columns), std::move(name), false, {}};
}
inline TableUnique table_unique(std::vector<std::string> columns, std::string name = {}) {
  return TableUnique{std::move(columns), std::move(name)};
}
inline TableCheck table_check(std::string name, std::string sql) {
  return TableCheck{std::move(name), std::move(sql)};
}
inline TableComment table_comment(std::string text) { return TableComment{std::move(text)}; }
inline TableSchema table_schema(std::string name) { return TableSchema{std::move(name)}; }
// The table's name before a rename: autogenerate writes rename_table while
// the database still has it (models.toml's table `renamed_from`).
inline TableRenamedFrom table_renamed_from(std::string name) {
  return TableRenamedFrom{std::move(name)};
}
inline TablePrimaryKey table_primary_key(std::vector<std::string> columns, std::string name = {}) {
  return TablePrimaryKey{std::move(columns), std::move(name), false, false};
}
// Any table-level object may also be given whole, as its schema value
// (core/schema.hpp), for what the short forms above do not say: an index
// with a method, operator classes or INCLUDE; a deferrable or NOT VALID
// constraint; an exclusion constraint; the table's properties. Names left
// empty follow the naming convention where it has one.
//   retort::table<Film>("film", ...columns...,
//       retort::Index{.name = "ix_film_title",
//                     .keys = {{.column = "title", .opclass = "varchar_pattern_ops"}}},
//       retort::TableProperties{.storage = {"fillfactor=70"}});
// PostgreSQL partitioning: the table is partitioned by `key`
// ("RANGE (payment_date)"), or is a partition of `parent` with `bound`.
inline TablePartitionBy table_partition_by(std::string key) {
  return TablePartitionBy{std::move(key)};
}
inline TablePartitionOf table_partition_of(std::string parent, std::string bound,
                                           std::string schema = {}) {
  return TablePartitionOf{std::move(schema), std::move(parent), std::move(bound)};
}

struct TableOptions {
  std::string schema;
  std::string comment;
  std::string renamed_from;
  std::vector<TableIndex> indexes;
  std::vector<TableUnique> uniques;
  std::vector<TableCheck> checks;
  std::optional<TablePrimaryKey> primary_key;
  // Given whole (table_index(Index{...}) and the like).
  std::vector<Index> full_indexes;
  std::vector<UniqueConstraint> full_uniques;
  std::vector<CheckConstraint> full_checks;
  std::vector<ForeignKey> foreign_keys;
  std::vector<ExclusionConstraint> exclusions;
  TableProperties properties;
  std::string partition_by;
  std::optional<TablePartitionOf> partition_of;
};

namespace detail {
struct CompiledRules;  // what build_model() prepares once (regexes); internal/model_rules.hpp
}  // namespace detail

// The runtime description of one model, built once per table<T>().
struct ModelData {
  const std::type_info* type = nullptr;                // typeid(T)
  Table table;                                         // finished, named, as models.toml would give
  std::vector<Enum> enums;                             // enum types its columns use
  std::vector<ColumnSpec> columns;                     // in table.columns order
  std::shared_ptr<const detail::CompiledRules> rules;  // set by build_model()

  const ColumnSpec* find(std::string_view column) const;
  // The column of member pointer `member_pointer` (whose type is `type`);
  // nullptr when it is not a column of this model.
  const ColumnSpec* column_for(const std::type_info& type, const void* member_pointer) const;
  std::size_t index_of(const ColumnSpec& column) const;  // position in `columns`
};

// Builds and checks a model; throws DeclarationError.
std::shared_ptr<const ModelData> build_model(const std::type_info& type, std::string name,
                                             std::vector<ColumnSpec> columns, TableOptions options);

// A type as models.toml's `type` names it ("numeric(10,2)", "citext"), for
// the domains and composite types declared beside the models:
//   retort::Domain{.name = "price", .type = retort::sql_type("numeric(10,2)")}
// Throws DeclarationError for text that cannot be a type.
Type sql_type(std::string_view text);

// An untyped handle on a model: what MetaData{...} and the JSON/validation
// entry points take.
class ModelRef {
 public:
  explicit ModelRef(std::shared_ptr<const ModelData> data) : data_(std::move(data)) {}
  const ModelData& data() const { return *data_; }
  const Table& table() const { return data_->table; }
  const std::string& name() const { return data_->table.name; }
  const std::shared_ptr<const ModelData>& shared() const { return data_; }

 private:
  std::shared_ptr<const ModelData> data_;
};

template <class T>
class Model : public ModelRef {
 public:
  using type = T;
  explicit Model(std::shared_ptr<const ModelData> data) : ModelRef(std::move(data)) {}

  // The column of one of T's members, e.g. heroes.column(&Hero::name).name.
  template <class M>
  const ColumnSpec& column(M T::*member) const {
    const ColumnSpec* c = data().column_for(typeid(M T::*), &member);
    if (c == nullptr) throw_not_a_column();
    return *c;
  }

 private:
  [[noreturn]] void throw_not_a_column() const;
};

namespace detail {

[[noreturn]] void throw_not_a_column(const ModelData& model);
[[noreturn]] void throw_no_model(const std::type_info& type);
void register_model(const std::type_info& type, std::shared_ptr<const ModelData>& slot,
                    std::shared_ptr<const ModelData> data);

// The model declared for T, one slot per type (set by table<T>()).
template <class T>
std::shared_ptr<const ModelData>& model_slot() {
  static std::shared_ptr<const ModelData> slot;
  return slot;
}

}  // namespace detail

template <class T>
void Model<T>::throw_not_a_column() const {
  detail::throw_not_a_column(data());
}

// The model declared for T by retort::table<T>(); throws DeclarationError
// when there is none.
template <class T>
const ModelData& model_of() {
  const auto& slot = detail::model_slot<T>();
  if (!slot) detail::throw_no_model(typeid(T));
  return *slot;
}

namespace detail {
// Sets every member that declares a default_factory (called once per
// member) or a default_value; throws DeclarationError when a factory's value
// does not fit its member.
void apply_declared_defaults(const ModelData& model, void* object);
// Runs the default_factory of `column` into `object`'s member; throws
// DeclarationError as above.
void run_default_factory(const ModelData& model, const ColumnSpec& column, void* object);
}  // namespace detail

// A new T as Pydantic builds one: value-initialised, then every member
// with a default_factory or default_value set from it. Throws
// DeclarationError when T has no model or a factory's value does not fit.
// Example:
//   Hero h = retort::make<Hero>();   // h.token = Uuid::v4(), h.level = 7
//   h.name = "Deadpond";
template <class T>
T make() {
  T object{};
  detail::apply_declared_defaults(model_of<T>(), &object);
  return object;
}
template <class T>
T make(const Model<T>& model) {
  T object{};
  detail::apply_declared_defaults(model.data(), &object);
  return object;
}

// The column options builder; every option returns *this so they chain.
template <class T, class M>
class ColumnBuilder {
 public:
  using traits = field_traits<M>;
  using V = typename traits::value_type;

  ColumnBuilder(std::string name, M T::*member) {
    spec_.name = std::move(name);
    spec_.access = std::make_shared<detail::MemberAccess<T, M>>(member);
  }

  ColumnBuilder& primary_key() { return spec_.primary_key = true, *this; }
  ColumnBuilder& autoincrement(bool on = true) { return spec_.autoincrement = on, *this; }
  ColumnBuilder& index() { return spec_.index = true, *this; }
  ColumnBuilder& unique() { return spec_.unique = true, *this; }
  ColumnBuilder& nullable(bool on = true) { return spec_.nullable = on, *this; }
  // A portable type ("varchar(20)"), or a type the database knows ("inet",
  // "text[]"), which a std::string member holds in its text form.
  ColumnBuilder& type(std::string name) { return spec_.type = std::move(name), *this; }
  // `type` is the database's own name even where it reads as a portable one
  // (models.toml's `native = true`); SQLite needs it for any native name.
  ColumnBuilder& native(bool on = true) { return spec_.native = on, *this; }
  ColumnBuilder& default_value(const V& value) {
    return spec_.default_value = detail::to_field_value<V>(value), *this;
  }
  ColumnBuilder& default_sql(std::string expression) {
    return spec_.default_sql = std::move(expression), *this;
  }
  // `factory()` returns the member's value type (V or M), e.g. retort::Uuid::v4.
  // The member must be a std::optional: retort::make<T>() and add() fill it
  // when empty. On a plain member it is a DeclarationError, as add() could
  // not tell an unset value from a real one (a nil UUID, the epoch).
  template <class F>
  ColumnBuilder& default_factory(F factory) {
    spec_.default_factory = [factory]() -> FieldValue {
      if constexpr (traits::nullable && std::is_same_v<std::invoke_result_t<F>, M>) {
        M m = factory();
        return m ? detail::to_field_value<V>(*m) : FieldValue{};
      } else {
        return detail::to_field_value<V>(factory());
      }
    };
    return *this;
  }
  template <class R, class MR>
  ColumnBuilder& foreign_key(const Model<R>& target, MR R::*member) {
    spec_.fk_schema = target.table().schema;
    spec_.fk_table = target.table().name;
    spec_.fk_column = target.column(member).name;
    spec_.fk_model = target.shared();
    return *this;
  }
  // "table.column" or "schema.table.column".
  ColumnBuilder& foreign_key(std::string_view reference);
  ColumnBuilder& on_delete(std::string action) {
    return spec_.on_delete = std::move(action), *this;
  }
  ColumnBuilder& on_update(std::string action) {
    return spec_.on_update = std::move(action), *this;
  }
  ColumnBuilder& min_length(std::size_t n) { return spec_.min_length = n, *this; }
  ColumnBuilder& max_length(std::size_t n) { return spec_.max_length = n, *this; }
  ColumnBuilder& ge(Bound b) { return spec_.ge = b, *this; }
  ColumnBuilder& gt(Bound b) { return spec_.gt = b, *this; }
  ColumnBuilder& le(Bound b) { return spec_.le = b, *this; }
  ColumnBuilder& lt(Bound b) { return spec_.lt = b, *this; }
  ColumnBuilder& pattern(std::string regex) { return spec_.pattern = std::move(regex), *this; }
  // `check(value)` gets the member's value (for std::optional members, only
  // when set) and returns true when it is acceptable.
  template <class F>
  ColumnBuilder& validator(F check, std::string message) {
    M T::*member = static_cast<const detail::MemberAccess<T, M>&>(*spec_.access).member();
    spec_.validators.push_back(
        Validator{[check, member](const void* object) -> bool {
                    const M& m = static_cast<const T*>(object)->*member;
                    if constexpr (traits::nullable && !std::is_invocable_r_v<bool, F, const M&>) {
                      return !m || check(*m);
                    } else {
                      return check(m);
                    }
                  },
                  std::move(message)});
    return *this;
  }
  ColumnBuilder& comment(std::string text) { return spec_.comment = std::move(text), *this; }
  // The column's name before a rename: autogenerate writes rename_column
  // (keeping the data) while the database still has that name.
  // PostgreSQL identity: "by default" or "always" (an autoincrementing key
  // is BY DEFAULT without it), with its sequence's options.
  ColumnBuilder& identity(std::string kind) { return spec_.identity = std::move(kind), *this; }
  // serial-style: the default is nextval() of a sequence the column owns.
  ColumnBuilder& serial(bool on = true) { return spec_.serial = on, *this; }
  ColumnBuilder& sequence(SequenceOptions options) {
    return spec_.sequence = std::move(options), *this;
  }
  // GENERATED ALWAYS AS (sql) STORED, or VIRTUAL (SQLite) when !stored.
  ColumnBuilder& generated(std::string sql, bool stored = true) {
    return spec_.generated = Generated{std::move(sql), stored}, *this;
  }
  ColumnBuilder& collation(std::string name) { return spec_.collation = std::move(name), *this; }
  ColumnBuilder& renamed_from(std::string old_name) {
    return spec_.renamed_from = std::move(old_name), *this;
  }
  ColumnBuilder& skip_json_schema() { return spec_.skip_json_schema = true, *this; }
  // The row's version for optimistic concurrency: a plain integer member,
  // one per table, not the key. add() stores 1; update() and patch() write
  // only when the row still has the object's version and increment it; a
  // stale write throws StaleWriteError (session.hpp).
  ColumnBuilder& version_column() { return spec_.version = true, *this; }

  const ColumnSpec& spec() const { return spec_; }

 private:
  ColumnSpec spec_;
};

namespace detail {
// Splits "table.column" / "schema.table.column" into spec's fk fields.
void set_foreign_key(ColumnSpec& spec, std::string_view reference);
}  // namespace detail

template <class T, class M>
ColumnBuilder<T, M>& ColumnBuilder<T, M>::foreign_key(std::string_view reference) {
  detail::set_foreign_key(spec_, reference);
  return *this;
}

template <class T, class M>
ColumnBuilder<T, M> column(std::string name, M T::*member) {
  static_assert(field_traits<M>::supported,
                "retort::column: unsupported member type. Supported: bool, integers (signed up "
                "to 64 bits, unsigned up to 32), float, double, std::string, retort::Blob, "
                "retort::Uuid, retort::Timestamp, retort::LocalTimestamp, retort::Date, enums "
                "with a retort::enum_mapping specialisation, std::vector of one of these but "
                "Blob (one dimension), and std::optional of each.");
  return ColumnBuilder<T, M>(std::move(name), member);
}

namespace detail {

inline void add_option(TableOptions& o, TableIndex i) { o.indexes.push_back(std::move(i)); }
inline void add_option(TableOptions& o, TableUnique u) { o.uniques.push_back(std::move(u)); }
inline void add_option(TableOptions& o, TableCheck c) { o.checks.push_back(std::move(c)); }
inline void add_option(TableOptions& o, TableComment c) { o.comment = std::move(c.text); }
inline void add_option(TableOptions& o, TableSchema s) { o.schema = std::move(s.name); }
inline void add_option(TableOptions& o, TableRenamedFrom r) { o.renamed_from = std::move(r.name); }
inline void add_option(TableOptions& o, TablePrimaryKey k) { o.primary_key = std::move(k); }
inline void add_option(TableOptions& o, Index i) { o.full_indexes.push_back(std::move(i)); }
inline void add_option(TableOptions& o, UniqueConstraint u) {
  o.full_uniques.push_back(std::move(u));
}
inline void add_option(TableOptions& o, CheckConstraint c) {
  o.full_checks.push_back(std::move(c));
}
inline void add_option(TableOptions& o, ForeignKey f) { o.foreign_keys.push_back(std::move(f)); }
inline void add_option(TableOptions& o, ExclusionConstraint x) {
  o.exclusions.push_back(std::move(x));
}
inline void add_option(TableOptions& o, TableProperties p) { o.properties = std::move(p); }
inline void add_option(TableOptions& o, TablePartitionBy p) { o.partition_by = std::move(p.key); }
inline void add_option(TableOptions& o, TablePartitionOf p) { o.partition_of = std::move(p); }

template <class I>
struct column_owner {
  using type = void;
};
template <class U, class M>
struct column_owner<ColumnBuilder<U, M>> {
  using type = U;
};

template <class T, class Item>
void add_item(std::vector<ColumnSpec>& columns, TableOptions& options, Item&& item) {
  using I = std::remove_cvref_t<Item>;
  using Owner = typename column_owner<I>::type;
  if constexpr (std::is_void_v<Owner>) {
    add_option(options, std::forward<Item>(item));
  } else {
    static_assert(std::is_same_v<T, Owner>,
                  "retort::table<T>: a column's member pointer belongs to another struct");
    columns.push_back(item.spec());
  }
}

}  // namespace detail

template <class T, class... Items>
Model<T> table(std::string name, Items&&... items) {
  static_assert(std::is_default_constructible_v<T>,
                "retort::table<T>: T must be default-constructible");
  std::vector<ColumnSpec> columns;
  columns.reserve(sizeof...(Items));
  TableOptions options;
  if constexpr (sizeof...(Items) > 0) {
    (detail::add_item<T>(columns, options, std::forward<Items>(items)), ...);
  }
  std::shared_ptr<const ModelData> data =
      build_model(typeid(T), std::move(name), std::move(columns), std::move(options));
  detail::register_model(typeid(T), detail::model_slot<T>(), data);
  return Model<T>(std::move(data));
}

}  // namespace retort
