// Tests for core/internal/ops_toml.cpp: every op to TOML and back, the revision-file
// form SPEC shows, errors with file and line, and JSON output.
#include "core/internal/ops_toml.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/core/core_fixtures.hpp"

namespace retort {
namespace {

using testing::every_op;
using testing::kitchen_sink;
using testing::make_column;

toml::table parse(std::string_view text) { return toml::parse(text, std::string("rev.toml")); }

Error read_error(std::string_view text) {
  Result<Op> op = op_from_toml(parse(text), "rev.toml");
  if (op.ok()) {
    ADD_FAILURE() << "expected an error for:\n" << text;
    return {};
  }
  EXPECT_EQ(op.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(op.error().file, "rev.toml");
  return op.error();
}

TEST(OpsTomlTest, EveryOpRoundTripsThroughTheTable) {
  for (const Op& op : every_op(kitchen_sink())) {
    const toml::table entry = op_to_toml(op);
    EXPECT_EQ(entry["op"].value_or(std::string()), op_name(op));
    Result<Op> back = op_from_toml(entry, "rev.toml");
    ASSERT_TRUE(back.ok()) << op_name(op) << ": " << back.error().describe();
    EXPECT_EQ(*back, op) << op_name(op);
  }
}

TEST(OpsTomlTest, EveryOpRoundTripsThroughText) {
  for (const Op& op : every_op(kitchen_sink())) {
    // Both our formatter and toml++'s own printer give parseable text.
    for (bool ours : {true, false}) {
      std::ostringstream text;
      if (ours) {
        text << format_toml_entry(op_to_toml(op));
      } else {
        text << op_to_toml(op);
      }
      toml::table entry;
      try {
        entry = parse(text.str());
      } catch (const toml::parse_error& e) {
        FAIL() << op_name(op) << ": " << e.description() << "\n" << text.str();
      }
      Result<Op> back = op_from_toml(entry, "rev.toml");
      ASSERT_TRUE(back.ok()) << back.error().describe() << "\n" << text.str();
      EXPECT_EQ(*back, op) << text.str();
    }
  }
}

// `concurrently = true` is written only when set, read back, kept by the
// inverse and said by describe(); anything but a boolean is refused.
TEST(OpsTomlTest, IndexOpsCarryConcurrently) {
  Index index;
  index.name = "ix_hero_age";
  index.keys = {IndexKey{.column = "age"}};
  CreateIndex create{"", "hero", index};
  EXPECT_FALSE(op_to_toml(create).contains("concurrently"));
  create.concurrently = true;
  DropIndex drop{"", "hero", index, true};
  for (const Op& op : {Op{create}, Op{drop}}) {
    const toml::table entry = op_to_toml(op);
    EXPECT_EQ(entry["concurrently"].value_or(false), true) << op_name(op);
    Result<Op> back = op_from_toml(parse(format_toml_entry(entry)), "rev.toml");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_EQ(*back, op);
    EXPECT_NE(describe(op).find(" concurrently"), std::string::npos) << describe(op);
  }
  EXPECT_EQ(inverse(create), std::optional<Op>(drop));
  EXPECT_EQ(inverse(drop), std::optional<Op>(create));
  const Error e = read_error(
      "op = \"create_index\"\ntable = \"hero\"\nconcurrently = \"yes\"\n"
      "index = { name = \"ix\", columns = [\"age\"] }\n");
  EXPECT_NE(e.describe().find("concurrently"), std::string::npos) << e.describe();
  EXPECT_EQ(e.line, 3) << e.describe();
}

TEST(OpsTomlTest, SpecExampleEntries) {
  Result<Op> add = op_from_toml(parse(R"~(
op = "add_column"
table = "hero"
column = { name = "age", type = "integer", nullable = true }
)~"),
                                "rev.toml");
  ASSERT_TRUE(add.ok()) << add.error().describe();
  EXPECT_EQ(*add, Op(AddColumn{"", "hero", make_column("age", "integer", true)}));

  Result<Op> drop =
      op_from_toml(parse("op = \"drop_column\"\ntable = \"hero\"\ncolumn = \"age\"\n"), "rev.toml");
  ASSERT_TRUE(drop.ok());
  EXPECT_EQ(*drop, Op(DropColumn{"", "hero", "age", std::nullopt}));
}

TEST(OpsTomlTest, WrittenFormMatchesTheSpec) {
  const std::string text =
      format_toml_entry(op_to_toml(AddColumn{"", "hero", make_column("age", "integer", true)}));
  EXPECT_EQ(text,
            "op = \"add_column\"\n"
            "table = \"hero\"\n"
            "column = { name = \"age\", type = \"integer\", nullable = true }\n");
  EXPECT_EQ(format_toml_entry(op_to_toml(DropColumn{"app", "hero", "age", std::nullopt})),
            "op = \"drop_column\"\ntable = \"hero\"\nschema = \"app\"\ncolumn = \"age\"\n");
}

TEST(OpsTomlTest, AlterColumnCarriesOnlyTheChangedKeys) {
  AlterColumn a;
  a.table = "hero";
  a.column = "name";
  a.nullable = true;
  a.existing = make_column("name", "varchar(100)");
  const toml::table t = op_to_toml(a);
  EXPECT_TRUE(t.contains("nullable"));
  EXPECT_FALSE(t.contains("type"));
  EXPECT_FALSE(t.contains("default"));
  EXPECT_FALSE(t.contains("comment"));
  ASSERT_TRUE(t.contains("existing"));
  EXPECT_EQ(t["existing"]["type"].value_or(std::string()), "varchar(100)");

  Result<Op> drop_default = op_from_toml(parse(R"~(
op = "alter_column"
table = "hero"
column = "score"
drop_default = true
)~"),
                                         "rev.toml");
  ASSERT_TRUE(drop_default.ok());
  const auto& d = std::get<AlterColumn>(*drop_default);
  ASSERT_TRUE(d.default_.has_value());
  EXPECT_TRUE(d.default_->empty());

  // A literal default_sql becomes a literal, coerced to the new type.
  Result<Op> lit = op_from_toml(parse(R"~(
op = "alter_column"
table = "hero"
column = "active"
type = "boolean"
default_sql = "1"
)~"),
                                "rev.toml");
  ASSERT_TRUE(lit.ok());
  EXPECT_EQ(std::get<AlterColumn>(*lit).default_,
            std::optional<ColumnDefault>(ColumnDefault{Literal{true}, std::nullopt}));
}

TEST(OpsTomlTest, DropOpsAcceptANameAlone) {
  Result<Op> op = op_from_toml(
      parse("op = \"drop_index\"\ntable = \"hero\"\nindex = \"ix_hero_name\"\n"), "rev.toml");
  ASSERT_TRUE(op.ok()) << op.error().describe();
  EXPECT_EQ(std::get<DropIndex>(*op).index.name, "ix_hero_name");
}

TEST(OpsTomlTest, UnnamedConstraintsGetConventionNames) {
  Result<Op> op = op_from_toml(parse(R"~(
op = "add_foreign_key"
table = "hero"
foreign_key = { columns = ["team_id"], references = "team", ref_columns = ["id"] }
)~"),
                               "rev.toml");
  ASSERT_TRUE(op.ok()) << op.error().describe();
  EXPECT_EQ(std::get<AddForeignKey>(*op).foreign_key.name, "fk_hero_team_id_team");
}

// The models say renamed_from; a revision file says rename_column itself.
TEST(OpsTomlTest, RenamedFromIsNotARevisionKey) {
  Error column = read_error(
      "op = \"create_table\"\ntable = \"hero\"\ncolumns = [\n"
      "  { name = \"id\", type = \"integer\", primary_key = true, renamed_from = \"key\" },\n]\n");
  EXPECT_EQ(column.line, 4);
  EXPECT_NE(column.message.find("renamed_from"), std::string::npos) << column.message;
  EXPECT_NE(column.hint.find("rename_column"), std::string::npos) << column.hint;
  Error table = read_error(
      "op = \"create_table\"\ntable = \"hero\"\nrenamed_from = \"heroes\"\ncolumns = [\n"
      "  { name = \"id\", type = \"integer\", primary_key = true },\n]\n");
  EXPECT_EQ(table.line, 3);
  Error added = read_error(
      "op = \"add_column\"\ntable = \"hero\"\n"
      "column = { name = \"age\", type = \"integer\", renamed_from = \"years\" }\n");
  EXPECT_NE(added.message.find("renamed_from"), std::string::npos) << added.message;
}

TEST(OpsTomlTest, UnknownOpIsReportedWithLine) {
  Error e = read_error("\n\nop = \"add_colum\"\ntable = \"hero\"\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.message, "unknown op \"add_colum\"");
  EXPECT_NE(e.hint.find("add_column"), std::string::npos);
}

TEST(OpsTomlTest, MissingOpKeyIsReported) {
  Error e = read_error("table = \"hero\"\n");
  EXPECT_NE(e.message.find("`op`"), std::string::npos);
}

TEST(OpsTomlTest, MissingKeysAreReportedWithLine) {
  // As in a revision file: the line is the entry's [[upgrade]] header.
  toml::table doc =
      parse("message = \"x\"\n\n[[upgrade]]\nop = \"add_column\"\ntable = \"hero\"\n");
  Result<Op> op = op_from_toml(*doc["upgrade"][0].as_table(), "rev.toml");
  ASSERT_FALSE(op.ok());
  EXPECT_NE(op.error().message.find("missing `column`"), std::string::npos);
  EXPECT_EQ(op.error().line, 3);
  EXPECT_EQ(op.error().describe(),
            "rev.toml:3: add_column op is missing `column` (table \"hero\")");

  Error e = read_error("op = \"add_column\"\ntable = \"hero\"\n");
  EXPECT_NE(e.message.find("missing `column`"), std::string::npos);

  e = read_error("op = \"rename_table\"\n\ntable = \"hero\"\n");
  EXPECT_NE(e.message.find("missing `new_name`"), std::string::npos);

  e = read_error("op = \"drop_table\"\n");
  EXPECT_NE(e.message.find("missing `table`"), std::string::npos);

  e = read_error("op = \"execute\"\n");
  EXPECT_NE(e.message.find("missing `sql`"), std::string::npos);
}

TEST(OpsTomlTest, UnknownKeysAreReportedWithLine) {
  Error e =
      read_error("op = \"drop_column\"\ntable = \"hero\"\ncolumn = \"age\"\ncascade = true\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.message, "unknown key `cascade` in drop_column op");
  EXPECT_NE(e.hint.find("existing"), std::string::npos);

  e = read_error(
      "op = \"add_column\"\ntable = \"hero\"\n"
      "column = { name = \"age\", type = \"integer\", index = true }\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("unknown key `index`"), std::string::npos);
}

TEST(OpsTomlTest, BadTypeInAColumnIsReportedWithLine) {
  Error e = read_error(
      "op = \"add_column\"\ntable = \"hero\"\n\ncolumn = { name = \"age\", type = \"int; x\" }\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.message, "\"int; x\" is not a type name");
  EXPECT_EQ(e.table, "hero");
  EXPECT_EQ(e.column, "age");
}

// A name no portable type has is a native type; whether the database takes
// it is the dialect's question (Dialect::check_native_type).
TEST(OpsTomlTest, NativeTypesAndUsingRoundTrip) {
  const std::string text =
      "op = \"alter_column\"\ntable = \"hero\"\ncolumn = \"tags\"\ntype = \"text[]\"\n"
      "native = true\nusing = \"string_to_array(tags, ',')\"\n";
  Result<Op> op = op_from_toml(parse(text), "rev.toml");
  ASSERT_TRUE(op.ok()) << op.error().describe();
  const auto& alter = std::get<AlterColumn>(*op);
  ASSERT_TRUE(alter.type.has_value());
  EXPECT_EQ(alter.type->kind, TypeKind::kNative);
  EXPECT_EQ(alter.type->native, "text[]");
  EXPECT_TRUE(alter.type->native_marked);
  EXPECT_EQ(alter.using_, "string_to_array(tags, ',')");
  Result<Op> again = op_from_toml(op_to_toml(*op), "rev.toml");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(std::get<AlterColumn>(*again), alter);

  Error e =
      read_error("op = \"alter_column\"\ntable = \"hero\"\ncolumn = \"tags\"\nusing = \"x\"\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_NE(e.message.find("`using` applies only to a change of `type`"), std::string::npos);

  Result<Op> unmarked = op_from_toml(
      parse("op = \"add_column\"\ntable = \"hero\"\ncolumn = { name = \"a\", type = \"intgr\" }\n"),
      "rev.toml");
  ASSERT_TRUE(unmarked.ok());
  const Type& t = std::get<AddColumn>(*unmarked).column.type;
  EXPECT_EQ(t.kind, TypeKind::kNative);
  EXPECT_FALSE(t.native_marked);
}

TEST(OpsTomlTest, CreateTableIsValidated) {
  Error e = read_error(R"~(op = "create_table"
table = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
]
indexes = [ { name = "ix_bad", columns = ["nope"] } ]
)~");
  EXPECT_EQ(e.line, 6);
  EXPECT_NE(e.message.find("missing column \"nope\""), std::string::npos);
}

TEST(OpsTomlTest, JsonIsTheSameEntry) {
  Op op = AddColumn{"", "hero", make_column("age", "integer", true)};
  nlohmann::json j = ops_to_json({op, Execute{"SELECT 1", ""}});
  ASSERT_TRUE(j.contains("ops"));
  ASSERT_EQ(j["ops"].size(), 2u);
  EXPECT_EQ(j["ops"][0]["op"], "add_column");
  EXPECT_EQ(j["ops"][0]["table"], "hero");
  EXPECT_EQ(j["ops"][0]["column"]["name"], "age");
  EXPECT_EQ(j["ops"][0]["column"]["nullable"], true);
  EXPECT_EQ(j["ops"][1]["sql"], "SELECT 1");
  EXPECT_EQ(ops_to_json({}).dump(), R"~({"ops":[]})~");
}

TEST(OpsTomlTest, TomlToJsonConvertsEveryKind) {
  toml::table t = parse(R"~(
s = "x"
i = 3
f = 1.5
b = true
when = 2026-11-22T10:15:00Z
day = 2026-11-22
list = [1, 2]
nested = { a = "b" }
)~");
  nlohmann::json j = toml_to_json(t);
  EXPECT_EQ(j["s"], "x");
  EXPECT_EQ(j["i"], 3);
  EXPECT_EQ(j["f"], 1.5);
  EXPECT_EQ(j["b"], true);
  EXPECT_EQ(j["when"], "2026-11-22T10:15:00Z");
  EXPECT_EQ(j["day"], "2026-11-22");
  EXPECT_EQ(j["list"], nlohmann::json::array({1, 2}));
  EXPECT_EQ(j["nested"]["a"], "b");
}

}  // namespace
}  // namespace retort
