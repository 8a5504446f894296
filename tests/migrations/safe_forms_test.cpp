// The safe forms autogenerate writes on request (dialects/safe_forms.hpp),
// without a database: which ops move into revisions of their own, which stay
// with the others and why, and the refusal on SQLite. The PostgreSQL run of
// the revisions written, with rows, is in tests/cli/safe_forms_test.cpp.
#include "dialects/safe_forms.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/models_toml.hpp"

namespace retort {
namespace {

// team is referred to by hero.team_id and hero.team_code (by its unique
// index); orders is partitioned.
constexpr const char* kLive = R"t(
[[table]]
name = "team"
columns = [ { name = "id", type = "bigint", primary_key = true },
            { name = "code", type = "text" } ]
indexes = [ { name = "ux_team_code", columns = ["code"], unique = true },
            { name = "ix_team_old", columns = ["code"] } ]

[[table]]
name = "hero"
columns = [ { name = "id", type = "bigint", primary_key = true },
            { name = "team_id", type = "bigint", nullable = true },
            { name = "age", type = "integer", nullable = true },
            { name = "team_code", type = "text", nullable = true } ]
foreign_keys = [ { columns = ["team_id"], references = "team", ref_columns = ["id"] },
                 { columns = ["team_code"], references = "team", ref_columns = ["code"] } ]

[[table]]
name = "orders"
partition_by = "RANGE (id)"
columns = [ { name = "id", type = "bigint", primary_key = true } ]
)t";

MetaData live() {
  Result<MetaData> md = read_models(kLive, "models.toml");
  EXPECT_TRUE(md) << md.error().describe();
  return md ? *md : MetaData{};
}

Index index(const std::string& name, const std::string& column, bool unique = false) {
  Index i;
  i.name = name;
  i.keys = {IndexKey{.column = column}};
  i.unique = unique;
  return i;
}

std::vector<std::string> described(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const Op& op : ops) out.push_back(describe(op));
  return out;
}

using Texts = std::vector<std::string>;

TEST(SafeFormsTest, WithoutAnOptionTheOpsAreOneTransactionalRevisionUnchanged) {
  const std::vector<Op> ops = {CreateIndex{"", "hero", index("ix_hero_age", "age")}};
  Result<std::vector<RevisionPart>> parts = safe_forms("postgresql", ops, live(), {});
  ASSERT_TRUE(parts) << parts.error().describe();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].ops, ops);
  EXPECT_TRUE((*parts)[0].transactional);
  EXPECT_EQ((*parts)[0].message_suffix, "");
  // Nothing to write is one empty revision, as without the option.
  parts = safe_forms("postgresql", {}, live(), {.concurrently = true, .safe_constraints = true});
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_TRUE((*parts)[0].ops.empty());
  EXPECT_TRUE((*parts)[0].transactional);
}

TEST(SafeFormsTest, IndexChangesAloneAreOneRevisionOutsideATransactionDropsFirst) {
  Result<std::vector<RevisionPart>> parts =
      safe_forms("postgresql",
                 {CreateIndex{"", "hero", index("ix_hero_age", "age")},
                  DropIndex{"", "team", index("ix_team_old", "code")}},
                 live(), {.concurrently = true});
  ASSERT_TRUE(parts) << parts.error().describe();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_FALSE((*parts)[0].transactional);
  EXPECT_EQ((*parts)[0].message_suffix, "");
  EXPECT_EQ(described((*parts)[0].ops),
            (Texts{"drop index ix_team_old on team concurrently",
                   "create index ix_hero_age on hero (age) concurrently"}));
}

