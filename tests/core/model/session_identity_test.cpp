// Identity and serial columns from C++ models (PostgreSQL): a std::optional
// member the database numbers is left out of INSERT while empty and read
// back, whether the column is the key or not.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/model/create_all.hpp"
#include "core/model/session.hpp"
#include "dialects/registry.hpp"
#include "tests/support/test_database.hpp"

namespace retort::session_test {
namespace {

struct Ticket {
  std::optional<std::int64_t> id{};
  std::optional<std::int64_t> number{};
  std::string code{};
  friend bool operator==(const Ticket&, const Ticket&) = default;
};

inline const auto tickets = retort::table<Ticket>(
    "ticket", retort::column("id", &Ticket::id).primary_key().identity("always"),
    retort::column("number", &Ticket::number).serial().sequence({.start = 100}),
    retort::column("code", &Ticket::code));

TEST(SessionIdentityTest, PostgresqlNumbersIdentityAndSerialMembers) {
  retort::testing::TestDatabase db("postgresql");
  ASSERT_FALSE(db.url().empty());
  Session session(retort::connect(db.url()));
  ASSERT_EQ(create_all(session, MetaData{tickets}), std::vector<std::string>{"ticket"});

  Ticket first{.code = "a"};
  Ticket second{.code = "b"};
  session.add(first);
  session.add(second);
  ASSERT_TRUE(first.id && first.number && second.id && second.number);
  EXPECT_EQ(*first.number, 100);
  EXPECT_EQ(*second.number, 101);
  EXPECT_NE(*first.id, *second.id);
  EXPECT_EQ(session.get<Ticket>(*second.id), second);

  // The table is what the model says: an identity ALWAYS key and a serial
  // column, both NOT NULL.
  Result<Rows> columns = session.connection().query(
      "SELECT a.attname, a.attidentity::text, a.attnotnull::text, "
      "  coalesce(pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a "
      "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
      "WHERE a.attrelid = 'ticket'::regclass AND a.attnum > 0 ORDER BY a.attnum");
  ASSERT_TRUE(columns.ok()) << columns.error().describe();
  ASSERT_EQ(columns->rows.size(), 3u);
  EXPECT_EQ(*columns->rows[0][1], "a");
  EXPECT_EQ(*columns->rows[1][2], "true");
  EXPECT_EQ(*columns->rows[1][3], "nextval('ticket_number_seq'::regclass)");
}

struct TextIdentity {
  std::optional<std::int64_t> id;
  std::string name;
};
struct UnknownKind {
  std::optional<std::int64_t> id;
};
struct Both {
  std::optional<std::int64_t> id;
};

TEST(SessionIdentityTest, BadDeclarationsAreDeclarationErrors) {
  EXPECT_THROW(
      retort::table<TextIdentity>("bad1", retort::column("id", &TextIdentity::id).primary_key(),
                                  retort::column("name", &TextIdentity::name).identity("always")),
      DeclarationError);
  EXPECT_THROW(retort::table<UnknownKind>(
                   "bad2", retort::column("id", &UnknownKind::id).identity("sometimes")),
               DeclarationError);
  EXPECT_THROW(
      retort::table<Both>("bad3", retort::column("id", &Both::id).serial().identity("always")),
      DeclarationError);
}

}  // namespace
}  // namespace retort::session_test
