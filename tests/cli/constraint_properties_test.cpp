// Constraint properties, whole databases: deferrable unique and primary
// keys, MATCH FULL and NOT VALID foreign keys, NOT VALID and NO INHERIT
// checks, exclusion constraints.
//  - Fidelity (PostgreSQL): a booking/ledger schema written by hand in SQL,
//    `inspect`ed into models and upgraded into an empty database, has the
//    same constraints, read from pg_constraint/pg_get_constraintdef (not
//    through retort's inspector); `check` on the original finds nothing.
//  - Change kinds (PostgreSQL): each property changed with rows in the
//    tables: autogenerate, upgrade (rows kept), nothing left to do,
//    downgrade (the catalog is schema A's again).
//  - SQLite has none of them but deferrable foreign keys: its dialect
//    clears them, so models that declare them leave no difference.
//  - Bad values in models.toml: exit 2 naming file and line, database
//    untouched.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/catalog_rows.hpp"
#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Every constraint of the user tables as the catalog describes it: table,
// name, kind, definition as the server prints it (DEFERRABLE, MATCH FULL,
// NOT VALID, NO INHERIT, EXCLUDE ... all in it), validated; and every index
// definition (an exclusion constraint's index too).
Rows pg_constraints(const CliProject& p) {
  Rows out = p.query(
      "SELECT c.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid), "
      "  con.convalidated::text, con.condeferrable::text, con.condeferred::text "
      "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
      "JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE n.nspname = 'public' AND c.relname NOT IN ('retort_version', 'retort_history') "
      "ORDER BY c.relname, con.conname");
  for (auto& row : p.query("SELECT tablename, indexname, indexdef FROM pg_indexes "
                           "WHERE schemaname = 'public' AND tablename NOT IN "
                           "('retort_version', 'retort_history') ORDER BY tablename, indexname")) {
    out.push_back(std::move(row));
  }
  return out;
}

// Rooms are booked for time ranges; two bookings of one room may not
// overlap (an exclusion on an expression and a range, limited to live
// bookings, deferrable). A room's name is unique, checked at commit (so two
// rooms can swap names). The ledger's periods per account may not overlap;
// its foreign key and check were added NOT VALID over old rows that break
// them, as one does on a big table.
const std::vector<std::string> kPgApplication = {
    "CREATE TABLE room ("
    "  id integer PRIMARY KEY,"
    "  name text NOT NULL,"
    "  floor integer,"
    "  CONSTRAINT uq_room_name UNIQUE (name) DEFERRABLE INITIALLY DEFERRED,"
    "  CONSTRAINT ck_room_floor CHECK (floor >= 0) NO INHERIT)",
    "CREATE TABLE booking ("
    "  id integer,"
    "  room_id integer NOT NULL,"
    "  during tstzrange NOT NULL,"
    "  guest text,"
    "  cancelled boolean NOT NULL DEFAULT false,"
    "  CONSTRAINT booking_pkey PRIMARY KEY (id) DEFERRABLE,"
    "  CONSTRAINT fk_booking_room FOREIGN KEY (room_id) REFERENCES room (id) MATCH FULL "
    "    ON DELETE CASCADE,"
    "  CONSTRAINT ex_booking_room EXCLUDE USING gist "
    "    (int4range(room_id, room_id, '[]') WITH =, during WITH &&) "
    "    WHERE (NOT cancelled) DEFERRABLE INITIALLY DEFERRED)",
    "CREATE TABLE ledger ("
    "  id bigint PRIMARY KEY,"
    "  room_id integer,"
    "  account integer NOT NULL,"
    "  amount numeric(10,2) NOT NULL,"
    "  period int4range NOT NULL,"
    "  CONSTRAINT ex_ledger_period EXCLUDE USING gist (period WITH &&) INCLUDE (account))",
    "INSERT INTO room (id, name, floor) VALUES (1, 'Blue', 1), (2, 'Red', 2)",
    "INSERT INTO ledger (id, room_id, account, amount, period) VALUES "
    "  (1, 1, 10, 5.00, '[1,10)'), (2, 99, 10, 0, '[10,20)')",
    "ALTER TABLE ledger ADD CONSTRAINT fk_ledger_room FOREIGN KEY (room_id) REFERENCES room (id) "
    "  MATCH FULL NOT VALID",
    "ALTER TABLE ledger ADD CONSTRAINT ck_ledger_amount CHECK (amount <> 0) NOT VALID",
};

