// Constraint properties in core: models.toml keys read and written back
// (deferrable unique and primary keys, MATCH FULL and NOT VALID foreign
// keys, NOT VALID and NO INHERIT checks, exclusion constraints), their ops'
// entries, inverses and apply, and what the comparator makes of them.
#include <gtest/gtest.h>

#include "core/comparator.hpp"
#include "core/internal/ops_toml.hpp"
#include "core/models_toml.hpp"
#include "core/ops.hpp"

namespace retort {
namespace {

constexpr const char* kModels = R"toml(
[[table]]
name = "room"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "text" },
]
unique = [ { name = "uq_room_name", columns = ["name"], deferrable = true, initially_deferred = true } ]

[[table]]
name = "booking"
primary_key_deferrable = true
primary_key_initially_deferred = true
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "room_id", type = "integer" },
  { name = "during", type = "tstzrange", native = true },
  { name = "note", type = "text", nullable = true },
]
foreign_keys = [
  { name = "fk_booking_room", columns = ["room_id"], references = "room", ref_columns = ["id"], match = "full", not_valid = true },
]
checks = [ { name = "ck_booking_note", sql = "note <> ''", not_valid = true, no_inherit = true } ]
exclusions = [
  { name = "ex_booking_room", using = "gist", elements = [ { expression = "int4range(room_id, room_id, '[]')", op = "=" }, { column = "during", op = "&&" } ], include = ["note"], where = "note IS NOT NULL", deferrable = true },
]
)toml";

MetaData models() {
  Result<MetaData> md = read_models(kModels, "models.toml");
  EXPECT_TRUE(md.ok()) << md.error().describe();
  return md.ok() ? *md : MetaData{};
}

TEST(ConstraintPropertiesToml, EveryKeyIsRead) {
  const MetaData md = models();
  const Table* room = md.find_table("", "room");
  const Table* booking = md.find_table("", "booking");
  ASSERT_NE(room, nullptr);
  ASSERT_NE(booking, nullptr);
  ASSERT_EQ(room->uniques.size(), 1u);
  EXPECT_TRUE(room->uniques[0].deferrable);
  EXPECT_TRUE(room->uniques[0].initially_deferred);
  EXPECT_TRUE(booking->primary_key_deferrable);
  EXPECT_TRUE(booking->primary_key_initially_deferred);
  ASSERT_EQ(booking->foreign_keys.size(), 1u);
  EXPECT_TRUE(booking->foreign_keys[0].match_full);
  EXPECT_TRUE(booking->foreign_keys[0].not_valid);
  ASSERT_EQ(booking->checks.size(), 1u);
  EXPECT_TRUE(booking->checks[0].not_valid);
  EXPECT_TRUE(booking->checks[0].no_inherit);
  ASSERT_EQ(booking->exclusions.size(), 1u);
  const ExclusionConstraint& x = booking->exclusions[0];
  EXPECT_EQ(x.name, "ex_booking_room");
  EXPECT_EQ(x.method, "gist");
  ASSERT_EQ(x.elements.size(), 2u);
  EXPECT_EQ(x.elements[0].key.expression, "int4range(room_id, room_id, '[]')");
  EXPECT_EQ(x.elements[0].op, "=");
  EXPECT_EQ(x.elements[1].key.column, "during");
  EXPECT_EQ(x.elements[1].op, "&&");
  EXPECT_EQ(x.include, (std::vector<std::string>{"note"}));
  EXPECT_EQ(x.where, "note IS NOT NULL");
  EXPECT_TRUE(x.deferrable);
  EXPECT_FALSE(x.initially_deferred);
}

TEST(ConstraintPropertiesToml, WriteThenReadIsEqual) {
  const MetaData md = models();
  const std::string written = write_models(md);
  for (const char* key : {"primary_key_deferrable = true", "match = \"full\"", "not_valid = true",
                          "no_inherit = true", "exclusions = [", "initially_deferred = true"}) {
    EXPECT_NE(written.find(key), std::string::npos) << key << "\n" << written;
  }
  Result<MetaData> again = read_models(written, "written.toml");
  ASSERT_TRUE(again.ok()) << again.error().describe() << "\n" << written;
  EXPECT_EQ(*again, md) << written;
  EXPECT_EQ(write_models(*again), written);
}

