#include "migrations/internal/runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "migrations/checksum.hpp"
#include "migrations/internal/compile.hpp"
#include "migrations/internal/history_schema.hpp"
#include "migrations/internal/inspect_scope.hpp"
#include "migrations/internal/migration_lock.hpp"

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
  // Resuming a partial run: the ops before this one are applied, and the
  // history row `resumed` is continued.
  std::size_t first_op = 0;
  std::optional<HistoryRow> resumed;
  // Moves the version row from `map_from` onto a squash, running nothing
  // (Step::map_only).
  bool map_only = false;
  std::string map_from;
};

std::string_view verb(Direction d) { return d == Direction::kUp ? "upgrade" : "downgrade"; }

using std::chrono::milliseconds;

// The pause before retry `n` (1-based) of a revision that timed out on a
// lock: 1s, 2s, 4s... at most 30s, so the other session can finish.
milliseconds retry_pause(int n) {
  return std::min(milliseconds(1000LL << std::min(n - 1, 5)), milliseconds(30'000));
}

// Dialect::lock_blockers' lines as one: "pid 1 (...) holds ...; pid 2 ...".
std::string one_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at)) {
    text.replace(at, 1, "; ");
  }
  return text;
}

// The tables a step's ops name, for asking who holds locks on them.
std::vector<std::string> step_tables(const RunStep& step) {
  std::vector<std::string> tables;
  for (const Op& op : *step.ops) {
    std::string target = op_target(op);
    if (!target.empty() && std::find(tables.begin(), tables.end(), target) == tables.end()) {
      tables.push_back(std::move(target));
    }
  }
  return tables;
}

// The statements of `sql` as one execute (PostgreSQL: one round trip).
Status run_all(Connection& conn, const std::vector<std::string>& sql) {
  if (sql.empty()) return {};
  std::string joined;
  for (const std::string& s : sql) joined += (joined.empty() ? "" : "; ") + s;
  return conn.execute(joined);
}

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
  if (step.map_only) {
    return fmt::format("Mapping {} -> {}, {} (every revision it replaces has run)", step.map_from,
                       step.rev->id, step.rev->message);
  }
  const bool up = step.direction == Direction::kUp;
  return fmt::format("Running {} {} -> {}, {}{}", verb(step.direction),
                     up ? parents_text(*step.rev) : step.rev->id,
                     up ? step.rev->id : parents_text(*step.rev), step.rev->message,
                     step.rev->transactional ? "" : " (non-transactional)");
}

std::string resume_line(const RunStep& step) {
  const HistoryRow& row = *step.resumed;
  return fmt::format(
      "Resuming {} of {} at op {} of {}: ops 1..{} were applied by the run started "
      "at {}",
      verb(step.direction), step.rev->id, step.first_op + 1, step.ops->size(), step.first_op,
      row.started_at);
}

