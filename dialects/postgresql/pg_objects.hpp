// retort/postgresql: schemas, extensions, sequences, domains, composite
// types, functions and triggers — the catalog query that reads them, and
// their canonical form.
//
// One query reads every kind (a row per object: kind, schema, name, and the
// rest as JSON), so inspect keeps a fixed number of queries. Read: the
// schemas asked for but `public`; every extension but plpgsql; sequences no
// column owns as its serial or identity sequence; domains; composite types
// (not a table's row type); functions, procedures and aggregates (as
// pg_get_functiondef prints them, an aggregate as a CREATE AGGREGATE built
// from pg_aggregate); triggers (pg_get_triggerdef; not the internal ones of
// foreign keys, nor a partition's clone of its parent's). Objects an
// extension owns are the extension's and are left out.
//
// normalize_objects() is applied to the declared and the reflected side
// alike, so that they compare equal when the server would keep the same:
// `public` as "", a schema without a comment that something lives in
// left out (it is implied), types as columns have them, sequence options at the
// server's default left unset, domain defaults and checks as canonical
// expressions, functions read with the grammar (pg_function.hpp).
#pragma once

#include "core/connection.hpp"
#include "core/dialect.hpp"

namespace retort::postgresql {

// $1: the schemas read (text[]).
extern const char* const kObjectsSql;

// Adds the objects of `rows` (kObjectsSql's) that `options` keeps to `md`,
// in canonical form.
void read_objects(const Rows& rows, const InspectOptions& options, MetaData& md);

// See the header comment; also drops a declared schema `public` (the
// default schema is not an object retort creates or drops).
void normalize_objects(MetaData& md);

// A function's statement without OR REPLACE or a trailing semicolon, and
// what the grammar reads from it: routine, schema, name, arguments,
// canonical, signature, depends_on. A statement the grammar refuses keeps
// its text and no canonical form (it then compares as text).
void normalize_function(Function& f);

// A trigger's statement without a trailing semicolon or `public.` before
// its table, and its schema, table, name, function and canonical form
// (pg_trigger.hpp); one the grammar refuses compares as text.
void normalize_trigger(Trigger& t);

}  // namespace retort::postgresql
