#include "tests/cli/cli_project.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "core/dialect.hpp"
#include "core/models_toml.hpp"
#include "dialects/registry.hpp"

namespace retort::testing {

CliProject::CliProject(const std::string& dialect, bool with_config) : database_(dialect) {
  if (!with_config) return;
  write("retort.toml",
        "[retort]\n"
        "script_location = \"migrations\"\n"
        "models = \"models.toml\"\n"
        "version_table = \"retort_version\"\n");
  std::filesystem::create_directories(versions_dir());
}

ProcessResult CliProject::retort(
    const std::vector<std::string>& args,
    const std::map<std::string, std::optional<std::string>>& env) const {
  std::map<std::string, std::optional<std::string>> all = {{"RETORT_URL", url()},
                                                           {"NO_COLOR", "1"}};
  for (const auto& [name, value] : env) all[name] = value;
  return run_retort(dir(), args, all);
}

ProcessResult CliProject::run_in_shell(const std::string& script) const {
  write("script.sql", script);
  ProcessOptions options;
  options.cwd = dir();
  options.stdin_file = dir() / "script.sql";
  if (dialect() == "sqlite") {
    std::string file = url().substr(std::string("sqlite:///").size());
    return run_process("/usr/bin/sqlite3", {"-bail", file}, options);
  }
  return run_process("/usr/lib/postgresql/15/bin/psql",
                     {"-X", "-q", "-v", "ON_ERROR_STOP=1", url()}, options);
}

StartedProcess CliProject::start(const std::vector<std::string>& args) const {
  return start_retort(dir(), args, {{"RETORT_URL", url()}, {"NO_COLOR", "1"}});
}

void CliProject::write(const std::filesystem::path& relative, const std::string& text) const {
  std::filesystem::path path = dir() / relative;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string CliProject::read(const std::filesystem::path& relative) const {
  std::ifstream in(dir() / relative, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::filesystem::path> CliProject::revision_files() const {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::exists(versions_dir())) return files;
  for (const auto& entry : std::filesystem::directory_iterator(versions_dir())) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::filesystem::path CliProject::revision_file(const std::string& slug) const {
  std::vector<std::filesystem::path> found;
  for (const auto& path : revision_files()) {
    if (path.filename().string().find(slug) != std::string::npos) found.push_back(path);
  }
  EXPECT_EQ(found.size(), 1u) << "revision files named *" << slug << "*";
  return found.empty() ? std::filesystem::path() : found.front();
}

std::string CliProject::migrate(const std::string& message) const {
  ProcessResult made = retort({"revision", "--autogenerate", "-m", message});
  EXPECT_EQ(made.exit_code, 0) << made.describe();
  ProcessResult up = retort({"upgrade", "head"});
  EXPECT_EQ(up.exit_code, 0) << up.describe();
  if (made.exit_code != 0 || up.exit_code != 0) return "";
  return generated_revision_id(made.out);
}

std::unique_ptr<Connection> CliProject::connect() const {
  Result<std::unique_ptr<Connection>> conn = retort::connect(url());
  if (!conn) {
    ADD_FAILURE() << "cannot connect to " << url() << ": " << conn.error().describe();
    return nullptr;
  }
  return std::move(conn).value();
}

void CliProject::execute(const std::string& sql) const {
  std::unique_ptr<Connection> conn = connect();
  if (!conn) return;
  Status s = conn->execute(sql);
  EXPECT_TRUE(s.ok()) << sql << "\n" << (s ? "" : s.error().describe());
}

std::vector<std::vector<std::string>> CliProject::query(const std::string& sql) const {
  std::vector<std::vector<std::string>> out;
  std::unique_ptr<Connection> conn = connect();
  if (!conn) return out;
  Result<Rows> rows = conn->query(sql);
  if (!rows) {
    ADD_FAILURE() << sql << "\n" << rows.error().describe();
    return out;
  }
  for (const Row& row : rows->rows) {
    std::vector<std::string> cells;
    for (const Cell& cell : row) cells.push_back(cell ? *cell : "NULL");
    out.push_back(std::move(cells));
  }
  return out;
}

MetaData CliProject::schema(bool all_schemas) const {
  std::unique_ptr<Connection> conn = connect();
  if (!conn) return {};
  InspectOptions options;
  options.exclude_tables = {"retort_version", "retort_history"};
  options.all_schemas = all_schemas;
  Result<MetaData> schema = conn->dialect().inspect(*conn, options);
  if (!schema) {
    ADD_FAILURE() << "inspect failed: " << schema.error().describe();
    return {};
  }
  return std::move(schema).value();
}

std::vector<std::string> CliProject::versions() const {
  std::unique_ptr<Connection> conn = connect();
  if (!conn) return {};
  InspectOptions options;
  options.only_tables = {"retort_version"};
  Result<MetaData> schema = conn->dialect().inspect(*conn, options);
  if (!schema || schema->tables.empty()) return {};
  Result<Rows> rows = conn->query("SELECT version_num FROM retort_version ORDER BY version_num");
  if (!rows) {
    ADD_FAILURE() << rows.error().describe();
    return {};
  }
  std::vector<std::string> out;
  for (const Row& row : rows->rows) out.push_back(row.front().value_or("NULL"));
  return out;
}

bool CliProject::has_table(const std::string& table) const {
  const std::string sql =
      dialect() == "sqlite"
          ? "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = '" + table + "'"
          : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename "
            "= '" +
                table + "'";
  return !query(sql).empty();
}

bool CliProject::has_column(const std::string& table, const std::string& column) const {
  const std::string sql =
      dialect() == "sqlite"
          ? "SELECT name FROM pragma_table_info('" + table + "') WHERE name = '" + column + "'"
          : "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = '" +
                table + "' AND column_name = '" + column + "'";
  return !query(sql).empty();
}

std::string CliProject::version() const {
  const std::vector<std::string> rows = versions();
  EXPECT_LE(rows.size(), 1u) << "the version table holds more than one row";
  return rows.empty() ? "" : rows.front();
}

std::vector<CliProject::HistoryRow> CliProject::history() const {
  std::vector<HistoryRow> out;
  for (const std::vector<std::string>& r :
       query("SELECT seq, revision, direction, result, ops_done, ops_total, error, started_at, "
             "finished_at, duration_ms, retort_version, user_name, host_name FROM retort_history "
             "ORDER BY seq")) {
    if (r.size() != 13) {
      ADD_FAILURE() << "a history row of " << r.size() << " columns";
      continue;
    }
    out.push_back(HistoryRow{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                             r[11], r[12]});
  }
  return out;
}

std::string generated_revision_id(const std::string& revision_stdout) {
  static const std::regex kGenerated(R"(Generating \S*/([A-Za-z0-9_]+?)_[a-z0-9_]*\.toml)");
  std::smatch m;
  if (!std::regex_search(revision_stdout, m, kGenerated)) {
    ADD_FAILURE() << "no \"Generating ...\" line in:\n" << revision_stdout;
    return "";
  }
  return m[1].str();
}

std::string stderr_so_far(const StartedProcess& child) {
  std::ifstream in(child.capture_dir / "stderr", std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool wait_for_stderr(const StartedProcess& child, const std::string& text,
                     std::chrono::seconds bound) {
  const auto give_up = std::chrono::steady_clock::now() + bound;
  for (;;) {
    // Read after checking whether it runs, so the last words of a child that
    // just exited are seen too.
    const bool running = is_running(child);
    if (stderr_so_far(child).find(text) != std::string::npos) return true;
    if (!running || std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a poll interval
  }
}

std::string schema_text(const MetaData& schema) { return write_models(schema); }

void expect_no_differences(const CliProject& p) {
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  ProcessResult diff = p.retort({"diff", "--format", "json"});
  EXPECT_EQ(diff.exit_code, 0) << diff.describe();
  nlohmann::json ops = nlohmann::json::parse(diff.out, nullptr, false);
  EXPECT_FALSE(ops.is_discarded()) << diff.out;
  EXPECT_EQ(ops, nlohmann::json::parse(R"t({"ops": []})t")) << diff.out;
  ProcessResult text = p.retort({"diff"});
  EXPECT_EQ(text.exit_code, 0) << text.describe();
}

}  // namespace retort::testing
