#include "tests/cli/fleet_support.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace retort::testing {
namespace {

constexpr const char* kRev1 =
    "revision = \"f1ee70000001\"\n"
    "down_revision = \"\"\n"
    "message = \"create hero\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_table\"\n"
    "table = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n\n"
    "[[downgrade]]\n"
    "op = \"drop_table\"\n"
    "table = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

constexpr const char* kRev2 =
    "revision = \"f1ee70000002\"\n"
    "down_revision = \"f1ee70000001\"\n"
    "message = \"add nickname\"\n\n"
    "[[upgrade]]\n"
    "op = \"add_column\"\n"
    "table = \"hero\"\n"
    "column = { name = \"nickname\", type = \"varchar(50)\", nullable = true }\n\n"
    "[[downgrade]]\n"
    "op = \"drop_column\"\n"
    "table = \"hero\"\n"
    "column = \"nickname\"\n";

constexpr const char* kRev3 =
    "revision = \"f1ee70000003\"\n"
    "down_revision = \"f1ee70000002\"\n"
    "message = \"create team\"\n\n"
    "[[upgrade]]\n"
    "op = \"create_table\"\n"
    "table = \"team\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n\n"
    "[[downgrade]]\n"
    "op = \"drop_table\"\n"
    "table = \"team\"\n"
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]\n";

std::string server_url() {
  const char* url = std::getenv("RETORT_TEST_POSTGRES_URL");
  return url != nullptr ? url : "";
}

}  // namespace

nlohmann::json parse_fleet_report(const ProcessResult& r) {
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << r.describe();
  return doc;
}

nlohmann::json fleet_member(const nlohmann::json& report, const std::string& key,
                            const std::string& value) {
  for (const nlohmann::json& m : report["members"]) {
    if (m[key] == value) return m;
  }
  ADD_FAILURE() << "no member with " << key << " " << value << " in\n" << report.dump(2);
  return nlohmann::json::object();
}

int fleet_size() {
  const char* full = std::getenv("RETORT_TEST_FULL");
  return full != nullptr && std::string(full) == "1" ? 50 : 10;
}

FleetProject::FleetProject(const std::string& dialect, int members) : project_("sqlite") {
  project_.write("migrations/versions/f1ee70000001_create_hero.toml", kRev1);
  project_.write("migrations/versions/f1ee70000002_add_nickname.toml", kRev2);
  project_.write("migrations/versions/f1ee70000003_create_team.toml", kRev3);
  for (int i = 0; i < members; ++i) members_.push_back(std::make_unique<CliProject>(dialect));
}

std::vector<std::string> FleetProject::member_urls() const {
  std::vector<std::string> urls;
  for (const auto& m : members_) urls.push_back(m->url());
  return urls;
}

void FleetProject::append_config(const std::string& text) {
  std::ofstream out(project_.dir() / "retort.toml", std::ios::app);
  out << text;
}

void FleetProject::add_fleet(const std::string& name, const std::vector<std::string>& urls) {
  std::vector<std::string> quoted;
  for (const std::string& url : urls) quoted.push_back(fmt::format("\"{}\"", url));
  append_config(
      fmt::format("\n[fleet.{}]\nurls = [\n  {},\n]\n", name, fmt::join(quoted, ",\n  ")));
}

ProcessResult FleetProject::retort(const std::vector<std::string>& args) const {
  return project_.retort(args);
}

std::string FleetProject::bad_scheme_url() {
  return fmt::format("mysql://app:{}@db.example/tenant", kSecret);
}

std::string FleetProject::missing_database_url() {
  // postgresql://USER@/postgres?host=... -> postgresql://USER:SECRET@/missing?host=...
  const std::string url = server_url();
  const auto start = url.find("://");
  if (start == std::string::npos) {
    ADD_FAILURE() << "RETORT_TEST_POSTGRES_URL is not set (tools/test.sh sets it)";
    return {};
  }
  const auto path = url.find_first_of("/?", start + 3);
  std::string authority =
      url.substr(start + 3, path == std::string::npos ? url.npos : path - start - 3);
  const auto at = authority.find('@');
  std::string user = at == std::string::npos ? "postgres" : authority.substr(0, at);
  user = user.substr(0, user.find(':'));
  const std::string host = at == std::string::npos ? authority : authority.substr(at + 1);
  const auto query = url.find('?');
  return fmt::format("postgresql://{}:{}@{}/retort_fleet_no_such_database{}", user, kSecret, host,
                     query == std::string::npos ? "" : url.substr(query));
}

void FleetProject::expect_at_head_once(const CliProject& member) {
  EXPECT_EQ(member.versions(), std::vector<std::string>{kFleetRev3}) << member.url();
  std::vector<std::string> applied;
  for (const CliProject::HistoryRow& row : member.history()) {
    EXPECT_EQ(row.direction, "upgrade") << member.url();
    EXPECT_EQ(row.result, "applied") << member.url();
    applied.push_back(row.revision);
  }
  EXPECT_EQ(applied, (std::vector<std::string>{kFleetRev1, kFleetRev2, kFleetRev3}))
      << member.url();
}

}  // namespace retort::testing
