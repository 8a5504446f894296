// Session: the non-template half of CRUD. SQL is built once per model and
// statement shape, prepared statements come from the connection's cache,
// and every row moves through the columns' FieldAccess bind/read.
#include "core/model/session.hpp"

#include <fmt/format.h>

#include <limits>
#include <utility>

#include "core/model/internal/session_connection.hpp"
#include "core/model/internal/session_plan.hpp"
#include "core/model/validation.hpp"

namespace retort {
namespace {

using detail::ModelPlan;
using detail::ObjectSpan;
using detail::ResetOnExit;

std::string describe_value(const FieldValue& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using V = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          return "NULL";
        } else if constexpr (std::is_same_v<V, std::int64_t> || std::is_same_v<V, double>) {
          return fmt::format("{}", x);
        } else if constexpr (std::is_same_v<V, bool>) {
          return x ? "true" : "false";
        } else if constexpr (std::is_same_v<V, std::string>) {
          return fmt::format("'{}'", x);
        } else if constexpr (std::is_same_v<V, Blob>) {
          return fmt::format("a blob of {} bytes", x.size());
        } else if constexpr (std::is_same_v<V, Uuid>) {
          return x.to_string();
        } else if constexpr (std::is_same_v<V, Timestamp>) {
          return format_timestamp(x);
        } else if constexpr (std::is_same_v<V, LocalTimestamp>) {
          return format_local_timestamp(x);
        } else if constexpr (std::is_same_v<V, Date>) {
          return format_date(x);
        } else {
          std::vector<std::string> items;
          for (const FieldValue& item : x.items) items.push_back(describe_value(item));
          return fmt::format("[{}]", fmt::join(items, ", "));
        }
      },
      v);
}

// "hero.a, hero.b" (what SQLite names) -> {"a", "b"} when every part is a
// column of `table`; empty otherwise.
std::vector<std::string> named_columns(std::string_view text, const Table& table) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t comma = text.find(", ");
    std::string_view part = text.substr(0, comma);
    const std::size_t dot = part.rfind('.');
    if (dot == std::string_view::npos || part.substr(0, dot) != table.name) return {};
    out.emplace_back(part.substr(dot + 1));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 2);
  }
  return out;
}

bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// Where the database named columns rather than the constraint (SQLite),
// names the model's constraint on those columns.
void name_constraint(const ModelData& model, Error& e) {
  const Table& t = model.table;
  if (e.table.empty()) e.table = t.qualified_name();
  if (e.violation == Violation::kUnique) {
    const std::vector<std::string> columns = named_columns(e.constraint, t);
    if (columns.empty()) return;
    if (same_set(columns, t.primary_key()) && !t.primary_key_name.empty()) {
      e.constraint = t.primary_key_name;
      return;
    }
    for (const UniqueConstraint& u : t.uniques) {
      if (same_set(columns, u.columns)) {
        e.constraint = u.name;
        return;
      }
    }
    for (const Index& i : t.indexes) {
      if (i.unique && i.where.empty() && same_set(columns, i.column_names())) {
        e.constraint = i.name;
        return;
      }
    }
  } else if (e.violation == Violation::kForeignKey && e.constraint.empty() &&
             t.foreign_keys.size() == 1) {
    e.constraint = t.foreign_keys.front().name;
  } else if (e.violation == Violation::kNotNull) {
    const std::vector<std::string> columns = named_columns(e.constraint, t);
    if (columns.size() == 1 && e.column.empty()) e.column = columns.front();
  }
}

}  // namespace

namespace detail {

std::string where_key(const ModelData& model, const ModelPlan& p, const Dialect& d,
                      int first_param) {
  std::string sql = " WHERE ";
  for (std::size_t k = 0; k < p.primary_key.size(); ++k) {
    if (k > 0) sql += " AND ";
    sql += d.quote_identifier(model.columns[p.primary_key[k]].name) + " = " +
           d.placeholder(first_param + static_cast<int>(k));
  }
  return sql;
}

Status read_row(const ModelData& model, const ModelPlan& plan, void* object,
                const PreparedStatement& st) {
  const std::size_t n = plan.access.size();
  for (std::size_t i = 0; i < n; ++i) {
    Status s = plan.access[i]->read(object, st, static_cast<int>(i));
    if (!s) {
      Error e = std::move(s).error();
      e.on(model.table.qualified_name(), model.columns[i].name);
      return e;
    }
  }
  return {};
}

}  // namespace detail

