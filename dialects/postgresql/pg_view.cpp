#include "dialects/postgresql/pg_view.hpp"

#include <pg_query.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/internal/text.hpp"
#include "dialects/postgresql/pg_tree.hpp"

namespace retort::postgresql {
namespace {

using Json = nlohmann::json;

// Drops what says where a node was written.
void strip_locations(Json& node) {
  if (node.is_object()) {
    node.erase("location");
    node.erase("stmt_location");
    node.erase("stmt_len");
    for (auto& [key, value] : node.items()) strip_locations(value);
  } else if (node.is_array()) {
    for (Json& item : node) strip_locations(item);
  }
}

std::string string_of(const Json& node) {
  if (node.contains("String")) return node["String"].value("sval", std::string());
  return {};
}

// Applies f to every ColumnRef of `node` outside nested SELECTs.
template <class F>
void for_each_column_ref(Json& node, F&& f) {
  if (node.is_object()) {
    if (node.contains("SelectStmt")) return;
    if (node.contains("ColumnRef")) {
      f(node["ColumnRef"]);
      return;
    }
    for (auto& [key, value] : node.items()) for_each_column_ref(value, f);
  } else if (node.is_array()) {
    for (Json& item : node) for_each_column_ref(item, f);
  }
}

// One SELECT over one relation: its alias and the qualification of its
// columns go; a target named as its column loses the name.
void simplify_select(Json& select) {
  Json& from = select["fromClause"];
  if (from.is_array() && from.size() == 1 && from[0].contains("RangeVar")) {
    Json& rv = from[0]["RangeVar"];
    std::string qualifier = rv.value("relname", std::string());
    if (rv.contains("alias")) {
      qualifier = rv["alias"].value("aliasname", qualifier);
      if (!rv["alias"].contains("colnames")) rv.erase("alias");
    }
    for (const char* clause : {"targetList", "whereClause", "groupClause", "havingClause",
                               "sortClause", "distinctClause", "windowClause"}) {
      if (!select.contains(clause)) continue;
      for_each_column_ref(select[clause], [&](Json& ref) {
        Json& fields = ref["fields"];
        if (fields.is_array() && fields.size() == 2 && string_of(fields[0]) == qualifier) {
          fields.erase(fields.begin());
        }
      });
    }
  }
  if (select.contains("targetList")) {
    for (Json& target : select["targetList"]) {
      if (!target.contains("ResTarget")) continue;
      Json& rt = target["ResTarget"];
      if (!rt.contains("name") || !rt.contains("val") || !rt["val"].contains("ColumnRef")) continue;
      const Json& fields = rt["val"]["ColumnRef"]["fields"];
      if (fields.is_array() && !fields.empty() && string_of(fields.back()) == rt["name"]) {
        rt.erase("name");
      }
    }
  }
}

// Walks the tree: simplifies every SELECT, drops `public.` before
// relations, and gathers the relations and the WITH query names.
void walk(Json& node, std::set<std::string>& relations, std::set<std::string>& ctes) {
  if (node.is_object()) {
    if (node.contains("SelectStmt")) simplify_select(node["SelectStmt"]);
    if (node.contains("RangeVar")) {
      Json& rv = node["RangeVar"];
      if (rv.value("schemaname", std::string()) == "public") rv.erase("schemaname");
      const std::string schema = rv.value("schemaname", std::string());
      const std::string name = rv.value("relname", std::string());
      relations.insert(schema.empty() ? name : schema + "." + name);
    }
    if (node.contains("CommonTableExpr")) {
      ctes.insert(node["CommonTableExpr"].value("ctename", std::string()));
    }
    for (auto& [key, value] : node.items()) walk(value, relations, ctes);
  } else if (node.is_array()) {
    for (Json& item : node) walk(item, relations, ctes);
  }
}

}  // namespace

ViewQuery read_view_query(std::string_view sql) {
  ViewQuery out;
  std::string text = detail::trim(sql);
  while (!text.empty() && text.back() == ';') text = detail::trim(text.substr(0, text.size() - 1));
  out.canonical = text;
  PgQueryParseResult r = pg_query_parse(text.c_str());
  Json tree;
  if (r.error == nullptr && r.parse_tree != nullptr) {
    tree = Json::parse(r.parse_tree, nullptr, false);
  }
  pg_query_free_parse_result(r);
  if (!tree.is_object() || !tree.contains("stmts") || tree["stmts"].size() != 1) return out;
  Json& stmt = tree["stmts"][0];
  restore_integers(stmt, text);
  strip_locations(stmt);
  std::set<std::string> relations;
  std::set<std::string> ctes;
  walk(stmt, relations, ctes);
  for (const std::string& name : relations) {
    if (ctes.count(name) == 0) out.relations.push_back(name);
  }
  out.canonical = stmt.dump();
  return out;
}

}  // namespace retort::postgresql