// Keys at their default are not written, so entries (and the checksums of
// revision files) made before these keys existed stay as they were.
TEST(ConstraintPropertiesToml, DefaultsAreNotWritten) {
  Result<MetaData> md = read_models(R"toml(
[[table]]
name = "t"
columns = [ { name = "id", type = "integer", primary_key = true }, { name = "a", type = "integer" } ]
unique = [ { name = "uq_t_a", columns = ["a", "id"] } ]
foreign_keys = [ { name = "fk_t_t", columns = ["a"], references = "t", ref_columns = ["id"] } ]
checks = [ { name = "ck_t_a", sql = "a > 0" } ]
)toml",
                                    "models.toml");
  ASSERT_TRUE(md.ok()) << md.error().describe();
  const std::string written = write_models(*md);
  for (const char* key : {"deferrable", "match", "not_valid", "no_inherit", "exclusions"}) {
    EXPECT_EQ(written.find(key), std::string::npos) << key << "\n" << written;
  }
}

TEST(ConstraintPropertiesOps, EntriesRoundTrip) {
  const MetaData md = models();
  const Table& booking = *md.find_table("", "booking");
  AlterPrimaryKey pk{.schema = "",
                     .table = "booking",
                     .name = "booking_pkey",
                     .columns = {"id"},
                     .existing = {"id"},
                     .deferrable = true,
                     .initially_deferred = true};
  for (const Op& op : {Op{AddExclusion{"", "booking", booking.exclusions[0]}},
                       Op{DropExclusion{"", "booking", booking.exclusions[0]}},
                       Op{ValidateConstraint{"", "booking", "fk_booking_room"}},
                       Op{ValidateConstraint{"", "booking", "fk_booking_room", true}}, Op{pk},
                       Op{AddForeignKey{"", "booking", booking.foreign_keys[0]}},
                       Op{AddCheck{"", "booking", booking.checks[0]}}}) {
    Result<Op> back = op_from_toml(op_to_toml(op), "rev.toml");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_EQ(*back, op) << describe(op);
  }
  // The inverse swaps the key's deferrability before and after.
  const auto back = std::get<AlterPrimaryKey>(*inverse(pk));
  EXPECT_FALSE(back.deferrable);
  EXPECT_FALSE(back.initially_deferred);
  EXPECT_TRUE(back.existing_deferrable);
  EXPECT_TRUE(back.existing_initially_deferred);
  EXPECT_EQ(*inverse(back), Op(pk));
  // Entries written before the keys existed read as before.
  const toml::table old = toml::parse(
      "op = \"alter_primary_key\"\ntable = \"t\"\ncolumns = [\"a\"]\nexisting = [\"b\"]\n");
  Result<Op> read = op_from_toml(old, "rev.toml");
  ASSERT_TRUE(read.ok()) << read.error().describe();
  EXPECT_EQ(*read, Op(AlterPrimaryKey{"", "t", "", {"a"}, {"b"}}));
  EXPECT_EQ(op_to_toml(*read), old);
}

// validate_constraint marks the constraint valid; its inverse marks it NOT
// VALID again in the schema held in memory (and runs no SQL).
TEST(ConstraintPropertiesOps, ValidateAndItsInverse) {
  MetaData md = models();
  const ValidateConstraint validate{"", "booking", "fk_booking_room"};
  ASSERT_TRUE(apply(md, validate).ok());
  EXPECT_FALSE(md.find_table("", "booking")->foreign_keys[0].not_valid);
  std::optional<Op> undo = inverse(validate);
  ASSERT_TRUE(undo.has_value());
  EXPECT_EQ(std::get<ValidateConstraint>(*undo).mark_not_valid, true);
  EXPECT_NE(describe(*undo).find("not valid"), std::string::npos) << describe(*undo);
  ASSERT_TRUE(apply(md, *undo).ok());
  EXPECT_EQ(md, models());
  EXPECT_FALSE(apply(md, ValidateConstraint{"", "booking", "no_such"}).ok());
}

