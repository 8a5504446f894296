// retort/postgresql: libpg_query's JSON parse trees, repaired and settled
// for comparison.
//
// libpg_query 15-4.0 writes an integer constant of 0 or below without its
// value ("ival": {} for 0 and -1 alike), so `x > -1` and `x > 0` would read
// as the same tree. restore_integers() reads each such constant back from
// the statement's text at its location. Call it before source positions
// are stripped.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace retort::postgresql {

// Sets the value of every integer constant (A_Const) of `tree` from `sql`,
// the text it was parsed from.
void restore_integers(nlohmann::json& tree, std::string_view sql);

// The integer at `at` in `sql` (an optional '-', blanks, digits), or nullopt.
std::optional<long long> integer_at(std::string_view sql, std::size_t at);

// The text of a String node ({"String": {"sval": ...}}), "" for any other.
std::string sval(const nlohmann::json& node);

// A constant's (A_Const's body) value as text, null for NULL: 1, '1' and
// 1.0 stay apart only by their text.
nlohmann::json const_value(const nlohmann::json& a_const);

// A TypeName as the server prints it ("integer", "character varying(20)",
// "app.mood[]"), without `pg_catalog.` or `public.`; typmods only when
// `typmods` (the server drops them from arguments and results).
std::string type_text(const nlohmann::json& type_name, bool typmods);

// Settles a tree for comparison: no source positions, types as the server
// names them, constants as text ({"const": ...}), `public.` before
// relations dropped; adds the relations it names to `relations` ("name",
// "schema.name").
void settle_tree(nlohmann::json& node, std::set<std::string>& relations);

}  // namespace retort::postgresql
