// Shared helpers for the SQLite dialect tests: a fresh database file per
// test, schema builders, and a readable dump for failure messages.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/dialect.hpp"
#include "dialects/registry.hpp"
#include "tests/support/test_database.hpp"

namespace retort::sqlite_test {

inline Column col(std::string name, std::string_view type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  Result<Type> t = parse_type(type);
  EXPECT_TRUE(t.ok()) << type;
  if (t) c.type = *t;
  c.nullable = nullable;
  return c;
}

inline Column pk(std::string name, std::string_view type = "integer") {
  Column c = col(std::move(name), type);
  c.primary_key = true;
  return c;
}

inline Column enum_col(std::string name, std::string enum_name, std::vector<std::string> values,
                       bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type.kind = TypeKind::kEnum;
  c.type.enum_name = std::move(enum_name);
  c.type.enum_values = std::move(values);
  c.nullable = nullable;
  return c;
}

inline IndexKey key(std::string column, SortOrder order = SortOrder::kAsc) {
  IndexKey k;
  k.column = std::move(column);
  k.order = order;
  return k;
}

std::string dump(const MetaData& md);
std::string dump(const Table& t);

class SqliteTest : public ::testing::Test {
 protected:
  void SetUp() override;

  const Dialect& dialect() const { return sqlite_dialect(); }
  Connection& conn() { return *conn_; }

  // Compiles and runs `op` against `before` in one transaction, verified.
  Status run(const Op& op, const MetaData& before);
  // Runs every op in turn, starting from an empty schema; returns the
  // schema the ops build (normalised) for later ops.
  MetaData build(const std::vector<Op>& ops);
  MetaData inspect(const InspectOptions& options = {});
  // Executes plain SQL, failing the test on error.
  void sql(const std::string& text);
  // The single value a query returns.
  std::string scalar(const std::string& query);

  testing::TestDatabase db_{"sqlite"};
  std::unique_ptr<Connection> conn_;
};

}  // namespace retort::sqlite_test
