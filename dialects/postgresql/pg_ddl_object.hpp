// retort/postgresql: DDL for schemas, extensions, sequences, domains and
// composite types (the create_/drop_/alter_ ops of core/ops.hpp).
//
// An alter renders only what differs between `existing` and `object`: a
// sequence's ALTER SEQUENCE options and OWNED BY, a domain's SET/DROP
// DEFAULT, SET/DROP NOT NULL and its checks dropped and added by name, a
// composite type's DROP / ALTER / ADD ATTRIBUTE, an extension's UPDATE TO and
// SET SCHEMA, and any comment.
#pragma once

#include <vector>

#include "core/dialect.hpp"
#include "core/ops.hpp"

namespace retort::postgresql {

template <class T>
std::vector<Statement> create_object_sql(const T& object);
template <class T>
std::vector<Statement> drop_object_sql(const T& object);
template <class T>
Result<std::vector<Statement>> alter_object_sql(const T& object, const T& existing);

}  // namespace retort::postgresql
