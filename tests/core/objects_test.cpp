// Schemas, extensions, sequences, domains and composite types in core:
// models.toml sections read and written back with their errors, and the
// comparator's order (objects before the tables, OWNED BY split around
// them, drops last, a change ALTER cannot make as a drop and a create).
#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <optional>
#include <string>
#include <vector>

#include "core/comparator.hpp"
#include "core/internal/ops_toml.hpp"
#include "core/models_toml.hpp"
#include "core/ops.hpp"

namespace retort {
namespace {

MetaData read(const std::string& text) {
  Result<MetaData> md = read_models(text, "models.toml");
  EXPECT_TRUE(md) << (md ? "" : md.error().describe());
  return md ? *md : MetaData{};
}

std::vector<std::string> names(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const Op& op : ops) out.emplace_back(op_name(op));
  return out;
}

constexpr const char* kInvoice = R"t(
[[table]]
name = "invoice"
columns = [
  { name = "id", type = "integer", primary_key = true, autoincrement = false },
  { name = "legacy_no", type = "integer", nullable = true },
]
)t";

TEST(ObjectsTest, EverySectionReadsBackAsWritten) {
  const MetaData md = read(std::string(kInvoice) + R"t(
[[schema]]
name = "billing"
comment = "Invoices"

[[extension]]
name = "citext"
version = "1.6"

[[sequence]]
name = "legacy"
type = "integer"
start = 10
cycle = true
owned_by = "invoice.legacy_no"

[[domain]]
name = "amount"
type = "numeric(10,2)"
default = 0
not_null = true
checks = [ { expression = "VALUE >= 0" }, { expression = "VALUE < 100" }, { name = "a", expression = "VALUE <> 7" } ]

[[composite_type]]
name = "address"
schema = "billing"
attributes = [ { name = "street", type = "text" }, { name = "zip", type = "char(5)", collation = "C" } ]
)t");
  ASSERT_EQ(md.domains.size(), 1u);
  // Unnamed checks get PostgreSQL's names; checks are kept in name order.
  std::vector<std::string> checks;
  for (const DomainCheck& c : md.domains[0].checks) checks.push_back(c.name);
  EXPECT_EQ(checks, (std::vector<std::string>{"a", "amount_check", "amount_check1"}));
  ASSERT_EQ(md.sequences.size(), 1u);
  EXPECT_EQ(md.sequences[0].type.kind, TypeKind::kInteger);
  EXPECT_EQ(md.sequences[0].options.start, 10);
  const MetaData again = read(write_models(md));
  EXPECT_TRUE(again == md) << write_models(md);
  EXPECT_EQ(write_models(again), write_models(md));
}

TEST(ObjectsTest, AnOwnedSequenceIsCreatedBeforeItsTableAndOwnedAfterIt) {
  const MetaData md = read(std::string(kInvoice) + R"t(
[[sequence]]
name = "legacy"
owned_by = "invoice.legacy_no"
)t");
  const std::vector<Op> up = compare(MetaData{}, md);
  EXPECT_EQ(names(up),
            (std::vector<std::string>{"create_sequence", "create_table", "alter_sequence"}));
  EXPECT_TRUE(std::get<CreateSequence>(up[0]).object.owned_by.empty());
  EXPECT_EQ(std::get<AlterSequence>(up[2]).object.owned_by, "invoice.legacy_no");
  // The way back: the owner is cleared before the table goes (else DROP
  // TABLE takes the sequence with it), the sequence dropped after it.
  const std::vector<Op> down = compare(md, MetaData{});
  EXPECT_EQ(names(down),
            (std::vector<std::string>{"alter_sequence", "drop_table", "drop_sequence"}));
  MetaData played;
  for (const Op& op : up) ASSERT_TRUE(apply(played, op)) << describe(op);
  EXPECT_TRUE(played == md);
  for (const Op& op : down) ASSERT_TRUE(apply(played, op)) << describe(op);
  EXPECT_TRUE(played == MetaData{});
}

TEST(ObjectsTest, ObjectsComeBeforeTablesAndGoAfterThemInDependencyOrder) {
  const MetaData md = read(std::string(kInvoice) + R"t(
[[schema]]
name = "billing"
[[extension]]
name = "citext"
[[domain]]
name = "amount"
type = "integer"
[[composite_type]]
name = "pair"
attributes = [ { name = "a", type = "amount", native = true } ]
)t");
  EXPECT_EQ(names(compare(MetaData{}, md)),
            (std::vector<std::string>{"create_schema", "create_extension", "create_domain",
                                      "create_composite_type", "create_table"}));
  MetaData only_extension;
  only_extension.extensions.push_back(Extension{.name = "other"});
  EXPECT_EQ(names(compare(md, only_extension)),
            (std::vector<std::string>{"create_extension", "drop_table", "drop_composite_type",
                                      "drop_domain", "drop_extension", "drop_schema"}));
}

TEST(ObjectsTest, ChangesAlterInPlaceWhereTheServerCanAndReplaceOtherwise) {
  const MetaData before = read(R"t(
[[domain]]
name = "amount"
type = "integer"
[[composite_type]]
name = "pair"
attributes = [ { name = "a", type = "integer" }, { name = "b", type = "text" } ]
[[extension]]
name = "citext"
version = "1.5"
)t");
  MetaData after = before;
  after.domains[0].not_null = true;
  after.composite_types[0].attributes.push_back({.name = "c", .type = after.domains[0].type});
  after.extensions[0].version = "1.6";
  EXPECT_EQ(names(compare(before, after)),
            (std::vector<std::string>{"alter_extension", "alter_domain", "alter_composite_type"}));

  MetaData replaced = before;
  replaced.domains[0].type.kind = TypeKind::kBigint;
  std::swap(replaced.composite_types[0].attributes[0], replaced.composite_types[0].attributes[1]);
  EXPECT_EQ(names(compare(before, replaced)),
            (std::vector<std::string>{"drop_domain", "drop_composite_type", "create_domain",
                                      "create_composite_type"}));

  // A version the models leave out is whatever the database has.
  MetaData any_version = before;
  any_version.extensions[0].version.clear();
  EXPECT_TRUE(compare(before, any_version).empty());
}

