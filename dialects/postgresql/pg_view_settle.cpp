// PgDialect::settle_views: asking the server how it would store a declared
// view's query, leaving nothing behind.
//
// Each query is created as a temporary view (its rendering is a regular
// view's: pg_get_viewdef qualifies by the same search_path), read back with
// pg_get_viewdef, and the transaction is rolled back whatever happens. A
// temporary view needs no CREATE on any schema and locks the relations it
// reads in ACCESS SHARE mode only, which no writer waits for; lock_timeout
// bounds the wait behind a pending ACCESS EXCLUSIVE lock. Only views whose
// every relation already exists are rendered: never one over objects the
// same diff would create.
#include <fmt/format.h>

#include <algorithm>

#include "core/view_order.hpp"
#include "dialects/postgresql/pg_dialect.hpp"
#include "dialects/postgresql/pg_view.hpp"

namespace retort::postgresql {
namespace {

bool exists_live(const MetaData& live, const std::string& key) {
  auto matches = [&](const auto& item) { return view_key(item.schema, item.name) == key; };
  return std::any_of(live.tables.begin(), live.tables.end(), matches) ||
         std::any_of(live.views.begin(), live.views.end(), matches);
}

std::string first_line(std::string text) {
  const auto nl = text.find('\n');
  if (nl != std::string::npos) text.resize(nl);
  return text;
}

}  // namespace

std::vector<std::string> PgDialect::settle_views(Connection& conn, const MetaData& live,
                                                 MetaData& declared) const {
  std::vector<std::pair<View*, const View*>> pending;
  for (View& v : declared.views) {
    const View* l = live.find_view(v.schema, v.name);
    if (l == nullptr || l->canonical == v.canonical) continue;
    const bool reads_live = std::all_of(v.depends_on.begin(), v.depends_on.end(),
                                        [&](const std::string& d) { return exists_live(live, d); });
    if (reads_live) pending.emplace_back(&v, l);
  }
  if (pending.empty()) return {};
  const std::string what = fmt::format("{} view{} compared by parse tree only", pending.size(),
                                       pending.size() == 1 ? "" : "s");
  if (conn.in_transaction()) return {what + ": the connection is inside a transaction"};
  Result<Rows> can = conn.query(
      "SELECT current_setting('transaction_read_only') = 'on' OR pg_catalog.pg_is_in_recovery(), "
      "pg_catalog.has_database_privilege(pg_catalog.current_database(), 'TEMP')");
  if (!can || can->rows.empty() || can->rows[0].size() < 2) {
    return {what + ": cannot tell whether the server may render them"};
  }
  if (can->rows[0][0] == Cell{"t"}) {
    return {what +
            ": the connection is read-only, so the server was not asked to render them "
            "(a spelling the server rewrites may show as a change; docs/views.md)"};
  }
  if (can->rows[0][1] != Cell{"t"}) {
    return {what + ": the role may not create temporary objects (TEMP privilege)"};
  }
  std::vector<std::string> notes;
  if (Status s = conn.begin(); !s) return {what + ": " + first_line(s.error().message)};
  if (Status s = conn.execute("SET LOCAL lock_timeout = '2s'"); !s) {
    (void)conn.rollback();
    return {what + ": " + first_line(s.error().message)};
  }
  int n = 0;
  for (auto& [declared_view, live_view] : pending) {
    const std::string temp = fmt::format("retort_settle_{}", n++);
    if (Status s = conn.execute("SAVEPOINT retort_settle"); !s) break;
    Status created =
        conn.execute(fmt::format("CREATE TEMPORARY VIEW {} AS\n{}", temp, declared_view->query));
    Result<Rows> rendered =
        created ? conn.query(fmt::format("SELECT pg_catalog.pg_get_viewdef('pg_temp.{}'::regclass, "
                                         "true)",
                                         temp))
                : Result<Rows>(created.error());
    if (!rendered || rendered->rows.empty() || rendered->rows[0].empty() || !rendered->rows[0][0]) {
      notes.push_back(fmt::format(
          "{} compared as written: the server could not read its declared query ({})",
          declared_view->describe(),
          rendered ? std::string("no rendering") : first_line(rendered.error().message)));
      if (Status s = conn.execute("ROLLBACK TO SAVEPOINT retort_settle"); !s) break;
      continue;
    }
    if (read_view_query(*rendered->rows[0][0]).canonical == live_view->canonical) {
      declared_view->canonical = live_view->canonical;
    }
    if (Status s = conn.execute("RELEASE SAVEPOINT retort_settle"); !s) break;
  }
  (void)conn.rollback();
  return notes;
}

}  // namespace retort::postgresql
