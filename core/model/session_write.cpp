// Session: writes to rows that exist (or may): update of every column or of
// some, patch from JSON, upsert. Each builds its SQL once per shape (which
// columns; whether the row is read back) and caches it on the model's plan.
//
// A version_column turns every such write into a compare-and-set: the
// statement sets version = version + 1 and matches the version the object
// was read at, so a write that finds no row at that version changed
// nothing and is a StaleWriteError.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "core/model/internal/session_plan.hpp"
#include "core/model/session.hpp"
#include "core/model/validation.hpp"

namespace retort {
namespace {

using detail::kNoColumn;
using detail::ModelPlan;
using detail::ResetOnExit;

// The name every upsert gives the existing row ("INSERT INTO t AS current"),
// so its columns read unambiguously beside `excluded`'s.
constexpr std::string_view kCurrentRow = "current";

// UPDATE t SET a = ?, ...[, v = v + 1] WHERE key = ? [AND v = ?] [RETURNING *]
// for `columns`, cached on the plan.
const std::string& update_sql(ModelPlan& p, const ModelData& model, const Dialect& d,
                              const std::vector<std::size_t>& columns, bool returning) {
  std::string key;
  for (std::size_t c : columns) key += std::to_string(c) + ',';
  if (returning) key += 'R';
  auto it = p.update_sql.find(key);
  if (it != p.update_sql.end()) return it->second;

  std::string set;
  int param = 0;
  for (std::size_t c : columns) {
    if (param > 0) set += ", ";
    set += d.quote_identifier(model.columns[c].name) + " = " + d.placeholder(param++);
  }
  if (p.version != kNoColumn) {
    const std::string v = d.quote_identifier(model.columns[p.version].name);
    set += (set.empty() ? "" : ", ") + v + " = " + v + " + 1";
  }
  if (set.empty()) {  // only key columns: set the key to itself
    const std::string k = d.quote_identifier(model.columns[p.primary_key.front()].name);
    set = k + " = " + k;
  }
  std::string sql = "UPDATE " + p.table + " SET " + set + detail::where_key(model, p, d, param);
  param += static_cast<int>(p.primary_key.size());
  if (p.version != kNoColumn) {
    sql +=
        " AND " + d.quote_identifier(model.columns[p.version].name) + " = " + d.placeholder(param);
  }
  if (returning) sql += " RETURNING " + p.select_list;
  return p.update_sql.emplace(std::move(key), std::move(sql)).first->second;
}

std::int64_t version_of(const ModelPlan& p, const void* object) {
  return std::get<std::int64_t>(p.access[p.version]->get(object));
}

[[noreturn]] void throw_stale(const ModelData& model, const ModelPlan& p, const void* object,
                              std::int64_t expected, std::string_view action) {
  const std::string table = model.table.qualified_name();
  Error e = Error::database(
      fmt::format("{}(): the {} row with {} is no longer at version {}: another writer changed "
                  "or removed it since it was read",
                  action, table, detail::key_text(model, p, object), expected),
      "read the row again (get()), apply the change to it and write it again");
  e.on(table, model.columns[p.version].name);
  throw StaleWriteError(std::move(e));
}

[[noreturn]] void bad_columns(const ModelData& model, std::string message, std::string hint) {
  throw DatabaseError(
      Error::bad_input(std::move(message), std::move(hint)).on(model.table.qualified_name()));
}

// The columns of update(obj, {...}): some, each once, none of them the key
// or the version column.
void check_columns(const ModelData& model, const ModelPlan& p,
                   const std::vector<std::size_t>& columns) {
  const std::string table = model.table.qualified_name();
  if (columns.empty()) {
    bad_columns(model, fmt::format("update(): no {} columns named", table),
                "name the members to write, or call update(obj) to write them all");
  }
  for (std::size_t k = 0; k < columns.size(); ++k) {
    const std::string& name = model.columns[columns[k]].name;
    if (model.table.columns[columns[k]].primary_key) {
      bad_columns(model,
                  fmt::format("update(): {}.{} is the primary key; it finds the row and is not "
                              "written",
                              table, name),
                  "leave the key out of the columns");
    }
    if (columns[k] == p.version) {
      bad_columns(
          model,
          fmt::format("update(): {}.{} is the version column; the session writes it", table, name),
          "leave the version column out of the columns");
    }
    if (std::find(columns.begin(), columns.begin() + static_cast<std::ptrdiff_t>(k), columns[k]) !=
        columns.begin() + static_cast<std::ptrdiff_t>(k)) {
      bad_columns(model, fmt::format("update(): {}.{} is named twice", table, name),
                  "name each column once");
    }
  }
}

// The rules of `columns` only: the other members are not written, so a
// stale or partial copy of them is no reason to refuse.
void throw_if_columns_invalid(const std::shared_ptr<const ModelData>& model_ptr, const void* object,
                              const std::vector<std::size_t>& columns) {
  const ModelData& model = *model_ptr;
  std::vector<FieldError> errors = validation_errors(ModelRef(model_ptr), object);
  std::erase_if(errors, [&](const FieldError& e) {
    return std::none_of(columns.begin(), columns.end(),
                        [&](std::size_t c) { return model.columns[c].name == e.field; });
  });
  if (!errors.empty()) throw ValidationError(model.table.name, std::move(errors));
}

// Binds `columns`, then the key, then `expected` (the version matched).
void bind_update(const ModelPlan& p, const void* object, const std::vector<std::size_t>& columns,
                 std::optional<std::int64_t> expected, PreparedStatement& st) {
  int param = 0;
  for (std::size_t c : columns) p.access[c]->bind(object, st, param++);
  for (std::size_t k : p.primary_key) p.access[k]->bind(object, st, param++);
  if (expected) st.bind_int(param, *expected);
}

}  // namespace

void Session::update_object(const std::shared_ptr<const ModelData>& model_ptr, void* object,
                            const std::vector<std::size_t>* chosen) {
  const ModelData& model = *model_ptr;
  ModelPlan& p = plan(model);
  if (chosen != nullptr) {
    check_columns(model, p, *chosen);
    throw_if_columns_invalid(model_ptr, object, *chosen);
  } else {
    throw_if_invalid(ModelRef(model_ptr), object);
  }
  detail::require_key(model, p, object, "update");
  const std::vector<std::size_t>& columns = chosen != nullptr ? *chosen : p.writable;
  std::optional<std::int64_t> expected;
  if (p.version != kNoColumn) expected = version_of(p, object);

  PreparedStatement& st = prepare(update_sql(p, model, dialect(), columns, false));
  ResetOnExit reset(st);
  bind_update(p, object, columns, expected, st);
  Result<bool> row = st.step();
  if (!row) fail(std::move(row).error(), &model);
  if (st.rows_affected() == 0) {
    if (expected) throw_stale(model, p, object, *expected, "update");
    fail(Error::database(fmt::format("update(): no {} row has {}", model.table.qualified_name(),
                                     detail::key_text(model, p, object)),
                         "add() the object first; update() changes an existing row"),
         &model);
  }
  if (expected) (void)p.access[p.version]->set(object, FieldValue(*expected + 1));
}

bool Session::patch_object(const std::shared_ptr<const ModelData>& model_ptr, const FieldValue& key,
                           const nlohmann::json& changes, detail::NextObject next, void* context) {
  const ModelData& model = *model_ptr;
  ModelPlan& p = plan(model);
  // The body's shape is checked before the row is read, so a malformed
  // one is refused the same whether the row exists or not.
  detail::require_json_object(ModelRef(model_ptr), changes);
  detail::refuse_primary_key_patch(ModelRef(model_ptr), changes);
  std::optional<retort::Transaction> tx;
  if (!connection_->in_transaction()) {
    tx.emplace(*connection_);
    if (Status s = tx->begin(); !s) fail(std::move(s).error(), &model);
  }

  // get_object() checks the key's shape and reads the row, if any; the
  // object it reads into is the one patched and returned.
  struct Capture {
    detail::NextObject next;
    void* context;
    void* object = nullptr;
  } capture{next, context};
  get_object(
      model, key,
      [](void* ctx) -> void* {
        auto& c = *static_cast<Capture*>(ctx);
        return c.object = c.next(c.context);
      },
      &capture);
  void* object = capture.object;
  if (object == nullptr) return false;

  std::optional<std::int64_t> stored;
  if (p.version != kNoColumn) stored = version_of(p, object);
  detail::fill_json(ModelRef(model_ptr), object, changes, detail::FillMode::kPatch);  // validates
  std::vector<std::size_t> columns;
  for (std::size_t c = 0; c < model.columns.size(); ++c) {
    if (c != p.version && changes.contains(model.columns[c].name)) columns.push_back(c);
  }
  std::optional<std::int64_t> expected;
  if (stored) {
    expected = version_of(p, object);  // the client's, when `changes` names it
    if (*expected != *stored) throw_stale(model, p, object, *expected, "patch");
  }

  if (!columns.empty()) {
    PreparedStatement& st = prepare(update_sql(p, model, dialect(), columns, true));
    ResetOnExit reset(st);
    bind_update(p, object, columns, expected, st);
    Result<bool> row = st.step();
    if (!row) fail(std::move(row).error(), &model);
    if (!*row) {
      if (expected) throw_stale(model, p, object, *expected, "patch");
      return false;
    }
    Status read = detail::read_row(model, p, object, st);
    if (!read) fail(std::move(read).error(), &model);
  }
  if (tx) {
    if (Status s = tx->commit(); !s) fail(std::move(s).error(), &model);
  }
  return true;
}

void Session::upsert_object(const std::shared_ptr<const ModelData>& model_ptr, void* object) {
  const ModelData& model = *model_ptr;
  ModelPlan& p = plan(model);
  if (p.primary_key.empty()) detail::require_key(model, p, object, "upsert");
  std::string mask;
  detail::omission_mask(model, p, object, mask);
  const bool key_left_empty = std::any_of(p.primary_key.begin(), p.primary_key.end(), [&](auto k) {
    const auto at = std::find(p.omittable.begin(), p.omittable.end(), k);
    return at != p.omittable.end() &&
           mask[static_cast<std::size_t>(at - p.omittable.begin())] == '1';
  });
  if (key_left_empty) {  // nothing to conflict with: a plain insert
    insert_objects(model_ptr, object, 0, 1, false);
    return;
  }
  throw_if_invalid(ModelRef(model_ptr), object);
  detail::apply_default_factories(model, p, detail::ObjectSpan{object, 0, 1});
  detail::omission_mask(model, p, object, mask);  // factories may have filled some
  detail::require_key(model, p, object, "upsert");

  const Dialect& d = dialect();
  detail::InsertShape shape;
  shape.build(model, p, d, mask, 1);
  auto it = p.upsert_sql.find(mask);
  if (it == p.upsert_sql.end()) {
    std::string sql = shape.values_sql(model, p, d, kCurrentRow) + " ON CONFLICT (";
    for (std::size_t k = 0; k < p.primary_key.size(); ++k) {
      if (k > 0) sql += ", ";
      sql += d.quote_identifier(model.columns[p.primary_key[k]].name);
    }
    sql += ") DO UPDATE SET ";
    std::string set;
    for (std::size_t c : p.writable) {
      if (!shape.sent[c]) continue;
      const std::string name = d.quote_identifier(model.columns[c].name);
      set += (set.empty() ? "" : ", ") + name + " = " + d.quote_identifier("excluded") + "." + name;
    }
    const std::string current = d.quote_identifier(kCurrentRow) + ".";
    if (p.version != kNoColumn) {
      const std::string v = d.quote_identifier(model.columns[p.version].name);
      set += (set.empty() ? "" : ", ") + v + " = " + current + v + " + 1";
    }
    if (set.empty()) {  // only key columns: set the key to itself
      const std::string k = d.quote_identifier(model.columns[p.primary_key.front()].name);
      set = k + " = " + current + k;
    }
    sql += set;
    if (p.version != kNoColumn) {
      sql += " WHERE " + current + d.quote_identifier(model.columns[p.version].name) + " = " +
             d.placeholder(static_cast<int>(shape.sent_access.size()));
    }
    sql += " RETURNING " + p.select_list;
    it = p.upsert_sql.emplace(mask, std::move(sql)).first;
  }

  // A new row starts at version 1; an existing one must be at the object's.
  std::optional<std::int64_t> expected;
  if (p.version != kNoColumn) {
    expected = version_of(p, object);
    (void)p.access[p.version]->set(object, FieldValue(std::int64_t{1}));
  }
  PreparedStatement& st = prepare(it->second);
  ResetOnExit reset(st);
  int param = 0;
  for (const FieldAccess* access : shape.sent_access) access->bind(object, st, param++);
  if (expected) st.bind_int(param, *expected);
  Result<bool> row = st.step();
  if (!row || !*row) {
    if (expected) (void)p.access[p.version]->set(object, FieldValue(*expected));
    if (!row) fail(std::move(row).error(), &model);
    if (expected) throw_stale(model, p, object, *expected, "upsert");
    fail(Error::internal(
             fmt::format("upsert into {} returned no row", model.table.qualified_name())),
         &model);
  }
  Status read = detail::read_row(model, p, object, st);
  if (!read) fail(std::move(read).error(), &model);
}

}  // namespace retort