TEST(ObjectsTest, ExtensionsAreDroppedOnlyOnceTheModelsDeclareOne) {
  const MetaData live = read("[[extension]]\nname = \"pg_stat_statements\"\n");
  // Models that never name an extension leave the database's alone.
  EXPECT_TRUE(compare(live, MetaData{}).empty());
  const MetaData models = read("[[extension]]\nname = \"citext\"\n");
  EXPECT_EQ(names(compare(live, models)),
            (std::vector<std::string>{"create_extension", "drop_extension"}));
}

TEST(ObjectsTest, AnImpliedSchemaNeedsNoOpAndAnUnusedOneIsDropped) {
  MetaData live = read("[[schema]]\nname = \"billing\"\n[[schema]]\nname = \"old\"\n");
  MetaData models = read(R"t(
[[table]]
name = "invoice"
schema = "billing"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)t");
  EXPECT_EQ(names(compare(live, models)),
            (std::vector<std::string>{"create_table", "drop_schema"}));
  EXPECT_EQ(names(compare(MetaData{}, models)), (std::vector<std::string>{"create_table"}));

  // A comment given later to a schema that so far was only implied is an
  // alter of it, which plays on a schema that holds no Schema object.
  MetaData commented = models;
  commented.schemas.push_back(Schema{.name = "billing", .comment = "Invoices"});
  const std::vector<Op> ops = compare(models, commented);
  ASSERT_EQ(names(ops), (std::vector<std::string>{"alter_schema"}));
  MetaData played = models;
  ASSERT_TRUE(apply(played, ops[0])) << describe(ops[0]);
  ASSERT_NE(played.find_schema("billing"), nullptr);
  EXPECT_EQ(played.find_schema("billing")->comment, "Invoices");
  ASSERT_TRUE(apply(played, *inverse(ops[0])));
  EXPECT_EQ(played.find_schema("billing")->comment, "");

  // A hand-written drop_schema of a schema that was only implied (its last
  // table dropped by an earlier op) plays too; one that still holds
  // something does not.
  MetaData emptied = models;
  emptied.tables.clear();
  EXPECT_TRUE(apply(emptied, Op{DropSchema{Schema{.name = "billing"}}}));
  MetaData full = models;
  EXPECT_FALSE(apply(full, Op{DropSchema{Schema{.name = "billing"}}}));
}

struct BadSection {
  const char* text;
  int line;
  const char* message;
};

TEST(ObjectsTest, BadSectionsNameTheLine) {
  const BadSection cases[] = {
      {"[[sequence]]\nname = \"s\"\nincrement = 0\n", 3, "may not be 0"},
      {"[[sequence]]\nname = \"s\"\nstart = \"1\"\n", 3, "must be an integer"},
      {"[[domain]]\nname = \"d\"\n", 1, "type"},
      {"[[domain]]\nname = \"d\"\ntype = \"enum\"\n", 3, "[[enum]]"},
      {"[[domain]]\nname = \"d\"\ntype = \"text\"\ndefault = 1\ndefault_sql = \"1\"\n", 5,
       "not both"},
      {"[[composite_type]]\nname = \"t\"\nattributes = [ { name = \"a\", type = \"text\" },\n"
       "  { name = \"a\", type = \"text\" } ]\n",
       4, "two attributes named a"},
      {"[[schema]]\nname = \"\"\n", 2, "non-empty"},
      {"[[extension]]\nname = \"x\"\n\n[[extension]]\nname = \"x\"\n", 4, "duplicate extension x"},
      {"schema = 1\n", 1, "must be an array"},
  };
  for (const BadSection& c : cases) {
    Result<MetaData> md = read_models(c.text, "models.toml");
    ASSERT_FALSE(md) << c.text;
    EXPECT_EQ(md.error().line, c.line) << c.text << md.error().describe();
    EXPECT_NE(md.error().describe().find(c.message), std::string::npos)
        << c.text << md.error().describe();
  }
}

TEST(ObjectsTest, AnAlterEntryNamingAnotherObjectIsRefused) {
  const toml::table entry = toml::parse(R"t(
op = "alter_schema"
name = "billing"
existing = { name = "sales" }
)t");
  Result<Op> op = op_from_toml(entry, "r.toml");
  ASSERT_FALSE(op);
  EXPECT_NE(op.error().describe().find("`existing` names schema sales, not schema billing"),
            std::string::npos)
      << op.error().describe();
  // The inverse of an alter swaps the two objects.
  AlterSchema alter{Schema{.name = "billing", .comment = "new"},
                    Schema{.name = "billing", .comment = "old"}};
  const std::optional<Op> back = inverse(Op{alter});
  ASSERT_TRUE(back);
  EXPECT_EQ(std::get<AlterSchema>(*back).object.comment, "old");
  Result<Op> read_back = op_from_toml(op_to_toml(Op{alter}), "r.toml");
  ASSERT_TRUE(read_back) << read_back.error().describe();
  EXPECT_TRUE(*read_back == Op{alter});
}

}  // namespace
}  // namespace retort
