// Array members (std::vector) through a Session on both dialects: the
// column is the database's own array on PostgreSQL (text[], tone[], ...)
// and a JSON array on SQLite, read here from the catalogs and with the
// database's own array functions; every kind of item round-trips exactly,
// including text that looks like array syntax; rows written by hand are
// read; rows that are not arrays of the member's items are refused by
// name and item.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>

#include "core/comparator.hpp"
#include "core/model/create_all.hpp"
#include "core/model/session.hpp"
#include "dialects/registry.hpp"
#include "tests/core/model/array_models.hpp"
#include "tests/support/test_database.hpp"

namespace retort::array_test {
namespace {

using namespace std::chrono;

// A table for rows written by hand: one array of text, one of integers.
struct Post {
  std::optional<std::int64_t> id{};
  std::vector<std::string> tags{};
  std::optional<std::vector<std::int32_t>> scores{};
  bool operator==(const Post&) const = default;
};

const auto posts = retort::table<Post>("post", retort::column("id", &Post::id).primary_key(),
                                       retort::column("tags", &Post::tags),
                                       retort::column("scores", &Post::scores));

class ArraySessionTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<retort::testing::TestDatabase>(GetParam());
    ASSERT_FALSE(db_->url().empty());
    session_ = std::make_unique<Session>(retort::connect(db_->url()));
    ASSERT_EQ(create_all(*session_, MetaData{articles, posts}).size(), 2u);
  }
  bool is_postgresql() const { return std::string(GetParam()) == "postgresql"; }
  void execute(const std::string& sql) {
    Status s = session_->connection().execute(sql);
    ASSERT_TRUE(s.ok()) << s.error().describe();
  }
  // The first row's cells, read with plain SQL.
  Row row(const std::string& sql) {
    Result<Rows> rows = session_->connection().query(sql);
    EXPECT_TRUE(rows.ok()) << rows.error().describe();
    if (!rows.ok() || rows->rows.empty()) return {};
    return rows->rows.front();
  }
  // The error reading the post row with key `id`.
  std::string read_error(std::int64_t id) {
    try {
      (void)session_->get<Post>(id);
    } catch (const DatabaseError& e) {
      return e.what();
    }
    return "no error";
  }

  std::unique_ptr<retort::testing::TestDatabase> db_;
  std::unique_ptr<Session> session_;
};

Article full_article() {
  Article a;
  a.title = "arrays";
  a.tags = {"",
            "NULL",
            "null",
            "a,b",
            "{x}",
            "say \"hi\"",
            "back\\slash",
            "[1]",
            " spaced ",
            "line\nbreak",
            "h\u00e9ros \U0001F9B8",
            "\x01\x1f\x7f\t"};
  a.counts = {std::numeric_limits<std::int64_t>::min(), 0,
              std::numeric_limits<std::int64_t>::max()};
  a.ranks = {-32768, 32767};
  a.ratios = {0.1,
              -1.5e300,
              5e-324,
              1.0,
              std::numeric_limits<double>::infinity(),
              -std::numeric_limits<double>::infinity()};
  a.flags = {true, false, true};
  a.refs = {*Uuid::parse("3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab"), Uuid{}};
  a.seen = {sys_days{2026y / November / 23} + 15h + 1min + 26s + microseconds{123456},
            sys_days{1970y / January / 1}};
  a.local = {local_days{1999y / December / 31} + 23h + 59min + 59s + microseconds{999999}};
  a.days = {2024y / February / 29, 1900y / January / 1};
  a.tones = {Tone::kCool, Tone::kWarm, Tone::kCool};
  a.aliases = std::vector<std::string>{};
  a.codes = {"abc", "x"};
  return a;
}

