#include "migrations/internal/runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "migrations/internal/compile.hpp"
#include "migrations/internal/history_schema.hpp"
#include "migrations/internal/inspect_scope.hpp"

namespace retort::migrations {
namespace {

enum class Direction { kUp, kDown };

// One step to run: the revision's ops and the version-table move that goes
// with them.
struct RunStep {
  const Revision* rev = nullptr;
  const std::vector<Op>* ops = nullptr;
  VersionMove version;
  Direction direction = Direction::kUp;
};

std::string_view verb(Direction d) { return d == Direction::kUp ? "upgrade" : "downgrade"; }

// "d1, d2" for a merge's parents, "<base>" for none.
std::string parents_text(const Revision& rev) {
  if (rev.down_revisions.empty()) return "<base>";
  return fmt::format("{}", fmt::join(rev.down_revisions, ", "));
}

std::string rows_text(const std::vector<std::string>& rows) {
  if (rows.empty()) return "<base>";
  return fmt::format("{}", fmt::join(rows, ", "));
}

std::string progress_line(const RunStep& step) {
  const bool up = step.direction == Direction::kUp;
  return fmt::format("Running {} {} -> {}, {}{}", verb(step.direction),
                     up ? parents_text(*step.rev) : step.rev->id,
                     up ? step.rev->id : parents_text(*step.rev), step.rev->message,
                     step.rev->transactional ? "" : " (non-transactional)");
}

RunStep make_step(const Step& planned) {
  RunStep step;
  step.rev = planned.revision;
  step.direction = planned.upgrade ? Direction::kUp : Direction::kDown;
  step.ops = planned.upgrade ? &planned.revision->upgrade : &planned.revision->downgrade;
  step.version = planned.version;
  return step;
}

// Adds which revision and op failed to an error from the database or compiler.
// `whole_run`: the revision ran inside one transaction for the whole run.
Error step_error(Error e, const RunStep& step, std::size_t op_index, bool whole_run = false) {
  const Op& op = (*step.ops)[op_index];
  e.message = fmt::format("{} of revision {} failed at {} op {} ({}): {}", verb(step.direction),
                          step.rev->id, verb(step.direction), op_index + 1, op_name(op), e.message);
  if (e.hint.empty()) {
    if (whole_run) {
      e.hint =
          "fix the op in the revision file; the run was one transaction and was rolled back "
          "whole, so no revision of it was applied";
    } else if (step.rev->transactional) {
      e.hint = "fix the op in the revision file; the revision was rolled back";
    } else {
      // Nothing rolls back a non-transactional revision: say what stayed.
      const std::string applied =
          op_index == 0   ? std::string("no earlier op of this revision was applied")
          : op_index == 1 ? std::string("op 1 stayed applied")
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
struct Compiled {
  // Statements the Dialect marked commit_first, for objects that existed
  // before the revision: run and committed before the rest.
  std::vector<Statement> early;
  // Per op: whether its commit_first statements are in `early`.
  std::vector<bool> hoisted;
  // Per op, for offline scripts.
  std::vector<std::vector<Statement>> statements;
};

// Compiles every op of `step` from `schema` (the schema before it). A
// statement that must run outside a transaction in a transactional revision
// is kBadInput: splitting the revision's transaction would commit part of it
// without the version update.
Result<Compiled> plan_step(const Dialect& dialect, const RunStep& step, const MetaData& initial) {
  // Ops after the first compile against the schema the earlier ones leave;
  // that copy is made only when a revision has several ops, so a long chain
  // of one-op revisions never copies the whole schema.
  std::optional<MetaData> working;
  Compiled plan;
  for (std::size_t i = 0; i < step.ops->size(); ++i) {
    std::optional<Op> cut;
    const Op& op = stored_op((*step.ops)[i], dialect, cut);
    plan.hoisted.push_back(false);
    plan.statements.emplace_back();
    if (skipped_on(op, dialect)) continue;
    if (Status s = check_native_types(op, dialect); !s)
      return step_error(std::move(s).error(), step, i);
    Result<std::vector<Statement>> statements = dialect.compile(op, working ? *working : initial);
    if (!statements) return step_error(std::move(statements).error(), step, i);
    // Committing commit_first statements early is safe only for an object
    // the schema before the revision already has.
    const bool hoist = step.rev->transactional && changes_existing(op, initial);
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
    if (i + 1 < step.ops->size()) {
      if (!working) working = initial;
      (void)apply(*working, op);
    }
  }
  return plan;
}

class StepRunner {
 public:
  StepRunner(Connection& conn, const Dialect& dialect, const VersionTable& version_table)
      : conn_(conn), dialect_(dialect), version_table_(version_table) {}

  // Compiles every op against the live schema; nothing runs.
  Result<Compiled> plan(const RunStep& step) {
    if (Status s = load(inspect_options(*step.ops, version_table_.name())); !s)
      return std::move(s).error();
    return plan_step(dialect_, step, snapshot_->schema);
  }

  // Forgets the schema carried between steps (the database moved under us).
  void forget() { snapshot_.reset(); }

  // Statements of transactional revisions are not sent one by one: they
  // wait in a batch (Connection::execute_batch: one round trip on
  // PostgreSQL) that goes out at the end of each step, or, with
  // `across_steps` (one transaction for the whole run), only when the
  // database must be up to date: before raw SQL, before reading the schema,
  // and at flush(). A failing statement is still reported against its
  // revision and op.
  void batch_across_steps(bool across_steps) { across_steps_ = across_steps; }

  // Sends what is batched, then lets the dialect check the result
  // (Dialect::verify: SQLite's foreign_key_check), at the end of each step,
  // or of the run when it is one transaction.
  Status flush() {
    if (Status s = send(); !s) return s;
    return dialect_.verify(conn_);
  }

  // Runs the ops and the version move, leaving out what `plan` ran early.
  // REQUIRES: a transaction is open when the revision is transactional.
  Status run(const RunStep& step, const Compiled& plan) {
    const InspectOptions options = inspect_options(*step.ops, version_table_.name());
    if (Status s = load(options); !s) return s;
    // Raw SQL runs alone, after what is batched (it may use it), and outside
    // a transaction nothing is batched: each statement commits by itself.
    const bool batch = step.rev->transactional;
    const RunStep origin{step.rev, step.ops, {}, step.direction};
    // Until this step has run whole, the carried schema is not the database's:
    // take it out (a move, not a copy) and put it back at the end.
    Result<MetaData> before = std::move(snapshot_->schema);
    std::vector<std::string> covered = std::move(snapshot_->schemas);
    snapshot_.reset();
    for (std::size_t i = 0; i < step.ops->size(); ++i) {
      std::optional<Op> cut;
      const Op& op = stored_op((*step.ops)[i], dialect_, cut);
      if (skipped_on(op, dialect_)) continue;
      Result<std::vector<Statement>> statements = dialect_.compile(op, *before);
      if (!statements) return step_error(std::move(statements).error(), step, i, across_steps_);
      const bool raw = std::holds_alternative<Execute>(op);
      if (raw || !batch) {
        if (Status s = send(); !s) return s;
      }
      for (const Statement& statement : *statements) {
        if (plan.hoisted[i] && statement.commit_first) continue;
        if (step.rev->transactional && !statement.transactional) {
          // plan_step refused these; the live schema changed under us.
          return step_error(Error::internal("a non-transactional statement in a transaction"), step,
                            i, across_steps_);
        }
        if (batch && !raw) {
          pending_sql_.push_back(statement.sql);
          pending_from_.push_back(Origin{origin, i});
          continue;
        }
        if (Status s = conn_.execute(statement.sql); !s) {
          Error e = std::move(s).error();
          if (e.statement.empty()) e.with_statement(statement.sql);
          return step_error(std::move(e), step, i, across_steps_);
        }
      }
      // Raw SQL may change anything: read the schema again. Otherwise track
      // it in memory, and read it again if that fails.
      const bool tracked = !raw && apply(*before, op).ok();
      if (!tracked) {
        if (Status s = send(); !s) return s;
        InspectOptions wider = options;
        wider.schemas = covered;
        before = dialect_.inspect(conn_, wider);
        if (!before) return step_error(std::move(before).error(), step, i, across_steps_);
      }
    }
    if (batch) {
      for (std::string& sql : version_table_.move_sql(step.version)) {
        pending_sql_.push_back(std::move(sql));
        pending_from_.push_back(Origin{origin, kVersionMove});
      }
    } else if (Status s = version_table_.move(conn_, step.version); !s) {
      Error e = std::move(s).error();
      e.hint =
          "every op of the revision ran but the version table was not updated; `retort stamp` "
          "the database to the revision";
      return e;
    }
    if (!batch || !across_steps_) {
      if (Status s = flush(); !s) return s;
    }
    // The next step starts from here. A failed commit ends the whole run, so
    // a schema kept for a step that did not land is never used.
    snapshot_ = Snapshot{std::move(*before), std::move(covered)};
    return {};
  }

  // Runs `plan.early` in its own transaction and commits it.
  Status run_early(const RunStep& step, const Compiled& plan) {
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
  // The schema after the last step, tracked in memory with apply(), so a run
  // of N revisions reads the catalog once rather than 2N times. The command
  // holds the migration lock, so no other migration changes it meanwhile.
  struct Snapshot {
    MetaData schema;
    std::vector<std::string> schemas;  // the non-default schemas it covers
  };

  // Where a batched statement came from, to report its failure.
  static constexpr std::size_t kVersionMove = static_cast<std::size_t>(-1);
  struct Origin {
    RunStep step;          // without its version move
    std::size_t op_index;  // kVersionMove: the version table's statements
  };

  // Sends what is batched.
  Status send() {
    if (pending_sql_.empty()) return {};
    std::size_t failed = 0;
    Status s = conn_.execute_batch(pending_sql_, &failed);
    std::vector<Origin> from = std::move(pending_from_);
    pending_sql_.clear();
    pending_from_.clear();
    if (s) return s;
    const Origin& origin = from.at(std::min(failed, from.size() - 1));
    if (origin.op_index == kVersionMove) return s;
    return step_error(std::move(s).error(), origin.step, origin.op_index, across_steps_);
  }

  // Makes snapshot_ the live schema for `options`: the carried one when it
  // covers the schemas asked for, else read (with the carried schemas too).
  Status load(const InspectOptions& options) {
    auto covered = [&](const std::string& name) {
      return std::find(snapshot_->schemas.begin(), snapshot_->schemas.end(), name) !=
             snapshot_->schemas.end();
    };
    if (snapshot_ && std::all_of(options.schemas.begin(), options.schemas.end(), covered)) {
      return {};
    }
    if (Status s = send(); !s) return s;
    InspectOptions wider = options;
    if (snapshot_) {
      for (const std::string& name : snapshot_->schemas) {
        if (std::find(wider.schemas.begin(), wider.schemas.end(), name) == wider.schemas.end()) {
          wider.schemas.push_back(name);
        }
      }
    }
    Result<MetaData> live = dialect_.inspect(conn_, wider);
    if (!live) return std::move(live).error();
    snapshot_ = Snapshot{std::move(*live), std::move(wider.schemas)};
    return {};
  }

  Connection& conn_;
  const Dialect& dialect_;
  const VersionTable& version_table_;
  std::optional<Snapshot> snapshot_;
  bool across_steps_ = false;
  std::vector<std::string> pending_sql_;
  std::vector<Origin> pending_from_;
};

// Why `step` cannot join a transaction that spans the whole run, or "".
std::string one_transaction_obstacle(const RunStep& step, const Compiled& plan) {
  if (!step.rev->transactional) return "it sets transactional = false";
  if (!plan.early.empty()) return "it adds enum values that must be committed before they are used";
  return "";
}

Error refuse_one_transaction(const RunStep& step, std::string_view why) {
  Error e = Error::bad_input(
      fmt::format("revision {} cannot run inside a single transaction for the whole run: {}",
                  step.rev->id, why),
      "run without --one-transaction (one transaction per revision); nothing was run");
  e.at(step.rev->path.string(), step.rev->line);
  return e;
}

// `sql` with exactly one ';' and a newline ("" for nothing to run).
std::string terminated(const std::string& sql) { return to_script({Statement{sql}}); }

// The rows an offline script starts from: the heads `from` names.
Result<std::vector<std::string>> start_rows(const RevisionGraph& graph, std::string_view from) {
  Result<std::vector<std::string>> ids = graph.resolve(from);
  if (!ids) return ids;
  std::vector<std::string> rows;
  for (std::string& id : *ids) {
    if (!id.empty()) rows.push_back(std::move(id));
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  return rows;
}

}  // namespace

Runner::Runner(const Dialect& dialect, const RevisionGraph& graph,
               const VersionTable& version_table)
    : dialect_(dialect), graph_(graph), version_table_(version_table) {}

Status Runner::upgrade(Connection& conn, std::string_view target, std::ostream& out) const {
  if (!transaction_per_revision_) return migrate_in_one_transaction(conn, target, true, out);
  return migrate(conn, target, true, out);
}

Status Runner::downgrade(Connection& conn, std::string_view target, std::ostream& out) const {
  if (!transaction_per_revision_) return migrate_in_one_transaction(conn, target, false, out);
  return migrate(conn, target, false, out);
}

Status Runner::stamp(Connection& conn, const std::vector<std::string>& targets, bool purge,
                     std::ostream& out) const {
  Result<std::unique_ptr<Lock>> lock = dialect_.try_lock(conn, version_table_.name());  // TEMP
  if (!lock) return std::move(lock).error();
  if (!*lock) return Error::database("another migration holds the migration lock");  // TEMP
  if (Status s = version_table_.ensure(conn); !s) return s;
  Transaction tx(conn);
  if (Status s = tx.begin(); !s) return s;
  // With --purge, rows no revision file has are tolerated: they go.
  Result<std::vector<std::string>> rows = purge ? version_table_.read(conn) : read_known(conn);
  if (!rows) return std::move(rows).error();
  std::vector<std::string> known;
  for (const std::string& id : *rows) {
    if (graph_.find(id) != nullptr) known.push_back(id);
  }
  Result<std::vector<std::string>> after = graph_.stamp_heads(known, targets, purge);
  if (!after) return std::move(after).error();
  if (purge) {
    if (Status s = conn.execute(version_table_.purge_sql()); !s) return s;
    if (Status s = version_table_.move(conn, move_between({}, *after)); !s) return s;
  } else {
    if (Status s = version_table_.move(conn, move_between(*rows, *after)); !s) return s;
  }
  if (Status s = tx.commit(); !s) return s;
  out << fmt::format("Stamping {} -> {}\n", rows_text(*rows), rows_text(*after));
  return {};
}

Status Runner::upgrade_sql(std::string_view from, std::string_view to,
                           std::ostream& sql_out) const {
  return offline(from, to, true, sql_out);
}

Status Runner::downgrade_sql(std::string_view from, std::string_view to,
                             std::ostream& sql_out) const {
  return offline(from, to, false, sql_out);
}

Result<std::vector<std::string>> Runner::read_known(Connection& conn) const {
  Result<std::vector<std::string>> rows = version_table_.read(conn);
  if (!rows) return rows;
  for (const std::string& id : *rows) {
    if (graph_.find(id) == nullptr) {
      return unknown_version_row(id);
    }
  }
  return rows;
}

Result<MigrationPlan> Runner::make_plan(const std::vector<std::string>& rows,
                                        std::string_view target, bool up) const {
  return up ? graph_.upgrade_plan(rows, target) : graph_.downgrade_plan(rows, target);
}

Status Runner::migrate(Connection& conn, std::string_view target, bool up,
                       std::ostream& out) const {
  Result<std::unique_ptr<Lock>> lock = dialect_.try_lock(conn, version_table_.name());  // TEMP
  if (!lock) return std::move(lock).error();
  if (!*lock) return Error::database("another migration holds the migration lock");  // TEMP
  if (Status s = version_table_.ensure(conn); !s) return s;
  Result<std::vector<std::string>> rows = read_known(conn);
  if (!rows) return std::move(rows).error();
  Result<MigrationPlan> plan = make_plan(*rows, target, up);
  if (!plan) return std::move(plan).error();
  // A relative target (-1, x@+1) is fixed once, against the rows found under
  // the lock, so a later plan aims at the same revision.
  std::string goal(target);
  if (RevisionGraph::is_relative(target)) {
    Result<std::vector<std::string>> ids = graph_.resolve(target, *rows);
    if (!ids) return std::move(ids).error();
    if (ids->size() == 1) goal = ids->front().empty() ? "base" : ids->front();
  }

  StepRunner runner(conn, dialect_, version_table_);
  std::vector<std::string> at = plan->heads_before;
  std::size_t next = 0;
  // The version table is re-read inside each step's transaction before
  // anything runs: when another process moved the database since the plan
  // was made, plan again from where it is (the rollback is the Transaction's).
  auto moved = [&](const std::vector<std::string>& now) {
    Result<MigrationPlan> again = make_plan(now, goal, up);
    // The first plan was valid: a database moved past the target by another
    // run has nothing left for this one to do.
    if (!again) {
      plan = MigrationPlan{now, {}, now};
    } else {
      plan = std::move(again);
    }
    at = plan->heads_before;
    next = 0;
    runner.forget();
  };
  // Begins `tx` and reads the version table inside it: false when another
  // process moved the database since the plan, which is then made again.
  auto begin_unmoved = [&](Transaction& tx) -> Result<bool> {
    if (Status s = tx.begin(); !s) return std::move(s).error();
    Result<std::vector<std::string>> now = read_known(conn);
    if (!now) return std::move(now).error();
    if (*now == at) return true;
    moved(*now);
    return false;
  };
  // Prints the step, runs it, commits `tx` (none: the step runs outside a
  // transaction) and moves on to the next step.
  auto finish = [&](const RunStep& step, const Compiled& compiled, Transaction* tx) -> Status {
    out << progress_line(step) << "\n";
    if (Status s = runner.run(step, compiled); !s) return s;
    if (tx != nullptr) {
      if (Status s = tx->commit(); !s) return s;
    }
    at = plan->steps[next].heads_after;
    ++next;
    return {};
  };
  while (next < plan->steps.size()) {
    const RunStep step = make_step(plan->steps[next]);

    Transaction tx(conn);
    Result<bool> unmoved = begin_unmoved(tx);
    if (!unmoved) return std::move(unmoved).error();
    if (!*unmoved) continue;
    Result<Compiled> compiled = runner.plan(step);
    if (!compiled) return std::move(compiled).error();

    if (!step.rev->transactional) {
      if (Status s = tx.commit(); !s) return s;
      if (Status s = finish(step, *compiled, nullptr); !s) return s;
      continue;
    }
    if (compiled->early.empty()) {
      if (Status s = finish(step, *compiled, &tx); !s) return s;
      continue;
    }
    // Statements the dialect marked commit_first (idempotent) whose effect
    // the rest of the revision can only use once committed.
    if (Status s = runner.run_early(step, *compiled); !s) return s;
    if (Status s = tx.commit(); !s) return s;
    Transaction rest(conn);
    Result<bool> still = begin_unmoved(rest);
    if (!still) return std::move(still).error();
    if (!*still) continue;
    if (Status s = finish(step, *compiled, &rest); !s) return s;
  }
  return {};
}

// Alembic's transaction_per_migration = False: every revision and version
// move, then one COMMIT, so SQLite pays one disk flush instead of one per
// revision. A revision that cannot run in a transaction (transactional =
// false, or statements the dialect marked commit_first) is refused before
// anything runs.
Status Runner::migrate_in_one_transaction(Connection& conn, std::string_view target, bool up,
                                          std::ostream& out) const {
  Result<std::unique_ptr<Lock>> lock = dialect_.try_lock(conn, version_table_.name());  // TEMP
  if (!lock) return std::move(lock).error();
  if (!*lock) return Error::database("another migration holds the migration lock");  // TEMP
  if (Status s = version_table_.ensure(conn); !s) return s;
  Transaction tx(conn);
  if (Status s = tx.begin(); !s) return s;
  Result<std::vector<std::string>> rows = read_known(conn);
  if (!rows) return std::move(rows).error();
  Result<MigrationPlan> plan = make_plan(*rows, target, up);
  if (!plan) return std::move(plan).error();
  StepRunner runner(conn, dialect_, version_table_);
  runner.batch_across_steps(true);
  for (const Step& planned : plan->steps) {
    RunStep step = make_step(planned);
    // Only the end state of the version table is ever visible (a failure
    // rolls everything back), so it is written once, after the last step:
    // one statement instead of one per revision.
    step.version = {};
    Result<Compiled> compiled = runner.plan(step);
    if (!compiled) return std::move(compiled).error();
    if (std::string why = one_transaction_obstacle(step, *compiled); !why.empty()) {
      return refuse_one_transaction(step, why);
    }
    out << progress_line(step) << "\n";
    if (Status s = runner.run(step, *compiled); !s) return s;
  }
  if (Status s = runner.flush(); !s) return s;
  if (Status s = version_table_.move(conn, move_between(*rows, plan->heads_after)); !s) return s;
  return tx.commit();
}

Status Runner::offline(std::string_view from, std::string_view to, bool up,
                       std::ostream& sql_out) const {
  for (std::string_view end : {from, to}) {
    if (!RevisionGraph::is_relative(end)) continue;
    return Error::bad_input(
        fmt::format("\"{}\" is relative to the database, which --sql does not consult", end),
        "name revisions by id, head, heads, base or LABEL@head, e.g. `upgrade --sql base:heads`");
  }
  Result<std::vector<std::string>> rows = start_rows(graph_, from);
  if (!rows) return std::move(rows).error();
  Result<MigrationPlan> plan = make_plan(*rows, to, up);
  if (!plan) return std::move(plan).error();
  Result<MetaData> before = schema_at(graph_, *rows, dialect_);
  if (!before) return std::move(before).error();
  return write_script(*plan, std::move(*before), sql_out);
}

namespace {

// A comment naming the native column types the plan's ops declare: offline
// nothing can ask the database whether they exist, so they are taken as
// written and the database checks them when the script runs.
std::string native_types_note(const MigrationPlan& plan) {
  std::vector<std::string> names;
  for (const Step& step : plan.steps) {
    const std::vector<Op>& ops = step.upgrade ? step.revision->upgrade : step.revision->downgrade;
    for (const Op& op : ops) {
      for (const Type* type : column_types(op)) {
        if (type->kind == TypeKind::kNative &&
            std::find(names.begin(), names.end(), type->native) == names.end()) {
          names.push_back(type->native);
        }
      }
    }
  }
  if (names.empty()) return {};
  return fmt::format(
      "-- Native column types, taken as written (offline nothing checks that the database\n"
      "-- defines them; it does when this script runs): {}\n",
      fmt::join(names, ", "));
}

}  // namespace

// Revisions are compiled with the same plan as online, so a script never
// splits a revision's transaction either. With one transaction for the whole
// run the script is one BEGIN ... COMMIT, as the online run would be.
Status Runner::write_script(const MigrationPlan& plan, MetaData before,
                            std::ostream& sql_out) const {
  const bool one_transaction = !transaction_per_revision_;
  std::string script = native_types_note(plan) + terminated(dialect_.script_prologue()) +
                       terminated(version_table_.create_sql());
  if (one_transaction) script += terminated(dialect_.begin_sql());
  for (const Step& planned : plan.steps) {
    const RunStep step = make_step(planned);
    script += "\n-- " + progress_line(step) + "\n";
    Result<Compiled> compiled = plan_step(dialect_, step, before);
    if (!compiled) return std::move(compiled).error();
    if (one_transaction) {
      if (std::string why = one_transaction_obstacle(step, *compiled); !why.empty()) {
        return refuse_one_transaction(step, why);
      }
    }
    for (std::size_t i = 0; i < step.ops->size(); ++i) {
      if (skipped_on((*step.ops)[i], dialect_)) continue;
      std::optional<Op> cut;
      if (Status s = apply(before, stored_op((*step.ops)[i], dialect_, cut)); !s) {
        return step_error(std::move(s).error(), step, i);
      }
    }
    const bool in_tx = step.rev->transactional && !one_transaction;
    if (!compiled->early.empty()) {
      script += terminated(dialect_.begin_sql()) + to_script(compiled->early) +
                terminated(dialect_.commit_sql());
    }
    if (in_tx) script += terminated(dialect_.begin_sql());
    for (const auto& statements : compiled->statements) script += to_script(statements);
    for (const std::string& sql : version_table_.move_sql(step.version)) script += terminated(sql);
    if (in_tx) script += terminated(dialect_.commit_sql());
  }
  if (one_transaction) script += "\n" + terminated(dialect_.commit_sql());
  sql_out << script;
  return {};
}

}  // namespace retort::migrations
