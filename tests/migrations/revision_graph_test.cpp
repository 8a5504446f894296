#include "migrations/revision_graph.hpp"

#include <gtest/gtest.h>

#include "tests/migrations/history_fixture.hpp"

namespace retort::migrations {
namespace {

using retort::testing::build_graph;
using retort::testing::kRev1;
using retort::testing::kRev2;
using retort::testing::kRev3;
using retort::testing::sample_history;

Revision bare(std::string id, std::string down) {
  Revision r;
  r.id = std::move(id);
  if (!down.empty()) r.down_revisions.push_back(std::move(down));
  r.path = "versions/" + r.id + "_x.toml";
  r.line = 1;
  return r;
}

std::string resolved(const RevisionGraph& g, std::string_view ident,
                     std::optional<std::string> current = std::nullopt) {
  Result<std::string> r = g.resolve(ident, current);
  EXPECT_TRUE(r.ok()) << ident << ": " << (r ? "" : r.error().describe());
  return r ? *r : "<error>";
}

TEST(RevisionGraphTest, OrdersTheChainFromBaseToHeadWhateverTheInputOrder) {
  std::vector<Revision> revs = sample_history();
  std::swap(revs[0], revs[2]);
  RevisionGraph g = build_graph(std::move(revs));
  ASSERT_EQ(g.revisions().size(), 3u);
  EXPECT_EQ(g.revisions()[0]->id, kRev1);
  EXPECT_EQ(g.revisions()[2]->id, kRev3);
  EXPECT_EQ(g.head(), kRev3);
  ASSERT_EQ(g.heads().size(), 1u);
  EXPECT_EQ(g.depth(""), 0);
  EXPECT_EQ(g.depth(kRev2), 2);
}

TEST(RevisionGraphTest, ResolvesEveryIdentifierForm) {
  RevisionGraph g = build_graph(sample_history());
  EXPECT_EQ(resolved(g, "head"), kRev3);
  EXPECT_EQ(resolved(g, "heads"), kRev3);
  EXPECT_EQ(resolved(g, "base"), "");
  EXPECT_EQ(resolved(g, kRev2), kRev2);
  EXPECT_EQ(resolved(g, "b2c3"), kRev2);
  EXPECT_EQ(resolved(g, "head-1"), kRev2);
  EXPECT_EQ(resolved(g, "head-3"), "");
  EXPECT_EQ(resolved(g, "base+1"), kRev1);
  EXPECT_EQ(resolved(g, "a1b2+2"), kRev3);
  EXPECT_EQ(resolved(g, "c3d4e5f6a7b8-2"), kRev1);
  EXPECT_EQ(resolved(g, "+1", std::string(kRev1)), kRev2);
  EXPECT_EQ(resolved(g, "+2", std::string("")), kRev2);
  EXPECT_EQ(resolved(g, "-1", std::string(kRev3)), kRev2);
  EXPECT_EQ(resolved(g, "-3", std::string(kRev3)), "");
}

TEST(RevisionGraphTest, UnknownAndOutOfRangeIdentifiersAreBadInput) {
  RevisionGraph g = build_graph(sample_history());
  for (const char* ident : {"ffff", "abc", "head-4", "head+1", "+1x", "a1b2+9", "nothead"}) {
    Result<std::string> r = g.resolve(ident, std::string(kRev3));
    ASSERT_FALSE(r.ok()) << ident;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput) << ident;
    EXPECT_FALSE(r.error().hint.empty()) << ident;
  }
  Result<std::string> short_prefix = g.resolve("a1b");
  ASSERT_FALSE(short_prefix.ok());
  EXPECT_NE(short_prefix.error().hint.find("4 characters"), std::string::npos);
}

TEST(RevisionGraphTest, RelativeIdentifierWithoutCurrentIsBadInput) {
  RevisionGraph g = build_graph(sample_history());
  EXPECT_TRUE(RevisionGraph::is_relative("-1"));
  EXPECT_FALSE(RevisionGraph::is_relative("head-1"));
  Result<std::string> r = g.resolve("-1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}

TEST(RevisionGraphTest, AmbiguousPrefixListsTheCandidates) {
  RevisionGraph g = build_graph({bare("abcd11110000", ""), bare("abcd22220000", "abcd11110000")});
  Result<std::string> r = g.resolve("abcd");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_NE(r.error().message.find("abcd11110000"), std::string::npos);
  EXPECT_NE(r.error().message.find("abcd22220000"), std::string::npos);
  EXPECT_EQ(resolved(g, "abcd2"), "abcd22220000");
}

TEST(RevisionGraphTest, PathsRunInOrderAndRefuseTheWrongDirection) {
  RevisionGraph g = build_graph(sample_history());
  auto up = g.upgrade_path("", kRev3);
  ASSERT_TRUE(up.ok());
  ASSERT_EQ(up->size(), 3u);
  EXPECT_EQ((*up)[0]->id, kRev1);
  EXPECT_EQ((*up)[2]->id, kRev3);
  auto partial = g.upgrade_path(kRev1, kRev2);
  ASSERT_TRUE(partial.ok());
  ASSERT_EQ(partial->size(), 1u);
  EXPECT_EQ((*partial)[0]->id, kRev2);

  auto down = g.downgrade_path(kRev3, kRev1);
  ASSERT_TRUE(down.ok());
  ASSERT_EQ(down->size(), 2u);
  EXPECT_EQ((*down)[0]->id, kRev3);
  EXPECT_EQ((*down)[1]->id, kRev2);

  EXPECT_TRUE(g.upgrade_path(kRev3, kRev3)->empty());
  EXPECT_EQ(g.upgrade_path(kRev3, kRev1).error().code, ErrorCode::kBadInput);
  EXPECT_EQ(g.downgrade_path(kRev1, kRev3).error().code, ErrorCode::kBadInput);
}

TEST(RevisionGraphTest, EmptyHistoryHasBaseAsHead) {
  RevisionGraph g = build_graph({});
  EXPECT_TRUE(g.empty());
  EXPECT_EQ(resolved(g, "head"), "");
  EXPECT_TRUE(g.heads().empty());
}

TEST(RevisionGraphTest, DuplicateIdIsBadInputNamingBothFiles) {
  Revision a = bare("aaaa00000000", "");
  Revision b = bare("aaaa00000000", "");
  b.path = "versions/other.toml";
  Result<RevisionGraph> g = RevisionGraph::build({a, b});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, ErrorCode::kBadInput);
  EXPECT_NE(g.error().message.find(a.path.string()), std::string::npos);
  EXPECT_NE(g.error().message.find("versions/other.toml"), std::string::npos);
}

TEST(RevisionGraphTest, MissingDownRevisionNamesTheFile) {
  Result<RevisionGraph> g =
      RevisionGraph::build({bare("aaaa00000000", ""), bare("bbbb00000000", "ffff00000000")});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(g.error().file, "versions/bbbb00000000_x.toml");
  EXPECT_EQ(g.error().line, 1);
  EXPECT_NE(g.error().message.find("ffff00000000"), std::string::npos);
}

TEST(RevisionGraphTest, CycleIsBadInput) {
  Result<RevisionGraph> g =
      RevisionGraph::build({bare("aaaa00000000", ""), bare("bbbb00000000", "cccc00000000"),
                            bare("cccc00000000", "bbbb00000000")});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, ErrorCode::kBadInput);
  EXPECT_NE(g.error().message.find("cycle"), std::string::npos);
  EXPECT_FALSE(g.error().file.empty());

  Result<RevisionGraph> only_cycle = RevisionGraph::build(
      {bare("bbbb00000000", "cccc00000000"), bare("cccc00000000", "bbbb00000000")});
  ASSERT_FALSE(only_cycle.ok());
  EXPECT_NE(only_cycle.error().message.find("cycle"), std::string::npos);
}

TEST(RevisionGraphTest, BranchesAndMergesAreNotSupportedYet) {
  Result<RevisionGraph> two_bases =
      RevisionGraph::build({bare("aaaa00000000", ""), bare("bbbb00000000", "")});
  ASSERT_FALSE(two_bases.ok());
  EXPECT_NE(two_bases.error().hint.find("not supported yet"), std::string::npos);

  Result<RevisionGraph> two_heads =
      RevisionGraph::build({bare("aaaa00000000", ""), bare("bbbb00000000", "aaaa00000000"),
                            bare("cccc00000000", "aaaa00000000")});
  ASSERT_FALSE(two_heads.ok());
  EXPECT_EQ(two_heads.error().code, ErrorCode::kBadInput);
  EXPECT_NE(two_heads.error().message.find("more than one head"), std::string::npos);

  Revision merge = bare("cccc00000000", "aaaa00000000");
  merge.down_revisions.push_back("bbbb00000000");
  Result<RevisionGraph> merged =
      RevisionGraph::build({bare("aaaa00000000", ""), bare("bbbb00000000", "aaaa00000000"), merge});
  ASSERT_FALSE(merged.ok());
  EXPECT_NE(merged.error().message.find("merge"), std::string::npos);
}

}  // namespace
}  // namespace retort::migrations
