// A second translation unit including the generated headers: they are
// header-only (inline variables), so both units share one `metadata`.
#include "tests/codegen/second_unit.hpp"

#include "codegen_all_types.hpp"
#include "codegen_enums.hpp"
#include "codegen_relations.hpp"

namespace retort::testing {

const MetaData* relations_metadata_in_second_unit() { return &gen_relations::metadata; }

}  // namespace retort::testing
