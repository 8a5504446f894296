// retort/sqlite: reads the CREATE TABLE / CREATE INDEX text SQLite stores.
//
// The pragmas give columns, types, defaults and foreign-key actions, but not
// constraint names, CHECK expressions, DEFERRABLE, partial-index predicates,
// expression keys or retort's comment markers; those come from here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/schema.hpp"

namespace retort::sqlite {

enum class ConstraintKind { kPrimaryKey, kUnique, kCheck, kForeignKey };

struct ParsedConstraint {
  ConstraintKind kind = ConstraintKind::kCheck;
  std::string name;                  // empty when unnamed
  std::vector<std::string> columns;  // PK/UNIQUE/FK columns (column-level: that column)
  std::string check_sql;             // CHECK: the expression as written
  std::string ref_table;             // FK
  std::vector<std::string> ref_columns;
  std::string on_delete;  // lower case as written, empty when not given
  std::string on_update;
  bool deferrable = false;
  bool initially_deferred = false;
};

struct ParsedColumn {
  std::string name;
  std::string declared_type;
  std::vector<ParsedConstraint> constraints;
  std::vector<std::string> markers;  // the text of each /* retort:... */ comment inside
  std::string collation;             // COLLATE name, as written; empty when none
  std::string generated;             // GENERATED ALWAYS AS (expr): expr as written
  bool generated_stored = false;     // STORED; VIRTUAL (the default) when false
  bool autoincrement = false;        // PRIMARY KEY AUTOINCREMENT
};

struct ParsedTable {
  std::string name;
  std::vector<ParsedColumn> columns;
  std::vector<ParsedConstraint> constraints;  // table-level
  std::vector<std::string> markers;           // retort markers anywhere in the statement
};

struct ParsedIndex {
  std::string name;
  std::string table;
  bool unique = false;
  std::vector<IndexKey> keys;
  std::string where;
};

ParsedTable parse_create_table(std::string_view sql);
ParsedIndex parse_create_index(std::string_view sql);

// retort's comment markers: "/* retort:KEY TEXT */" with TEXT escaped so it
// cannot close the comment. marker_text(m, "comment") is the decoded TEXT, or
// nullopt-like empty `found` when `m` is not that marker.
std::string make_marker(std::string_view key, std::string_view text = {});
bool read_marker(std::string_view comment, std::string_view key, std::string& text);

}  // namespace retort::sqlite
