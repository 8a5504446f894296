// Revision identifiers: resolving `head`, `x@base+2`, `-1`, prefixes, ... to
// positions in the graph. The grammar is in revision_graph.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "migrations/internal/branch_label.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {
namespace {

constexpr std::size_t kMinPrefix = 4;
constexpr std::size_t kMaxListed = 10;

// Parses a non-negative decimal; nullopt when `s` is not one.
std::optional<int> parse_count(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || ptr != s.data() + s.size() || n < 0) return std::nullopt;
  return n;
}

// "a, b, c" with at most kMaxListed names.
std::string listing(const std::vector<std::string>& names) {
  if (names.size() <= kMaxListed) return fmt::format("{}", fmt::join(names, ", "));
  std::vector<std::string> head(names.begin(), names.begin() + kMaxListed);
  return fmt::format("{} and {} more", fmt::join(head, ", "), names.size() - kMaxListed);
}

std::string shown(const std::string& id) { return id.empty() ? std::string("base") : id; }

}  // namespace

bool RevisionGraph::is_relative(std::string_view identifier) {
  if (identifier == "current") return true;
  std::size_t at = identifier.find('@');
  std::string_view tail = at == std::string_view::npos ? identifier : identifier.substr(at + 1);
  return !tail.empty() && (tail[0] == '+' || tail[0] == '-');
}

Result<std::vector<std::string>> RevisionGraph::resolve(
    std::string_view identifier, const std::optional<std::vector<std::string>>& current) const {
  if (identifier.empty()) {
    return Error::bad_input("empty revision identifier",
                            "give a revision id, head, heads, base or another identifier");
  }
  if (identifier == "heads") {
    std::vector<std::string> out;
    for (std::size_t p : heads_) out.push_back(revisions_[p].id);
    if (out.empty()) out.emplace_back();
    return out;
  }
  if (identifier == "current") {
    if (!current) {
      return Error::bad_input("\"current\" needs the database's current revisions",
                              "give a revision id or head instead");
    }
    Result<std::vector<std::size_t>> rows = current_positions(*current);
    if (!rows) return rows.error();
    std::vector<std::string> out;
    for (std::size_t p : *rows) out.push_back(revisions_[p].id);
    if (out.empty()) out.emplace_back();
    return out;
  }
  Result<std::size_t> p = resolve_position(identifier, current);
  if (!p) return p.error();
  return std::vector<std::string>{id_at(*p)};
}

Result<std::string> RevisionGraph::resolve_one(
    std::string_view identifier, const std::optional<std::vector<std::string>>& current) const {
  Result<std::vector<std::string>> ids = resolve(identifier, current);
  if (!ids) return ids.error();
  if (ids->size() != 1) {
    return Error::bad_input(
        fmt::format("\"{}\" names several revisions: {}", identifier, listing(*ids)),
        "name one of them");
  }
  return ids->front();
}

Result<std::vector<std::size_t>> RevisionGraph::current_positions(
    const std::vector<std::string>& current) const {
  std::vector<std::size_t> out;
  for (const std::string& id : current) {
    if (id.empty()) continue;
    std::optional<std::size_t> p = position(id);
    if (!p) {
      if (squash_of(id) != nullptr) return behind_squash(id);
      return unknown_version_row(id);
    }
    if (std::find(out.begin(), out.end(), *p) == out.end()) out.push_back(*p);
  }
  std::sort(out.begin(), out.end(),
            [this](std::size_t a, std::size_t b) { return revisions_[a].id < revisions_[b].id; });
  return out;
}

