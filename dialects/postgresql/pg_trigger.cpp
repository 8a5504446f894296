#include "dialects/postgresql/pg_trigger.hpp"

#include <pg_query.h>

#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "dialects/postgresql/pg_tree.hpp"

namespace retort::postgresql {
namespace {

using Json = nlohmann::json;

// The casts the server writes around constants in a WHEN clause
// (`'done'::text`) say nothing the column's type does not.
void drop_constant_casts(Json& node) {
  if (node.is_object()) {
    if (node.contains("TypeCast") && node["TypeCast"].contains("arg") &&
        node["TypeCast"]["arg"].contains("A_Const")) {
      node = Json(node["TypeCast"]["arg"]);
      return;
    }
    for (auto& [key, value] : node.items()) drop_constant_casts(value);
  } else if (node.is_array()) {
    for (Json& item : node) drop_constant_casts(item);
  }
}

}  // namespace

TriggerStatement read_trigger_statement(std::string_view sql) {
  TriggerStatement out;
  const std::string text(sql);
  PgQueryParseResult r = pg_query_parse(text.c_str());
  Json tree;
  if (r.error != nullptr) {
    out.error = r.error->message != nullptr ? r.error->message : "syntax error";
  } else if (r.parse_tree != nullptr) {
    tree = Json::parse(r.parse_tree, nullptr, false);
  }
  pg_query_free_parse_result(r);
  if (!out.error.empty()) return out;
  if (!tree.is_object() || !tree.contains("stmts") || tree["stmts"].size() != 1 ||
      !tree["stmts"][0].contains("stmt") || !tree["stmts"][0]["stmt"].contains("CreateTrigStmt")) {
    out.error = "not one CREATE TRIGGER statement";
    return out;
  }
  Json stmt = tree["stmts"][0]["stmt"]["CreateTrigStmt"];
  restore_integers(stmt, text);
  out.name = stmt.value("trigname", "");
  const Json relation = stmt.value("relation", Json::object());
  out.table = relation.value("relname", "");
  out.schema = relation.value("schemaname", "");
  if (out.schema == "public") out.schema.clear();
  std::vector<std::string> function;
  for (const Json& n : stmt.value("funcname", Json::array())) function.push_back(sval(n));
  if (function.size() == 2 && (function[0] == "public" || function[0] == "pg_catalog")) {
    function.erase(function.begin());
  }
  out.function = function.size() == 2 ? function[0] + "." + function[1]
                 : function.empty()   ? std::string()
                                      : function[0];
  out.constraint = stmt.value("isconstraint", false);
  // The key is not the form; OR REPLACE is how, not what.
  for (const char* key : {"trigname", "relation", "replace", "funcname"}) stmt.erase(key);
  stmt["function"] = out.function;
  if (stmt.contains("whenClause")) drop_constant_casts(stmt["whenClause"]);
  std::set<std::string> relations;
  settle_tree(stmt, relations);
  out.canonical = stmt.dump();
  return out;
}

}  // namespace retort::postgresql
