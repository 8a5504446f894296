// The Session tests' fixture: a fresh database per test on the dialect the
// suite is instantiated with, the test models' tables created from their
// MetaData by create_all() (compare -> compile -> execute, as an upgrade
// would), and a Session on it.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>

#include "core/model/session.hpp"
#include "tests/core/model/session_models.hpp"
#include "tests/support/test_database.hpp"

namespace retort::session_test {

class SessionTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override;

  bool is_postgresql() const { return std::string(GetParam()) == "postgresql"; }
  // Rows in `table`, counted with plain SQL (not through the Session).
  std::int64_t rows_in(const std::string& table);
  // The heroes-and-teams data the relationship, join and aggregate suites
  // share: adds the three teams, then the heroes, the second of them in
  // `z_force`, the last in no team, the others in `preventers`.
  void add_league(Team& preventers, Team& z_force, Team& empty,
                  std::initializer_list<Hero*> heroes);

  std::unique_ptr<retort::testing::TestDatabase> db_;
  std::unique_ptr<Session> session_;
};

}  // namespace retort::session_test
