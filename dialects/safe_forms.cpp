#include "dialects/safe_forms.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace retort {
namespace {

// A key a foreign key refers to: its table and (sorted) columns.
struct ReferencedKey {
  std::string schema;
  std::string table;
  std::vector<std::string> columns;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// The default schema is spelled "" in some places and by name in others:
// when in doubt the index is taken to be needed, and stays where it is.
bool same_schema(const std::string& a, const std::string& b) {
  return a == b || a.empty() || b.empty();
}

void add_references(const std::vector<ForeignKey>& fks, std::vector<ReferencedKey>& out) {
  for (const ForeignKey& fk : fks)
    out.push_back({fk.ref_schema, fk.ref_table, sorted(fk.ref_columns)});
}

// The keys foreign keys refer to: those of the database and those the ops add.
std::vector<ReferencedKey> referenced_keys(const std::vector<Op>& ops, const MetaData& live) {
  std::vector<ReferencedKey> out;
  for (const Table& t : live.tables) add_references(t.foreign_keys, out);
  for (const Op& op : ops) {
    if (const auto* a = std::get_if<AddForeignKey>(&op)) add_references({a->foreign_key}, out);
    if (const auto* c = std::get_if<CreateTable>(&op)) add_references(c->table.foreign_keys, out);
  }
  return out;
}

bool backs_foreign_key(const std::string& schema, const std::string& table, const Index& index,
                       const std::vector<ReferencedKey>& keys) {
  if (!index.unique) return false;
  const std::vector<std::string> columns = sorted(index.column_names());
  return std::any_of(keys.begin(), keys.end(), [&](const ReferencedKey& k) {
    return k.table == table && same_schema(k.schema, schema) && k.columns == columns;
  });
}

// A table of the database that the ops keep, and that is not partitioned
// (PostgreSQL 15 refuses CONCURRENTLY and NOT VALID foreign keys on a
// partitioned table).
class LiveTables {
 public:
  LiveTables(const std::vector<Op>& ops, const MetaData& live) : live_(live) {
    for (const Op& op : ops) {
      if (const auto* d = std::get_if<DropTable>(&op))
        dropped_.emplace_back(d->table.schema, d->table.name);
    }
  }
  bool kept(const std::string& schema, const std::string& table) const {
    const Table* t = live_.find_table(schema, table);
    if (t == nullptr || !t->partition_by.empty()) return false;
    return std::find(dropped_.begin(), dropped_.end(), std::pair{t->schema, t->name}) ==
           dropped_.end();
  }

 private:
  const MetaData& live_;
  std::vector<std::pair<std::string, std::string>> dropped_;
};

}  // namespace

Result<std::vector<RevisionPart>> safe_forms(std::string_view dialect, std::vector<Op> ops,
                                             const MetaData& live, const SafeFormOptions& options) {
  if ((options.concurrently || options.safe_constraints) && dialect != "postgresql") {
    return Error::bad_input(
        fmt::format("{} is for PostgreSQL; this database is {}",
                    options.concurrently ? "--concurrently" : "--safe-constraints", dialect),
        "leave it out: SQLite builds an index under the database's write lock whatever the "
        "statement says, and checks a constraint as part of the table (docs/lint.md)");
  }
  if (!options.concurrently && !options.safe_constraints) {
    return std::vector<RevisionPart>{{std::move(ops), true, ""}};
  }
  const LiveTables tables(ops, live);
  const std::vector<ReferencedKey> keys = referenced_keys(ops, live);
  RevisionPart drops{{}, false, ": drop indexes concurrently"};
  RevisionPart main{{}, true, ""};
  RevisionPart creates{{}, false, ": create indexes concurrently"};
  RevisionPart validates{{}, true, ": validate constraints"};
  for (Op& op : ops) {
    if (options.concurrently) {
      if (auto* d = std::get_if<DropIndex>(&op);
          d != nullptr && tables.kept(d->schema, d->table) &&
          !backs_foreign_key(d->schema, d->table, d->index, keys)) {
        d->concurrently = true;
        drops.ops.push_back(std::move(op));
        continue;
      }
      if (auto* c = std::get_if<CreateIndex>(&op);
          c != nullptr && tables.kept(c->schema, c->table) &&
          !backs_foreign_key(c->schema, c->table, c->index, keys)) {
        c->concurrently = true;
        creates.ops.push_back(std::move(op));
        continue;
      }
    }
    if (options.safe_constraints) {
      if (auto* a = std::get_if<AddForeignKey>(&op);
          a != nullptr && tables.kept(a->schema, a->table) && !a->foreign_key.not_valid &&
          !a->foreign_key.name.empty()) {
        a->foreign_key.not_valid = true;
        validates.ops.push_back(ValidateConstraint{a->schema, a->table, a->foreign_key.name});
      }
      if (auto* a = std::get_if<AddCheck>(&op); a != nullptr && tables.kept(a->schema, a->table) &&
                                                !a->check.not_valid && !a->check.name.empty()) {
        a->check.not_valid = true;
        validates.ops.push_back(ValidateConstraint{a->schema, a->table, a->check.name});
      }
    }
    main.ops.push_back(std::move(op));
  }
  std::vector<RevisionPart> parts;
  if (main.ops.empty() && (!drops.ops.empty() || !creates.ops.empty())) {
    // Index changes alone: one revision outside a transaction, drops first.
    for (Op& op : creates.ops) drops.ops.push_back(std::move(op));
    drops.message_suffix.clear();
    parts.push_back(std::move(drops));
    return parts;
  }
  for (RevisionPart* part : {&drops, &main, &creates, &validates}) {
    if (!part->ops.empty() || part == &main) parts.push_back(std::move(*part));
  }
  return parts;
}

}  // namespace retort
