#include "dialects/postgresql/pg_tree.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace retort::postgresql {

using Json = nlohmann::json;

std::string sval(const Json& node) {
  if (node.is_object() && node.contains("String")) return node["String"].value("sval", "");
  return {};
}

namespace {

// A name list (["pg_catalog", "int4"]) without the schemas that go without
// saying.
std::vector<std::string> names_of(const Json& list) {
  std::vector<std::string> names;
  if (list.is_array()) {
    for (const Json& n : list) names.push_back(sval(n));
  }
  if (names.size() == 2 && (names[0] == "pg_catalog" || names[0] == "public")) {
    names.erase(names.begin());
  }
  return names;
}

// The server's name of a type the grammar spells by its internal name.
std::string sql_type_name(const std::string& name) {
  static const std::map<std::string, std::string> kNames = {
      {"int2", "smallint"},
      {"int4", "integer"},
      {"int8", "bigint"},
      {"float4", "real"},
      {"float8", "double precision"},
      {"bool", "boolean"},
      {"varchar", "character varying"},
      {"bpchar", "character"},
      {"varbit", "bit varying"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp", "timestamp without time zone"},
      {"timetz", "time with time zone"},
      {"time", "time without time zone"},
      {"decimal", "numeric"}};
  const auto it = kNames.find(name);
  return it == kNames.end() ? name : it->second;
}

}  // namespace

// A constant's value as text, whatever its spelling (1, '1', 1.0 stay apart
// only by their text).
Json const_value(const Json& c) {
  if (c.value("isnull", false)) return nullptr;
  if (c.contains("ival")) return std::to_string(c["ival"].value("ival", 0LL));
  if (c.contains("fval")) return c["fval"].value("fval", "");
  if (c.contains("sval")) return c["sval"].value("sval", "");
  if (c.contains("boolval")) return c["boolval"].value("boolval", false) ? "true" : "false";
  if (c.contains("bsval")) return c["bsval"].value("bsval", "");
  return "0";  // an Integer of 0 is written without its value
}

// A TypeName as the server prints it; typmods kept only where they count.
std::string type_text(const Json& tn, bool typmods) {
  std::vector<std::string> names = names_of(tn.value("names", Json::array()));
  if (names.empty()) return {};
  names.back() = sql_type_name(names.back());
  std::string out = names.size() == 2 ? names[0] + "." + names[1] : names.back();
  if (tn.value("pct_type", false)) out += "%TYPE";
  if (typmods && tn.contains("typmods")) {
    std::vector<std::string> mods;
    for (const Json& m : tn["typmods"]) {
      if (m.contains("A_Const")) {
        const Json v = const_value(m["A_Const"]);
        mods.push_back(v.is_string() ? v.get<std::string>() : "null");
      }
    }
    out += "(" + fmt::format("{}", fmt::join(mods, ",")) + ")";
  }
  if (tn.contains("arrayBounds")) {
    for (std::size_t i = 0; i < tn["arrayBounds"].size(); ++i) out += "[]";
  }
  return out;
}

namespace {

bool is_type_name(const Json& node) {
  return node.is_object() && node.contains("names") && node.contains("typemod");
}

}  // namespace

// Settles a tree for comparison: no source positions, types as the server
// names them, constants as text, `public.` before relations dropped; gathers
// the relations it names.
void settle_tree(Json& node, std::set<std::string>& relations) {
  if (node.is_object()) {
    node.erase("location");
    node.erase("stmt_location");
    node.erase("stmt_len");
    if (is_type_name(node)) {
      node = Json{{"type", type_text(node, true)}};
      return;
    }
    if (node.contains("A_Const")) {
      node = Json{{"const", const_value(node["A_Const"])}};
      return;
    }
    if (node.contains("RangeVar")) {
      Json& rv = node["RangeVar"];
      if (rv.value("schemaname", "") == "public") rv.erase("schemaname");
      const std::string schema = rv.value("schemaname", "");
      const std::string name = rv.value("relname", "");
      relations.insert(schema.empty() ? name : schema + "." + name);
    }
    for (auto& [key, value] : node.items()) settle_tree(value, relations);
  } else if (node.is_array()) {
    for (Json& item : node) settle_tree(item, relations);
  }
}

std::optional<long long> integer_at(std::string_view sql, std::size_t at) {
  std::size_t i = at;
  bool negative = false;
  if (i < sql.size() && sql[i] == '-') {
    negative = true;
    ++i;
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  }
  long long value = 0;
  const std::size_t digits = i;
  while (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i]))) {
    if (value > (1LL << 50)) return std::nullopt;
    value = value * 10 + (sql[i] - '0');
    ++i;
  }
  if (i == digits) return std::nullopt;
  return negative ? -value : value;
}

void restore_integers(nlohmann::json& tree, std::string_view sql) {
  if (tree.is_object()) {
    if (tree.contains("A_Const")) {
      nlohmann::json& c = tree["A_Const"];
      if (c.is_object() && c.contains("ival") && c["ival"].is_object() &&
          !c["ival"].contains("ival") && c.contains("location")) {
        const long long location = c.value("location", -1LL);
        if (location >= 0) {
          if (auto v = integer_at(sql, static_cast<std::size_t>(location))) c["ival"]["ival"] = *v;
        }
      }
      return;
    }
    for (auto& [key, value] : tree.items()) restore_integers(value, sql);
  } else if (tree.is_array()) {
    for (nlohmann::json& item : tree) restore_integers(item, sql);
  }
}

}  // namespace retort::postgresql
