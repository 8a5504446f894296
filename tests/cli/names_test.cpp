// Names: bad ones are refused before anything connects (both dialects), and
// PostgreSQL's 63-byte limit never makes retort drop and re-create an object:
// declared names that are too long are refused, convention names are
// shortened with a hash, and names the server cut before are kept.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// 57 bytes, so the convention's index name ix_<table>_player_id is 70.
const std::string kTable = "tournament_registration_history_" + std::string(25, 'x');
const std::string kLongIndex = "ix_" + kTable + "_player_id";

// A table with a column that has (with_index) the convention's index.
std::string models_with_table(bool with_index, const std::string& extra_column = "") {
  return "[[table]]\nname = \"" + kTable +
         "\"\ncolumns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"player_id\", type = \"integer\"" +
         (with_index ? ", index = true" : "") + " },\n" + extra_column + "]\n";
}

constexpr const char* kTeam =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\" },\n"
    "]\n";

// The index names of a table, read from the catalog.
std::vector<std::string> pg_index_names(const CliProject& p, const std::string& table) {
  std::vector<std::string> out;
  for (const auto& row :
       p.query("SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = '" +
               table + "' AND indexname NOT LIKE 'pk\\_%' ORDER BY indexname")) {
    out.push_back(row.at(0));
  }
  return out;
}

// A URL no command can connect to: a run that reaches for the database fails
// with exit 3 instead of the expected 2.
std::string unreachable_url(const std::string& dialect) {
  return dialect == "sqlite" ? "sqlite:////nonexistent-dir/retort/app.db"
                             : "postgresql://retort@127.0.0.1:1/nowhere";
}

class NamesTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    p_.write_models(kTeam);
    rev1_ = p_.migrate("create team");
    ASSERT_FALSE(rev1_.empty());
    schema_ = p_.schema();
    files_ = p_.revision_files().size();
  }

  // Exit 2 naming `where` (a regex), with no database reached and nothing
  // changed in the real one.
  void expect_refused(const std::vector<std::string>& args, const std::string& where,
                      const std::string& also) {
    for (const bool reachable : {false, true}) {
      ProcessResult r = reachable
                            ? p_.retort(args)
                            : p_.retort(args, {{"RETORT_URL", unreachable_url(p_.dialect())}});
      EXPECT_EQ(r.exit_code, 2) << r.describe();
      EXPECT_TRUE(std::regex_search(r.err, std::regex(where))) << "expected /" << where << "/\n"
                                                               << r.describe();
      EXPECT_TRUE(contains(r.err, also)) << r.describe();
    }
    EXPECT_EQ(p_.version(), rev1_);
    EXPECT_TRUE(p_.schema() == schema_) << schema_text(p_.schema());
    EXPECT_EQ(p_.revision_files().size(), files_);
  }

  CliProject p_{GetParam()};
  std::string rev1_;
  MetaData schema_;
  std::size_t files_ = 0;
};

TEST_P(NamesTest, EmptyColumnNameIsRefused) {
  p_.write_models(std::string(kTeam) +
                  "\n[[table]]\nname = \"hero\"\ncolumns = [\n"
                  "  { name = \"id\", type = \"integer\", primary_key = true },\n"
                  "  { name = \"\", type = \"integer\" },\n"
                  "]\n");
  expect_refused({"check"}, "models\\.toml:12", "column name \"\" is empty");
  expect_refused({"revision", "--autogenerate", "-m", "hero"}, "models\\.toml:12", "is empty");
}

TEST_P(NamesTest, NulByteInNameIsRefused) {
  p_.write_models(std::string(kTeam) +
                  "\n[[table]]\nname = \"hero\"\ncolumns = [\n"
                  "  { name = \"id\", type = \"integer\", primary_key = true },\n"
                  "  { name = \"a\\u0000b\", type = \"integer\" },\n"
                  "]\n");
  expect_refused({"check"}, "models\\.toml:12", "holds a NUL byte");
  expect_refused({"revision", "--autogenerate", "-m", "hero"}, "models\\.toml:12", "NUL");
}

