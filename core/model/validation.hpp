// retort: field validation of model objects.
//
// The rules a column declares (min_length/max_length in characters, i.e.
// UTF-8 code points; ge/gt/le/lt; pattern, matched against the whole text;
// validators) run on a whole object, and every failure is collected, in
// column order. A column's validators run only when its other rules passed.
// An empty std::optional skips the rules; on a NOT NULL column (an optional
// primary key, say) it is "field required" unless the column autoincrements
// or has a default_value, default_sql or default_factory. Session::add,
// update, upsert and patch, from_json and apply_json run these rules
// (Session::update(obj, {&T::a, ...}) only those of the columns it writes).
//
// Messages: "at least N characters", "at most N characters", "must be >= X",
// "must be > X", "must be <= X", "must be < X", "must match pattern P",
// the validator's own message, "field required", and "not a valid date" for
// a Date that is not a calendar date (a default-constructed one is 0000-00-00).
//
// Example:
//   try { retort::validate(heroes, hero); }
//   catch (const retort::ValidationError& e) {
//     // e.what(): "2 errors: name: at most 100 characters; age: must be >= 0"
//   }
#pragma once

#include <vector>

#include "core/model/errors.hpp"
#include "core/model/model.hpp"

namespace retort {

// Every rule `object` (a pointer to the model's struct) breaks; empty when
// it is valid.
std::vector<FieldError> validation_errors(const ModelRef& model, const void* object);

// Throws ValidationError when validation_errors() is not empty.
void throw_if_invalid(const ModelRef& model, const void* object);

template <class T>
void validate(const Model<T>& model, const T& object) {
  throw_if_invalid(model, &object);
}

}  // namespace retort
