// retort: which database objects retort manages (retort.toml's `include`
// and `exclude`).
//
// A pattern is `[KIND:]GLOB`. KIND is one of object_kinds() ("table",
// "view", "function", ...); without it the pattern applies to objects of
// every kind. GLOB matches the object's name, or `schema.name` when it holds
// a dot (`*` any run of characters, `?` one); an object of the default schema
// is `public.name` (PostgreSQL) or `main.name` (SQLite) there. `schema:GLOB`
// names whole schemas. An object is managed when no exclude pattern matches
// it and, when there are include patterns, one of them does. Triggers,
// rules, policies, statistics and table properties belong to their table:
// a table not managed takes them with it, and on a managed table they are
// managed unless an exclude pattern names them.
//
// Every command reads the database through the same filter (inspect, diff,
// check, autogenerate): an object not managed is neither reported, nor
// compared, nor warned about, nor dropped; a declared table not managed is
// left out of the comparison too (as Alembic's include_object does).
//
// Example:
//   Result<ObjectFilter> f = ObjectFilter::make({}, {"view:*", "audit.*", "tmp_*"});
//   f->manages("view", "", "film_list")   // false
//   f->manages("table", "", "payment")    // true
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/schema.hpp"

namespace retort {

class ObjectFilter {
 public:
  ObjectFilter() = default;  // manages everything

  // kBadInput naming the pattern for an unknown KIND or an empty GLOB.
  static Result<ObjectFilter> make(const std::vector<std::string>& include,
                                   const std::vector<std::string>& exclude);

  bool empty() const { return include_.empty() && exclude_.empty(); }
  bool manages(std::string_view kind, std::string_view schema, std::string_view name) const;
  bool manages(const Table& table) const { return manages("table", table.schema, table.name); }
  bool manages(const Unmodelled& object) const;
  // A trigger is managed when it is and the table or view it is on is too.
  bool manages(const Trigger& trigger) const;
  // Leaves out of `schema` the tables, views, schemas, extensions,
  // sequences, domains and composite types this filter does not manage (a
  // schema object is named by its own name as both schema and name).
  void prune(MetaData& schema) const;

  // The kinds a pattern may name, for messages and docs.
  static const std::vector<std::string>& object_kinds();

 private:
  struct Pattern {
    std::string kind;  // empty: any kind
    std::string glob;
  };
  static bool matches(const Pattern& p, std::string_view kind, std::string_view schema,
                      std::string_view name);

  std::vector<Pattern> include_;
  std::vector<Pattern> exclude_;
};

// Whether `text` matches `glob` (`*` any run, `?` one character).
bool glob_match(std::string_view glob, std::string_view text);

}  // namespace retort
