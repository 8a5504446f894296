// A function's statement in comparison form, without a server: what the
// server renders differently from what people write compares equal, and
// what changes meaning does not.
#include "dialects/postgresql/pg_function.hpp"

#include <gtest/gtest.h>

#include <string>

namespace retort::postgresql {
namespace {

std::string canonical(const std::string& sql) {
  FunctionStatement st = read_function_statement(sql);
  EXPECT_EQ(st.error, "") << sql;
  return st.canonical;
}

// As people write it, and as pg_get_functiondef prints the same function.
TEST(PgFunction, ServerRenderingOfAHeaderComparesEqual) {
  const std::string written =
      "CREATE FUNCTION f(a int, INOUT b text DEFAULT 'x', d int8 = 1, e varchar(3) = 'ab', "
      "VARIADIC c int4[3] = '{}') RETURNS SETOF text LANGUAGE PLPGSQL STRICT IMMUTABLE "
      "SECURITY DEFINER LEAKPROOF PARALLEL SAFE SET search_path = public, pg_temp "
      "SET work_mem = 64 COST 5 ROWS 10 AS $body$ begin return; end $body$";
  const std::string rendered =
      "CREATE OR REPLACE FUNCTION public.f(a integer, INOUT b text DEFAULT 'x'::text, d bigint "
      "DEFAULT 1, e character varying DEFAULT 'ab'::character varying, VARIADIC c integer[] "
      "DEFAULT '{}'::integer[])\n RETURNS SETOF text\n LANGUAGE plpgsql\n IMMUTABLE PARALLEL "
      "SAFE STRICT SECURITY DEFINER LEAKPROOF COST 5 ROWS 10\n SET search_path TO 'public', "
      "'pg_temp'\n SET work_mem TO '64'\nAS $function$ begin return; end $function$";
  EXPECT_EQ(canonical(written), canonical(rendered));
  const FunctionStatement st = read_function_statement(rendered);
  EXPECT_EQ(st.routine, "function");
  EXPECT_EQ(st.schema, "");
  EXPECT_EQ(st.name, "f");
  EXPECT_EQ(st.arguments, "integer, INOUT text, bigint, character varying, VARIADIC integer[]");
  EXPECT_EQ(read_function_statement(written).arguments, st.arguments);
}

TEST(PgFunction, DefaultsOfTheServerSayNothing) {
  EXPECT_EQ(canonical("CREATE FUNCTION c() RETURNS int LANGUAGE sql VOLATILE CALLED ON NULL "
                      "INPUT SECURITY INVOKER COST 100 PARALLEL UNSAFE NOT LEAKPROOF AS "
                      "'select 1'"),
            canonical("CREATE OR REPLACE FUNCTION public.c()\n RETURNS integer\n LANGUAGE sql\n"
                      "AS $function$select 1$function$"));
}

TEST(PgFunction, OutArgumentsImplyTheResult) {
  EXPECT_EQ(canonical("CREATE FUNCTION o(a int, OUT x int, OUT y text) LANGUAGE sql AS "
                      "'select 1, ''a'''"),
            canonical("CREATE OR REPLACE FUNCTION public.o(a integer, OUT x integer, OUT y text)\n"
                      " RETURNS record\n LANGUAGE sql\nAS $function$select 1, 'a'$function$"));
  // A procedure's OUT arguments are part of its identity; a function's are not.
  EXPECT_EQ(read_function_statement("CREATE PROCEDURE p(a int, OUT b int) LANGUAGE sql AS "
                                    "'select 1'")
                .arguments,
            "integer, OUT integer");
  EXPECT_EQ(read_function_statement("CREATE FUNCTION o(a int, OUT x int) LANGUAGE sql AS "
                                    "'select 1'")
                .arguments,
            "integer");
}

TEST(PgFunction, BodiesCompareAsTextWithLineEndsAndTrailingBlanksSettled) {
  const std::string unix_text =
      "CREATE FUNCTION t() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN NEW;\nEND\n$$";
  const std::string windows_text =
      "CREATE FUNCTION t() RETURNS trigger LANGUAGE plpgsql AS $x$\r\nBEGIN   \r\n  RETURN "
      "NEW;\r\nEND\r\n$x$";
  EXPECT_EQ(canonical(unix_text), canonical(windows_text));
  // One character of a plpgsql body is a change, even in case or spacing.
  EXPECT_NE(canonical(unix_text), canonical("CREATE FUNCTION t() RETURNS trigger LANGUAGE "
                                            "plpgsql AS $$\nBEGIN\n  RETURN new;\nEND\n$$"));
  EXPECT_NE(canonical(unix_text), canonical("CREATE FUNCTION t() RETURNS trigger LANGUAGE "
                                            "plpgsql AS $$\nBEGIN\n   RETURN NEW;\nEND\n$$"));
}

TEST(PgFunction, SqlBodiesCompareAsTrees) {
  EXPECT_EQ(canonical("CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS $$select count(*) "
                      "from   public.film$$"),
            canonical("CREATE FUNCTION n() RETURNS bigint LANGUAGE SQL AS 'SELECT COUNT(*) "
                      "FROM film'"));
  EXPECT_NE(canonical("CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) "
                      "FROM film'"),
            canonical("CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) "
                      "FROM films'"));
  EXPECT_EQ(canonical("CREATE FUNCTION h(x int) RETURNS int RETURN x + 1"),
            canonical("CREATE OR REPLACE FUNCTION public.h(x integer)\n RETURNS integer\n "
                      "LANGUAGE sql\nRETURN (x + 1)"));
  const FunctionStatement st = read_function_statement(
      "CREATE FUNCTION n() RETURNS SETOF film LANGUAGE sql AS 'SELECT * FROM app.rental'");
  EXPECT_EQ(st.depends_on, (std::vector<std::string>{"app.rental", "film"}));
  // Unqualified relations are where the function's own search_path looks.
  EXPECT_EQ(read_function_statement("CREATE FUNCTION store.n() RETURNS bigint LANGUAGE sql "
                                    "SET search_path = store, pg_temp AS 'SELECT count(*) FROM "
                                    "customer'")
                .depends_on,
            (std::vector<std::string>{"bigint", "store.customer"}));
}

TEST(PgFunction, ResultAndArgumentNamesAreTheSignature) {
  const auto signature = [](const std::string& sql) {
    return read_function_statement(sql).signature;
  };
  const std::string base = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS 'select a'";
  EXPECT_EQ(signature(base),
            signature("CREATE FUNCTION f(a integer) RETURNS integer IMMUTABLE LANGUAGE sql AS "
                      "'select a + 1'"));
  EXPECT_NE(signature(base),
            signature("CREATE FUNCTION f(a int) RETURNS bigint LANGUAGE sql AS 'select a'"));
  EXPECT_NE(signature(base),
            signature("CREATE FUNCTION f(b int) RETURNS int LANGUAGE sql AS 'select b'"));
}

TEST(PgFunction, AggregatesAsWrittenAndAsBuiltFromTheCatalog) {
  const std::string written =
      "CREATE AGGREGATE sum_sq(numeric) (sfunc = sum_sq_state, stype = numeric, initcond = 0)";
  const std::string built =
      "CREATE AGGREGATE public.sum_sq(numeric) (SFUNC = sum_sq_state, STYPE = numeric, "
      "FINALFUNC_MODIFY = READ_ONLY, INITCOND = '0')";
  EXPECT_EQ(canonical(written), canonical(built));
  const FunctionStatement st = read_function_statement(built);
  EXPECT_EQ(st.routine, "aggregate");
  EXPECT_EQ(st.arguments, "numeric");
  EXPECT_EQ(read_function_statement("CREATE AGGREGATE cnt(*) (SFUNC = f, STYPE = int8)").arguments,
            "*");
  EXPECT_EQ(read_function_statement(
                "CREATE AGGREGATE pct(float8 ORDER BY float8) (SFUNC = f, STYPE = internal)")
                .arguments,
            "double precision ORDER BY double precision");
  EXPECT_NE(canonical(written), canonical("CREATE AGGREGATE sum_sq(numeric) (sfunc = "
                                          "sum_sq_state, stype = numeric, initcond = 1)"));
}

TEST(PgFunction, WhatIsNotOneFunctionStatementIsAnError) {
  EXPECT_NE(read_function_statement("CREATE FUNCTION f( RETURNS int").error, "");
  EXPECT_NE(read_function_statement("CREATE VIEW v AS SELECT 1").error, "");
  EXPECT_NE(read_function_statement("SELECT 1; SELECT 2").error, "");
}

}  // namespace
}  // namespace retort::postgresql
