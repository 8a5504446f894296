// A derived model pairing a member of another struct than the one derived.
#include <string>

#include "core/model/derive.hpp"
#include "tests/compile_fail/models.hpp"

struct HeroCreate {
  std::string name;
};
inline const auto hero_create =
    retort::derive<HeroCreate>(cf::heroes, retort::field(&cf::Team::name, &cf::Hero::name));
