#include "tests/support/test_database.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <system_error>

#include "dialects/registry.hpp"

namespace retort::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPostgresUrlVar = "RETORT_TEST_POSTGRES_URL";

std::atomic<int> counter{0};

// A new, empty directory under the system temp dir.
fs::path make_scratch_dir() {
  std::random_device rd;
  std::error_code ec;
  for (int attempt = 0; attempt < 100; ++attempt) {
    fs::path p = fs::temp_directory_path() /
                 fmt::format("retort-test-{}-{}-{:08x}", ::getpid(), counter++, rd());
    if (fs::create_directory(p, ec)) return p;
  }
  ADD_FAILURE() << "cannot create a temporary directory under " << fs::temp_directory_path();
  return {};
}

// The URL with its database (the path after the authority) replaced by
// `database`; query parameters are kept.
std::string with_database(const std::string& url, const std::string& database) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  const auto path_start = url.find_first_of("/?", scheme + 3);
  if (path_start == std::string::npos) return url + "/" + database;
  const auto query = url.find('?', path_start);
  const std::string tail = query == std::string::npos ? std::string() : url.substr(query);
  return url.substr(0, path_start) + "/" + database + tail;
}

// Runs one statement on the server's maintenance database.
bool run_admin(const std::string& url, const std::string& sql, std::string* error) {
  auto conn = postgresql_dialect().connect(url);
  if (!conn) {
    *error = conn.error().describe();
    return false;
  }
  Status s = (*conn)->execute(sql);
  if (!s) {
    *error = s.error().describe();
    return false;
  }
  return true;
}

}  // namespace

TestDatabase::TestDatabase(const std::string& dialect) : dialect_(dialect) {
  dir_ = make_scratch_dir();
  if (dialect == "sqlite") {
    if (!dir_.empty()) url_ = "sqlite:///" + (dir_ / "test.db").string();
    return;
  }
  if (dialect != "postgresql") {
    ADD_FAILURE() << "unknown test dialect \"" << dialect << "\"";
    return;
  }
  const char* server = std::getenv(kPostgresUrlVar);
  if (server == nullptr || *server == '\0') {
    ADD_FAILURE() << "PostgreSQL tests need a server: run tools/test.sh (it starts a throwaway "
                     "PostgreSQL 15 and sets "
                  << kPostgresUrlVar << "), or set " << kPostgresUrlVar
                  << " to a libpq URL such as postgresql://postgres@/postgres?host=/tmp/pg";
    return;
  }
  const std::string base(server);
  const std::string name = fmt::format("retort_test_{}_{}", ::getpid(), counter++);
  std::string error;
  // A leftover from an earlier run with the same pid is dropped first.
  if (!run_admin(base, fmt::format("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", name), &error) ||
      !run_admin(base, fmt::format("CREATE DATABASE \"{}\"", name), &error)) {
    ADD_FAILURE() << "cannot create test database " << name << ": " << error;
    return;
  }
  pg_database_ = name;
  url_ = with_database(base, name);
}

TestDatabase::~TestDatabase() {
  if (!pg_database_.empty()) {
    const char* server = std::getenv(kPostgresUrlVar);
    std::string error;
    if (server != nullptr &&
        !run_admin(server, fmt::format("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", pg_database_),
                   &error)) {
      ADD_FAILURE() << "cannot drop test database " << pg_database_ << ": " << error;
    }
  }
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

}  // namespace retort::testing
