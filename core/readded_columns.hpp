// retort: the columns a list of ops drops and then adds again under their
// own name. Autogenerate writes that for a generated column that calls a
// function replaced by a drop and a create (core/object_diff.hpp): it is
// neither a rename (rename_candidates) nor a loss of values (the lint's
// drop-column), since the values are computed again.
//
// Example:
//   readded_columns({DropColumn{"", "doc", "slug"}, ..., AddColumn{"", "doc", slug}})
//     -> {{"", "doc", "slug"}}
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/ops.hpp"

namespace retort {

using ColumnKey = std::tuple<std::string, std::string, std::string>;  // schema, table, column

std::set<ColumnKey> readded_columns(const std::vector<Op>& ops);

}  // namespace retort
