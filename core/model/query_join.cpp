// Queries over joined models, the non-template half: joining along the
// declared foreign keys, rendering the SELECT, reading a model's columns
// from a row at an offset.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "core/model/errors.hpp"
#include "core/model/query_spec.hpp"

namespace retort::detail {
namespace {

// The single-column foreign keys of `child` that reference `parent`.
std::vector<std::pair<std::size_t, std::size_t>> foreign_keys(const ModelData& child,
                                                              const ModelData& parent) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const Table& p = parent.table;
  for (const ForeignKey& fk : child.table.foreign_keys) {
    if (fk.ref_schema != p.schema || fk.ref_table != p.name || fk.columns.size() != 1) continue;
    const ColumnSpec* from = child.find(fk.columns.front());
    const ColumnSpec* to = parent.find(fk.ref_columns.front());
    if (from == nullptr || to == nullptr) continue;
    out.emplace_back(child.index_of(*from), parent.index_of(*to));
  }
  return out;
}

std::string column_name(const ModelData& model, std::size_t column) {
  return model.table.qualified_name() + "." + model.columns[column].name;
}

}  // namespace

void QuerySpec::set_limit(std::int64_t n) {
  if (!limited) limits[1] = std::int64_t{0};
  limits[0] = n;
  limited = true;
}

void QuerySpec::set_offset(std::int64_t n) {
  // No limit with an offset is the largest one.
  if (!limited) limits[0] = std::numeric_limits<std::int64_t>::max();
  limits[1] = n;
  limited = true;
}

void QuerySpec::add_where(ConditionPtr condition) {
  where = where ? make_logic(ConditionNode::Kind::kAnd, where, std::move(condition))
                : std::move(condition);
}

std::size_t QuerySpec::table_of(const ModelData* model) const {
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (tables[i].model.get() == model) return i;
  }
  return tables.size();
}

std::optional<std::size_t> QuerySpec::presence_column(const ModelData& model) const {
  const std::size_t i = table_of(&model);
  if (i == tables.size() || tables[i].join != QueryTable::Join::kLeft) return std::nullopt;
  return tables[i].column;
}

void QuerySpec::add_join(std::shared_ptr<const ModelData> model, bool left,
                         std::optional<QueryColumn> member, std::string_view action) {
  const ModelData& added = *model;
  std::vector<QueryTable> found;
  std::vector<std::pair<std::size_t, std::string>> candidates;  // by column, for the message
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const ModelData& existing = *tables[t].model;
    // The new model's keys to the existing one, then the existing one's keys to it.
    for (auto [child, parent] : foreign_keys(added, existing)) {
      if (member && (member->model != &added || member->column != child)) continue;
      found.push_back(QueryTable{model, QueryTable::Join::kInner, child, t, parent});
      candidates.emplace_back(child, column_name(added, child));
    }
    for (auto [child, parent] : foreign_keys(existing, added)) {
      if (member && (member->model != &existing || member->column != child)) continue;
      found.push_back(QueryTable{model, QueryTable::Join::kInner, parent, t, child});
      candidates.emplace_back(child, column_name(existing, child));
    }
  }
  if (found.size() == 1) {
    found.front().join = left ? QueryTable::Join::kLeft : QueryTable::Join::kInner;
    tables.push_back(std::move(found.front()));
    return;
  }
  std::string joined;
  for (const QueryTable& t : tables) {
    joined += (joined.empty() ? "" : ", ") + t.model->table.qualified_name();
  }
  const std::string name = added.table.qualified_name();
  Error e = Error::bad_input("");
  if (found.empty() && member) {
    e = Error::bad_input(
        fmt::format("{}<{}>(): {} is not a foreign key between {} and the query's tables ({})",
                    action, name, column_name(*member->model, member->column), name, joined),
        "name a member declared .foreign_key(...) from one of them to the other");
  } else if (found.empty()) {
    e = Error::bad_input(
        fmt::format("{}<{}>(): no foreign key connects {} with {}", action, name, name, joined),
        fmt::format("declare .foreign_key(...) between {} and one of {}", name, joined));
  } else {
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string list;
    for (const auto& [column, text] : candidates) list += (list.empty() ? "" : ", ") + text;
    e = Error::bad_input(
        fmt::format("{}<{}>(): {} foreign keys connect {} with the query's tables ({}); name the "
                    "member",
                    action, name, found.size(), name, list),
        fmt::format("pass the foreign key member, e.g. {}<T>(&M::member)", action));
  }
  e.on(name);
  throw DeclarationError(std::move(e));
}

