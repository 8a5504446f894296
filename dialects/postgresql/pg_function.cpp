#include "dialects/postgresql/pg_function.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pg_query.h>

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/internal/text.hpp"
#include "dialects/postgresql/pg_tree.hpp"

namespace retort::postgresql {
namespace {

using Json = nlohmann::json;

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  return fmt::format("{}", fmt::join(parts, separator));
}

// The statement's tree, or the grammar's complaint.
struct Parsed {
  Json tree;  // the list of statements
  std::string error;
};

Parsed parse(const std::string& sql) {
  Parsed out;
  PgQueryParseResult r = pg_query_parse(sql.c_str());
  if (r.error != nullptr) {
    out.error = r.error->message != nullptr ? r.error->message : "syntax error";
  } else if (r.parse_tree != nullptr) {
    Json doc = Json::parse(r.parse_tree, nullptr, false);
    if (doc.is_object() && doc.contains("stmts")) out.tree = doc["stmts"];
    restore_integers(out.tree, sql);
  }
  pg_query_free_parse_result(r);
  return out;
}

// A body's text with what cannot change its meaning settled: CR LF and CR
// as LF, and the blanks at the end of each line.
std::string settled_body(std::string_view body) {
  std::string out;
  std::string line;
  auto flush = [&](bool newline) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
    out += line;
    if (newline) out += '\n';
    line.clear();
  };
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\r') {
      if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
      flush(true);
    } else if (c == '\n') {
      flush(true);
    } else {
      line += c;
    }
  }
  flush(false);
  return out;
}

// A SQL-language body as its parse tree, when the grammar reads it.
std::optional<Json> sql_body_tree(const std::string& body, std::set<std::string>& relations) {
  Parsed p = parse(body);
  if (!p.error.empty() || !p.tree.is_array()) return std::nullopt;
  settle_tree(p.tree, relations);
  return p.tree;
}

std::string mode_of(const Json& param) {
  std::string mode = param.value("mode", "FUNC_PARAM_DEFAULT");
  if (mode == "FUNC_PARAM_DEFAULT") mode = "FUNC_PARAM_IN";
  return mode;
}

// "integer", "VARIADIC text[]", "OUT integer" (procedures).
std::string identity_argument(const std::string& mode, const std::string& type) {
  if (mode == "FUNC_PARAM_INOUT") return "INOUT " + type;
  if (mode == "FUNC_PARAM_VARIADIC") return "VARIADIC " + type;
  if (mode == "FUNC_PARAM_OUT") return "OUT " + type;
  return type;
}

void read_name(const Json& list, FunctionStatement& out) {
  std::vector<std::string> names;
  for (const Json& n : list) names.push_back(sval(n));
  if (names.empty()) return;
  out.name = names.back();
  if (names.size() >= 2 && names[names.size() - 2] != "public")
    out.schema = names[names.size() - 2];
}

// The type's name without array brackets, for depends_on.
std::string base_type(std::string type) {
  while (type.ends_with("[]")) type.resize(type.size() - 2);
  return type;
}

// A DefElem's value: a number, word or string as text, a type or function
// name as the server prints it, true when it has none (FINALFUNC_EXTRA).
Json option_value(const Json& arg) {
  if (arg.is_null()) return true;
  if (arg.contains("String")) return sval(arg);
  if (arg.contains("Integer")) return std::to_string(arg["Integer"].value("ival", 0));
  if (arg.contains("Float")) return arg["Float"].value("fval", "");
  if (arg.contains("Boolean")) return arg["Boolean"].value("boolval", false);
  if (arg.contains("TypeName")) return type_text(arg["TypeName"], true);
  if (arg.contains("List")) {
    Json items = Json::array();
    for (const Json& i : arg["List"].value("items", Json::array()))
      items.push_back(option_value(i));
    return items;
  }
  Json copy = arg;
  std::set<std::string> ignored;
  settle_tree(copy, ignored);
  return copy;
}

