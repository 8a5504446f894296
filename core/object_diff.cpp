#include "core/object_diff.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/internal/text.hpp"
#include "core/ops/schema_edit.hpp"
#include "core/view_order.hpp"

namespace retort {
namespace {

struct Phases {
  std::vector<Op> before;  // ahead of the table ops
  std::vector<Op> after;   // behind them: OWNED BY, then drops
  std::vector<Op> drops;
};

void diff_schemas(const MetaData& from, const MetaData& to, Phases& p) {
  const std::vector<std::string> from_used = from.used_schemas();
  const std::vector<std::string> to_used = to.used_schemas();
  auto in = [](const std::vector<std::string>& v, const std::string& s) {
    return std::binary_search(v.begin(), v.end(), s);
  };
  // An implied schema needs no op: the DDL of what lives in it creates it
  // when missing (CREATE SCHEMA IF NOT EXISTS).
  for (const Schema& wanted : to.schemas) {
    if (!in(from_used, wanted.name)) {
      p.before.push_back(CreateSchema{wanted});
      continue;
    }
    const Schema* live = from.find_schema(wanted.name);
    const Schema have = live != nullptr ? *live : Schema{.name = wanted.name};
    if (!(have == wanted)) p.before.push_back(AlterSchema{wanted, have});
  }
  // Dropped last of all, in reverse name order.
  for (auto it = from.schemas.rbegin(); it != from.schemas.rend(); ++it) {
    if (!in(to_used, it->name)) p.drops.push_back(DropSchema{*it});
  }
}

// Sequences: OWNED BY split out around the table ops.
void diff_sequences(const MetaData& from, const MetaData& to, Phases& p,
                    std::vector<Op>& clear_owners) {
  auto unowned = [](Sequence s) {
    s.owned_by.clear();
    return s;
  };
  for (const Sequence& want : to.sequences) {
    const Sequence* have = from.find_sequence(want.schema, want.name);
    if (have == nullptr) {
      p.before.push_back(CreateSequence{unowned(want)});
      if (!want.owned_by.empty()) p.after.push_back(AlterSequence{want, unowned(want)});
      continue;
    }
    if (*have == want) continue;
    Sequence current = *have;
    if (!have->owned_by.empty() && have->owned_by != want.owned_by) {
      clear_owners.push_back(AlterSequence{unowned(*have), *have});
      current = unowned(*have);
    }
    Sequence middle = want;
    middle.owned_by = current.owned_by;
    if (!(middle == current)) p.before.push_back(AlterSequence{middle, current});
    if (middle.owned_by != want.owned_by) p.after.push_back(AlterSequence{want, middle});
  }
  for (auto it = from.sequences.rbegin(); it != from.sequences.rend(); ++it) {
    if (to.find_sequence(it->schema, it->name) != nullptr) continue;
    if (!it->owned_by.empty()) clear_owners.push_back(AlterSequence{unowned(*it), *it});
    p.drops.push_back(DropSequence{unowned(*it)});
  }
}

// A domain whose base type or collation changes is dropped and created;
// any other change is an ALTER DOMAIN.
void diff_domains(const MetaData& from, const MetaData& to, Phases& p,
                  std::vector<Op>& replaced_drops) {
  for (const Domain& want : to.domains) {
    const Domain* have = from.find_domain(want.schema, want.name);
    if (have == nullptr) {
      p.before.push_back(CreateDomain{want});
    } else if (!(*have == want)) {
      if (have->type == want.type && have->collation == want.collation) {
        p.before.push_back(AlterDomain{want, *have});
      } else {
        replaced_drops.push_back(DropDomain{*have});
        p.before.push_back(CreateDomain{want});
      }
    }
  }
  for (auto it = from.domains.rbegin(); it != from.domains.rend(); ++it) {
    if (to.find_domain(it->schema, it->name) == nullptr) p.drops.push_back(DropDomain{*it});
  }
}

// ALTER TYPE can drop attributes, change their types and add new ones at
// the end; an attribute order it cannot reach is a drop and a create.
bool alterable(const CompositeType& have, const CompositeType& want) {
  std::vector<std::string> kept;
  for (const TypeAttribute& a : have.attributes) {
    const bool stays = std::any_of(want.attributes.begin(), want.attributes.end(),
                                   [&](const TypeAttribute& b) { return b.name == a.name; });
    if (stays) kept.push_back(a.name);
  }
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i >= want.attributes.size() || want.attributes[i].name != kept[i]) return false;
  }
  return true;
}

