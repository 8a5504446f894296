// Tests for core/model/model.cpp and metadata.cpp: what a declaration
// becomes in the core schema, and the declarations that are refused.
#include <gtest/gtest.h>

#include "core/models_toml.hpp"
#include "test_models.hpp"

namespace retort::test {
namespace {

const Column& col(const ModelRef& m, std::string_view name) {
  const Column* c = m.table().find_column(name);
  if (c == nullptr) throw std::runtime_error("no column " + std::string(name));
  return *c;
}

TEST(ModelDeclarationTest, EveryMemberTypeDeclaresItsPortableType) {
  const std::pair<const char*, const char*> expected[] = {
      {"id", "bigint"},  {"i8", "smallint"}, {"i16", "smallint"},   {"i32", "integer"},
      {"i64", "bigint"}, {"u8", "smallint"}, {"u16", "integer"},    {"u32", "bigint"},
      {"f", "real"},     {"d", "float"},     {"b", "boolean"},      {"s", "text"},
      {"blob", "blob"},  {"uuid", "uuid"},   {"ts", "timestamptz"}, {"lts", "timestamp"},
      {"date", "date"},  {"mood", "enum"},   {"color", "text"}};
  for (const auto& [name, type] : expected) {
    EXPECT_EQ(col(everything, name).type.to_string(), type) << name;
    EXPECT_FALSE(col(everything, name).nullable) << name;
    const std::string optional = std::string("o_") + name;
    if (everything.table().find_column(optional) != nullptr) {
      EXPECT_EQ(col(everything, optional).type.to_string(), type) << optional;
      EXPECT_TRUE(col(everything, optional).nullable) << optional;
    }
  }
  EXPECT_EQ(col(everything, "mood").type.enum_name, "mood");
  EXPECT_EQ(col(everything, "mood").type.enum_values, (std::vector<std::string>{"happy", "sad"}));
  ASSERT_EQ(everything.data().enums.size(), 1u);
  EXPECT_EQ(everything.data().enums[0].name, "mood");
  // An optional primary key is NOT NULL and autoincrements.
  EXPECT_FALSE(col(everything, "id").nullable);
  EXPECT_TRUE(col(everything, "id").primary_key);
  EXPECT_TRUE(col(everything, "id").autoincrement);
  EXPECT_EQ(everything.table().primary_key_name, "pk_everything");
}

TEST(ModelDeclarationTest, SchemaEqualsReadModelsOfTheSameToml) {
  const MetaData declared{teams, heroes};
  Result<MetaData> read = read_models(kHeroesToml, "models.toml");
  ASSERT_TRUE(read) << read.error().describe();
  ASSERT_EQ(declared.tables.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(declared.tables[i], read->tables[i]) << read->tables[i].name;
  }
  EXPECT_EQ(declared.enums, read->enums);
  EXPECT_EQ(declared, *read);
  // Spot checks, so a shared mistake cannot hide.
  const Table& hero = *declared.find_table("", "hero");
  ASSERT_EQ(hero.foreign_keys.size(), 1u);
  EXPECT_EQ(hero.foreign_keys[0].name, "fk_hero_team_id_team");
  EXPECT_EQ(hero.foreign_keys[0].on_delete, "set null");
  ASSERT_EQ(hero.indexes.size(), 2u);
  EXPECT_EQ(hero.indexes[0].name, "ix_hero_name");
  EXPECT_EQ(hero.indexes[1].name, "ix_hero_name_age");
  EXPECT_EQ(hero.uniques[0].name, "uq_hero_name_secret_name");
  EXPECT_EQ(hero.uniques[1].name, "uq_hero_token");
  EXPECT_EQ(hero.checks[0].name, "age_ok");
  EXPECT_EQ(hero.find_column("mood")->default_.value, Literal{std::string("sad")});
  EXPECT_EQ(hero.find_column("created_at")->default_.sql, "CURRENT_TIMESTAMP");
  EXPECT_EQ(hero.find_column("name")->comment, "public name");
  EXPECT_EQ(declared.find_table("", "team")->comment, "teams of heroes");
}

TEST(ModelDeclarationTest, ColumnLookups) {
  EXPECT_EQ(heroes.column(&Hero::age).name, "age");
  const ColumnSpec* spec = heroes.data().find("team_id");
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(heroes.data().index_of(*spec), 4u);
  EXPECT_EQ(heroes.data().find("nope"), nullptr);
  EXPECT_EQ(&model_of<Hero>(), &heroes.data());
}

// Declarations that must be refused; Bad is never registered because
// build_model() throws first.
struct Bad {
  std::optional<std::int64_t> id;
  std::int64_t n = 0;
  std::string s;
  std::optional<std::string> maybe;
};

template <class F>
Error declaration_error(F declare) {
  try {
    declare();
  } catch (const DeclarationError& e) {
    return e.error();
  }
  ADD_FAILURE() << "no DeclarationError";
  return {};
}

TEST(ModelDeclarationTest, OptionsOnTheWrongTypeAreRefused) {
  Error e = declaration_error([] { (void)table<Bad>("bad", column("n", &Bad::n).max_length(3)); });
  EXPECT_EQ(e.table, "bad");
  EXPECT_EQ(e.column, "n");
  EXPECT_EQ(e.message, "max_length applies to text or array columns, not an integer member");

  e = declaration_error([] { (void)table<Bad>("bad", column("s", &Bad::s).ge(0)); });
  EXPECT_EQ(e.column, "s");
  EXPECT_EQ(e.message, "ge applies to numeric columns, not a std::string member");

  e = declaration_error([] { (void)table<Bad>("bad", column("n", &Bad::n).pattern("[0-9]+")); });
  EXPECT_EQ(e.column, "n");
  EXPECT_NE(e.message.find("pattern applies to text columns"), std::string::npos);

  e = declaration_error([] { (void)table<Bad>("bad", column("s", &Bad::s).pattern("[a-")); });
  EXPECT_EQ(e.column, "s");
  EXPECT_NE(e.message.find("invalid pattern \"[a-\""), std::string::npos) << e.message;

  e = declaration_error([] { (void)table<Bad>("bad", column("s", &Bad::s).type("integer")); });
  EXPECT_EQ(e.message, "type \"integer\" cannot hold a std::string member");

  e = declaration_error([] { (void)table<Bad>("bad", column("s", &Bad::s).type(" ")); });
  EXPECT_EQ(e.column, "s");
  EXPECT_NE(e.message.find("is not a type name"), std::string::npos) << e.message;

  e = declaration_error([] { (void)table<Bad>("bad", column("n", &Bad::n).type("inet")); });
  EXPECT_EQ(e.message, "type \"inet\" cannot hold an integer member");

  e = declaration_error([] { (void)table<Bad>("bad", column("s", &Bad::s).nullable()); });
  EXPECT_EQ(e.message, "a nullable column needs a std::optional member");

  e = declaration_error(
      [] { (void)table<Bad>("bad", column("n", &Bad::n).default_value(1).default_sql("2")); });
  EXPECT_EQ(e.message, "a column has either default_value or default_sql, not both");

  e = declaration_error(
      [] { (void)table<Bad>("bad", column("s", &Bad::s).min_length(3).max_length(2)); });
  EXPECT_EQ(e.message, "min_length 3 is greater than max_length 2");

  e = declaration_error([] { (void)table<Bad>("bad", column("s", &Bad::s).autoincrement()); });
  EXPECT_EQ(e.message, "autoincrement needs a single integer primary key column");
}

TEST(ModelDeclarationTest, ForeignKeyMistakesAreRefused) {
  Error e =
      declaration_error([] { (void)table<Bad>("bad", column("n", &Bad::n).on_delete("cascade")); });
  EXPECT_EQ(e.message, "on_delete/on_update need foreign_key");

  e = declaration_error([] {
    (void)table<Bad>("bad", column("n", &Bad::n).foreign_key("team.id").on_delete("explode"));
  });
  EXPECT_EQ(e.message, "unknown referential action \"explode\"");

  e = declaration_error([] { (void)table<Bad>("bad", column("n", &Bad::n).foreign_key("team")); });
  EXPECT_EQ(e.column, "n");
  EXPECT_NE(e.message.find("foreign_key must be \"table.column\""), std::string::npos);
}

// A foreign key must point at a key the database can reference (the
// primary key or a unique column) of the same kind of type; both were
// accepted here and failed only when the table was created or written.
TEST(ModelDeclarationTest, ForeignKeyTargetsMustBeUniqueAndOfTheSameType) {
  Error e = declaration_error([] {
    (void)table<Bad>("bad", column("s", &Bad::s).foreign_key(teams, &Team::headquarters));
  });
  EXPECT_EQ(e.table, "bad");
  EXPECT_EQ(e.column, "s");
  EXPECT_EQ(e.message,
            "foreign key bad.s -> team.headquarters: team.headquarters is neither the primary "
            "key nor unique");
  EXPECT_EQ(e.hint, "reference team's primary key, or declare .unique() on team.headquarters");

  e = declaration_error(
      [] { (void)table<Bad>("bad", column("s", &Bad::s).foreign_key(teams, &Team::id)); });
  EXPECT_EQ(e.column, "s");
  EXPECT_EQ(e.message, "foreign key bad.s -> team.id: bad.s is text but team.id is bigint");

  // A unique text column is a fine target for a text member.
  struct ByName {
    std::optional<std::int64_t> id;
    std::string team_name;
  };
  const auto by_name =
      table<ByName>("by_name", column("id", &ByName::id).primary_key(),
                    column("team_name", &ByName::team_name).foreign_key(teams, &Team::name));
  EXPECT_EQ(by_name.table().foreign_keys.at(0).ref_columns, std::vector<std::string>{"name"});
}

// "table.column" references meet their target when the MetaData holding
// both is built; one to its own table, where the table is built.
TEST(ModelDeclarationTest, ForeignKeysByNameAreCheckedInTheMetaData) {
  struct Loose {
    std::optional<std::int64_t> id;
    std::optional<std::int64_t> hq;
    std::optional<std::int64_t> parent;
  };
  const auto loose = table<Loose>("loose", column("id", &Loose::id).primary_key(),
                                  column("hq", &Loose::hq).foreign_key("team.headquarters"));
  Error e = declaration_error([&] { MetaData m{teams, loose}; });
  EXPECT_EQ(e.table, "loose");
  EXPECT_EQ(e.column, "hq");
  EXPECT_NE(e.message.find("team.headquarters is neither the primary key nor unique"),
            std::string::npos)
      << e.message;

  e = declaration_error([] {
    (void)table<Bad>("bad", column("id", &Bad::id).primary_key(),
                     column("s", &Bad::s).foreign_key("bad.id"));
  });
  EXPECT_EQ(e.message, "foreign key bad.s -> bad.id: bad.s is text but bad.id is bigint");
}

TEST(ModelDeclarationTest, DefaultFactoryOnAPlainMemberIsRefused) {
  struct Stamped {
    Uuid id;
    Timestamp created_at;
  };
  Error e = declaration_error([] {
    (void)table<Stamped>("stamped",
                         column("id", &Stamped::id).primary_key().default_factory(Uuid::v4));
  });
  EXPECT_EQ(e.table, "stamped");
  EXPECT_EQ(e.column, "id");
  EXPECT_EQ(e.message,
            "default_factory on a plain (non-optional) member: add() cannot tell an unset value "
            "from a real one (a nil UUID, the epoch)");
  EXPECT_NE(e.hint.find("std::optional"), std::string::npos) << e.hint;
}

TEST(ModelDeclarationTest, VersionColumnMistakesAreRefused) {
  Error e =
      declaration_error([] { (void)table<Bad>("bad", column("s", &Bad::s).version_column()); });
  EXPECT_EQ(e.column, "s");
  EXPECT_EQ(e.message, "version_column needs a plain integer member, not a std::string member");
  e = declaration_error([] { (void)table<Bad>("bad", column("id", &Bad::id).version_column()); });
  EXPECT_EQ(e.message, "version_column needs a plain integer member, not a std::optional");
  e = declaration_error(
      [] { (void)table<Bad>("bad", column("n", &Bad::n).primary_key().version_column()); });
  EXPECT_EQ(e.message, "the primary key cannot be the version column");
  e = declaration_error([] {
    (void)table<Bad>("bad", column("id", &Bad::id).primary_key(),
                     column("n", &Bad::n).version_column(), column("v", &Bad::n).version_column());
  });
  EXPECT_EQ(e.message, "table bad declares more than one version_column");
  e = declaration_error(
      [] { (void)table<Bad>("bad", column("n", &Bad::n).version_column().default_value(1)); });
  EXPECT_EQ(e.message, "a version column takes no default; the session writes it");
}

TEST(ModelDeclarationTest, MakeAppliesFactoriesAndDefaultValues) {
  const Hero a = make<Hero>();
  ASSERT_TRUE(a.token.has_value());
  EXPECT_FALSE(a.token->is_nil());
  EXPECT_EQ(a.mood, Mood::kSad);  // default_value
  EXPECT_EQ(a.power, 1.5);
  EXPECT_TRUE(a.active);
  EXPECT_FALSE(a.id.has_value());          // nothing declared: value-initialised
  EXPECT_FALSE(a.created_at.has_value());  // a server default is the database's
  const Hero b = make(heroes);
  ASSERT_TRUE(b.token.has_value());
  EXPECT_NE(*a.token, *b.token);  // each call runs the factory
  const Team t = make<Team>();
  EXPECT_EQ(t.headquarters, "nowhere");
}

TEST(ModelDeclarationTest, TableLevelMistakesAreRefused) {
  Error e = declaration_error([] {
    (void)table<Bad>("bad", column("n", &Bad::n), table_index({"n", "nope"}));
  });
  EXPECT_EQ(e.table, "bad");
  EXPECT_EQ(e.column, "nope");
  EXPECT_EQ(e.message, "index ix_bad_n_nope names missing column \"nope\"");

  e = declaration_error(
      [] { (void)table<Bad>("bad", column("n", &Bad::n), column("n", &Bad::s)); });
  EXPECT_EQ(e.message, "duplicate column \"n\" in table bad");

  e = declaration_error([] { (void)table<Bad>("bad"); });
  EXPECT_EQ(e.message, "table bad has no columns");

  e = declaration_error(
      [] { (void)table<Bad>("bad", column("n", &Bad::n), table_check("", "n > 0")); });
  EXPECT_EQ(e.message, "a table_check needs a non-empty name and sql");
}

struct Options {
  std::int16_t id = 0;
  std::string code;
  Mood mood = Mood::kHappy;
  Uuid ref;
  double amount = 0;
};

TEST(ModelDeclarationTest, TypeOverridesAndTableOptions) {
  TableIndex live{{"code", "amount DESC"}, "ix_live", true, "amount > 0"};
  const auto options = table<Options>(
      "options", column("id", &Options::id).primary_key().autoincrement(false),
      column("code", &Options::code).type("char(3)"), column("mood", &Options::mood).type("text"),
      column("ref", &Options::ref).type("varchar(36)"),
      column("amount", &Options::amount).type("numeric(10,2)").default_sql("0"), live,
      table_schema("app"), table_unique({"code", "mood"}, "uq_custom"));
  const Table& t = options.table();
  EXPECT_EQ(t.schema, "app");
  EXPECT_EQ(t.qualified_name(), "app.options");
  EXPECT_EQ(t.find_column("id")->type.to_string(), "smallint");
  EXPECT_FALSE(t.find_column("id")->autoincrement);
  EXPECT_EQ(t.find_column("code")->type.to_string(), "char(3)");
  EXPECT_EQ(t.find_column("mood")->type.to_string(), "text");
  EXPECT_EQ(t.find_column("ref")->type.to_string(), "varchar(36)");
  EXPECT_EQ(t.find_column("amount")->type.to_string(), "numeric(10,2)");
  EXPECT_EQ(t.find_column("amount")->default_.value, Literal{std::int64_t{0}});  // normalised
  ASSERT_EQ(t.indexes.size(), 1u);
  EXPECT_EQ(t.indexes[0].name, "ix_live");
  EXPECT_TRUE(t.indexes[0].unique);
  EXPECT_EQ(t.indexes[0].where, "amount > 0");
  EXPECT_EQ(t.indexes[0].keys[1], (IndexKey{"amount", {}, SortOrder::kDesc}));
  EXPECT_EQ(t.uniques[0].name, "uq_custom");
  EXPECT_TRUE(options.data().enums.empty());
}

struct Squad {
  std::optional<std::int64_t> id;
  std::string title;
};

TEST(ModelDeclarationTest, RenamedFromIsTheModelsIntent) {
  const auto squads =
      table<Squad>("squad", column("id", &Squad::id).primary_key(),
                   column("title", &Squad::title).renamed_from("name"), table_renamed_from("team"));
  EXPECT_EQ(squads.table().renamed_from, "team");
  EXPECT_EQ(squads.table().find_column("title")->renamed_from, "name");
  EXPECT_EQ(squads.table().find_column("id")->renamed_from, "");
}

TEST(ModelDeclarationTest, BlobDefaultValueAndSmallintAutoincrementAreRefused) {
  struct WithBlob {
    std::int16_t id = 0;
    Blob data;
  };
  Error e = declaration_error(
      [] { (void)table<WithBlob>("wb", column("data", &WithBlob::data).default_value(Blob{})); });
  EXPECT_EQ(e.message, "a blob column cannot have a default_value");
  e = declaration_error([] {
    (void)table<WithBlob>("wb", column("id", &WithBlob::id).primary_key().autoincrement());
  });
  EXPECT_EQ(e.message, "autoincrement needs a single integer primary key column");
}

struct Twice {
  std::int64_t id = 0;
};
struct Unregistered {
  int x = 0;
};
struct Orphan {
  std::int64_t id = 0;
  std::int64_t parent = 0;
  int not_a_column = 0;
};

TEST(ModelDeclarationTest, OneStructMapsToOneTable) {
  (void)table<Twice>("first", column("id", &Twice::id).primary_key());
  Error e = declaration_error([] { (void)table<Twice>("second", column("id", &Twice::id)); });
  EXPECT_EQ(e.table, "second");
  EXPECT_NE(
      e.message.find("Twice is already the model of table first; one struct maps to one table"),
      std::string::npos)
      << e.message;
}

TEST(ModelDeclarationTest, ModelOfAnUndeclaredStructThrows) {
  Error e = declaration_error([] { (void)model_of<Unregistered>(); });
  EXPECT_TRUE(e.message.starts_with("no table is declared for retort::test::")) << e.message;
  EXPECT_TRUE(e.message.ends_with("Unregistered")) << e.message;
}

TEST(ModelDeclarationTest, MemberThatIsNotAColumnThrows) {
  const auto orphans = table<Orphan>("orphan", column("id", &Orphan::id).primary_key(),
                                     column("parent", &Orphan::parent).foreign_key("nowhere.id"));
  Error e = declaration_error([&] { (void)orphans.column(&Orphan::not_a_column); });
  EXPECT_EQ(e.message, "the member is not a column of table orphan");
  // The foreign key's table is checked when the MetaData is built.
  e = declaration_error([&] { (void)MetaData{orphans}; });
  EXPECT_EQ(e.message, "foreign key fk_orphan_parent_nowhere references missing table nowhere");
  EXPECT_EQ(e.column, "parent");
}

TEST(ModelDeclarationTest, DeclarationErrorWhatNamesTableAndColumn) {
  try {
    (void)table<Bad>("bad", column("n", &Bad::n).max_length(3));
    FAIL();
  } catch (const DeclarationError& e) {
    EXPECT_STREQ(
        e.what(),
        "max_length applies to text or array columns, not an integer member (table \"bad\", "
        "column \"n\")");
  }
}

}  // namespace
}  // namespace retort::test
