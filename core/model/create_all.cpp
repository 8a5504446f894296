// create_all(): the comparator's ops between the live schema and the
// models, kept to those that create what is missing, compiled by the
// dialect and run in one transaction.
#include "core/model/create_all.hpp"

#include <algorithm>
#include <set>
#include <utility>
#include <variant>

#include "core/comparator.hpp"
#include "core/dialect.hpp"
#include "core/names.hpp"

namespace retort {
namespace {

[[noreturn]] void fail(Error error) {
  if (error.hint.empty()) {
    error.hint =
        "create_all() creates missing tables for tests and prototypes; migrations "
        "(retort upgrade) manage a schema that changes";
  }
  throw DatabaseError(std::move(error));
}

template <class T>
T checked(Result<T> r) {
  if (!r) fail(std::move(r).error());
  return std::move(r).value();
}

// The schemas the models name besides the default one.
std::vector<std::string> named_schemas(const MetaData& metadata) {
  std::set<std::string> schemas;
  for (const Table& t : metadata.tables) {
    if (!t.schema.empty()) schemas.insert(t.schema);
  }
  return {schemas.begin(), schemas.end()};
}

// Keeps the ops that create a missing table, enum, schema, extension,
// sequence, domain or composite type, the OWNED BY of a sequence created
// here, and the foreign keys of tables created here (those closing a cycle
// come as their own op).
std::vector<Op> creating_ops(std::vector<Op> ops, std::vector<std::string>& created) {
  std::set<std::pair<std::string, std::string>> new_tables;
  std::set<std::pair<std::string, std::string>> new_sequences;
  std::vector<Op> kept;
  for (Op& op : ops) {
    const bool creates_object = std::visit(
        [](const auto& o) { return is_create_object<std::decay_t<decltype(o)>>::value; }, op);
    if (const auto* seq = std::get_if<CreateSequence>(&op)) {
      new_sequences.insert({seq->object.schema, seq->object.name});
    }
    if (creates_object) {
      kept.push_back(std::move(op));
      continue;
    }
    if (const auto* owned = std::get_if<AlterSequence>(&op);
        owned != nullptr && new_sequences.contains({owned->object.schema, owned->object.name})) {
      kept.push_back(std::move(op));
      continue;
    }
    if (const auto* create = std::get_if<CreateTable>(&op)) {
      new_tables.insert({create->table.schema, create->table.name});
      created.push_back(create->table.qualified_name());
      kept.push_back(std::move(op));
    } else if (std::holds_alternative<CreateEnum>(op)) {
      kept.push_back(std::move(op));
    } else if (const auto* fk = std::get_if<AddForeignKey>(&op);
               fk != nullptr && new_tables.contains({fk->schema, fk->table})) {
      kept.push_back(std::move(op));
    }
  }
  return kept;
}

}  // namespace

std::vector<std::string> create_all(Session& session, const MetaData& metadata) {
  Connection& conn = session.connection();
  const Dialect& d = session.dialect();
  if (conn.in_transaction()) {
    throw DatabaseError(Error::bad_input("create_all() runs in its own transaction; one is open",
                                         "commit or roll back the open transaction first"));
  }
  InspectOptions options;
  options.schemas = named_schemas(metadata);
  MetaData live = checked(d.inspect(conn, options));
  MetaData declared = d.normalize(metadata);
  (void)adopt_stored_names(live, declared, d.max_identifier_bytes());

  std::vector<std::string> created;
  const std::vector<Op> ops = creating_ops(compare(live, declared), created);
  if (ops.empty()) return created;

  Transaction tx(conn);
  if (Status s = tx.begin(); !s) fail(std::move(s).error());
  MetaData before = std::move(live);
  bool rebuilt = false;
  for (const Op& op : ops) {
    const std::vector<Statement> statements = checked(d.compile(op, before));
    for (const Statement& st : statements) {
      if (Status s = conn.execute(st.sql); !s) fail(std::move(s).error());
    }
    if (Status s = apply(before, op); !s) fail(std::move(s).error());
    rebuilt = rebuilt || std::holds_alternative<AddForeignKey>(op);
  }
  if (rebuilt) {
    if (Status s = d.verify(conn); !s) fail(std::move(s).error());
  }
  if (Status s = tx.commit(); !s) fail(std::move(s).error());
  return created;
}

}  // namespace retort
