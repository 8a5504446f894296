// retort CLI: helpers the command files share (opening the project, printing
// revisions and ops the same way everywhere).
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/internal/command.hpp"
#include "core/ops.hpp"
#include "migrations/project.hpp"

namespace retort::cli {

// Loads the config named by -c (with --url applied) and opens the project;
// compiled-in models (context.models) replace models.toml. Nothing connects yet.
// Without a config (see without_config) the error says which commands run
// without one.
Result<migrations::Project> open_project(const Context& context);

// True when no -c was given and the working directory has no retort.toml.
// Only the commands that need nothing but a database run then (inspect,
// current, diff between two databases), with the URL from --url or
// RETORT_URL and the default version table; docs/commands.md lists them.
bool without_config(const Context& context);

// For those commands: the project of the config when there is one (with its
// revision files when `with_history`), else one built from the defaults,
// without history or models. Nothing connects yet.
Result<migrations::Project> open_database(const Context& context, bool with_history);

// kBadInput for a database-only command run without a config and without a
// URL: there is nothing to read.
Error no_database_url();

// kBadInput for `what` (an option of a database-only command, e.g.
// "current --check-heads") when it needs the project there is none of.
Error needs_project(std::string_view what);

// Prints `error` to stderr and returns its exit code.
int fail(Context& context, const Error& error);

// The lock policy flags of the commands that move a database (upgrade,
// downgrade, stamp, resolve), as typed; docs/deploying.md.
struct LockFlags {
  std::string lock_timeout;         // --lock-timeout DURATION
  std::optional<int> lock_retries;  // --lock-retries N
  std::string statement_timeout;    // --statement-timeout DURATION
  std::string wait_for_lock;        // --wait-for-lock DURATION
};
// Adds --wait-for-lock, and with `statements` the three flags that govern
// the statements a run sends.
void add_lock_flags(CLI::App& sub, LockFlags& flags, bool statements = true);
// Puts `flags` over retort.toml's settings and sends waiting notices to
// stderr. kBadInput naming the flag for a bad duration.
Status apply_lock_flags(Context& context, migrations::Project& project, const LockFlags& flags);
// The same in two halves, for a fleet: the flags read once (kBadInput naming
// the flag for a bad duration), then put on each member's project; the
// notices stay wherever the project sends them.
struct LockOverrides {
  migrations::LockSettings settings;
  std::optional<std::chrono::milliseconds> wait_for_lock;
};
Result<LockOverrides> parse_lock_flags(const LockFlags& flags);
void apply_lock_overrides(migrations::Project& project, const LockOverrides& overrides);

// Project::upgrade or Project::downgrade.
using MoveFn = Status (migrations::Project::*)(std::string_view, bool, std::ostream&);

// Runs `move` to `target` and reports where the database ended up ("Database
// is at X." or "Already at X; nothing to do."); with `sql`, prints the
// offline script instead. Returns the exit code.
// `one_transaction` runs the whole move in one transaction (--one-transaction).
// `setup` sets what only one command has on the project first (upgrade's
// --allow-edited and --check-drift).
int run_move(Context& context, MoveFn move, const std::string& target, bool sql,
             bool one_transaction, const LockFlags& lock_flags,
             const std::function<void(migrations::Project&)>& setup = {});

// `json` as indented text. Bytes that are not UTF-8 (a file name, a
// database's message) become U+FFFD instead of failing the command.
std::string json_text(const nlohmann::json& json);

// A path as the user would type it: relative to the working directory when
// inside it, absolute otherwise.
std::string display_path(const std::filesystem::path& path);

// "<base>" for the empty id, else the id.
std::string revision_label(const std::string& id);
// "<base>" for no rows, else the ids joined with ", ".
std::string rows_label(const std::vector<std::string>& rows);

// The markers after a revision id, Alembic's order:
//   " (x, y)" its branch labels, " (head)", " (branchpoint)", " (mergepoint)"
//   (with tree_markers), " (current)" when `current` holds it.
std::string revision_markers(const migrations::RevisionGraph& graph, const std::string& id,
                             const std::optional<std::vector<std::string>>& current,
                             bool tree_markers = false);

// "c1 (x) (head), d2 (y) (head)" for a database's rows; "<base>" for none.
std::string rows_with_markers(const Output& out, const migrations::RevisionGraph& graph,
                              const std::vector<std::string>& rows);

// One line per revision, Alembic style (history):
//   "a1b2c3d4e5f6 -> 3f2a9c1b7d4e (head), add hero"
//   "d1, d2 -> e (mergepoint), merge"
std::string revision_line(const Output& out, const migrations::RevisionGraph& graph,
                          const migrations::Revision& revision,
                          const std::optional<std::vector<std::string>>& current);

// The multi-line form (history -v, show, current -v, heads -v): id, parent(s),
// branch labels, dependencies, children at a branch point, path, created,
// then the message indented.
void print_revision_details(Output& out, const migrations::RevisionGraph& graph,
                            const migrations::Revision& revision,
                            const std::optional<std::vector<std::string>>& current);

// "  - add column hero.age (integer, nullable)" per op.
void print_ops(Output& out, const std::vector<Op>& ops, std::string_view bullet = "  - ");

// A note (stderr) for each drop and add in `ops` that may be a rename
// (rename_candidates), saying how to keep the data or confirm the drop.
void note_rename_candidates(Output& out, const std::vector<Op>& ops);

// A warning (stderr) for each object or table property the project's
// databases hold that retort cannot represent (Project::unmodelled), so
// nothing is dropped without a word.
void warn_unmodelled(Output& out, const migrations::Project& project);

// The --strict flag of the commands that read a database (inspect, diff,
// check, revision --autogenerate).
void add_strict_flag(CLI::App& sub, bool& strict);

}  // namespace retort::cli