Session::Session(std::unique_ptr<Connection> connection) : logged_(nullptr) {
  if (!connection) {
    throw DatabaseError(Error::bad_input("Session needs a connection; it was given none"));
  }
  auto wrapped = std::make_unique<detail::SessionConnection>(std::move(connection));
  logged_ = wrapped.get();
  connection_ = std::move(wrapped);
  for (const std::string& sql : connection_->dialect().session_setup()) {
    Status s = connection_->execute(sql);
    if (!s) throw DatabaseError(std::move(s).error());
  }
}

Session::Session(Result<std::unique_ptr<Connection>> connection)
    : Session(connection ? std::move(connection).value()
                         : (throw DatabaseError(std::move(connection).error()), nullptr)) {}

Session::~Session() = default;

void Session::set_statement_hook(StatementHook hook) { logged_->set_hook(std::move(hook)); }

bool Session::connection_lost() const { return logged_->broken(); }

void Session::fail(Error error, const ModelData* model) const {
  logged_->note(error);
  if (model != nullptr) name_constraint(*model, error);
  throw DatabaseError(std::move(error));
}

PreparedStatement& Session::prepare(const std::string& sql) {
  Result<PreparedStatement*> st = connection_->prepare(sql);
  if (!st) fail(std::move(st).error(), nullptr);
  return **st;
}

detail::ModelPlan& Session::plan(const ModelData& model) {
  auto it = plans_.find(&model);
  if (it != plans_.end()) return *it->second;
  auto p = std::make_unique<ModelPlan>();
  const Dialect& d = dialect();
  p->table = d.qualified(model.table.schema, model.table.name);
  for (std::size_t i = 0; i < model.columns.size(); ++i) {
    const ColumnSpec& spec = model.columns[i];
    const Column& column = model.table.columns[i];
    if (i > 0) p->select_list += ", ";
    p->select_list += d.quote_identifier(spec.name);
    if (column.primary_key) p->primary_key.push_back(i);
    const bool integer = spec.access->kind() == FieldKind::kInt;
    // The database fills an autoincrementing key, an identity or serial
    // column, and a column with a server default, when the object leaves
    // it. A generated column is never written: it is always left to the
    // database and read back (omission_mask marks it so).
    if (column.autoincrement || !column.default_.empty() || !column.identity.empty() ||
        column.serial || !column.generated.empty()) {
      p->omittable.push_back(i);
      p->zero_is_empty.push_back(column.autoincrement && integer && !spec.access->nullable());
    }
    if (spec.default_factory) p->factories.push_back(i);
    if (spec.version) {
      p->version = i;
    } else if (!column.primary_key && column.generated.empty()) {
      p->writable.push_back(i);
    }
    p->access.push_back(spec.access.get());
  }
  if (!p->primary_key.empty()) {
    p->get_sql =
        "SELECT " + p->select_list + " FROM " + p->table + detail::where_key(model, *p, d, 0);
    p->delete_sql = "DELETE FROM " + p->table + detail::where_key(model, *p, d, 0);
  }
  return *plans_.emplace(&model, std::move(p)).first->second;
}

// ---- transactions ----------------------------------------------------------

Session::Transaction Session::begin() {
  if (connection_->in_transaction()) {
    throw DatabaseError(
        Error::bad_input("a transaction is already open on this session",
                         "commit or roll back the open one first; transactions do not nest"));
  }
  Status s = connection_->begin();
  if (!s) fail(std::move(s).error(), nullptr);
  return Transaction(this);
}

Session::Transaction::~Transaction() {
  if (session_ != nullptr) (void)session_->connection_->rollback();
}

