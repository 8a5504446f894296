// The query DSL's non-template half: building and rendering conditions.
#include "core/model/query.hpp"

#include <type_traits>

namespace retort::detail {

std::size_t column_index(const ModelData& model, const std::type_info& type,
                         const void* member_pointer) {
  const ColumnSpec* column = model.column_for(type, member_pointer);
  if (column == nullptr) throw_not_a_column(model);
  return model.index_of(*column);
}

ConditionPtr make_compare(std::size_t column, std::string_view op, FieldValue value) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = ConditionNode::Kind::kCompare;
  node->op = op;
  node->column = column;
  node->values.push_back(std::move(value));
  return node;
}

ConditionPtr make_list(ConditionNode::Kind kind, std::size_t column,
                       std::vector<FieldValue> values) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = kind;
  node->column = column;
  node->values = std::move(values);
  return node;
}

ConditionPtr make_unary(ConditionNode::Kind kind, std::size_t column) {
  auto node = std::make_shared<ConditionNode>();
  node->kind = kind;
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

void render_condition(const ConditionNode& node, const ModelData& model, const Dialect& dialect,
                      std::string& sql, std::vector<const FieldValue*>& params) {
  using Kind = ConditionNode::Kind;
  auto column = [&] { sql += dialect.quote_identifier(model.columns[node.column].name); };
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
    case Kind::kLike:
      column();
      sql += " LIKE ";
      param(node.values.front());
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
      render_condition(*node.left, model, dialect, sql, params);
      sql += node.kind == Kind::kAnd ? " AND " : " OR ";
      render_condition(*node.right, model, dialect, sql, params);
      sql += ')';
      return;
    case Kind::kNot:
      sql += "NOT (";
      render_condition(*node.left, model, dialect, sql, params);
      sql += ')';
      return;
  }
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
        } else {
          st.bind_text(index, format_date(v), Lifetime::kCopy);
        }
      },
      value);
}

}  // namespace retort::detail
