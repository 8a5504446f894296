// Hostile input, table-driven: every case is a broken config, models file,
// revision file, command line or file type. Each must exit 2 with a message
// naming the file (and line where there is one) or the argument, leave the
// SQLite database byte-for-byte as it was and write no file. A few cases run
// on PostgreSQL too, comparing the catalogs before and after.
//
// The suite prints a tally at the end ("hostile inputs: N; exit 2: ...") so
// the counts can be compared across changes.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <regex>
#include <string>
#include <vector>

#include "tests/cli/hostile_input_support.hpp"

namespace retort::testing {
namespace {

namespace fs = std::filesystem;

// What a case may touch: the copied project and the template it came from.
struct Scene {
  fs::path dir;
  const TemplateProject& t;

  void write(const fs::path& relative, const std::string& text) const {
    write_file(dir / relative, text);
  }
  fs::path path(const fs::path& relative) const { return dir / relative; }
  fs::path revision_file() const { return dir / t.revision_file; }
  std::string revision_name() const { return t.revision_file.filename().string(); }
};

struct HostileCase {
  std::string name;
  std::function<void(const Scene&)> prepare;
  std::vector<std::string> args;
  std::string where;      // regex the error must match: file(:line) or the argument
  bool has_line = false;  // `where` includes a line number
};

void PrintTo(const HostileCase& c, std::ostream* os) { *os << c.name; }

const std::vector<std::string> kUpgrade = {"upgrade", "head"};
const std::vector<std::string> kCheck = {"check"};
const std::vector<std::string> kAutogenerate = {"revision", "--autogenerate", "-m", "more"};

// A second revision on top of the template's, with `replace` swapping whole
// lines (1-based) for other text. Line 6 is `created`, 3 `branch_labels`.
std::string second_revision(const std::string& down,
                            std::vector<std::pair<int, std::string>> replace = {}) {
  std::vector<std::string> lines = {
      "revision = \"0123456789ab\"",
      "down_revision = \"" + down + "\"",
      "branch_labels = []",
      "depends_on = []",
      "message = \"second\"",
      "created = 2026-11-22T10:15:00Z",
      "transactional = true",
      "",
      "[[upgrade]]",
      "op = \"add_column\"",
      "table = \"hero\"",
      "column = { name = \"nickname\", type = \"varchar(50)\", nullable = true }",
      "",
      "[[downgrade]]",
      "op = \"drop_column\"",
      "table = \"hero\"",
      "column = \"nickname\"",
  };
  for (auto& [line, text] : replace) lines[static_cast<std::size_t>(line - 1)] = text;
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

// The template's models (16 lines) plus a table `villain` whose second column
// line (line 22) is `column`; `extra` follows the columns (line 24 on).
std::string models_with(const std::string& column, const std::string& extra = "") {
  return std::string(kTemplateModels) +
         "\n[[table]]\nname = \"villain\"\ncolumns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n" +
         column + "\n]\n" + extra;
}

HostileCase config_case(std::string name, std::string text, std::string where, bool line = true) {
  return {std::move(name), [text](const Scene& s) { s.write("retort.toml", text); }, kUpgrade,
          std::move(where), line};
}

HostileCase models_case(std::string name, std::string text, std::string where, bool line = true,
                        std::vector<std::string> args = kCheck) {
  return {std::move(name), [text](const Scene& s) { s.write("models.toml", text); },
          std::move(args), std::move(where), line};
}

HostileCase column_case(std::string name, std::string column, std::string line = "22") {
  return models_case(std::move(name), models_with(column), "models\\.toml:" + line);
}

// A second revision file with lines replaced; `line` the expected line.
HostileCase revision_case(std::string name, std::vector<std::pair<int, std::string>> replace,
                          std::string line, std::vector<std::string> args = kUpgrade) {
  return {std::move(name),
          [replace](const Scene& s) {
            s.write("migrations/versions/0123456789ab_second.toml",
                    second_revision(s.t.revision, replace));
          },
          std::move(args), "0123456789ab_second\\.toml:" + line, true};
}

HostileCase revision_text_case(std::string name, std::string text, std::string where,
                               bool line = true) {
  return {std::move(name),
          [text](const Scene& s) { s.write("migrations/versions/0123456789ab_second.toml", text); },
          kUpgrade, std::move(where), line};
}

HostileCase cli_case(std::string name, std::vector<std::string> args, std::string where) {
  return {std::move(name), [](const Scene&) {}, std::move(args), std::move(where), false};
}

// A file replaced by something that is not a readable regular file.
HostileCase file_type_case(std::string name, std::string relative,
                           std::function<void(const fs::path&)> make, std::vector<std::string> args,
                           std::string where) {
  return {std::move(name), [relative, make](const Scene& s) { make(s.path(relative)); },
          std::move(args), std::move(where), false};
}

constexpr std::uintmax_t kOverLimit = (std::uintmax_t{64} << 20) + 1;  // 64 MiB + 1 byte

std::vector<HostileCase> file_type_cases(const std::string& label, const std::string& relative,
                                         const std::vector<std::string>& args,
                                         const std::string& where) {
  return {
      file_type_case(label + "IsDirectory", relative, replace_with_directory, args, where),
      file_type_case(label + "IsNamedPipe", relative, replace_with_fifo, args, where),
      file_type_case(
          label + "IsDevZero", relative,
          [](const fs::path& p) { replace_with_symlink(p, "/dev/zero"); }, args, where),
      file_type_case(
          label + "IsUnreadable", relative,
          [](const fs::path& p) { replace_with_symlink(p, "/proc/self/mem"); }, args, where),
      file_type_case(
          label + "IsDanglingSymlink", relative,
          [](const fs::path& p) { replace_with_symlink(p, "no-such-file.toml"); }, args, where),
      file_type_case(label + "IsSymlinkLoop", relative, replace_with_symlink_loop, args, where),
      file_type_case(
          label + "IsOverSizeLimit", relative,
          [](const fs::path& p) { replace_with_sparse_file(p, kOverLimit); }, args, where),
  };
}

std::vector<HostileCase> all_cases() {
  std::vector<HostileCase> cases;
  auto add = [&cases](std::vector<HostileCase> more) {
    for (auto& c : more) cases.push_back(std::move(c));
  };
  const std::string head = "[retort]\nscript_location = \"migrations\"\n";

  // --- retort.toml ---
  add({
      config_case("ConfigMalformed", head + "models = \n", "retort\\.toml:3"),
      config_case("ConfigUnclosedSection", "[retort\n", "retort\\.toml:1"),
      config_case("ConfigUnknownTopKey", head + "[other]\nx = 1\n", "retort\\.toml:3"),
      config_case("ConfigUnknownKey", head + "modles = \"models.toml\"\n", "retort\\.toml:3"),
      config_case("ConfigScriptLocationNotString", "[retort]\nscript_location = 5\n",
                  "retort\\.toml:2"),
      config_case("ConfigModelsNotString", head + "models = [\"a\"]\n", "retort\\.toml:3"),
      config_case("ConfigVersionTableEmpty", head + "version_table = \"\"\n", "retort\\.toml:3"),
      config_case("ConfigVersionTableTooLong",
                  head + "version_table = \"" + std::string(80, 'v') + "\"\n", "retort\\.toml:3"),
      config_case("ConfigTransactionFlagNotBool", head + "transaction_per_revision = \"no\"\n",
                  "retort\\.toml:3"),
      config_case("ConfigRetortNotTable", "retort = 5\n", "retort\\.toml:1"),
      config_case("ConfigDuplicateKey", head + "script_location = \"other\"\n", "retort\\.toml:3"),
      config_case("ConfigUnknownVariable", head + "url = \"${RETORT_NO_SUCH_VARIABLE}\"\n",
                  "retort\\.toml:3"),
      config_case("ConfigInvalidUtf8", head + "models = \"m\xff\xfe.toml\"\n", "retort\\.toml:3"),
      config_case("ConfigNulByte", head + "models = \"models.toml\"\n" + std::string("\0\n", 2),
                  "retort\\.toml:4"),
      config_case("ConfigScriptLocationMissing", "[retort]\nscript_location = \"nowhere\"\n",
                  "nowhere", false),
      config_case("ConfigScriptLocationIsFile", "[retort]\nscript_location = \"models.toml\"\n",
                  "models\\.toml", false),
      {"ConfigModelsMissing",
       [](const Scene& s) { s.write("retort.toml", "[retort]\nmodels = \"nowhere.toml\"\n"); },
       kCheck, "nowhere\\.toml", false},
      {"ConfigFileMissing",
       [](const Scene&) {},
       {"-c", "absent.toml", "upgrade", "head"},
       "absent\\.toml",
       false},
  });
  add(file_type_cases("Config", "retort.toml", kUpgrade, "retort\\.toml"));

  // --- models.toml ---
  add({
      models_case("ModelsMalformed", std::string(kTemplateModels) + "\n[[table]\n",
                  "models\\.toml:18"),
      models_case("ModelsMalformedOnAutogenerate", std::string(kTemplateModels) + "\n[[table]\n",
                  "models\\.toml:18", true, kAutogenerate),
      models_case("ModelsUnknownTopKey",
                  std::string(kTemplateModels) + "\n[[tables]]\nname = \"x\"\n",
                  "models\\.toml:18"),
      models_case("ModelsTableNotArray", "table = 5\n", "models\\.toml:1"),
      models_case("ModelsTableWithoutName",
                  "[[table]]\ncolumns = [ { name = \"id\", type = \"integer\" } ]\n",
                  "models\\.toml:1"),
      models_case("ModelsTableNameNotString",
                  "[[table]]\nname = 5\ncolumns = [ { name = \"id\", type = \"integer\" } ]\n",
                  "models\\.toml:2"),
      models_case("ModelsTableWithoutColumns", "[[table]]\nname = \"x\"\n", "models\\.toml:1"),
      models_case("ModelsTableEmptyColumns", "[[table]]\nname = \"x\"\ncolumns = []\n",
                  "models\\.toml:\\d+"),
      models_case("ModelsColumnsNotArray", "[[table]]\nname = \"x\"\ncolumns = 5\n",
                  "models\\.toml:3"),
      models_case("ModelsDuplicateTable",
                  std::string(kTemplateModels) + "\n" + std::string(kTemplateModels),
                  "models\\.toml:\\d+"),
      models_case("ModelsInvalidUtf8", std::string(kTemplateModels) + "# \xc3\x28\n",
                  "models\\.toml:17"),
      models_case("ModelsNulOutsideString", std::string(kTemplateModels) + std::string("\0\n", 2),
                  "models\\.toml:17"),
      models_case("ModelsDuplicateKeyInColumn",
                  models_with("  { name = \"a\", name = \"b\", type = \"text\" },"),
                  "models\\.toml:22"),
      models_case("ModelsUnknownTableKey",
                  std::string(kTemplateModels) +
                      "\n[[table]]\nname = \"x\"\ncolums = []\ncolumns = [ { name = \"id\", "
                      "type = \"integer\" } ]\n",
                  "models\\.toml:\\d+"),
      column_case("ColumnMissingType", "  { name = \"power\" },"),
      column_case("ColumnMissingName", "  { type = \"integer\" },"),
      column_case("ColumnUnknownType", "  { name = \"power\", type = \"integr\" },"),
      column_case("ColumnBadVarcharLength", "  { name = \"power\", type = \"varchar(abc)\" },"),
      column_case("ColumnNegativeVarcharLength", "  { name = \"power\", type = \"varchar(-1)\" },"),
      column_case("ColumnUnclosedType", "  { name = \"power\", type = \"varchar(10\" },"),
      column_case("ColumnTypeNotString", "  { name = \"power\", type = 5 },"),
      column_case("ColumnNameNotString", "  { name = 5, type = \"integer\" },"),
      column_case("ColumnUnknownKey", "  { name = \"power\", type = \"integer\", colour = 1 },"),
      column_case("ColumnNullableNotBool",
                  "  { name = \"power\", type = \"integer\", nullable = \"yes\" },"),
      column_case("ColumnPrimaryKeyNotBool",
                  "  { name = \"power\", type = \"integer\", primary_key = 1 },"),
      column_case("ColumnDefaultArray",
                  "  { name = \"power\", type = \"integer\", default = [1] },"),
      column_case("ColumnDefaultAndDefaultSql",
                  "  { name = \"power\", type = \"integer\", default = 1, default_sql = \"1\" },"),
      column_case("ColumnOnDeleteWithoutForeignKey",
                  "  { name = \"power\", type = \"integer\", on_delete = \"cascade\" },"),
      column_case("ColumnBadForeignKeyForm",
                  "  { name = \"team_id\", type = \"integer\", foreign_key = \"team\" },"),
      column_case("ColumnForeignKeyMissingTable",
                  "  { name = \"guild_id\", type = \"integer\", foreign_key = \"guild.id\" },"),
      column_case("ColumnForeignKeyMissingColumn",
                  "  { name = \"team_id\", type = \"integer\", foreign_key = \"team.code\" },"),
      column_case("ColumnBadOnDelete",
                  "  { name = \"team_id\", type = \"integer\", foreign_key = \"team.id\", "
                  "on_delete = \"explode\" },"),
      column_case("ColumnEnumWithoutValues",
                  "  { name = \"mood\", type = \"enum\", enum = \"mood\" },"),
      column_case("ColumnValuesWithoutEnum",
                  "  { name = \"mood\", type = \"text\", values = [\"a\"] },"),
      column_case("ColumnDuplicate",
                  "  { name = \"power\", type = \"integer\" },\n"
                  "  { name = \"power\", type = \"text\" },",
                  "23"),
      column_case("ColumnNotInlineTable", "  \"power\","),
      models_case("IndexOnMissingColumn",
                  models_with("  { name = \"power\", type = \"integer\" },",
                              "indexes = [ { name = \"ix_v\", columns = [\"speed\"] } ]\n"),
                  "models\\.toml:24"),
      models_case("IndexWithoutColumns",
                  models_with("  { name = \"power\", type = \"integer\" },",
                              "indexes = [ { name = \"ix_v\" } ]\n"),
                  "models\\.toml:24"),
      models_case(
          "IndexUniqueNotBool",
          models_with("  { name = \"power\", type = \"integer\" },",
                      "indexes = [ { name = \"ix_v\", columns = [\"power\"], unique = 1 } ]\n"),
          "models\\.toml:24"),
      models_case("IndexBadOrder",
                  models_with("  { name = \"power\", type = \"integer\" },",
                              "indexes = [ { name = \"ix_v\", columns = [ { expression = "
                              "\"power\", order = \"up\" } ] } ]\n"),
                  "models\\.toml:24"),
      models_case("UniqueWithoutColumns",
                  models_with("  { name = \"power\", type = \"integer\" },",
                              "unique = [ { name = \"uq_v\", columns = [] } ]\n"),
                  "models\\.toml:24"),
      models_case("CheckWithoutSql",
                  models_with("  { name = \"power\", type = \"integer\" },",
                              "checks = [ { name = \"ck_v\" } ]\n"),
                  "models\\.toml:24"),
      models_case("CheckEmptySql",
                  models_with("  { name = \"power\", type = \"integer\" },",
                              "checks = [ { name = \"ck_v\", sql = \"\" } ]\n"),
                  "models\\.toml:24"),
      models_case(
          "PrimaryKeyMissingColumn",
          models_with("  { name = \"power\", type = \"integer\" },", "primary_key = [\"speed\"]\n"),
          "models\\.toml:\\d+"),
      models_case("EnumSectionWithoutValues",
                  std::string(kTemplateModels) + "\n[[enum]]\nname = \"mood\"\n",
                  "models\\.toml:18"),
      models_case("ModelsUnknownColumnTypeOnAutogenerate",
                  models_with("  { name = \"power\", type = \"integr\" },"), "models\\.toml:22",
                  true, kAutogenerate),
      {"ModelsMissing", [](const Scene& s) { fs::remove(s.path("models.toml")); }, kCheck,
       "models\\.toml", false},
  });
  add(file_type_cases("Models", "models.toml", kCheck, "models\\.toml"));
  add({file_type_case("ModelsIsNamedPipeOnAutogenerate", "models.toml", replace_with_fifo,
                      kAutogenerate, "models\\.toml"),
       file_type_case("ModelsIsDirectoryOnAutogenerate", "models.toml", replace_with_directory,
                      kAutogenerate, "models\\.toml"),
       file_type_case("ModelsIsDirectoryOnDiff", "models.toml", replace_with_directory,
                      {"diff", "--format", "json"}, "models\\.toml")});

  // --- revision files ---
  add({
      revision_case("RevisionIdNotString", {{1, "revision = 5"}}, "1"),
      revision_case("RevisionIdWithSpace", {{1, "revision = \"0123 456789ab\""}}, "1"),
      revision_case("RevisionIdTooLong", {{1, "revision = \"" + std::string(40, 'a') + "\""}}, "1"),
      revision_case("RevisionIdEmpty", {{1, "revision = \"\""}}, "1"),
      revision_case("DownRevisionNotString", {{2, "down_revision = 5"}}, "2"),
      revision_case("DownRevisionEmptyInList", {{2, "down_revision = [\"\"]"}}, "2"),
      revision_case("DownRevisionUnknown", {{2, "down_revision = \"ffffffffffff\""}}, "\\d+"),
      revision_case("DownRevisionItself", {{2, "down_revision = \"0123456789ab\""}}, "\\d+"),
      revision_case("BranchLabelsNotArray", {{3, "branch_labels = \"x\""}}, "3"),
      revision_case("BranchLabelsNotStrings", {{3, "branch_labels = [1]"}}, "3"),
      revision_case("BranchLabelWithQuote", {{3, "branch_labels = [\"a\\\"b\"]"}}, "3"),
      revision_case("BranchLabelWithAt", {{3, "branch_labels = [\"a@b\"]"}}, "3"),
      revision_case("BranchLabelWithSpace", {{3, "branch_labels = [\"a b\"]"}}, "3"),
      revision_case("BranchLabelEmpty", {{3, "branch_labels = [\"\"]"}}, "3"),
      revision_case("BranchLabelReserved", {{3, "branch_labels = [\"head\"]"}}, "3"),
      revision_case("BranchLabelWithColon", {{3, "branch_labels = [\"a:b\"]"}}, "3"),
      revision_case("DependsOnNotArray", {{4, "depends_on = 5"}}, "4"),
      revision_case("DependsOnUnknown", {{4, "depends_on = [\"ffffffffffff\"]"}}, "\\d+"),
      revision_case("MessageNotString", {{5, "message = 5"}}, "5"),
      revision_case("CreatedWord", {{6, "created = \"yesterday\""}}, "6"),
      revision_case("CreatedNumber", {{6, "created = 5"}}, "6"),
      revision_case("CreatedDateOnly", {{6, "created = 2026-11-22"}}, "6"),
      revision_case("CreatedTimeOnly", {{6, "created = 10:15:00"}}, "6"),
      revision_case("TransactionalNotBool", {{7, "transactional = \"no\""}}, "7"),
      revision_case("UnknownTopKey", {{8, "author = \"me\""}}, "8"),
      revision_case("UpgradeNotTables", {{9, "upgrade = 5"}, {10, ""}, {11, ""}, {12, ""}}, "9"),
      revision_case("OpUnknown", {{10, "op = \"explode\""}}, "\\d+"),
      revision_case("OpMissing", {{10, ""}}, "\\d+"),
      revision_case("OpNotString", {{10, "op = 5"}}, "\\d+"),
      revision_case("OpUnknownKey", {{11, "tabel = \"hero\""}}, "\\d+"),
      revision_case("OpColumnBadType",
                    {{12, "column = { name = \"nickname\", type = \"varchr(50)\" }"}}, "\\d+"),
      revision_case("OpColumnNotTable", {{12, "column = 5"}}, "\\d+"),
      revision_case("OpMissingTable", {{11, ""}}, "\\d+"),
      revision_case("RevisionMalformed", {{5, "message = \"unclosed"}}, "5"),
      revision_case("RevisionDuplicateKey", {{7, "message = \"again\""}}, "7"),
      revision_case("RevisionInvalidUtf8", {{5, "message = \"\xff\xfe\""}}, "5"),
      revision_case("RevisionNulByte", {{8, std::string("\x00", 1)}}, "8"),
      revision_case("RevisionShownHistoryBadLabel", {{3, "branch_labels = [\"a\\\"b\"]"}}, "3",
                    {"history"}),
      revision_case("RevisionCreatedWordOnHeads", {{6, "created = \"yesterday\""}}, "6", {"heads"}),
      revision_text_case("RevisionEmptyFile", "", "0123456789ab_second\\.toml"),
      revision_text_case("RevisionMissingDownRevision", "revision = \"0123456789ab\"\n",
                         "0123456789ab_second\\.toml"),
      {"RevisionDuplicateId",
       [](const Scene& s) {
         s.write("migrations/versions/zz_copy.toml", file_bytes(s.revision_file()));
       },
       kUpgrade, "zz_copy\\.toml:1", true},
      {"RevisionCycle",
       [](const Scene& s) {
         s.write("migrations/versions/0123456789ab_second.toml", second_revision("0123456789ac"));
         s.write("migrations/versions/0123456789ac_third.toml",
                 second_revision("0123456789ab", {{1, "revision = \"0123456789ac\""}}));
       },
       kUpgrade, "01234567\\d9a[bc]_(second|third)\\.toml", false},
      {"RevisionLabelOnTwoRevisions",
       [](const Scene& s) {
         s.write("migrations/versions/0123456789ab_second.toml",
                 second_revision(s.t.revision, {{3, "branch_labels = [\"x\"]"}}));
         s.write("migrations/versions/0123456789ac_third.toml",
                 second_revision("0123456789ab", {{1, "revision = \"0123456789ac\""},
                                                  {3, "branch_labels = [\"x\"]"}}));
       },
       kUpgrade, "01234567\\d9a[bc]_(second|third)\\.toml:\\d+", true},
  });
  add(file_type_cases("RevisionFile", "migrations/versions/0123456789ab_second.toml", kUpgrade,
                      "0123456789ab_second\\.toml"));
  add({file_type_case("RevisionFileIsDirectoryOnHistory",
                      "migrations/versions/0123456789ab_second.toml", replace_with_directory,
                      {"history"}, "0123456789ab_second\\.toml"),
       file_type_case("RevisionFileIsSymlinkLoopOnHeads",
                      "migrations/versions/0123456789ab_second.toml", replace_with_symlink_loop,
                      {"heads"}, "0123456789ab_second\\.toml"),
       file_type_case(
           "VersionsFolderIsFile", "migrations/versions",
           [](const fs::path& p) {
             fs::remove_all(p);
             write_file(p, "x");
           },
           kUpgrade, "versions")});

  // --- the command line ---
  add({
      cli_case("UnknownCommand", {"upgrad", "head"}, "upgrad"),
      cli_case("UnknownOption", {"upgrade", "head", "--fast"}, "--fast"),
      cli_case("UpgradeUnknownRevision", {"upgrade", "nowhere"}, "nowhere"),
      cli_case("DowngradeUnknownRevision", {"downgrade", "nowhere"}, "nowhere"),
      cli_case("UpgradeBadRelative", {"upgrade", "+abc"}, "\\+abc"),
      cli_case("UpgradeTwoAts", {"upgrade", "a@b@c"}, "a@b@c"),
      cli_case("UpgradeUnknownLabel", {"upgrade", "nolabel@head"}, "nolabel"),
      cli_case("UpgradeBadLabelSyntax", {"upgrade", "a\"b@head"}, "a\"b"),
      cli_case("UrlUnknownScheme", {"--url", "mysql://localhost/x", "upgrade", "head"}, "mysql"),
      cli_case("UrlNotAUrl", {"--url", "nonsense", "upgrade", "head"}, "nonsense"),
      cli_case("BranchLabelWithQuoteOption", {"revision", "-m", "x", "--branch-label", "a\"b"},
               "a\"b"),
      cli_case("BranchLabelReservedOption", {"revision", "-m", "x", "--branch-label", "heads"},
               "heads"),
      cli_case("RevIdWithSpace", {"revision", "-m", "x", "--rev-id", "a b"}, "a b"),
      cli_case("DiffBadFormat", {"diff", "--format", "xml"}, "xml"),
      cli_case("DiffUnknownSource", {"diff", "--from", "nowhere"}, "nowhere"),
      cli_case("HistoryBadRange", {"history", "-r", "nowhere:b:c"}, "nowhere"),
      cli_case("StampUnknownRevision", {"stamp", "nowhere"}, "nowhere"),
      cli_case("ShowUnknownRevision", {"show", "nowhere"}, "nowhere"),
      cli_case("UpgradeSqlBadRange", {"upgrade", "nowhere:head", "--sql"}, "nowhere"),
  });
  return cases;
}

// Tally across the suite, printed at the end.
struct Tally {
  int cases = 0, exit2 = 0, named = 0, with_line = 0, line_expected = 0, untouched = 0;
};
Tally tally;

class HostileInputTest : public ::testing::TestWithParam<HostileCase> {
 protected:
  static void SetUpTestSuite() { template_ = new TemplateProject(make_template()); }
  static void TearDownTestSuite() {
    delete template_;
    template_ = nullptr;
    std::printf(
        "hostile inputs: %d; exit 2: %d; named (file or argument): %d; file:line: %d of %d; "
        "database untouched: %d\n",
        tally.cases, tally.exit2, tally.named, tally.with_line, tally.line_expected,
        tally.untouched);
  }
  static TemplateProject* template_;
};
TemplateProject* HostileInputTest::template_ = nullptr;

TEST_P(HostileInputTest, RefusedNamedUntouched) {
  const HostileCase& c = GetParam();
  ASSERT_FALSE(template_->revision.empty());
  ProjectCopy copy(*template_);
  const std::string before = file_bytes(copy.database());
  c.prepare(Scene{copy.dir(), *template_});
  const std::string files_before = tree_listing(copy.dir() / "migrations");

  ProcessResult r = copy.retort(c.args);
  const bool refused = r.exit_code == 2;
  const bool named = std::regex_search(r.err, std::regex(c.where));
  const bool untouched = file_bytes(copy.database()) == before &&
                         !fs::exists(copy.database().string() + "-journal") &&
                         tree_listing(copy.dir() / "migrations") == files_before;
  ++tally.cases;
  tally.exit2 += refused;
  tally.named += refused && named;
  tally.line_expected += c.has_line;
  tally.with_line += c.has_line && refused && named;
  tally.untouched += untouched;

  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(named) << "expected /" << c.where << "/ in the message\n" << r.describe();
  EXPECT_EQ(r.err.rfind("retort: error: ", 0), 0u) << r.describe();
  EXPECT_TRUE(untouched) << "the database or the versions folder changed\n" << r.describe();
}

INSTANTIATE_TEST_SUITE_P(Cases, HostileInputTest, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<HostileCase>& info) {
                           return info.param.name;
                         });

TEST(HostileInputSuite, HasAtLeastAHundredCases) { EXPECT_GE(all_cases().size(), 100u); }

// The fixtures above are valid until broken: the second revision applies.
TEST(HostileInputSuite, SecondRevisionIsValid) {
  TemplateProject t = make_template();
  ProjectCopy copy(t);
  write_file(copy.dir() / "migrations/versions/0123456789ab_second.toml",
             second_revision(t.revision));
  ProcessResult r = copy.retort({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(copy.retort({"check"}).exit_code, 1);  // models lack the new column
}

// PostgreSQL: a handful of the cases, with the catalogs compared before and
// after instead of file bytes.
class HostileInputPostgresTest : public ::testing::TestWithParam<HostileCase> {};

std::string catalog_snapshot(const CliProject& p) {
  std::string out;
  for (const auto& row :
       p.query("SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod), "
               "a.attnotnull FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
               "AND NOT a.attisdropped WHERE n.nspname = current_schema() "
               "ORDER BY 1, 3")) {
    for (const std::string& cell : row) out += cell + "|";
    out += "\n";
  }
  for (const auto& row : p.query("SELECT version_num FROM retort_version")) out += row[0] + "\n";
  for (const auto& row : p.query("SELECT count(*) FROM team")) out += "team rows " + row[0] + "\n";
  return out;
}

TEST_P(HostileInputPostgresTest, RefusedNamedUntouched) {
  const HostileCase& c = GetParam();
  CliProject p("postgresql");
  p.write_models(kTemplateModels);
  TemplateProject t;
  t.revision = p.migrate("create team and hero");
  ASSERT_FALSE(t.revision.empty());
  t.revision_file = p.revision_files().front().lexically_relative(p.dir());
  p.execute("INSERT INTO team (id, name) VALUES (1, 'red')");
  const std::string before = catalog_snapshot(p);
  c.prepare(Scene{p.dir(), t});

  ProcessOptions options;
  options.cwd = p.dir();
  options.env = {{"RETORT_URL", p.url()}, {"NO_COLOR", "1"}};
  options.timeout_seconds = 20;
  ProcessResult r = run_retort(c.args, options);
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_TRUE(std::regex_search(r.err, std::regex(c.where))) << "expected /" << c.where << "/\n"
                                                             << r.describe();
  EXPECT_EQ(catalog_snapshot(p), before);
}

std::vector<HostileCase> postgres_cases() {
  std::vector<HostileCase> chosen;
  for (HostileCase& c : all_cases()) {
    for (const char* name :
         {"ModelsIsDirectoryOnAutogenerate", "ModelsIsNamedPipe", "RevisionFileIsSymlinkLoop",
          "CreatedWord", "BranchLabelWithQuote", "ColumnUnknownType", "ConfigMalformed",
          "RevisionFileIsDanglingSymlink"}) {
      if (c.name == name) chosen.push_back(c);
    }
  }
  return chosen;
}

INSTANTIATE_TEST_SUITE_P(Cases, HostileInputPostgresTest, ::testing::ValuesIn(postgres_cases()),
                         [](const ::testing::TestParamInfo<HostileCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace retort::testing
