// The exceptions of the model runtime.
#include "core/model/errors.hpp"

#include <fmt/format.h>

namespace retort {
namespace {

std::string summary(const std::vector<FieldError>& errors) {
  std::string out = fmt::format("{} error{}: ", errors.size(), errors.size() == 1 ? "" : "s");
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out += "; ";
    if (!errors[i].field.empty()) out += errors[i].field + ": ";
    out += errors[i].message;
  }
  return out;
}

Error validation_error(const std::string& table, const std::vector<FieldError>& errors) {
  Error e = Error::bad_input(summary(errors), "fix the fields named and try again");
  e.table = table;
  if (errors.size() == 1) e.column = errors.front().field;
  return e;
}

}  // namespace

Exception::Exception(Error error) : Exception(error, error.describe()) {}

Exception::Exception(Error error, const std::string& what)
    : std::runtime_error(what), error_(std::move(error)) {}

ValidationError::ValidationError(std::string table, std::vector<FieldError> errors)
    : Exception(validation_error(table, errors), summary(errors)),
      table_(std::move(table)),
      errors_(std::move(errors)) {}

nlohmann::json ValidationError::to_json() const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : errors_) {
    list.push_back({{"field", e.field}, {"message", e.message}, {"rule", e.rule}});
  }
  return {{"table", table_}, {"errors", std::move(list)}};
}

DatabaseError::DatabaseError(Error error) : Exception(std::move(error)) {}

StaleWriteError::StaleWriteError(Error error) : DatabaseError(std::move(error)) {}

PoolTimeoutError::PoolTimeoutError(Error error) : DatabaseError(std::move(error)) {}

DeclarationError::DeclarationError(Error error) : Exception(std::move(error)) {}

}  // namespace retort
