// The title of a model's JSON Schema: a table model's table name ("hero");
// a derived model's struct name without its namespaces ("HeroCreate"), as
// Pydantic names a schema after its class (derive.cpp knows which is which).
#pragma once

#include <string>

#include "core/model/model.hpp"

namespace retort::detail {

std::string schema_title(const ModelData& model);

}  // namespace retort::detail
