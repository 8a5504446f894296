#include "migrations/runner.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "migrations/autogenerate.hpp"
#include "migrations/compile.hpp"

namespace retort::migrations {
namespace {

enum class Direction { kUp, kDown };

// One revision to run: its ops and the version-table move that goes with them.
struct Step {
  const Revision* rev = nullptr;
  const std::vector<Op>* ops = nullptr;
  std::string from;
  std::string to;
  Direction direction = Direction::kUp;
};

std::string_view verb(Direction d) { return d == Direction::kUp ? "upgrade" : "downgrade"; }
std::string shown(std::string_view id) { return id.empty() ? "<base>" : std::string(id); }

std::string progress_line(const Step& step) {
  return fmt::format("Running {} {} -> {}, {}{}", verb(step.direction), shown(step.from),
                     shown(step.to), step.rev->message,
                     step.rev->transactional ? "" : " (non-transactional)");
}

Step make_step(const Revision* rev, Direction direction) {
  Step step;
  step.rev = rev;
  step.direction = direction;
  if (direction == Direction::kUp) {
    step.ops = &rev->upgrade;
    step.from = rev->down_revision();
    step.to = rev->id;
  } else {
    step.ops = &rev->downgrade;
    step.from = rev->id;
    step.to = rev->down_revision();
  }
  return step;
}

// Adds which revision and op failed to an error from the database or compiler.
Error step_error(Error e, const Step& step, std::size_t op_index) {
  const Op& op = (*step.ops)[op_index];
  e.message = fmt::format("{} of revision {} failed at {} op {} ({}): {}", verb(step.direction),
                          step.rev->id, verb(step.direction), op_index + 1, op_name(op), e.message);
  if (e.hint.empty()) {
    if (step.rev->transactional) {
      e.hint = "fix the op in the revision file; the revision was rolled back";
    } else {
      // Nothing rolls back a non-transactional revision: say what stayed.
      const std::string applied =
          op_index == 0 ? std::string("no earlier op of this revision was applied")
          : op_index == 1
              ? std::string("op 1 stayed applied")
              : fmt::format("ops 1..{} stayed applied", op_index);
      e.hint = fmt::format(
          "the revision is not transactional, so nothing was rolled back: {} (and any statement "
          "of op {} before the failing one), and the version table was not updated; undo them "
          "by hand and run the command again, or fix the revision and `retort stamp` the "
          "database to it",
          applied, op_index + 1);
    }
  }
  e.file = step.rev->path.string();
  e.line = step.rev->op_line(step.direction == Direction::kUp, op_index);
  return e;
}

// A revision compiled ahead of running, so a revision that cannot run is
// refused before any of it does.
struct Plan {
  // Statements the Dialect marked commit_first, for objects that existed
  // before the revision: run and committed before the rest.
  std::vector<Statement> early;
  // Per op: whether its commit_first statements are in `early`.
  std::vector<bool> hoisted;
  // Per op, for offline scripts.
  std::vector<std::vector<Statement>> statements;
};

// True when `op` alters something `schema` (the schema before the revision)
// already has, so committing its commit_first statements early is safe.
bool existed_before(const Op& op, const MetaData& schema) {
  const auto* alter = std::get_if<AlterEnum>(&op);
  return alter != nullptr && schema.find_enum(alter->schema, alter->name) != nullptr;
}

// Compiles every op of `step` from `schema` (the schema before it). A
// statement that must run outside a transaction in a transactional revision
// is kBadInput: splitting the revision's transaction would commit part of it
// without the version update.
Result<Plan> plan_step(const Dialect& dialect, const Step& step, MetaData schema) {
  const MetaData initial = schema;
  Plan plan;
  for (std::size_t i = 0; i < step.ops->size(); ++i) {
    const Op& op = (*step.ops)[i];
    plan.hoisted.push_back(false);
    plan.statements.emplace_back();
    if (skipped_on(op, dialect)) continue;
    Result<std::vector<Statement>> statements = dialect.compile(op, schema);
    if (!statements) return step_error(std::move(statements).error(), step, i);
    const bool hoist = step.rev->transactional && existed_before(op, initial);
    for (Statement& statement : *statements) {
      if (step.rev->transactional && !statement.transactional) {
        Error e = Error::bad_input(
            fmt::format("{} of revision {}: op {} must run outside a transaction; set "
                        "`transactional = false` on the revision ({} op)",
                        verb(step.direction), step.rev->id, i + 1, op_name(op)),
            "set `transactional = false` on the revision, or move the op to a revision of its "
            "own; nothing was run");
        e.with_statement(statement.sql);
        e.file = step.rev->path.string();
        e.line = step.rev->op_line(step.direction == Direction::kUp, i);
        return e;
      }
      if (hoist && statement.commit_first) {
        plan.hoisted.back() = true;
        plan.early.push_back(statement);
      } else {
        plan.statements.back().push_back(std::move(statement));
      }
    }
    // The live run reads the schema again where this cannot follow it.
    (void)apply(schema, op);
  }
  return plan;
}

// The schemas a list of ops touches, so inspect() reads them too.
InspectOptions options_for(const std::vector<Op>& ops, const std::string& version_table) {
  InspectOptions options;
  options.exclude_tables = {version_table};
  auto add = [&](const std::string& schema) {
    if (!schema.empty() && std::find(options.schemas.begin(), options.schemas.end(), schema) ==
                               options.schemas.end()) {
      options.schemas.push_back(schema);
    }
  };
  for (const Op& op : ops) {
    std::visit(
        [&](const auto& o) {
          if constexpr (requires { o.schema; }) add(o.schema);
          if constexpr (requires { o.table.schema; }) add(o.table.schema);
          if constexpr (requires { o.enum_.schema; }) add(o.enum_.schema);
        },
        op);
  }
  return options;
}

class StepRunner {
 public:
  StepRunner(Connection& conn, const Dialect& dialect, const VersionTable& version_table)
      : conn_(conn), dialect_(dialect), version_table_(version_table) {}

