// A view's query in comparison form, without a server.
#include "dialects/postgresql/pg_view.hpp"

#include <gtest/gtest.h>

namespace retort::postgresql {
namespace {

// libpg_query writes 0 and -1 alike in its JSON; the constant is read back
// from the text, so changing one into the other is a change.
TEST(PgViewQuery, ZeroAndNegativeConstantsStayApart) {
  const auto canonical = [](const char* sql) { return read_view_query(sql).canonical; };
  EXPECT_NE(canonical("SELECT id FROM hero WHERE age > 0"),
            canonical("SELECT id FROM hero WHERE age > -1"));
  EXPECT_NE(canonical("SELECT id FROM hero LIMIT 0"), canonical("SELECT id FROM hero LIMIT -5"));
  EXPECT_EQ(canonical("SELECT id FROM hero WHERE age > -1"),
            canonical("select id from public.hero where age > - 1"));
}

}  // namespace
}  // namespace retort::postgresql
