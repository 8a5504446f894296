// retort: checks that a schema read from a file is whole: its names (the
// rules are core/names.hpp check_names), and the references inside it.
//
// validate_schema() is what read_models (core/models_toml.hpp validate) and
// compiled models run before anything connects; validate_table() is the part
// about one table, which a revision file's create_table op checks on its own.
// An error is kBadInput with `source` and the line of the object at fault,
// and names the table (and column) it is about; the first problem found is
// reported. Schemas reflected from a database need not be validated.
#pragma once

#include <string>

#include "core/error.hpp"
#include "core/names.hpp"
#include "core/naming.hpp"
#include "core/schema.hpp"

namespace retort {

// Checks names first (no name empty or holding a control character, none
// longer than `limit` allows except index and constraint names `naming`
// built), then no table declared twice, each table (validate_table), foreign
// keys pointing at existing tables and columns, and every enum column having
// values, the same ones wherever the enum is used.
Status validate_schema(const MetaData& schema, const std::string& source_name,
                       const NameLimit& limit = {}, const NamingConvention& naming = {});

// Checks references inside one table: no duplicate column or index/constraint
// name, indexes and constraints naming only columns the table has, a foreign
// key listing one referenced column per column.
Status validate_table(const Table& table, const std::string& source);

}  // namespace retort