void read_function(const Json& stmt, FunctionStatement& out) {
  out.routine = stmt.value("is_procedure", false) ? "procedure" : "function";
  read_name(stmt.value("funcname", Json::array()), out);
  std::set<std::string> depends;
  Json params = Json::array();
  Json signature_params = Json::array();
  std::vector<std::string> identity;
  std::vector<std::string> outputs;  // types of OUT and INOUT arguments
  for (const Json& item : stmt.value("parameters", Json::array())) {
    const Json& p = item.contains("FunctionParameter") ? item["FunctionParameter"] : item;
    const std::string mode = mode_of(p);
    const std::string type = type_text(p.value("argType", Json::object()), false);
    depends.insert(base_type(type));
    Json param = {{"name", p.value("name", "")}, {"mode", mode}, {"type", type}};
    signature_params.push_back(param);
    if (p.contains("defexpr")) {
      Json def = p["defexpr"];
      // The server writes a constant default with a cast to the argument's
      // type: `'x'::text` for `'x'`.
      if (def.contains("TypeCast") && def["TypeCast"].contains("arg") &&
          def["TypeCast"]["arg"].contains("A_Const") &&
          type_text(def["TypeCast"].value("typeName", Json::object()), false) == type) {
        def = Json(def["TypeCast"]["arg"]);
      }
      std::set<std::string> ignored;
      settle_tree(def, ignored);
      param["default"] = def;
    }
    params.push_back(param);
    const bool input = mode == "FUNC_PARAM_IN" || mode == "FUNC_PARAM_INOUT" ||
                       mode == "FUNC_PARAM_VARIADIC" ||
                       (out.routine == "procedure" && mode == "FUNC_PARAM_OUT");
    if (input) identity.push_back(identity_argument(mode, type));
    if (mode == "FUNC_PARAM_OUT" || mode == "FUNC_PARAM_INOUT") outputs.push_back(type);
  }
  out.arguments = join(identity, ", ");

  Json returns;
  if (stmt.contains("returnType")) {
    const Json& rt = stmt["returnType"];
    returns = {{"type", type_text(rt, false)}, {"setof", rt.value("setof", false)}};
    depends.insert(base_type(returns["type"].get<std::string>()));
  } else if (out.routine == "function" && !outputs.empty()) {
    returns = {{"type", outputs.size() == 1 ? outputs[0] : std::string("record")},
               {"setof", false}};
  }

  std::map<std::string, Json> options;
  std::string language = "sql";
  for (const Json& item : stmt.value("options", Json::array())) {
    if (!item.contains("DefElem")) continue;
    const Json& d = item["DefElem"];
    const std::string name = d.value("defname", "");
    const Json arg = d.contains("arg") ? d["arg"] : Json();
    if (name == "language") {
      language = detail::lower(sval(arg));
    } else if (name == "set") {
      const Json& set = arg.value("VariableSetStmt", Json::object());
      const std::string kind = set.value("kind", "");
      std::string value = kind == "VAR_SET_CURRENT" ? "FROM CURRENT" : "";
      std::vector<std::string> values;
      for (const Json& a : set.value("args", Json::array())) {
        if (!a.contains("A_Const")) continue;
        const Json v = const_value(a["A_Const"]);
        values.push_back(v.is_string() ? v.get<std::string>() : "null");
      }
      if (value.empty()) value = join(values, ", ");
      options["set " + detail::lower(set.value("name", ""))] = value;
    } else if (name == "as") {
      const Json& items = arg.contains("List") ? arg["List"].value("items", Json::array()) : arg;
      Json body = Json::array();
      for (const Json& i : items) body.push_back(settled_body(sval(i)));
      options["as"] = body;
    } else {
      Json value = option_value(arg);
      if (value.is_string()) value = detail::lower(value.get<std::string>());
      options[name] = value;
    }
  }
  options["language"] = language;
  // The server's defaults say nothing.
  auto drop_if = [&](const std::string& key, const Json& value) {
    const auto it = options.find(key);
    if (it != options.end() && it->second == value) options.erase(it);
  };
  drop_if("volatility", "volatile");
  for (const char* flag : {"strict", "security", "leakproof", "window"}) drop_if(flag, false);
  drop_if("parallel", "unsafe");
  drop_if("cost", language == "c" || language == "internal" ? "1" : "100");
  drop_if("rows", "1000");
  drop_if("rows", "0");
  // A SQL body the grammar reads is compared as a tree. Its unqualified
  // relations are in the first schema of the function's own search_path,
  // where the server looks when it checks the body.
  std::string home;
  if (const auto it = options.find("set search_path"); it != options.end()) {
    const std::string path = it->second.get<std::string>();
    const std::string first = path.substr(0, path.find(','));
    if (first != "public" && first != "$user" && first != "pg_temp" && first != "pg_catalog") {
      home = first;
    }
  }
  auto add_relations = [&](const std::set<std::string>& relations) {
    for (const std::string& r : relations) {
      depends.insert(home.empty() || r.find('.') != std::string::npos ? r : home + "." + r);
    }
  };
  if (language == "sql" && options.count("as") != 0 && options["as"].size() == 1) {
    std::set<std::string> relations;
    if (auto tree = sql_body_tree(options["as"][0].get<std::string>(), relations)) {
      options["as"] = *tree;
      add_relations(relations);
    }
  }
  Json canonical = {{"routine", out.routine}, {"params", params}, {"options", options}};
  if (!returns.is_null()) canonical["returns"] = returns;
  if (stmt.contains("sql_body")) {
    Json body = stmt["sql_body"];
    std::set<std::string> relations;
    settle_tree(body, relations);
    canonical["sql_body"] = body;
    add_relations(relations);
  }
  out.canonical = canonical.dump();
  Json signature = {{"routine", out.routine}, {"params", signature_params}};
  if (!returns.is_null()) signature["returns"] = returns;
  out.signature = signature.dump();
  depends.erase("");
  out.depends_on.assign(depends.begin(), depends.end());
}

