// retort: the models as a schema to compare (models.toml, validated).
//
// Normalised by the Dialect, so the models compare equal to the live
// database and to the schema history builds (history_schema.hpp) when they
// agree.
#pragma once

#include <filesystem>

#include "core/dialect.hpp"

namespace retort::migrations {

// Reads and validates models.toml (names checked against the dialect's
// identifier limit), then normalises it for `dialect`. A bad file is
// kBadInput naming its line.
Result<MetaData> load_models(const std::filesystem::path& models_file, const Dialect& dialect);

}  // namespace retort::migrations