TEST_P(NamesTest, ControlCharacterInTableOrIndexNameIsRefused) {
  p_.write_models(std::string(kTeam) +
                  "\n[[table]]\nname = \"he\\tro\"\ncolumns = [\n"
                  "  { name = \"id\", type = \"integer\", primary_key = true },\n"
                  "]\n");
  expect_refused({"check"}, "models\\.toml:8", "control character U+0009");
  p_.write_models(std::string(kTeam) +
                  "\n[[table]]\nname = \"hero\"\ncolumns = [\n"
                  "  { name = \"id\", type = \"integer\", primary_key = true },\n"
                  "  { name = \"age\", type = \"integer\" },\n"
                  "]\nindexes = [\n  { name = \"ix\\u0001age\", columns = [\"age\"] },\n]\n");
  expect_refused({"check"}, "models\\.toml:15", "index name");
}

TEST_P(NamesTest, BadNameInRevisionFileIsRefusedWhenRead) {
  p_.write("migrations/versions/ffff00000001_bad.toml",
           "revision = \"ffff00000001\"\ndown_revision = \"" + rev1_ +
               "\"\nmessage = \"bad\"\n\n"
               "[[upgrade]]\nop = \"add_column\"\ntable = \"team\"\n"
               "column = { name = \"\", type = \"integer\", nullable = true }\n\n"
               "[[downgrade]]\nop = \"drop_column\"\ntable = \"team\"\ncolumn = \"\"\n");
  files_ = p_.revision_files().size();
  expect_refused({"upgrade", "head"}, "ffff00000001_bad\\.toml:8", "column name \"\" is empty");
  expect_refused({"upgrade", "head", "--sql"}, "ffff00000001_bad\\.toml:8", "is empty");
}

INSTANTIATE_TEST_SUITE_P(Dialects, NamesTest, ::testing::ValuesIn(kAllDialects));

// ------------------------------------------------------------- PostgreSQL

class PostgresLongNamesTest : public ::testing::Test {
 protected:
  CliProject p_{"postgresql"};
};

TEST_F(PostgresLongNamesTest, DeclaredTableNameOverTheLimitIsRefused) {
  const std::string name(70, 't');
  p_.write_models(std::string(kTeam) + "\n[[table]]\nname = \"" + name +
                  "\"\ncolumns = [\n  { name = \"id\", type = \"integer\", primary_key = true },\n"
                  "]\n");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"check"}, {"revision", "--autogenerate", "-m", "long"}, {"diff"}}) {
    ProcessResult r = p_.retort(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_TRUE(contains(r.err, "models.toml:8")) << r.describe();
    EXPECT_TRUE(contains(r.err, "is 70 bytes; postgresql allows at most 63")) << r.describe();
  }
  EXPECT_TRUE(p_.revision_files().empty());
  EXPECT_TRUE(p_.query("SELECT 1 FROM pg_class WHERE relname LIKE 'ttt%'").empty());
  EXPECT_EQ(p_.version(), "");
}

