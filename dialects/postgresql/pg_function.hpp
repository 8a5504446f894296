// retort/postgresql: a function's, procedure's or aggregate's CREATE
// statement in the form two are compared by.
//
// The statement is read with PostgreSQL's own grammar (libpg_query), and the
// declared and the reflected one (pg_get_functiondef, or the CREATE
// AGGREGATE built from pg_aggregate) go through the same code, so that
// spellings the server renders differently compare equal:
//   - types as the server names them (`int`, `int4` and `integer`; `bool`
//     and `boolean`), without `pg_catalog.` or `public.`, and without the
//     typmods and array bounds the server drops from arguments and results;
//   - an argument's mode IN whether written or not; a result implied by OUT
//     arguments (RETURNS record); an argument default with the cast to the
//     argument's own type the server adds (`'x'` and `'x'::text`);
//   - attributes in any order, with the server's defaults left out
//     (VOLATILE, CALLED ON NULL INPUT, SECURITY INVOKER, NOT LEAKPROOF,
//     PARALLEL UNSAFE, COST 100 (1 for C and internal), ROWS 1000), the
//     language's case, SET values as text;
//   - the body as text with its line ends and the blanks ending its lines
//     settled, whatever the dollar-quote tag: PostgreSQL keeps a body
//     verbatim, so any other change is a change. A SQL-language body, and
//     a BEGIN ATOMIC or RETURN body, compare as parse trees instead.
// What is left is compared exactly (docs/functions.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::postgresql {

struct FunctionStatement {
  std::string routine;  // "function", "procedure", "aggregate"
  std::string schema;   // "" for public
  std::string name;
  std::string arguments;  // the identity: "integer, VARIADIC text[]"
  std::string canonical;  // the comparison form (JSON text)
  std::string signature;  // what CREATE OR REPLACE cannot change
  // Every type of the signature and relation a SQL body reads ("name",
  // "schema.name"), sorted, without duplicates.
  std::vector<std::string> depends_on;
  // The grammar's complaint when it refuses the statement or it is not one
  // CREATE FUNCTION | PROCEDURE | AGGREGATE; the rest is then empty.
  std::string error;
};

FunctionStatement read_function_statement(std::string_view sql);

}  // namespace retort::postgresql
