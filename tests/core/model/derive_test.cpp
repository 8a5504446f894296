// Derived models (core/model/derive.hpp): SQLModel's HeroCreate,
// HeroPublic and the like, with the rules of the table model, and
// retort::to<>() between them.
#include "core/model/derive.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/model/json.hpp"
#include "core/model/validation.hpp"
#include "test_models.hpp"

namespace retort::test {
namespace {

using nlohmann::json;

struct HeroCreate {
  std::string name;
  std::string secret_name;
  std::optional<int> age;
  friend bool operator==(const HeroCreate&, const HeroCreate&) = default;
};
inline const auto hero_create =
    retort::derive<HeroCreate>(heroes, retort::field(&HeroCreate::name, &Hero::name),
                               retort::field(&HeroCreate::secret_name, &Hero::secret_name),
                               retort::field(&HeroCreate::age, &Hero::age));

// The id is a plain member here: a public hero always has one.
struct HeroPublic {
  std::int64_t id = 0;
  std::string name;
  std::optional<int> age;
};
inline const auto hero_public = retort::derive<HeroPublic>(
    heroes, retort::field(&HeroPublic::id, &Hero::id),
    retort::field(&HeroPublic::name, &Hero::name), retort::field(&HeroPublic::age, &Hero::age));

struct HeroName {
  std::string name;
};
inline const auto hero_name =
    retort::derive<HeroName>(heroes, retort::field(&HeroName::name, &Hero::name));

struct EvenOnly {
  int even = 0;
  std::string code;
};
inline const auto even_only =
    retort::derive<EvenOnly>(rules, retort::field(&EvenOnly::even, &Rules::even),
                             retort::field(&EvenOnly::code, &Rules::code));

TEST(DeriveTest, TheRulesAndTypesComeFromTheTableModel) {
  const auto errors = [](const char* text) {
    try {
      (void)from_json(hero_create, text);
    } catch (const ValidationError& e) {
      return e.to_json();
    }
    return json();
  };
  EXPECT_EQ(errors(R"({"name": "", "secret_name": "D1", "age": 300, "mood": "sad"})"),
            json::parse(R"({"table": "hero", "errors": [
      {"field": "name", "message": "at least 1 characters", "rule": "min_length"},
      {"field": "secret_name", "message": "must match pattern [A-Za-z ]+", "rule": "pattern"},
      {"field": "age", "message": "must be < 200", "rule": "lt"},
      {"field": "mood", "message": "unknown field", "rule": "unknown"}]})"));
  const HeroCreate c = from_json(hero_create, R"({"name": "Deadpond", "secret_name": "Dive"})");
  EXPECT_EQ(c, (HeroCreate{"Deadpond", "Dive", std::nullopt}));
  // In the derived struct's declaration order.
  EXPECT_EQ(to_json(hero_create, c).dump(),
            R"({"name":"Deadpond","secret_name":"Dive","age":null})");

  const json schema = json_schema(hero_create);
  EXPECT_EQ(schema["properties"].size(), 3u);
  EXPECT_EQ(schema["properties"]["name"], json(json_schema(heroes)["properties"]["name"]));
  EXPECT_EQ(schema["required"], json::parse(R"(["name", "secret_name"])"));
  // Named after the struct, as Pydantic names a schema after its class.
  EXPECT_EQ(schema["title"], "HeroCreate");
  EXPECT_EQ(json(json_schema_list(hero_create))["title"], "HeroCreate list");
  EXPECT_EQ(json(json_schema(heroes))["title"], "hero");
}

TEST(DeriveTest, APlainMemberForAnOptionalOneIsRequired) {
  const json schema = json_schema(hero_public);
  EXPECT_EQ(schema["properties"]["id"]["type"], "integer");
  EXPECT_EQ(schema["required"], json::parse(R"(["id", "name"])"));
}

// Validators read the table model's struct: they see the derived value.
TEST(DeriveTest, ValidatorsRunOnTheDerivedMembers) {
  try {
    (void)from_json(even_only, R"({"even": 3, "code": "abc"})");
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors(),
              (std::vector<FieldError>{{"even", "must be even", "validator"},
                                       {"code", "must match pattern [A-Z]{3}", "pattern"}}));
  }
  EXPECT_EQ(from_json(even_only, R"({"even": 4, "code": "ABC"})").even, 4);
}

TEST(DeriveTest, ToTheTableModelStartsFromItsDefaults) {
  const HeroCreate c{"Deadpond", "Dive Wilson", 30};
  const Hero h = to<Hero>(c);
  EXPECT_EQ(h.name, "Deadpond");
  EXPECT_EQ(h.age, 30);
  EXPECT_EQ(h.mood, Mood::kSad);     // default_value
  ASSERT_TRUE(h.token.has_value());  // default_factory
  EXPECT_FALSE(h.id.has_value());
  EXPECT_EQ(to<HeroCreate>(h), c);
}

