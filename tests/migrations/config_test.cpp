#include "migrations/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;

// Sets or clears an environment variable for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(ConfigTest, DefaultsAndPathsRelativeToTheConfigDirectory) {
  ScopedEnv no_url("RETORT_URL", nullptr);
  Result<Config> c =
      parse_config("[retort]\nurl = \"sqlite:///app.db\"\n", "/srv/app/retort.toml", std::nullopt);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->root, fs::path("/srv/app"));
  EXPECT_EQ(c->script_location, fs::path("/srv/app/migrations"));
  EXPECT_EQ(c->versions_dir(), fs::path("/srv/app/migrations/versions"));
  EXPECT_EQ(c->models, fs::path("/srv/app/models.toml"));
  EXPECT_EQ(c->version_table, "retort_version");
  EXPECT_EQ(c->url, "sqlite:///app.db");

  Result<Config> custom = parse_config(
      "[retort]\nscript_location = \"db/mig\"\nmodels = \"/etc/m.toml\"\nversion_table = \"v\"\n",
      "/srv/app/retort.toml", std::nullopt);
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(custom->script_location, fs::path("/srv/app/db/mig"));
  EXPECT_EQ(custom->models, fs::path("/etc/m.toml"));
  EXPECT_EQ(custom->version_table, "v");
  EXPECT_EQ(custom->url, "");
}

TEST(ConfigTest, TransactionPerRevisionIsABooleanDefaultingToTrue) {
  Result<Config> c = parse_config("[retort]\n", "/srv/app/retort.toml", std::nullopt);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_TRUE(c->transaction_per_revision);
  c = parse_config("[retort]\ntransaction_per_revision = false\n", "/srv/app/retort.toml",
                   std::nullopt);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_FALSE(c->transaction_per_revision);

  c = parse_config("[retort]\n\ntransaction_per_revision = \"no\"\n", "/srv/app/retort.toml",
                   std::nullopt);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(c.error().line, 3);
  EXPECT_NE(c.error().message.find("true or false"), std::string::npos) << c.error().message;
}

TEST(ConfigTest, UrlPrecedenceIsFlagThenEnvironmentThenFile) {
  const std::string text = "[retort]\nurl = \"sqlite:///file.db\"\n";
  {
    ScopedEnv env("RETORT_URL", nullptr);
    EXPECT_EQ(parse_config(text, "/x/retort.toml", std::nullopt)->url, "sqlite:///file.db");
  }
  ScopedEnv env("RETORT_URL", "sqlite:///env.db");
  EXPECT_EQ(parse_config(text, "/x/retort.toml", std::nullopt)->url, "sqlite:///env.db");
  EXPECT_EQ(parse_config(text, "/x/retort.toml", std::string("sqlite:///flag.db"))->url,
            "sqlite:///flag.db");
}

TEST(ConfigTest, ExpandsEnvironmentVariables) {
  ScopedEnv no_url("RETORT_URL", nullptr);
  ScopedEnv user("RETORT_TEST_USER", "alice");
  ScopedEnv dir("RETORT_TEST_DIR", "data");
  Result<Config> c = parse_config(
      "[retort]\nurl = \"postgresql://${RETORT_TEST_USER}@localhost/app\"\n"
      "script_location = \"${RETORT_TEST_DIR}/migrations\"\n",
      "/p/retort.toml", std::nullopt);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->url, "postgresql://alice@localhost/app");
  EXPECT_EQ(c->script_location, fs::path("/p/data/migrations"));
}

TEST(ConfigTest, UnsetVariableIsBadInputWithFileAndLine) {
  ScopedEnv unset("RETORT_TEST_UNSET", nullptr);
  Result<Config> c =
      parse_config("[retort]\n\nurl = \"${RETORT_TEST_UNSET}\"\n", "/p/retort.toml", std::nullopt);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kBadInput);
  EXPECT_NE(c.error().message.find("RETORT_TEST_UNSET"), std::string::npos);
  EXPECT_EQ(c.error().file, "/p/retort.toml");
  EXPECT_EQ(c.error().line, 3);
}

TEST(ConfigTest, MalformedTomlIsBadInputWithFileAndLine) {
  Result<Config> c =
      parse_config("[retort]\nurl = \"sqlite://\"\nmodels = \n", "/p/retort.toml", std::nullopt);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(c.error().file, "/p/retort.toml");
  EXPECT_EQ(c.error().line, 3);
}

TEST(ConfigTest, UnknownKeyIsBadInputWithAHint) {
  Result<Config> c = parse_config("[retort]\nurl = \"sqlite://\"\nscript_locaton = \"m\"\n",
                                  "/p/retort.toml", std::nullopt);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(c.error().line, 3);
  EXPECT_NE(c.error().message.find("script_locaton"), std::string::npos);
  EXPECT_NE(c.error().hint.find("script_location"), std::string::npos);

  Result<Config> wrong_type = parse_config("[retort]\nurl = 5\n", "/p/retort.toml", std::nullopt);
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().line, 2);
}

TEST(ConfigTest, MissingFileIsBadInputWithAHint) {
  Result<Config> c = load_config("/nonexistent/dir/retort.toml", std::nullopt);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kBadInput);
  EXPECT_NE(c.error().hint.find("retort init"), std::string::npos);
}

TEST(ConfigTest, InitWritesAWorkingProjectAndRefusesToOverwrite) {
  ScopedEnv no_url("RETORT_URL", nullptr);
  retort::testing::TestDatabase scratch("sqlite");
  const fs::path dir = scratch.dir() / "proj";
  ASSERT_TRUE(init_project(dir).ok());
  EXPECT_TRUE(fs::is_directory(dir / "migrations" / "versions"));
  Result<Config> c = load_config(dir / "retort.toml", std::nullopt);
  ASSERT_TRUE(c.ok()) << c.error().describe();
  EXPECT_EQ(c->url, "sqlite:///app.db");
  EXPECT_TRUE(fs::exists(c->models));
  EXPECT_EQ(c->versions_dir(), fs::absolute(dir / "migrations" / "versions").lexically_normal());

  std::ofstream(dir / "models.toml") << "# mine\n";
  Status again = init_project(dir);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kBadInput);
  EXPECT_NE(again.error().message.find("already exists"), std::string::npos);
  std::ifstream in(dir / "models.toml");
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "# mine");
}

}  // namespace
}  // namespace retort::migrations
