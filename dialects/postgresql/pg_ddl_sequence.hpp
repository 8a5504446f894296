// retort/postgresql: DDL for a column's own sequence — identity columns
// (GENERATED ... AS IDENTITY) and serial columns (a sequence the column owns,
// whose nextval() is its default).
//
// A serial column is made as PostgreSQL's `serial` makes it: CREATE SEQUENCE
// ... AS <the column's type>, the column with DEFAULT nextval(), then ALTER
// SEQUENCE ... OWNED BY, so the sequence goes with the column. When a column
// with rows becomes an identity or serial column and no start is declared,
// its sequence is moved past the largest value, so the next insert does not
// collide with a row already there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/dialect.hpp"

namespace retort::postgresql {

// The options CREATE SEQUENCE and identity clauses share, those set only
// ("INCREMENT BY 2 CACHE 10"); and every option as ALTER SEQUENCE (or, with
// `set` = "SET ", ALTER COLUMN) takes it, the unset ones back at
// PostgreSQL's defaults.
std::string sequence_options_sql(const SequenceOptions& options);
std::vector<std::string> sequence_reset_sql(const SequenceOptions& options, std::string_view set);

// " GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(options)]" for an identity
// column (or an autoincrementing key that is not serial); "" otherwise.
std::string identity_clause(const Column& column);

// The column as CREATE TABLE / ADD COLUMN write it: a serial column's
// default is nextval() of its sequence.
Column with_serial_default(const Column& column, std::string_view schema, std::string_view table);

// Statements before and after the CREATE TABLE / ADD COLUMN of `column`:
// its serial sequence's CREATE SEQUENCE, and its OWNED BY. Empty for any
// other column. The sequence of a column of an UNLOGGED table is UNLOGGED,
// as PostgreSQL 15 makes it for `serial` (and keeps it, through SET
// LOGGED/UNLOGGED of the table).
std::vector<Statement> serial_before(const Column& column, std::string_view schema,
                                     std::string_view table, bool unlogged);
std::vector<Statement> serial_after(const Column& column, std::string_view schema,
                                    std::string_view table);

// After a rename of `table` (to `new_table`) or of one of its columns
// (`column` to `new_column`; both empty for a table rename): ALTER SEQUENCE
// ... RENAME TO for each serial column whose sequence has the default name
// (table_column_seq), so that it has the default name of the new names, as
// models that name no sequence expect. PostgreSQL itself keeps the old
// name; a sequence with a declared name keeps it too.
std::vector<Statement> serial_renames(const Table& table, std::string_view new_table,
                                      std::string_view column, std::string_view new_column);

// The identity, serial and sequence-option changes of an AlterColumn whose
// column was `existing`; `prefix` is "ALTER TABLE t ALTER COLUMN c ". What
// goes away (DROP IDENTITY, a serial's default and sequence) comes before
// the op's other changes, what comes (ADD ... AS IDENTITY, which needs NOT
// NULL and no default; a new serial sequence) after them.
std::vector<Statement> alter_sequence_before(const AlterColumn& op, const Column& existing,
                                             const std::string& prefix);
std::vector<Statement> alter_sequence_after(const AlterColumn& op, const Column& existing,
                                            const std::string& prefix, bool unlogged);

// The identity a primary key change brings with it: the column that stops
// being the autoincrementing key loses its implicit identity (before the key
// changes), one that becomes it gains one (after). `before` and `after` are
// the table on each side of the change.
std::vector<Statement> key_identity_before(const Table& before, const Table& after);
std::vector<Statement> key_identity_after(const Table& before, const Table& after);

}  // namespace retort::postgresql
