#include "migrations/config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/internal/user_file.hpp"
#include "migrations/internal/fleet_toml.hpp"
#include "migrations/internal/lock_settings_toml.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kKeys[] = {"script_location",
                                      "url",
                                      "models",
                                      "version_table",
                                      "include",
                                      "exclude",
                                      "transaction_per_revision",
                                      "drift_check",
                                      "lock_timeout",
                                      "lock_retries",
                                      "statement_timeout",
                                      "migration_lock_timeout",
                                      "history_table"};

// A table name key: 1 to 63 characters (PostgreSQL's limit).
Status check_table_name(std::string_view key, const std::string& value, const std::string& file,
                        int line) {
  if (value.empty() || value.size() > 63) {
    return Error::bad_input(fmt::format("{} must be 1 to 63 characters", key)).at(file, line);
  }
  return {};
}

// `include`/`exclude`: arrays of pattern strings (core/object_filter.hpp).
Result<std::vector<std::string>> patterns(const toml::node& node, std::string_view key,
                                          const std::string& file, int line) {
  std::vector<std::string> out;
  const toml::array* array = node.as_array();
  if (array != nullptr) {
    for (const toml::node& item : *array) {
      const auto* str = item.as_string();
      if (str == nullptr) {
        array = nullptr;
        break;
      }
      out.push_back(str->get());
    }
  }
  if (array == nullptr) {
    return Error::bad_input(fmt::format("\"{}\" must be an array of strings", key),
                            fmt::format("e.g. {} = [\"view:*\", \"audit.*\", \"tmp_*\"]", key))
        .at(file, line);
  }
  return out;
}

fs::path resolve_path(const fs::path& root, const std::string& value) {
  fs::path p(value);
  return (p.is_absolute() ? p : root / p).lexically_normal();
}

}  // namespace

Result<std::string> expand_env(std::string_view value, const std::string& file, int line) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '$' && i + 1 < value.size() && value[i + 1] == '{') {
      std::size_t close = value.find('}', i + 2);
      if (close == std::string_view::npos) {
        return Error::bad_input(fmt::format("unterminated ${{ in \"{}\"", value),
                                "write ${NAME} with a closing brace")
            .at(file, line);
      }
      std::string name(value.substr(i + 2, close - i - 2));
      const char* env = std::getenv(name.c_str());
      if (env == nullptr) {
        return Error::bad_input(fmt::format("environment variable {} is not set", name),
                                fmt::format("set {} or remove ${{{}}} from the config", name, name))
            .at(file, line);
      }
      out += env;
      i = close;
    } else {
      out += value[i];
    }
  }
  return out;
}

Result<Config> parse_config(std::string_view text, const fs::path& path,
                            const std::optional<std::string>& url_override) {
  const std::string file = path.string();
  toml::table doc;
  try {
    doc = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return Error::bad_input(fmt::format("malformed TOML: {}", e.description()),
                            "fix the syntax of the config file")
        .at(file, static_cast<int>(e.source().begin.line));
  }

  Config config;
  std::error_code cwd_error;  // absolute() fails only without a current directory
  config.file = fs::absolute(path, cwd_error).lexically_normal();
  if (cwd_error) {
    return Error::bad_input(fmt::format("cannot resolve {}: {}", file, cwd_error.message()),
                            "run retort from an existing directory")
        .at(file);
  }
  config.root = config.file.parent_path();
  std::string script_location = "migrations";
  std::string models = "models.toml";
  std::string url;
  std::vector<std::string> include, exclude;

  for (const auto& [key, node] : doc) {
    if (key.str() == "fleet") {
      Result<std::map<std::string, FleetConfig>> fleets = read_fleets(node, file);
      if (!fleets) return std::move(fleets).error();
      config.fleets = std::move(*fleets);
      continue;
    }
    if (key.str() != "retort") {
      return Error::bad_input(fmt::format("unknown key \"{}\"", key.str()),
                              "retort.toml holds a [retort] table and [fleet.NAME] tables")
          .at(file, static_cast<int>(key.source().begin.line));
    }
  }
  const toml::table* section = doc["retort"].as_table();
  if (doc.contains("retort") && section == nullptr) {
    return Error::bad_input("\"retort\" must be a table", "write it as [retort]").at(file, 1);
  }
  if (section != nullptr) {
    for (const auto& [key, node] : *section) {
      const int line = static_cast<int>(node.source().begin.line);
      bool known = false;
      for (std::string_view k : kKeys) known = known || key.str() == k;
      if (!known) {
        return Error::bad_input(
                   fmt::format("unknown key \"{}\" in [retort]", key.str()),
                   "known keys: script_location, url, models, version_table, "
                   "history_table, include, exclude, transaction_per_revision, drift_check, "
                   "lock_timeout, lock_retries, statement_timeout, "
                   "migration_lock_timeout")
            .at(file, line);
      }
      if (is_lock_setting(key.str())) {
        if (Status s = read_lock_setting(key.str(), node, file, config.lock); !s) return s.error();
        continue;
      }
      if (key.str() == "migration_lock_timeout") {
        Result<std::chrono::milliseconds> d = read_duration(key.str(), node, file);
        if (!d) return std::move(d).error();
        config.migration_lock_timeout = *d;
        continue;
      }
      if (key.str() == "include" || key.str() == "exclude") {
        Result<std::vector<std::string>> list = patterns(node, key.str(), file, line);
        if (!list) return std::move(list).error();
        (key.str() == "include" ? include : exclude) = std::move(*list);
        Result<ObjectFilter> filter = ObjectFilter::make(include, exclude);
        if (!filter) return std::move(filter).error().at(file, line);
        config.filter = std::move(*filter);
        continue;
      }
      if (key.str() == "transaction_per_revision" || key.str() == "drift_check") {
        const auto* flag = node.as_boolean();
        if (flag == nullptr) {
          return Error::bad_input(fmt::format("\"{}\" must be true or false", key.str()),
                                  fmt::format("write {} = {}", key.str(),
                                              key.str() == "drift_check" ? "true" : "false"))
              .at(file, line);
        }
        (key.str() == "drift_check" ? config.drift_check : config.transaction_per_revision) =
            flag->get();
        continue;
      }
      const auto* str = node.as_string();
      if (str == nullptr) {
        return Error::bad_input(fmt::format("\"{}\" must be a string", key.str()),
                                fmt::format("write {} = \"...\"", key.str()))
            .at(file, line);
      }
      Result<std::string> value = expand_env(str->get(), file, line);
      if (!value) return std::move(value).error();
      if (key.str() == "script_location") script_location = *value;
      if (key.str() == "url") url = *value;
      if (key.str() == "models") models = *value;
      if (key.str() == "version_table" || key.str() == "history_table") {
        if (Status s = check_table_name(key.str(), *value, file, line); !s) return s.error();
        (key.str() == "version_table" ? config.version_table : config.history_table) = *value;
      }
    }
  }

  config.script_location = resolve_path(config.root, script_location);
  config.models = resolve_path(config.root, models);
  if (url_override) {
    config.url = *url_override;
  } else if (const char* env = std::getenv("RETORT_URL"); env != nullptr && *env != '\0') {
    config.url = env;
  } else {
    config.url = url;
  }
  return config;
}