void diff_composite_types(const MetaData& from, const MetaData& to, Phases& p,
                          std::vector<Op>& replaced_drops) {
  for (const CompositeType& want : to.composite_types) {
    const CompositeType* have = from.find_composite_type(want.schema, want.name);
    if (have == nullptr) {
      p.before.push_back(CreateCompositeType{want});
    } else if (!(*have == want)) {
      if (alterable(*have, want)) {
        p.before.push_back(AlterCompositeType{want, *have});
      } else {
        replaced_drops.push_back(DropCompositeType{*have});
        p.before.push_back(CreateCompositeType{want});
      }
    }
  }
  for (auto it = from.composite_types.rbegin(); it != from.composite_types.rend(); ++it) {
    if (to.find_composite_type(it->schema, it->name) == nullptr) {
      p.drops.push_back(DropCompositeType{*it});
    }
  }
}

// An extension the models give no version matches whatever is installed.
bool extension_matches(const Extension& have, const Extension& want) {
  return have.schema == want.schema && (want.version.empty() || want.version == have.version);
}

void diff_extensions(const MetaData& from, const MetaData& to, Phases& p) {
  for (const Extension& want : to.extensions) {
    const Extension* have = from.find_extension(want.name);
    if (have == nullptr) {
      p.before.push_back(CreateExtension{want});
    } else if (!extension_matches(*have, want)) {
      Extension next = want;
      if (next.version.empty()) next.version = have->version;
      p.before.push_back(AlterExtension{next, *have});
    }
  }
  // Extensions are managed once `to` declares one: a project that never
  // names an extension leaves the database's (a DBA's pg_stat_statements,
  // one created by an execute op) alone.
  if (to.extensions.empty()) return;
  for (auto it = from.extensions.rbegin(); it != from.extensions.rend(); ++it) {
    if (to.find_extension(it->name) == nullptr) p.drops.push_back(DropExtension{*it});
  }
}

// Where a function is created: ahead of the tables (their defaults, checks,
// indexes and generated columns may call it), unless it names what is not
// there yet then: a table this diff creates (a SQL-language body the server
// checks when it is created, a row type in its signature) puts it after the
// tables, a view after the views.
enum class FunctionPlace { kBeforeTables, kAfterTables, kAfterViews };

FunctionPlace place_of(const Function& f, const MetaData& from, const MetaData& to) {
  FunctionPlace place = FunctionPlace::kBeforeTables;
  for (const std::string& key : f.depends_on) {
    const auto dot = key.rfind('.');
    const std::string schema = dot == std::string::npos ? std::string() : key.substr(0, dot);
    const std::string name = dot == std::string::npos ? key : key.substr(dot + 1);
    if (to.find_view(schema, name) != nullptr) return FunctionPlace::kAfterViews;
    if (to.find_table(schema, name) != nullptr && from.find_table(schema, name) == nullptr) {
      place = FunctionPlace::kAfterTables;
    }
  }
  return place;
}

struct FunctionOps {
  std::vector<Op> replaced;      // drops of functions created again
  std::vector<Op> retyped;       // drops of functions whose argument types change
  std::vector<Op> before;        // creates and replaces ahead of the tables
  std::vector<Op> after_tables;  // ... after them
  std::vector<Op> after_views;   // ... after the views
  std::vector<Op> drops;
};

// An aggregate is created after the functions it calls and dropped before them.
bool is_aggregate(const Op& op) {
  if (const auto* c = std::get_if<CreateFunction>(&op)) return c->object.routine == "aggregate";
  if (const auto* a = std::get_if<AlterFunction>(&op)) return a->object.routine == "aggregate";
  if (const auto* d = std::get_if<DropFunction>(&op)) return d->object.routine == "aggregate";
  return false;
}

