// Test support: a fresh, empty database per test, on either dialect.
//
// SQLite: a new file in a new temporary directory.
// PostgreSQL: a new database created on the server named by the environment
// variable RETORT_TEST_POSTGRES_URL (tools/test.sh starts one and sets it).
// Without that variable, creating a PostgreSQL database fails the test with a
// message saying how to run the suite; it never skips.
#pragma once

#include <filesystem>
#include <string>

namespace retort::testing {

class TestDatabase {
 public:
  // dialect: "sqlite" or "postgresql". Fails the current test (ADD_FAILURE)
  // and leaves url() empty when the database cannot be made.
  explicit TestDatabase(const std::string& dialect);
  ~TestDatabase();  // drops the PostgreSQL database / removes the directory
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& dialect() const { return dialect_; }
  const std::string& url() const { return url_; }
  // A scratch directory for config, models and revision files.
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::string dialect_;
  std::string url_;
  std::string pg_database_;
  std::filesystem::path dir_;
};

// The dialects a parameterised suite runs on: {"sqlite", "postgresql"}.
inline const char* const kAllDialects[] = {"sqlite", "postgresql"};

}  // namespace retort::testing
