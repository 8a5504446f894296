// Session: relationships along the declared foreign keys. The member a
// call follows (the relationship's, relationship.hpp, or the one named) is
// checked once per call against the child's foreign keys; the rows are then
// read by an ordinary select (one condition on the child's key column), so
// statements are cached as for any query.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "core/model/internal/session_plan.hpp"
#include "core/model/session.hpp"

namespace retort {
namespace {

using detail::ModelPlan;
using detail::ResetOnExit;

// A foreign key from one child column to one parent column.
struct Link {
  std::size_t child_column = 0;
  std::size_t parent_column = 0;
};

// The foreign key from `child`'s column `member` to `parent` (the member a
// relationship declares, or the call names). Throws DeclarationError when
// the column has none: the relationship is the compiler's, the key the
// column declaration's, and they can disagree.
Link find_link(const ModelData& child, const ModelData& parent, std::size_t member,
               std::string_view action) {
  const Table& c = child.table;
  const Table& p = parent.table;
  for (const ForeignKey& fk : c.foreign_keys) {
    if (fk.ref_schema != p.schema || fk.ref_table != p.name || fk.columns.size() != 1) continue;
    const ColumnSpec* from = child.find(fk.columns.front());
    const ColumnSpec* to = parent.find(fk.ref_columns.front());
    if (from == nullptr || to == nullptr || child.index_of(*from) != member) continue;
    return Link{member, parent.index_of(*to)};
  }
  Error e = Error::bad_input(
      fmt::format("{}(): {}.{} is not a foreign key to {}", action, c.qualified_name(),
                  child.columns[member].name, p.qualified_name()),
      fmt::format("declare .foreign_key(...) to {} on it, or follow the member that has one",
                  p.qualified_name()));
  e.on(c.qualified_name(), child.columns[member].name);
  throw DeclarationError(std::move(e));
}

// The value of `object`'s column that a foreign key references; an empty
// one (the object was never added) is a DatabaseError.
FieldValue referenced_value(const ModelData& model, std::size_t column, const void* object,
                            std::string_view action) {
  const FieldAccess& access = *model.columns[column].access;
  if (access.is_null(object)) {
    throw DatabaseError(
        Error::bad_input(fmt::format("{}(): the {} object has no {} value", action,
                                     model.table.qualified_name(), model.columns[column].name),
                         "add() it first, or get() it from the database")
            .on(model.table.qualified_name(), model.columns[column].name));
  }
  return access.get(object);
}

// Values are looked up by their ordering; FieldValue's alternatives all have one.
using Owners = std::map<FieldValue, std::vector<std::size_t>>;

}  // namespace

std::vector<std::vector<std::size_t>> Session::related_objects(
    const std::shared_ptr<const ModelData>& child, const ModelData& parent, const void* parents,
    std::size_t stride, std::size_t count, std::size_t member, detail::NextObject next,
    void* context, detail::ReserveObjects reserve) {
  const Link link = find_link(*child, parent, member, "related");
  Owners owners;
  for (std::size_t i = 0; i < count; ++i) {
    const void* object = static_cast<const char*>(parents) + i * stride;
    owners[referenced_value(parent, link.parent_column, object, "related")].push_back(i);
  }
  std::vector<std::vector<std::size_t>> out;
  if (owners.empty()) return out;

  // One IN list per chunk of distinct keys, under the parameter limit.
  const std::size_t chunk = static_cast<std::size_t>(std::max(1, dialect().max_parameters() - 2));
  std::vector<FieldValue> values;
  for (auto it = owners.begin(); it != owners.end();) {
    values.clear();
    for (; it != owners.end() && values.size() < chunk; ++it) values.push_back(it->first);
    detail::SelectSpec spec;
    spec.model = child;
    spec.where = values.size() == 1 ? detail::make_compare(link.child_column, "=", values.front())
                                    : detail::make_list(detail::ConditionNode::Kind::kIn,
                                                        link.child_column, values);
    for (std::size_t k : plan(*child).primary_key) spec.order.emplace_back(k, false);
    // Each row's key is read when the next row is asked for (the caller's
    // vector may move its objects as it grows, not before).
    struct Sink {
      detail::NextObject next;
      detail::ReserveObjects reserve;
      void* context;
      const FieldAccess* key;
      void* last = nullptr;
      std::vector<FieldValue> keys;
      void take_last() {
        if (last != nullptr) keys.push_back(key->get(last));
      }
    } sink{next, reserve, context, child->columns[link.child_column].access.get(), nullptr, {}};
    (void)select_objects(
        spec,
        [](void* ctx) -> void* {
          auto& s = *static_cast<Sink*>(ctx);
          s.take_last();
          return s.last = s.next(s.context);
        },
        &sink,
        [](void* ctx, std::size_t n) {
          auto& s = *static_cast<Sink*>(ctx);
          if (s.reserve != nullptr) s.reserve(s.context, n);
        });
    sink.take_last();
    for (const FieldValue& k : sink.keys) out.push_back(owners.at(k));
  }
  return out;
}

void Session::linked_objects(const std::shared_ptr<const ModelData>& child, const ModelData& parent,
                             const ModelData& links, const void* object,
                             std::array<std::size_t, 2> members, detail::NextObject next,
                             void* context) {
  const Link to_parent = find_link(links, parent, members[0], "related");
  const Link to_child = find_link(links, *child, members[1], "related");
  const FieldValue value = referenced_value(parent, to_parent.parent_column, object, "related");
  const Dialect& d = dialect();
  ModelPlan& c = plan(*child);
  // SELECT child FROM child WHERE key IN (SELECT link.child FROM link WHERE link.parent = ?)
  std::string sql = "SELECT " + c.select_list + " FROM " + c.table + " WHERE " +
                    d.quote_identifier(child->columns[to_child.parent_column].name) +
                    " IN (SELECT " + d.quote_identifier(links.columns[to_child.child_column].name) +
                    " FROM " + plan(links).table + " WHERE " +
                    d.quote_identifier(links.columns[to_parent.child_column].name) + " = " +
                    d.placeholder(0) + ")";
  for (std::size_t k = 0; k < c.primary_key.size(); ++k) {
    sql += k == 0 ? " ORDER BY " : ", ";
    sql += d.quote_identifier(child->columns[c.primary_key[k]].name);
  }
  PreparedStatement& st = prepare(sql);
  ResetOnExit reset(st);
  detail::bind_field_value(st, 0, value);
  for (;;) {
    Result<bool> row = st.step();
    if (!row) fail(std::move(row).error(), child.get());
    if (!*row) break;
    Status read = detail::read_row(*child, c, next(context), st);
    if (!read) fail(std::move(read).error(), child.get());
  }
}

bool Session::link_objects(const ModelData& a_model, const void* a, const ModelData& b_model,
                           const void* b, const ModelData& links,
                           std::array<std::size_t, 2> members, bool insert) {
  const std::string_view action = insert ? "link" : "unlink";
  const Link to_a = find_link(links, a_model, members[0], action);
  const Link to_b = find_link(links, b_model, members[1], action);
  const FieldValue values[] = {referenced_value(a_model, to_a.parent_column, a, action),
                               referenced_value(b_model, to_b.parent_column, b, action)};
  const Dialect& d = dialect();
  const std::string column_a = d.quote_identifier(links.columns[to_a.child_column].name);
  const std::string column_b = d.quote_identifier(links.columns[to_b.child_column].name);
  const std::string& table = plan(links).table;
  const std::string sql =
      insert ? "INSERT INTO " + table + " (" + column_a + ", " + column_b + ") VALUES (" +
                   d.placeholder(0) + ", " + d.placeholder(1) + ")"
             : "DELETE FROM " + table + " WHERE " + column_a + " = " + d.placeholder(0) + " AND " +
                   column_b + " = " + d.placeholder(1);
  PreparedStatement& st = prepare(sql);
  ResetOnExit reset(st);
  detail::bind_field_value(st, 0, values[0]);
  detail::bind_field_value(st, 1, values[1]);
  Result<bool> row = st.step();
  if (!row) fail(std::move(row).error(), &links);
  return st.rows_affected() > 0;
}

void Session::parent_object(const ModelData& child, const std::shared_ptr<const ModelData>& parent,
                            const void* object, std::size_t member, detail::NextObject next,
                            void* context) {
  const Link link = find_link(child, *parent, member, "parent");
  FieldValue value = child.columns[link.child_column].access->get(object);
  if (std::holds_alternative<std::monostate>(value)) return;
  detail::SelectSpec spec;
  spec.model = parent;
  spec.where = detail::make_compare(link.parent_column, "=", std::move(value));
  spec.limit = 1;
  (void)select_objects(spec, next, context);
}

}  // namespace retort