  // Compiles every op against the live schema; nothing runs.
  Result<Plan> plan(const Step& step) {
    Result<MetaData> before =
        dialect_.inspect(conn_, options_for(*step.ops, version_table_.name()));
    if (!before) return std::move(before).error();
    return plan_step(dialect_, step, std::move(*before));
  }

  // Runs the ops and the version move, leaving out what `plan` ran early.
  // REQUIRES: a transaction is open when the revision is transactional.
  Status run(const Step& step, const Plan& plan) {
    const InspectOptions options = options_for(*step.ops, version_table_.name());
    Result<MetaData> before = dialect_.inspect(conn_, options);
    if (!before) return std::move(before).error();
    for (std::size_t i = 0; i < step.ops->size(); ++i) {
      const Op& op = (*step.ops)[i];
      if (skipped_on(op, dialect_)) continue;
      Result<std::vector<Statement>> statements = dialect_.compile(op, *before);
      if (!statements) return step_error(std::move(statements).error(), step, i);
      for (const Statement& statement : *statements) {
        if (plan.hoisted[i] && statement.commit_first) continue;
        if (step.rev->transactional && !statement.transactional) {
          // plan_step refused these; the live schema changed under us.
          return step_error(Error::internal("a non-transactional statement in a transaction"),
                            step, i);
        }
        if (Status s = conn_.execute(statement.sql); !s) {
          Error e = std::move(s).error();
          if (e.statement.empty()) e.with_statement(statement.sql);
          return step_error(std::move(e), step, i);
        }
      }
      // Raw SQL may change anything: read the schema again. Otherwise track
      // it in memory, and read it again if that fails.
      const bool tracked = !std::holds_alternative<Execute>(op) && apply(*before, op).ok();
      if (!tracked) {
        before = dialect_.inspect(conn_, options);
        if (!before) return step_error(std::move(before).error(), step, i);
      }
    }
    if (Status s = version_table_.move(conn_, step.from, step.to); !s) {
      if (step.rev->transactional) return s;
      Error e = std::move(s).error();
      e.hint =
          "every op of the revision ran but the version table was not updated; `retort stamp` "
          "the database to the revision";
      return e;
    }
    return dialect_.verify(conn_);
  }

  // Runs `plan.early` in its own transaction and commits it.
  Status run_early(const Step& step, const Plan& plan) {
    for (const Statement& statement : plan.early) {
      if (Status s = conn_.execute(statement.sql); !s) {
        Error e = std::move(s).error();
        if (e.statement.empty()) e.with_statement(statement.sql);
        e.message = fmt::format("{} of revision {} failed: {}", verb(step.direction), step.rev->id,
                                e.message);
        e.file = step.rev->path.string();
        e.line = step.rev->line;
        return e;
      }
    }
    return {};
  }