std::string Config::history_table_name() const {
  if (!history_table.empty()) return history_table;
  constexpr std::string_view kSuffix = "_version";
  std::string_view base = version_table;
  if (base.size() > kSuffix.size() && base.ends_with(kSuffix)) {
    base.remove_suffix(kSuffix.size());
  }
  // Cut so the name stays within 63 bytes.
  return std::string(base.substr(0, 63 - 8)) + "_history";
}

Result<Config> load_config(const fs::path& path, const std::optional<std::string>& url_override) {
  Result<std::string> text =
      read_user_file(path, "config file", "run `retort init` to create one, or pass -c PATH");
  if (!text) return std::move(text).error();
  return parse_config(*text, path, url_override);
}

Config config_without_file(const fs::path& dir, const std::optional<std::string>& url_override) {
  // An empty document holds only defaults, so it cannot fail.
  Result<Config> config = parse_config("", dir / "retort.toml", url_override);
  config->file.clear();
  return std::move(config).value();
}

std::string default_config_text() {
  return R"toml(# retort configuration. Paths are relative to this file.
[retort]
script_location = "migrations"        # holds versions/
url = "sqlite:///app.db"              # --url and RETORT_URL override; ${VAR} expands
models = "models.toml"                # the declared metadata
version_table = "retort_version"
# lock_timeout = "5s"                 # how long DDL waits for a table lock; see docs/deploying.md
# lock_retries = 3                    # retries of a revision that timed out on a lock
# migration_lock_timeout = "10min"    # how long to wait for another retort's migration lock
# drift_check = true                  # upgrade compares the database with history first
# include = ["public.*"]              # what retort manages (default: everything)
# exclude = ["view:*", "audit_*"]     # [kind:]glob; see docs/filters.md
)toml";
}

std::string example_models_text() {
  return R"toml(# Declared metadata: edit it, then `retort revision --autogenerate -m "..."`.

[[table]]
name = "team"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(100)", unique = true },
  { name = "headquarters", type = "text", nullable = true },
]

[[table]]
name = "hero"
comment = "People with powers"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(100)", index = true },
  { name = "secret_name", type = "text" },
  { name = "age", type = "integer", nullable = true },
  { name = "power_level", type = "integer", nullable = true, default = 1 },
  { name = "created_at", type = "timestamp", default_sql = "CURRENT_TIMESTAMP" },
  { name = "team_id", type = "integer", nullable = true, foreign_key = "team.id", on_delete = "set null" },
]
indexes = [ { name = "ix_hero_team_age", columns = ["team_id", "age"] } ]
unique  = [ { name = "uq_hero_secret", columns = ["secret_name", "name"] } ]
checks  = [ { name = "ck_hero_age", sql = "age >= 0" } ]
)toml";
}

Status init_project(const fs::path& dir) {
  const fs::path config_file = dir / "retort.toml";
  const fs::path models_file = dir / "models.toml";
  for (const fs::path& p : {config_file, models_file}) {
    // Anything at the path counts, a dangling or looping symbolic link too.
    std::error_code status_error;
    const fs::file_type type = fs::symlink_status(p, status_error).type();
    if (type != fs::file_type::not_found && type != fs::file_type::none) {
      return Error::bad_input(
                 fmt::format("{} already exists", p.string()),
                 "init writes a new project; remove the file or pick another directory")
          .at(p.string());
    }
  }
  std::error_code ec;
  fs::create_directories(dir / "migrations" / "versions", ec);
  if (ec) {
    return Error::bad_input(fmt::format("cannot create {}: {}",
                                        (dir / "migrations" / "versions").string(), ec.message()));
  }
  for (const auto& [p, text] : {std::pair{config_file, default_config_text()},
                                std::pair{models_file, example_models_text()}}) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) return Error::bad_input(fmt::format("cannot write {}", p.string())).at(p.string());
  }
  return {};
}

}  // namespace retort::migrations
