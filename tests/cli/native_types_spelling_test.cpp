// Every common spelling of a type names the type the database reports: a
// column declared as `int4`, `_int4` or `timestamptz(3)` is created, read
// back and compared as what it is, so that after autogenerate + upgrade
// `check` finds nothing and a second autogenerate writes no ops; and the
// same columns declared in another spelling of the same types still match.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

struct Spelling {
  std::string column;
  std::string first;       // the spelling the column is created with
  std::string second;      // another spelling of the same type
  std::string stored;      // what the database reports (format_type, or the declared text)
  std::string extra = "";  // more keys for the column: `, default = ...`
};

struct SpellingTable {
  std::string name;
  std::vector<Spelling> columns;
};

// models.toml with every table; `second`: the second spellings. `marked`:
// each type carries native = true (SQLite needs it on any name that is not
// retort's own; PostgreSQL takes it, or not).
std::string models(const std::vector<SpellingTable>& tables, bool second, bool marked) {
  std::string out;
  for (const SpellingTable& t : tables) {
    out += "[[table]]\nname = \"" + t.name + "\"\ncolumns = [\n";
    out += "  { name = \"id\", type = \"integer\", primary_key = true },\n";
    for (const Spelling& c : t.columns) {
      std::string type = second ? c.second : c.first;
      std::string escaped;
      for (char ch : type) {
        if (ch == '"' || ch == '\\') escaped += '\\';
        escaped += ch;
      }
      out += "  { name = \"" + c.column + "\", type = \"" + escaped + "\"" +
             (marked ? ", native = true" : "") + ", nullable = true" + c.extra + " },\n";
    }
    out += "]\n\n";
  }
  return out;
}

// The checks every spelling set must pass once the database is at head:
// `check` and `diff` find nothing, and autogenerate writes an empty revision.
void expect_no_changes(const CliProject& p, const std::string& label) {
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << label << "\n" << check.describe();
  ProcessResult diff = p.retort({"diff"});
  EXPECT_EQ(diff.exit_code, 0) << label << "\n" << diff.describe();
  ProcessResult again = p.retort({"revision", "--autogenerate", "-m", "nothing " + label});
  ASSERT_EQ(again.exit_code, 0) << label << "\n" << again.describe();
  EXPECT_NE(again.out.find("No changes detected"), std::string::npos) << label << "\n" << again.out;
  const std::string id = generated_revision_id(again.out);
  ASSERT_FALSE(id.empty());
  const std::string written = p.read(p.revision_file(id + "_"));
  EXPECT_EQ(written.find("[[upgrade]]"), std::string::npos) << label << "\n" << written;
  EXPECT_EQ(written.find("[[downgrade]]"), std::string::npos) << label << "\n" << written;
  // The empty revision is head now; upgrading to it changes nothing.
  ProcessResult up = p.retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 0) << label << "\n" << up.describe();
}

