#include "tests/dialects/sqlite/sqlite_fixture.hpp"

#include <fmt/format.h>

namespace retort::sqlite_test {

std::string dump(const Table& t) {
  std::string out =
      fmt::format("table {} (pk name '{}', comment '{}')\n", t.name, t.primary_key_name, t.comment);
  for (const Column& c : t.columns) {
    out +=
        fmt::format("  column {} {} [{}] nullable={} pk={} auto={} default='{}' comment='{}'\n",
                    c.name, c.type.to_string(),
                    c.type.enum_name + ":" + fmt::format("{}", fmt::join(c.type.enum_values, "|")),
                    c.nullable, c.primary_key, c.autoincrement, c.default_.to_sql(), c.comment);
  }
  for (const Index& i : t.indexes) {
    out += fmt::format("  index {} unique={} where='{}':", i.name, i.unique, i.where);
    for (const IndexKey& k : i.keys)
      out += fmt::format(" [{}{}{}]", k.column, k.expression,
                         k.order == SortOrder::kDesc ? " desc" : "");
    out += "\n";
  }
  for (const UniqueConstraint& u : t.uniques)
    out += fmt::format("  unique {} ({})\n", u.name, fmt::join(u.columns, ","));
  for (const ForeignKey& f : t.foreign_keys)
    out += fmt::format("  fk {} ({}) -> {}.{} ({}) del='{}' upd='{}' deferrable={}/{}\n", f.name,
                       fmt::join(f.columns, ","), f.ref_schema, f.ref_table,
                       fmt::join(f.ref_columns, ","), f.on_delete, f.on_update, f.deferrable,
                       f.initially_deferred);
  for (const CheckConstraint& c : t.checks) out += fmt::format("  check {} ({})\n", c.name, c.sql);
  return out;
}

std::string dump(const MetaData& md) {
  std::string out;
  for (const Table& t : md.tables) out += dump(t);
  for (const Enum& e : md.enums)
    out += fmt::format("enum {}.{} ({})\n", e.schema, e.name, fmt::join(e.values, ","));
  return out;
}

void SqliteTest::SetUp() {
  ASSERT_FALSE(db_.url().empty());
  auto c = connect(db_.url());
  ASSERT_TRUE(c.ok()) << c.error().describe();
  conn_ = std::move(*c);
}

Status SqliteTest::run(const Op& op, const MetaData& before) {
  auto statements = dialect().compile(op, before);
  if (!statements) return statements.error();
  Transaction tx(*conn_);
  if (Status s = tx.begin(); !s) return s;
  for (const Statement& st : *statements) {
    if (Status s = conn_->execute(st.sql); !s) return s;
  }
  if (Status s = dialect().verify(*conn_); !s) return s;
  return tx.commit();
}

MetaData SqliteTest::build(const std::vector<Op>& ops) {
  MetaData schema;
  for (const Op& op : ops) {
    Status s = run(op, schema);
    EXPECT_TRUE(s.ok()) << describe(op) << ": " << s.error().describe() << "\n"
                        << s.error().statement;
    Status applied = apply(schema, op);
    EXPECT_TRUE(applied.ok()) << applied.error().describe();
  }
  return dialect().normalize(schema);
}

MetaData SqliteTest::inspect(const InspectOptions& options) {
  auto md = dialect().inspect(*conn_, options);
  EXPECT_TRUE(md.ok()) << md.error().describe();
  return md ? *md : MetaData{};
}

void SqliteTest::sql(const std::string& text) {
  Status s = conn_->execute(text);
  ASSERT_TRUE(s.ok()) << s.error().describe() << "\n" << text;
}

std::string SqliteTest::scalar(const std::string& query) {
  auto rows = conn_->query(query);
  EXPECT_TRUE(rows.ok()) << rows.error().describe();
  if (!rows || rows->rows.empty() || rows->rows[0].empty() || !rows->rows[0][0]) return "NULL";
  return *rows->rows[0][0];
}

}  // namespace retort::sqlite_test