RunStep make_step(const Step& planned) {
  RunStep step;
  step.rev = planned.revision;
  step.direction = planned.upgrade ? Direction::kUp : Direction::kDown;
  static const std::vector<Op> kNoOps;
  step.ops = planned.map_only  ? &kNoOps
             : planned.upgrade ? &planned.revision->upgrade
                               : &planned.revision->downgrade;
  step.version = planned.version;
  step.map_only = planned.map_only;
  if (planned.map_only) step.map_from = planned.version.update->first;
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
          "of op {} before the failing one) and the version table was not updated, as the "
          "history table records; fix the op if it is wrong and run the command again to resume "
          "at op {}, or settle it by hand with "
          "`retort resolve {} --applied` (you finished it) or `--rolled-back` (you undid it)",
          applied, op_index + 1, op_index + 1, step.rev->id);
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
    // Applied by the partial run being resumed: the live schema has them.
    if (i < step.first_op || skipped_on(op, dialect)) continue;
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
  StepRunner(Connection& conn, const Dialect& dialect, const VersionTable& version_table,
             const HistoryTable& history, std::ostream* notices)
      : conn_(conn),
        dialect_(dialect),
        version_table_(version_table),
        history_(history),
        notices_(notices) {}

  // Compiles every op against the live schema; nothing runs.
  Result<Compiled> plan(const RunStep& step) {
    started_ = false;
    if (Status s = load(inspect_options(*step.ops, own_tables())); !s) return std::move(s).error();
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

  // The history row of the step run last (seq 0 until it is written), with
  // the ops it completed: what a failure records.
  const HistoryRow& record() const { return record_; }
  // Whether run() has begun the step planned last: anything of it may have
  // run (before that, a retry of a non-transactional revision is safe).
  bool started() const { return started_; }
  // How many times the statement that failed last outside a transaction
  // was tried.
  int attempts() const { return attempts_; }
  // The step whose batched statement failed last, when one did.
  const std::optional<RunStep>& failed_step() const { return failed_; }
  // True when the database could not say which batched statement failed
  // (a timeout in a batch of several steps): failed_step() is the first.
  bool failed_step_unknown() const { return failed_unknown_; }
  // Milliseconds since run() began the step (0 before), for its record.
  std::int64_t elapsed_ms() const {
    if (!started_) return 0;
    return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() -
                                                    started_clock_)
        .count();
  }

  // Runs the ops and the version move, leaving out what `plan` ran early,
  // with `policy` in force (SET LOCAL in a transaction; for the session
  // around each statement outside one, where a statement that times out on
  // a lock is tried again). Records the step in the history table.
  // REQUIRES: a transaction is open when the revision is transactional.
  Status run(const RunStep& step, const Compiled& plan, const LockPolicy& policy) {
    const InspectOptions options = inspect_options(*step.ops, own_tables());
    if (Status s = load(options); !s) return s;
    // Raw SQL runs alone, after what is batched (it may use it), and outside
    // a transaction nothing is batched: each statement commits by itself.
    const bool batch = step.rev->transactional;
    const RunStep origin{step.rev, step.ops, {}, step.direction, 0, std::nullopt, false, {}};
    started_ = true;
    if (Status s = begin_record(step, policy); !s) return s;
    if (batch) {
      for (std::string& sql : dialect_.timeout_sql(policy, true)) {
        pending_sql_.push_back(std::move(sql));
        pending_from_.push_back(Origin{origin, kBookkeeping});
      }
    }
    // Until this step has run whole, the carried schema is not the database's:
    // take it out (a move, not a copy) and put it back at the end.
    Result<MetaData> before = std::move(snapshot_->schema);
    std::vector<std::string> covered = std::move(snapshot_->schemas);
    snapshot_.reset();
    for (std::size_t i = step.first_op; i < step.ops->size(); ++i) {
      std::optional<Op> cut;
      const Op& op = stored_op((*step.ops)[i], dialect_, cut);
      if (skipped_on(op, dialect_)) {
        if (Status s = record_progress(step, i, policy); !s) return s;
        continue;
      }
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
        // Outside a transaction only a statement retort wrote is run again:
        // raw SQL may hold several statements, of which the first committed,
        // and one that refuses a transaction (CREATE INDEX CONCURRENTLY)
        // leaves an invalid index behind when it times out.
        const bool retry = !batch && !raw && statement.transactional;
        attempts_ = 1;
        Status s = retry ? execute_retrying(statement.sql, policy) : conn_.execute(statement.sql);
        if (!s) {
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
      if (Status s = record_progress(step, i, policy); !s) return s;
    }
    if (!batch) {
      if (Status s = finish_outside_transaction(step, policy); !s) return s;
    } else {
      for (std::string& sql : version_table_.move_sql(step.version)) {
        pending_sql_.push_back(std::move(sql));
        pending_from_.push_back(Origin{origin, kBookkeeping});
      }
      // The history row is timed by retort's clock once the step's batch
      // has run (with one transaction for the run, the batch goes later:
      // the time is then that of the step's statements being prepared).
      if (across_steps_) {
        end_record();
        pending_sql_.push_back(record_sql());
        pending_from_.push_back(Origin{origin, kBookkeeping});
      } else {
        if (Status s = send(); !s) return s;
        end_record();
        if (Status s = conn_.execute(record_sql()); !s) return s;
      }
    }
    if (!across_steps_) {
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
  static constexpr std::size_t kBookkeeping = static_cast<std::size_t>(-1);
  struct Origin {
    RunStep step;          // without its version move
    std::size_t op_index;  // kBookkeeping: the version and history tables, SET LOCAL
  };

  std::vector<std::string> own_tables() const { return {version_table_.name(), history_.name()}; }

  // Starts the step's history row: a transactional revision's is written
  // with its version move; outside a transaction a `partial` row is
  // committed now (or the resumed one continued), so a run that stops
  // midway leaves a record of what it did.
  Status begin_record(const RunStep& step, const LockPolicy& policy) {
    started_clock_ = std::chrono::steady_clock::now();
    if (step.resumed) {
      record_ = *step.resumed;
      record_.ops_total = static_cast<int>(step.ops->size());
      // The file that completes the run is the one the row vouches for.
      record_.checksum = revision_checksum(*step.rev);
      // The row keeps why the earlier run stopped, marked as overcome.
      record_.error =
          fmt::format("resumed at op {} after: {}", step.first_op + 1,
                      record_.error.empty() ? std::string("the run was stopped") : record_.error);
      // Made transactional since: the rest lands whole, with the move.
      if (step.rev->transactional) {
        record_.result = history_result::kApplied;
        record_.ops_done = record_.ops_total;
      }
      return {};
    }
    record_ = new_history_row(
        step.rev->id, step.map_only ? std::string("squash") : std::string(verb(step.direction)),
        std::string(step.rev->transactional ? history_result::kApplied : history_result::kPartial));
    record_.message = step.rev->message;
    record_.checksum = revision_checksum(*step.rev);
    record_.ops_total = static_cast<int>(step.ops->size());
    if (step.rev->transactional) {
      record_.ops_done = record_.ops_total;
      return {};
    }
    // Retried as a statement of the revision would be: if it timed out,
    // nothing of it was written.
    if (Status s = execute_retrying(history_.insert_sql(record_, false), policy); !s) return s;
    Result<std::int64_t> seq = history_.last_seq(conn_);
    if (!seq) return std::move(seq).error();
    record_.seq = *seq;
    return {};
  }

  // The end of the step's row: finished now, timed by retort's clock.
  void end_record() {
    record_.finished_at = utc_now_text();
    record_.duration_ms =
        std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started_clock_)
            .count();
  }
  // The statement that writes the step's row: a new one, or the end of the
  // partial row it continues.
  std::string record_sql() const {
    return record_.seq != 0 ? history_.finish_sql(record_) : history_.insert_sql(record_, true);
  }

  // Op `index` completed: outside a transaction, committed to the history.
  Status record_progress(const RunStep& step, std::size_t index, const LockPolicy& policy) {
    if (step.rev->transactional) return {};
    record_.ops_done = static_cast<int>(index + 1);
    return execute_retrying(history_.progress_sql(record_.seq, record_.ops_done), policy);
  }

  // The version move and the history row's end, in one transaction, run
  // again (whole) when it times out on a lock.
  Status finish_outside_transaction(const RunStep& step, const LockPolicy& policy) {
    record_.result = history_result::kApplied;
    Status s;
    for (int retry = 1;; ++retry) {
      attempts_ = retry;
      Transaction tx(conn_);
      s = tx.begin();
      if (s) s = version_table_.move(conn_, step.version);
      if (s) {
        end_record();
        s = conn_.execute(history_.finish_sql(record_));
      }
      if (s) s = tx.commit();
      if (s || !dialect_.is_lock_timeout(s.error()) || retry > policy.lock_retries) break;
      announce_retry(s.error(), retry, policy);
    }
    if (!s) {
      Error e = std::move(s).error();
      e.hint = fmt::format(
          "every op of the revision ran but the version table was not updated; settle it with "
          "`retort resolve {} --applied`",
          step.rev->id);
      return e;
    }
    return {};
  }

  // Runs one statement outside a transaction; one that timed out on a lock
  // runs again after a pause, up to policy.lock_retries times.
  Status execute_retrying(const std::string& sql, const LockPolicy& policy) {
    for (int retry = 1;; ++retry) {
      attempts_ = retry;
      Status s = conn_.execute(sql);
      if (s || !dialect_.is_lock_timeout(s.error()) || retry > policy.lock_retries) return s;
      announce_retry(s.error(), retry, policy);
    }
  }

  // Says that a statement outside a transaction timed out and waits before
  // retry `retry`.
  void announce_retry(const Error& e, int retry, const LockPolicy& policy) {
    const milliseconds pause = retry_pause(retry);
    if (notices_ != nullptr) {
      *notices_ << fmt::format(
          "retort: a statement timed out waiting for a lock ({}); retrying it in {} (retry {} of "
          "{})\n",
          e.message, format_duration(pause), retry, policy.lock_retries);
      notices_->flush();
    }
    std::this_thread::sleep_for(pause);
  }

  // Sends what is batched.
  Status send() {
    if (pending_sql_.empty()) return {};
    std::size_t failed = 0;
    Status s = conn_.execute_batch(pending_sql_, &failed);
    std::vector<Origin> from = std::move(pending_from_);
    pending_sql_.clear();
    pending_from_.clear();
    if (s) return s;
    if (failed >= from.size()) {
      // Which statement is unknown (a timeout): the first step batched.
      failed_ = from.front().step;
      failed_unknown_ = true;
      Error e = std::move(s).error();
      e.message = fmt::format("{} of revision {} failed: {}", verb(failed_->direction),
                              failed_->rev->id, e.message);
      return e.at(failed_->rev->path.string(), failed_->rev->line);
    }
    const Origin& origin = from.at(failed);
    failed_ = origin.step;
    failed_unknown_ = false;
    if (origin.op_index == kBookkeeping) return s;
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
  const HistoryTable& history_;
  std::ostream* notices_;
  std::optional<Snapshot> snapshot_;
  bool across_steps_ = false;
  std::vector<std::string> pending_sql_;
  std::vector<Origin> pending_from_;
  HistoryRow record_;
  std::chrono::steady_clock::time_point started_clock_;
  bool started_ = false;
  int attempts_ = 1;
  std::optional<RunStep> failed_;
  bool failed_unknown_ = false;
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

// Plain SQL text as statements.
std::vector<Statement> statements_of(const std::vector<std::string>& sql) {
  std::vector<Statement> out;
  for (const std::string& text : sql) out.push_back(Statement{text});
  return out;
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
               const VersionTable& version_table, const HistoryTable& history)
    : dialect_(dialect), graph_(graph), version_table_(version_table), history_(history) {}

// Keeps the lock policy in force on the connection for a run: the run's at
// the start, a revision's own around it, the server's settings at the end.
class Runner::PolicyScope {
 public:
  PolicyScope(Connection& conn, const Dialect& dialect, const LockPolicy& base)
      : conn_(conn), dialect_(dialect), base_(base) {}
  PolicyScope(const PolicyScope&) = delete;
  PolicyScope& operator=(const PolicyScope&) = delete;
  ~PolicyScope() {
    if (started_) (void)run_all(conn_, dialect_.reset_timeout_sql());
  }
  Status start() {
    started_ = true;
    return run_all(conn_, dialect_.timeout_sql(base_, false));
  }
  Status enter(const LockPolicy& policy) {
    return run_all(conn_, dialect_.timeout_sql(policy, false));
  }
  Status leave() { return run_all(conn_, dialect_.timeout_sql(base_, false)); }

 private:
  Connection& conn_;
  const Dialect& dialect_;
  LockPolicy base_;
  bool started_ = false;
};

namespace {

// True when `plan` runs the step the partial run `row` stopped in.
bool plan_resumes(const MigrationPlan& plan, const HistoryRow& row) {
  return std::any_of(plan.steps.begin(), plan.steps.end(), [&](const Step& s) {
    return s.revision->id == row.revision &&
           verb(s.upgrade ? Direction::kUp : Direction::kDown) == row.direction;
  });
}

// A run that would leave the partly applied revision `row` behind.
Error refuse_partial(const HistoryRow& row, std::string_view why) {
  return Error::bad_input(
      fmt::format("{}; {}", describe_partial(row), why),
      fmt::format("run `{}` to resume it at op {} (fix the revision file first if that op is "
                  "wrong), or settle it by hand with `retort resolve {} --applied` (you "
                  "finished its ops) or `--rolled-back` (you undid them); nothing was run",
                  resume_command(row), row.ops_done + 1, row.revision));
}

void notice(std::ostream* notices, const std::string& text) {
  if (notices == nullptr) return;
  *notices << "retort: " << text << "\n";
  notices->flush();
}

// `e`, a lock timeout that exhausted its retries (`tries` attempts; 0: not
// counted here), with what to do.
Error gave_up_on_lock(Error e, const std::string& blockers, int tries, bool rolled_back) {
  if (tries > 0) {
    e.message += fmt::format(" (gave up after {} attempt{})", tries, tries == 1 ? "" : "s");
  }
  const std::string who = blockers.empty()
                              ? std::string("another session holds a lock the revision needs")
                              : "it waited on: " + blockers;
  e.hint = rolled_back
               ? fmt::format(
                     "a lock timeout, not a fault in the revision: it was rolled back and can "
                     "simply be run again as it is. {}. Run it again when that session is done, "
                     "or give it longer (--lock-timeout, --lock-retries, or lock_timeout and "
                     "lock_retries in retort.toml or the revision)",
                     who)
               : e.hint + "; " + who;
  return e;
}

}  // namespace

Result<std::unique_ptr<Lock>> Runner::prepare(Connection& conn, PolicyScope& policy) const {
  if (Status s = policy.start(); !s) return std::move(s).error();
  Result<std::unique_ptr<Lock>> lock =
      take_migration_lock(dialect_, conn, version_table_.name(), lock_wait_, notices_);
  if (!lock) return lock;
  if (Status s = version_table_.ensure(conn); !s) return std::move(s).error();
  if (Status s = history_.ensure(conn); !s) return std::move(s).error();
  return lock;
}

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
  PolicyScope policy(conn, dialect_, lock_settings_.policy());
  Result<std::unique_ptr<Lock>> lock = prepare(conn, policy);
  if (!lock) return std::move(lock).error();
  Result<std::vector<HistoryRow>> partials = history_.partial(conn);
  if (!partials) return std::move(partials).error();
  if (!partials->empty()) {
    return refuse_partial(partials->back(), "stamp would hide it");
  }
  Transaction tx(conn);
  if (Status s = tx.begin(); !s) return s;
  // With --purge, rows no revision file has are tolerated: they go.
  Result<std::vector<std::string>> rows = purge ? version_table_.read(conn) : read_known(conn);
  if (!rows) return std::move(rows).error();
  // With --purge, rows no revision file has are left out; without it, the
  // graph refuses a row behind a squash (upgrade first) rather than drop it.
  std::vector<std::string> known;
  for (const std::string& id : *rows) {
    if (!purge || graph_.find(id) != nullptr) known.push_back(id);
  }
  Result<std::vector<std::string>> after = graph_.stamp_heads(known, targets, purge);
  if (!after) return std::move(after).error();
  if (purge) {
    if (Status s = conn.execute(version_table_.purge_sql()); !s) return s;
    if (Status s = version_table_.move(conn, move_between({}, *after)); !s) return s;
  } else {
    if (Status s = version_table_.move(conn, move_between(*rows, *after)); !s) return s;
  }
  std::vector<std::string> stamped = *after;
  if (stamped.empty()) stamped.push_back("base");
  for (const std::string& id : stamped) {
    HistoryRow row = new_history_row(id, "stamp", std::string(history_result::kApplied));
    if (const Revision* rev = graph_.find(id); rev != nullptr) {
      row.message = rev->message;
      row.checksum = revision_checksum(*rev);
    }
    row.finished_at = row.started_at;
    row.duration_ms = 0;
    if (Status s = conn.execute(history_.insert_sql(row, true)); !s) return s;
  }
  if (Status s = tx.commit(); !s) return s;
  out << fmt::format("Stamping {} -> {}\n", rows_text(*rows), rows_text(*after));
  return {};
}

Status Runner::resolve(Connection& conn, const std::string& id, bool applied,
                       std::ostream& out) const {
  PolicyScope policy(conn, dialect_, lock_settings_.policy());
  Result<std::unique_ptr<Lock>> lock = prepare(conn, policy);
  if (!lock) return std::move(lock).error();
  Result<std::vector<HistoryRow>> partials = history_.partial(conn);
  if (!partials) return std::move(partials).error();
  auto it = std::find_if(partials->rbegin(), partials->rend(),
                         [&](const HistoryRow& row) { return row.revision == id; });
  if (it == partials->rend()) {
    return Error::bad_input(
        fmt::format("revision {} has no partly applied run to resolve", id),
        partials->empty()
            ? std::string("no revision is partly applied; `retort history "
                          "--applied` lists the runs")
            : fmt::format("the partly applied revision is {}", partials->back().revision));
  }
  HistoryRow row = *it;
  const bool up = row.direction == "upgrade";
  Transaction tx(conn);
  if (Status s = tx.begin(); !s) return s;
  // Rolling back needs no revision file: the partial run's may be gone.
  Result<std::vector<std::string>> rows = applied ? read_known(conn) : version_table_.read(conn);
  if (!rows) return std::move(rows).error();
  std::vector<std::string> after = *rows;
  if (applied) {
    Result<Step> step = graph_.single_step(*rows, id, up);
    if (!step) return std::move(step).error();
    if (Status s = version_table_.move(conn, step->version); !s) return s;
    after = step->heads_after;
  }
  row.result = applied ? history_result::kResolvedApplied : history_result::kResolvedRolledBack;
  // Settled as applied: the file as it is now is what the database took.
  if (const Revision* rev = graph_.find(id); applied && rev != nullptr) {
    row.checksum = revision_checksum(*rev);
  }
  row.finished_at = utc_now_text();
  row.duration_ms.reset();  // the ops ran by hand, untimed
  if (Status s = conn.execute(history_.finish_sql(row)); !s) return s;
  if (Status s = tx.commit(); !s) return s;
  out << fmt::format("Resolved the partial {} of {} as {}: the database is at {}\n", row.direction,
                     id, applied ? "applied" : "rolled back", rows_text(after));
  return {};
}

Status Runner::repair(Connection& conn, const std::vector<std::string>& ids,
                      std::ostream& out) const {
  PolicyScope policy(conn, dialect_, lock_settings_.policy());
  Result<std::unique_ptr<Lock>> lock = prepare(conn, policy);
  if (!lock) return std::move(lock).error();
  Result<std::vector<std::string>> rows = read_known(conn);
  if (!rows) return std::move(rows).error();
  const std::vector<std::string> applied = graph_.applied_ids(*rows);
  for (const std::string& id : ids) {
    if (!std::binary_search(applied.begin(), applied.end(), id)) {
      return Error::bad_input(
          fmt::format("revision {} is not applied to this database, so there is no checksum of it "
                      "to repair",
                      id),
          fmt::format("the database is at {}; `retort verify` lists the applied revisions whose "
                      "files changed. Nothing was recorded",
                      rows_text(*rows)));
    }
  }
  Transaction tx(conn);
  if (Status s = tx.begin(); !s) return s;
  for (const std::string& id : ids) {
    const Revision& rev = *graph_.find(id);
    HistoryRow row = new_history_row(id, "repair", std::string(history_result::kApplied));
    row.message = rev.message;
    row.checksum = revision_checksum(rev);
    row.finished_at = row.started_at;
    row.duration_ms = 0;
    if (Status s = conn.execute(history_.insert_sql(row, true)); !s) return s;
    out << fmt::format("Recorded the checksum of {} as its file is now ({})\n", id, row.checksum);
  }
  return tx.commit();
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
    // A row behind a squash is known: upgrade plans bring it onto the squash.
    if (graph_.find(id) == nullptr && graph_.squash_of(id) == nullptr) {
      return unknown_version_row(id);
    }
  }
  return rows;
}

Result<MigrationPlan> Runner::make_plan(const std::vector<std::string>& rows,
                                        std::string_view target, bool up) const {
  return up ? graph_.upgrade_plan(rows, target) : graph_.downgrade_plan(rows, target);
}

namespace {

// Records a step that failed with `e` in the history table, after its
// transaction was rolled back: a `failed` row, or the end of the partial
// row of a revision outside a transaction. Only for what the database
// refused (a revision refused as bad input never ran). Best effort: the
// error being reported matters more than its record.
void record_failure(Connection& conn, const Dialect& dialect, const HistoryTable& history,
                    const RunStep& step, const HistoryRow& record, const Error& e,
                    std::int64_t elapsed_ms) {
  if (e.code != ErrorCode::kDatabase) return;
  // The session that blocked the revision may block the record too (SQLite's
  // write lock): wait for it briefly, not a whole lock_timeout again. The
  // run's PolicyScope puts the session back afterwards.
  if (dialect.is_lock_timeout(e)) {
    LockPolicy brief;
    brief.lock_timeout = std::chrono::milliseconds(200);
    (void)run_all(conn, dialect.timeout_sql(brief, false));
  }
  HistoryRow row = record;
  const bool ours = row.revision == step.rev->id && row.seq != 0;
  if (!step.rev->transactional && (ours || step.resumed)) {
    if (!ours) row = *step.resumed;
    row.result = row.ops_done > 0 ? history_result::kPartial : history_result::kFailed;
    row.error = e.message;
    row.finished_at = utc_now_text();
    row.duration_ms = elapsed_ms;
    (void)conn.execute(history.finish_sql(row));
    return;
  }
  row = new_history_row(step.rev->id,
                        step.map_only ? std::string("squash") : std::string(verb(step.direction)),
                        std::string(history_result::kFailed));
  row.message = step.rev->message;
  row.checksum = revision_checksum(*step.rev);
  row.ops_total = static_cast<int>(step.ops->size());
  row.error = e.message;
  // When the step began, by the same clock that timed it: two readings
  // (finished_at at new_history_row, started_at here) could put the start
  // a millisecond after the end.
  set_step_times(row, std::chrono::milliseconds(elapsed_ms));
  (void)conn.execute(history.insert_sql(row, true));
}

}  // namespace

Status Runner::migrate(Connection& conn, std::string_view target, bool up,
                       std::ostream& out) const {
  PolicyScope policy(conn, dialect_, lock_settings_.policy());
  Result<std::unique_ptr<Lock>> lock = prepare(conn, policy);
  if (!lock) return std::move(lock).error();
  Result<std::vector<std::string>> rows = read_known(conn);
  if (!rows) return std::move(rows).error();
  Result<MigrationPlan> plan = make_plan(*rows, target, up);
  if (!plan) return std::move(plan).error();
  Result<std::vector<HistoryRow>> partials = history_.partial(conn);
  if (!partials) return std::move(partials).error();
  std::optional<HistoryRow> pending;
  if (!partials->empty()) pending = partials->back();
  if (pending && !plan_resumes(*plan, *pending)) {
    return refuse_partial(*pending, fmt::format("this {} does not include it",
                                                verb(up ? Direction::kUp : Direction::kDown)));
  }
  if (up && upgrade_check_) {
    if (Status s = upgrade_check_(conn, *rows, pending); !s) return s;
  }
  // A relative target (-1, x@+1) is fixed once, against the rows found under
  // the lock, so a later plan aims at the same revision.
  std::string goal(target);
  if (RevisionGraph::is_relative(target)) {
    // From a row behind a squash, counted from the squash it catches up to.
    Result<std::vector<std::string>> ids = graph_.resolve(target, graph_.caught_up(*rows));
    if (!ids) return std::move(ids).error();
    if (ids->size() == 1) goal = ids->front().empty() ? "base" : ids->front();
  }

  StepRunner runner(conn, dialect_, version_table_, history_, notices_);
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
  auto finish = [&](const RunStep& step, const Compiled& compiled, Transaction* tx,
                    const LockPolicy& p) -> Status {
    out << progress_line(step) << "\n";
    if (step.resumed) out << resume_line(step) << "\n";
    if (Status s = runner.run(step, compiled, p); !s) return s;
    if (tx != nullptr) {
      if (Status s = tx->commit(); !s) return s;
    }
    at = plan->steps[next].heads_after;
    ++next;
    return {};
  };
  // One attempt at a step, in its transaction(s): false when the database
  // moved and the plan was made again.
  auto attempt = [&](const RunStep& step, const LockPolicy& p) -> Result<bool> {
    Transaction tx(conn);
    Result<bool> unmoved = begin_unmoved(tx);
    if (!unmoved || !*unmoved) return unmoved;
    Result<Compiled> compiled = runner.plan(step);
    if (!compiled) return std::move(compiled).error();
    if (!step.rev->transactional) {
      if (Status s = tx.commit(); !s) return std::move(s).error();
      if (Status s = finish(step, *compiled, nullptr, p); !s) return std::move(s).error();
      return true;
    }
    if (compiled->early.empty()) {
      if (Status s = finish(step, *compiled, &tx, p); !s) return std::move(s).error();
      return true;
    }
    // Statements the dialect marked commit_first (idempotent) whose effect
    // the rest of the revision can only use once committed.
    if (Status s = runner.run_early(step, *compiled); !s) return std::move(s).error();
    if (Status s = tx.commit(); !s) return std::move(s).error();
    Transaction rest(conn);
    Result<bool> still = begin_unmoved(rest);
    if (!still || !*still) return still;
    if (Status s = finish(step, *compiled, &rest, p); !s) return std::move(s).error();
    return true;
  };
  while (next < plan->steps.size()) {
    RunStep step = make_step(plan->steps[next]);
    if (stop_ != nullptr && stop_->load()) return stopped_error(step.rev->id, rows_text(at));
    if (pending && pending->revision == step.rev->id &&
        pending->direction == verb(step.direction)) {
      step.first_op =
          std::min<std::size_t>(static_cast<std::size_t>(pending->ops_done), step.ops->size());
      step.resumed = pending;
    }
    const LockPolicy p = step.rev->lock.over(lock_settings_).policy();
    // A revision's own settings, and any outside a transaction, hold for
    // the session, so SQLite's BEGIN IMMEDIATE waits as they say too.
    const bool session = !step.rev->lock.empty() || !step.rev->transactional;
    if (session) {
      if (Status s = policy.enter(p); !s) return s;
    }
    Result<bool> done = false;
    for (int attempts = 1;; ++attempts) {
      done = attempt(step, p);
      // Outside a transaction the whole step is tried again only while none
      // of it ran (BEGIN IMMEDIATE waited); later its statements retry alone.
      const bool whole = step.rev->transactional || !runner.started();
      if (done || !whole || !dialect_.is_lock_timeout(done.error())) break;
      const std::string blockers = one_line(dialect_.lock_blockers(conn, step_tables(step)));
      if (attempts > p.lock_retries) {
        Error e = std::move(done).error();
        // A wait at BEGIN (SQLite's write lock) has no op to name yet.
        if (e.file.empty()) {
          e.message =
              fmt::format("{} of revision {}: {}", verb(step.direction), step.rev->id, e.message);
          e.at(step.rev->path.string(), step.rev->line);
        }
        done = gave_up_on_lock(std::move(e), blockers, attempts, true);
        break;
      }
      const milliseconds pause = retry_pause(attempts);
      notice(notices_, fmt::format("revision {} timed out waiting for a lock {}; retrying in {} "
                                   "(retry {} of {}){}",
                                   step.rev->id,
                                   step.rev->transactional ? "and was rolled back"
                                                           : "before any of its ops ran",
                                   format_duration(pause), attempts, p.lock_retries,
                                   blockers.empty() ? "" : ". Waiting on: " + blockers));
      std::this_thread::sleep_for(pause);
      runner.forget();
    }
    if (session) (void)policy.leave();
    if (!done) {
      Error e = std::move(done).error();
      if (!step.rev->transactional && runner.started() && dialect_.is_lock_timeout(e)) {
        e = gave_up_on_lock(std::move(e), one_line(dialect_.lock_blockers(conn, step_tables(step))),
                            runner.attempts(), false);
      }
      record_failure(conn, dialect_, history_, step, runner.record(), e, runner.elapsed_ms());
      return e;
    }
    // A step done resolves the partial run it continued.
    if (*done && step.resumed) pending.reset();
  }
  return {};
}

// Alembic's transaction_per_migration = False: every revision and version
// move, then one COMMIT, so SQLite pays one disk flush instead of one per
// revision. A revision that cannot run in a transaction (transactional =
// false, or statements the dialect marked commit_first) is refused before
// anything runs. A lock timeout runs the whole run again.
Status Runner::migrate_in_one_transaction(Connection& conn, std::string_view target, bool up,
                                          std::ostream& out) const {
  if (stop_ != nullptr && stop_->load()) return stopped_error(target, "where it was");
  PolicyScope policy(conn, dialect_, lock_settings_.policy());
  Result<std::unique_ptr<Lock>> lock = prepare(conn, policy);
  if (!lock) return std::move(lock).error();
  std::optional<RunStep> current;  // the step running, for a failure's record
  bool unknown_statement = false;  // which statement failed, the database could not say
  std::int64_t elapsed_ms = 0;     // of the failed step, for its record
  // The step that failed, from the runner; then `failure` passes on.
  auto blame = [&](const StepRunner& runner, Status failure) {
    if (runner.failed_step()) current = runner.failed_step();
    unknown_statement = runner.failed_step_unknown();
    elapsed_ms = runner.elapsed_ms();
    return failure;
  };
  auto attempt = [&]() -> Status {
    unknown_statement = false;
    Transaction tx(conn);
    if (Status s = tx.begin(); !s) return s;
    Result<std::vector<std::string>> rows = read_known(conn);
    if (!rows) return std::move(rows).error();
    Result<MigrationPlan> plan = make_plan(*rows, target, up);
    if (!plan) return std::move(plan).error();
    Result<std::vector<HistoryRow>> partials = history_.partial(conn);
    if (!partials) return std::move(partials).error();
    if (!partials->empty()) {
      return refuse_partial(partials->back(),
                            "it cannot be resumed inside one transaction for "
                            "the whole run");
    }
    if (up && upgrade_check_) {
      if (Status s = upgrade_check_(conn, *rows, std::nullopt); !s) return s;
    }
    StepRunner runner(conn, dialect_, version_table_, history_, notices_);
    runner.batch_across_steps(true);
    for (const Step& planned : plan->steps) {
      RunStep step = make_step(planned);
      // Only the end state of the version table is ever visible (a failure
      // rolls everything back), so it is written once, after the last step:
      // one statement instead of one per revision.
      step.version = {};
      current = step;
      Result<Compiled> compiled = runner.plan(step);
      if (!compiled) return std::move(compiled).error();
      if (std::string why = one_transaction_obstacle(step, *compiled); !why.empty()) {
        return refuse_one_transaction(step, why);
      }
      out << progress_line(step) << "\n";
      // A batched statement of an earlier revision may be what fails.
      if (Status s = runner.run(step, *compiled, step.rev->lock.over(lock_settings_).policy());
          !s) {
        return blame(runner, std::move(s));
      }
    }
    if (Status s = runner.flush(); !s) return blame(runner, std::move(s));
    current.reset();
    if (Status s = version_table_.move(conn, move_between(*rows, plan->heads_after)); !s) return s;
    return tx.commit();
  };
  const LockPolicy base = lock_settings_.policy();
  for (int attempts = 1;; ++attempts) {
    Status s = attempt();
    if (s) return s;
    Error e = std::move(s).error();
    if (dialect_.is_lock_timeout(e)) {
      // Unknown statement: every session's locks on the database's tables.
      const std::string blockers = one_line(
          dialect_.lock_blockers(conn, current && !unknown_statement ? step_tables(*current)
                                                                     : std::vector<std::string>{}));
      if (attempts <= base.lock_retries) {
        const milliseconds pause = retry_pause(attempts);
        notice(notices_, fmt::format("the run timed out waiting for a lock and was rolled back "
                                     "whole; running it again in {} (retry {} of {}){}",
                                     format_duration(pause), attempts, base.lock_retries,
                                     blockers.empty() ? "" : ". Waiting on: " + blockers));
        std::this_thread::sleep_for(pause);
        continue;
      }
      e = gave_up_on_lock(std::move(e), blockers, attempts, true);
    }
    if (current) record_failure(conn, dialect_, history_, *current, HistoryRow{}, e, elapsed_ms);
    return e;
  }
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
    for (const Op& op : *make_step(step).ops) {
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
  const LockPolicy base = lock_settings_.policy();
  std::string script = native_types_note(plan) + terminated(dialect_.script_prologue()) +
                       to_script(statements_of(dialect_.timeout_sql(base, false))) +
                       terminated(version_table_.create_sql()) + terminated(history_.create_sql());
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
    // A revision's own lock settings: SET LOCAL in its transaction, else for
    // the session around it.
    const bool own = !step.rev->lock.empty();
    const LockPolicy policy = step.rev->lock.over(lock_settings_).policy();
    if (!compiled->early.empty()) {
      script += terminated(dialect_.begin_sql()) + to_script(compiled->early) +
                terminated(dialect_.commit_sql());
    }
    if (own && !step.rev->transactional) {
      script += to_script(statements_of(dialect_.timeout_sql(policy, false)));
    }
    if (in_tx) script += terminated(dialect_.begin_sql());
    if (own && step.rev->transactional) {
      script += to_script(statements_of(dialect_.timeout_sql(policy, true)));
    }
    for (const auto& statements : compiled->statements) script += to_script(statements);
    for (const std::string& sql : version_table_.move_sql(step.version)) script += terminated(sql);
    HistoryRow row = new_history_row(step.rev->id, std::string(verb(step.direction)),
                                     std::string(history_result::kApplied));
    row.started_at.clear();  // the database's clock when the script runs
    row.message = step.rev->message;
    row.checksum = revision_checksum(*step.rev);
    row.ops_total = row.ops_done = static_cast<int>(step.ops->size());
    script += terminated(history_.insert_sql(row, true));
    if (in_tx) script += terminated(dialect_.commit_sql());
    if (own && !step.rev->transactional) {
      script += to_script(statements_of(dialect_.timeout_sql(base, false)));
    }
  }
  if (one_transaction) script += "\n" + terminated(dialect_.commit_sql());
  sql_out << script;
  return {};
}

}  // namespace retort::migrations