TEST_F(PostgresLongNamesTest, ConventionNameGetsAStableHashedName) {
  p_.write_models(models_with_table(true));
  ProcessResult gen = p_.retort({"revision", "--autogenerate", "-m", "long"});
  ASSERT_EQ(gen.exit_code, 0) << gen.describe();
  const std::string file = p_.read(p_.revision_file("long"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(file, m, std::regex(kLongIndex.substr(0, 54) + "_[0-9a-f]{8}")))
      << file;
  const std::string hashed = m.str(0);
  EXPECT_EQ(hashed.size(), 63u);
  // Fixed for good: a changed hash would rename every such index (and
  // docs/postgresql.md shows this one).
  EXPECT_EQ(hashed, "ix_tournament_registration_history_xxxxxxxxxxxxxxxxxxx_f4f0ea0e");
  EXPECT_FALSE(contains(file, kLongIndex)) << file;

  // The same name on every run: a second project autogenerates it again.
  CliProject other("postgresql");
  other.write_models(models_with_table(true));
  ASSERT_EQ(other.retort({"revision", "--autogenerate", "-m", "long"}).exit_code, 0);
  EXPECT_TRUE(contains(other.read(other.revision_file("long")), hashed));

  ProcessResult sql = p_.retort({"upgrade", "head", "--sql"});
  ASSERT_EQ(sql.exit_code, 0) << sql.describe();
  EXPECT_TRUE(contains(sql.out, "\"" + hashed + "\"")) << sql.out;
  ProcessResult diff_sql = other.retort({"diff", "--format", "sql"});
  EXPECT_TRUE(contains(diff_sql.out, "\"" + hashed + "\"")) << diff_sql.describe();

  ProcessResult up = p_.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  EXPECT_EQ(pg_index_names(p_, kTable), std::vector<std::string>{hashed});
  ProcessResult check = p_.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
}

// A database migrated before names were shortened holds the server's cut of
// the long convention name (here made with plain SQL, as the server did).
TEST_F(PostgresLongNamesTest, ServerCutNameOfAnOlderDatabaseIsKept) {
  p_.write_models(models_with_table(false));
  ASSERT_FALSE(p_.migrate("table").empty());
  p_.execute("CREATE INDEX \"" + kLongIndex + "\" ON \"" + kTable + "\" (player_id)");
  const std::string cut = kLongIndex.substr(0, 63);
  ASSERT_EQ(pg_index_names(p_, kTable), std::vector<std::string>{cut});

  p_.write_models(models_with_table(true));
  ProcessResult check = p_.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_TRUE(contains(check.err, "retort: note: ")) << check.describe();
  EXPECT_TRUE(contains(check.err, cut)) << check.describe();
  ProcessResult diff = p_.retort({"diff", "--format", "json"});
  EXPECT_EQ(diff.exit_code, 0) << diff.describe();

  // A later change autogenerates only itself, never a drop and re-create.
  p_.write_models(
      models_with_table(true, "  { name = \"note\", type = \"text\", nullable = true },\n"));
  ProcessResult gen = p_.retort({"revision", "--autogenerate", "-m", "note"});
  ASSERT_EQ(gen.exit_code, 0) << gen.describe();
  const std::string file = p_.read(p_.revision_file("note"));
  EXPECT_FALSE(contains(file, "drop_index")) << file;
  EXPECT_FALSE(contains(file, "create_index")) << file;
  ASSERT_EQ(p_.retort({"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(pg_index_names(p_, kTable), std::vector<std::string>{cut});
  EXPECT_EQ(p_.retort({"check"}).exit_code, 0);
}

// A revision file written before names were shortened holds the long name;
// replaying it gives what the server made of it, online and offline.
TEST_F(PostgresLongNamesTest, OldRevisionWithLongIndexNameReplays) {
  p_.write_models(models_with_table(true));
  ASSERT_EQ(p_.retort({"revision", "--autogenerate", "-m", "old"}).exit_code, 0);
  const auto path = p_.revision_file("old");
  std::string file = p_.read(path);
  file =
      std::regex_replace(file, std::regex(kLongIndex.substr(0, 54) + "_[0-9a-f]{8}"), kLongIndex);
  ASSERT_TRUE(contains(file, kLongIndex)) << file;
  p_.write(path.lexically_relative(p_.dir()), file);

  ProcessResult sql = p_.retort({"upgrade", "head", "--sql"});
  EXPECT_EQ(sql.exit_code, 0) << sql.describe();
  ProcessResult up = p_.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  const std::string cut = kLongIndex.substr(0, 63);
  EXPECT_EQ(pg_index_names(p_, kTable), std::vector<std::string>{cut});

  ProcessResult check = p_.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  ProcessResult replay = p_.retort({"diff", "--from", "head", "--to", "db"});
  EXPECT_EQ(replay.exit_code, 0) << replay.describe();
  ProcessResult models = p_.retort({"diff", "--from", "head", "--to", "models"});
  EXPECT_EQ(models.exit_code, 0) << models.describe();

  ProcessResult down = p_.retort({"downgrade", "base"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_TRUE(p_.query("SELECT 1 FROM pg_class WHERE relname = '" + kTable + "'").empty());
  ASSERT_EQ(p_.retort({"upgrade", "head"}).exit_code, 0);
  EXPECT_EQ(p_.retort({"check"}).exit_code, 0);
}

}  // namespace
}  // namespace retort::testing
