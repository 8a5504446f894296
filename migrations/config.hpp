// retort: retort.toml, the project configuration.
//
// load_config() reads the [retort] table, expands ${VAR} references from the
// environment, applies the URL precedence (--url > RETORT_URL > file) and
// resolves relative paths against the directory holding retort.toml.
// Errors are kBadInput with the file (and line where there is one): malformed
// TOML, an unset ${VAR}, an unknown key, a bad include/exclude pattern.
// `[fleet.NAME]` tables (docs/fleets.md) are checked for their shape here;
// their ${VAR}s are expanded and their members listed only when a command
// runs on the fleet (migrations/fleet_members.hpp).
//
// Example:
//   Result<Config> cfg = load_config("retort.toml", std::nullopt);
//   if (!cfg) return cfg.error();
//   cfg->versions_dir();   // <root>/migrations/versions
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/object_filter.hpp"
#include "migrations/lock_settings.hpp"

namespace retort::migrations {

// A `[fleet.NAME]` table as written: one of three layouts. Values are kept
// unexpanded (${VAR} is expanded when the fleet is used), with their lines.
struct FleetConfig {
  enum class Layout {
    kUrls,         // urls = ["...", ...]: a database per member
    kUrlsCommand,  // urls_command = "...": /bin/sh prints one URL per line
    kSchemas,      // url + schemas_query: a schema per member, one PostgreSQL database
  };
  std::string name;
  Layout layout = Layout::kUrls;
  int line = 0;  // the [fleet.NAME] header
  struct Value {
    std::string text;
    int line = 0;
  };
  std::vector<Value> urls;  // kUrls, at least one
  Value urls_command;       // kUrlsCommand
  Value url;                // kSchemas
  Value schemas_query;      // kSchemas
  Value shared_schema;      // kSchemas, optional: where enums live (text "" when not given)
};

struct Config {
  std::filesystem::path file;             // the retort.toml that was read (absolute)
  std::filesystem::path root;             // its directory
  std::filesystem::path script_location;  // absolute; holds versions/
  std::filesystem::path models;           // absolute path of models.toml
  // The database URL after precedence and ${VAR} expansion; may be empty
  // (commands that need a database then fail with a hint).
  std::string url;
  std::string version_table = "retort_version";
  // `transaction_per_revision = false` runs a whole upgrade/downgrade in one
  // transaction (as `--one-transaction` does for one command).
  bool transaction_per_revision = true;
  // `drift_check = true`: every upgrade checks the live schema against
  // history first (as `upgrade --check-drift`; docs/deploying.md).
  bool drift_check = false;
  // `include`/`exclude`: the objects retort manages (core/object_filter.hpp),
  // applied by every command that reads the database or the models.
  ObjectFilter filter;
  // `lock_timeout`, `lock_retries`, `statement_timeout`: how long migration
  // statements wait on other sessions (docs/deploying.md).
  LockSettings lock;
  // `migration_lock_timeout`: how long a command waits for retort's own
  // migration lock before giving up (exit 3); 0 gives up at once.
  std::chrono::milliseconds migration_lock_timeout{10 * 60 * 1000};
  // `history_table`; "" for the name history_table_name() derives.
  std::string history_table;
  // `[fleet.NAME]` tables by name (docs/fleets.md).
  std::map<std::string, FleetConfig> fleets;
  // A member of a schema-per-tenant fleet (never read from retort.toml;
  // run_fleet sets them): the schema that holds its tables, version and
  // history tables, and the fleet's schema for enums ("" for none). Empty
  // `schema`: the URL's own default schema, as always.
  std::string schema{};
  std::string shared_schema{};

  std::filesystem::path versions_dir() const { return script_location / "versions"; }
  // The applied-history table: `history_table`, else the version table's
  // name with "_version" replaced by (or else followed by) "_history":
  // retort_version -> retort_history.
  std::string history_table_name() const;
};

// Reads `path`. `url_override` is the --url option; when unset the RETORT_URL
// environment variable, then the file's `url`, are used.
Result<Config> load_config(const std::filesystem::path& path,
                           const std::optional<std::string>& url_override);

// The configuration of a command run with no config file (the commands that
// need only a database: inspect, current, diff between databases): the
// defaults of every key, paths relative to `dir`, the URL from
// `url_override`, else RETORT_URL, else empty. `file` is empty.
Config config_without_file(const std::filesystem::path& dir,
                           const std::optional<std::string>& url_override);

// `value` with each ${VAR} replaced by the environment's value. An unset
// variable or an unterminated ${ is kBadInput at file:line.
Result<std::string> expand_env(std::string_view value, const std::string& file, int line);

// Same, from text already read; `path` names the file in errors and gives the
// root directory.
Result<Config> parse_config(std::string_view text, const std::filesystem::path& path,
                            const std::optional<std::string>& url_override);

// `retort init DIR`: writes DIR/retort.toml, an example DIR/models.toml (team
// and hero) and DIR/migrations/versions/. Creates DIR if missing. Refuses
// (kBadInput naming the file) when retort.toml or models.toml already exists;
// nothing is written then.
Status init_project(const std::filesystem::path& dir);

// The texts init_project writes, for docs and tests.
std::string default_config_text();
std::string example_models_text();

}  // namespace retort::migrations
