#include "tests/migrations/catalog_snapshot.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace retort::testing {
namespace {

std::string cell(const Cell& c) { return c ? *c : "NULL"; }

std::string joined(const Row& row) {
  std::string out;
  for (const Cell& c : row) out += "|" + cell(c);
  return out;
}

std::string squeezed(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The items of a CREATE TABLE's body (columns and constraints), split at
// commas outside parentheses, quotes and comments, each with its spaces
// squeezed. SQLite keeps the statement's text, and ALTER TABLE ADD COLUMN
// splices into it, so items are compared, not the text.
std::vector<std::string> table_items(std::string_view sql) {
  std::size_t open = sql.find('(');
  std::size_t close = sql.rfind(')');
  std::vector<std::string> items;
  if (open == std::string_view::npos || close == std::string_view::npos) return {std::string(sql)};
  std::string_view body = sql.substr(open + 1, close - open - 1);
  int depth = 0;
  std::string current;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      char end = c == '[' ? ']' : c;
      std::size_t j = body.find(end, i + 1);
      if (j == std::string_view::npos) j = body.size() - 1;
      current += body.substr(i, j - i + 1);
      i = j;
      continue;
    }
    if (c == '/' && i + 1 < body.size() && body[i + 1] == '*') {
      std::size_t j = body.find("*/", i + 2);
      j = j == std::string_view::npos ? body.size() - 1 : j + 1;
      current += body.substr(i, j - i + 1);
      i = j;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      items.push_back(squeezed(current));
      current.clear();
      continue;
    }
    current += c;
  }
  items.push_back(squeezed(current));
  return items;
}

Status add_rows(Connection& conn, const std::string& prefix, const std::string& sql,
                const std::vector<Cell>& params, std::vector<std::string>& out) {
  Result<Rows> rows = conn.query(sql, params);
  if (!rows) return std::move(rows).error();
  for (const Row& row : rows->rows) out.push_back(prefix + joined(row));
  return {};
}

Result<std::vector<std::string>> sqlite_snapshot(Connection& conn, const std::string& version) {
  std::vector<std::string> out;
  Result<Rows> objects = conn.query(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND "
      "tbl_name <> ?",
      {version});
  if (!objects) return std::move(objects).error();
  for (const Row& row : objects->rows) {
    const std::string type = cell(row[0]);
    const std::string name = cell(row[1]);
    if (type == "table") {
      for (const std::string& item : table_items(cell(row[3])))
        out.push_back("table-item|" + name + "|" + item);
      // The pragmas say how SQLite itself reads the definition.
      Status s = add_rows(conn, "column|" + name,
                          "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM "
                          "pragma_table_xinfo(?)",
                          {name}, out);
      if (!s) return std::move(s).error();
      s = add_rows(conn, "foreign-key|" + name,
                   "SELECT \"table\", \"from\", \"to\", on_update, on_delete, \"match\" FROM "
                   "pragma_foreign_key_list(?)",
                   {name}, out);
      if (!s) return std::move(s).error();
      // Automatic indexes are numbered in definition order: their names may
      // differ after a rebuild, their columns may not.
      Result<Rows> indexes =
          conn.query("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", {name});
      if (!indexes) return std::move(indexes).error();
      for (const Row& index : indexes->rows) {
        std::vector<std::string> cols;
        Result<Rows> info =
            conn.query("SELECT name, \"desc\", coll, key FROM pragma_index_xinfo(?) ORDER BY seqno",
                       {index[0]});
        if (!info) return std::move(info).error();
        std::string keys;
        for (const Row& key : info->rows) keys += joined(key);
        const bool automatic = cell(index[2]) != "c";
        out.push_back("index|" + name + "|" + (automatic ? "(automatic)" : cell(index[0])) + "|" +
                      cell(index[1]) + "|" + cell(index[2]) + "|" + cell(index[3]) + keys);
      }
    } else if (row[3]) {
      out.push_back(type + "|" + name + "|" + cell(row[2]) + "|" + squeezed(*row[3]));
    }
  }
  return out;
}

Result<std::vector<std::string>> postgresql_snapshot(Connection& conn, const std::string& version) {
  std::vector<std::string> out;
  const std::string in_schema =
      " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND "
      "c.relname <> $1 ";
  Status s = add_rows(conn, "table",
                      "SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class') FROM "
                      "pg_class c" +
                          in_schema + "AND c.relkind IN ('r', 'p', 'S', 'v')",
                      {version}, out);
  if (!s) return std::move(s).error();
  s = add_rows(conn, "column",
               "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
               "a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid), "
               "col_description(c.oid, a.attnum) FROM pg_attribute a JOIN pg_class c ON c.oid = "
               "a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = "
               "a.attnum" +
                   in_schema +
                   "AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped",
               {version}, out);
  if (!s) return std::move(s).error();
  s = add_rows(conn, "constraint",
               "SELECT c.relname, k.conname, k.contype, k.condeferrable, k.condeferred, "
               "pg_get_constraintdef(k.oid) FROM pg_constraint k JOIN pg_class c ON c.oid = "
               "k.conrelid" +
                   in_schema,
               {version}, out);
  if (!s) return std::move(s).error();
  s = add_rows(conn, "index",
               "SELECT c.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class "
               "i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid" +
                   in_schema,
               {version}, out);
  if (!s) return std::move(s).error();
  return out;
}

}  // namespace

Result<std::vector<std::string>> catalog_snapshot(Connection& conn, const std::string& dialect,
                                                  const std::string& version_table) {
  Result<std::vector<std::string>> lines = dialect == "sqlite"
                                               ? sqlite_snapshot(conn, version_table)
                                               : postgresql_snapshot(conn, version_table);
  if (lines) std::sort(lines->begin(), lines->end());
  return lines;
}

std::string snapshot_difference(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  std::vector<std::string> only_a;
  std::vector<std::string> only_b;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
  std::string out;
  for (const std::string& line : only_a) out += "- " + line + "\n";
  for (const std::string& line : only_b) out += "+ " + line + "\n";
  return out;
}

}  // namespace retort::testing