TEST(ConstraintPropertiesTest, PostgresqlHandBuiltDatabaseRoundTrips) {
  CliProject original("postgresql");
  ASSERT_FALSE(original.url().empty());
  for (const std::string& sql : kPgApplication) original.execute(sql);
  const Rows built = pg_constraints(original);
  ASSERT_EQ(built.size(), 16u) << "the hand-built schema did not build";

  ProcessResult inspect = original.retort({"inspect", "--format", "toml"});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.describe();
  EXPECT_EQ(inspect.err, "") << "nothing of these constraints is left unmodelled";
  for (const char* expected :
       {R"t(deferrable = true, initially_deferred = true)t", R"t(match = "full")t",
        R"t(not_valid = true)t", R"t(no_inherit = true)t", R"t(primary_key_deferrable = true)t",
        R"t(exclusions = [)t", R"t(op = "&&")t", R"t(include = ["account"])t"}) {
    EXPECT_NE(inspect.out.find(expected), std::string::npos) << expected << "\n" << inspect.out;
  }

  CliProject copy("postgresql");
  ASSERT_FALSE(copy.url().empty());
  copy.write_models(inspect.out);
  ASSERT_FALSE(copy.migrate("from inspect").empty()) << inspect.out;
  EXPECT_EQ(differences(built, pg_constraints(copy)), "");

  ProcessResult copy_check = copy.retort({"check"});
  EXPECT_EQ(copy_check.exit_code, 0) << copy_check.describe();
  ProcessResult again = copy.retort({"inspect", "--format", "toml"});
  EXPECT_EQ(again.out, inspect.out);

  ASSERT_NO_FATAL_FAILURE(expect_original_adopts(original, copy, inspect.out));

  // The same through `inspect --format cpp` and `--format sql`.
  ProcessResult cpp = original.retort({"inspect", "--format", "cpp"});
  ASSERT_EQ(cpp.exit_code, 0) << cpp.describe();
  for (const char* expected :
       {"retort::ExclusionConstraint{.name = \"ex_booking_room\", .method = \"gist\"",
        "retort::ForeignKey{.name = \"fk_ledger_room\"", ".match_full = true, .not_valid = true",
        "retort::CheckConstraint{.name = \"ck_room_floor\"", ".no_inherit = true",
        "retort::UniqueConstraint{.name = \"uq_room_name\"",
        "retort::TablePrimaryKey{.columns = {\"id\"}, .name = \"booking_pkey\", .deferrable = "
        "true}"}) {
    EXPECT_NE(cpp.out.find(expected), std::string::npos) << expected << "\n" << cpp.out;
  }
  ProcessResult sql = original.retort({"inspect", "--format", "sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  for (const char* expected :
       {"EXCLUDE USING gist", "MATCH FULL", "NOT VALID", "NO INHERIT",
        "UNIQUE (\"name\") DEFERRABLE INITIALLY DEFERRED", "PRIMARY KEY (\"id\") DEFERRABLE"}) {
    EXPECT_NE(sql.out.find(expected), std::string::npos) << expected << "\n" << sql.out;
  }
}

// --- change kinds (PostgreSQL) -------------------------------------------------

constexpr const char* kTeam =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n\n";

// team + hero; `hero_extra` follows hero's columns.
std::string hero_models(const std::string& hero_extra) {
  return std::string(kTeam) +
         "[[table]]\n"
         "name = \"hero\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(50)\" },\n"
         "  { name = \"team_id\", type = \"integer\", nullable = true },\n"
         "  { name = \"shift\", type = \"int4range\", native = true, nullable = true },\n"
         "]\n" +
         hero_extra;
}

const std::vector<std::string> kSeed = {
    "INSERT INTO team (id, name) VALUES (1, 'Preventers'), (2, 'Z-Force')",
    "INSERT INTO hero (id, name, team_id, shift) VALUES (1, 'Deadpond', 1, '[1,5)'), "
    "  (2, 'Rusty-Man', 2, '[5,9)'), (3, 'Spider-Boy', NULL, NULL)",
};
constexpr const char* kHeroQuery = "SELECT id, name, team_id, shift FROM hero ORDER BY id";
const Rows kHeroRows = {{"1", "Deadpond", "1", "[1,5)"},
                        {"2", "Rusty-Man", "2", "[5,9)"},
                        {"3", "Spider-Boy", "NULL", "NULL"}};

struct ChangeCase {
  std::string name;
  std::string extra_a;  // hero's constraints in schema A
  std::string extra_b;  // and in B
  std::vector<std::string> extra_seed = {};
  std::string expected_op;  // in the revision file
  // A downgrade that leaves the database as B made it (validate_constraint:
  // a valid constraint satisfies A's not_valid): compare with B's catalog.
  bool down_keeps_b = false;
};

void PrintTo(const ChangeCase& c, std::ostream* os) { *os << c.name; }

std::vector<ChangeCase> change_cases() {
  const std::string fk =
      R"t(foreign_keys = [ { name = "fk_hero_team", columns = ["team_id"], references = "team", ref_columns = ["id"])t";
  return {
      {"unique_made_deferrable",
       "unique = [ { name = \"uq_hero_name\", columns = [\"name\"] } ]\n",
       "unique = [ { name = \"uq_hero_name\", columns = [\"name\"], deferrable = true, "
       "initially_deferred = true } ]\n",
       {},
       "op = \"add_unique\""},
      {"primary_key_made_deferrable",
       "",
       "primary_key_deferrable = true\n",
       {},
       "op = \"alter_primary_key\""},
      {"primary_key_initially_deferred",
       "primary_key_deferrable = true\n",
       "primary_key_deferrable = true\nprimary_key_initially_deferred = true\n",
       {},
       "existing_deferrable = true"},
      {"foreign_key_match_full",
       fk + " } ]\n",
       fk + ", match = \"full\" } ]\n",
       {},
       "match = \"full\""},
      // The rows break the key: NOT VALID adds it without checking them.
      {"foreign_key_added_not_valid",
       "",
       fk + ", not_valid = true } ]\n",
       {"UPDATE hero SET team_id = 99 WHERE id = 3"},
       "not_valid = true"},
      {"check_added_not_valid",
       "",
       "checks = [ { name = \"ck_hero_name\", sql = \"name <> 'Spider-Boy'\", not_valid = true } "
       "]\n",
       {},
       "not_valid = true"},
      {"foreign_key_validated",
       fk + ", not_valid = true } ]\n",
       fk + " } ]\n",
       {},
       "op = \"validate_constraint\"",
       true},
      {"check_validated",
       "checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\", not_valid = true } ]\n",
       "checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\" } ]\n",
       {},
       "op = \"validate_constraint\"",
       true},
      {"check_no_inherit",
       "checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\" } ]\n",
       "checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\", no_inherit = true } ]\n",
       {},
       "no_inherit = true"},
      {"exclusion_added",
       "",
       "exclusions = [ { name = \"ex_hero_shift\", using = \"gist\", elements = [ { column = "
       "\"shift\", op = \"&&\" } ], where = \"team_id IS NOT NULL\", deferrable = true } ]\n",
       {},
       "op = \"add_exclusion\""},
      {"exclusion_dropped",
       "exclusions = [ { name = \"ex_hero_shift\", elements = [ { expression = "
       "\"int4range(team_id, team_id, '[]')\", op = \"=\" }, { column = \"shift\", op = \"&&\" } "
       "] } ]\n",
       "",
       {},
       "op = \"drop_exclusion\""},
  };
}

class ConstraintChangeTest : public ::testing::TestWithParam<ChangeCase> {};

TEST_P(ConstraintChangeTest, UpgradeKeepsRowsAndDowngradeRestoresCatalog) {
  const ChangeCase& c = GetParam();
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(hero_models(c.extra_a));
  const std::string rev_a = p.migrate("schema a");
  ASSERT_FALSE(rev_a.empty());
  for (const std::string& sql : kSeed) p.execute(sql);
  for (const std::string& sql : c.extra_seed) p.execute(sql);
  const Rows catalog_a = pg_constraints(p);
  const Rows rows = p.query(kHeroQuery);
  if (c.extra_seed.empty()) {
    EXPECT_EQ(rows, kHeroRows);
  }

  p.write_models(hero_models(c.extra_b));
  ProcessResult pending = p.retort({"check"});
  EXPECT_EQ(pending.exit_code, 1) << pending.describe();
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "schema b"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::string revision = p.read(p.revision_file("schema_b"));
  EXPECT_NE(revision.find(c.expected_op), std::string::npos) << revision;
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe() << revision;
  EXPECT_EQ(p.query(kHeroQuery), rows);
  const Rows catalog_b = pg_constraints(p);
  EXPECT_NE(differences(catalog_a, catalog_b), "") << "the upgrade changed nothing";
  expect_no_differences(p);

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.version(), rev_a);
  EXPECT_EQ(differences(c.down_keeps_b ? catalog_b : catalog_a, pg_constraints(p)), "");
  EXPECT_EQ(p.query(kHeroQuery), rows);
  // And up again, with the drift check: what history plays at A (not_valid
  // after a validate_constraint's inverse) is no drift from a valid
  // constraint.
  ProcessResult again = p.retort({"upgrade", "head", "--check-drift"});
  EXPECT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(differences(catalog_b, pg_constraints(p)), "");
  EXPECT_EQ(p.query(kHeroQuery), rows);
}

