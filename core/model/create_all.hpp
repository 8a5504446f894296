// retort: create_all(session, metadata), SQLModel's create_all for tests
// and prototypes.
//
// Creates the tables of `metadata` the database does not have yet, with
// their indexes, constraints and foreign keys, the enum types they use, and
// the schemas, extensions, sequences, domains and composite types declared
// beside them that are missing (PostgreSQL);
// a table that exists is left as it is, however it differs from its model
// (no column is added, altered or dropped). It is the same path a migration
// takes, in one transaction: the dialect reads the live schema, the
// comparator (core/comparator.hpp) works out the ops against the normalised
// models, and the dialect compiles the ops that create something missing.
//
// Not a replacement for migrations: nothing records what was created, and
// a changed model changes nothing in an existing table. A program whose
// schema changes over time uses revision files (`retort revision
// --autogenerate`, `retort upgrade head`), as SQLModel programs use Alembic.
//
// Failures throw DatabaseError (the live schema cannot be read, the
// database refuses a statement); the transaction is then rolled back and
// nothing is created. REQUIRES: no transaction is open on the session.
//
// Example:
//   retort::Session s{retort::connect("sqlite:///:memory:")};
//   retort::create_all(s, metadata);   // {"team", "hero"}
#pragma once

#include <string>
#include <vector>

#include "core/model/session.hpp"
#include "core/schema.hpp"

namespace retort {

// Returns the tables created ("schema.table" or "table"), parents before
// children; empty when every table existed.
std::vector<std::string> create_all(Session& session, const MetaData& metadata);

}  // namespace retort
