// retort/postgresql: schemas, extensions, sequences, domains and composite
// types — the catalog query that reads them, and their canonical form.
//
// One query reads every kind (a row per object: kind, schema, name, and the
// rest as JSON), so inspect keeps a fixed number of queries. Read: the
// schemas asked for but `public`; every extension but plpgsql; sequences no
// column owns as its serial or identity sequence; domains; composite types
// (not a table's row type). Objects an extension owns are the extension's
// and are left out.
//
// normalize_objects() is applied to the declared and the reflected side
// alike, so that they compare equal when the server would keep the same:
// `public` as "", a schema without a comment that something lives in
// left out (it is implied), types as columns have them, sequence options at the
// server's default left unset, domain defaults and checks as canonical
// expressions.
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

}  // namespace retort::postgresql
