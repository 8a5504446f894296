// retort/sqlite: views as SQLite keeps them.
//
// SQLite stores a view's CREATE VIEW text exactly as it was written, so a
// view is compared by its query's tokens: comments dropped, keywords and
// names in one case (SQLite folds both, quoted names included), whitespace
// between tokens one space; string literals and numbers stay as written.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/schema.hpp"

namespace retort::sqlite {

// The query of a stored `CREATE [TEMP] VIEW [IF NOT EXISTS] name AS query`;
// nullopt when the text names the view's columns (`name(a, b) AS`), which a
// View cannot carry, or is not a CREATE VIEW.
std::optional<std::string> stored_view_query(std::string_view create_sql);

// kBadInput for what SQLite views cannot be: materialized, or commented.
Status view_refused(const View& view);

// The comparison form of a query.
std::string canonical_view_query(std::string_view query);

// The view's comparison form and, when it has none, the tables and views of
// `schema` its query names (a name token equal to one, in any case).
void normalize_view(View& view, const MetaData& schema);

}  // namespace retort::sqlite
