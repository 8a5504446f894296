// Tests for core/naming.cpp: the Alembic-style naming templates.
#include "core/naming.hpp"

#include <gtest/gtest.h>

namespace retort {
namespace {

TEST(NamingTest, DefaultTemplates) {
  NamingConvention nc;
  EXPECT_EQ(nc.index_name("hero", {"team_id", "age"}), "ix_hero_team_id_age");
  EXPECT_EQ(nc.unique_name("hero", {"name"}), "uq_hero_name");
  EXPECT_EQ(nc.foreign_key_name("hero", {"team_id"}, "team"), "fk_hero_team_id_team");
  EXPECT_EQ(nc.check_name("hero", "age"), "ck_hero_age");
  EXPECT_EQ(nc.primary_key_name("hero"), "pk_hero");
}

TEST(NamingTest, CustomTemplatesAndColumnZero) {
  NamingConvention nc;
  nc.index = "%(table)s_%(column_0)s_idx";
  nc.foreign_key = "%(table)s_%(column_0_name)s_fkey_%(referred_table_name)s";
  EXPECT_EQ(nc.index_name("hero", {"name", "age"}), "hero_name_idx");
  EXPECT_EQ(nc.foreign_key_name("hero", {"team_id"}, "team"), "hero_team_id_fkey_team");
}

}  // namespace
}  // namespace retort