// The catalog, not retort's inspector: PostgreSQL's own array types, and
// SQLite's declared JSON_TEXT.
TEST_P(ArraySessionTest, ColumnsAreTheDatabasesArraysOrJson) {
  std::map<std::string, std::string> types;
  const std::string sql =
      is_postgresql()
          ? "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = "
            "'article'::regclass AND attnum > 0 AND NOT attisdropped"
          : "SELECT name, type FROM pragma_table_info('article')";
  Result<Rows> rows = session_->connection().query(sql);
  ASSERT_TRUE(rows.ok()) << rows.error().describe();
  for (const Row& r : rows->rows) types[*r[0]] = *r[1];
  if (is_postgresql()) {
    EXPECT_EQ(types["tags"], "text[]");
    EXPECT_EQ(types["counts"], "bigint[]");
    EXPECT_EQ(types["ranks"], "smallint[]");
    EXPECT_EQ(types["ratios"], "double precision[]");
    EXPECT_EQ(types["flags"], "boolean[]");
    EXPECT_EQ(types["refs"], "uuid[]");
    EXPECT_EQ(types["seen"], "timestamp with time zone[]");
    EXPECT_EQ(types["local"], "timestamp without time zone[]");
    EXPECT_EQ(types["days"], "date[]");
    EXPECT_EQ(types["tones"], "tone[]");
    EXPECT_EQ(types["aliases"], "text[]");
    EXPECT_EQ(types["codes"], "character varying(3)[]");
    const Row notnull =
        row("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = 'article'::regclass AND "
            "attname = 'aliases'");
    EXPECT_EQ(notnull.at(0), "false");
  } else {
    for (const char* c : {"tags", "counts", "ranks", "ratios", "flags", "refs", "seen", "local",
                          "days", "tones", "aliases", "codes"}) {
      EXPECT_EQ(types[c], "JSON_TEXT") << c;
    }
  }
  // And no false difference against the models.
  Result<MetaData> live = session_->dialect().inspect(session_->connection(), {});
  ASSERT_TRUE(live.ok()) << live.error().describe();
  EXPECT_TRUE(compare(*live, session_->dialect().normalize(MetaData{articles, posts})).empty());
}

TEST_P(ArraySessionTest, EveryItemKindRoundTripsExactly) {
  Article full = full_article();
  Article empty;  // every array empty, the optional one NULL
  empty.title = "empty";
  empty.tones = {Tone::kWarm};
  session_->add(full);
  session_->add(empty);
  ASSERT_TRUE(full.id && empty.id);

  std::optional<Article> got = session_->get<Article>(*full.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, full);
  got = session_->get<Article>(*empty.id);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, empty);
  EXPECT_FALSE(got->aliases.has_value());

  std::vector<Article> all = session_->select<Article>().order_by(&Article::id).all();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], full);

  full.tags = {"only"};
  full.aliases.reset();
  session_->update(full);
  EXPECT_EQ(session_->get<Article>(*full.id), full);
}

TEST_P(ArraySessionTest, NaNAndNegativeZeroItemsRoundTrip) {
  Article a = full_article();
  a.ratios = {std::numeric_limits<double>::quiet_NaN(), 2.5, -0.0, 3.0};
  session_->add(a);
  std::optional<Article> got = session_->get<Article>(*a.id);
  ASSERT_TRUE(got.has_value());
  ASSERT_EQ(got->ratios.size(), 4u);
  EXPECT_TRUE(std::isnan(got->ratios[0]));
  EXPECT_EQ(got->ratios[1], 2.5);
  EXPECT_TRUE(std::signbit(got->ratios[2]));  // -0.0 == 0.0: the sign is what is checked
  EXPECT_EQ(got->ratios[3], 3.0);
}

