// dialects/sqlite/sqlite_inspector.cpp on tables written by hand in plain SQL.
#include "tests/dialects/sqlite/sqlite_fixture.hpp"

namespace retort::sqlite_test {
namespace {

const Table& table(const MetaData& md, std::string_view name) {
  const Table* t = md.find_table("", name);
  EXPECT_NE(t, nullptr) << name;
  static const Table kNone;
  return t ? *t : kNone;
}

TEST_F(SqliteTest, InspectsHandWrittenSpellings) {
  sql(R"(CREATE TABLE Team (id integer primary key, name VARCHAR(20) not null unique, score int default 0,
           ratio double precision, price decimal(8, 3), created datetime default current_timestamp,
           flag bool DEFAULT 1, blobby, label character varying(5) default 'x'))");
  sql(R"(CREATE TABLE "Odd ""Name""" (
           "Key" TEXT NOT NULL,
           part INT NOT NULL,
           team_id INTEGER CONSTRAINT fk_team REFERENCES Team ON DELETE CASCADE,
           other_id INTEGER REFERENCES Team(id),
           qty INTEGER CHECK (qty > 0),
           CONSTRAINT pk_odd PRIMARY KEY ("Key", part),
           CONSTRAINT uq_odd_qty UNIQUE (qty, part),
           CHECK (part < 100)))");
  sql(R"(CREATE INDEX ix_team_score ON Team (score DESC, name))");
  sql(R"(CREATE UNIQUE INDEX "ix_low" ON Team (lower(name)) WHERE score > 0)");
  MetaData md = inspect();
  ASSERT_EQ(md.tables.size(), 2u) << dump(md);

  const Table& team = table(md, "Team");
  ASSERT_EQ(team.columns.size(), 9u) << dump(team);
  EXPECT_EQ(team.columns[0].type.kind, TypeKind::kInteger);
  EXPECT_TRUE(team.columns[0].primary_key);
  EXPECT_TRUE(team.columns[0].autoincrement);
  EXPECT_FALSE(team.columns[0].nullable);
  EXPECT_EQ(team.columns[1].type.to_string(), "varchar(20)");
  EXPECT_FALSE(team.columns[1].nullable);
  // A spelling that is not retort's own for a portable type is kept as
  // written: SQLite keeps the text, and meaning hangs on it (INT PRIMARY KEY
  // is not the rowid).
  EXPECT_EQ(team.columns[2].type.kind, TypeKind::kNative);
  EXPECT_EQ(team.columns[2].type.native, "INT") << "SQLite's pragma spells INT so";
  EXPECT_EQ(team.columns[2].default_.value, Literal{std::int64_t{0}});
  EXPECT_EQ(team.columns[3].type.native, "double precision");
  EXPECT_EQ(team.columns[4].type.native, "decimal(8, 3)");
  EXPECT_EQ(team.columns[5].type.native, "datetime");
  EXPECT_EQ(team.columns[5].default_.sql, "CURRENT_TIMESTAMP");
  EXPECT_EQ(team.columns[6].type.native, "bool");
  EXPECT_EQ(team.columns[7].type.kind, TypeKind::kBlob) << "no declared type is BLOB affinity";
  EXPECT_EQ(team.columns[8].type.native, "character varying(5)");
  EXPECT_EQ(team.columns[8].default_.value, Literal{std::string("x")});
  ASSERT_EQ(team.uniques.size(), 1u);
  EXPECT_EQ(team.uniques[0].name, "uq_Team_name")
      << "unnamed constraints get the naming convention's name";
  EXPECT_TRUE(team.indexes.size() == 2) << dump(team);
  if (team.indexes.size() == 2) {
    const Index& low = team.indexes[0];
    EXPECT_EQ(low.name, "ix_low");
    EXPECT_TRUE(low.unique);
    EXPECT_EQ(low.keys.at(0).expression, "lower(name)");
    EXPECT_EQ(low.where, "score > 0");
    const Index& score = team.indexes[1];
    EXPECT_EQ(score.keys.at(0).column, "score");
    EXPECT_EQ(score.keys.at(0).order, SortOrder::kDesc);
    EXPECT_EQ(score.keys.at(1).column, "name");
  }

  const Table& odd = table(md, "Odd \"Name\"");
  EXPECT_EQ(odd.primary_key(), (std::vector<std::string>{"Key", "part"}));
  EXPECT_EQ(odd.primary_key_name, "pk_odd");
  EXPECT_FALSE(odd.columns[0].autoincrement);
  ASSERT_EQ(odd.foreign_keys.size(), 2u) << dump(odd);
  // Sorted by name: "fk_Odd..." (unnamed, named by the convention) before "fk_team".
  EXPECT_EQ(odd.foreign_keys[0].name, "fk_Odd \"Name\"_other_id_Team");
  const ForeignKey& fk = odd.foreign_keys[1];
  EXPECT_EQ(fk.name, "fk_team");
  EXPECT_EQ(fk.ref_table, "Team");
  EXPECT_EQ(fk.ref_columns, (std::vector<std::string>{"id"}))
      << "REFERENCES without columns means the primary key";
  EXPECT_EQ(fk.on_delete, "cascade");
  EXPECT_EQ(fk.on_update, "");
  ASSERT_EQ(odd.uniques.size(), 1u);
  EXPECT_EQ(odd.uniques[0].columns, (std::vector<std::string>{"qty", "part"}));
  ASSERT_EQ(odd.checks.size(), 2u) << dump(odd);
  EXPECT_EQ(odd.checks[0].sql, "qty > 0");
  EXPECT_EQ(odd.checks[1].sql, "part < 100");
}

TEST_F(SqliteTest, HandWrittenSchemaRecreatesEqual) {
  sql(R"(CREATE TABLE parent (id INTEGER PRIMARY KEY, code char(4) NOT NULL, UNIQUE (code)))");
  sql(R"(CREATE TABLE child (
           id integer NOT NULL, parent_code CHAR(4) references parent (code) on update cascade,
           note text default 'it''s', amount REAL check (amount >= 0), PRIMARY KEY (id)))");
  sql("CREATE INDEX ix_child_note ON child (note) WHERE note IS NOT NULL");
  MetaData first = inspect();
  // Recreate what was reflected in a second database through retort's DDL.
  testing::TestDatabase other("sqlite");
  auto conn2 = connect(other.url());
  ASSERT_TRUE(conn2.ok());
  MetaData schema;
  for (const Table& t : first.tables) {
    auto statements = dialect().compile(CreateTable{t}, schema);
    ASSERT_TRUE(statements.ok());
    for (const Statement& s : *statements) ASSERT_TRUE((*conn2)->execute(s.sql).ok()) << s.sql;
    ASSERT_TRUE(apply(schema, CreateTable{t}).ok());
  }
  auto second = dialect().inspect(**conn2, {});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, first) << "first:\n" << dump(first) << "second:\n" << dump(*second);
  EXPECT_EQ(dialect().normalize(first), first) << "a reflected schema is already normal";
}

TEST_F(SqliteTest, CommentsRoundTrip) {
  Table t;
  t.name = "notes";
  t.comment = "Table comment with 'quotes', */ and\nnewlines";
  Column id = pk("id");
  Column body = col("body", "text");
  body.comment = "-- not a line comment \\ backslash";
  t.columns = {id, body};
  build({CreateTable{t}});
  MetaData md = inspect();
  ASSERT_EQ(md.tables.size(), 1u);
  EXPECT_EQ(md.tables[0].comment, t.comment);
  EXPECT_EQ(md.tables[0].columns[1].comment, body.comment);
  EXPECT_EQ(md.tables[0].columns[0].comment, "");
}

TEST_F(SqliteTest, InspectHonoursOnlyAndExclude) {
  sql("CREATE TABLE a (x INTEGER); CREATE TABLE b (x INTEGER); CREATE TABLE retort_version (v "
      "TEXT)");
  // AUTOINCREMENT makes sqlite_sequence.
  sql("CREATE TABLE c (id INTEGER PRIMARY KEY AUTOINCREMENT); INSERT INTO c DEFAULT VALUES");
  InspectOptions exclude;
  exclude.exclude_tables = {"retort_version"};
  MetaData md = inspect(exclude);
  std::vector<std::string> names;
  for (const Table& t : md.tables) names.push_back(t.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
  InspectOptions only;
  only.only_tables = {"b"};
  md = inspect(only);
  ASSERT_EQ(md.tables.size(), 1u);
  EXPECT_EQ(md.tables[0].name, "b");
}

// Columns and foreign keys of every table come from one query each, so the
// statements an inspect runs do not grow with the number of tables.
TEST_F(SqliteTest, StatementCountDoesNotGrowWithTables) {
  sql("CREATE TABLE t0 (id INTEGER PRIMARY KEY, name TEXT UNIQUE)");
  auto count = [&] {
    const auto before = conn().round_trips();
    (void)inspect();
    return conn().round_trips() - before;
  };
  const auto few = count();
  for (int i = 1; i <= 30; ++i) {
    const std::string n = std::to_string(i);
    sql("CREATE TABLE t" + n + " (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES t0 (id), " +
        "name TEXT)");
    sql("CREATE INDEX ix_t" + n + " ON t" + n + " (name)");
  }
  EXPECT_EQ(count(), few);
  MetaData md = inspect();
  ASSERT_EQ(md.tables.size(), 31u);
  const Table& t7 = table(md, "t7");
  ASSERT_EQ(t7.columns.size(), 3u);
  EXPECT_EQ(t7.columns[1].name, "parent");
  ASSERT_EQ(t7.foreign_keys.size(), 1u);
  EXPECT_EQ(t7.foreign_keys[0].ref_table, "t0");
  EXPECT_EQ(t7.foreign_keys[0].ref_columns, (std::vector<std::string>{"id"}));
}

// A foreign key that names only its parent table refers to the parent's
// primary key, read from the columns already loaded (whatever the case it
// is spelled in), not with a query per key; a parent that does not exist
// gives no columns, as before.
TEST_F(SqliteTest, ForeignKeysToAParentsKeyCostNoQueryEach) {
  sql("CREATE TABLE Owner (a INTEGER NOT NULL, b TEXT NOT NULL, PRIMARY KEY (b, a))");
  auto count = [&] {
    const auto before = conn().round_trips();
    (void)inspect();
    return conn().round_trips() - before;
  };
  const auto few = count();
  for (int i = 0; i < 10; ++i) {
    sql("CREATE TABLE c" + std::to_string(i) +
        " (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, FOREIGN KEY (b, a) REFERENCES " +
        (i % 2 == 0 ? "owner" : "Owner") + ")");
  }
  EXPECT_EQ(count(), few);
  sql("PRAGMA foreign_keys = OFF");
  sql("CREATE TABLE orphan (id INTEGER PRIMARY KEY, gone_id INTEGER REFERENCES gone)");
  MetaData md = inspect();
  for (const char* name : {"c0", "c1"}) {
    const Table& c = table(md, name);
    ASSERT_EQ(c.foreign_keys.size(), 1u) << name;
    EXPECT_EQ(c.foreign_keys[0].ref_columns, (std::vector<std::string>{"b", "a"})) << name;
  }
  const Table& orphan = table(md, "orphan");
  ASSERT_EQ(orphan.foreign_keys.size(), 1u);
  EXPECT_EQ(orphan.foreign_keys[0].ref_table, "gone");
  EXPECT_TRUE(orphan.foreign_keys[0].ref_columns.empty());
}

}  // namespace
}  // namespace retort::sqlite_test
