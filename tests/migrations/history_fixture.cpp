#include "tests/migrations/history_fixture.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

namespace retort::testing {

Type make_type(TypeKind kind, int length) {
  Type t;
  t.kind = kind;
  t.length = length;
  return t;
}

Column make_column(std::string name, Type type, bool nullable, bool primary_key) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  c.primary_key = primary_key;
  return c;
}

Table make_table(std::string name, std::vector<Column> columns) {
  Table t;
  t.name = std::move(name);
  t.columns = std::move(columns);
  // As models.toml would name it (the naming convention's default).
  if (!t.primary_key().empty()) t.primary_key_name = "pk_" + t.name;
  t.finish();
  return t;
}

migrations::Revision make_revision(std::string id, std::string down, std::string message,
                                   std::vector<Op> upgrade, bool audited) {
  migrations::Revision rev;
  rev.id = std::move(id);
  if (!down.empty()) rev.down_revisions.push_back(std::move(down));
  rev.message = std::move(message);
  rev.path = rev.id + ".toml";
  std::vector<Op> structural;
  for (const Op& op : upgrade) {
    if (!std::holds_alternative<Execute>(op)) structural.push_back(op);
  }
  if (audited) {
    upgrade.push_back(Execute{fmt::format("INSERT INTO audit (rev) VALUES ('{}')", rev.id), ""});
  }
  rev.upgrade = std::move(upgrade);
  Result<std::vector<Op>> inverse = inverse_all(structural);
  EXPECT_TRUE(inverse.ok()) << (inverse ? "" : inverse.error().describe());
  if (audited) {
    rev.downgrade.push_back(Execute{fmt::format("DELETE FROM audit WHERE rev = '{}'", rev.id), ""});
  }
  if (inverse) {
    for (Op& op : *inverse) rev.downgrade.push_back(std::move(op));
  }
  return rev;
}

std::vector<migrations::Revision> sample_history() {
  const Type integer = make_type(TypeKind::kInteger);
  const Type name = make_type(TypeKind::kVarchar, 100);
  const Type text = make_type(TypeKind::kText);

  Table audit = make_table("audit", {make_column("id", integer, false, true),
                                     make_column("rev", make_type(TypeKind::kVarchar, 32))});
  Table team =
      make_table("team", {make_column("id", integer, false, true), make_column("name", name)});
  Index ix;
  ix.name = "ix_team_name";
  IndexKey key;
  key.column = "name";
  ix.keys = {key};
  Table hero =
      make_table("hero", {make_column("id", integer, false, true), make_column("name", name),
                          make_column("team_id", integer, true)});
  ForeignKey fk;
  fk.name = "fk_hero_team_id_team";
  fk.columns = {"team_id"};
  fk.ref_table = "team";
  fk.ref_columns = {"id"};
  hero.foreign_keys.push_back(fk);

  std::vector<migrations::Revision> out;
  out.push_back(
      make_revision(kRev1, "", "create audit and team", {CreateTable{audit}, CreateTable{team}}));
  out.push_back(make_revision(kRev2, kRev1, "add headquarters",
                              {AddColumn{"", "team", make_column("headquarters", text, true)},
                               CreateIndex{"", "team", ix}}));
  out.push_back(make_revision(kRev3, kRev2, "create hero", {CreateTable{hero}}));
  return out;
}

migrations::RevisionGraph build_graph(std::vector<migrations::Revision> revisions) {
  Result<migrations::RevisionGraph> graph = migrations::RevisionGraph::build(std::move(revisions));
  EXPECT_TRUE(graph.ok()) << (graph ? "" : graph.error().describe());
  return graph ? std::move(*graph) : migrations::RevisionGraph();
}

std::vector<std::string> current_rows(const migrations::VersionTable& table, Connection& conn) {
  Result<std::vector<std::string>> cur = table.current(conn);
  EXPECT_TRUE(cur.ok()) << (cur ? "" : cur.error().describe());
  return cur ? *cur : std::vector<std::string>{"<error>"};
}

std::string current_revision(const migrations::VersionTable& table, Connection& conn) {
  return fmt::format("{}", fmt::join(current_rows(table, conn), ","));
}

std::vector<std::string> audit_rows(Connection& conn) {
  Result<Rows> rows = conn.query("SELECT rev FROM audit ORDER BY rev");
  EXPECT_TRUE(rows.ok()) << (rows ? "" : rows.error().describe());
  std::vector<std::string> out;
  if (rows) {
    for (const Row& r : rows->rows) out.push_back(r.at(0).value_or("NULL"));
  }
  return out;
}

}  // namespace retort::testing