TEST(SafeFormsTest, WithOtherOpsDropsGoBeforeThemAndCreatesAfterThem) {
  Column rank;
  rank.name = "rank";
  rank.type = *parse_type("integer");
  rank.nullable = true;
  Table fresh;
  fresh.name = "mission";
  Column id;
  id.name = "id";
  id.type = *parse_type("bigint");
  id.primary_key = true;
  fresh.columns = {id};
  const std::vector<Op> ops = {
      DropIndex{"", "team", index("ix_team_old", "code")},
      // Backs hero's foreign key: PostgreSQL refuses to drop it first.
      DropIndex{"", "team", index("ux_team_code", "code", true)},
      AddColumn{"", "hero", rank},
      CreateTable{fresh},
      // On the table just created: empty, no lock to mind.
      CreateIndex{"", "mission", index("ix_mission_id", "id")},
      // On the new column: built after it exists.
      CreateIndex{"", "hero", index("ix_hero_rank", "rank")},
      // A partitioned table cannot build an index CONCURRENTLY.
      CreateIndex{"", "orders", index("ix_orders_id", "id")},
  };
  Result<std::vector<RevisionPart>> parts =
      safe_forms("postgresql", ops, live(), {.concurrently = true});
  ASSERT_TRUE(parts) << parts.error().describe();
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_FALSE((*parts)[0].transactional);
  EXPECT_EQ((*parts)[0].message_suffix, ": drop indexes concurrently");
  EXPECT_EQ(described((*parts)[0].ops), (Texts{"drop index ix_team_old on team concurrently"}));
  EXPECT_TRUE((*parts)[1].transactional);
  EXPECT_EQ((*parts)[1].message_suffix, "");
  EXPECT_EQ(described((*parts)[1].ops),
            (Texts{"drop index ux_team_code on team", "add column hero.rank (integer, nullable)",
                   "create table mission (1 columns)", "create index ix_mission_id on mission (id)",
                   "create index ix_orders_id on orders (id)"}));
  EXPECT_FALSE((*parts)[2].transactional);
  EXPECT_EQ((*parts)[2].message_suffix, ": create indexes concurrently");
  EXPECT_EQ(described((*parts)[2].ops),
            (Texts{"create index ix_hero_rank on hero (rank) concurrently"}));
}

TEST(SafeFormsTest, AUniqueIndexANewForeignKeyNeedsIsBuiltWithIt) {
  const std::vector<Op> ops = {
      CreateIndex{"", "hero", index("ux_hero_age", "age", true)},
      AddForeignKey{"", "team",
                    [] {
                      ForeignKey k;
                      k.name = "fk_team_code_hero";
                      k.columns = {"code"};
                      k.ref_table = "hero";
                      k.ref_columns = {"age"};
                      return k;
                    }()},
  };
  Result<std::vector<RevisionPart>> parts =
      safe_forms("postgresql", ops, live(), {.concurrently = true});
  ASSERT_TRUE(parts) << parts.error().describe();
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_TRUE((*parts)[0].transactional);
  EXPECT_EQ((*parts)[0].ops, ops);
}

TEST(SafeFormsTest, ConstraintsOnExistingTablesAreAddedNotValidAndValidatedAfterwards) {
  ForeignKey fk;
  fk.name = "fk_hero_team_code_team";
  fk.columns = {"team_code"};
  fk.ref_table = "team";
  fk.ref_columns = {"code"};
  CheckConstraint check{.name = "ck_hero_age", .sql = "age >= 0"};
  Table fresh;
  fresh.name = "mission";
  const std::vector<Op> ops = {
      AddForeignKey{"", "hero", fk},
      AddCheck{"", "hero", check},
      // A table created by the same ops has no rows to scan.
      CreateTable{fresh},
      AddCheck{"", "mission", CheckConstraint{.name = "ck_mission", .sql = "true"}},
  };
  Result<std::vector<RevisionPart>> parts =
      safe_forms("postgresql", ops, live(), {.safe_constraints = true});
  ASSERT_TRUE(parts) << parts.error().describe();
  ASSERT_EQ(parts->size(), 2u);
  const RevisionPart& added = (*parts)[0];
  EXPECT_TRUE(added.transactional);
  ASSERT_EQ(added.ops.size(), 4u);
  EXPECT_TRUE(std::get<AddForeignKey>(added.ops[0]).foreign_key.not_valid);
  EXPECT_TRUE(std::get<AddCheck>(added.ops[1]).check.not_valid);
  EXPECT_FALSE(std::get<AddCheck>(added.ops[3]).check.not_valid);
  const RevisionPart& validated = (*parts)[1];
  EXPECT_TRUE(validated.transactional);
  EXPECT_EQ(validated.message_suffix, ": validate constraints");
  EXPECT_EQ(validated.ops,
            (std::vector<Op>{ValidateConstraint{"", "hero", "fk_hero_team_code_team"},
                             ValidateConstraint{"", "hero", "ck_hero_age"}}));
}

TEST(SafeFormsTest, SqliteRefusesEitherForm) {
  for (SafeFormOptions options :
       {SafeFormOptions{.concurrently = true}, SafeFormOptions{.safe_constraints = true}}) {
    Result<std::vector<RevisionPart>> parts = safe_forms("sqlite", {}, live(), options);
    ASSERT_FALSE(parts);
    EXPECT_EQ(parts.error().code, ErrorCode::kBadInput);
    EXPECT_NE(parts.error().message.find("is for PostgreSQL; this database is sqlite"),
              std::string::npos)
        << parts.error().describe();
  }
  // Without an option SQLite is as before.
  EXPECT_TRUE(safe_forms("sqlite", {}, live(), {}));
}

}  // namespace
}  // namespace retort
