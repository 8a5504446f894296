// Constraint properties on a real server: each op that carries them,
// compiled and run, leaves the database reflecting what apply(op) predicts
// (deferrable keys, MATCH FULL, NOT VALID, NO INHERIT, exclusion
// constraints, validate_constraint and its inverse); and the changes the
// server cannot make in place are refused (Dialect::refuse_in_place).
#include <gtest/gtest.h>

#include "dialects/postgresql/pg_ddl.hpp"
#include "tests/dialects/postgresql/pg_test_util.hpp"

namespace retort::testing {
namespace {

class PgConstraintPropertiesTest : public PgTest {
 protected:
  void step(const Op& op) {
    SCOPED_TRACE(describe(op));
    MetaData before = inspect();
    MetaData expected = before;
    ASSERT_TRUE(apply(expected, op).ok());
    expected = dialect().normalize(expected);
    ASSERT_NO_FATAL_FAILURE(run_op(op, before));
    MetaData after = inspect();
    EXPECT_EQ(describe_all(compare(after, expected)), "no ops");
    EXPECT_TRUE(after == expected) << "reflected schema differs from apply(op)";
  }

  static Table room() { return table("room", {pk("id"), col("name", "text")}); }
  static Table booking() {
    Column during = col("during", "text", true);
    during.type = Type{};
    during.type.kind = TypeKind::kNative;
    during.type.native = "tstzrange";
    during.type.native_marked = true;
    return table("booking",
                 {pk("id"), col("room_id", "integer", true), during, col("note", "text", true)});
  }
  static ForeignKey room_key() {
    ForeignKey fk;
    fk.name = "fk_booking_room";
    fk.columns = {"room_id"};
    fk.ref_table = "room";
    fk.ref_columns = {"id"};
    return fk;
  }
  std::string scalar(const std::string& query) {
    auto rows = conn().query(query);
    EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().describe());
    if (!rows.ok() || rows->rows.size() != 1 || !rows->rows[0][0]) return "";
    return *rows->rows[0][0];
  }
};

TEST_F(PgConstraintPropertiesTest, EveryPropertyIsMadeAndReflected) {
  Table r = room();
  r.uniques.push_back(UniqueConstraint{
      .name = "uq_room_name", .columns = {"name"}, .deferrable = true, .initially_deferred = true});
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{r}));
  Table b = booking();
  b.primary_key_deferrable = true;
  b.checks.push_back(
      CheckConstraint{.name = "ck_booking_note", .sql = "note <> ''", .no_inherit = true});
  b.exclusions.push_back(ExclusionConstraint{
      .name = "ex_booking_room",
      .elements = {ExclusionElement{expr("int4range(room_id, room_id, '[]')"), "="},
                   ExclusionElement{key("during"), "&&"}},
      .include = {"note"},
      .where = "note IS NOT NULL",
      .deferrable = true,
      .initially_deferred = true});
  ASSERT_NO_FATAL_FAILURE(step(CreateTable{b}));
  ASSERT_NO_FATAL_FAILURE(sql("INSERT INTO room VALUES (1, 'Blue')"));
  ASSERT_NO_FATAL_FAILURE(sql("INSERT INTO booking VALUES (1, 7, '[2024-01-01,2024-01-02)', 'x')"));

  // A foreign key over rows that break it: NOT VALID, MATCH FULL.
  ForeignKey fk = room_key();
  fk.match_full = true;
  fk.not_valid = true;
  ASSERT_NO_FATAL_FAILURE(step(AddForeignKey{"", "booking", fk}));
  EXPECT_EQ(scalar("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE conname = 'fk_booking_room'"),
            "FOREIGN KEY (room_id) REFERENCES room(id) MATCH FULL NOT VALID");
  ASSERT_NO_FATAL_FAILURE(
      step(AddCheck{"", "booking",
                    CheckConstraint{.name = "ck_booking_id", .sql = "id > 1", .not_valid = true}}));
  EXPECT_EQ(scalar("SELECT convalidated::text FROM pg_constraint WHERE conname = 'ck_booking_id'"),
            "false");

  // Validating fails on the rows; once they are fixed it passes, and the
  // inverse leaves the database valid (a schema-only mark).
  ASSERT_NO_FATAL_FAILURE(sql("UPDATE booking SET room_id = 1, id = 2"));
  ASSERT_NO_FATAL_FAILURE(step(ValidateConstraint{"", "booking", "fk_booking_room"}));
  EXPECT_EQ(scalar("SELECT convalidated::text FROM pg_constraint WHERE conname = "
                   "'fk_booking_room'"),
            "true");
  const Op undo = *inverse(ValidateConstraint{"", "booking", "fk_booking_room"});
  auto none = dialect().compile(undo, inspect());
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());

  // The key's deferrability, both ways.
  ASSERT_NO_FATAL_FAILURE(step(AlterPrimaryKey{.schema = "",
                                               .table = "booking",
                                               .name = "booking_pkey",
                                               .columns = {"id"},
                                               .existing = {"id"},
                                               .deferrable = true,
                                               .initially_deferred = true,
                                               .existing_deferrable = true}));
  EXPECT_EQ(scalar("SELECT condeferred::text FROM pg_constraint WHERE conname = 'booking_pkey'"),
            "true");
  ASSERT_NO_FATAL_FAILURE(step(AlterPrimaryKey{.schema = "",
                                               .table = "booking",
                                               .name = "booking_pkey",
                                               .columns = {"id"},
                                               .existing = {"id"},
                                               .existing_deferrable = true,
                                               .existing_initially_deferred = true}));
  EXPECT_EQ(scalar("SELECT condeferrable::text FROM pg_constraint WHERE conname = 'booking_pkey'"),
            "false");

  const ExclusionConstraint x = inspect().find_table("", "booking")->exclusions.at(0);
  ASSERT_NO_FATAL_FAILURE(step(DropExclusion{"", "booking", x}));
  ASSERT_NO_FATAL_FAILURE(step(AddExclusion{"", "booking", x}));
  const std::string def = scalar(
      "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ex_booking_room'");
  for (const char* part : {"EXCLUDE USING gist (int4range(room_id, room_id, '[]'::text) WITH =, "
                           "during WITH &&) INCLUDE (note) WHERE (",
                           "note IS NOT NULL", "DEFERRABLE INITIALLY DEFERRED"}) {
    EXPECT_NE(def.find(part), std::string::npos) << part << "\n" << def;
  }
}

