// Session: running a Query over joined models (query_join.hpp). The SQL is
// rendered from the query's shape, so the connection's statement cache
// prepares each shape once; every value is bound.

#include "core/model/internal/session_plan.hpp"
#include "core/model/session.hpp"

namespace retort {

std::size_t Session::run_query(const detail::QuerySpec& spec, detail::ReadRow read, void* context,
                               detail::ReserveObjects reserve) {
  std::string sql;
  std::vector<const FieldValue*> params;
  detail::render_query(spec, dialect(), nullptr, sql, params);
  const ModelData* model = spec.tables.front().model.get();
  PreparedStatement& st = prepare(sql);
  detail::ResetOnExit reset(st);
  for (std::size_t i = 0; i < params.size(); ++i) {
    detail::bind_field_value(st, static_cast<int>(i), *params[i]);
  }
  std::size_t rows = 0;
  for (;;) {
    Result<bool> row = st.step();
    if (!row) fail(std::move(row).error(), model);
    if (!*row) break;
    if (rows == 0 && reserve != nullptr) {
      // PostgreSQL holds the whole result: room for every row at once.
      if (const std::size_t ahead = st.rows_ahead(); ahead > 0) reserve(context, ahead + 1);
    }
    Status s = read(context, st);
    if (!s) fail(std::move(s).error(), nullptr);
    ++rows;
  }
  return rows;
}

void Session::throw_not_one_of(const detail::QuerySpec& spec, std::size_t rows) const {
  detail::throw_not_one(spec.tables.front().model->table.qualified_name(), rows);
}

}  // namespace retort
