// retort: models.toml reader and writer.
//
// read_models() parses and validates a models.toml: unknown types, duplicate
// tables or columns, indexes/constraints naming missing columns, foreign keys
// to missing tables or columns are errors with the file and line (kBadInput).
// Column shorthands (`unique`, `index`, `foreign_key`, `on_delete`) become
// table-level objects named by the naming convention. write_models() is the
// inverse, used by `inspect --format toml`; what it writes reads back equal.
//
// Example:
//   Result<MetaData> md = read_models_file("models.toml");
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/naming.hpp"
#include "core/schema.hpp"

namespace retort {

// `source_name` is the path used in error messages.
Result<MetaData> read_models(std::string_view toml_text, const std::string& source_name);
Result<MetaData> read_models_file(const std::filesystem::path& path);

// Checks references inside a schema (index/constraint columns exist, foreign
// keys point at existing tables/columns, no duplicates). read_models calls it;
// reflected schemas need not.
Status validate(const MetaData& schema, const std::string& source_name);

std::string write_models(const MetaData& schema);

// The naming convention a models file declares in its optional
// [naming_convention] table (defaults otherwise).
NamingConvention default_naming_convention();

}  // namespace retort