// A key a foreign key references cannot become deferrable.
TEST_F(PgConstraintPropertiesTest, DeferrableKeyThatAForeignKeyUsesIsRefused) {
  MetaData before;
  before.tables.push_back(room());
  Table b = booking();
  b.foreign_keys.push_back(room_key());
  before.tables.push_back(b);
  before.finish();

  Status pk = dialect().refuse_in_place(AlterPrimaryKey{.schema = "",
                                                        .table = "room",
                                                        .name = "room_pkey",
                                                        .columns = {"id"},
                                                        .existing = {"id"},
                                                        .deferrable = true},
                                        before);
  ASSERT_FALSE(pk.ok());
  EXPECT_EQ(pk.error().code, ErrorCode::kBadInput);
  EXPECT_NE(pk.error().message.find("make the primary key of \"room\" deferrable"),
            std::string::npos)
      << pk.error().describe();
  EXPECT_NE(pk.error().message.find("fk_booking_room on booking"), std::string::npos);
  EXPECT_NE(pk.error().hint.find("drop those foreign keys"), std::string::npos);

  Status unique = dialect().refuse_in_place(
      AddUnique{"", "booking",
                UniqueConstraint{.name = "uq_booking_id", .columns = {"id"}, .deferrable = true}},
      before);
  EXPECT_TRUE(unique.ok()) << "nothing references booking.id";
  Status room_unique = dialect().refuse_in_place(
      AddUnique{"", "room",
                UniqueConstraint{.name = "uq_room_id", .columns = {"id"}, .deferrable = true}},
      before);
  EXPECT_FALSE(room_unique.ok());
  EXPECT_TRUE(dialect()
                  .refuse_in_place(AlterPrimaryKey{.schema = "",
                                                   .table = "room",
                                                   .name = "room_pkey",
                                                   .columns = {"id"},
                                                   .existing = {"id"},
                                                   .existing_deferrable = true},
                                   before)
                  .ok());
}

}  // namespace
}  // namespace retort::testing
