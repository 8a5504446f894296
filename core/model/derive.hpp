// retort: derived models, SQLModel's HeroCreate / HeroPublic / HeroUpdate.
//
// C++20 has no reflection, so a derived struct's members are paired with
// the table model's by member pointer, once, and everything else comes from
// the table model: the column names, types, rules (lengths, bounds,
// patterns, validators), defaults, comments and JSON behaviour. The derived
// model is a Model<D> like any other for from_json, apply_json, to_json,
// json_schema, validate and extract; it is registered as D's model.
//
//   struct HeroCreate { std::string name; std::string secret_name; std::optional<int> age; };
//   inline const auto hero_create = retort::derive<HeroCreate>(heroes,
//       retort::field(&HeroCreate::name, &Hero::name),
//       retort::field(&HeroCreate::secret_name, &Hero::secret_name),
//       retort::field(&HeroCreate::age, &Hero::age));
//
// A pair's members hold the same value type; the derived one may differ in
// being a std::optional (HeroPublic's `std::int64_t id` for Hero's
// `std::optional<std::int64_t> id`: the derived model then requires it). A
// member of another struct in a pair is a compile error.
//
// retort::to<Target>(source) converts between a table model and the models
// derived from it (and between two derived from one): each target column
// takes the source's value of the same table column; the target starts
// from its declared defaults and factories (as retort::make<T>()), a
// column the source lacks that must hold a value and has no default is
// "field required", and the result is validated. Throws ValidationError (a value that does
// not fit, e.g. an empty id into a plain member, or a broken rule) or
// DeclarationError (models not derived from one table model).
//
//   Hero hero = retort::to<Hero>(retort::from_json(hero_create, body));
//   session.add(hero);
//   nlohmann::ordered_json out = retort::to_json(hero_public, retort::to<HeroPublic>(hero));
//
// A derived model is for JSON, validation and conversion; a Session reads
// and writes table models (convert with to<>() first).
#pragma once

#include <memory>
#include <type_traits>
#include <vector>

#include "core/model/model.hpp"

namespace retort {

// One pair: a member of the derived struct D and the table model T's member
// it stands for.
template <class D, class MD, class T, class MT>
struct FieldPair {
  MD D::*derived;
  MT T::*base;
};

template <class D, class MD, class T, class MT>
FieldPair<D, MD, T, MT> field(MD D::*derived, MT T::*base) {
  static_assert(
      std::is_same_v<typename field_traits<MD>::value_type, typename field_traits<MT>::value_type>,
      "retort::field(): the two members hold different value types");
  return {derived, base};
}

namespace detail {

template <class P>
struct pair_types;
template <class D, class MD, class T, class MT>
struct pair_types<FieldPair<D, MD, T, MT>> {
  using derived = D;
  using base = T;
};

// The derived model of `columns` (the base's specs with the derived
// struct's accessors) over `base`; registers the pairing for to<>().
std::shared_ptr<const ModelData> build_derived_model(const std::type_info& type,
                                                     const std::shared_ptr<const ModelData>& base,
                                                     std::vector<ColumnSpec> columns,
                                                     std::vector<std::size_t> base_columns);

// Copies `source` (of model `from`) into `target` (of model `to`), column
// by column of the table model they share; see to<>() above.
void convert(const ModelData& from, const void* source, const ModelData& to, void* target);

template <class D, class T, class MD, class MT>
void add_derived_column(const Model<T>& base, const FieldPair<D, MD, T, MT>& pair,
                        std::vector<ColumnSpec>& columns, std::vector<std::size_t>& indexes) {
  const ColumnSpec& original = base.column(pair.base);
  ColumnSpec spec = original;
  auto access = std::make_shared<MemberAccess<D, MD>>(pair.derived);
  spec.access = access;
  // A validator reads T's member: it gets a T holding the derived value.
  spec.validators.clear();
  for (const Validator& v : original.validators) {
    spec.validators.push_back(
        Validator{[check = v.check, base_access = original.access, access](const void* object) {
                    T holder{};
                    if (!base_access->set(&holder, access->get(object))) return true;
                    return check(&holder);
                  },
                  v.message});
  }
  columns.push_back(std::move(spec));
  indexes.push_back(base.data().index_of(original));
}

}  // namespace detail

template <class D, class T, class... Pairs>
Model<D> derive(const Model<T>& base, Pairs... pairs) {
  static_assert(std::is_default_constructible_v<D>,
                "retort::derive<D>: D must be default-constructible");
  static_assert(sizeof...(Pairs) > 0, "retort::derive<D>: pair at least one member");
  static_assert((std::is_same_v<typename detail::pair_types<Pairs>::derived, D> && ...),
                "retort::derive<D>: each retort::field(&D::member, &Base::member) pairs a "
                "member of D first; this one names another struct");
  static_assert((std::is_same_v<typename detail::pair_types<Pairs>::base, T> && ...),
                "retort::derive<D>(base, ...): each retort::field pairs a member of the base "
                "model's struct second; this one names another struct");
  std::vector<ColumnSpec> columns;
  std::vector<std::size_t> indexes;
  (detail::add_derived_column(base, pairs, columns, indexes), ...);
  std::shared_ptr<const ModelData> data =
      detail::build_derived_model(typeid(D), base.shared(), std::move(columns), std::move(indexes));
  detail::register_model(typeid(D), detail::model_slot<D>(), data);
  return Model<D>(std::move(data));
}

template <class Target, class Source>
Target to(const Source& source) {
  Target out{};
  detail::convert(model_of<Source>(), &source, model_of<Target>(), &out);
  return out;
}

}  // namespace retort
