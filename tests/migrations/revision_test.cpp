#include "migrations/revision.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <functional>

#include "core/internal/ops_toml.hpp"
#include "migrations/internal/branch_label.hpp"
#include "migrations/internal/script_directory.hpp"
#include "migrations/revision_graph.hpp"
#include "tests/migrations/history_fixture.hpp"
#include "tests/support/test_database.hpp"

namespace retort::migrations {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSpecExample = R"toml(revision = "3f2a9c1b7d4e"
down_revision = "a1b2c3d4e5f6"   # "" for a base
branch_labels = []
depends_on = []
message = "add hero"
created = 2026-11-22T10:15:00Z

[[upgrade]]
op = "add_column"
table = "hero"
column = { name = "age", type = "integer", nullable = true }

[[downgrade]]
op = "drop_column"
table = "hero"
column = "age"
)toml";

// Element-wise, printing the TOML form of a mismatch (gtest would print bytes).
void expect_same_ops(const std::vector<Op>& actual, const std::vector<Op>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) {
    EXPECT_TRUE(actual[i] == expected[i]) << "op " << i << "\nread back: " << op_to_toml(actual[i])
                                          << "\nwritten:   " << op_to_toml(expected[i]);
  }
}

void write_file(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

TEST(RevisionTest, ReadsTheSpecExample) {
  Result<Revision> r = read_revision(kSpecExample, "v/3f2a9c1b7d4e_add_hero.toml");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->id, "3f2a9c1b7d4e");
  EXPECT_EQ(r->down_revisions, std::vector<std::string>{"a1b2c3d4e5f6"});
  EXPECT_EQ(r->message, "add hero");
  EXPECT_EQ(r->created, "2026-11-22T10:15:00Z");
  EXPECT_TRUE(r->transactional);
  EXPECT_EQ(r->line, 1);
  ASSERT_EQ(r->upgrade.size(), 1u);
  const auto* add = std::get_if<AddColumn>(&r->upgrade[0]);
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->table, "hero");
  EXPECT_EQ(add->column.name, "age");
  EXPECT_TRUE(add->column.nullable);
  ASSERT_EQ(r->downgrade.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<DropColumn>(r->downgrade[0]));
}

TEST(RevisionTest, DownRevisionIsEmptyAStringOrAnArray) {
  auto with_down = [](const std::string& down) {
    return read_revision("revision = \"abcdef123456\"\ndown_revision = " + down + "\n", "r.toml");
  };
  EXPECT_TRUE(with_down("\"\"")->down_revisions.empty());
  EXPECT_EQ(with_down("\"a1\"")->down_revisions, std::vector<std::string>{"a1"});
  EXPECT_EQ(with_down("[\"a1\", \"b2\"]")->down_revisions, (std::vector<std::string>{"a1", "b2"}));
  EXPECT_FALSE(with_down("5").ok());
}

TEST(RevisionTest, WriteThenReadGivesTheSameRevision) {
  Revision rev;
  rev.id = "0123456789ab";
  rev.down_revisions = {"ba9876543210"};
  rev.branch_labels = {"main"};
  rev.message = "it's \"quoted\"\nand multi-line";
  rev.created = "2026-01-02T03:04:05Z";
  rev.transactional = false;
  for (const auto& r : retort::testing::sample_history()) {
    rev.upgrade.insert(rev.upgrade.end(), r.upgrade.begin(), r.upgrade.end());
    rev.downgrade.insert(rev.downgrade.end(), r.downgrade.begin(), r.downgrade.end());
  }
  rev.upgrade.push_back(Execute{"UPDATE t SET a = 'x''y';\nSELECT \"b\"", "postgresql"});

  const std::string text = write_revision(rev);
  Result<Revision> back = read_revision(text, "r.toml");
  ASSERT_TRUE(back.ok()) << back.error().describe() << "\n" << text;
  EXPECT_EQ(back->id, rev.id);
  EXPECT_EQ(back->down_revisions, rev.down_revisions);
  EXPECT_EQ(back->branch_labels, rev.branch_labels);
  EXPECT_EQ(back->message, rev.message);
  EXPECT_EQ(back->created, rev.created);
  EXPECT_FALSE(back->transactional);
  expect_same_ops(back->upgrade, rev.upgrade);
  expect_same_ops(back->downgrade, rev.downgrade);
  // The text reads like the SPEC: the op name first, nested tables inline.
  EXPECT_NE(text.find("[[upgrade]]\nop = \"create_table\""), std::string::npos) << text;
  EXPECT_EQ(text.find("[upgrade."), std::string::npos) << text;
  EXPECT_EQ(write_revision(*back), text);
}

