// Test support for the end-to-end CLI tests: a project folder (retort.toml,
// models.toml, migrations/versions/) on a fresh database of either dialect,
// the retort binary run in it, and direct access to the database through
// retort's own Connection to check what the commands did.
//
// The database URL reaches the binary through RETORT_URL, so one retort.toml
// serves both dialects.
//
// Example:
//   CliProject p("sqlite");
//   p.write_models(kModels);
//   EXPECT_EQ(p.retort({"upgrade", "head"}).exit_code, 0);
//   EXPECT_EQ(p.version(), rev);
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/connection.hpp"
#include "core/schema.hpp"
#include "tests/cli/process.hpp"
#include "tests/support/test_database.hpp"

namespace retort::testing {

class CliProject {
 public:
  // with_config: write retort.toml and migrations/versions/ (false for tests
  // that run `retort init` themselves).
  explicit CliProject(const std::string& dialect, bool with_config = true);

  const std::string& dialect() const { return database_.dialect(); }
  const std::string& url() const { return database_.url(); }
  const std::filesystem::path& dir() const { return database_.dir(); }
  std::filesystem::path versions_dir() const { return dir() / "migrations" / "versions"; }

  // Runs retort in dir() with RETORT_URL set to url() and NO_COLOR=1.
  ProcessResult retort(const std::vector<std::string>& args,
                       const std::map<std::string, std::optional<std::string>>& env = {}) const;

  // Feeds `script` to the database's own shell (sqlite3 -bail, psql -X with
  // ON_ERROR_STOP), as a DBA would run an offline --sql script.
  ProcessResult run_in_shell(const std::string& script) const;

  // The same, started without waiting: wait_process() collects it.
  StartedProcess start(const std::vector<std::string>& args) const;

  void write(const std::filesystem::path& relative, const std::string& text) const;
  std::string read(const std::filesystem::path& relative) const;
  void write_models(const std::string& text) const { write("models.toml", text); }

  // Revision files in migrations/versions, sorted by name.
  std::vector<std::filesystem::path> revision_files() const;
  // The single revision file whose name contains `slug`; fails the test otherwise.
  std::filesystem::path revision_file(const std::string& slug) const;

  // Autogenerates and upgrades; fails the test (with the output) when either
  // does not exit 0. Returns the new revision id ("" on failure).
  std::string migrate(const std::string& message) const;

  // Direct database access (a new connection per call, closed afterwards, so
  // the binary never waits on the test's locks).
  void execute(const std::string& sql) const;
  std::vector<std::vector<std::string>> query(const std::string& sql) const;  // NULL -> "NULL"
  // The live schema without the version table; all_schemas: every user
  // schema (PostgreSQL), not only the default one.
  MetaData schema(bool all_schemas = false) const;
  // Whether the default schema has table `table` (with column `column`),
  // read from the catalog (sqlite_schema, pragma_table_info; pg_tables,
  // information_schema), not through retort's inspector.
  bool has_table(const std::string& table) const;
  bool has_column(const std::string& table, const std::string& column) const;
  // The version table's revision; "" for no row or no table. Fails the test
  // when there are several rows (use versions()).
  std::string version() const;
  // Every row of the version table, sorted; empty for no row or no table.
  std::vector<std::string> versions() const;

  // One row of the history table (retort_history), read with plain SQL rather
  // than retort's own reader, so a test sees what the database holds. NULL
  // reads as "NULL"; numbers as their decimal text.
  struct HistoryRow {
    std::string seq;
    std::string revision;
    std::string direction;
    std::string result;
    std::string ops_done;
    std::string ops_total;
    std::string error;
    std::string started_at;
    std::string finished_at;
    std::string duration_ms;
    std::string retort_version;
    std::string user_name;
    std::string host_name;
  };
  // Every row of the history table, by seq; fails the test when it is absent.
  std::vector<HistoryRow> history() const;

 private:
  std::unique_ptr<Connection> connect() const;

  TestDatabase database_;
};

// The newest revision id in a `revision` command's stdout:
// "Generating migrations/versions/<id>_<slug>.toml ... done".
std::string generated_revision_id(const std::string& revision_stdout);

// What a child begun with CliProject::start() has written to stderr so far
// (it may still be running).
std::string stderr_so_far(const StartedProcess& child);
// Polls until the child's stderr contains `text` (true), or it exited or
// `bound` passed without that (false). The bound is a liveness limit, not a
// timing assumption.
bool wait_for_stderr(const StartedProcess& child, const std::string& text,
                     std::chrono::seconds bound = std::chrono::seconds(60));

// Readable form of a schema for assertion messages.
std::string schema_text(const MetaData& schema);

// `retort check` exits 0, and `retort diff` exits 0 with `--format json`
// listing no ops, in `p`: the models and the database agree (non-fatal
// expectations).
void expect_no_differences(const CliProject& p);

}  // namespace retort::testing
