#include "tests/core/model/session_fixture.hpp"

#include "core/comparator.hpp"
#include "dialects/registry.hpp"

namespace retort::session_test {

void create_schema(Connection& conn, const MetaData& metadata) {
  const Dialect& d = conn.dialect();
  MetaData before;
  for (const Op& op : compare(MetaData{}, d.normalize(metadata))) {
    Result<std::vector<Statement>> statements = d.compile(op, before);
    ASSERT_TRUE(statements.ok()) << statements.error().describe();
    for (const Statement& st : *statements) {
      Status s = conn.execute(st.sql);
      ASSERT_TRUE(s.ok()) << s.error().describe();
    }
    ASSERT_TRUE(apply(before, op).ok());
  }
}

void SessionTest::SetUp() {
  db_ = std::make_unique<retort::testing::TestDatabase>(GetParam());
  ASSERT_FALSE(db_->url().empty());
  session_ = std::make_unique<Session>(retort::connect(db_->url()));
  ASSERT_NO_FATAL_FAILURE(create_schema(session_->connection(), schema()));
}

std::int64_t SessionTest::rows_in(const std::string& table) {
  Result<Rows> rows = session_->connection().query("SELECT COUNT(*) FROM " +
                                                   session_->dialect().quote_identifier(table));
  EXPECT_TRUE(rows.ok()) << rows.error().describe();
  if (!rows.ok()) return -1;
  return std::stoll(*rows->rows.at(0).at(0));
}

}  // namespace retort::session_test
