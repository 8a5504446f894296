#include "migrations/internal/models_source.hpp"

#include "core/models_toml.hpp"

namespace retort::migrations {

Result<MetaData> load_models(const std::filesystem::path& models_file, const Dialect& dialect) {
  Result<MetaData> models = read_models_file(
      models_file, NameLimit{dialect.max_identifier_bytes(), std::string(dialect.name())});
  if (!models) return models;
  return dialect.normalize(*models);
}

}  // namespace retort::migrations