Result<std::size_t> RevisionGraph::resolve_position(
    std::string_view identifier, const std::optional<std::vector<std::string>>& current) const {
  std::size_t at = identifier.find('@');
  if (at == std::string_view::npos) {
    return resolve_expression(identifier, nullptr, current, identifier);
  }
  std::string_view left = identifier.substr(0, at);
  std::string_view right = identifier.substr(at + 1);
  if (right.find('@') != std::string_view::npos || right.empty()) {
    return Error::bad_input(fmt::format("bad revision identifier \"{}\"", identifier),
                            "write LABEL@head, LABEL@base, LABEL@REV, LABEL@+N or REV@head");
  }
  if (auto it = labels_.find(left); it != labels_.end()) {
    return resolve_expression(right, &it->first, current, identifier);
  }
  // REV@head, when the left side names revisions at all.
  auto prefix = index_.lower_bound(left);
  bool names_revisions = prefix != index_.end() && prefix->first.starts_with(left);
  if (!left.empty() && names_revisions) {
    if (right != "head") {
      return Error::bad_input(
          fmt::format("\"{}\" in \"{}\" is a revision, not a branch label", left, identifier),
          "after a revision only @head is understood (REV@head)");
    }
    Result<std::size_t> rev = resolve_revision(left);
    if (!rev) return rev.error();
    return head_above(*rev, identifier);
  }
  if (Status s = validate_branch_label(left); !s) {
    Error e = std::move(s).error();
    e.message = fmt::format("{} (in \"{}\")", e.message, identifier);
    return e;
  }
  return unknown_label(left, identifier);
}

Error RevisionGraph::unknown_label(std::string_view name, std::string_view identifier) const {
  std::vector<std::string> known;
  for (const auto& [label, info] : labels_) known.push_back(label);
  std::string message =
      known.empty()
          ? fmt::format("unknown branch label \"{}\" in \"{}\": there are no branch labels", name,
                        identifier)
          : fmt::format("unknown branch label \"{}\" in \"{}\"; known labels: {}", name, identifier,
                        listing(known));
  return Error::bad_input(std::move(message), "run `retort branches` to see the branches");
}

Result<std::size_t> RevisionGraph::resolve_expression(
    std::string_view expr, const std::string* label,
    const std::optional<std::vector<std::string>>& current, std::string_view identifier) const {
  std::size_t sign = expr.find_first_of("+-");
  std::string_view anchor = expr.substr(0, sign);
  std::optional<int> count;
  if (sign != std::string_view::npos) {
    count = parse_count(expr.substr(sign + 1));
    if (!count || anchor == "heads" || anchor == "current") {
      return Error::bad_input(fmt::format("bad revision identifier \"{}\"", identifier),
                              "write +N, -N, head-N, base+N, REV+N or REV-N with a whole number N");
    }
  }

  Result<std::size_t> start = kBase;
  if (anchor.empty()) {
    start = current_start(current, label, expr[0] == '+', identifier);
  } else if (anchor == "head") {
    start = label ? label_head(*label, identifier) : single_head(identifier);
  } else if (anchor == "base") {
    start = label ? label_base(*label, identifier) : Result<std::size_t>(kBase);
  } else {
    start = resolve_revision(anchor);
    if (start && label && !carries(*start, *label)) {
      std::vector<std::string> on = label_sets_[*start];
      return Error::bad_input(
          fmt::format(
              "revision {} is not on branch {} (in \"{}\"){}", revisions_[*start].id, *label,
              identifier,
              on.empty() ? std::string() : fmt::format("; it is on {}", fmt::join(on, ", "))),
          fmt::format("name a revision of branch {}, e.g. {}@head", *label, *label));
    }
  }
  if (!start || !count) return start;
  return walk(*start, expr[sign] == '+' ? *count : -*count, label, identifier);
}

Result<std::size_t> RevisionGraph::resolve_revision(std::string_view text) const {
  if (auto it = index_.find(text); it != index_.end()) return it->second;
  if (auto r = replacements_.find(text); r != replacements_.end()) {
    return Error::bad_input(
        fmt::format("revision {} was squashed into {}: it is no step of the history any more", text,
                    r->second.squash),
        fmt::format("name {} (it stands for every revision it replaces), or a revision before "
                    "or after it",
                    r->second.squash));
  }
  std::vector<std::string> candidates;
  for (auto it = index_.lower_bound(text); it != index_.end() && it->first.starts_with(text);
       ++it) {
    candidates.push_back(it->first);
  }
  if (text.size() < kMinPrefix) {
    if (candidates.empty()) {
      return Error::bad_input(fmt::format("unknown revision \"{}\"", text),
                              "give a full id or a prefix of at least 4 characters");
    }
    return Error::bad_input(
        fmt::format("revision prefix \"{}\" is too short: give at least 4 characters (it "
                    "matches {})",
                    text, listing(candidates)),
        "give at least 4 characters of the id");
  }
  if (candidates.size() == 1) return index_.find(candidates.front())->second;
  if (candidates.empty()) {
    return Error::bad_input(fmt::format("unknown revision \"{}\"", text),
                            "run `retort history` to see the revisions");
  }
  return Error::bad_input(
      fmt::format("ambiguous revision prefix \"{}\": it matches {}", text, listing(candidates)),
      "give more characters of the id");
}

