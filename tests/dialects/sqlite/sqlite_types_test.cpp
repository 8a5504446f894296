// dialects/sqlite/sqlite_types.cpp: every portable type and default survives
// compile(CreateTable) -> inspect, equal to the normalised declaration.
#include "dialects/sqlite/sqlite_types.hpp"

#include "tests/dialects/sqlite/sqlite_fixture.hpp"

namespace retort::sqlite_test {
namespace {

const char* const kTypes[] = {"integer",     "bigint",  "smallint",      "boolean", "float",
                              "real",        "numeric", "numeric(10,2)", "varchar", "varchar(100)",
                              "char(3)",     "text",    "date",          "time",    "timestamp",
                              "timestamptz", "uuid",    "json",          "blob"};

TEST_F(SqliteTest, EveryPortableTypeRoundTrips) {
  Table t;
  t.name = "all_types";
  t.columns.push_back(pk("id"));
  for (const char* type : kTypes) {
    std::string base = type;
    for (char& c : base) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    t.columns.push_back(col("c_" + base, type));
    t.columns.push_back(col("n_" + base, type, true));
  }
  t.columns.push_back(enum_col("status", "task_status", {"todo", "doing", "done"}));
  t.columns.push_back(enum_col("status2", "task_status", {"todo", "doing", "done"}, true));
  MetaData declared;
  declared.tables.push_back(t);
  declared.finish();
  build({CreateTable{t}});
  MetaData expected = dialect().normalize(declared);
  MetaData actual = inspect();
  EXPECT_EQ(actual, expected) << "inspected:\n" << dump(actual) << "expected:\n" << dump(expected);
  ASSERT_EQ(actual.enums.size(), 1u);
  EXPECT_EQ(actual.enums[0].values, (std::vector<std::string>{"todo", "doing", "done"}));
}

// Only retort's own spellings (compared without regard to case and space)
// are portable types; any other text is a native type, kept as written.
TEST(SqliteDeclaredTypeTest, OnlyRetortsOwnSpellingsArePortable) {
  EXPECT_EQ(sqlite::type_from_declared("INTEGER").kind, TypeKind::kInteger);
  EXPECT_EQ(sqlite::type_from_declared("varchar (20)").to_string(), "varchar(20)");
  EXPECT_EQ(sqlite::type_from_declared("CHAR(1)").to_string(), "char(1)");
  EXPECT_EQ(sqlite::type_from_declared("char(3)").to_string(), "char(3)");
  for (const char* text : {"INT", "DATETIME", "bool", "CHAR", "character(3)", "decimal(8, 3)"}) {
    const Type t = sqlite::type_from_declared(text);
    EXPECT_EQ(t.kind, TypeKind::kNative) << text;
    EXPECT_EQ(t.native, text);
  }
}

TEST_F(SqliteTest, TypesHaveTheRightAffinity) {
  Table t;
  t.name = "aff";
  t.columns = {col("i", "bigint", true),       col("f", "float", true), col("r", "real", true),
               col("n", "numeric(5,2)", true), col("u", "uuid", true),  col("j", "json", true),
               col("v", "varchar(5)", true),   col("b", "blob", true),  col("e", "boolean", true)};
  build({CreateTable{t}});
  sql("INSERT INTO aff VALUES ('12', '1', '2', '3.50', '12345', '1e3', '007', x'00', TRUE)");
  EXPECT_EQ(scalar("SELECT typeof(i) || typeof(f) || typeof(r) || typeof(n) FROM aff"),
            "integerrealrealreal");
  // uuid and json keep their text exactly (TEXT affinity), even when it looks numeric.
  EXPECT_EQ(scalar("SELECT typeof(u) || ',' || j || ',' || v FROM aff"), "text,1e3,007");
  EXPECT_EQ(scalar("SELECT typeof(b) || typeof(e) FROM aff"), "blobinteger");
}

TEST_F(SqliteTest, IntegerAndBigintPrimaryKeysAreRowidAliases) {
  Table a;
  a.name = "a";
  a.columns = {pk("id", "integer"), col("x", "text", true)};
  Table b;
  b.name = "b";
  b.columns = {pk("id", "bigint"), col("x", "text", true)};
  MetaData declared;
  declared.tables = {a, b};
  build({CreateTable{a}, CreateTable{b}});
  sql("INSERT INTO a (x) VALUES ('one'); INSERT INTO b (x) VALUES ('one'), ('two')");
  EXPECT_EQ(scalar("SELECT max(id) FROM b"), "2");
  MetaData actual = inspect();
  ASSERT_EQ(actual.tables.size(), 2u);
  EXPECT_EQ(actual.tables[0].columns[0].type.kind, TypeKind::kInteger);
  EXPECT_EQ(actual.tables[1].columns[0].type.kind, TypeKind::kBigint);
  EXPECT_TRUE(actual.tables[1].columns[0].autoincrement);
  EXPECT_EQ(actual, dialect().normalize(declared)) << dump(actual);
}

TEST(SqliteDefaults, ParsesLiteralsAndExpressions) {
  using sqlite::default_from_sql;
  EXPECT_EQ(default_from_sql("1").value, Literal{std::int64_t{1}});
  EXPECT_EQ(default_from_sql("-7").value, Literal{std::int64_t{-7}});
  EXPECT_EQ(default_from_sql("1.5").value, Literal{1.5});
  EXPECT_EQ(default_from_sql("'it''s'").value, Literal{std::string("it's")});
  EXPECT_EQ(default_from_sql("TRUE").value, Literal{true});
  EXPECT_EQ(default_from_sql("false").value, Literal{false});
  EXPECT_EQ(default_from_sql("('x')").value, Literal{std::string("x")});
  EXPECT_TRUE(default_from_sql("NULL").empty());
  EXPECT_EQ(default_from_sql("current_timestamp").sql, "CURRENT_TIMESTAMP");
  EXPECT_EQ(default_from_sql("(lower('X'))").sql, "lower('X')");
  EXPECT_EQ(default_from_sql("(1) + (2)").sql, "(1) + (2)");
}

TEST_F(SqliteTest, DefaultsRoundTrip) {
  auto with = [](Column c, ColumnDefault d) {
    c.default_ = std::move(d);
    return c;
  };
  auto value = [](Literal l) { return ColumnDefault{l, std::nullopt}; };
  auto expr = [](std::string s) { return ColumnDefault{std::nullopt, s}; };
  Table t;
  t.name = "defaults";
  t.columns = {
      with(col("i", "integer"), value(std::int64_t{42})),
      with(col("neg", "bigint"), value(std::int64_t{-3})),
      with(col("f", "float"), value(2.5)),
      with(col("whole", "float"), value(2.0)),
      with(col("s", "varchar(10)"), value(std::string("it's"))),
      with(col("empty", "text"), value(std::string())),
      with(col("b", "boolean"), value(true)),
      with(col("ts", "timestamp"), expr("CURRENT_TIMESTAMP")),
      with(col("d", "date", true), expr("current_date")),
      with(col("low", "text"), expr("lower('ABC')")),
      with(col("quoted", "text"), expr("'literal'")),
      with(enum_col("st", "st", {"a", "b"}), value(std::string("b"))),
  };
  MetaData declared;
  declared.tables.push_back(t);
  build({CreateTable{t}});
  MetaData actual = inspect();
  MetaData expected = dialect().normalize(declared);
  EXPECT_EQ(actual, expected) << "inspected:\n" << dump(actual) << "expected:\n" << dump(expected);
  sql("INSERT INTO defaults DEFAULT VALUES");
  EXPECT_EQ(scalar("SELECT i || '|' || neg || '|' || s || '|' || b || '|' || low || '|' || st FROM "
                   "defaults"),
            "42|-3|it's|1|abc|b");
  EXPECT_EQ(scalar("SELECT length(ts) FROM defaults"), "19");
}

}  // namespace
}  // namespace retort::sqlite_test