// A DefElem's integer of 0 or below, which libpg_query writes without its
// value (pg_tree.hpp): read from the text after `NAME =` at its location.
std::optional<long long> defelem_integer(const Json& d, std::string_view sql) {
  const long long location = d.value("location", -1LL);
  if (location < 0) return std::nullopt;
  std::size_t i = static_cast<std::size_t>(location);
  while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_')) ++i;
  while (i < sql.size() && (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '=')) ++i;
  return integer_at(sql, i);
}

// Whether the argument list of CREATE AGGREGATE name (...) says ORDER BY.
bool ordered_set_text(std::string_view sql) {
  const std::size_t open = sql.find('(');
  if (open == std::string_view::npos) return false;
  int depth = 0;
  std::size_t close = open;
  for (; close < sql.size(); ++close) {
    if (sql[close] == '(') ++depth;
    if (sql[close] == ')' && --depth == 0) break;
  }
  std::string list = detail::lower(sql.substr(open, close - open));
  for (char& c : list) {
    if (std::isspace(static_cast<unsigned char>(c))) c = ' ';
  }
  return list.find("order by") != std::string::npos;
}

void read_aggregate(const Json& stmt, std::string_view sql, FunctionStatement& out) {
  out.routine = "aggregate";
  read_name(stmt.value("defnames", Json::array()), out);
  std::set<std::string> depends;
  // args: [the arguments (a List, or nothing for `*`), the number of direct
  // arguments of an ordered-set aggregate (absent otherwise)].
  const Json args = stmt.value("args", Json::array());
  std::vector<std::string> types;
  if (!args.empty() && args[0].contains("List")) {
    for (const Json& item : args[0]["List"].value("items", Json::array())) {
      const Json& p = item.contains("FunctionParameter") ? item["FunctionParameter"] : item;
      types.push_back(identity_argument(mode_of(p), type_text(p.value("argType", Json()), false)));
      depends.insert(base_type(types.back()));
    }
  }
  int direct = -1;
  if (args.size() > 1 && args[1].contains("Integer")) direct = args[1]["Integer"].value("ival", -1);
  // 0 direct arguments is written like none (pg_tree.hpp): the text says.
  if (direct <= 0 && ordered_set_text(sql)) direct = 0;
  if (direct >= 0 && static_cast<std::size_t>(direct) <= types.size()) {
    const std::vector<std::string> head(types.begin(), types.begin() + direct);
    const std::vector<std::string> tail(types.begin() + direct, types.end());
    out.arguments = (head.empty() ? "" : join(head, ", ") + " ") + "ORDER BY " + join(tail, ", ");
  } else {
    out.arguments = types.empty() ? "*" : join(types, ", ");
  }
  std::map<std::string, Json> definition;
  for (const Json& item : stmt.value("definition", Json::array())) {
    if (!item.contains("DefElem")) continue;
    const Json& d = item["DefElem"];
    Json value = option_value(d.contains("arg") ? d["arg"] : Json());
    if (d.contains("arg") && d["arg"].contains("Integer") &&
        !d["arg"]["Integer"].contains("ival")) {
      if (auto v = defelem_integer(d, sql)) value = std::to_string(*v);
    }
    const std::string name = detail::lower(d.value("defname", ""));
    if (name == "parallel" || name == "finalfunc_modify" || name == "mfinalfunc_modify") {
      if (value.is_string()) value = detail::lower(value.get<std::string>());
    }
    definition[name] = value;
  }
  auto drop_if = [&](const std::string& key, const Json& value) {
    const auto it = definition.find(key);
    if (it != definition.end() && it->second == value) definition.erase(it);
  };
  drop_if("parallel", "unsafe");
  const std::string modify = direct >= 0 ? "read_write" : "read_only";
  drop_if("finalfunc_modify", modify);
  drop_if("mfinalfunc_modify", modify);
  drop_if("sspace", "0");
  drop_if("msspace", "0");
  for (const char* key : {"stype", "mstype"}) {
    if (definition.count(key) != 0 && definition[key].is_string()) {
      depends.insert(base_type(definition[key].get<std::string>()));
    }
  }
  Json canonical = {
      {"routine", out.routine}, {"arguments", out.arguments}, {"definition", definition}};
  out.canonical = canonical.dump();
  Json signature = {
      {"routine", out.routine},
      {"arguments", out.arguments},
      {"stype", definition.count("stype") != 0 ? definition["stype"] : Json()},
      {"finalfunc", definition.count("finalfunc") != 0 ? definition["finalfunc"] : Json()}};
  out.signature = signature.dump();
  depends.erase("");
  out.depends_on.assign(depends.begin(), depends.end());
}

}  // namespace

FunctionStatement read_function_statement(std::string_view sql) {
  FunctionStatement out;
  Parsed p = parse(std::string(sql));
  if (!p.error.empty()) {
    out.error = p.error;
    return out;
  }
  if (!p.tree.is_array() || p.tree.size() != 1 || !p.tree[0].contains("stmt")) {
    out.error = "expected exactly one statement";
    return out;
  }
  const Json& stmt = p.tree[0]["stmt"];
  if (stmt.contains("CreateFunctionStmt")) {
    read_function(stmt["CreateFunctionStmt"], out);
  } else if (stmt.contains("DefineStmt") &&
             stmt["DefineStmt"].value("kind", "") == "OBJECT_AGGREGATE") {
    read_aggregate(stmt["DefineStmt"], sql, out);
  } else {
    out.error = "not a CREATE FUNCTION, CREATE PROCEDURE or CREATE AGGREGATE statement";
  }
  return out;
}

}  // namespace retort::postgresql