TEST(RevisionTest, ErrorsNameTheFileAndLine) {
  Result<Revision> malformed =
      read_revision("revision = \"abcdef123456\"\ndown_revision = \n", "v/r.toml");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(malformed.error().file, "v/r.toml");
  EXPECT_EQ(malformed.error().line, 2);

  Result<Revision> unknown = read_revision(
      "revision = \"abcdef123456\"\ndown_revision = \"\"\nmesage = \"x\"\n", "v/r.toml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().line, 3);
  EXPECT_NE(unknown.error().message.find("mesage"), std::string::npos);

  Result<Revision> missing = read_revision("revision = \"abcdef123456\"\n", "v/r.toml");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("down_revision"), std::string::npos);

  Result<Revision> bad_op = read_revision(
      "revision = \"abcdef123456\"\ndown_revision = \"\"\n\n[[upgrade]]\nop = \"explode\"\n",
      "v/r.toml");
  ASSERT_FALSE(bad_op.ok());
  EXPECT_EQ(bad_op.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(bad_op.error().file, "v/r.toml");
  EXPECT_GE(bad_op.error().line, 4);

  Result<Revision> bad_id =
      read_revision("revision = \"../etc\"\ndown_revision = \"\"\n", "v/r.toml");
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().line, 1);
}

TEST(RevisionTest, FileNamesIdsAndValidation) {
  Revision r;
  r.id = "3f2a9c1b7d4e";
  r.message = "Add hero, and team!";
  EXPECT_EQ(revision_file_name(r), "3f2a9c1b7d4e_add_hero_and_team.toml");
  r.message = "";
  EXPECT_EQ(revision_file_name(r), "3f2a9c1b7d4e.toml");

  const std::string id = new_revision_id();
  ASSERT_EQ(id.size(), 12u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(new_revision_id(), id);

  EXPECT_TRUE(validate_revision_id("release_1").ok());
  EXPECT_FALSE(validate_revision_id("").ok());
  EXPECT_FALSE(validate_revision_id("has space").ok());
  EXPECT_FALSE(validate_revision_id("a/b").ok());
  EXPECT_FALSE(validate_revision_id("head").ok());
  EXPECT_FALSE(validate_revision_id(std::string(33, 'a')).ok());
}

TEST(RevisionTest, WriteFileRefusesToOverwrite) {
  retort::testing::TestDatabase scratch("sqlite");
  Revision r;
  r.id = "abcdef123456";
  r.message = "first";
  Result<fs::path> p = write_revision_file(r, scratch.dir());
  ASSERT_TRUE(p.ok()) << p.error().describe();
  EXPECT_EQ(p->filename(), "abcdef123456_first.toml");
  Result<Revision> back = read_revision_file(*p);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->path, *p);
  EXPECT_FALSE(write_revision_file(r, scratch.dir()).ok());
}

TEST(ScriptDirectoryTest, LoadsTomlFilesAndRejectsDuplicateIds) {
  retort::testing::TestDatabase scratch("sqlite");
  const fs::path dir = scratch.dir() / "versions";
  fs::create_directories(dir);
  write_file(dir / "aaaa00000001_one.toml", "revision = \"aaaa00000001\"\ndown_revision = \"\"\n");
  write_file(dir / "README.md", "not a revision\n");
  Result<std::vector<Revision>> ok = load_revisions(dir);
  ASSERT_TRUE(ok.ok()) << ok.error().describe();
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].path, dir / "aaaa00000001_one.toml");

  // One id in two files: the graph, which owns that rule, refuses it, naming both.
  write_file(dir / "aaaa00000001_copy.toml", "revision = \"aaaa00000001\"\ndown_revision = \"\"\n");
  Result<std::vector<Revision>> both = load_revisions(dir);
  ASSERT_TRUE(both.ok()) << both.error().describe();
  Result<RevisionGraph> dup = RevisionGraph::build(std::move(*both));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kBadInput);
  EXPECT_NE(dup.error().message.find("aaaa00000001_one.toml"), std::string::npos);
  EXPECT_NE(dup.error().message.find("aaaa00000001_copy.toml"), std::string::npos);

  Result<std::vector<Revision>> missing = load_revisions(scratch.dir() / "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kBadInput);
}