 private:
  Connection& conn_;
  const Dialect& dialect_;
  const VersionTable& version_table_;
};

Result<std::string> read_known(Connection& conn, const VersionTable& vt,
                               const RevisionGraph& graph) {
  Result<std::string> cur = vt.read(conn);
  if (!cur) return cur;
  if (graph.depth(*cur) < 0) {
    return Error::database(
               fmt::format("the database is at revision {}, which is not in the history", *cur),
               "restore its revision file, or `retort stamp --purge REV` the database")
        .on(vt.name());
  }
  return cur;
}

Status migrate(Connection& conn, const Dialect& dialect, const RevisionGraph& graph,
               const VersionTable& vt, std::string_view target, Direction direction,
               std::ostream& out) {
  Result<std::unique_ptr<Lock>> lock = dialect.lock(conn, vt.name());
  if (!lock) return std::move(lock).error();
  if (Status s = vt.ensure(conn); !s) return s;
  Result<std::string> cur = read_known(conn, vt, graph);
  if (!cur) return std::move(cur).error();
  Result<std::string> to = graph.resolve(target, *cur);
  if (!to) return std::move(to).error();
  // Checks the direction once; later plans start where others left off.
  if (direction == Direction::kUp) {
    if (auto p = graph.upgrade_path(*cur, *to); !p) return std::move(p).error();
  } else {
    if (auto p = graph.downgrade_path(*cur, *to); !p) return std::move(p).error();
  }

  const int goal = graph.depth(*to);
  std::string at = *cur;
  StepRunner runner(conn, dialect, vt);
  while (direction == Direction::kUp ? graph.depth(at) < goal : graph.depth(at) > goal) {
    Result<std::vector<const Revision*>> plan =
        direction == Direction::kUp ? graph.upgrade_path(at, *to) : graph.downgrade_path(at, *to);
    if (!plan) return std::move(plan).error();
    const Step step = make_step(plan->front(), direction);

    // The version is re-read inside a transaction before anything runs:
    // another process may have moved the database since we planned.
    Transaction tx(conn);
    if (Status s = tx.begin(); !s) return s;
    Result<std::string> now = read_known(conn, vt, graph);
    if (!now) return std::move(now).error();
    if (*now != at) {
      at = *now;
      continue;  // tx rolls back; plan again from where the database is
    }
    Result<Plan> compiled = runner.plan(step);
    if (!compiled) return std::move(compiled).error();

    if (!step.rev->transactional) {
      if (Status s = tx.commit(); !s) return s;
      out << progress_line(step) << "\n";
      if (Status s = runner.run(step, *compiled); !s) return s;
      at = step.to;
      continue;
    }
    if (!compiled->early.empty()) {
      // Idempotent statements (ADD VALUE IF NOT EXISTS) whose effect the
      // rest of the revision can only use once committed.
      if (Status s = runner.run_early(step, *compiled); !s) return s;
      if (Status s = tx.commit(); !s) return s;
      Transaction rest(conn);
      if (Status s = rest.begin(); !s) return s;
      Result<std::string> again = read_known(conn, vt, graph);
      if (!again) return std::move(again).error();
      if (*again != at) {
        at = *again;
        continue;
      }
      out << progress_line(step) << "\n";
      if (Status s = runner.run(step, *compiled); !s) return s;
      if (Status s = rest.commit(); !s) return s;
      at = step.to;
      continue;
    }
    out << progress_line(step) << "\n";
    if (Status s = runner.run(step, *compiled); !s) return s;
    if (Status s = tx.commit(); !s) return s;
    at = step.to;
  }
  return {};
}

// `sql` with exactly one ';' and a newline ("" for nothing to run).
std::string terminated(const std::string& sql) { return to_script({Statement{sql}}); }

// Offline: writes the script for `steps`, tracking the schema from `before`.
// Revisions are compiled with the same plan as online, so a script never
// splits a revision's transaction either.
Status write_script(const Dialect& dialect, const VersionTable& vt, const std::vector<Step>& steps,
                    MetaData before, std::ostream& sql_out) {
  std::string script = terminated(dialect.script_prologue()) + terminated(vt.create_sql());
  for (const Step& step : steps) {
    script += "\n-- " + progress_line(step) + "\n";
    Result<Plan> plan = plan_step(dialect, step, before);
    if (!plan) return std::move(plan).error();
    for (std::size_t i = 0; i < step.ops->size(); ++i) {
      if (skipped_on((*step.ops)[i], dialect)) continue;
      if (Status s = apply(before, (*step.ops)[i]); !s) {
        return step_error(std::move(s).error(), step, i);
      }
    }
    const bool in_tx = step.rev->transactional;
    if (!plan->early.empty()) {
      script += terminated(dialect.begin_sql()) + to_script(plan->early) +
                terminated(dialect.commit_sql());
    }
    if (in_tx) script += terminated(dialect.begin_sql());
    for (const auto& statements : plan->statements) script += to_script(statements);
    script += terminated(vt.move_sql(step.from, step.to));
    if (in_tx) script += terminated(dialect.commit_sql());
  }
  sql_out << script;
  return {};
}

}  // namespace

Runner::Runner(const Dialect& dialect, const RevisionGraph& graph,
               const VersionTable& version_table)
    : dialect_(dialect), graph_(graph), version_table_(version_table) {}

Status Runner::upgrade(Connection& conn, std::string_view target, std::ostream& out) const {
  return migrate(conn, dialect_, graph_, version_table_, target, Direction::kUp, out);
}

Status Runner::downgrade(Connection& conn, std::string_view target, std::ostream& out) const {
  return migrate(conn, dialect_, graph_, version_table_, target, Direction::kDown, out);
}

Status Runner::stamp(Connection& conn, std::string_view target, bool purge,
                     std::ostream& out) const {
  Result<std::unique_ptr<Lock>> lock = dialect_.lock(conn, version_table_.name());
  if (!lock) return std::move(lock).error();
  if (Status s = version_table_.ensure(conn); !s) return s;
  Transaction tx(conn);
  if (Status s = tx.begin(); !s) return s;
  Result<std::string> cur = version_table_.read(conn);
  if (!cur && !purge) return std::move(cur).error();
  const std::string from = cur ? *cur : std::string();
  Result<std::string> to = graph_.resolve(target, from);
  if (!to) return std::move(to).error();
  if (purge) {
    if (Status s = conn.execute(version_table_.purge_sql()); !s) return s;
    if (Status s = version_table_.move(conn, "", *to); !s) return s;
  } else {
    if (Status s = version_table_.move(conn, from, *to); !s) return s;
  }
  if (Status s = tx.commit(); !s) return s;
  out << fmt::format("Stamping {} -> {}\n", shown(from), shown(*to));
  return {};
}

Status Runner::upgrade_sql(std::string_view from, std::string_view to,
                           std::ostream& sql_out) const {
  Result<std::string> a = graph_.resolve(from);
  if (!a) return std::move(a).error();
  Result<std::string> b = graph_.resolve(to);
  if (!b) return std::move(b).error();
  Result<std::vector<const Revision*>> path = graph_.upgrade_path(*a, *b);
  if (!path) return std::move(path).error();
  Result<MetaData> before = schema_at(graph_, *a, dialect_);
  if (!before) return std::move(before).error();
  std::vector<Step> steps;
  for (const Revision* rev : *path) steps.push_back(make_step(rev, Direction::kUp));
  return write_script(dialect_, version_table_, steps, std::move(*before), sql_out);
}

Status Runner::downgrade_sql(std::string_view from, std::string_view to,
                             std::ostream& sql_out) const {
  Result<std::string> a = graph_.resolve(from);
  if (!a) return std::move(a).error();
  Result<std::string> b = graph_.resolve(to);
  if (!b) return std::move(b).error();
  Result<std::vector<const Revision*>> path = graph_.downgrade_path(*a, *b);
  if (!path) return std::move(path).error();
  Result<MetaData> before = schema_at(graph_, *a, dialect_);
  if (!before) return std::move(before).error();
  std::vector<Step> steps;
  for (const Revision* rev : *path) steps.push_back(make_step(rev, Direction::kDown));
  return write_script(dialect_, version_table_, steps, std::move(*before), sql_out);
}

}  // namespace retort::migrations