void Session::Transaction::commit() {
  if (session_ == nullptr) {
    throw DatabaseError(Error::bad_input("the transaction was already committed or rolled back"));
  }
  Status s = session_->connection_->commit();
  if (!s) session_->fail(std::move(s).error(), nullptr);
  session_ = nullptr;
}

void Session::Transaction::rollback() {
  if (session_ == nullptr) return;
  Session* session = std::exchange(session_, nullptr);
  Status s = session->connection_->rollback();
  if (!s) session->fail(std::move(s).error(), nullptr);
}

// ---- add / add_all ---------------------------------------------------------

namespace detail {

void apply_default_factories(const ModelData& model, const ModelPlan& plan,
                             const ObjectSpan& objects) {
  for (std::size_t c : plan.factories) {
    const ColumnSpec& spec = model.columns[c];
    for (std::size_t i = 0; i < objects.count; ++i) {
      if (spec.access->is_null(objects.at(i))) {
        detail::run_default_factory(model, spec, objects.at(i));
      }
    }
  }
}

void omission_mask(const ModelData& model, const ModelPlan& plan, const void* object,
                   std::string& mask) {
  mask.resize(plan.omittable.size());
  for (std::size_t k = 0; k < plan.omittable.size(); ++k) {
    const FieldAccess& access = *model.columns[plan.omittable[k]].access;
    bool empty =
        access.is_null(object) || !model.table.columns[plan.omittable[k]].generated.empty();
    if (!empty && plan.zero_is_empty[k]) {
      const FieldValue v = access.get(object);
      empty = std::get<std::int64_t>(v) == 0;
    }
    mask[k] = empty ? '1' : '0';
  }
}

}  // namespace detail

namespace {

// Validates every object before anything is written. Throws ValidationError:
// the first object's errors for a single add, every object's (as
// "[i].field") for add_all.
void validate_all(const std::shared_ptr<const ModelData>& model_ptr, const ObjectSpan& objects,
                  bool many) {
  const ModelRef ref(model_ptr);
  std::vector<FieldError> all;
  for (std::size_t i = 0; i < objects.count; ++i) {
    std::vector<FieldError> errors = validation_errors(ref, objects.at(i));
    if (errors.empty()) continue;
    if (!many) throw ValidationError(model_ptr->table.name, std::move(errors));
    for (FieldError& e : errors) {
      e.field = fmt::format("[{}].{}", i, e.field);
      all.push_back(std::move(e));
    }
  }
  if (!all.empty()) throw ValidationError(model_ptr->table.name, std::move(all));
}

}  // namespace

namespace detail {

void InsertShape::build(const ModelData& model, const ModelPlan& plan, const Dialect& d,
                        const std::string& mask, std::size_t row_count) {
  const std::size_t width = model.columns.size();
  rows = row_count;
  key.assign(mask);
  key += '/';
  key += std::to_string(rows);
  sent.assign(width, 1);
  returned.clear();
  for (std::size_t k = 0; k < mask.size(); ++k) {
    if (mask[k] == '1') {
      sent[plan.omittable[k]] = 0;
      returned.push_back(plan.omittable[k]);
    }
  }
  sent_access.clear();
  for (std::size_t c = 0; c < width; ++c) {
    if (sent[c]) sent_access.push_back(plan.access[c]);
  }
  // Only the rowid-alias key to read back: take it from the connection.
  last_id_column = kNoColumn;
  if (rows == 1 && returned.size() == 1 && d.autoincrement_from_last_insert_id() &&
      model.table.columns[returned.front()].autoincrement) {
    last_id_column = returned.front();
    returned.clear();
  }
}

std::string InsertShape::values_sql(const ModelData& model, const ModelPlan& plan, const Dialect& d,
                                    std::string_view alias) const {
  std::string out = "INSERT INTO " + plan.table;
  if (!alias.empty()) out += " AS " + d.quote_identifier(alias);
  std::string names;
  std::size_t sent_count = 0;
  for (std::size_t c = 0; c < sent.size(); ++c) {
    if (!sent[c]) continue;
    if (sent_count++ > 0) names += ", ";
    names += d.quote_identifier(model.columns[c].name);
  }
  if (sent_count == 0) {
    out += " DEFAULT VALUES";
    return out;
  }
  out += " (" + names + ") VALUES ";
  int param = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    out += r > 0 ? ", (" : "(";
    for (std::size_t k = 0; k < sent_count; ++k) {
      if (k > 0) out += ", ";
      out += d.placeholder(param++);
    }
    out += ')';
  }
  return out;
}

