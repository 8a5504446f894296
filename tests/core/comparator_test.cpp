// Tests for core/comparator.cpp: which ops compare() finds, with which
// fields, in which order; and that the ops really turn `from` into `to`
// (applied in memory with apply()) and their inverses turn it back.
#include "core/comparator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace retort {
namespace {

// ---- building schemas -------------------------------------------------------

Column column(std::string name, TypeKind kind = TypeKind::kInteger, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type.kind = kind;
  c.nullable = nullable;
  return c;
}

Column varchar(std::string name, int length, bool nullable = false) {
  Column c = column(std::move(name), TypeKind::kVarchar, nullable);
  c.type.length = length;
  return c;
}

Column id(std::string name = "id") {
  Column c = column(std::move(name));
  c.primary_key = true;
  return c;
}

Column enum_column(std::string name, std::string enum_name, std::vector<std::string> values) {
  Column c = column(std::move(name), TypeKind::kEnum);
  c.type.enum_name = std::move(enum_name);
  c.type.enum_values = std::move(values);
  return c;
}

Table table(std::string name, std::vector<Column> columns, std::string schema = "") {
  Table t;
  t.schema = std::move(schema);
  t.name = std::move(name);
  t.columns = std::move(columns);
  return t;
}

IndexKey key(std::string column_name) {
  IndexKey k;
  k.column = std::move(column_name);
  return k;
}

Index index(std::string name, std::vector<std::string> columns, bool unique = false) {
  Index i;
  i.name = std::move(name);
  for (auto& c : columns) i.keys.push_back(key(std::move(c)));
  i.unique = unique;
  return i;
}

UniqueConstraint unique(std::string name, std::vector<std::string> columns) {
  UniqueConstraint u;
  u.name = std::move(name);
  u.columns = std::move(columns);
  return u;
}

ForeignKey foreign_key(std::string name, std::vector<std::string> columns, std::string ref_table,
                       std::vector<std::string> ref_columns = {"id"}) {
  ForeignKey fk;
  fk.name = std::move(name);
  fk.columns = std::move(columns);
  fk.ref_table = std::move(ref_table);
  fk.ref_columns = std::move(ref_columns);
  return fk;
}

CheckConstraint check(std::string name, std::string sql) {
  CheckConstraint c;
  c.name = std::move(name);
  c.sql = std::move(sql);
  return c;
}

MetaData schema(std::vector<Table> tables, std::vector<Enum> enums = {}) {
  MetaData md;
  md.tables = std::move(tables);
  md.enums = std::move(enums);
  md.finish();
  return md;
}

// hero belongs to team; the starting point of most cases.
Table team() {
  Table t = table("team", {id(), varchar("name", 50), varchar("city", 50, true)});
  t.uniques = {unique("uq_team_name", {"name"})};
  return t;
}

Table hero() {
  Table t = table("hero", {id(), varchar("name", 100), column("age", TypeKind::kInteger, true),
                           column("team_id", TypeKind::kInteger, true)});
  t.indexes = {index("ix_hero_name", {"name"})};
  t.foreign_keys = {foreign_key("fk_hero_team_id_team", {"team_id"}, "team")};
  t.checks = {check("ck_hero_age", "age >= 0")};
  return t;
}

MetaData base() { return schema({team(), hero()}); }

// Table `name` of `md`, in the default schema.
Table& in(MetaData& md, const std::string& name) {
  Table* t = md.find_table("", name);
  if (t == nullptr) throw std::logic_error("no table " + name);
  return *t;
}

// ---- the cases --------------------------------------------------------------

struct Case {
  MetaData from;
  MetaData to;
};

// Every case the tests below look at; the property test runs them all.
std::map<std::string, Case> all_cases() {
  std::map<std::string, Case> cases;
  auto add = [&](const std::string& name, MetaData from, MetaData to) {
    from.finish();
    to.finish();
    cases[name] = Case{std::move(from), std::move(to)};
  };

  add("identical", base(), base());

  {  // create_table
    Table power = table("power", {id(), column("hero_id"), varchar("name", 20)});
    power.indexes = {index("ix_power_name", {"name"}, true)};
    power.uniques = {unique("uq_power_hero_id_name", {"hero_id", "name"})};
    power.foreign_keys = {foreign_key("fk_power_hero_id_hero", {"hero_id"}, "hero")};
    power.checks = {check("ck_power_name", "length(name) > 0")};
    power.comment = "what a hero can do";
    MetaData to = base();
    to.tables.push_back(power);
    add("create_table", base(), to);
    add("drop_table", to, base());
  }
  {  // parents before children, whatever the names say
    Table parent = table("z_parent", {id()});
    Table child = table("a_child", {id(), column("parent_id")});
    child.foreign_keys = {foreign_key("fk_a_child_parent_id_z_parent", {"parent_id"}, "z_parent")};
    Table grandchild = table("m_grandchild", {id(), column("child_id")});
    grandchild.foreign_keys = {
        foreign_key("fk_m_grandchild_child_id_a_child", {"child_id"}, "a_child")};
    MetaData to = base();
    to.tables.insert(to.tables.end(), {grandchild, child, parent});
    add("create_fk_chain", base(), to);
    add("drop_fk_chain", to, base());
  }
  {  // a cycle of foreign keys
    Table a = table("a", {id(), column("b_id", TypeKind::kInteger, true)});
    a.foreign_keys = {foreign_key("fk_a_b_id_b", {"b_id"}, "b")};
    Table b = table("b", {id(), column("a_id", TypeKind::kInteger, true)});
    b.foreign_keys = {foreign_key("fk_b_a_id_a", {"a_id"}, "a")};
    MetaData to = base();
    to.tables.insert(to.tables.end(), {a, b});
    add("create_cycle", base(), to);
    add("drop_cycle", to, base());
  }
  {  // a table that references itself
    Table node = table("node", {id(), column("parent_id", TypeKind::kInteger, true)});
    node.foreign_keys = {foreign_key("fk_node_parent_id_node", {"parent_id"}, "node")};
    MetaData to = base();
    to.tables.push_back(node);
    add("create_self_reference", base(), to);
  }
  {  // dropping a table that a kept table references
    MetaData to = schema({hero()});
    in(to, "hero").foreign_keys.clear();
    add("drop_referenced_table", base(), to);
  }
  {  // a new table referencing a column that a kept table gains
    MetaData to = base();
    in(to, "team").columns.push_back(varchar("code", 10));
    in(to, "team").uniques.push_back(unique("uq_team_code", {"code"}));
    Table badge = table("badge", {id(), varchar("team_code", 10)});
    badge.foreign_keys = {foreign_key("fk_badge_team_code_team", {"team_code"}, "team", {"code"})};
    to.tables.push_back(badge);
    add("create_table_referencing_new_column", base(), to);
  }
  {  // a new table referencing a kept column that gains a unique constraint
    MetaData to = base();
    in(to, "team").uniques.push_back(unique("uq_team_city", {"city"}));
    Table fan = table("fan", {id(), varchar("city", 50)});
    fan.foreign_keys = {foreign_key("fk_fan_city_team", {"city"}, "team", {"city"})};
    to.tables.push_back(fan);
    add("create_table_referencing_new_unique", base(), to);
    // ... and one referencing a unique key that is already there.
    MetaData existing = base();
    Table member = table("member", {id(), varchar("team_name", 50)});
    member.foreign_keys = {
        foreign_key("fk_member_team_name_team", {"team_name"}, "team", {"name"})};
    existing.tables.push_back(member);
    add("create_table_referencing_existing_unique", base(), existing);
  }
  {
    MetaData to = base();
    in(to, "hero").columns.push_back(varchar("secret_name", 100, true));
    add("add_column", base(), to);
    add("drop_column", to, base());
  }
  {
    MetaData to = base();
    in(to, "hero").columns[1].name = "full_name";
    in(to, "hero").indexes = {index("ix_hero_name", {"full_name"})};
    add("rename_column", base(), to);
    in(to, "hero").columns[1].renamed_from = "name";
    add("rename_column_declared", base(), to);
  }
  {  // the renamed column is in a check and a partial index's predicate
    MetaData from = base();
    Index adults = index("ix_hero_adults", {"name"});
    adults.where = "age >= 18";
    in(from, "hero").indexes.push_back(adults);
    MetaData to = from;
    Column& years = in(to, "hero").columns[2];
    years.name = "years";
    years.renamed_from = "age";
    in(to, "hero").checks = {check("ck_hero_age", "years >= 0")};
    in(to, "hero").indexes.back().where = "years >= 18";
    add("rename_column_in_expressions", from, to);
  }
  {  // a renamed table, a renamed column in it, a foreign key into it
    MetaData to = base();
    Table& squad = in(to, "team");
    squad.name = "squad";
    squad.renamed_from = "team";
    squad.columns[1].name = "title";
    squad.columns[1].renamed_from = "name";
    squad.uniques = {unique("uq_team_name", {"title"})};
    in(to, "hero").foreign_keys[0].ref_table = "squad";
    add("rename_table_declared", base(), to);
  }
  {
    MetaData to = base();
    in(to, "hero").find_column("name")->type.length = 200;
    add("alter_type", base(), to);
  }
  {
    MetaData to = base();
    in(to, "hero").find_column("age")->type.kind = TypeKind::kBigint;
    in(to, "hero").find_column("age")->nullable = false;
    add("alter_type_and_nullable", base(), to);
  }
  {
    MetaData with_default = base();
    in(with_default, "hero").find_column("age")->default_.value = std::int64_t{18};
    add("set_default", base(), with_default);
    add("drop_default", with_default, base());
    MetaData with_sql = base();
    in(with_sql, "hero").find_column("age")->default_.sql = "0";
    add("default_to_default_sql", with_default, with_sql);
  }
  {
    MetaData to = base();
    in(to, "hero").find_column("name")->comment = "as printed";
    in(to, "hero").comment = "people with powers";
    add("comments", base(), to);
  }
  {
    MetaData to = base();
    in(to, "hero").indexes.push_back(index("ix_hero_age", {"age"}));
    add("create_index", base(), to);
    add("drop_index", to, base());
  }
  {
    MetaData desc = base();
    in(desc, "hero").indexes[0].keys[0].order = SortOrder::kDesc;
    add("index_order_changed", base(), desc);
    MetaData uniq = base();
    in(uniq, "hero").indexes[0].unique = true;
    add("index_unique_changed", base(), uniq);
    MetaData partial = base();
    in(partial, "hero").indexes[0].where = "age IS NOT NULL";
    add("index_where_changed", base(), partial);
    MetaData keys = base();
    in(keys, "hero").indexes[0].keys.push_back(key("age"));
    add("index_keys_changed", base(), keys);
  }
  {
    MetaData to = base();
    in(to, "team").uniques.push_back(unique("uq_team_city", {"city"}));
    add("add_unique", base(), to);
    add("drop_unique", to, base());
    MetaData changed = base();
    in(changed, "team").uniques[0].columns.push_back("city");
    add("unique_changed", base(), changed);
  }
  {
    MetaData to = base();
    in(to, "hero").foreign_keys[0].on_delete = "set null";
    add("foreign_key_changed", base(), to);
    MetaData none = base();
    in(none, "hero").foreign_keys.clear();
    add("drop_foreign_key", base(), none);
    add("add_foreign_key", none, base());
  }
  {
    MetaData to = base();
    in(to, "team").checks.push_back(check("ck_team_name", "name <> ''"));
    add("add_check", base(), to);
    add("drop_check", to, base());
    MetaData stricter = base();
    in(stricter, "hero").checks[0].sql = "age >= 18";
    add("check_body_changed", base(), stricter);
  }
  {
    MetaData to = base();
    in(to, "team").columns.push_back(varchar("code", 10));
    in(to, "team").columns.back().primary_key = true;
    add("primary_key_gains_new_column", base(), to);
    add("primary_key_loses_dropped_column", to, base());
    MetaData existing = base();
    in(existing, "team").find_column("name")->primary_key = true;
    add("primary_key_gains_existing_column", base(), existing);
  }
  {  // enums
    Enum role{.schema = "", .name = "role", .values = {"tank", "healer"}};
    MetaData with_enum = base();
    in(with_enum, "hero").columns.push_back(enum_column("role", "role", role.values));
    with_enum.enums = {role};
    add("create_enum_with_column", base(), with_enum);
    add("drop_enum_with_column", with_enum, base());

    Enum more = role;
    more.values.push_back("support");
    MetaData with_more = base();
    in(with_more, "hero").columns.push_back(enum_column("role", "role", more.values));
    with_more.enums = {more};
    add("enum_value_added", with_enum, with_more);

    Table guild = table("guild", {id(), enum_column("role", "role", role.values)});
    MetaData with_guild = with_enum;
    with_guild.tables.push_back(guild);
    MetaData only_guild = base();
    only_guild.tables.push_back(guild);
    only_guild.enums = {role};
    add("create_enum_with_table", base(), only_guild);
    add("drop_enum_with_table", only_guild, base());

    // The column moves from enum `role` to a new enum `class`.
    Enum klass{.schema = "", .name = "class", .values = {"mage", "rogue"}};
    MetaData moved = base();
    in(moved, "hero").columns.push_back(enum_column("role", "class", klass.values));
    moved.enums = {klass};
    add("enum_replaced", with_enum, moved);
  }
  {  // tables in two schemas
    MetaData to = base();
    to.tables.push_back(table("hero", {id()}, "archive"));
    to.tables.push_back(table("zebra", {id()}));
    add("named_schema", base(), to);
  }
  {  // everything at once, to check the phase order
    MetaData from = base();
    from.tables.push_back(table("old", {id()}));
    MetaData to = base();
    Table& h = in(to, "hero");
    h.indexes = {index("ix_hero_name", {"name"}, true), index("ix_hero_age", {"age"})};
    h.columns.erase(h.columns.begin() + 2);  // age
    h.indexes.pop_back();                    // the new index cannot use the dropped column
    h.indexes.push_back(index("ix_hero_power", {"power_id"}));
    h.columns.push_back(column("power_id", TypeKind::kInteger, true));
    h.find_column("name")->type.length = 120;
    h.foreign_keys.push_back(foreign_key("fk_hero_power_id_power", {"power_id"}, "power"));
    h.checks.clear();
    in(to, "team").uniques.clear();
    in(to, "team").comment = "the teams";
    Enum rank{.schema = "", .name = "rank", .values = {"a", "b"}};
    to.tables.push_back(table("power", {id(), enum_column("rank", "rank", rank.values)}));
    to.enums = {rank};
    add("everything", from, to);
  }
  return cases;
}

const Case& get(const std::string& name) {
  static const std::map<std::string, Case> cases = all_cases();
  return cases.at(name);
}

// ---- checking ops -----------------------------------------------------------

std::string qualify(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

// What an op is about: "hero", "hero.age", "hero.ix_hero_name", "role".
template <class T>
std::string subject(const T& o) {
  if constexpr (std::is_same_v<T, RenameIndex>) {
    return qualify(o.schema, o.table) + "." + o.index;
  } else if constexpr (std::is_same_v<T, RenameConstraint>) {
    return qualify(o.schema, o.table) + "." + o.constraint;
  } else if constexpr (requires { o.table.name; }) {
    return qualify(o.table.schema, o.table.name);
  } else if constexpr (requires { o.enum_; }) {
    return qualify(o.enum_.schema, o.enum_.name);
  } else if constexpr (requires { o.index; }) {
    return qualify(o.schema, o.table) + "." + o.index.name;
  } else if constexpr (requires { o.unique; }) {
    return qualify(o.schema, o.table) + "." + o.unique.name;
  } else if constexpr (requires { o.foreign_key; }) {
    return qualify(o.schema, o.table) + "." + o.foreign_key.name;
  } else if constexpr (requires { o.check; }) {
    return qualify(o.schema, o.table) + "." + o.check.name;
  } else if constexpr (requires { o.column.name; }) {
    return qualify(o.schema, o.table) + "." + o.column.name;
  } else if constexpr (requires {
                         o.column;
                         o.table;
                       }) {
    return qualify(o.schema, o.table) + "." + o.column;
  } else if constexpr (requires { o.table; }) {
    return qualify(o.schema, o.table);
  } else if constexpr (requires { o.name; }) {
    return qualify(o.schema, o.name);
  } else {
    return "";
  }
}

// "add_column hero.age", one per op.
std::vector<std::string> labels(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    out.push_back(std::string(op_name(op)) + " " +
                  std::visit([](const auto& o) { return subject(o); }, op));
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  " + l;
  return out;
}

// Column order is not something the comparator changes (AddColumn appends,
// and a re-added column comes back at the end), so compare without it.
MetaData without_column_order(MetaData md) {
  for (auto& t : md.tables) {
    std::stable_sort(t.columns.begin(), t.columns.end(),
                     [](const Column& a, const Column& b) { return a.name < b.name; });
  }
  return md;
}

// What a database would refuse between two ops: a foreign key to a missing
// table or column, a column of a missing enum type. "" when all is well.
std::string dangling(const MetaData& md) {
  for (const auto& t : md.tables) {
    for (const auto& fk : t.foreign_keys) {
      const Table* target = md.find_table(fk.ref_schema, fk.ref_table);
      if (target == nullptr) return t.name + "." + fk.name + " points at a missing table";
      for (const auto& c : fk.ref_columns) {
        if (target->find_column(c) == nullptr) {
          return t.name + "." + fk.name + " points at a missing column " + c;
        }
      }
    }
    for (const auto& c : t.columns) {
      if (c.type.kind == TypeKind::kEnum && md.find_enum(t.schema, c.type.enum_name) == nullptr) {
        return t.name + "." + c.name + " uses a missing enum " + c.type.enum_name;
      }
    }
  }
  return "";
}

// Plays `ops` against `start`, checking after each op that it applied and
// left nothing a database would refuse (so the order is a runnable one).
MetaData play(MetaData start, const std::vector<Op>& ops) {
  for (const auto& op : ops) {
    Status s = apply(start, op);
    EXPECT_TRUE(s.ok()) << op_name(op) << ": " << (s.ok() ? "" : s.error().describe());
    const std::string problem = dangling(start);
    EXPECT_EQ(problem, "") << "after " << op_name(op) << " " << describe(op);
  }
  return start;
}

// The ops that turn case `name`'s `from` into its `to`, after checking that
// they do, that comparing again finds nothing left, and that the inverses
// lead back to `from`.
std::vector<Op> diff(const std::string& name) {
  const Case& c = get(name);
  std::vector<Op> ops = compare(c.from, c.to);

  MetaData upgraded = play(c.from, ops);
  EXPECT_TRUE(without_column_order(upgraded) == without_column_order(c.to))
      << name << ": applying the ops does not give `to`; left over:"
      << joined(labels(compare(upgraded, c.to))) << "\nops:" << joined(labels(ops));
  EXPECT_TRUE(compare(upgraded, c.to).empty()) << name;

  Result<std::vector<Op>> undo = inverse_all(ops);
  EXPECT_TRUE(undo.ok()) << name << ": " << (undo.ok() ? "" : undo.error().describe());
  if (undo.ok()) {
    MetaData downgraded = play(upgraded, *undo);
    EXPECT_TRUE(without_column_order(downgraded) == without_column_order(c.from))
        << name << ": the inverses do not give `from` back; left over:"
        << joined(labels(compare(downgraded, c.from)));
  }
  return ops;
}

template <class T>
const T& only(const std::vector<Op>& ops) {
  EXPECT_EQ(ops.size(), 1u) << joined(labels(ops));
  if (ops.empty() || !std::holds_alternative<T>(ops[0])) {
    throw std::logic_error("unexpected ops:" + joined(labels(ops)));
  }
  return std::get<T>(ops[0]);
}

using Labels = std::vector<std::string>;

// ---- tests ------------------------------------------------------------------

TEST(Comparator, IdenticalSchemasGiveNoOps) {
  EXPECT_TRUE(diff("identical").empty());
  EXPECT_TRUE(compare(MetaData{}, MetaData{}).empty());
}

TEST(Comparator, IgnoresSourceLines) {
  MetaData a = base();
  MetaData b = base();
  Table& h = in(b, "hero");
  h.line = 7;
  h.columns[1].line = 9;
  h.indexes[0].line = 11;
  h.foreign_keys[0].line = 12;
  h.checks[0].line = 13;
  in(b, "team").uniques[0].line = 14;
  EXPECT_TRUE(compare(a, b).empty()) << joined(labels(compare(a, b)));
}

TEST(Comparator, IgnoresInputOrderAndIsDeterministic) {
  const Case& c = get("everything");
  MetaData shuffled_from = c.from;
  MetaData shuffled_to = c.to;
  std::reverse(shuffled_from.tables.begin(), shuffled_from.tables.end());
  std::reverse(shuffled_to.tables.begin(), shuffled_to.tables.end());
  for (auto& t : shuffled_to.tables) std::reverse(t.indexes.begin(), t.indexes.end());
  EXPECT_EQ(labels(compare(shuffled_from, shuffled_to)), labels(compare(c.from, c.to)));
  EXPECT_EQ(compare(c.from, c.to), compare(c.from, c.to));
}

// Both sides come canonicalised by the dialect, so a different text is a
// different condition: the check is dropped and added again.
TEST(Comparator, ChangedCheckBodyIsADropAndAnAdd) {
  EXPECT_EQ(labels(diff("check_body_changed")),
            (Labels{"drop_check hero.ck_hero_age", "add_check hero.ck_hero_age"}));
  const auto ops = compare(get("check_body_changed").from, get("check_body_changed").to);
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(std::get<DropCheck>(ops[0]).check.sql, "age >= 0");
  EXPECT_EQ(std::get<AddCheck>(ops[1]).check.sql, "age >= 18");
}

TEST(Comparator, PrimaryKeyNameIsNotCompared) {
  MetaData to = base();
  in(to, "hero").primary_key_name = "hero_pkey";
  EXPECT_TRUE(compare(base(), to).empty());
}

TEST(Comparator, AutoincrementIsNotCompared) {
  MetaData to = base();
  in(to, "hero").columns[0].autoincrement_off = true;
  to.finish();
  ASSERT_FALSE(in(to, "hero").columns[0].autoincrement);
  MetaData from = base();
  ASSERT_TRUE(in(from, "hero").columns[0].autoincrement);
  EXPECT_TRUE(compare(from, to).empty());
}

TEST(Comparator, NoActionEqualsUnsetReferentialAction) {
  MetaData to = base();
  in(to, "hero").foreign_keys[0].on_delete = "no action";
  EXPECT_TRUE(compare(base(), to).empty());
}

TEST(Comparator, CreateTableCarriesTheWholeTable) {
  const auto ops = diff("create_table");
  const auto& op = only<CreateTable>(ops);
  EXPECT_TRUE(op.table == *get("create_table").to.find_table("", "power"));
  EXPECT_EQ(op.table.indexes.size(), 1u);
  EXPECT_EQ(op.table.uniques.size(), 1u);
  EXPECT_EQ(op.table.foreign_keys.size(), 1u);
  EXPECT_EQ(op.table.checks.size(), 1u);
  EXPECT_EQ(op.table.comment, "what a hero can do");
}

TEST(Comparator, DropTableCarriesTheWholeTable) {
  const auto ops = diff("drop_table");
  const auto& op = only<DropTable>(ops);
  EXPECT_TRUE(op.table == *get("drop_table").from.find_table("", "power"));
}

TEST(Comparator, CreatesParentsBeforeChildren) {
  EXPECT_EQ(labels(diff("create_fk_chain")),
            (Labels{"create_table z_parent", "create_table a_child", "create_table m_grandchild"}));
}

TEST(Comparator, DropsChildrenBeforeParents) {
  EXPECT_EQ(labels(diff("drop_fk_chain")),
            (Labels{"drop_table m_grandchild", "drop_table a_child", "drop_table z_parent"}));
}

TEST(Comparator, CycleOfNewTablesAddsTheClosingForeignKeyAfterwards) {
  const auto ops = diff("create_cycle");
  EXPECT_EQ(labels(ops),
            (Labels{"create_table a", "create_table b", "add_foreign_key a.fk_a_b_id_b"}));
  EXPECT_TRUE(std::get<CreateTable>(ops[0]).table.foreign_keys.empty());
  EXPECT_EQ(std::get<CreateTable>(ops[1]).table.foreign_keys.size(), 1u);
}

TEST(Comparator, CycleOfDroppedTablesDropsTheClosingForeignKeyFirst) {
  const auto ops = diff("drop_cycle");
  EXPECT_EQ(labels(ops),
            (Labels{"drop_foreign_key b.fk_b_a_id_a", "drop_table a", "drop_table b"}));
  EXPECT_TRUE(std::get<DropTable>(ops[2]).table.foreign_keys.empty());
}

TEST(Comparator, SelfReferenceIsNotACycle) {
  const auto ops = diff("create_self_reference");
  EXPECT_EQ(only<CreateTable>(ops).table.foreign_keys.size(), 1u);
}

TEST(Comparator, DropsForeignKeysIntoADroppedTableFirst) {
  EXPECT_EQ(labels(diff("drop_referenced_table")),
            (Labels{"drop_foreign_key hero.fk_hero_team_id_team", "drop_table team"}));
}

TEST(Comparator, NewTableReferencingANewColumnGetsItsForeignKeyLast) {
  EXPECT_EQ(labels(diff("create_table_referencing_new_column")),
            (Labels{"create_table badge", "add_column team.code", "add_unique team.uq_team_code",
                    "add_foreign_key badge.fk_badge_team_code_team"}));
}

TEST(Comparator, NewTableReferencingANewUniqueKeyGetsItsForeignKeyLast) {
  EXPECT_EQ(labels(diff("create_table_referencing_new_unique")),
            (Labels{"create_table fan", "add_unique team.uq_team_city",
                    "add_foreign_key fan.fk_fan_city_team"}));
  const auto ops = diff("create_table_referencing_existing_unique");
  EXPECT_EQ(only<CreateTable>(ops).table.foreign_keys.size(), 1u);
}

TEST(Comparator, AddColumn) {
  const auto ops = diff("add_column");
  const auto& op = only<AddColumn>(ops);
  EXPECT_EQ(op.table, "hero");
  EXPECT_TRUE(op.column == varchar("secret_name", 100, true));
}

TEST(Comparator, DropColumnCarriesTheOldColumn) {
  const auto ops = diff("drop_column");
  const auto& op = only<DropColumn>(ops);
  EXPECT_EQ(op.table, "hero");
  EXPECT_EQ(op.column, "secret_name");
  ASSERT_TRUE(op.existing.has_value());
  EXPECT_TRUE(*op.existing == varchar("secret_name", 100, true));
}

TEST(Comparator, RenamedColumnIsADropAndAnAdd) {
  EXPECT_EQ(labels(diff("rename_column")),
            (Labels{"drop_index hero.ix_hero_name", "add_column hero.full_name",
                    "drop_column hero.name", "create_index hero.ix_hero_name"}));
}

TEST(Comparator, DeclaredColumnRenameIsOneRenameOp) {
  const auto ops = diff("rename_column_declared");
  const auto& op = only<RenameColumn>(ops);
  EXPECT_EQ(op.table, "hero");
  EXPECT_EQ(op.column, "name");
  EXPECT_EQ(op.new_name, "full_name");
}

TEST(Comparator, AnIndexWhoseNameAloneChangedIsRenamed) {
  MetaData to = base();
  in(to, "hero").indexes[0].name = "ix_hero_full_name";
  to.finish();
  const std::vector<Op> ops = compare(base(), to);
  const auto& op = only<RenameIndex>(ops);
  EXPECT_EQ(op.index, "ix_hero_name");
  EXPECT_EQ(op.new_name, "ix_hero_full_name");
  MetaData played = base();
  ASSERT_TRUE(apply(played, ops[0]).ok());
  EXPECT_TRUE(compare(played, to).empty());
}

TEST(Comparator, ConstraintsWhoseNameAloneChangedAreRenamed) {
  MetaData to = base();
  in(to, "team").uniques[0].name = "uq_team_title";
  in(to, "hero").foreign_keys[0].name = "fk_hero_team_id_squad";
  in(to, "hero").checks[0].name = "ck_hero_years";
  to.finish();
  const std::vector<Op> ops = compare(base(), to);
  EXPECT_EQ(labels(ops),
            (Labels{"rename_constraint hero.fk_hero_team_id_team",
                    "rename_constraint hero.ck_hero_age", "rename_constraint team.uq_team_name"}));
  MetaData played = base();
  for (const Op& op : ops) ASSERT_TRUE(apply(played, op).ok()) << describe(op);
  EXPECT_TRUE(compare(played, to).empty());
}

TEST(Comparator, DeclaredRenameCarriesChecksAndPredicates) {
  EXPECT_EQ(labels(diff("rename_column_in_expressions")), (Labels{"rename_column hero.age"}));
}

TEST(Comparator, DeclaredTableRenameComesFirstAndCarriesItsColumnRename) {
  EXPECT_EQ(labels(diff("rename_table_declared")),
            (Labels{"rename_table team", "rename_column squad.name"}));
}

TEST(Comparator, RenamedFromIsInertOnceTheDatabaseHasTheNewName) {
  const Case& c = get("rename_column_declared");
  EXPECT_TRUE(compare(c.to, c.to).empty());
  // Neither name in the database: the column is added, not renamed.
  MetaData without = base();
  std::erase_if(in(without, "hero").columns, [](const Column& col) { return col.name == "name"; });
  in(without, "hero").indexes.clear();
  without.finish();
  const auto ops = compare(without, c.to);
  ASSERT_FALSE(ops.empty());
  EXPECT_TRUE(std::holds_alternative<AddColumn>(ops[0])) << joined(labels(ops));
}

TEST(Comparator, NoOpCarriesTheRenameIntent) {
  MetaData to = get("create_table").to;
  Table& power = in(to, "power");
  power.renamed_from = "ability";  // no such table in `from`: inert
  power.columns[1].renamed_from = "owner_id";
  for (const Op& op : compare(get("create_table").from, to)) {
    if (const auto* create = std::get_if<CreateTable>(&op)) {
      EXPECT_EQ(create->table.renamed_from, "");
      for (const Column& col : create->table.columns) EXPECT_EQ(col.renamed_from, "");
    }
  }
}

TEST(Comparator, RenameCandidatesPairDropsWithLookAlikeAdds) {
  const std::vector<RenameCandidate> found = rename_candidates(diff("rename_column"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].describe(), "column hero.name -> hero.full_name (varchar(100))");
  EXPECT_EQ(found[0].dropped(), "hero.name");
  EXPECT_FALSE(found[0].is_table);

  // A column of another kind of type is not a look-alike.
  MetaData to = base();
  in(to, "hero").columns[2] = column("born", TypeKind::kDate, true);
  in(to, "hero").checks.clear();
  EXPECT_TRUE(rename_candidates(compare(base(), to)).empty());

  // A table dropped and one created with the same columns is.
  MetaData renamed = base();
  in(renamed, "team").name = "squad";
  in(renamed, "hero").foreign_keys[0].ref_table = "squad";
  const std::vector<RenameCandidate> tables = rename_candidates(compare(base(), renamed));
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_TRUE(tables[0].is_table);
  EXPECT_EQ(tables[0].describe(), "table team -> squad");
  EXPECT_EQ(tables[0].dropped(), "team");
}

TEST(Comparator, AlterColumnTypeSetsOnlyTheType) {
  const auto ops = diff("alter_type");
  const auto& op = only<AlterColumn>(ops);
  EXPECT_EQ(op.table, "hero");
  EXPECT_EQ(op.column, "name");
  ASSERT_TRUE(op.type.has_value());
  EXPECT_EQ(op.type->length, 200);
  EXPECT_FALSE(op.nullable.has_value());
  EXPECT_FALSE(op.default_.has_value());
  EXPECT_FALSE(op.comment.has_value());
  ASSERT_TRUE(op.existing.has_value());
  EXPECT_TRUE(*op.existing == varchar("name", 100));
}

TEST(Comparator, AlterColumnTypeAndNullableInOneOp) {
  const auto ops = diff("alter_type_and_nullable");
  const auto& op = only<AlterColumn>(ops);
  ASSERT_TRUE(op.type.has_value());
  EXPECT_EQ(op.type->kind, TypeKind::kBigint);
  EXPECT_EQ(op.nullable, std::optional<bool>(false));
  EXPECT_FALSE(op.default_.has_value());
  EXPECT_TRUE(op.existing->nullable);
}

TEST(Comparator, AlterColumnDefault) {
  {
    const auto ops = diff("set_default");
    const auto& op = only<AlterColumn>(ops);
    ASSERT_TRUE(op.default_.has_value());
    EXPECT_EQ(op.default_->value, std::optional<Literal>(std::int64_t{18}));
    EXPECT_FALSE(op.type.has_value());
    EXPECT_FALSE(op.nullable.has_value());
  }
  {
    const auto ops = diff("drop_default");
    const auto& op = only<AlterColumn>(ops);
    ASSERT_TRUE(op.default_.has_value());
    EXPECT_TRUE(op.default_->empty());
  }
  {
    const auto ops = diff("default_to_default_sql");
    const auto& op = only<AlterColumn>(ops);
    ASSERT_TRUE(op.default_.has_value());
    EXPECT_EQ(op.default_->sql, std::optional<std::string>("0"));
    EXPECT_FALSE(op.default_->value.has_value());
  }
}

TEST(Comparator, CommentsOnColumnsAndTables) {
  const auto ops = diff("comments");
  ASSERT_EQ(labels(ops), (Labels{"alter_column hero.name", "set_table_comment hero"}));
  const auto& alter = std::get<AlterColumn>(ops[0]);
  EXPECT_EQ(alter.comment, std::optional<std::string>("as printed"));
  EXPECT_FALSE(alter.type.has_value());
  const auto& set = std::get<SetTableComment>(ops[1]);
  EXPECT_EQ(set.comment, "people with powers");
  EXPECT_EQ(set.existing, "");
}

TEST(Comparator, CommentsIgnoredWhenTheOptionsSaySo) {
  const Case& c = get("comments");
  EXPECT_TRUE(compare(c.from, c.to, CompareOptions{.compare_comments = false}).empty());
}

TEST(Comparator, IndexAddedAndDropped) {
  const auto created = diff("create_index");
  EXPECT_EQ(only<CreateIndex>(created).index, index("ix_hero_age", {"age"}));
  const auto dropped = diff("drop_index");
  EXPECT_EQ(only<DropIndex>(dropped).index, index("ix_hero_age", {"age"}));
}

TEST(Comparator, ChangedIndexIsDroppedAndCreated) {
  for (const char* name : {"index_order_changed", "index_unique_changed", "index_where_changed",
                           "index_keys_changed"}) {
    const auto ops = diff(name);
    ASSERT_EQ(labels(ops),
              (Labels{"drop_index hero.ix_hero_name", "create_index hero.ix_hero_name"}))
        << name;
    EXPECT_EQ(std::get<DropIndex>(ops[0]).index, get(name).from.find_table("", "hero")->indexes[0]);
    EXPECT_EQ(std::get<CreateIndex>(ops[1]).index, get(name).to.find_table("", "hero")->indexes[0]);
  }
}

TEST(Comparator, UniqueConstraints) {
  EXPECT_EQ(only<AddUnique>(diff("add_unique")).unique, unique("uq_team_city", {"city"}));
  EXPECT_EQ(only<DropUnique>(diff("drop_unique")).unique, unique("uq_team_city", {"city"}));
  EXPECT_EQ(labels(diff("unique_changed")),
            (Labels{"drop_unique team.uq_team_name", "add_unique team.uq_team_name"}));
}

TEST(Comparator, ForeignKeys) {
  const auto changed = diff("foreign_key_changed");
  ASSERT_EQ(labels(changed), (Labels{"drop_foreign_key hero.fk_hero_team_id_team",
                                     "add_foreign_key hero.fk_hero_team_id_team"}));
  EXPECT_EQ(std::get<DropForeignKey>(changed[0]).foreign_key.on_delete, "");
  EXPECT_EQ(std::get<AddForeignKey>(changed[1]).foreign_key.on_delete, "set null");
  EXPECT_EQ(only<DropForeignKey>(diff("drop_foreign_key")).foreign_key,
            base().find_table("", "hero")->foreign_keys[0]);
  EXPECT_EQ(only<AddForeignKey>(diff("add_foreign_key")).foreign_key,
            base().find_table("", "hero")->foreign_keys[0]);
}

TEST(Comparator, CheckConstraintsByName) {
  EXPECT_EQ(only<AddCheck>(diff("add_check")).check, check("ck_team_name", "name <> ''"));
  EXPECT_EQ(only<DropCheck>(diff("drop_check")).check, check("ck_team_name", "name <> ''"));
}

TEST(Comparator, PrimaryKeyGainsANewColumn) {
  const auto ops = diff("primary_key_gains_new_column");
  // hero's foreign key uses team's old key: it goes first and comes back last
  // (PostgreSQL refuses to drop a key a foreign key depends on).
  ASSERT_EQ(labels(ops),
            (Labels{"drop_foreign_key hero.fk_hero_team_id_team", "add_column team.code",
                    "alter_primary_key team", "add_foreign_key hero.fk_hero_team_id_team"}));
  // The new column joins the key through AlterPrimaryKey, not on its own.
  EXPECT_FALSE(std::get<AddColumn>(ops[1]).column.primary_key);
  const auto& pk = std::get<AlterPrimaryKey>(ops[2]);
  EXPECT_EQ(pk.columns, (std::vector<std::string>{"id", "code"}));
  EXPECT_EQ(pk.existing, (std::vector<std::string>{"id"}));
}

TEST(Comparator, PrimaryKeyLosesADroppedColumn) {
  const auto ops = diff("primary_key_loses_dropped_column");
  ASSERT_EQ(labels(ops), (Labels{"alter_primary_key team", "drop_column team.code"}));
  EXPECT_EQ(std::get<AlterPrimaryKey>(ops[0]).columns, (std::vector<std::string>{"id"}));
}

TEST(Comparator, PrimaryKeyGainsAnExistingColumn) {
  const auto ops = diff("primary_key_gains_existing_column");
  ASSERT_EQ(labels(ops),
            (Labels{"drop_foreign_key hero.fk_hero_team_id_team", "alter_primary_key team",
                    "add_foreign_key hero.fk_hero_team_id_team"}));
  const auto& pk = std::get<AlterPrimaryKey>(ops[1]);
  EXPECT_EQ(pk.columns, (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(pk.existing, (std::vector<std::string>{"id"}));
}

TEST(Comparator, EnumCreatedBeforeTheColumnThatUsesIt) {
  const auto ops = diff("create_enum_with_column");
  ASSERT_EQ(labels(ops), (Labels{"create_enum role", "add_column hero.role"}));
  EXPECT_EQ(std::get<CreateEnum>(ops[0]).enum_.values,
            (std::vector<std::string>{"tank", "healer"}));
}

TEST(Comparator, EnumCreatedBeforeTheTableThatUsesIt) {
  EXPECT_EQ(labels(diff("create_enum_with_table")),
            (Labels{"create_enum role", "create_table guild"}));
}

TEST(Comparator, EnumDroppedAfterTheColumnAndTableThatUsedIt) {
  EXPECT_EQ(labels(diff("drop_enum_with_column")),
            (Labels{"drop_column hero.role", "drop_enum role"}));
  EXPECT_EQ(labels(diff("drop_enum_with_table")), (Labels{"drop_table guild", "drop_enum role"}));
}

TEST(Comparator, EnumValueAddedIsAlterEnum) {
  const auto ops = diff("enum_value_added");
  const auto& op = only<AlterEnum>(ops);
  EXPECT_EQ(op.name, "role");
  EXPECT_EQ(op.values, (std::vector<std::string>{"tank", "healer", "support"}));
  EXPECT_EQ(op.existing, (std::vector<std::string>{"tank", "healer"}));
}

TEST(Comparator, ColumnMovedToAnotherEnum) {
  const auto ops = diff("enum_replaced");
  ASSERT_EQ(labels(ops), (Labels{"create_enum class", "alter_column hero.role", "drop_enum role"}));
  EXPECT_EQ(std::get<AlterColumn>(ops[1]).type->enum_name, "class");
}

TEST(Comparator, TableIdentityIncludesTheSchema) {
  EXPECT_EQ(labels(diff("named_schema")),
            (Labels{"create_table zebra", "create_table archive.hero"}));
}

TEST(Comparator, ManyChangesComeInTheDocumentedOrder) {
  EXPECT_EQ(labels(diff("everything")), (Labels{
                                            "drop_table old",
                                            "drop_index hero.ix_hero_name",
                                            "drop_check hero.ck_hero_age",
                                            "drop_unique team.uq_team_name",
                                            "create_enum rank",
                                            "create_table power",
                                            "add_column hero.power_id",
                                            "alter_column hero.name",
                                            "set_table_comment team",
                                            "drop_column hero.age",
                                            "create_index hero.ix_hero_name",
                                            "create_index hero.ix_hero_power",
                                            "add_foreign_key hero.fk_hero_power_id_power",
                                        }));
}

TEST(Comparator, EveryCaseAppliesAndReverses) {
  // diff() checks apply(from, ops) == to, that nothing is left to compare,
  // and that the inverses lead back to `from`.
  const auto cases = all_cases();
  ASSERT_GE(cases.size(), 40u);
  for (const auto& [name, c] : cases) {
    SCOPED_TRACE(name);
    const auto ops = diff(name);
    EXPECT_EQ(ops.empty(), name == "identical") << name;
  }
}

}  // namespace
}  // namespace retort
