// retort internals: a view in TOML, as models.toml's [[view]] sections and
// the create_view / drop_view ops write it.
//
//   [[view]]
//   name = "film_list"
//   schema = "app"                      # optional
//   query = "SELECT ..."                # or: sql_file = "views/film_list.sql"
//   materialized = true                 # optional
//   with_data = false                   # materialized: CREATE ... WITH NO DATA
//   comment = "..."
//   indexes = [ { name = "ix_film_list_title", columns = ["title"] } ]
//
// `sql_file` is read relative to the directory of the file the entry is in,
// and only where `base_dir` is given (models.toml): a revision file carries
// its query, so that it stays what was applied when the .sql file changes.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/schema.hpp"

namespace retort::detail {

// `ignored` keys (e.g. "op") are allowed and skipped. A trailing semicolon
// and surrounding blank space of the query are dropped.
Result<View> parse_view(const toml::table& entry, const std::string& source,
                        const std::optional<std::filesystem::path>& base_dir,
                        std::initializer_list<std::string_view> ignored = {});
// The inverse (with `query`, never `sql_file`); keys at their default left out.
toml::table view_toml(const View& view);

}  // namespace retort::detail
