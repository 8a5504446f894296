// Tests for core/object_filter.cpp: which objects include/exclude patterns
// leave retort to manage, and what belongs to a table.
#include "core/object_filter.hpp"

#include <gtest/gtest.h>

namespace retort {
namespace {

ObjectFilter filter(const std::vector<std::string>& include,
                    const std::vector<std::string>& exclude) {
  Result<ObjectFilter> f = ObjectFilter::make(include, exclude);
  EXPECT_TRUE(f.ok());
  return f ? *f : ObjectFilter{};
}

Unmodelled on_table(std::string kind, std::string name, std::string table) {
  return Unmodelled{std::move(kind), "", std::move(name), std::move(table), "not managed"};
}

TEST(ObjectFilterTest, KindNameAndSchemaPatterns) {
  const ObjectFilter f = filter({}, {"view:*", "tmp_*", "audit.*", "schema:legacy"});
  EXPECT_FALSE(f.manages("view", "", "film_list"));
  EXPECT_TRUE(f.manages("materialized_view", "", "film_list"));
  EXPECT_FALSE(f.manages("table", "", "tmp_import"));
  EXPECT_FALSE(f.manages("function", "audit", "log_change"));
  EXPECT_TRUE(f.manages("function", "", "log_change"));
  EXPECT_FALSE(f.manages("table", "legacy", "old_rental"));
  EXPECT_TRUE(f.manages("table", "", "payment"));
}

TEST(ObjectFilterTest, BadPatternsAreRefused) {
  EXPECT_FALSE(ObjectFilter::make({}, {"widget:*"}).ok());
  EXPECT_FALSE(ObjectFilter::make({"view:"}, {}).ok());
  // Enums are modelled and compared with the models; no filter names them yet.
  EXPECT_FALSE(ObjectFilter::make({}, {"enum:mood"}).ok());
}

// A table not managed takes its triggers, rules, policies and properties
// with it.
TEST(ObjectFilterTest, ExcludedTableTakesWhatBelongsToIt) {
  const ObjectFilter f = filter({}, {"table:film"});
  EXPECT_FALSE(f.manages(on_table("trigger", "last_updated", "film")));
  EXPECT_FALSE(f.manages(on_table("statistics", "film_stats", "film")));
  EXPECT_FALSE(f.manages(on_table("table", "film", "film")));
  EXPECT_TRUE(f.manages(on_table("trigger", "last_updated", "customer")));
}

// Including a table includes what belongs to it; an exclude pattern can
// still leave one of those out.
TEST(ObjectFilterTest, IncludedTableKeepsWhatBelongsToIt) {
  const ObjectFilter f = filter({"table:film"}, {"trigger:audit_*"});
  EXPECT_TRUE(f.manages(on_table("table", "film", "film")));
  EXPECT_TRUE(f.manages(on_table("trigger", "last_updated", "film")));
  EXPECT_TRUE(f.manages(on_table("rule", "film_keep", "film")));
  EXPECT_TRUE(f.manages(on_table("policy", "film_rows", "film")));
  EXPECT_FALSE(f.manages(on_table("trigger", "audit_film", "film")));
  EXPECT_FALSE(f.manages(on_table("trigger", "last_updated", "customer")));
  EXPECT_FALSE(f.manages(Unmodelled{"view", "", "film_list", "", "not managed"}));
}

}  // namespace
}  // namespace retort