TEST(DeriveTest, ToADerivedModelChecksWhatItRequires) {
  Hero h = to<Hero>(HeroCreate{"Deadpond", "Dive Wilson", std::nullopt});
  try {
    (void)to<HeroPublic>(h);  // not added yet: no id
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors(), (std::vector<FieldError>{{"id", "may not be null", "null"}}));
  }
  h.id = 7;
  const HeroPublic p = to<HeroPublic>(h);
  EXPECT_EQ(p.id, 7);
  EXPECT_EQ(p.name, "Deadpond");
  // Between two derived models: the columns they share. HeroCreate's
  // secret_name has nothing to take: it is required.
  EXPECT_EQ(to<HeroName>(p).name, "Deadpond");
  EXPECT_THROW((void)to<HeroCreate>(p), ValidationError);
  try {
    (void)to<HeroPublic>(HeroCreate{"x", "y", 1});  // no id to take
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors(), (std::vector<FieldError>{{"id", "field required", "required"}}));
  }
  try {
    (void)to<Hero>(HeroName{"Deadpond"});  // no secret_name to take
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors(), (std::vector<FieldError>{{"secret_name", "field required", "required"}}));
  }
  // A value the target's rules refuse.
  HeroCreate bad{"", "Dive Wilson", 1};
  try {
    (void)to<Hero>(bad);
    ADD_FAILURE() << "no ValidationError";
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.errors().front().rule, "min_length");
  }
}

// A plain member for an optional one that has a factory: the derived
// model requires it (no factory), and is not a declaration error.
struct HeroWithToken {
  std::string name;
  Uuid token;
};
inline const auto hero_with_token =
    retort::derive<HeroWithToken>(heroes, retort::field(&HeroWithToken::name, &Hero::name),
                                  retort::field(&HeroWithToken::token, &Hero::token));

TEST(DeriveTest, APlainMemberForAnOptionalWithAFactoryIsRequired) {
  EXPECT_EQ(json(json_schema(hero_with_token)["required"]), json::parse(R"(["name", "token"])"));
  const HeroWithToken t = from_json(
      hero_with_token, R"({"name": "a", "token": "3f2a9c1b-7d4e-4c1a-9b1e-0123456789ab"})");
  Hero h = to<Hero>(HeroCreate{"Deadpond", "Dive Wilson", std::nullopt});
  EXPECT_EQ(to<HeroWithToken>(h).token, h.token);
}

// A table model's skip_json_schema member keeps its value in to<>(), as in
// from_json: the program fills it, it is not "field required".
struct Stamp {
  std::optional<std::int64_t> id;
  std::string name;
  Timestamp made{};
};
inline const auto stamps = retort::table<Stamp>(
    "stamp", retort::column("id", &Stamp::id).primary_key(), retort::column("name", &Stamp::name),
    retort::column("made", &Stamp::made).skip_json_schema());
struct StampIn {
  std::string name;
};
inline const auto stamp_in =
    retort::derive<StampIn>(stamps, retort::field(&StampIn::name, &Stamp::name));

TEST(DeriveTest, ASkippedTableMemberIsNotRequiredByTo) {
  EXPECT_EQ(to<Stamp>(StampIn{"x"}).name, "x");
}

// derive<D>() again with the same pairs replaces D's model (the first one
// freed); to<>() follows the new one. Other pairs for D are a
// DeclarationError, as a second table for one struct is.
TEST(DeriveTest, DerivingAgainReplacesTheModel) {
  struct Again {
    std::string name;
    std::optional<int> age;
  };
  for (int i = 0; i < 2; ++i) {
    (void)retort::derive<Again>(heroes, retort::field(&Again::name, &Hero::name),
                                retort::field(&Again::age, &Hero::age));
  }
  Hero h = to<Hero>(HeroCreate{"Deadpond", "Dive Wilson", 4});
  EXPECT_EQ(to<Again>(h).age, 4);
  EXPECT_THROW((void)retort::derive<Again>(heroes, retort::field(&Again::name, &Hero::name)),
               DeclarationError);
}

TEST(DeriveTest, ModelsOfDifferentTablesDoNotConvert) {
  try {
    (void)to<Team>(HeroCreate{"x", "y", 1});
    ADD_FAILURE() << "no DeclarationError";
  } catch (const DeclarationError& e) {
    EXPECT_NE(std::string(e.what()).find("are not derived from one table model"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace retort::test