INSTANTIATE_TEST_SUITE_P(Postgresql, ConstraintChangeTest, ::testing::ValuesIn(change_cases()),
                         [](const auto& info) { return info.param.name; });

// The constraint is validated by the upgrade: rows that break it make the
// upgrade fail, and the database keeps the constraint NOT VALID.
TEST(ConstraintPropertiesTest, PostgresqlValidateFailsOnRowsThatBreakIt) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(hero_models(
      "checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\", not_valid = true } ]\n"));
  ASSERT_FALSE(p.migrate("schema a").empty());
  p.execute("ALTER TABLE hero DROP CONSTRAINT ck_hero_name");
  p.execute("INSERT INTO team (id, name) VALUES (1, 'Preventers')");
  p.execute("INSERT INTO hero (id, name) VALUES (1, '')");
  p.execute("ALTER TABLE hero ADD CONSTRAINT ck_hero_name CHECK (name <> '') NOT VALID");
  p.write_models(hero_models("checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\" } ]\n"));
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "validate"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  ProcessResult up = p.retort({"upgrade", "head"});
  EXPECT_NE(up.exit_code, 0) << up.describe();
  EXPECT_NE(up.err.find("ck_hero_name"), std::string::npos) << up.describe();
  EXPECT_EQ(p.query("SELECT convalidated::text FROM pg_constraint WHERE conname = 'ck_hero_name'"),
            (Rows{{"false"}}));
}