FunctionOps diff_functions(const MetaData& from, const MetaData& to) {
  FunctionOps p;
  for (const Function& want : to.functions) {
    const Function* have = from.find_function(want.schema, want.name, want.arguments);
    const FunctionPlace where = place_of(want, from, to);
    std::vector<Op>& place = where == FunctionPlace::kBeforeTables  ? p.before
                             : where == FunctionPlace::kAfterTables ? p.after_tables
                                                                    : p.after_views;
    if (have == nullptr) {
      place.push_back(CreateFunction{want});
    } else if (!(*have == want)) {
      // CREATE OR REPLACE keeps what depends on the function; it cannot
      // change the result, argument names or kind.
      if (have->signature == want.signature && have->routine == want.routine) {
        place.push_back(AlterFunction{want, *have});
      } else {
        p.replaced.push_back(DropFunction{*have});
        place.push_back(CreateFunction{want});
      }
    }
  }
  for (auto it = from.functions.rbegin(); it != from.functions.rend(); ++it) {
    if (to.find_function(it->schema, it->name, it->arguments) != nullptr) continue;
    // New argument types: with_object_ops decides where the old one goes.
    const bool new_arguments =
        std::any_of(to.functions.begin(), to.functions.end(), [&](const Function& f) {
          return f.schema == it->schema && f.name == it->name && f.routine == it->routine &&
                 from.find_function(f.schema, f.name, f.arguments) == nullptr;
        });
    (new_arguments ? p.retyped : p.drops).push_back(DropFunction{*it});
  }
  for (std::vector<Op>* list : {&p.before, &p.after_tables, &p.after_views}) {
    std::stable_partition(list->begin(), list->end(),
                          [](const Op& op) { return !is_aggregate(op); });
  }
  for (std::vector<Op>* list : {&p.replaced, &p.drops}) {
    std::stable_partition(list->begin(), list->end(), is_aggregate);
  }
  return p;
}

void append(std::vector<Op>& out, std::vector<Op>& ops) {
  for (Op& op : ops) out.push_back(std::move(op));
}

// A column default, check, index or generated column of `from` that calls
// one of some functions (by the text "name(").
struct Caller {
  const Table* table = nullptr;
  const Column* column = nullptr;  // its default calls one
  const CheckConstraint* check = nullptr;
  const Index* index = nullptr;
  const Column* generated = nullptr;  // its expression calls one
};

bool index_calls(const Index& i, const std::vector<std::string>& names) {
  return calls_any(i.where, names) ||
         std::any_of(i.keys.begin(), i.keys.end(),
                     [&](const IndexKey& k) { return calls_any(k.expression, names); });
}

std::vector<Caller> callers_in(const MetaData& from, const std::vector<std::string>& names) {
  std::vector<Caller> out;
  if (names.empty()) return out;
  for (const Table& t : from.tables) {
    for (const Column& c : t.columns) {
      if (c.default_.sql && calls_any(*c.default_.sql, names)) out.push_back({&t, &c});
      if (!c.generated.empty() && calls_any(c.generated.sql, names))
        out.push_back({.table = &t, .generated = &c});
    }
    for (const CheckConstraint& k : t.checks) {
      if (calls_any(k.sql, names)) out.push_back({&t, nullptr, &k});
    }
    for (const Index& i : t.indexes) {
      if (index_calls(i, names)) out.push_back({&t, nullptr, nullptr, &i});
    }
  }
  return out;
}

std::vector<std::string> dropped_names(const std::vector<Op>& ops) {
  std::vector<std::string> names;
  for (const Op& op : ops) {
    if (const auto* f = std::get_if<DropFunction>(&op))
      names.push_back(detail::lower(f->object.name));
  }
  return names;
}

