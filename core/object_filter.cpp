#include "core/object_filter.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace retort {

const std::vector<std::string>& ObjectFilter::object_kinds() {
  // Enums are modelled and compared like tables' columns; they are not a
  // kind a filter names yet.
  static const std::vector<std::string> kinds = {
      "schema",   "table",    "view",          "materialized_view",
      "sequence", "function", "procedure",     "aggregate",
      "trigger",  "domain",   "type",          "extension",
      "rule",     "policy",   "foreign_table", "statistics"};
  return kinds;
}

Result<ObjectFilter> ObjectFilter::make(const std::vector<std::string>& include,
                                        const std::vector<std::string>& exclude) {
  ObjectFilter filter;
  auto parse = [](const std::string& text) -> Result<Pattern> {
    Pattern p;
    p.glob = text;
    if (auto colon = text.find(':'); colon != std::string::npos) {
      p.kind = text.substr(0, colon);
      p.glob = text.substr(colon + 1);
      const auto& kinds = object_kinds();
      if (std::find(kinds.begin(), kinds.end(), p.kind) == kinds.end()) {
        return Error::bad_input(
            fmt::format("filter pattern \"{}\" names an unknown kind \"{}\"", text, p.kind),
            fmt::format("kinds: {}", fmt::join(kinds, ", ")));
      }
    }
    if (p.glob.empty()) {
      return Error::bad_input(fmt::format("filter pattern \"{}\" has no name pattern", text),
                              "e.g. \"audit_*\", \"view:*\", \"billing.*\", \"schema:legacy\"");
    }
    return p;
  };
  for (const std::string& text : include) {
    Result<Pattern> p = parse(text);
    if (!p) return std::move(p).error();
    filter.include_.push_back(std::move(*p));
  }
  for (const std::string& text : exclude) {
    Result<Pattern> p = parse(text);
    if (!p) return std::move(p).error();
    filter.exclude_.push_back(std::move(*p));
  }
  return filter;
}

bool glob_match(std::string_view glob, std::string_view text) {
  // Iterative matching with one backtrack point for the last `*`.
  std::size_t g = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (g < glob.size() && (glob[g] == '?' || glob[g] == text[t])) {
      ++g;
      ++t;
    } else if (g < glob.size() && glob[g] == '*') {
      star = g++;
      mark = t;
    } else if (star != std::string_view::npos) {
      g = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (g < glob.size() && glob[g] == '*') ++g;
  return g == glob.size();
}

bool ObjectFilter::matches(const Pattern& p, std::string_view kind, std::string_view schema,
                           std::string_view name) {
  if (p.kind == "schema") {
    if (schema.empty()) return glob_match(p.glob, "public") || glob_match(p.glob, "main");
    return glob_match(p.glob, schema);
  }
  if (!p.kind.empty() && p.kind != kind) return false;
  if (p.glob.find('.') == std::string::npos) return glob_match(p.glob, name);
  if (schema.empty()) {
    return glob_match(p.glob, fmt::format("public.{}", name)) ||
           glob_match(p.glob, fmt::format("main.{}", name));
  }
  return glob_match(p.glob, fmt::format("{}.{}", schema, name));
}

bool ObjectFilter::manages(std::string_view kind, std::string_view schema,
                           std::string_view name) const {
  for (const Pattern& p : exclude_) {
    if (matches(p, kind, schema, name)) return false;
  }
  if (include_.empty()) return true;
  return std::any_of(include_.begin(), include_.end(),
                     [&](const Pattern& p) { return matches(p, kind, schema, name); });
}

bool ObjectFilter::manages(const Unmodelled& object) const {
  if (object.table.empty()) return manages(object.kind, object.schema, object.name);
  // What belongs to a table goes with it: its properties always, its
  // triggers, rules, policies and statistics unless excluded themselves (the
  // include pattern that names the table names them too).
  if (!manages("table", object.schema, object.table)) return false;
  if (object.kind == "table") return true;
  return std::none_of(exclude_.begin(), exclude_.end(), [&](const Pattern& p) {
    return matches(p, object.kind, object.schema, object.name);
  });
}

bool ObjectFilter::manages(const Trigger& trigger) const {
  return manages(trigger.kind(), trigger.schema, trigger.name) &&
         manages("table", trigger.schema, trigger.table) &&
         manages("view", trigger.schema, trigger.table);
}

void ObjectFilter::prune(MetaData& schema) const {
  if (empty()) return;
  std::erase_if(schema.tables, [&](const Table& t) { return !manages(t); });
  auto prune_list = [&](auto& list) {
    std::erase_if(list, [&](const auto& x) { return !manages(x.kind(), x.schema, x.name); });
  };
  prune_list(schema.views);
  prune_list(schema.extensions);
  prune_list(schema.sequences);
  prune_list(schema.domains);
  prune_list(schema.composite_types);
  prune_list(schema.functions);
  std::erase_if(schema.triggers, [&](const Trigger& t) { return !manages(t); });
  std::erase_if(schema.schemas,
                [&](const Schema& s) { return !manages(s.kind(), s.name, s.name); });
}

}  // namespace retort
