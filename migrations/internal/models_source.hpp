// retort: the models as a schema to compare (models.toml, validated).
//
// Normalised by the Dialect, so the models compare equal to the live
// database and to the schema history builds (history_schema.hpp) when they
// agree.
#pragma once

#include <filesystem>

#include "core/dialect.hpp"
#include "core/names.hpp"

namespace retort::migrations {

// What `dialect` allows in names and native types, for check_names().
NameLimit name_limit(const Dialect& dialect);

// Reads and validates models.toml (names checked against the dialect's
// identifier limit, native types by Dialect::check_native_type), then
// normalises it for `dialect`. A bad file is kBadInput naming its line.
Result<MetaData> load_models(const std::filesystem::path& models_file, const Dialect& dialect);

// Normalises declared models for `dialect` and checks what only the
// normalised form shows: views that read each other in a circle are
// kBadInput naming them (at `source` and the first one's line).
Result<MetaData> normalize_models(const MetaData& models, const std::string& source,
                                  const Dialect& dialect);

// kBadInput at `source`:line for the first native column type of `models`
// (normalised) that the database behind `conn` does not define
// (Dialect::unknown_types; one query, none without native types). Enums the
// models declare, and arrays of them, are not asked about: a revision
// creates them.
Status check_types_exist(const MetaData& models, const std::string& source, Connection& conn,
                         const Dialect& dialect);

}  // namespace retort::migrations