// A table created in the revision gets its NOT VALID constraints by ALTER
// TABLE (CREATE TABLE would make them valid); offline SQL says the same.
TEST(ConstraintPropertiesTest, PostgresqlNewTableGetsNotValidConstraintsAfterwards) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.write_models(hero_models(
      "checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\", not_valid = true } ]\n"));
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "new"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  ProcessResult sql = p.retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_NE(sql.out.find("ALTER TABLE \"hero\" ADD CONSTRAINT \"ck_hero_name\" CHECK (name <> '') "
                         "NOT VALID"),
            std::string::npos)
      << sql.out;
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(p.query("SELECT convalidated::text FROM pg_constraint WHERE conname = 'ck_hero_name'"),
            (Rows{{"false"}}));
  expect_no_differences(p);
}

// --- SQLite --------------------------------------------------------------------

// Every property SQLite does not have, declared: the schema made from them
// has none of them, and nothing is left to do.
TEST(ConstraintPropertiesTest, SqliteClearsWhatItDoesNotHave) {
  const std::string plain = hero_models(
      "unique = [ { name = \"uq_hero_name\", columns = [\"name\"] } ]\n"
      "foreign_keys = [ { name = \"fk_hero_team\", columns = [\"team_id\"], references = "
      "\"team\", ref_columns = [\"id\"] } ]\n"
      "checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\" } ]\n");
  const std::string declared = hero_models(
      "primary_key_deferrable = true\n"
      "primary_key_initially_deferred = true\n"
      "unique = [ { name = \"uq_hero_name\", columns = [\"name\"], deferrable = true } ]\n"
      "foreign_keys = [ { name = \"fk_hero_team\", columns = [\"team_id\"], references = "
      "\"team\", ref_columns = [\"id\"], match = \"full\", not_valid = true } ]\n"
      "checks = [ { name = \"ck_hero_name\", sql = \"name <> ''\", not_valid = true, "
      "no_inherit = true } ]\n"
      "exclusions = [ { name = \"ex_hero_shift\", elements = [ { column = \"shift\", op = "
      "\"&&\" } ] } ]\n");
  CliProject p("sqlite");
  p.write_models(plain);
  ASSERT_FALSE(p.migrate("plain").empty());
  const Rows plain_sql =
      p.query("SELECT name, sql FROM sqlite_schema WHERE name NOT LIKE 'retort_%' ORDER BY name");
  p.write_models(declared);
  expect_no_differences(p);

  CliProject q("sqlite");
  q.write_models(declared);
  ASSERT_FALSE(q.migrate("declared").empty());
  EXPECT_EQ(differences(plain_sql, q.query("SELECT name, sql FROM sqlite_schema WHERE name NOT "
                                           "LIKE 'retort_%' ORDER BY name")),
            "");
  expect_no_differences(q);
}

