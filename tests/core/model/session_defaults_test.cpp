// Defaults for objects built in C++ (core/model/model.cpp make<T>(),
// session.cpp add()): factories run once per object, by make<T>() or by
// add() for an empty optional, and a plain member's value is always the
// value written, a nil UUID and the epoch included.
#include <gtest/gtest.h>

#include "tests/core/model/session_fixture.hpp"

namespace retort::session_test {
namespace {

TEST_P(SessionTest, MakeRunsFactoriesAndAddInsertsTheirValues) {
  Badge a = make<Badge>();
  ASSERT_TRUE(a.id.has_value());
  ASSERT_TRUE(a.issued_at.has_value());
  EXPECT_FALSE(a.id->is_nil());
  EXPECT_GT(*a.issued_at, Timestamp{});
  a.name = "first";
  Badge b = make(badges);
  b.name = "second";
  session_->add(a);
  session_->add(b);  // a fresh key: no primary key collision
  EXPECT_NE(*a.id, *b.id);
  EXPECT_EQ(session_->get<Badge>(*a.id), a);
  EXPECT_EQ(session_->get<Badge>(*b.id), b);
  EXPECT_EQ(rows_in("badge"), 2);
}

TEST_P(SessionTest, AddFillsEmptyOptionalsFromTheirFactories) {
  std::vector<Badge> many(3);
  session_->add_all(many);
  for (const Badge& badge : many) {
    ASSERT_TRUE(badge.id.has_value());
    EXPECT_FALSE(badge.id->is_nil());
    ASSERT_TRUE(badge.issued_at.has_value());
    EXPECT_EQ(session_->get<Badge>(*badge.id), badge);
  }
  EXPECT_NE(*many[0].id, *many[1].id);
}

TEST_P(SessionTest, ANilUuidAndTheEpochAreStoredAsGiven) {
  Badge zero{.id = Uuid{}, .issued_at = Timestamp{}, .name = "zero"};
  session_->add(zero);
  ASSERT_TRUE(zero.id.has_value());
  EXPECT_TRUE(zero.id->is_nil());  // a set optional is never replaced
  std::optional<Badge> got = session_->get<Badge>(Uuid{});
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->issued_at, Timestamp{});
  EXPECT_TRUE(got->plain_ref.is_nil());
  EXPECT_EQ(got->plain_at, Timestamp{});
  EXPECT_EQ(*got, zero);
}

}  // namespace
}  // namespace retort::session_test
