// retort: Partial<T>, SQLModel's HeroUpdate: a PATCH body for a table
// model, every field optional.
//
// partial(model, body) reads the fields the body has, each
// converted and checked on its own (types, lengths, bounds, patterns,
// validators; the primary key and skip_json_schema fields are refused);
// the struct's other members stay value-initialised and are not looked
// at. apply_to(object) writes those fields into a T and validates the
// whole object: on failure it throws ValidationError and leaves `object`
// as it was. json_schema(model, {.partial = true}) describes the body.
//
// Example:
//   retort::Partial<Hero> update = retort::partial(heroes, body);
//   if (update.has(&Hero::age)) log(*update.values().age);
//   update.apply_to(hero);   // validated as a whole
//   session.update(hero);     // or session.patch<Hero>(id, body) by key
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "core/model/json.hpp"
#include "core/model/model.hpp"
#include "core/model/validation.hpp"

namespace retort {

template <class T>
class Partial {
 public:
  Partial(const Model<T>& model, T values, std::vector<std::size_t> present)
      : model_(model), values_(std::move(values)), present_(std::move(present)) {}

  // The given fields' values (the rest value-initialised).
  const T& values() const { return values_; }
  // Whether the body gave `member`.
  template <class M>
  bool has(M T::*member) const {
    const ColumnSpec* c = model_.data().column_for(typeid(M T::*), &member);
    if (c == nullptr) return false;
    const std::size_t i = model_.data().index_of(*c);
    for (std::size_t p : present_) {
      if (p == i) return true;
    }
    return false;
  }
  // The column names given, in declaration order.
  std::vector<std::string> fields() const {
    std::vector<std::string> out;
    for (std::size_t p : present_) out.push_back(model_.data().columns[p].name);
    return out;
  }
  bool empty() const { return present_.empty(); }

  // Writes the given fields into `object` and validates it whole; throws
  // ValidationError and leaves `object` unchanged when a rule fails.
  void apply_to(T& object) const {
    T changed = object;
    for (std::size_t p : present_) {
      const FieldAccess& access = *model_.data().columns[p].access;
      (void)access.set(&changed, access.get(&values_));  // same member, same type
    }
    validate(model_, changed);
    object = std::move(changed);
  }

 private:
  Model<T> model_;
  T values_;
  std::vector<std::size_t> present_;
};

template <class T, class J>
requires std::is_same_v<J, nlohmann::json> Partial<T> partial(const Model<T>& model,
                                                              const J& json) {
  T values{};
  std::vector<std::size_t> present = detail::fill_partial(model, &values, json);
  return Partial<T>(model, std::move(values), std::move(present));
}

template <class T>
Partial<T> partial(const Model<T>& model, std::string_view text) {
  const nlohmann::json json = detail::parse_json(model, text);
  return partial(model, json);
}

}  // namespace retort