// --- bad values ----------------------------------------------------------------

struct BadValue {
  std::string name;
  std::string extra;  // hero's constraints
  std::string message;
};

void PrintTo(const BadValue& c, std::ostream* os) { *os << c.name; }

class ConstraintBadValueTest : public ::testing::TestWithParam<std::tuple<const char*, BadValue>> {
};

TEST_P(ConstraintBadValueTest, ExitTwoWithFileAndLine) {
  const auto& [dialect, c] = GetParam();
  CliProject p(dialect);
  ASSERT_FALSE(p.url().empty());
  p.write_models(hero_models(""));
  ASSERT_FALSE(p.migrate("start").empty());
  const MetaData before = p.schema();
  // hero's columns end on line 15; the extra keys start on line 16.
  p.write_models(hero_models(c.extra));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check"},
        std::vector<std::string>{"revision", "--autogenerate", "-m", "bad"}}) {
    ProcessResult r = p.retort(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_NE(r.err.find("models.toml:16"), std::string::npos) << r.describe();
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.describe();
  }
  EXPECT_TRUE(p.revision_files().size() == 1u);
  EXPECT_TRUE(p.schema() == before);
}

INSTANTIATE_TEST_SUITE_P(
    Dialects, ConstraintBadValueTest,
    ::testing::Combine(
        ::testing::ValuesIn(kAllDialects),
        ::testing::Values(
            BadValue{"match_partial",
                     "foreign_keys = [ { columns = [\"team_id\"], references = \"team\", "
                     "ref_columns = [\"id\"], match = \"partial\" } ]\n",
                     "`match` must be \"simple\" or \"full\""},
            BadValue{"initially_deferred_alone",
                     "unique = [ { columns = [\"name\"], initially_deferred = true } ]\n",
                     "`initially_deferred = true` needs `deferrable = true`"},
            BadValue{"not_valid_not_boolean",
                     "checks = [ { name = \"ck\", sql = \"name <> ''\", not_valid = \"yes\" } ]\n",
                     "not_valid"},
            BadValue{"exclusion_without_op",
                     "exclusions = [ { name = \"ex\", elements = [ { column = \"shift\" } ] } ]\n",
                     "`op`"},
            BadValue{"exclusion_column_and_expression",
                     "exclusions = [ { name = \"ex\", elements = [ { column = \"shift\", "
                     "expression = \"shift\", op = \"&&\" } ] } ]\n",
                     "either `column` or `expression`"},
            BadValue{"primary_key_initially_deferred_alone",
                     "primary_key_initially_deferred = true\n",
                     "`primary_key_initially_deferred = true` needs `primary_key_deferrable = "
                     "true`"})),
    [](const auto& info) {
      return std::string(std::get<0>(info.param)) + "_" + std::get<1>(info.param).name;
    });

}  // namespace
}  // namespace retort::testing
