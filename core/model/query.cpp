// The query DSL's non-template half: building and rendering conditions.
#include "core/model/query.hpp"

#include <fmt/format.h>

#include <type_traits>

#include "core/model/query_spec.hpp"

namespace retort::detail {

std::size_t column_index(const ModelData& model, const std::type_info& type,
                         const void* member_pointer) {
  const ColumnSpec* column = model.column_for(type, member_pointer);
  if (column == nullptr) throw_not_a_column(model);
  return model.index_of(*column);
}

ConditionPtr make_compare(std::size_t column, std::string_view op, FieldValue value,
                          const ModelData* model) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = ConditionNode::Kind::kCompare;
  node->op = op;
  node->model = model;
  node->column = column;
  node->values.push_back(std::move(value));
  return node;
}

ConditionPtr make_list(ConditionNode::Kind kind, std::size_t column, std::vector<FieldValue> values,
                       const ModelData* model) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = kind;
  node->model = model;
  node->column = column;
  node->values = std::move(values);
  return node;
}

ConditionPtr make_unary(ConditionNode::Kind kind, std::size_t column, const ModelData* model) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = kind;
  node->model = model;
  node->column = column;
  return node;
}

ConditionPtr make_logic(ConditionNode::Kind kind, ConditionPtr left, ConditionPtr right) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = kind;
  node->left = std::move(left);
  node->right = std::move(right);
  return node;
}

ConditionPtr make_compare_columns(const ModelData* model, std::size_t column, std::string_view op,
                                  const ModelData* other_model, std::size_t other_column) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = ConditionNode::Kind::kCompareColumn;
  node->op = op;
  node->model = model;
  node->column = column;
  node->other_model = other_model;
  node->other_column = other_column;
  return node;
}

ConditionPtr make_query_condition(ConditionNode::Kind kind, const ModelData* model,
                                  std::size_t column, std::shared_ptr<const QuerySpec> query) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = kind;
  node->model = model;
  node->column = column;
  node->query = std::move(query);
  return node;
}

std::string contains_pattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  out += '%';
  return out;
}

namespace {

// Appends the column `column` of `model` (nullptr: the scope's first
// table), qualified as the scope that has the model requires.
void render_column(const ModelData* model, std::size_t column, const QueryScope& scope,
                   const Dialect& d, std::string& sql) {
  const ModelData* m = model != nullptr ? model : scope.tables.front();
  for (const QueryScope* s = &scope; s != nullptr; s = s->outer) {
    for (std::size_t i = 0; i < s->tables.size(); ++i) {
      if (s->tables[i] != m) continue;
      if (!s->prefix.empty()) {
        sql += d.quote_identifier(s->prefix + std::to_string(i));
        sql += '.';
      } else if (s != &scope) {  // an enclosing single-table query's column
        sql += d.qualified(m->table.schema, m->table.name);
        sql += '.';
      }
      sql += d.quote_identifier(m->columns[column].name);
      return;
    }
  }
  throw DeclarationError(
      Error::bad_input(
          fmt::format("the query names a column of {} ({}), a table it has not joined",
                      m->table.qualified_name(), m->columns[column].name),
          "join the model first (join<T>()), or use outer() for a column of the enclosing query")
          .on(m->table.qualified_name(), m->columns[column].name));
}

}  // namespace

void render_condition(const ConditionNode& node, const QueryScope& scope, const Dialect& dialect,
                      std::string& sql, std::vector<const FieldValue*>& params) {
  using Kind = ConditionNode::Kind;
  auto column = [&] { render_column(node.model, node.column, scope, dialect, sql); };
  auto param = [&](const FieldValue& v) {
    sql += dialect.placeholder(static_cast<int>(params.size()));
    params.push_back(&v);
  };
  switch (node.kind) {
    case Kind::kCompare:
      column();
      sql += ' ';
      sql += node.op;
      sql += ' ';
      param(node.values.front());
      return;
    case Kind::kCompareColumn:
      column();
      sql += ' ';
      sql += node.op;
      sql += ' ';
      render_column(node.other_model, node.other_column, scope, dialect, sql);
      return;
    case Kind::kLike:
      column();
      sql += " LIKE ";
      param(node.values.front());
      return;
    case Kind::kILike:
      column();
      sql += ' ';
      sql += dialect.case_insensitive_like();
      sql += ' ';
      param(node.values.front());
      return;
    case Kind::kContains:
      column();
      sql += " LIKE ";
      param(node.values.front());
      sql += " ESCAPE '\\'";
      return;
    case Kind::kIn:
    case Kind::kNotIn: {
      if (node.values.empty()) {  // IN () is not SQL; nothing is in an empty list
        sql += node.kind == Kind::kIn ? "1 = 0" : "1 = 1";
        return;
      }
      column();
      sql += node.kind == Kind::kIn ? " IN (" : " NOT IN (";
      for (std::size_t i = 0; i < node.values.size(); ++i) {
        if (i > 0) sql += ", ";
        param(node.values[i]);
      }
      sql += ')';
      return;
    }
    case Kind::kInQuery:
      column();
      sql += " IN (";
      render_query(*node.query, dialect, &scope, sql, params);
      sql += ')';
      return;
    case Kind::kExists:
      sql += "EXISTS (";
      render_query(*node.query, dialect, &scope, sql, params);
      sql += ')';
      return;
    case Kind::kIsNull:
      column();
      sql += " IS NULL";
      return;
    case Kind::kIsNotNull:
      column();
      sql += " IS NOT NULL";
      return;
    case Kind::kAnd:
    case Kind::kOr:
      sql += '(';
      render_condition(*node.left, scope, dialect, sql, params);
      sql += node.kind == Kind::kAnd ? " AND " : " OR ";
      render_condition(*node.right, scope, dialect, sql, params);
      sql += ')';
      return;
    case Kind::kNot:
      sql += "NOT (";
      render_condition(*node.left, scope, dialect, sql, params);
      sql += ')';
      return;
  }
}

void render_condition(const ConditionNode& node, const ModelData& model, const Dialect& dialect,
                      std::string& sql, std::vector<const FieldValue*>& params) {
  const QueryScope scope{{&model}, {}, nullptr};
  render_condition(node, scope, dialect, sql, params);
}

void bind_field_value(PreparedStatement& st, int index, const FieldValue& value) {
  using Lifetime = PreparedStatement::Lifetime;
  std::visit(
      [&](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) {
          st.bind_null(index);
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          st.bind_int(index, v);
        } else if constexpr (std::is_same_v<V, double>) {
          st.bind_double(index, v);
        } else if constexpr (std::is_same_v<V, bool>) {
          st.bind_bool(index, v);
        } else if constexpr (std::is_same_v<V, std::string>) {
          st.bind_text(index, v);
        } else if constexpr (std::is_same_v<V, Blob>) {
          st.bind_blob(index, v);
        } else if constexpr (std::is_same_v<V, Uuid>) {
          st.bind_text(index, v.to_string(), Lifetime::kCopy);
        } else if constexpr (std::is_same_v<V, Timestamp>) {
          st.bind_text(index, format_timestamp(v), Lifetime::kCopy);
        } else if constexpr (std::is_same_v<V, LocalTimestamp>) {
          st.bind_text(index, format_local_timestamp(v), Lifetime::kCopy);
        } else if constexpr (std::is_same_v<V, Date>) {
          st.bind_text(index, format_date(v), Lifetime::kCopy);
        } else {
          bind_array_value(v, st, index);
        }
      },
      value);
}

}  // namespace retort::detail
