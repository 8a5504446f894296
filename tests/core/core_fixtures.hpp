// Fixtures shared by the core tests: the kitchen-sink schema, and one op of
// every kind that applies cleanly to it.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/models_toml.hpp"
#include "core/ops.hpp"
#include "tests/core/sample_models.hpp"

namespace retort::testing {

inline MetaData kitchen_sink() {
  Result<MetaData> md = read_models(kKitchenSinkModels, "models.toml");
  if (!md) {
    ADD_FAILURE() << md.error().describe();
    return {};
  }
  return *md;
}

inline Column make_column(std::string name, const char* type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = *parse_type(type);
  c.nullable = nullable;
  return c;
}

// One op of every kind, each valid against kitchen_sink() on its own.
inline std::vector<Op> every_op(const MetaData& md) {
  const Table& hero = *md.find_table("", "hero");
  const Table& counter = *md.find_table("", "counter");
  const Table& mission = *md.find_table("ops", "mission");

  Sequence ticket_no_altered = *md.find_sequence("ops", "ticket_no");
  ticket_no_altered.options.increment = 10;
  ticket_no_altered.owned_by.clear();
  Domain positive_altered = *md.find_domain("", "positive");
  positive_altered.not_null = false;
  positive_altered.checks.push_back({.name = "positive_small", .expression = "VALUE < 1000"});
  CompositeType address_altered = *md.find_composite_type("ops", "address");
  address_altered.attributes.push_back({.name = "city", .type = make_column("x", "text").type});
  Trigger hero_touch_altered = md.triggers.at(0);
  hero_touch_altered.state = "disabled";
  Function hero_count_altered = md.functions.at(0);
  hero_count_altered.sql =
      "CREATE FUNCTION ops.hero_count() RETURNS bigint LANGUAGE sql STABLE "
      "AS 'SELECT count(*) FROM hero WHERE true'";

  Table villain;
  villain.name = "villain";
  villain.comment = "Bad people";
  Column vid = make_column("id", "integer");
  vid.primary_key = true;
  villain.columns = {vid, make_column("name", "varchar(50)"), make_column("lair", "text", true)};
  villain.primary_key_name = "pk_villain";
  Index vix;
  vix.name = "ix_villain_name";
  vix.keys = {IndexKey{"name", "", SortOrder::kDesc}};
  villain.indexes = {vix};
  villain.finish();

  Column nickname = make_column("nickname", "text", true);
  nickname.default_.value = Literal{std::string("none")};
  nickname.comment = "what friends say";

  AlterColumn alter;
  alter.table = "hero";
  alter.column = "name";
  alter.type = *parse_type("varchar(200)");
  alter.nullable = true;
  alter.default_ = ColumnDefault{Literal{std::string("anon")}, std::nullopt};
  alter.comment = "the public name";
  alter.existing = *hero.find_column("name");

  AlterColumn drop_default;
  drop_default.table = "hero";
  drop_default.column = "created_at";
  drop_default.default_ = ColumnDefault{};
  drop_default.existing = *hero.find_column("created_at");

  Index secret;
  secret.name = "ix_hero_secret_name";
  secret.keys = {IndexKey{"secret_name", "", SortOrder::kAsc}};

  UniqueConstraint uq;
  uq.name = "uq_hero_token";
  uq.columns = {"token"};

  ForeignKey fk;
  fk.name = "fk_counter_value_hero";
  fk.columns = {"value"};
  fk.ref_table = "hero";
  fk.ref_columns = {"id"};
  fk.on_delete = "cascade";

  CheckConstraint ck;
  ck.name = "ck_hero_score";
  ck.sql = "score < 100";

  TableProperties stored_props;
  stored_props.storage = {"fillfactor=70"};
  stored_props.sqlite_strict = true;
  ExclusionConstraint exclusion;
  exclusion.name = "ex_hero_age";
  IndexKey age;
  age.column = "age";
  exclusion.elements = {ExclusionElement{age, "="}};
  exclusion.deferrable = true;

  View villain_names;
  villain_names.name = "villain_names";
  villain_names.query = "SELECT name, lair FROM villain\nWHERE lair IS NOT NULL";
  villain_names.comment = "Known lairs";

  BulkInsert insert;
  insert.table = "team";
  insert.rows = {{{"id", Literal{std::int64_t{1}}}, {"name", Literal{std::string("Avengers")}}},
                 {{"id", Literal{std::int64_t{2}}}, {"headquarters", Literal{std::string("NYC")}}}};

  return {
      CreateTable{villain},
      DropTable{counter},
      RenameTable{"", "team", "squad"},
      AddColumn{"", "hero", nickname},
      DropColumn{"", "counter", "value", *counter.find_column("value")},
      alter,
      drop_default,
      RenameColumn{"", "hero", "age", "years"},
      CreateIndex{"", "hero", secret},
      DropIndex{"", "hero", hero.indexes.front()},
      RenameIndex{"", "hero", hero.indexes.front().name, "ix_hero_renamed"},
      RenameConstraint{"", "hero", hero.uniques.front().name, "uq_hero_renamed"},
      AddUnique{"", "hero", uq},
      DropUnique{"", "hero", hero.uniques.front()},
      AddForeignKey{"", "counter", fk},
      DropForeignKey{"ops", "mission", mission.foreign_keys.front()},
      AddCheck{"", "hero", ck},
      DropCheck{"", "hero", hero.checks.front()},
      AlterPrimaryKey{"", "counter", "pk_counter", {"id", "value"}, {"id"}},
      SetTableComment{"", "hero", "Heroes, mostly", "People with powers"},
      CreateEnum{Enum{"", "mood", {"calm", "angry"}}},
      AlterEnum{"", "hero_status", {"active", "retired", "dead"}, {"active", "retired"}},
      DropEnum{*md.find_enum("ops", "unused_mood")},
      Execute{"UPDATE hero SET age = 0 WHERE age IS NULL", "sqlite"},
      insert,
      AttachPartition{"", "ledger_2024", "", "ledger", "FOR VALUES FROM (0) TO (100)"},
      DetachPartition{"", "ledger_old", "", "ledger", "DEFAULT"},
      AlterTable{"", "hero", stored_props, hero.properties},
      ValidateConstraint{"", "hero", "ck_hero_age", true},
      AddExclusion{"", "hero", exclusion},
      DropExclusion{"", "hero", hero.exclusions.front()},
      CreateView{villain_names},
      DropView{*md.find_view("", "hero_names")},
      RefreshView{"ops", "hero_count", true},
      CreateSchema{Schema{.name = "audit", .comment = "Who did what"}},
      DropSchema{*md.find_schema("archive")},
      AlterSchema{Schema{.name = "ops", .comment = "Operations, all"}, *md.find_schema("ops")},
      CreateExtension{Extension{.name = "pg_trgm", .schema = "ops", .version = "1.6"}},
      DropExtension{*md.find_extension("citext")},
      AlterExtension{Extension{.name = "citext", .version = "1.6"}, *md.find_extension("citext")},
      CreateSequence{Sequence{.schema = "ops",
                              .name = "order_no",
                              .options = {.start = 7, .cycle = true},
                              .owned_by = "mission.hero_id",
                              .comment = "Orders"}},
      DropSequence{*md.find_sequence("ops", "ticket_no")},
      AlterSequence{ticket_no_altered, *md.find_sequence("ops", "ticket_no")},
      CreateDomain{Domain{.name = "email",
                          .type = make_column("x", "text").type,
                          .checks = {{.name = "email_at", .expression = "VALUE LIKE '%@%'"}}}},
      DropDomain{*md.find_domain("", "positive")},
      AlterDomain{positive_altered, *md.find_domain("", "positive")},
      CreateCompositeType{CompositeType{
          .name = "point3", .attributes = {{.name = "x", .type = make_column("x", "real").type}}}},
      DropCompositeType{*md.find_composite_type("ops", "address")},
      AlterCompositeType{address_altered, *md.find_composite_type("ops", "address")},
      CreateFunction{Function{.schema = "ops",
                              .name = "greet",
                              .arguments = "text",
                              .sql = "CREATE FUNCTION ops.greet(who text) RETURNS text LANGUAGE "
                                     "sql AS $$SELECT 'hi ' || who$$",
                              .comment = "Says hi"}},
      DropFunction{md.functions.at(0)},
      AlterFunction{hero_count_altered, md.functions.at(0)},
      CreateTrigger{Trigger{.table = "hero",
                            .name = "hero_audit",
                            .sql = "CREATE TRIGGER hero_audit AFTER INSERT ON hero FOR EACH "
                                   "STATEMENT EXECUTE FUNCTION audit()",
                            .state = "always"}},
      DropTrigger{md.triggers.at(0)},
      AlterTrigger{hero_touch_altered, md.triggers.at(0)},
  };
}

}  // namespace retort::testing