Result<std::size_t> RevisionGraph::single_head(std::string_view identifier) const {
  if (heads_.empty()) return kBase;
  if (heads_.size() == 1) return heads_.front();
  std::vector<std::string> names;
  for (std::size_t p : heads_) names.push_back(revisions_[p].id);
  return Error::bad_input(
      fmt::format("\"{}\" is ambiguous: there are {} heads: {}", identifier, names.size(),
                  listing(names)),
      "list them with `retort heads`, name one with LABEL@head or its id, or join them with "
      "`retort merge heads -m MSG`");
}

Result<std::size_t> RevisionGraph::head_above(std::size_t pos, std::string_view identifier) const {
  Marks above = descendants_or_self({pos}, /*with_deps=*/false);
  std::vector<std::string> names;
  std::size_t found = pos;
  for (std::size_t h : heads_) {
    if (above[h]) {
      names.push_back(revisions_[h].id);
      found = h;
    }
  }
  if (names.size() == 1) return found;
  return Error::bad_input(fmt::format("\"{}\" is ambiguous: {} is below {} heads: {}", identifier,
                                      revisions_[pos].id, names.size(), listing(names)),
                          "name the branch with LABEL@head, or give a head's id");
}

Result<std::size_t> RevisionGraph::label_head(const std::string& label,
                                              std::string_view identifier) const {
  std::vector<std::size_t> tops;
  for (std::size_t p : label_members(labels_.find(label)->second, label)) {
    bool child_on_branch = std::any_of(children_[p].begin(), children_[p].end(),
                                       [&](std::size_t c) { return carries(c, label); });
    if (!child_on_branch) tops.push_back(p);
  }
  if (tops.size() == 1) return tops.front();
  std::vector<std::string> names;
  for (std::size_t p : tops) names.push_back(revisions_[p].id);
  std::sort(names.begin(), names.end());
  return Error::bad_input(fmt::format("\"{}\" is ambiguous: branch {} has {} heads: {}", identifier,
                                      label, names.size(), listing(names)),
                          fmt::format("give one of them by id, or join them with `retort merge "
                                      "{} -m MSG`",
                                      fmt::join(names, " ")));
}

Result<std::size_t> RevisionGraph::label_base(const std::string& label,
                                              std::string_view identifier) const {
  std::size_t first = labels_.find(label)->second.first;
  const std::vector<std::size_t>& parents = parents_[first];
  if (parents.empty()) return kBase;
  if (parents.size() == 1) return parents.front();
  std::vector<std::string> names;
  for (std::size_t p : parents) names.push_back(revisions_[p].id);
  std::sort(names.begin(), names.end());
  return Error::bad_input(
      fmt::format("\"{}\" is ambiguous: branch {} starts at the merge point {} of {}", identifier,
                  label, revisions_[first].id, listing(names)),
      "give one of the merged revisions by id");
}