void render_query(const QuerySpec& spec, const Dialect& d, const QueryScope* outer,
                  std::string& sql, std::vector<const FieldValue*>& params) {
  int depth = 0;
  for (const QueryScope* s = outer; s != nullptr; s = s->outer) ++depth;
  QueryScope scope;
  scope.prefix = depth == 0 ? "t" : fmt::format("s{}t", depth);
  scope.outer = outer;
  for (const QueryTable& t : spec.tables) scope.tables.push_back(t.model.get());
  auto alias = [&](std::size_t i) { return d.quote_identifier(scope.prefix + std::to_string(i)); };
  auto column = [&](const ModelData* model, std::size_t c) {
    return alias(spec.table_of(model)) + "." + d.quote_identifier(model->columns[c].name);
  };

  sql += "SELECT ";
  for (std::size_t k = 0; k < spec.items.size(); ++k) {
    const QueryItem& item = spec.items[k];
    if (k > 0) sql += ", ";
    using Kind = QueryItem::Kind;
    const bool integer =
        item.model != nullptr && item.model->columns[item.column].access->kind() == FieldKind::kInt;
    switch (item.kind) {
      case Kind::kModel:
        for (std::size_t c = 0; c < item.model->columns.size(); ++c) {
          if (c > 0) sql += ", ";
          sql += column(item.model, c);
        }
        break;
      case Kind::kColumn:
        sql += column(item.model, item.column);
        break;
      case Kind::kCountAll:
        sql += "COUNT(*)";
        break;
      case Kind::kCount:
        sql += "COUNT(" + column(item.model, item.column) + ")";
        break;
      case Kind::kSum:  // PostgreSQL sums a bigint as numeric: read it as one
        sql += integer ? "CAST(SUM(" + column(item.model, item.column) + ") AS BIGINT)"
                       : "SUM(" + column(item.model, item.column) + ")";
        break;
      case Kind::kAvg:
        sql += "CAST(AVG(" + column(item.model, item.column) + ") AS DOUBLE PRECISION)";
        break;
      case Kind::kMin:
        sql += "MIN(" + column(item.model, item.column) + ")";
        break;
      case Kind::kMax:
        sql += "MAX(" + column(item.model, item.column) + ")";
        break;
    }
  }
  for (std::size_t i = 0; i < spec.tables.size(); ++i) {
    const QueryTable& t = spec.tables[i];
    switch (t.join) {
      case QueryTable::Join::kFrom:
        sql += " FROM ";
        break;
      case QueryTable::Join::kInner:
        sql += " JOIN ";
        break;
      case QueryTable::Join::kLeft:
        sql += " LEFT JOIN ";
        break;
    }
    sql += d.qualified(t.model->table.schema, t.model->table.name) + " AS " + alias(i);
    if (t.join != QueryTable::Join::kFrom) {
      sql += " ON " + alias(i) + "." + d.quote_identifier(t.model->columns[t.column].name) + " = " +
             alias(t.other) + "." +
             d.quote_identifier(spec.tables[t.other].model->columns[t.other_column].name);
    }
  }
  if (spec.where) {
    sql += " WHERE ";
    render_condition(*spec.where, scope, d, sql, params);
  }
  for (std::size_t k = 0; k < spec.group_by.size(); ++k) {
    sql += k == 0 ? " GROUP BY " : ", ";
    sql += column(spec.group_by[k].model, spec.group_by[k].column);
  }
  for (std::size_t k = 0; k < spec.order.size(); ++k) {
    sql += k == 0 ? " ORDER BY " : ", ";
    sql += column(spec.order[k].model, spec.order[k].column);
    sql += spec.order[k].descending ? " DESC" : " ASC";
  }
  if (spec.limited) {
    sql += " LIMIT " + d.placeholder(static_cast<int>(params.size()));
    params.push_back(&spec.limits[0]);
    sql += " OFFSET " + d.placeholder(static_cast<int>(params.size()));
    params.push_back(&spec.limits[1]);
  }
}

Status read_model(const ModelData& model, void* object, const PreparedStatement& st, int first) {
  for (std::size_t i = 0; i < model.columns.size(); ++i) {
    Status s = model.columns[i].access->read(object, st, first + static_cast<int>(i));
    if (!s) {
      Error e = std::move(s).error();
      e.on(model.table.qualified_name(), model.columns[i].name);
      return e;
    }
  }
  return {};
}

}  // namespace retort::detail
