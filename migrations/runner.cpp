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
  if (e.hint.empty()) e.hint = "fix the op in the revision file; the revision was rolled back";
  e.file = step.rev->path.string();
  e.line = step.rev->line;
  return e;
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

  // Runs the ops and the version move. REQUIRES: a transaction is open when
  // the revision is transactional.
  Status run(const Step& step) {
    const bool in_tx = step.rev->transactional;
    const InspectOptions options = options_for(*step.ops, version_table_.name());
    Result<MetaData> before = dialect_.inspect(conn_, options);
    if (!before) return std::move(before).error();
    for (std::size_t i = 0; i < step.ops->size(); ++i) {
      const Op& op = (*step.ops)[i];
      if (skipped_on(op, dialect_)) continue;
      Result<std::vector<Statement>> statements = dialect_.compile(op, *before);
      if (!statements) return step_error(std::move(statements).error(), step, i);
      for (const Statement& statement : *statements) {
        if (Status s = execute(statement, in_tx); !s) {
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
    if (Status s = version_table_.move(conn_, step.from, step.to); !s) return s;
    return dialect_.verify(conn_);
  }

 private:
  Status execute(const Statement& statement, bool in_tx) {
    if (in_tx && !statement.transactional) {
      // The database refuses this statement inside a transaction block.
      if (Status s = conn_.commit(); !s) return s;
      Status run = conn_.execute(statement.sql);
      if (Status s = conn_.begin(); !s) return s;
      return run;
    }
    return conn_.execute(statement.sql);
  }

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

    if (!step.rev->transactional) {
      out << progress_line(step) << "\n";
      if (Status s = runner.run(step); !s) return s;
      at = step.to;
      continue;
    }
    Transaction tx(conn);
    if (Status s = tx.begin(); !s) return s;
    // Another process may have moved the database since we planned.
    Result<std::string> now = read_known(conn, vt, graph);
    if (!now) return std::move(now).error();
    if (*now != at) {
      at = *now;
      continue;  // tx rolls back; plan again from where the database is
    }
    out << progress_line(step) << "\n";
    if (Status s = runner.run(step); !s) return s;
    if (Status s = tx.commit(); !s) return s;
    at = step.to;
  }
  return {};
}

// Offline: writes the script for `steps`, tracking the schema from `before`.
Status write_script(const Dialect& dialect, const VersionTable& vt, const std::vector<Step>& steps,
                    MetaData before, std::ostream& sql_out) {
  std::string script = vt.create_sql() + ";\n";
  for (const Step& step : steps) {
    script += "\n-- " + progress_line(step) + "\n";
    const bool in_tx = step.rev->transactional;
    if (in_tx) script += dialect.begin_sql() + ";\n";
    for (std::size_t i = 0; i < step.ops->size(); ++i) {
      const Op& op = (*step.ops)[i];
      Result<std::vector<Statement>> statements = compile_ops(dialect, std::vector<Op>{op}, before);
      if (!statements) return step_error(std::move(statements).error(), step, i);
      for (const Statement& s : *statements) {
        if (in_tx && !s.transactional) {
          script += dialect.commit_sql() + ";\n" + to_script({s}) + dialect.begin_sql() + ";\n";
        } else {
          script += to_script({s});
        }
      }
    }
    script += vt.move_sql(step.from, step.to) + ";\n";
    if (in_tx) script += dialect.commit_sql() + ";\n";
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
