// Shared helpers for the PostgreSQL dialect tests: a fresh database per test
// and a connection to it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/comparator.hpp"
#include "core/dialect.hpp"
#include "dialects/registry.hpp"
#include "tests/support/test_database.hpp"

namespace retort::testing {

// Builders for declared schemas.
inline Column col(std::string name, std::string_view type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = *parse_type(type);
  c.nullable = nullable;
  return c;
}
inline Column pk(std::string name, std::string_view type = "integer") {
  Column c = col(std::move(name), type);
  c.primary_key = true;
  return c;
}
inline Column with_default(Column c, Literal value) {
  c.default_.value = std::move(value);
  return c;
}
inline Column with_default_sql(Column c, std::string sql) {
  c.default_.sql = std::move(sql);
  return c;
}
inline Column enum_col(std::string name, std::string enum_name, std::vector<std::string> values,
                       bool nullable = false) {
  Column c = col(std::move(name), "enum", nullable);
  c.type.enum_name = std::move(enum_name);
  c.type.enum_values = std::move(values);
  return c;
}
inline Table table(std::string name, std::vector<Column> columns, std::string schema = {}) {
  Table t;
  t.schema = std::move(schema);
  t.name = std::move(name);
  t.columns = std::move(columns);
  t.finish();
  return t;
}

inline IndexKey key(std::string column, SortOrder order = SortOrder::kAsc) {
  IndexKey k;
  k.column = std::move(column);
  k.order = order;
  return k;
}
inline IndexKey expr(std::string sql) {
  IndexKey k;
  k.expression = std::move(sql);
  return k;
}
inline Index index(std::string name, std::vector<IndexKey> keys, bool unique = false,
                   std::string where = {}) {
  Index i;
  i.name = std::move(name);
  i.keys = std::move(keys);
  i.unique = unique;
  i.where = std::move(where);
  return i;
}
inline AlterColumn alter(std::string table, std::string column) {
  AlterColumn op;
  op.table = std::move(table);
  op.column = std::move(column);
  return op;
}

// "no ops" or the ops, one per line, for assertion messages.
inline std::string describe_all(const std::vector<Op>& ops) {
  std::string out;
  for (const auto& op : ops) out += "  " + describe(op) + "\n";
  return out.empty() ? "no ops" : out;
}

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>("postgresql");
    ASSERT_FALSE(db_->url().empty()) << "no PostgreSQL test database";
    auto conn = postgresql_dialect().connect(db_->url());
    ASSERT_TRUE(conn.ok()) << conn.error().describe();
    conn_ = std::move(*conn);
  }
  void TearDown() override {
    conn_.reset();
    db_.reset();
  }

  const Dialect& dialect() const { return postgresql_dialect(); }
  Connection& conn() { return *conn_; }

  // Runs SQL that must succeed.
  void sql(const std::string& text) {
    Status s = conn_->execute(text);
    ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << text;
  }

  // The live schema; fails the test on error.
  MetaData inspect(const InspectOptions& options = {}) {
    Result<MetaData> md = dialect().inspect(*conn_, options);
    EXPECT_TRUE(md.ok()) << (md.ok() ? "" : md.error().describe());
    return md.ok() ? *md : MetaData{};
  }

  // Compiles and runs `op` against the live database, given its schema now.
  void run_op(const Op& op, const MetaData& before) {
    auto stmts = dialect().compile(op, before);
    ASSERT_TRUE(stmts.ok()) << stmts.error().describe();
    for (const auto& st : *stmts) ASSERT_NO_FATAL_FAILURE(sql(st.sql));
  }

  // Creates `schema` (enums, then tables in order) through the compiler.
  void create(const MetaData& schema) {
    MetaData now;
    for (const auto& e : schema.enums) {
      Op op = CreateEnum{e};
      ASSERT_NO_FATAL_FAILURE(run_op(op, now));
      ASSERT_TRUE(apply(now, op).ok());
    }
    for (const auto& t : schema.tables) {
      Op op = CreateTable{t};
      ASSERT_NO_FATAL_FAILURE(run_op(op, now));
      ASSERT_TRUE(apply(now, op).ok());
    }
  }

  // The live schema agrees with the declared one: equal after normalising,
  // and the comparator finds nothing to do.
  void expect_matches(const MetaData& declared, const InspectOptions& options = {}) {
    MetaData want = dialect().normalize(declared);
    MetaData got = inspect(options);
    EXPECT_EQ(describe_all(compare(got, want)), "no ops");
    EXPECT_TRUE(got == want) << "reflected and declared schemas differ";
    // Normalising is idempotent: a reflected schema is already canonical.
    EXPECT_TRUE(dialect().normalize(got) == got) << "normalize() changed a reflected schema";
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Connection> conn_;
};

}  // namespace retort::testing
