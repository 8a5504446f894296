#include "core/dialect.hpp"

namespace retort {

std::string Dialect::qualified(std::string_view schema, std::string_view table) const {
  if (schema.empty()) return quote_identifier(table);
  return quote_identifier(schema) + "." + quote_identifier(table);
}

}  // namespace retort
