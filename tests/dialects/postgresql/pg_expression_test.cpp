// Canonical forms: the spellings PostgreSQL prints back and the ones people
// write map to one text, without a server.
#include <gtest/gtest.h>

#include "dialects/postgresql/pg_normalize.hpp"

namespace retort::postgresql {
namespace {

TEST(PgExpression, StripsCastsAndParenthesesPostgresAdds) {
  EXPECT_EQ(canonical_expression("lower((name)::text)"), "lower(name)");
  EXPECT_EQ(canonical_expression("lower(name)"), "lower(name)");
  EXPECT_EQ(canonical_expression("(age >= 0)"), "age >= 0");
  EXPECT_EQ(canonical_expression("((age >= 0) AND (age <= 200))"), "age >= 0 AND age <= 200");
  EXPECT_EQ(canonical_expression("age>=0 and age<=200"), "age >= 0 AND age <= 200");
  EXPECT_EQ(canonical_expression("(deleted_at IS NULL)"), "deleted_at IS NULL");
  EXPECT_EQ(canonical_expression("(status <> 'done'::task_status)"), "status <> 'done'");
  EXPECT_EQ(canonical_expression("((name)::text <> ''::text)"), "name <> ''");
  EXPECT_EQ(canonical_expression("(price >= (0)::numeric)"), "price >= 0");
  EXPECT_EQ(canonical_expression("(x >= '-1'::integer)"), "x >= -1");
  EXPECT_EQ(canonical_expression("x >= -1"), "x >= -1");
  EXPECT_EQ(canonical_expression("((name)::text ~~ 'a%'::text)"), "name LIKE 'a%'");
  EXPECT_EQ(canonical_expression("\"Name\" = 'x'"), "\"Name\" = 'x'");
  EXPECT_EQ(canonical_expression("\"name\" = 'x'"), "name = 'x'");
}

TEST(PgExpression, KeepsParenthesesThatCarryMeaning) {
  EXPECT_EQ(canonical_expression("(a > 0 OR b > 0) AND c > 0"), "(a > 0 OR b > 0) AND c > 0");
  EXPECT_EQ(canonical_expression("(((a > 0) OR (b > 0)) AND (c > 0))"),
            "(a > 0 OR b > 0) AND c > 0");
  EXPECT_EQ(canonical_expression("NOT (a AND b)"), "NOT (a AND b)");
  EXPECT_EQ(canonical_expression("(a + b) * c > 0"), "((a + b) * c) > 0");
  EXPECT_EQ(canonical_expression("(created_at)::date"), "created_at::date");
  EXPECT_EQ(canonical_expression("now() - '1 day'::interval"), "now() - '1 day'::interval");
  EXPECT_EQ(canonical_expression("(created_at)::timestamp with time zone and x"),
            "created_at::timestamp with time zone AND x");
}

// Quotes that carry meaning stay: "user" is a column, user the session role.
TEST(PgExpression, KeepsQuotesWhereTheyMatter) {
  EXPECT_EQ(canonical_expression("\"user\" <> 'admin'"), "\"user\" <> 'admin'");
  EXPECT_EQ(canonical_expression("(\"user\" <> 'admin'::name)"), "\"user\" <> 'admin'");
  EXPECT_EQ(canonical_expression("user <> 'admin'"), "USER <> 'admin'");
  EXPECT_EQ(canonical_expression("\"select\" >= 0"), "\"select\" >= 0");
  EXPECT_EQ(canonical_expression("(\"order\" IS NOT NULL)"), "\"order\" IS NOT NULL");
  EXPECT_EQ(canonical_expression("lower(\"Name\")"), "lower(\"Name\")");
  EXPECT_EQ(canonical_expression("\"a b\" > 0"), "\"a b\" > 0");
  EXPECT_EQ(canonical_expression("\"key\" > 0"), "key > 0");  // unreserved
  EXPECT_EQ(canonical_expression("\"left\"(name, 2) = 'ab'"), "\"left\"(name, 2) = 'ab'");
}

// The server's rewrites, undone on the tree: both spellings meet.
TEST(PgExpression, ServerRewritesMeetTheDeclaredForm) {
  auto same = [](std::string_view a, std::string_view b) {
    EXPECT_EQ(canonical_expression(a), canonical_expression(b)) << a << " vs " << b;
  };
  same("x IN (1, 2)", "(x = ANY (ARRAY[1, 2]))");
  same("status IN ('a', 'b')",
       "((status)::text = ANY ((ARRAY['a'::character varying, "
       "'b'::character varying])::text[]))");
  same("x NOT IN (1, 2)", "(x <> ALL (ARRAY[1, 2]))");
  same("name LIKE 'a%'", "((name)::text ~~ 'a%'::text)");
  same("name NOT ILIKE 'a%'", "((name)::text !~~* 'a%'::text)");
  same("age BETWEEN 0 AND 200", "((age >= 0) AND (age <= 200))");
  same("a > 0 AND (b > 0 AND c > 0)", "((a > 0) AND (b > 0) AND (c > 0))");
  same("price >= 0", "(price >= (0)::numeric)");
  same("created_at > CURRENT_TIMESTAMP", "(created_at > CURRENT_TIMESTAMP)");
  same("x::int4 > 0", "((x)::integer > 0)");
}

// Constants are part of the meaning: a changed constant is a changed text.
TEST(PgExpression, ConstantsAreKept) {
  EXPECT_NE(canonical_expression("age >= 0"), canonical_expression("age >= 18"));
  EXPECT_EQ(canonical_expression("name <> 'it''s'"), "name <> 'it''s'");
  EXPECT_EQ(canonical_expression("ratio < 1.5"), "ratio < 1.5");
  EXPECT_EQ(canonical_expression("x >= -5"), "x >= -5");  // the parser's JSON loses it
  EXPECT_EQ(canonical_expression("x >= - 5 AND y < 0"), "x >= -5 AND y < 0");
  EXPECT_EQ(canonical_expression("(-1)::integer < x"), "-1 < x");
  EXPECT_EQ(canonical_expression("(-1)::bigint + x"), "(-1)::bigint + x");
  EXPECT_EQ(canonical_expression("(1 / 2::numeric) > x"), "(1 / 2::numeric) > x");
}

// A column of another type keeps its cast to text: dropping it would change
// what the expression means.
TEST(PgExpression, CastsOfNonTextColumnsStay) {
  Table t;
  t.name = "t";
  Column id;
  id.name = "id";
  id.type.kind = TypeKind::kInteger;
  Column name;
  name.name = "name";
  name.type.kind = TypeKind::kVarchar;
  t.columns = {id, name};
  EXPECT_EQ(canonical_expression("(id)::text ~~ '1%'::text", &t), "id::text LIKE '1%'");
  EXPECT_EQ(canonical_expression("(name)::text ~~ '1%'::text", &t), "name LIKE '1%'");
}

// Text that is not one expression comes back as it was.
TEST(PgExpression, UnreadableTextIsKept) {
  EXPECT_EQ(canonical_expression("  a > ) "), "a > )");
  EXPECT_EQ(canonical_expression("1; DROP TABLE t"), "1; DROP TABLE t");
  EXPECT_EQ(canonical_expression("x FROM t"), "x FROM t");
}

TEST(PgTypes, FormatTypeSpellingsMapToPortableTypes) {
  auto t = [](std::string_view s) {
    auto type = type_from_pg(s);
    return type ? type->to_string() : std::string("?");
  };
  EXPECT_EQ(t("character varying(100)"), "varchar(100)");
  EXPECT_EQ(t("character varying"), "varchar");
  EXPECT_EQ(t("character(3)"), "char(3)");
  EXPECT_EQ(t("integer"), "integer");
  EXPECT_EQ(t("bigint"), "bigint");
  EXPECT_EQ(t("smallint"), "smallint");
  EXPECT_EQ(t("double precision"), "float");
  EXPECT_EQ(t("real"), "real");
  EXPECT_EQ(t("numeric(10,2)"), "numeric(10,2)");
  EXPECT_EQ(t("numeric"), "numeric");
  EXPECT_EQ(t("timestamp without time zone"), "timestamp");
  EXPECT_EQ(t("timestamp(3) without time zone"), "?") << "a precision makes it native";
  EXPECT_EQ(t("timestamp with time zone"), "timestamptz");
  EXPECT_EQ(t("time without time zone"), "time");
  EXPECT_EQ(t("date"), "date");
  EXPECT_EQ(t("uuid"), "uuid");
  EXPECT_EQ(t("jsonb"), "json");
  EXPECT_EQ(t("json"), "?") << "json is not jsonb: a native type";
  EXPECT_EQ(t("bytea"), "blob");
  EXPECT_EQ(t("integer[]"), "?");
  EXPECT_EQ(t("character varying(20)[]"), "?");
  EXPECT_EQ(t("text"), "text");
  EXPECT_EQ(t("boolean"), "boolean");
  EXPECT_EQ(t("inet"), "?");
}

// Every common spelling of a type gives format_type's spelling, offline.
TEST(PgTypes, CanonicalTypeSpellsAsFormatType) {
  const std::pair<const char*, const char*> cases[] = {
      {"int", "integer"},
      {"int4", "integer"},
      {"INTEGER", "integer"},
      {"int[]", "integer[]"},
      {"integer ARRAY", "integer[]"},
      {"integer ARRAY[4]", "integer[]"},
      {"_int4", "integer[]"},
      {"_text", "text[]"},
      {"pg_catalog._text", "text[]"},
      {"_uuid", "uuid[]"},
      {"_inet", "inet[]"},
      {"_jsonb", "jsonb[]"},
      {"_char", "\"char\"[]"},
      {"_varchar(20)", "character varying(20)[]"},
      {"_mytype", "_mytype"},  // a type of one's own may start with _
      {"int[][]", "integer[]"},
      {"float8", "double precision"},
      {"double precision", "double precision"},
      {"float", "double precision"},
      {"float(10)", "real"},
      {"bool", "boolean"},
      {"varchar(20)", "character varying(20)"},
      {"character varying(20)", "character varying(20)"},
      {"varchar", "character varying"},
      {"varchar(20)[]", "character varying(20)[]"},
      {"char", "character(1)"},
      {"char(3)", "character(3)"},
      {"bpchar", "bpchar"},
      {"\"char\"", "\"char\""},
      {"numeric(10)", "numeric(10,0)"},
      {"decimal(10,2)", "numeric(10,2)"},
      {"timestamptz(3)", "timestamp(3) with time zone"},
      {"timestamp(3) with time zone", "timestamp(3) with time zone"},
      {"timestamptz", "timestamp with time zone"},
      {"timestamp(6)", "timestamp(6) without time zone"},
      {"time with time zone", "time with time zone"},
      {"timetz(2)", "time(2) with time zone"},
      {"time(0)", "time(0) without time zone"},
      {"interval", "interval"},
      {"interval(3)", "interval(3)"},
      {"interval day to second(2)", "interval day to second(2)"},
      {"INTERVAL YEAR TO MONTH", "interval year to month"},
      {"interval hour", "interval hour"},
      {"interval minute to second", "interval minute to second"},
      {"bit", "bit(1)"},
      {"bit(8)", "bit(8)"},
      // BIT is bit(1); the type without a modifier is "bit", as format_type
      // prints it.
      {"\"bit\"", "\"bit\""},
      {"pg_catalog.bit", "\"bit\""},
      {"_bit", "\"bit\"[]"},
      {"bit varying(8)", "bit varying(8)"},
      {"varbit", "bit varying"},
      {"inet", "inet"},
      {"cidr[]", "cidr[]"},
      {"macaddr", "macaddr"},
      {"money", "money"},
      {"xml", "xml"},
      {"tsvector", "tsvector"},
      {"tsquery", "tsquery"},
      {"point", "point"},
      {"int4range", "int4range"},
      {"tstzrange[]", "tstzrange[]"},
      {"json", "json"},
      {"public.citext", "citext"},
      {"Public.Citext", "citext"},
      {"app.mood", "app.mood"},
      {"\"App\".\"Mood\"", "\"App\".\"Mood\""},
      {"hstore", "hstore"},
      {"ltree[]", "ltree[]"},
  };
  for (const auto& [written, want] : cases) {
    std::optional<std::string> got = canonical_type(written);
    ASSERT_TRUE(got.has_value()) << written;
    EXPECT_EQ(*got, want) << written;
    // The canonical spelling is a fixed point.
    EXPECT_EQ(canonical_type(*got), *got) << written;
  }
  for (const char* bad : {"", "integer;", "int4 drop", "varchar(", "1", "integer) x (int"}) {
    EXPECT_FALSE(canonical_type(bad).has_value()) << bad;
  }
}

// A native name whose canonical spelling is a portable type is that type.
TEST(PgTypes, NativeNamesOfPortableTypesArePortable) {
  auto native = [](std::string name) {
    Type t;
    t.kind = TypeKind::kNative;
    t.native = std::move(name);
    return native_type(t);
  };
  EXPECT_EQ(native("int4").kind, TypeKind::kInteger);
  EXPECT_EQ(native("character varying(20)").to_string(), "varchar(20)");
  EXPECT_EQ(native("float8").kind, TypeKind::kFloat);
  EXPECT_EQ(native("timestamptz").kind, TypeKind::kTimestamptz);
  EXPECT_EQ(native("timestamptz(3)").native, "timestamp(3) with time zone");
  EXPECT_EQ(native("int[]").native, "integer[]");
}

// A native name whose canonical spelling reads as a portable type of another
// meaning (json is PostgreSQL's json; the portable json is jsonb) is marked,
// so that a revision file writes native = true and reads it back as itself.
TEST(PgTypes, NativeNamesSpeltAsPortableOnesAreMarked) {
  Type declared;
  declared.kind = TypeKind::kNative;
  declared.native = "pg_catalog.json";
  const Type json = native_type(declared);
  EXPECT_EQ(json.kind, TypeKind::kNative);
  EXPECT_EQ(json.native, "json");
  EXPECT_TRUE(json.native_marked);
  declared.native = "inet";
  EXPECT_FALSE(native_type(declared).native_marked) << "no portable type is spelt inet";
}

Type type(std::string_view s) { return *parse_type(s); }

TEST(PgDefaults, PrintedSpellingsMapToLiterals) {
  EXPECT_EQ(default_from_pg("'x'::character varying", type("varchar(10)")).value,
            Literal{std::string("x")});
  EXPECT_EQ(default_from_pg("'it''s'::text", type("text")).value, Literal{std::string("it's")});
  EXPECT_EQ(default_from_pg("5", type("integer")).value, Literal{std::int64_t{5}});
  EXPECT_EQ(default_from_pg("'5'::integer", type("integer")).value, Literal{std::int64_t{5}});
  EXPECT_EQ(default_from_pg("'-1'::integer", type("integer")).value, Literal{std::int64_t{-1}});
  EXPECT_EQ(default_from_pg("1.50", type("numeric(10,2)")).value, Literal{1.5});
  EXPECT_EQ(default_from_pg("'1.5'::double precision", type("float")).value, Literal{1.5});
  EXPECT_EQ(default_from_pg("true", type("boolean")).value, Literal{true});
  EXPECT_EQ(default_from_pg("false", type("boolean")).value, Literal{false});
  EXPECT_EQ(default_from_pg("'todo'::task_status", type("enum")).value,
            Literal{std::string("todo")});
  EXPECT_EQ(default_from_pg("'{}'::jsonb", type("json")).value, Literal{std::string("{}")});
  // A serial column's nextval() is read as `serial` by the inspector; as a
  // default it is an expression, without the regclass cast the server adds
  // (nextval's signature adds it to a declared nextval('s') too).
  EXPECT_EQ(default_from_pg("nextval('t_id_seq'::regclass)", type("integer")).sql,
            "nextval('t_id_seq')");
  EXPECT_EQ(normalize_default(ColumnDefault{.sql = "nextval('app.n')"}, type("integer")).sql,
            "nextval('app.n')");
  EXPECT_TRUE(default_from_pg("", type("integer")).empty());
}

TEST(PgDefaults, CurrentTimestampSpellingsAreOne) {
  for (const char* spelling :
       {"now()", "CURRENT_TIMESTAMP", "current_timestamp", "transaction_timestamp()"}) {
    ColumnDefault d = default_from_pg(spelling, type("timestamptz"));
    ASSERT_TRUE(d.sql.has_value()) << spelling;
    EXPECT_EQ(*d.sql, "CURRENT_TIMESTAMP") << spelling;
  }
  EXPECT_EQ(*default_from_pg("gen_random_uuid()", type("uuid")).sql, "gen_random_uuid()");
}

// An empty ARRAY[] has no type of its own: its cast stays, or the server
// refuses the default ("cannot determine type of empty array").
TEST(PgDefaults, EmptyArrayKeepsItsCast) {
  Type text_array;
  text_array.kind = TypeKind::kNative;
  text_array.native = "text[]";
  ColumnDefault d = default_from_pg("ARRAY[]::text[]", text_array);
  ASSERT_TRUE(d.sql.has_value());
  EXPECT_EQ(*d.sql, "ARRAY[]::text[]");
  ColumnDefault declared;
  declared.sql = "ARRAY[]::text[]";
  EXPECT_EQ(*normalize_default(declared, text_array).sql, "ARRAY[]::text[]");
  EXPECT_EQ(canonical_expression("ARRAY[]::character varying(20)[]"),
            "ARRAY[]::character varying(20)[]");
  EXPECT_EQ(canonical_expression("(ARRAY[]::integer[])"), "ARRAY[]::integer[]");
  // A list of strings still loses the casts the server adds.
  EXPECT_EQ(canonical_expression("ARRAY['a'::character varying, 'b'::character varying]::text[]"),
            "ARRAY['a', 'b']");
}

TEST(PgDefaults, DeclaredDefaultsTakeTheReflectedForm) {
  ColumnDefault one;
  one.value = Literal{std::int64_t{1}};
  EXPECT_EQ(normalize_default(one, type("float")).value, Literal{1.0});
  ColumnDefault zero_sql;
  zero_sql.sql = "0";
  EXPECT_EQ(normalize_default(zero_sql, type("integer")).value, Literal{std::int64_t{0}});
  ColumnDefault now;
  now.sql = "now()";
  EXPECT_EQ(*normalize_default(now, type("timestamp")).sql, "CURRENT_TIMESTAMP");
}

}  // namespace
}  // namespace retort::postgresql