TEST(ConstraintPropertiesOps, ExclusionAddDropApply) {
  MetaData md = models();
  const ExclusionConstraint x = md.find_table("", "booking")->exclusions[0];
  ASSERT_TRUE(apply(md, DropExclusion{"", "booking", x}).ok());
  EXPECT_TRUE(md.find_table("", "booking")->exclusions.empty());
  EXPECT_FALSE(apply(md, DropExclusion{"", "booking", x}).ok());
  ASSERT_TRUE(apply(md, *inverse(DropExclusion{"", "booking", x})).ok());
  EXPECT_EQ(md, models());
  // A column an exclusion uses: dropping it drops the exclusion, renaming
  // it renames it there.
  ASSERT_TRUE(apply(md, RenameColumn{"", "booking", "room_id", "room"}).ok());
  EXPECT_EQ(md.find_table("", "booking")->exclusions[0].elements[0].key.expression,
            "int4range(room, room, '[]')");
  ASSERT_TRUE(apply(md, DropColumn{"", "booking", "during", std::nullopt}).ok());
  EXPECT_TRUE(md.find_table("", "booking")->exclusions.empty());
}

// The comparator: NOT VALID is satisfied by a valid constraint; dropping it
// from a declaration validates; other properties are drop + add, or an
// alter_primary_key for the key.
TEST(ConstraintPropertiesCompare, NotValidAndDeferrability) {
  const MetaData declared = models();
  MetaData database = declared;
  Table& booking = *database.find_table("", "booking");
  booking.foreign_keys[0].not_valid = false;
  booking.checks[0].not_valid = false;
  EXPECT_TRUE(compare(database, declared).empty());

  MetaData validated = declared;
  validated.find_table("", "booking")->foreign_keys[0].not_valid = false;
  const std::vector<Op> ops = compare(declared, validated);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(ops[0], Op(ValidateConstraint{"", "booking", "fk_booking_room"}));

  MetaData key = declared;
  key.find_table("", "booking")->primary_key_deferrable = false;
  key.find_table("", "booking")->primary_key_initially_deferred = false;
  const std::vector<Op> key_ops = compare(declared, key);
  ASSERT_EQ(key_ops.size(), 1u);
  const auto* pk = std::get_if<AlterPrimaryKey>(&key_ops[0]);
  ASSERT_NE(pk, nullptr);
  EXPECT_FALSE(pk->deferrable);
  EXPECT_TRUE(pk->existing_deferrable);
  EXPECT_TRUE(pk->existing_initially_deferred);

  MetaData no_exclusion = declared;
  no_exclusion.find_table("", "booking")->exclusions.clear();
  const std::vector<Op> drop = compare(declared, no_exclusion);
  ASSERT_EQ(drop.size(), 1u);
  EXPECT_EQ(op_name(drop[0]), "drop_exclusion");
  const std::vector<Op> add = compare(no_exclusion, declared);
  ASSERT_EQ(add.size(), 1u);
  EXPECT_EQ(op_name(add[0]), "add_exclusion");
}

TEST(ConstraintPropertiesToml, BadValuesNameFileAndLine) {
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"foreign_keys = [ { columns = [\"a\"], references = \"t\", ref_columns = [\"id\"], "
            "match = \"partial\" } ]",
            "`match` must be"},
           {"unique = [ { columns = [\"a\"], initially_deferred = true } ]",
            "needs `deferrable = true`"},
           {"exclusions = [ { name = \"x\", elements = [] } ]", "needs `elements`"},
           {"exclusions = [ { elements = [ { column = \"a\", op = \"=\" } ] } ]", "`name`"},
           {"exclusions = [ { name = \"x\", elements = [ { column = \"a\", op = \"\" } ] } ]",
            "`op` may not be empty"},
           {"primary_key_deferrable = \"yes\"", "primary_key_deferrable"},
       }) {
    const std::string models =
        "[[table]]\nname = \"t\"\ncolumns = [ { name = \"id\", type = \"integer\", primary_key "
        "= true }, { name = \"a\", type = \"integer\" } ]\n" +
        text + "\n";
    Result<MetaData> md = read_models(models, "models.toml");
    ASSERT_FALSE(md.ok()) << text;
    EXPECT_EQ(md.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(md.error().file, "models.toml");
    EXPECT_EQ(md.error().line, 4) << text << ": " << md.error().describe();
    EXPECT_NE(md.error().describe().find(message), std::string::npos) << md.error().describe();
  }
}

}  // namespace
}  // namespace retort