std::string InsertShape::sql(const ModelData& model, const ModelPlan& plan,
                             const Dialect& d) const {
  std::string out = values_sql(model, plan, d, {});
  if (!returned.empty()) {
    out += " RETURNING ";
    for (std::size_t k = 0; k < returned.size(); ++k) {
      if (k > 0) out += ", ";
      out += d.quote_identifier(model.columns[returned[k]].name);
    }
  }
  return out;
}

}  // namespace detail

namespace {

using detail::InsertShape;
using detail::kNoColumn;

// Rows per INSERT: the dialect's batch size, within its parameter limit.
std::size_t insert_batch_limit(const Dialect& d, std::size_t width) {
  return std::max<std::size_t>(
      1, std::min<std::size_t>(
             static_cast<std::size_t>(std::max(1, d.insert_batch_rows())),
             static_cast<std::size_t>(d.max_parameters()) / std::max<std::size_t>(1, width)));
}

// Reads what the database filled in for the `shape.rows` objects from
// `first_object` on; `row` is the statement's first step. An error names the
// table and column.
Status read_back(const ModelData& model, const InsertShape& shape, const ObjectSpan& objects,
                 std::size_t first_object, PreparedStatement& st, Result<bool> row) {
  if (shape.last_id_column != kNoColumn) {
    const std::optional<std::int64_t> id = st.last_insert_id();
    if (!id) return Error::internal("the connection gave no last insert id");
    return model.columns[shape.last_id_column].access->set(objects.at(first_object),
                                                           FieldValue(*id));
  }
  for (std::size_t r = 0; r < shape.rows && !shape.returned.empty(); ++r) {
    if (r > 0) row = st.step();
    if (!row) return std::move(row).error();
    if (!*row) {
      return Error::internal(fmt::format("INSERT into {} returned {} of {} rows",
                                         model.table.qualified_name(), r, shape.rows));
    }
    for (std::size_t k = 0; k < shape.returned.size(); ++k) {
      Status s = model.columns[shape.returned[k]].access->read(objects.at(first_object + r), st,
                                                               static_cast<int>(k));
      if (!s) {
        Error e = std::move(s).error();
        e.on(model.table.qualified_name(), model.columns[shape.returned[k]].name);
        return e;
      }
    }
  }
  return {};
}

}  // namespace

void Session::insert_objects(const std::shared_ptr<const ModelData>& model_ptr, void* first,
                             std::size_t stride, std::size_t count, bool many) {
  const ModelData& model = *model_ptr;
  const ObjectSpan objects{first, stride, count};
  validate_all(model_ptr, objects, many);
  ModelPlan& p = plan(model);
  detail::apply_default_factories(model, p, objects);
  if (count == 0) return;
  if (p.version != kNoColumn) {  // a new row starts at version 1
    for (std::size_t i = 0; i < count; ++i) {
      (void)p.access[p.version]->set(objects.at(i), FieldValue(std::int64_t{1}));
    }
  }

  std::optional<retort::Transaction> tx;
  if (many && count > 1 && !connection_->in_transaction()) {
    tx.emplace(*connection_);
    Status s = tx->begin();
    if (!s) fail(std::move(s).error(), &model);
  }

  const Dialect& d = dialect();
  const std::size_t width = model.columns.size();
  const std::size_t batch_limit = insert_batch_limit(d, width);
  std::string mask, next_mask, shape_mask;
  InsertShape shape;
  PreparedStatement* st = nullptr;

  for (std::size_t i = 0; i < count;) {
    // A batch: the following objects that leave the same columns empty.
    omission_mask(model, p, objects.at(i), mask);
    std::size_t rows = 1;
    const bool all_omitted = mask.size() == width && mask.find('0') == std::string::npos;
    while (!all_omitted && rows < batch_limit && i + rows < count) {
      omission_mask(model, p, objects.at(i + rows), next_mask);
      if (next_mask != mask) break;
      ++rows;
    }
    if (st == nullptr || rows != shape.rows || mask != shape_mask) {
      shape_mask = mask;
      shape.build(model, p, d, mask, rows);
      auto it = p.insert_sql.find(shape.key);
      if (it == p.insert_sql.end())
        it = p.insert_sql.emplace(shape.key, shape.sql(model, p, d)).first;
      st = &prepare(it->second);
    }

    ResetOnExit reset(*st);
    int param = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const void* object = objects.at(i + r);
      for (const FieldAccess* access : shape.sent_access) access->bind(object, *st, param++);
    }
    Result<bool> row = st->step();
    if (!row) fail(std::move(row).error(), &model);
    Status read = read_back(model, shape, objects, i, *st, std::move(row));
    if (!read) fail(std::move(read).error(), &model);
    i += rows;
  }

  if (tx) {
    Status s = tx->commit();
    if (!s) fail(std::move(s).error(), &model);
  }
}

