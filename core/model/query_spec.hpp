// retort: the shape of a query over one or more joined models, and its SQL
// (the non-template half of query_join.hpp; not API: use Session::select).
//
// A QuerySpec lists its tables (the first is FROM, each other one joined
// along a declared foreign key to an earlier one), what it selects (whole
// rows, columns, aggregates), its condition, GROUP BY, ORDER BY and
// LIMIT/OFFSET. render_query() writes one SELECT whose values are all
// bound parameters, so one query shape is one SQL text and one cached
// prepared statement. Tables are aliased "t0", "t1", ... (a subquery's
// "s1t0", ...), so every column is qualified.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/connection.hpp"
#include "core/dialect.hpp"
#include "core/model/model.hpp"
#include "core/model/query.hpp"

namespace retort::detail {

struct QueryTable {
  enum class Join { kFrom, kInner, kLeft };
  std::shared_ptr<const ModelData> model;
  Join join = Join::kFrom;
  // kInner/kLeft: ON t<this>.column = t<other>.other_column
  std::size_t column = 0;
  std::size_t other = 0;
  std::size_t other_column = 0;
};

struct QueryItem {
  enum class Kind { kModel, kColumn, kCountAll, kCount, kSum, kAvg, kMin, kMax };
  Kind kind = Kind::kModel;
  const ModelData* model = nullptr;  // nullptr for kCountAll
  std::size_t column = 0;            // all but kModel and kCountAll
};

struct QueryColumn {
  const ModelData* model = nullptr;
  std::size_t column = 0;
  bool descending = false;  // ORDER BY only
};

struct QuerySpec {
  std::vector<QueryTable> tables;
  std::vector<QueryItem> items;
  ConditionPtr where;
  std::vector<QueryColumn> group_by;
  std::vector<QueryColumn> order;
  // LIMIT and OFFSET, bound (limited: both are rendered).
  bool limited = false;
  FieldValue limits[2];

  void set_limit(std::int64_t n);
  void set_offset(std::int64_t n);
  void add_where(ConditionPtr condition);
  // Joins `model` along the one foreign key between it and a table already
  // in the query (in either direction). `member` (model, column) names the
  // foreign key column when several connect them. Throws DeclarationError
  // when none does, when several do and no member is named, or when the
  // member is not such a foreign key; `action` ("join", "left_join") names
  // the call in the message.
  void add_join(std::shared_ptr<const ModelData> model, bool left,
                std::optional<QueryColumn> member, std::string_view action);
  // The index of `model` in `tables`, or tables.size().
  std::size_t table_of(const ModelData* model) const;
  // For a left-joined `model`: the column that is NULL exactly when no row
  // joined (its ON column); std::nullopt otherwise.
  std::optional<std::size_t> presence_column(const ModelData& model) const;
};

// The SELECT for `spec`; values go to `params` in placeholder order. `outer`
// is the enclosing query's scope for a subquery (nullptr at the top).
void render_query(const QuerySpec& spec, const Dialect& dialect, const QueryScope* outer,
                  std::string& sql, std::vector<const FieldValue*>& params);

// Reads `model`'s columns from the current row, from column `first` on,
// into `object`; a failure is returned naming the table and column.
Status read_model(const ModelData& model, void* object, const PreparedStatement& st, int first);

}  // namespace retort::detail
