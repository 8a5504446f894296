// retort: views in dependency order, and the view ops of a diff.
//
// A view reads tables and other views (View::depends_on, filled by the
// dialect from the catalog or the parse tree). Views are created after what
// they read and dropped before it; a view over a table whose columns change
// is dropped before the change and created again after it, because
// PostgreSQL refuses ALTER COLUMN ... TYPE (and DROP COLUMN) under a view
// and SQLite checks its views after each ALTER TABLE.
//
// Example:
//   ViewOrder order = view_order(schema.views);
//   if (!order.cycle.empty()) ...   // "a -> b -> a"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ops.hpp"

namespace retort {

struct ViewOrder {
  std::vector<const View*> order;  // every view, after the views it reads
  std::vector<std::string> cycle;  // views that read each other in a circle; empty when none
};

// REQUIRES: the views stay alive while the result is used.
ViewOrder view_order(const std::vector<View>& views);

// `table_ops` (what compare() found for tables, enums and renames) with the
// view ops around them: drops of removed, changed and affected views first
// (readers before what they read), creates of new, changed and affected
// views last (what they read first). A view is affected when it reads,
// directly or through other views, a table that table_ops renames, drops,
// or whose columns they drop, rename or alter in type, collation or
// generation, or a view that is dropped or changed; or when its query calls
// (by the text "name(") a function that table_ops drop, as they do one they
// replace by a drop and a create (core/object_diff.hpp).
std::vector<Op> with_view_ops(const MetaData& from, const MetaData& to, std::vector<Op> table_ops);

// Whether `sql` calls one of `names` (lower case; "name(", "schema.name (",
// "\"Name\"(", ...), in any case. Read as text, not parsed: what only mentions a name so is dropped
// and created again for nothing, which is safe.
bool calls_any(std::string_view sql, const std::vector<std::string>& names);

// Whether `sql` has `word` (lower case) as a whole word, in any case. Read
// as text, not parsed: a mention in a string counts too.
bool names_word(std::string_view sql, const std::string& word);

// "schema.name" or "name": the key depends_on uses.
std::string view_key(const std::string& schema, const std::string& name);

}  // namespace retort