// ---- get / update / remove -------------------------------------------------

void Session::get_object(const ModelData& model, const FieldValue& key, detail::NextObject next,
                         void* context) {
  ModelPlan& p = plan(model);
  if (p.primary_key.size() != 1) {
    throw DatabaseError(
        Error::bad_input(fmt::format("get() needs a one-column primary key; table {} has {}",
                                     model.table.qualified_name(), p.primary_key.size()),
                         "use select<T>().where(...) instead")
            .on(model.table.qualified_name()));
  }
  PreparedStatement& st = prepare(p.get_sql);
  ResetOnExit reset(st);
  detail::bind_field_value(st, 0, key);
  Result<bool> row = st.step();
  if (!row) fail(std::move(row).error(), &model);
  if (!*row) return;
  Status read = read_row(model, p, next(context), st);
  if (!read) fail(std::move(read).error(), &model);
}

namespace detail {

void require_key(const ModelData& model, const ModelPlan& p, const void* object,
                 std::string_view action) {
  if (p.primary_key.empty()) {
    throw DatabaseError(Error::bad_input(fmt::format("{}() needs a primary key; table {} has none",
                                                     action, model.table.qualified_name()))
                            .on(model.table.qualified_name()));
  }
  for (std::size_t k : p.primary_key) {
    if (model.columns[k].access->is_null(object)) {
      throw DatabaseError(
          Error::bad_input(fmt::format("{}(): the {} object has no primary key value ({})", action,
                                       model.table.qualified_name(), model.columns[k].name),
                           "add() it first, or get() it from the database")
              .on(model.table.qualified_name(), model.columns[k].name));
    }
  }
}

void throw_not_one(const std::string& table, std::size_t rows) {
  Error e = rows == 0 ? Error::database(fmt::format("one(): no {} row matched", table),
                                        "use first() when no row is a normal outcome")
                      : Error::database(fmt::format("one(): more than one {} row matched", table),
                                        "narrow the where(), or use first() or all()");
  e.on(table);
  throw DatabaseError(std::move(e));
}

std::string key_text(const ModelData& model, const ModelPlan& p, const void* object) {
  std::string out;
  for (std::size_t k : p.primary_key) {
    if (!out.empty()) out += ", ";
    out += model.columns[k].name + " = " + describe_value(model.columns[k].access->get(object));
  }
  return out;
}

}  // namespace detail

void Session::remove_object(const ModelData& model, const void* object) {
  ModelPlan& p = plan(model);
  detail::require_key(model, p, object, "remove");
  PreparedStatement& st = prepare(p.delete_sql);
  ResetOnExit reset(st);
  int param = 0;
  for (std::size_t k : p.primary_key) model.columns[k].access->bind(object, st, param++);
  Result<bool> row = st.step();
  if (!row) fail(std::move(row).error(), &model);
  if (st.rows_affected() == 0) {
    fail(Error::database(fmt::format("remove(): no {} row has {}", model.table.qualified_name(),
                                     detail::key_text(model, p, object)),
                         "it was removed already, or never added"),
         &model);
  }
}

