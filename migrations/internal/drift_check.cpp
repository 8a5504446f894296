#include "migrations/internal/drift_check.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/comparator.hpp"
#include "core/names.hpp"
#include "migrations/internal/compile.hpp"
#include "migrations/internal/history_schema.hpp"
#include "migrations/internal/inspect_scope.hpp"

namespace retort::migrations {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// "schema.name", or "name" in the default schema, with the schema as the
// dialect reflects it (a revision may spell out PostgreSQL's `public`, which
// the schemas compared leave out).
std::string qualified(const Dialect& d, const std::string& schema, const std::string& name) {
  const std::string reflected = d.normalize_schema_name(schema);
  return reflected.empty() ? name : reflected + "." + name;
}

// The table or enum an op changes, as qualified() names it; "" for none.
std::string object_of(const Dialect& d, const Op& op) {
  if (const auto* e = std::get_if<CreateEnum>(&op)) {
    return qualified(d, e->enum_.schema, e->enum_.name);
  }
  if (const auto* e = std::get_if<DropEnum>(&op))
    return qualified(d, e->enum_.schema, e->enum_.name);
  if (const auto* e = std::get_if<AlterEnum>(&op)) return qualified(d, e->schema, e->name);
  const std::string target = op_target(op);
  const std::size_t dot = target.find('.');
  if (dot == std::string::npos) return target;
  return qualified(d, target.substr(0, dot), target.substr(dot + 1));
}

// Every object an op touches: its table or enum, the table a rename gives,
// and the enum types of the columns it declares.
std::vector<std::string> objects_of(const Dialect& d, const Op& op) {
  std::vector<std::string> out;
  if (std::string name = object_of(d, op); !name.empty()) out.push_back(std::move(name));
  if (const auto* r = std::get_if<RenameTable>(&op)) {
    out.push_back(qualified(d, r->schema, r->new_name));
  }
  for (const Type* type : column_types(op)) {
    if (type->kind == TypeKind::kEnum) out.push_back(qualified(d, "", type->enum_name));
  }
  return out;
}

// The identifiers of `sql`, lower-cased: words of letters, digits, _ and $
// (a quoted name's inside reads as words too). Over-inclusive on purpose: a
// word that only looks like a table's name leaves that table unjudged.
std::set<std::string> words_of(const std::string& sql) {
  std::set<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.insert(lower(word));
    word.clear();
  };
  for (char c : sql) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$' ||
        static_cast<unsigned char>(c) >= 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return words;
}

// The revisions some run applied (an upgrade row that took effect, with no
// downgrade after it), and those whose downgrade ever ran.
struct Runs {
  std::set<std::string> applied;
  std::set<std::string> downgraded;
};
Runs runs_of(const std::vector<HistoryRow>& history) {
  Runs out;
  for (const HistoryRow& row : history) {
    if (!took_effect(row)) continue;
    // A database moved onto a squash ran what it replaces: as good as running it.
    if (row.direction == "upgrade" || row.direction == "squash") out.applied.insert(row.revision);
    if (row.direction == "downgrade") {
      out.applied.erase(row.revision);
      out.downgraded.insert(row.revision);
    }
  }
  return out;
}

// Why each object is not judged, by qualified name.
using Unjudged = std::map<std::string, std::string>;

// Objects named by `sql` among `known` (qualified names).
std::vector<std::string> named_in(const std::string& sql, const std::vector<std::string>& known) {
  const std::set<std::string> words = words_of(sql);
  std::vector<std::string> out;
  for (const std::string& name : known) {
    const std::size_t dot = name.rfind('.');
    const std::string bare = dot == std::string::npos ? name : name.substr(dot + 1);
    if (words.contains(lower(bare))) out.push_back(name);
  }
  return out;
}

std::vector<std::string> known_objects(const Dialect& d, const MetaData& a, const MetaData& b) {
  std::set<std::string> names;
  for (const MetaData* m : {&a, &b}) {
    for (const Table& t : m->tables) names.insert(qualified(d, t.schema, t.name));
    for (const Enum& e : m->enums) names.insert(qualified(d, e.schema, e.name));
  }
  return {names.begin(), names.end()};
}

