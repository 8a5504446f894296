#include "tests/cli/lock_test_support.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "dialects/registry.hpp"

namespace retort::testing {

std::string create_hero_revision() {
  return std::string("revision = \"") + kCreateHero +
         "\"\n"
         "down_revision = \"\"\n"
         "message = \"create hero and audit\"\n\n"
         "[[upgrade]]\n"
         "op = \"create_table\"\n"
         "table = \"hero\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(100)\", nullable = true },\n"
         "]\n\n"
         "[[upgrade]]\n"
         "op = \"create_table\"\n"
         "table = \"audit\"\n"
         "columns = [ { name = \"note\", type = \"varchar(40)\" } ]\n\n"
         "[[downgrade]]\n"
         "op = \"drop_table\"\n"
         "table = \"audit\"\n"
         "columns = [ { name = \"note\", type = \"varchar(40)\" } ]\n\n"
         "[[downgrade]]\n"
         "op = \"drop_table\"\n"
         "table = \"hero\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"name\", type = \"varchar(100)\", nullable = true },\n"
         "]\n";
}

std::string alter_hero_revision(const std::string& id, const std::string& parent,
                                const std::string& header) {
  return "revision = \"" + id + "\"\ndown_revision = \"" + parent +
         "\"\nmessage = \"add nickname\"\n" + header +
         "\n[[upgrade]]\n"
         "op = \"add_column\"\n"
         "table = \"hero\"\n"
         "column = { name = \"nickname\", type = \"varchar(50)\", nullable = true }\n\n"
         "[[downgrade]]\n"
         "op = \"drop_column\"\n"
         "table = \"hero\"\n"
         "column = \"nickname\"\n";
}

std::string revision_path(const std::string& id) {
  return "migrations/versions/" + id + (id == kCreateHero ? "_create_hero.toml" : "_step.toml");
}

void write_history(const CliProject& p, const std::string& header) {
  p.write(revision_path(kCreateHero), create_hero_revision());
  p.write(revision_path(kAlterHero), alter_hero_revision(kAlterHero, kCreateHero, header));
}

void upgrade_to_revision_one(const CliProject& p) {
  write_history(p);
  ProcessResult first = p.retort({"upgrade", kCreateHero});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  ASSERT_EQ(p.version(), kCreateHero);
}

bool hero_has_nickname(const CliProject& p) {
  const MetaData schema = p.schema();
  const Table* hero = schema.find_table("", "hero");
  return hero != nullptr && hero->find_column("nickname") != nullptr;
}

std::unique_ptr<Connection> connect_as_test(const CliProject& p) {
  std::string url = p.url();
  if (p.dialect() == "postgresql") {
    url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("application_name=") +
           "retort_test";
  }
  Result<std::unique_ptr<Connection>> conn = retort::connect(url);
  if (!conn) {
    ADD_FAILURE() << "cannot connect to " << url << ": " << conn.error().describe();
    return nullptr;
  }
  return std::move(conn).value();
}

std::unique_ptr<Connection> hold_table_lock(const CliProject& p) {
  std::unique_ptr<Connection> conn = connect_as_test(p);
  if (!conn) return nullptr;
  if (Status s = conn->begin(); !s) {
    ADD_FAILURE() << "BEGIN: " << s.error().describe();
    return nullptr;
  }
  if (p.dialect() == "postgresql") {
    Result<Rows> rows = conn->query("SELECT * FROM hero");
    if (!rows) {
      ADD_FAILURE() << "SELECT * FROM hero: " << rows.error().describe();
      return nullptr;
    }
  }
  return conn;
}

std::string backend_pid(Connection& conn) {
  Result<Rows> rows = conn.query("SELECT pg_backend_pid()");
  if (!rows || rows->rows.empty() || !rows->rows[0][0]) {
    ADD_FAILURE() << "SELECT pg_backend_pid() failed";
    return "?";
  }
  return *rows->rows[0][0];
}

int retort_sessions(const CliProject& p, bool waiting_for_lock) {
  const std::vector<std::vector<std::string>> rows = p.query(
      std::string("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                  "AND application_name = 'retort' AND pid <> pg_backend_pid()") +
      (waiting_for_lock ? " AND wait_event_type = 'Lock'" : ""));
  if (rows.size() != 1 || rows[0].size() != 1) return -1;
  return std::stoi(rows[0][0]);
}

bool eventually(const std::function<bool()>& condition) {
  const auto give_up = std::chrono::steady_clock::now() + kLiveness;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a poll interval
  }
}

std::vector<std::string> all_tables(const CliProject& p) {
  const std::string sql =
      p.dialect() == "sqlite"
          ? "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"
          : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename";
  std::vector<std::string> names;
  for (const std::vector<std::string>& row : p.query(sql)) names.push_back(row.at(0));
  return names;
}

ScopedProcess::~ScopedProcess() {
  if (started_.pid > 0) (void)kill();
}

ProcessResult ScopedProcess::finish() {
  if (!eventually([&] { return !is_running(started_); })) {
    ProcessResult killed = kill();
    ADD_FAILURE() << "retort was still running after " << kLiveness.count() << "s; killed it:\n"
                  << killed.describe();
    return killed;
  }
  return wait_process(started_);
}

ProcessResult ScopedProcess::kill() {
  if (started_.pid > 0) ::kill(started_.pid, SIGKILL);
  return wait_process(started_);
}

}  // namespace retort::testing
