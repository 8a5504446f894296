// retort/postgresql: a view's query in the form two views are compared by.
//
// The query is read with PostgreSQL's own grammar (libpg_query) and compared
// as its parse tree, without source positions, so whitespace, keyword case,
// comments and redundant AS spellings never make a difference. On the tree,
// what pg_get_viewdef adds to a query over one relation is undone for both
// sides: the relation's alias and the qualification of its columns
// (`SELECT h.name AS name FROM hero h` reads as `SELECT name FROM hero`),
// and `public.` before a relation. What needs the catalog to settle (the
// casts the server adds, columns of joined relations it qualifies) is left
// to PgDialect::settle_views, which asks the server; offline such spellings
// differ (docs/views.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::postgresql {

struct ViewQuery {
  // The tree as JSON text; the query trimmed, as written, when the grammar
  // refuses it (it then compares as text, and CREATE VIEW says what is wrong).
  std::string canonical;
  // Every relation the query names ("name", "schema.name"; public is ""),
  // sorted, without duplicates and without the names of its WITH queries.
  std::vector<std::string> relations;
};

ViewQuery read_view_query(std::string_view sql);

}  // namespace retort::postgresql