const std::vector<SpellingTable> kPgTables = {
    {"scalars",
     {
         {"c_int", "int", "int4", "integer"},
         {"c_int4", "int4", "pg_catalog.int4", "integer"},
         {"c_int2", "int2", "smallint", "smallint"},
         {"c_int8", "int8", "bigint", "bigint"},
         {"c_float8", "float8", "double precision", "double precision"},
         {"c_float", "float", "float(53)", "double precision"},
         {"c_float4", "float4", "float(10)", "real"},
         {"c_bool", "bool", "boolean", "boolean", ", default = true"},
         {"c_varchar", "character varying(12)", "varchar(12)", "character varying(12)"},
         {"c_varchar_free", "varchar", "character varying", "character varying"},
         {"c_char", "char(3)", "character(3)", "character(3)"},
         {"c_char_one", "char", "character", "character(1)"},
         {"c_bpchar", "bpchar", "pg_catalog.bpchar", "bpchar"},
         {"c_byte", "\"char\"", "pg_catalog.\"char\"", "\"char\"", ", default = \"a\""},
         {"c_decimal", "decimal(10,2)", "numeric(10, 2)", "numeric(10,2)"},
         {"c_numeric5", "numeric(5)", "decimal(5,0)", "numeric(5,0)", ", default = 0"},
         {"c_numeric", "decimal", "numeric", "numeric"},
         {"c_bit", "bit", "bit(1)", "bit(1)"},
         {"c_bit_free", "\"bit\"", "pg_catalog.bit", "\"bit\""},
         {"c_varbit", "varbit(7)", "bit varying(7)", "bit varying(7)"},
         {"c_citext", "public.citext", "CITEXT", "citext", ", default = \"x\""},
         {"c_money", "money", "MONEY", "money"},
         // Unmarked, `json` is the portable type (jsonb here); marked, it
         // is PostgreSQL's own json.
         {"c_json", "pg_catalog.json", "json", "json"},
         {"c_jsonb", "jsonb", "JSONB", "jsonb", ", default = \"{}\""},
         {"c_text", "pg_catalog.text", "TEXT", "text"},
         {"c_inet", "inet", "INET", "inet"},
         {"c_uuid", "uuid", "pg_catalog.uuid", "uuid"},
         {"c_int4range", "int4range", "pg_catalog.int4range", "int4range"},
     }},
    {"times",
     {
         {"t_tstz3", "timestamptz(3)", "timestamp(3) with time zone",
          "timestamp(3) with time zone"},
         {"t_tstz", "timestamptz", "timestamp with time zone", "timestamp with time zone"},
         {"t_ts0", "timestamp(0)", "timestamp(0) without time zone",
          "timestamp(0) without time zone"},
         {"t_ts", "timestamp without time zone", "TIMESTAMP", "timestamp without time zone"},
         {"t_time3", "time(3)", "time(3) without time zone", "time(3) without time zone"},
         {"t_time", "time", "time without time zone", "time without time zone"},
         {"t_timetz", "timetz", "time with time zone", "time with time zone"},
         {"t_timetz2", "timetz(2)", "time(2) with time zone", "time(2) with time zone"},
         {"t_interval", "interval", "INTERVAL", "interval", ", default = \"1 day\""},
         {"t_day_second", "interval day to second(2)", "INTERVAL DAY TO SECOND (2)",
          "interval day to second(2)"},
         {"t_interval3", "interval(3)", "interval (3)", "interval(3)"},
         {"t_year_month", "interval year to month", "INTERVAL YEAR TO MONTH",
          "interval year to month"},
         {"t_hour", "interval hour", "interval HOUR", "interval hour"},
         {"t_minute_second", "interval minute to second(0)", "interval minute to second (0)",
          "interval minute to second(0)"},
         {"t_date", "date", "DATE", "date"},
     }},
    {"arrays",
     {
         {"a_int", "int[]", "integer ARRAY", "integer[]", ", default = \"{1,2}\""},
         {"a_int4", "_int4", "int4[]", "integer[]"},
         {"a_int_2d", "int[][]", "integer[3][3]", "integer[]"},
         {"a_int_bound", "integer ARRAY[4]", "int4[4]", "integer[]"},
         {"a_text", "text[]", "_text", "text[]", ", default = \"{}\""},
         {"a_text_empty", "text ARRAY", "text[]", "text[]", ", default_sql = \"ARRAY[]::text[]\""},
         {"a_varchar", "varchar(20)[]", "character varying(20)[]", "character varying(20)[]"},
         {"a_varchar_free", "varchar[]", "_varchar", "character varying[]"},
         {"a_decimal", "decimal(10,2)[]", "numeric(10,2)[]", "numeric(10,2)[]"},
         {"a_tstz3", "timestamptz(3)[]", "timestamp(3) with time zone[]",
          "timestamp(3) with time zone[]"},
         {"a_bool", "bool[]", "_bool", "boolean[]"},
         {"a_float8", "float8[]", "double precision[]", "double precision[]"},
         {"a_day_second", "interval day to second(2)[]", "interval day to second(2) ARRAY",
          "interval day to second(2)[]"},
         {"a_bit", "bit(4)[]", "bit (4) []", "bit(4)[]"},
         {"a_bit_free", "_bit", "\"bit\"[]", "\"bit\"[]"},
         {"a_byte", "\"char\"[]", "_char", "\"char\"[]"},
         {"a_uuid", "uuid[]", "_uuid", "uuid[]"},
         {"a_inet", "inet[]", "_inet", "inet[]"},
         {"a_jsonb", "jsonb[]", "_jsonb", "jsonb[]"},
         {"a_citext", "citext[]", "public.citext[]", "citext[]"},
         {"a_char", "char(2)[]", "character(2) ARRAY", "character(2)[]"},
         {"a_tstzrange", "tstzrange[]", "_tstzrange", "tstzrange[]"},
     }},
};