// Plays one op on `unjudged`: an execute makes what it names unknown; a
// create or drop of a table makes the table known again; a rename carries
// what is unknown of a table to its new name.
void track(const Dialect& d, const Op& op, const Revision& rev,
           const std::vector<std::string>& known, Unjudged& unjudged) {
  if (const auto* e = std::get_if<Execute>(&op)) {
    for (const std::string& name : named_in(e->sql, known)) {
      unjudged[name] = fmt::format("an execute op of revision {} names it", rev.id);
    }
    return;
  }
  if (const auto* r = std::get_if<RenameTable>(&op)) {
    auto it = unjudged.find(qualified(d, r->schema, r->table));
    if (it != unjudged.end()) {
      std::string why = std::move(it->second);
      unjudged.erase(it);
      unjudged[qualified(d, r->schema, r->new_name)] = std::move(why);
    }
    return;
  }
  if (std::holds_alternative<CreateTable>(op) || std::holds_alternative<DropTable>(op) ||
      std::holds_alternative<CreateEnum>(op) || std::holds_alternative<DropEnum>(op)) {
    unjudged.erase(object_of(d, op));
  }
}

// Marks every object `op` touches, and every one its SQL names, unknown.
void unknown(const Dialect& d, const Op& op, const std::vector<std::string>& known,
             const std::string& why, Unjudged& unjudged) {
  for (std::string& name : objects_of(d, op)) unjudged[std::move(name)] = why;
  if (const auto* e = std::get_if<Execute>(&op)) {
    for (const std::string& name : named_in(e->sql, known)) unjudged[name] = why;
  }
}

}  // namespace