// The callers of the functions `replaced` drops: PostgreSQL refuses to drop
// a function they depend on. Each is dropped before it and made again as it
// was once its new version exists, so the table ops find it as `from` has
// it. When the table ops change or drop it themselves (on the table, or on
// the table under the name a rename in them gives it), they take it over
// instead: their drop of it is left out (it is gone already), or their
// `existing` says it is gone, so that their inverses, which run while the
// new function is still there, do not make it again before the downgrade
// drops that function; the inverse of the drop here makes it again, after
// the old function is back.
//
// A generated column cannot lose its expression and get it back
// (PostgreSQL 15), so it is dropped and added again, with the indexes,
// unique, foreign key, exclusion and check constraints of its table that
// use it (PostgreSQL drops them with it): they go before it and come back
// after it. The column comes back at the end of its table; views over it
// and triggers that name it go around the drop as around any dropped
// column (core/view_order.hpp, with_trigger_ops).
struct Callers {
  std::vector<Op> drops;
  std::vector<Op> creates;
};

class CallerMoves {
 public:
  CallerMoves(std::vector<Op>& table_ops, Callers& out) : table_ops_(table_ops), out_(out) {
    for (const Op& op : table_ops) {
      if (const auto* r = std::get_if<RenameTable>(&op))
        renamed_[{r->schema, r->table}] = r->new_name;
    }
  }

  void go_around(const Caller& caller) {
    const Table& t = *caller.table;
    if (caller.column != nullptr) {
      go_around_default(t, *caller.column);
    } else if (caller.check != nullptr) {
      go_around_check(t, *caller.check, true);
    } else if (caller.index != nullptr) {
      go_around_index(t, *caller.index, true);
    } else {
      go_around_generated(t, *caller.generated);
    }
  }

 private:
  bool on(const Table& t, const std::string& schema, const std::string& table) const {
    if (schema != t.schema) return false;
    auto it = renamed_.find({t.schema, t.name});
    return table == t.name || (it != renamed_.end() && table == it->second);
  }
  // The table's drop, found again each time: erasing table ops moves them.
  Table* dropped_table(const Table& t) {
    for (Op& op : table_ops_) {
      auto* d = std::get_if<DropTable>(&op);
      if (d != nullptr && on(t, d->table.schema, d->table.name)) return &d->table;
    }
    return nullptr;
  }
  // Whether this caller was moved already (a generated column takes the
  // indexes and checks that use it, which may call the function too).
  bool first_time(const Table& t, std::string_view kind, const std::string& name) {
    return moved_
        .insert(detail::lower(t.schema + "." + t.name + "." + std::string(kind) + "." + name))
        .second;
  }

  void go_around_default(const Table& t, const Column& c) {
    AlterColumn drop;
    drop.schema = t.schema;
    drop.table = t.name;
    drop.column = c.name;
    drop.default_ = ColumnDefault{};
    drop.existing = c;
    out_.drops.push_back(drop);
    bool taken = false;
    if (Table* gone = dropped_table(t)) {
      if (Column* g = gone->find_column(c.name)) g->default_ = {};
      taken = true;
    }
    for (Op& op : table_ops_) {
      std::optional<Column>* existing = nullptr;
      if (auto* a = std::get_if<AlterColumn>(&op);
          a != nullptr && on(t, a->schema, a->table) && a->column == c.name && a->default_) {
        existing = &a->existing;
      } else if (auto* d = std::get_if<DropColumn>(&op);
                 d != nullptr && on(t, d->schema, d->table) && d->column == c.name) {
        existing = &d->existing;
      }
      if (existing == nullptr) continue;
      if (*existing) (*existing)->default_ = {};
      taken = true;
    }
    if (taken) return;
    AlterColumn create = drop;
    create.default_ = c.default_;
    create.existing = c;
    create.existing->default_ = {};
    out_.creates.push_back(std::move(create));
  }

