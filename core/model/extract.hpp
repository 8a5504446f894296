// retort: the Instructor loop. A record is asked of a language model with
// the model's JSON Schema, validated with from_json, and asked again with
// the errors until it is valid or the retries run out.
//
// `ask` is the program's own call to the LLM, so retort needs no network:
//   std::string ask(const std::string& json_schema, const std::string& feedback)
// It is called first with an empty feedback, then, after an answer that is
// not valid, with the ValidationError's JSON (ValidationError::to_json(),
// {"table": ..., "errors": [{"field", "message", "rule"}]}) so the prompt
// can show the model what to fix. The schema is the strict one by default
// (json_schema(model, {.strict = true})), the form OpenAI's structured
// outputs take.
//
// extract<T>() returns the first valid T. When 1 + max_retries answers
// were all refused, it throws ExtractError with every answer and its
// errors. What `ask` throws passes through, ending the loop.
// extract_list<T>() asks for {"items": [...]} (json_schema_list) and
// returns the objects; an error names its item ("items[2].name").
//
// Example:
//   Hero h = retort::extract<Hero>(heroes, [&](const std::string& schema,
//                                              const std::string& feedback) {
//     return llm.complete(prompt, schema, feedback);  // the program's client
//   }, {.max_retries = 3});
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/errors.hpp"
#include "core/model/json.hpp"
#include "core/model/model.hpp"

namespace retort {

struct ExtractOptions {
  int max_retries = 3;  // answers asked for after the first; 0: one answer
  bool strict = true;   // the schema sent: json_schema(model, {.strict = strict})
};

// One refused answer and why.
struct ExtractAttempt {
  std::string answer;
  ValidationError error;
};

// Every answer was refused. what(): "extract<hero>: 4 answers refused; the
// last: 1 error: age: must be >= 0".
class ExtractError : public Exception {
 public:
  ExtractError(std::string table, std::vector<ExtractAttempt> attempts);
  const std::vector<ExtractAttempt>& attempts() const { return attempts_; }

 private:
  std::vector<ExtractAttempt> attempts_;
};

using AskFunction =
    std::function<std::string(const std::string& json_schema, const std::string& feedback)>;

namespace detail {
// The loop: sends `schema`, hands each answer to `accept` (which throws
// ValidationError to refuse it), and throws ExtractError when every answer
// was refused.
void extract_loop(const ModelRef& model, const nlohmann::ordered_json& schema,
                  const AskFunction& ask, const ExtractOptions& options,
                  const std::function<void(const std::string&)>& accept);
// The objects of a {"items": [...]} answer, each filled by `fill` (which
// throws ValidationError); errors of all items together, named items[i].field.
void fill_list(const ModelRef& model, const std::string& answer,
               const std::function<void(const nlohmann::json&)>& fill);
}  // namespace detail

template <class T>
T extract(const Model<T>& model, const AskFunction& ask, const ExtractOptions& options = {}) {
  T out{};
  detail::extract_loop(model, json_schema(model, {.strict = options.strict}), ask, options,
                       [&](const std::string& answer) { out = from_json(model, answer); });
  return out;
}

template <class T>
std::vector<T> extract_list(const Model<T>& model, const AskFunction& ask,
                            const ExtractOptions& options = {}) {
  std::vector<T> out;
  detail::extract_loop(model, json_schema_list(model, {.strict = options.strict}), ask, options,
                       [&](const std::string& answer) {
                         std::vector<T> items;
                         detail::fill_list(model, answer, [&](const nlohmann::json& item) {
                           items.push_back(from_json(model, item));
                         });
                         out = std::move(items);
                       });
  return out;
}

}  // namespace retort