Result<DriftReport> find_drift(Connection& conn, const Dialect& dialect, const DriftInput& input) {
  Result<MetaData> expected = schema_at(input.graph, input.version_rows, dialect);
  if (!expected) return std::move(expected).error();
  const Revision* partial = nullptr;
  std::size_t partial_done = 0;
  const std::vector<Op>* partial_ops = nullptr;
  if (input.partial) {
    partial = input.graph.find(input.partial->revision);
    if (partial != nullptr) {
      partial_ops =
          input.partial->direction == "downgrade" ? &partial->downgrade : &partial->upgrade;
      partial_done = std::min<std::size_t>(static_cast<std::size_t>(input.partial->ops_done),
                                           partial_ops->size());
      for (std::size_t i = 0; i < partial_done; ++i) {
        std::optional<Op> cut;
        const Op& op = stored_op((*partial_ops)[i], dialect, cut);
        if (skipped_on(op, dialect)) continue;
        if (Status s = apply(*expected, op); !s) return std::move(s).error();
      }
      Result<MetaData> normal = dialect.normalize(*expected);
      if (!normal) return std::move(normal).error();
      expected = std::move(normal);
    }
  }
  input.filter.prune(*expected);

  InspectOptions options = inspect_options(*expected, input.own_tables);
  options.filter = input.filter;
  Result<MetaData> read = dialect.inspect(conn, options);
  if (!read) return std::move(read).error();
  Result<MetaData> live = dialect.normalize(*read);
  if (!live) return std::move(live).error();
  live->unmodelled.clear();

  // What history cannot predict, in the order history made it so.
  const Runs runs = runs_of(input.history);
  const std::vector<std::string> applied = input.graph.applied_ids(input.version_rows);
  // The revisions whose ops made the database: those applied, then for a
  // row behind a squash the replaced revisions through it.
  std::vector<const Revision*> made;
  for (const Revision* rev : input.graph.revisions()) {
    if (std::binary_search(applied.begin(), applied.end(), rev->id)) made.push_back(rev);
  }
  for (const std::string& row : input.version_rows) {
    if (input.graph.find_named(row) != nullptr || input.graph.squash_of(row) == nullptr) continue;
    Result<std::vector<const Revision*>> chain = input.graph.replaced_through(row);
    if (!chain) return std::move(chain).error();
    made.insert(made.end(), chain->begin(), chain->end());
  }
  // Names an execute op may mean: the objects there are now, and every one
  // history ever named (a table renamed since is known by its old name).
  std::vector<std::string> known = known_objects(dialect, *expected, *live);
  {
    std::set<std::string> names(known.begin(), known.end());
    for (const Revision* rev : made) {
      for (const Op& op : rev->upgrade) {
        for (std::string& name : objects_of(dialect, op)) names.insert(std::move(name));
      }
    }
    known.assign(names.begin(), names.end());
  }
  Unjudged unjudged;
  std::vector<std::string> never_run;
  for (const Revision* rev : made) {
    // A squash written after this database ran what it replaces.
    const bool ran_replaced =
        !rev->replaces.empty() &&
        std::all_of(rev->replaces.begin(), rev->replaces.end(),
                    [&](const std::string& id) { return runs.applied.contains(id); });
    // A downgrade that ran once: its execute SQL may have done anything to
    // what it names, and the upgrade run since need not have undone it. (A
    // squash that stands for runs of what it replaces: theirs.)
    std::vector<const Revision*> downgraded;
    if (runs.downgraded.contains(rev->id)) downgraded.push_back(rev);
    for (const std::string& id : rev->replaces) {
      const Revision* file = input.graph.replaced(id);
      if (ran_replaced && file != nullptr && runs.downgraded.contains(id)) {
        downgraded.push_back(file);
      }
    }
    for (const Revision* ran_down : downgraded) {
      for (const Op& op : ran_down->downgrade) {
        if (!std::holds_alternative<Execute>(op)) continue;
        unknown(dialect, op, known,
                fmt::format("a downgrade execute op of revision {} names it", ran_down->id),
                unjudged);
      }
    }
    if (!runs.applied.contains(rev->id) && !ran_replaced) {
      never_run.push_back(rev->id);
      const std::string why = fmt::format("revision {} was reached by stamp, not run", rev->id);
      for (const Op& op : rev->upgrade) unknown(dialect, op, known, why, unjudged);
      continue;
    }
    for (const Op& op : rev->upgrade) track(dialect, op, *rev, known, unjudged);
  }
  if (partial != nullptr) {
    for (std::size_t i = 0; i < partial_done; ++i) {
      track(dialect, (*partial_ops)[i], *partial, known, unjudged);
    }
    // The op the run stopped in may have done part of its work (an execute
    // of several statements, an op of several DDL statements).
    if (partial_done < partial_ops->size()) {
      unknown(dialect, (*partial_ops)[partial_done], known,
              fmt::format("op {} of revision {} stopped midway", partial_done + 1, partial->id),
              unjudged);
    }
  }

  DriftReport report;
  for (std::string& note : adopt_stored_names(*live, *expected, dialect.max_identifier_bytes())) {
    report.notes.push_back(std::move(note));
  }
  // History holds views as written; the server renders them its own way.
  // Where that cannot be settled (a read-only connection), a view shows as
  // drift, which the report names.
  (void)dialect.settle_views(conn, *live, *expected);
  for (Op& op : compare(*expected, *live)) {
    // History says NOT VALID, the live constraint is valid: a valid
    // constraint keeps that promise (docs/models.md), so it is no drift.
    if (std::holds_alternative<ValidateConstraint>(op)) continue;
    if (!unjudged.contains(object_of(dialect, op))) report.ops.push_back(std::move(op));
  }
  report.notes.insert(
      report.notes.begin(),
      fmt::format("drift check: compared {} table{} and {} enum{} with the schema history gives "
                  "at {} (only what retort models and the filters include)",
                  expected->tables.size(), expected->tables.size() == 1 ? "" : "s",
                  expected->enums.size(), expected->enums.size() == 1 ? "" : "s",
                  input.version_rows.empty()
                      ? std::string("<base>")
                      : fmt::format("{}", fmt::join(input.version_rows, ", "))));
  if (!never_run.empty()) {
    report.notes.push_back(fmt::format(
        "drift check: {} applied revision{} {} never run here (reached by stamp, or applied "
        "before retort kept a history): {}",
        never_run.size(), never_run.size() == 1 ? "" : "s", never_run.size() == 1 ? "was" : "were",
        fmt::join(never_run, ", ")));
  }
  // One note per reason, naming its objects.
  std::map<std::string, std::vector<std::string>> by_reason;
  for (const auto& [name, why] : unjudged) by_reason[why].push_back(name);
  for (const auto& [why, names] : by_reason) {
    report.notes.push_back(
        fmt::format("drift check: not judged, as history cannot predict {}: {} "
                    "({})",
                    names.size() == 1 ? "it" : "them", fmt::join(names, ", "), why));
  }
  return report;
}

Error drift_error(const DriftReport& report, const std::vector<std::string>& version_rows) {
  std::string list;
  for (const Op& op : report.ops) list += "\n  " + describe(op);
  const std::size_t n = report.ops.size();
  return Error::bad_input(
      fmt::format("the database has drifted from its history at {}: {} difference{} between the "
                  "schema history gives and the live one (what was changed outside retort):{}",
                  version_rows.empty() ? std::string("<base>")
                                       : fmt::format("{}", fmt::join(version_rows, ", ")),
                  n, n == 1 ? "" : "s", list),
      "undo the change, or write a revision that makes it and record it as applied with `retort "
      "stamp REV`; `retort diff --from current --to db` shows the same difference. Nothing was "
      "run");
}

}  // namespace retort::migrations