Result<std::size_t> RevisionGraph::current_start(
    const std::optional<std::vector<std::string>>& current, const std::string* label, bool up,
    std::string_view identifier) const {
  if (!current) {
    return Error::bad_input(
        fmt::format("relative identifier \"{}\" needs the database's current revision", identifier),
        "use an identifier that does not depend on the database, e.g. head-1");
  }
  Result<std::vector<std::size_t>> rows = current_positions(*current);
  if (!rows) return rows.error();
  auto names_of = [this](const std::vector<std::size_t>& ps) {
    std::vector<std::string> names;
    for (std::size_t p : ps) names.push_back(revisions_[p].id);
    return listing(names);
  };

  if (!label) {
    if (rows->empty()) return kBase;
    if (rows->size() == 1) return rows->front();
    return Error::bad_input(
        fmt::format("\"{}\" is ambiguous: the database has {} current heads: {}", identifier,
                    rows->size(), names_of(*rows)),
        fmt::format("name the branch (LABEL@{}) or the revision to start from (REV{})", identifier,
                    identifier));
  }

  std::vector<std::size_t> on_branch;
  for (std::size_t p : *rows) {
    if (carries(p, *label)) on_branch.push_back(p);
  }
  if (on_branch.size() > 1) {
    return Error::bad_input(
        fmt::format("\"{}\" is ambiguous: {} current heads are on branch {}: {}", identifier,
                    on_branch.size(), *label, names_of(on_branch)),
        fmt::format("give the revision to start from: REV{}",
                    identifier.substr(label->size() + 1)));
  }
  if (on_branch.size() == 1) return on_branch.front();

  // No current head carries the label: start from the highest applied
  // revision on the branch's line (the branch itself, when applied only
  // through depends_on, or what lies below it).
  Marks applied = ancestors_or_self(*rows);
  Marks line = ancestors_or_self(label_members(labels_.find(*label)->second, *label));
  std::vector<std::size_t> tops;
  for (std::size_t p = 0; p < revisions_.size(); ++p) {
    if (!applied[p] || !line[p]) continue;
    bool child_in = std::any_of(children_[p].begin(), children_[p].end(),
                                [&](std::size_t c) { return applied[c] && line[c]; });
    if (!child_in) tops.push_back(p);
  }
  if (tops.size() > 1) {
    return Error::bad_input(fmt::format("\"{}\" is ambiguous: branch {} could continue from {}",
                                        identifier, *label, names_of(tops)),
                            fmt::format("give the revision to start from: REV{}",
                                        identifier.substr(label->size() + 1)));
  }
  std::size_t start = tops.empty() ? kBase : tops.front();
  if (!up && !carries(start, *label)) {
    return Error::bad_input(
        fmt::format("\"{}\": no applied revision is on branch {}", identifier, *label),
        fmt::format("upgrade the branch first, e.g. `retort upgrade {}@head`", *label));
  }
  return start;
}

Result<std::size_t> RevisionGraph::walk(std::size_t start, int steps, const std::string* label,
                                        std::string_view identifier) const {
  const int total = std::abs(steps);
  std::size_t at = start;
  auto ran_out = [&](int done) {
    return Error::bad_input(
        fmt::format("Relative revision {} didn't produce {} migrations", identifier, total),
        fmt::format("only {} step{} possible from {}; run `retort history` to see the revisions",
                    done, done == 1 ? " is" : "s are", shown(id_at(start))));
  };
  for (int done = 0; done < total; ++done) {
    if (steps > 0) {
      std::vector<std::size_t> next = at == kBase ? bases_ : children_[at];
      if (label) {
        const Label& info = labels_.find(*label)->second;
        std::erase_if(next, [&](std::size_t c) {
          return !carries(c, *label) && !is_ancestor_at(c, info.first);
        });
      }
      if (next.empty()) return ran_out(done);
      if (next.size() > 1) {
        std::vector<std::string> names;
        for (std::size_t c : next) names.push_back(revisions_[c].id);
        return Error::bad_input(
            fmt::format("\"{}\" is ambiguous: {} leads to {}", identifier,
                        at == kBase ? std::string("base") : "the branch point " + id_at(at),
                        listing(names)),
            "name the branch (LABEL@+N, LABEL@base+N) or give a revision id");
      }
      at = next.front();
    } else {
      if (at == kBase) return ran_out(done);
      std::vector<std::size_t> next = parents_[at];
      if (next.size() > 1 && label) {
        std::vector<std::size_t> on;
        for (std::size_t p : next) {
          if (carries(p, *label)) on.push_back(p);
        }
        if (on.size() == 1) next = on;
      }
      if (next.size() > 1) {
        std::vector<std::string> names;
        for (std::size_t p : next) names.push_back(revisions_[p].id);
        std::sort(names.begin(), names.end());
        return Error::bad_input(
            fmt::format("\"{}\" is ambiguous: the merge point {} has parents {}", identifier,
                        id_at(at), listing(names)),
            "give a revision id, or walk from one of the parents (REV-N)");
      }
      at = next.empty() ? kBase : next.front();
    }
  }
  return at;
}

}  // namespace retort::migrations
