// retort/postgresql: the canonical form that makes a round trip compare equal.
//
// PostgreSQL prints back what it stores in its own words: character
// varying(100), 'x'::character varying, nextval('t_id_seq'::regclass), now(),
// (lower((name)::text)). These functions map both reflected and declared
// schemas to one portable spelling, so declare -> create -> reflect ->
// compare gives no ops.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/schema.hpp"

namespace retort::postgresql {

// The portable type for a format_type() spelling, or nullopt when it has
// none: exactly the spellings pg_ddl's type_sql() types reflect as
// ("character varying(20)", "jsonb"); arrays, precisions on time types,
// json and everything else are native types.
std::optional<Type> type_from_pg(std::string_view format_type);

// A type name in the spelling format_type() gives the column's type, read
// with PostgreSQL's grammar: int4 / int -> integer, varchar(20) ->
// character varying(20), timestamptz(3) -> timestamp(3) with time zone,
// integer ARRAY / _int4 / int[][] -> integer[], interval day to second(2)
// as it is, public.citext -> citext. A type in a form this printer does not
// know comes back trimmed, as written; nullopt when PostgreSQL's grammar
// does not read the text as one type name.
std::optional<std::string> canonical_type(std::string_view name);

// The type a native name stands for on PostgreSQL: the portable type when
// its canonical spelling is one, else kNative with the canonical spelling
// (the name as written when the grammar refuses it: check_native_type()
// reports that).
Type native_type(const Type& type);

// A default expression as pg_get_expr prints it, mapped to a literal or a
// canonical SQL expression for a column of `type`. (A serial column's
// nextval() default is not a default: the inspector reads it as `serial`.)
ColumnDefault default_from_pg(std::string_view expr, const Type& type);

// A declared default put in the same form default_from_pg gives.
ColumnDefault normalize_default(const ColumnDefault& declared, const Type& type);

// Expression text (index keys, partial-index predicates, check constraints)
// in one canonical form, read with PostgreSQL's grammar and printed back
// from its tree (pg_expression.cpp): identifiers quoted exactly where
// PostgreSQL needs quotes ("user", "Name"), keywords upper-case, no
// redundant parentheses, and the server's rewrites undone: the casts it adds
// ((name)::text, (0)::numeric, 'x'::an_enum), = ANY (ARRAY[...]) for IN, ~~
// for LIKE, BETWEEN spelt out. `table`, when given, tells which columns are
// text, so that only casts that carry no meaning are dropped. Text that is
// not one expression the printer knows comes back trimmed, unchanged.
std::string canonical_expression(std::string_view sql, const Table* table = nullptr);

// A view in canonical form: its schema name, the comparison form of its
// query (pg_view.hpp), the relations it reads when none are known yet, and
// its indexes as a table's are.
void normalize_view(View& view);

// The name PostgreSQL gives the sequence of a serial or identity column.
std::string default_sequence_name(std::string_view table, std::string_view column);

// A column's sequence options with every value equal to PostgreSQL's
// default for the column's type left unset (start 1 or max for a negative
// increment, increment 1, min/max the type's range, cache 1), and the name
// kept only for a serial column whose sequence is not default_sequence_name.
// A column that is neither identity, serial nor autoincrementing keeps none.
void canonical_sequence(Column& column, std::string_view table);

// A declared schema as PostgreSQL will reflect it.
MetaData normalize_schema(const MetaData& declared);

// Reflected tables in `public` have schema ""; declared ones may say
// "public" too.
std::string normalize_schema_name(std::string_view schema);

}  // namespace retort::postgresql