  // Drops `item` (a check, index, unique constraint, foreign key or
  // exclusion constraint of `t`, in `t.*list`) before the function and, with
  // `back`, makes it again afterwards, unless the table ops take it over.
  template <class Drop, class Add, class Item>
  void go_around_item(const Table& t, const Item& item, std::vector<Item> Table::*list,
                      Item Drop::*field, bool back) {
    if (!first_time(t, detail::name_of<Drop>(), item.name)) return;
    out_.drops.push_back(Drop{t.schema, t.name, item});
    bool taken = false;
    if (Table* gone = dropped_table(t)) {
      std::erase_if(gone->*list, [&](const Item& i) { return i.name == item.name; });
      taken = true;
    }
    taken |= std::erase_if(table_ops_, [&](const Op& op) {
               const auto* d = std::get_if<Drop>(&op);
               return d != nullptr && on(t, d->schema, d->table) && (d->*field).name == item.name;
             }) != 0;
    if (!taken && back) out_.creates.push_back(Add{t.schema, t.name, item});
  }
  void go_around_check(const Table& t, const CheckConstraint& k, bool back) {
    go_around_item<DropCheck, AddCheck>(t, k, &Table::checks, &DropCheck::check, back);
  }
  void go_around_index(const Table& t, const Index& i, bool back) {
    go_around_item<DropIndex, CreateIndex>(t, i, &Table::indexes, &DropIndex::index, back);
  }

  // The generated column is dropped, with what PostgreSQL drops with it:
  // the indexes (keys, INCLUDE, WHERE), unique, foreign key, exclusion and
  // check constraints of its table that use it. It is added again before
  // all of those of its table come back (several generated columns of one
  // table may share one).
  void go_around_generated(const Table& t, const Column& c) {
    if (!first_time(t, "column", c.name)) return;
    bool taken = false;  // when the table ops drop the column or the table
    if (Table* gone = dropped_table(t)) {
      std::erase_if(gone->columns, [&](const Column& g) { return g.name == c.name; });
      taken = true;
    }
    taken |= std::erase_if(table_ops_, [&](const Op& op) {
               const auto* d = std::get_if<DropColumn>(&op);
               return d != nullptr && on(t, d->schema, d->table) && d->column == c.name;
             }) != 0;
    const std::string word = detail::lower(c.name);
    auto has = [&](const std::vector<std::string>& columns) {
      return std::find(columns.begin(), columns.end(), c.name) != columns.end();
    };
    auto named = [&](const std::string& sql) { return !sql.empty() && names_word(sql, word); };
    auto slot = add_slots_.try_emplace(t.schema + "." + t.name, out_.creates.size(), 0).first;
    const bool back = !taken;
    for (const CheckConstraint& k : t.checks) {
      if (named(k.sql)) go_around_check(t, k, back);
    }
    for (const Index& i : t.indexes) {
      if (has(i.column_names()) || has(i.include) || named(i.where) ||
          std::any_of(i.keys.begin(), i.keys.end(),
                      [&](const IndexKey& k) { return named(k.expression); })) {
        go_around_index(t, i, back);
      }
    }
    for (const UniqueConstraint& u : t.uniques) {
      if (has(u.columns))
        go_around_item<DropUnique, AddUnique>(t, u, &Table::uniques, &DropUnique::unique, back);
    }
    for (const ForeignKey& fk : t.foreign_keys) {
      if (has(fk.columns)) {
        go_around_item<DropForeignKey, AddForeignKey>(t, fk, &Table::foreign_keys,
                                                      &DropForeignKey::foreign_key, back);
      }
    }
    for (const ExclusionConstraint& x : t.exclusions) {
      if (has(detail::exclusion_columns(x)) || named(x.where) ||
          std::any_of(x.elements.begin(), x.elements.end(),
                      [&](const auto& e) { return named(e.key.expression); })) {
        go_around_item<DropExclusion, AddExclusion>(t, x, &Table::exclusions,
                                                    &DropExclusion::exclusion, back);
      }
    }
    out_.drops.push_back(DropColumn{t.schema, t.name, c.name, c});
    if (taken) return;
    auto& [first, added] = slot->second;
    out_.creates.insert(out_.creates.begin() + static_cast<std::ptrdiff_t>(first + added),
                        AddColumn{t.schema, t.name, c});
    ++added;
  }