// What is stored is an array the database's own functions read item by
// item: the text that looks like array or JSON syntax is one item.
TEST_P(ArraySessionTest, TheStoredValueIsTheDatabasesArray) {
  Article a = full_article();
  session_->add(a);
  const Row r = is_postgresql()
                    ? row("SELECT array_length(tags, 1)::text, tags[4], tags[5], tags[6], tags[7], "
                          "counts[1]::text, tones[1]::text, (tags[2] IS NULL)::text FROM article")
                    : row("SELECT json_array_length(tags), json_extract(tags, '$[3]'), "
                          "json_extract(tags, '$[4]'), json_extract(tags, '$[5]'), "
                          "json_extract(tags, '$[6]'), json_extract(counts, '$[0]'), "
                          "json_extract(tones, '$[0]'), "
                          "CASE WHEN json_type(tags, '$[1]') = 'null' THEN 'true' ELSE 'false' END "
                          "FROM article");
  ASSERT_EQ(r.size(), 8u);
  EXPECT_EQ(r[0], "12");
  EXPECT_EQ(r[1], "a,b");
  EXPECT_EQ(r[2], "{x}");
  EXPECT_EQ(r[3], "say \"hi\"");
  EXPECT_EQ(r[4], "back\\slash");
  EXPECT_EQ(r[5], "-9223372036854775808");
  EXPECT_EQ(r[6], "cool");
  EXPECT_EQ(r[7], "false");  // the text "NULL" is not a NULL item
}

TEST_P(ArraySessionTest, RowsWrittenBySqlAreRead) {
  if (is_postgresql()) {
    execute(
        "INSERT INTO post (id, tags, scores) VALUES (1, '{plain,\"with space\",\"q\\\"uote\"}', "
        "'{1,-2}'), (2, '{}', NULL), (3, '[0:1]={x,y}', '{ 7 , 8 }'), "
        "(4, '[0:2]={plain,\"with space\",\"q\\\"uote\"}', NULL)");
  } else {
    execute(
        "INSERT INTO post (id, tags, scores) VALUES (1, '[\"plain\",\"with "
        "space\",\"q\\\"uote\"]', "
        "'[1,-2]'), (2, '[]', NULL), (3, '[\"x\",\"y\"]', ' [7, 8] ')");
  }
  EXPECT_EQ(session_->get<Post>(1),
            (Post{1, {"plain", "with space", "q\"uote"}, std::vector<std::int32_t>{1, -2}}));
  EXPECT_EQ(session_->get<Post>(2), (Post{2, {}, std::nullopt}));
  EXPECT_EQ(session_->get<Post>(3), (Post{3, {"x", "y"}, std::vector<std::int32_t>{7, 8}}));
  // A filter on an array column compares whole arrays (on PostgreSQL,
  // with their bounds: row 4's [0:2] holds row 1's items and does not match).
  const std::vector<std::string> first = {"plain", "with space", "q\"uote"};
  std::vector<Post> found = session_->select<Post>().where(c(&Post::tags) == first).all();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 1);
}

// Rows that are not arrays of the member's items: refused naming the
// column and the item; the row is left as it is.
TEST_P(ArraySessionTest, RowsThatAreNotArraysOfTheItemsAreRefused) {
  if (is_postgresql()) {
    execute(
        "INSERT INTO post (id, tags, scores) VALUES (1, '{a,NULL}', NULL), "
        "(2, '{{a},{b}}', NULL), (3, '{a}', '{1,NULL}')");
  } else {
    execute(
        "INSERT INTO post (id, tags, scores) VALUES (1, '[\"a\",null]', NULL), "
        "(2, '[[\"a\"],[\"b\"]]', NULL), (3, '[\"a\"]', '[1,null]'), (4, 'a,b', NULL), "
        "(5, '{\"a\": 1}', NULL), (6, '[\"a\"]', '[\"x\"]'), (7, '[\"a\"]', '[3000000000]'), "
        "(8, '[\"a\"]', '[1.0]')");
  }
  EXPECT_NE(
      read_error(1).find("stored array: item 1: may not be null (table \"post\", column \"tags\")"),
      std::string::npos)
      << read_error(1);
  EXPECT_NE(read_error(2).find("not a one-dimensional array"), std::string::npos) << read_error(2);
  EXPECT_NE(read_error(3).find(
                "stored array: item 1: may not be null (table \"post\", column \"scores\")"),
            std::string::npos)
      << read_error(3);
  if (!is_postgresql()) {
    EXPECT_NE(read_error(4).find("which is not JSON"), std::string::npos) << read_error(4);
    EXPECT_NE(read_error(5).find("which is not a JSON array"), std::string::npos) << read_error(5);
    EXPECT_NE(read_error(6).find("item 0: \"x\" is not an integer"), std::string::npos)
        << read_error(6);
    EXPECT_NE(read_error(7).find("item 0: must be between -2147483648 and 2147483647"),
              std::string::npos)
        << read_error(7);
    EXPECT_NE(read_error(8).find("item 0: \"1.0\" is not an integer"), std::string::npos)
        << read_error(8);
  }
  const Row r = row("SELECT COUNT(*) FROM post");
  EXPECT_EQ(r.at(0), is_postgresql() ? "3" : "8");
}

