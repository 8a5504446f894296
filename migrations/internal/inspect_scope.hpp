// retort: what a migration command reads of the live database.
//
// Every table but retort's own (the version and history tables), in the
// default schema and in each
// schema the models name (autogenerate, check, diff) or the ops of a
// revision touch (the runner), so the live schema holds what is compared
// or changed and never retort's own tables.
#pragma once

#include <string>
#include <vector>

#include "core/dialect.hpp"

namespace retort::migrations {

// Schemas in the order first named (tables, enums, views, then the other
// objects and the declared schemas), each once; the
// default schema ("") is always read and is not listed.
InspectOptions inspect_options(const MetaData& models, const std::vector<std::string>& own_tables);
// Schemas in the order the ops first name them, each once.
InspectOptions inspect_options(const std::vector<Op>& ops,
                               const std::vector<std::string>& own_tables);

}  // namespace retort::migrations
