// retort: what a migration command reads of the live database.
//
// Every table but the version table, in the default schema and in each
// schema the models name (autogenerate, check, diff) or the ops of a
// revision touch (the runner), so the live schema holds what is compared
// or changed and never the version table.
#pragma once

#include <string>
#include <vector>

#include "core/dialect.hpp"

namespace retort::migrations {

// Schemas in the order first named (tables, then enums), each once; the
// default schema ("") is always read and is not listed.
InspectOptions inspect_options(const MetaData& models, const std::string& version_table);
// Schemas in the order the ops first name them, each once.
InspectOptions inspect_options(const std::vector<Op>& ops, const std::string& version_table);

}  // namespace retort::migrations