// Items no array on the database can hold: refused when the statement runs,
// nothing written. NUL is text only on SQLite (as \u0000 in JSON); text that
// is not UTF-8 neither stores. A Date{} item is no date: validation says so.
TEST_P(ArraySessionTest, ItemsTheDatabaseCannotHoldAreRefused) {
  Post nul{.tags = {std::string("a\0b", 3)}};
  if (is_postgresql()) {
    try {
      session_->add(nul);
      ADD_FAILURE() << "NUL stored";
    } catch (const DatabaseError& e) {
      EXPECT_NE(std::string(e.what()).find("NUL character"), std::string::npos) << e.what();
    }
  } else {
    session_->add(nul);
    EXPECT_EQ(session_->get<Post>(*nul.id)->tags, nul.tags);
    session_->remove(nul);
  }
  Post bad_utf8{.tags = {"ok", "\xff\xfe"}};
  try {
    session_->add(bad_utf8);
    ADD_FAILURE() << "text that is not UTF-8 stored";
  } catch (const DatabaseError& e) {
    if (!is_postgresql()) {
      EXPECT_NE(std::string(e.what()).find("item 1 of an array is not UTF-8"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_EQ(row("SELECT COUNT(*) FROM post").at(0), "0");

  Article a = full_article();
  a.days = {2024y / February / 29, Date{}};
  try {
    session_->add(a);
    ADD_FAILURE() << "Date{} stored";
  } catch (const ValidationError& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0], (FieldError{"days", "item 1: not a valid date", "format"}));
  }
  EXPECT_EQ(row("SELECT COUNT(*) FROM article").at(0), "0");
}

INSTANTIATE_TEST_SUITE_P(Dialects, ArraySessionTest,
                         ::testing::ValuesIn(retort::testing::kAllDialects));

// An enum array of a table in another schema names the enum there
// (PostgreSQL: SQLite has one schema).
struct Shift {
  std::optional<std::int64_t> id{};
  std::vector<Tone> tones{};
  bool operator==(const Shift&) const = default;
};
const auto shifts =
    retort::table<Shift>("shift", retort::column("id", &Shift::id).primary_key(),
                         retort::column("tones", &Shift::tones), retort::table_schema("rota"));

TEST(ArraySchemaTest, AnEnumArrayInAnotherSchemaNamesItsEnumThere) {
  retort::testing::TestDatabase db("postgresql");
  ASSERT_FALSE(db.url().empty());
  Session session(retort::connect(db.url()));
  ASSERT_EQ(create_all(session, MetaData{shifts}).size(), 1u);
  EXPECT_EQ(shifts.table().columns[1].type.native, "\"rota\".\"tone\"[]");
  Shift s{.tones = {Tone::kCool, Tone::kWarm}};
  session.add(s);
  EXPECT_EQ(session.get<Shift>(*s.id), s);
  Result<Rows> type = session.connection().query(
      "SELECT pg_typeof(tones)::text, to_regtype('public.tone')::text FROM rota.shift");
  ASSERT_TRUE(type.ok()) << type.error().describe();
  EXPECT_EQ(type->rows.at(0), (Row{"rota.tone[]", std::nullopt}));  // no enum in public
  InspectOptions options;
  options.schemas = {"rota"};
  Result<MetaData> live = session.dialect().inspect(session.connection(), options);
  ASSERT_TRUE(live.ok()) << live.error().describe();
  EXPECT_TRUE(compare(*live, session.dialect().normalize(MetaData{shifts})).empty());
}

}  // namespace
}  // namespace retort::array_test