// What the catalogs say each column is, in column order.
Rows pg_types(const CliProject& p, const std::string& table) {
  return p.query(
      "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
      "WHERE attrelid = '" +
      table + "'::regclass AND attnum > 1 AND NOT attisdropped ORDER BY attnum");
}

Rows expected_types(const SpellingTable& t) {
  Rows out;
  for (const Spelling& c : t.columns) out.push_back({c.column, c.stored});
  return out;
}

TEST(NativeTypesSpellingTest, PostgresqlSpellingsRoundTrip) {
  CliProject p("postgresql");
  ASSERT_FALSE(p.url().empty());
  p.execute("CREATE EXTENSION citext");
  p.write_models(models(kPgTables, /*second=*/false, /*marked=*/false));
  ASSERT_FALSE(p.migrate("spellings").empty());
  for (const SpellingTable& t : kPgTables) EXPECT_EQ(pg_types(p, t.name), expected_types(t));
  expect_no_changes(p, "first spellings");

  // The same types in other spellings, marked native this time.
  p.write_models(models(kPgTables, /*second=*/true, /*marked=*/true));
  expect_no_changes(p, "second spellings");
  for (const SpellingTable& t : kPgTables) EXPECT_EQ(pg_types(p, t.name), expected_types(t));
}

// SQLite keeps a declared type as written; the same name in another case or
// spacing is the same type.
const std::vector<SpellingTable> kSqliteTables = {
    {"hand_written",
     {
         {"c_int", "INT", "int", "INT", ", default = 0"},
         {"c_int4", "int4", "INT4", "int4"},
         // Retort's own spellings, in any case, are the portable types,
         // declared in retort's spelling.
         {"c_integer", "Integer", "integer", "INTEGER"},
         {"c_bool", "bool", "BOOL", "bool", ", default = 1"},
         {"c_boolean", "BOOLEAN", "boolean", "BOOLEAN"},
         {"c_double", "DOUBLE", "double", "DOUBLE"},
         {"c_double_precision", "double precision", "DOUBLE  PRECISION", "double precision"},
         {"c_varchar", "varchar(12)", "VARCHAR (12)", "VARCHAR(12)"},
         {"c_character_varying", "character varying(5)", "CHARACTER VARYING(5)",
          "character varying(5)"},
         {"c_nvarchar", "NVARCHAR(40)", "nvarchar( 40 )", "NVARCHAR(40)"},
         {"c_varchar2", "VARCHAR2(10)", "varchar2(10)", "VARCHAR2(10)", ", default = \"none\""},
         {"c_decimal", "decimal(8, 3)", "DECIMAL(8,3)", "decimal(8, 3)"},
         {"c_datetime", "DATETIME", "datetime", "DATETIME",
          ", default_sql = \"CURRENT_TIMESTAMP\""},
         {"c_unsigned", "unsigned big int", "UNSIGNED BIG INT", "unsigned big int"},
         {"c_clob", "CLOB", "clob", "CLOB"},
         {"c_json", "JSON", "json", "JSON"},
         {"c_jsonb", "JSONB", "jsonb", "JSONB"},
         {"c_string", "STRING", "string", "STRING"},
         {"c_float8", "float8", "FLOAT8", "float8"},
         {"c_tinyint", "TINYINT", "tinyint", "TINYINT"},
     }},
};

Rows sqlite_types(const CliProject& p, const std::string& table) {
  return p.query("SELECT name, type FROM pragma_table_xinfo('" + table +
                 "') WHERE cid > 0 ORDER BY cid");
}

TEST(NativeTypesSpellingTest, SqliteSpellingsRoundTrip) {
  CliProject p("sqlite");
  p.write_models(models(kSqliteTables, /*second=*/false, /*marked=*/true));
  ASSERT_FALSE(p.migrate("spellings").empty());
  for (const SpellingTable& t : kSqliteTables) {
    EXPECT_EQ(sqlite_types(p, t.name), expected_types(t));
  }
  expect_no_changes(p, "first spellings");

  p.write_models(models(kSqliteTables, /*second=*/true, /*marked=*/true));
  expect_no_changes(p, "second spellings");
}

}  // namespace
}  // namespace retort::testing