  std::vector<Op>& table_ops_;
  Callers& out_;
  std::map<std::pair<std::string, std::string>, std::string> renamed_;  // (schema, old) -> new
  std::set<std::string> moved_;
  // Per table: where its re-added generated columns go in out_.creates
  // (before what uses them), and how many are there.
  std::map<std::string, std::pair<std::size_t, std::size_t>> add_slots_;
};

Callers callers_of(const MetaData& from, const std::vector<Op>& replaced,
                   std::vector<Op>& table_ops) {
  Callers out;
  const std::vector<Caller> callers = callers_in(from, dropped_names(replaced));
  CallerMoves moves(table_ops, out);
  for (const Caller& caller : callers) moves.go_around(caller);
  return out;
}

// Whether one of `ops` creates a function named in `names`.
bool creates_any(const std::vector<Op>& ops, const std::vector<std::string>& names) {
  return std::any_of(ops.begin(), ops.end(), [&](const Op& op) {
    const auto* f = std::get_if<CreateFunction>(&op);
    return f != nullptr &&
           std::find(names.begin(), names.end(), detail::lower(f->object.name)) != names.end();
  });
}

}  // namespace

std::vector<Op> with_object_ops(const MetaData& from, const MetaData& to,
                                std::vector<Op> table_ops) {
  Phases schemas, extensions, sequences, domains, types;
  std::vector<Op> clear_owners, replaced;
  diff_schemas(from, to, schemas);
  diff_extensions(from, to, extensions);
  diff_sequences(from, to, sequences, clear_owners);
  diff_domains(from, to, domains, replaced);
  diff_composite_types(from, to, types, replaced);
  FunctionOps functions = diff_functions(from, to);
  // A function whose argument types change goes first, as a replaced one,
  // when a default, check or index calls it (they go around it); otherwise
  // after the table ops, which may drop what calls it first (a generated
  // column), and after the functions that move to its new version (a SQL
  // body that depends on it).
  for (Op& op : functions.retyped) {
    const std::vector<std::string> name = dropped_names({op});
    (callers_in(from, name).empty() ? functions.drops : functions.replaced).push_back(op);
  }
  for (std::vector<Op>* list : {&functions.replaced, &functions.drops}) {
    std::stable_partition(list->begin(), list->end(), is_aggregate);
  }
  Callers callers = callers_of(from, functions.replaced, table_ops);
  // The callers come back once their function's new version exists: after
  // the creates ahead of the tables, or after those behind them.
  const bool late = creates_any(functions.after_tables, dropped_names(functions.replaced)) ||
                    creates_any(functions.after_views, dropped_names(functions.replaced));
  std::vector<Op> ops;
  append(ops, clear_owners);
  append(ops, callers.drops);
  append(ops, functions.replaced);
  append(ops, replaced);
  for (Phases* p : {&schemas, &extensions, &sequences, &domains, &types}) append(ops, p->before);
  append(ops, functions.before);
  if (!late) append(ops, callers.creates);
  append(ops, table_ops);
  append(ops, sequences.after);
  append(ops, functions.after_tables);
  if (late) append(ops, callers.creates);
  append(ops, functions.drops);
  for (Phases* p : {&types, &domains, &sequences, &extensions, &schemas}) append(ops, p->drops);
  return ops;
}

