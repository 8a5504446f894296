// Many-to-many through a link model whose keys have no relationship<>.
#include <cstdint>

#include "tests/compile_fail/models.hpp"

struct HeroTeamLink {
  std::int64_t hero_id = 0;
  std::int64_t team_id = 0;
};
inline const auto hero_team_links =
    retort::table<HeroTeamLink>("hero_team_link",
                                retort::column("hero_id", &HeroTeamLink::hero_id)
                                    .primary_key()
                                    .foreign_key(cf::heroes, &cf::Hero::id),
                                retort::column("team_id", &HeroTeamLink::team_id)
                                    .primary_key()
                                    .foreign_key(cf::teams, &cf::Team::id));

void queries(retort::Session& s, const cf::Team& team) {
  (void)s.related<cf::Hero>(team, hero_team_links);
}