// ---- select ----------------------------------------------------------------

namespace {

// " WHERE ... ORDER BY ... LIMIT ? OFFSET ?" for `spec`; values go to
// `params` (`limits` holds the limit/offset values they point at).
void render_tail(const detail::SelectSpec& spec, const Dialect& d, std::string& sql,
                 std::vector<const FieldValue*>& params, FieldValue (&limits)[2], bool with_order) {
  const ModelData& model = *spec.model;
  if (spec.where) {
    sql += " WHERE ";
    detail::render_condition(*spec.where, model, d, sql, params);
  }
  if (with_order && !spec.order.empty()) {
    sql += " ORDER BY ";
    for (std::size_t k = 0; k < spec.order.size(); ++k) {
      if (k > 0) sql += ", ";
      sql += d.quote_identifier(model.columns[spec.order[k].first].name);
      sql += spec.order[k].second ? " DESC" : " ASC";
    }
  }
  if (spec.limit || spec.offset) {
    // Bound, so queries differing only in these share a statement; no
    // limit with an offset is the largest one.
    limits[0] = spec.limit.value_or(std::numeric_limits<std::int64_t>::max());
    limits[1] = spec.offset.value_or(0);
    sql += " LIMIT " + d.placeholder(static_cast<int>(params.size()));
    params.push_back(&limits[0]);
    sql += " OFFSET " + d.placeholder(static_cast<int>(params.size()));
    params.push_back(&limits[1]);
  }
}

}  // namespace

std::size_t Session::select_objects(const detail::SelectSpec& spec, detail::NextObject next,
                                    void* context, detail::ReserveObjects reserve) {
  const ModelData& model = *spec.model;
  ModelPlan& p = plan(model);
  std::string sql = "SELECT " + p.select_list + " FROM " + p.table;
  std::vector<const FieldValue*> params;
  FieldValue limits[2];
  render_tail(spec, dialect(), sql, params, limits, true);
  PreparedStatement& st = prepare(sql);
  ResetOnExit reset(st);
  for (std::size_t i = 0; i < params.size(); ++i) {
    detail::bind_field_value(st, static_cast<int>(i), *params[i]);
  }
  std::size_t rows = 0;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) fail(std::move(row).error(), &model);
    if (!*row) break;
    if (rows == 0 && reserve != nullptr) {
      if (const std::size_t ahead = st.rows_ahead(); ahead > 0) reserve(context, ahead + 1);
    }
    Status read = read_row(model, p, next(context), st);
    if (!read) fail(std::move(read).error(), &model);
    ++rows;
  }
  return rows;
}

std::int64_t Session::count_rows(const detail::SelectSpec& spec) {
  const ModelData& model = *spec.model;
  ModelPlan& p = plan(model);
  std::string sql;
  std::vector<const FieldValue*> params;
  FieldValue limits[2];
  if (spec.limit || spec.offset) {
    sql = "SELECT COUNT(*) FROM (SELECT 1 FROM " + p.table;
    render_tail(spec, dialect(), sql, params, limits, true);
    sql += ") AS " + dialect().quote_identifier("q");
  } else {
    sql = "SELECT COUNT(*) FROM " + p.table;
    render_tail(spec, dialect(), sql, params, limits, false);
  }
  PreparedStatement& st = prepare(sql);
  ResetOnExit reset(st);
  for (std::size_t i = 0; i < params.size(); ++i) {
    detail::bind_field_value(st, static_cast<int>(i), *params[i]);
  }
  Result<bool> row = st.step();
  if (!row) fail(std::move(row).error(), &model);
  return *row ? st.get_int(0) : 0;
}

void Session::throw_not_one(const detail::SelectSpec& spec, std::size_t rows) const {
  detail::throw_not_one(spec.model->table.qualified_name(), rows);
}

}  // namespace retort
