// The Instructor loop (extract.hpp): ask, validate, feed the errors back.
#include "core/model/extract.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace retort {
namespace {

std::string extract_message(const std::string& table, const std::vector<ExtractAttempt>& attempts) {
  return fmt::format("extract<{}>: {} answer{} refused; the last: {}", table, attempts.size(),
                     attempts.size() == 1 ? "" : "s",
                     attempts.empty() ? "" : attempts.back().error.what());
}

}  // namespace

ExtractError::ExtractError(std::string table, std::vector<ExtractAttempt> attempts)
    : Exception(Error::bad_input(extract_message(table, attempts),
                                 "see attempts() for each answer and its errors")
                    .on(table),
                extract_message(table, attempts)),
      attempts_(std::move(attempts)) {}

namespace detail {

void extract_loop(const ModelRef& model, const nlohmann::ordered_json& schema,
                  const AskFunction& ask, const ExtractOptions& options,
                  const std::function<void(const std::string&)>& accept) {
  const std::string schema_text = schema.dump();
  std::vector<ExtractAttempt> attempts;
  std::string feedback;
  const int answers = 1 + std::max(0, options.max_retries);
  for (int i = 0; i < answers; ++i) {
    std::string answer = ask(schema_text, feedback);
    try {
      accept(answer);
      return;
    } catch (const ValidationError& e) {
      feedback = e.to_json().dump();
      attempts.push_back(ExtractAttempt{std::move(answer), e});
    }
  }
  throw ExtractError(model.name(), std::move(attempts));
}

void fill_list(const ModelRef& model, const std::string& answer,
               const std::function<void(const nlohmann::json&)>& fill) {
  const nlohmann::json root = parse_json(model, answer);
  require_json_object(model, root);
  std::vector<FieldError> errors;
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() != "items") errors.push_back(FieldError{it.key(), "unknown field", "unknown"});
  }
  const auto items = root.find("items");
  if (items == root.end()) {
    errors.push_back(FieldError{"items", "field required", "required"});
  } else if (!items->is_array()) {
    errors.push_back(
        FieldError{"items", fmt::format("expected an array, got {}", items->type_name()), "type"});
  } else {
    for (std::size_t i = 0; i < items->size(); ++i) {
      try {
        fill((*items)[i]);
      } catch (const ValidationError& e) {
        for (const FieldError& f : e.errors()) {
          const std::string field = f.field.empty() ? fmt::format("items[{}]", i)
                                                    : fmt::format("items[{}].{}", i, f.field);
          errors.push_back(FieldError{field, f.message, f.rule});
        }
      }
    }
  }
  if (!errors.empty()) throw ValidationError(model.name(), std::move(errors));
}

}  // namespace detail
}  // namespace retort