TEST(RevisionTest, CreatedMustBeADateTime) {
  const std::string head = "revision = \"abcdef123456\"\ndown_revision = \"\"\n";
  for (const char* created :
       {"\"yesterday\"", "\"2026-11-22T10:15:00Z\"", "5", "2026-11-22", "10:15:00"}) {
    Result<Revision> r = read_revision(head + "created = " + created + "\n", "v/r.toml");
    ASSERT_FALSE(r.ok()) << created;
    EXPECT_EQ(r.error().file, "v/r.toml");
    EXPECT_EQ(r.error().line, 3) << created;
  }
  EXPECT_TRUE(read_revision(head + "created = 2026-11-22T10:15:00+02:00\n", "v/r.toml").ok());
}

TEST(RevisionTest, BranchLabelsFollowOneRule) {
  for (const char* label : {"audit", "v1.2", "team-a", "_x", "A_9"}) {
    EXPECT_TRUE(validate_branch_label(label).ok()) << label;
  }
  for (const std::string& label :
       {std::string(), std::string("a\"b"), std::string("a@b"), std::string("a b"),
        std::string("-x"), std::string(".x"), std::string("a:b"), std::string("a+b"),
        std::string("head"), std::string("current"), std::string(65, 'a')}) {
    EXPECT_FALSE(validate_branch_label(label).ok()) << label;
  }
  Result<Revision> quoted = read_revision(
      "revision = \"abcdef123456\"\ndown_revision = \"\"\nbranch_labels = [\"a\\\"b\"]\n",
      "v/r.toml");
  ASSERT_FALSE(quoted.ok());
  EXPECT_EQ(quoted.error().line, 3);
}

// Every *.toml entry of the versions folder is a revision: one that cannot be
// read is an error naming it, never skipped and never an exception.
TEST(ScriptDirectoryTest, RefusesTomlEntriesThatAreNotReadableFiles) {
  retort::testing::TestDatabase scratch("sqlite");
  const fs::path dir = scratch.dir() / "versions";
  fs::create_directories(dir);
  write_file(dir / "aaaa00000001_one.toml", "revision = \"aaaa00000001\"\ndown_revision = \"\"\n");
  const fs::path bad = dir / "bbbb00000002_two.toml";
  const std::vector<std::pair<const char*, std::function<void()>>> kinds = {
      {"a directory", [&] { fs::create_directory(bad); }},
      {"a named pipe", [&] { ASSERT_EQ(::mkfifo(bad.c_str(), 0644), 0); }},
      {"a symbolic link to a file that does not exist",
       [&] { fs::create_symlink(dir / "missing", bad); }},
      {"symbolic link loop",
       [&] {
         fs::create_symlink(dir / "loop", bad);
         fs::create_symlink(bad, dir / "loop");
       }},
      {"character device", [&] { fs::create_symlink("/dev/zero", bad); }},
  };
  for (const auto& [kind, make] : kinds) {
    make();
    Result<std::vector<Revision>> r = load_revisions(dir);
    ASSERT_FALSE(r.ok()) << kind;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(r.error().file, bad.string()) << kind;
    EXPECT_NE(r.error().message.find(kind), std::string::npos) << r.error().message;
    fs::remove_all(bad);
    fs::remove(dir / "loop");
  }
}

// An editor's lock link beside a revision being edited (emacs writes
// ".#name.toml", a link to nowhere) is not a revision and is not refused.
TEST(ScriptDirectoryTest, SkipsHiddenEntries) {
  retort::testing::TestDatabase scratch("sqlite");
  const fs::path dir = scratch.dir() / "versions";
  fs::create_directories(dir);
  write_file(dir / "aaaa00000001_one.toml", "revision = \"aaaa00000001\"\ndown_revision = \"\"\n");
  fs::create_symlink("root@host.1234:1700000000", dir / ".#aaaa00000001_one.toml");
  Result<std::vector<Revision>> r = load_revisions(dir);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().id, "aaaa00000001");
}

}  // namespace
}  // namespace retort::migrations
