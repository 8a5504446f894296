// The address of gen_relations::metadata as another translation unit sees it.
#pragma once

#include "core/schema.hpp"

namespace retort::testing {

const MetaData* relations_metadata_in_second_unit();

}  // namespace retort::testing
