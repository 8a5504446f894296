// retort/postgresql: repairs to libpg_query's JSON parse trees.
//
// libpg_query 15-4.0 writes an integer constant of 0 or below without its
// value ("ival": {} for 0 and -1 alike), so `x > -1` and `x > 0` would read
// as the same tree. restore_integers() reads each such constant back from
// the statement's text at its location. Call it before source positions
// are stripped.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace retort::postgresql {

// Sets the value of every integer constant (A_Const) of `tree` from `sql`,
// the text it was parsed from.
void restore_integers(nlohmann::json& tree, std::string_view sql);

// The integer at `at` in `sql` (an optional '-', blanks, digits), or nullopt.
std::optional<long long> integer_at(std::string_view sql, std::size_t at);

}  // namespace retort::postgresql
