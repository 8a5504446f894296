// Many-to-many between a model and itself (its relationship lists both
// keys, as codegen writes it): which key is which side cannot be told.
#include <cstdint>

#include "tests/compile_fail/models.hpp"

struct Friendship {
  std::int64_t hero_id = 0;
  std::int64_t friend_id = 0;
};
inline const auto friendships =
    retort::table<Friendship>("friendship",
                              retort::column("hero_id", &Friendship::hero_id)
                                  .primary_key()
                                  .foreign_key(cf::heroes, &cf::Hero::id),
                              retort::column("friend_id", &Friendship::friend_id)
                                  .primary_key()
                                  .foreign_key(cf::heroes, &cf::Hero::id));
template <>
struct retort::relationship<Friendship, cf::Hero>
    : retort::by<&Friendship::hero_id, &Friendship::friend_id> {};

void queries(retort::Session& s, const cf::Hero& hero) { s.link(hero, hero, friendships); }