std::vector<Op> with_trigger_ops(const MetaData& from, const MetaData& to, std::vector<Op> ops) {
  if (from.triggers.empty() && to.triggers.empty()) return ops;
  // What `ops` drop: a trigger on a dropped table or view, or one that runs
  // a dropped function, must go first and come back after.
  std::set<std::string> gone_relations;
  std::set<std::string> gone_functions;
  // Keys in one case: SQLite's names fold case, and a trigger names its
  // table as its statement spells it (over-matching only recreates).
  auto key = [](const std::string& schema, const std::string& name) {
    return detail::lower(schema.empty() ? name : schema + "." + name);
  };
  // And the columns whose type changes or that go: PostgreSQL refuses both
  // under a trigger that names the column (UPDATE OF, WHEN), and SQLite
  // refuses DROP COLUMN under any trigger that names it.
  std::map<std::string, std::vector<std::string>> changed_columns;
  for (const Op& op : ops) {
    if (const auto* t = std::get_if<DropTable>(&op)) {
      gone_relations.insert(key(t->table.schema, t->table.name));
    } else if (const auto* v = std::get_if<DropView>(&op)) {
      gone_relations.insert(key(v->view.schema, v->view.name));
    } else if (const auto* f = std::get_if<DropFunction>(&op)) {
      gone_functions.insert(key(f->object.schema, f->object.name));
    } else if (const auto* c = std::get_if<AlterColumn>(&op)) {
      if (c->type || c->collation || c->generated)
        changed_columns[key(c->schema, c->table)].push_back(detail::lower(c->column));
    } else if (const auto* d = std::get_if<DropColumn>(&op)) {
      changed_columns[key(d->schema, d->table)].push_back(detail::lower(d->column));
    }
  }
  auto names_changed_column = [&](const Trigger& t) {
    auto it = changed_columns.find(key(t.schema, t.table));
    if (it == changed_columns.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const std::string& column) { return names_word(t.sql, column); });
  };
  auto taken = [&](const Trigger& t) {
    return gone_relations.count(key(t.schema, t.table)) != 0 ||
           gone_functions.count(detail::lower(t.function)) != 0 || names_changed_column(t);
  };
  std::vector<Op> drops, creates;
  for (auto it = from.triggers.rbegin(); it != from.triggers.rend(); ++it) {
    if (to.find_trigger(it->schema, it->table, it->name) == nullptr || taken(*it)) {
      drops.push_back(DropTrigger{*it});
    }
  }
  for (const Trigger& want : to.triggers) {
    const Trigger* have = from.find_trigger(want.schema, want.table, want.name);
    if (have == nullptr || taken(*have)) {
      creates.push_back(CreateTrigger{want});
    } else if (!(*have == want)) {
      creates.push_back(AlterTrigger{want, *have});
    }
  }
  std::vector<Op> out = std::move(drops);
  append(out, ops);
  append(out, creates);
  return out;
}

namespace {

// An op that makes a default, check or index calling one of `names` and
// that nothing else in the diff needs before the views: an alter_column
// that only sets a default, an add_check, a create_index. (A column or
// table that brings its default with it stays where it is: views may read
// it. The server then refuses it and names both.)
bool makes_caller(const Op& op, const std::vector<std::string>& names) {
  if (const auto* a = std::get_if<AlterColumn>(&op)) {
    if (!a->default_ || !a->default_->sql || !calls_any(*a->default_->sql, names)) return false;
    AlterColumn only = *a;
    only.default_.reset();
    only.existing.reset();
    AlterColumn none;
    none.schema = a->schema;
    none.table = a->table;
    none.column = a->column;
    return only == none;
  }
  if (const auto* c = std::get_if<AddCheck>(&op)) return calls_any(c->check.sql, names);
  if (const auto* i = std::get_if<CreateIndex>(&op)) return index_calls(i->index, names);
  return false;
}

}  // namespace

std::vector<Op> with_late_functions(const MetaData& from, const MetaData& to, std::vector<Op> ops) {
  FunctionOps functions = diff_functions(from, to);
  // A function created only after the views (new, or replaced by a drop and
  // a create) does not exist before them: the defaults, checks and indexes
  // that call it, re-made around a replacement or new in the table ops,
  // move after it.
  std::vector<std::string> late;
  for (const Op& op : functions.after_views) {
    if (const auto* f = std::get_if<CreateFunction>(&op))
      late.push_back(detail::lower(f->object.name));
  }
  std::vector<Op> callers;
  if (!late.empty()) {
    std::vector<Op> rest;
    for (Op& op : ops) (makes_caller(op, late) ? callers : rest).push_back(std::move(op));
    ops = std::move(rest);
  }
  append(ops, functions.after_views);
  append(ops, callers);
  return ops;
}

}  // namespace retort
