#include "migrations/revision_graph.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace retort::migrations {
namespace {

constexpr std::string_view kBranchHint =
    "branches and merges are not supported yet: give every revision but the first the "
    "previous head as down_revision";

Error file_error(const Revision& rev, std::string message, std::string hint = {}) {
  Error e = Error::bad_input(std::move(message), std::move(hint));
  e.at(rev.path.string(), rev.line);
  return e;
}

std::string where(const Revision& rev) { return rev.path.empty() ? rev.id : rev.path.string(); }

// Parses a non-negative decimal; nullopt when `s` is not one.
std::optional<int> parse_count(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || ptr != s.data() + s.size() || n < 0) return std::nullopt;
  return n;
}

}  // namespace

Result<RevisionGraph> RevisionGraph::build(std::vector<Revision> revisions) {
  std::map<std::string, std::size_t, std::less<>> by_id;
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    auto [it, inserted] = by_id.emplace(revisions[i].id, i);
    if (!inserted) {
      return file_error(revisions[i],
                        fmt::format("duplicate revision id {} in {} and {}", revisions[i].id,
                                    where(revisions[it->second]), where(revisions[i])),
                        "give one of the revisions a new id");
    }
  }

  std::vector<std::size_t> bases;
  std::map<std::string, std::vector<std::size_t>> children;
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    const Revision& rev = revisions[i];
    if (rev.down_revisions.size() > 1) {
      return file_error(
          rev,
          fmt::format("revision {} is a merge of {} revisions", rev.id, rev.down_revisions.size()),
          std::string(kBranchHint));
    }
    if (rev.down_revisions.empty()) {
      bases.push_back(i);
      continue;
    }
    const std::string& parent = rev.down_revisions.front();
    if (by_id.find(parent) == by_id.end()) {
      return file_error(
          rev,
          fmt::format("revision {} has down_revision {}, which is no revision", rev.id, parent),
          "fix down_revision, or restore the missing revision file");
    }
    children[parent].push_back(i);
  }

  if (bases.size() > 1) {
    return file_error(
        revisions[bases[1]],
        fmt::format("more than one base revision: {} ({}) and {} ({})", revisions[bases[0]].id,
                    where(revisions[bases[0]]), revisions[bases[1]].id, where(revisions[bases[1]])),
        std::string(kBranchHint));
  }
  for (const auto& [parent, kids] : children) {
    if (kids.size() > 1) {
      return file_error(revisions[kids[1]],
                        fmt::format("revisions {} and {} both follow {}: more than one head",
                                    revisions[kids[0]].id, revisions[kids[1]].id, parent),
                        std::string(kBranchHint));
    }
  }

  // Walk the chain from the base; whatever is not reached sits on a cycle.
  std::vector<std::size_t> order;
  std::vector<bool> reached(revisions.size(), false);
  if (!bases.empty()) {
    std::size_t at = bases.front();
    while (true) {
      order.push_back(at);
      reached[at] = true;
      auto it = children.find(revisions[at].id);
      if (it == children.end()) break;
      at = it->second.front();
    }
  }
  if (order.size() != revisions.size()) {
    std::size_t first = static_cast<std::size_t>(std::find(reached.begin(), reached.end(), false) -
                                                 reached.begin());
    std::vector<std::string> cycle;
    std::size_t at = first;
    do {
      cycle.push_back(revisions[at].id);
      at = by_id.find(revisions[at].down_revisions.front())->second;
    } while (at != first && cycle.size() <= revisions.size());
    return file_error(revisions[first],
                      fmt::format("the revisions {} form a cycle", fmt::join(cycle, " -> ")),
                      "point one of them at an earlier revision (or \"\" for the base)");
  }

  RevisionGraph graph;
  graph.chain_.reserve(revisions.size());
  for (std::size_t i : order) {
    graph.index_.emplace(revisions[i].id, static_cast<int>(graph.chain_.size()));
    graph.chain_.push_back(std::move(revisions[i]));
  }
  return graph;
}

const Revision* RevisionGraph::find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &chain_[static_cast<std::size_t>(it->second)];
}

std::string RevisionGraph::head() const {
  return chain_.empty() ? std::string() : chain_.back().id;
}

std::vector<const Revision*> RevisionGraph::heads() const {
  if (chain_.empty()) return {};
  return {&chain_.back()};
}

std::vector<const Revision*> RevisionGraph::revisions() const {
  std::vector<const Revision*> out;
  for (const Revision& r : chain_) out.push_back(&r);
  return out;
}

bool RevisionGraph::is_relative(std::string_view identifier) {
  return !identifier.empty() && (identifier[0] == '+' || identifier[0] == '-');
}

int RevisionGraph::depth(std::string_view id) const {
  if (id.empty()) return 0;
  auto it = index_.find(id);
  return it == index_.end() ? -1 : it->second + 1;
}

Result<std::string> RevisionGraph::resolve(std::string_view identifier,
                                           const std::optional<std::string>& current) const {
  const std::string ident(identifier);
  const int size = static_cast<int>(chain_.size());
  auto at_depth = [&](int d) -> Result<std::string> {
    if (d < 0 || d > size) {
      return Error::bad_input(
          fmt::format("revision identifier \"{}\" is out of range (history has {} revision{})",
                      ident, size, size == 1 ? "" : "s"),
          "run `retort history` to see the revisions");
    }
    return d == 0 ? std::string() : chain_[static_cast<std::size_t>(d - 1)].id;
  };

  if (ident == "head" || ident == "heads") return head();
  if (ident == "base") return std::string();

  // Relative forms: +N, -N (from current), REV+N, REV-N, head-N, base+N.
  std::size_t sign = ident.find_last_of("+-");
  if (sign != std::string::npos) {
    std::optional<int> n = parse_count(std::string_view(ident).substr(sign + 1));
    if (!n) {
      return Error::bad_input(fmt::format("bad revision identifier \"{}\"", ident),
                              "write +N, -N, head-N or REV+N with a whole number N");
    }
    const int step = ident[sign] == '+' ? *n : -*n;
    std::string from;
    if (sign == 0) {
      if (!current) {
        return Error::bad_input(
            fmt::format("relative identifier \"{}\" needs the database's current revision", ident),
            "use an absolute identifier here, e.g. head-1");
      }
      from = *current;
      if (depth(from) < 0) {
        return Error::bad_input(
            fmt::format("the database is at revision {}, which is not in the history", from),
            "restore its revision file, or `retort stamp` the database");
      }
    } else {
      Result<std::string> base = resolve(std::string_view(ident).substr(0, sign), current);
      if (!base) return base;
      from = *base;
    }
    return at_depth(depth(from) + step);
  }

  if (index_.count(ident) != 0) return ident;
  if (ident.size() < 4) {
    return Error::bad_input(fmt::format("unknown revision \"{}\"", ident),
                            "give the full id or a prefix of at least 4 characters");
  }
  std::vector<std::string> candidates;
  for (auto it = index_.lower_bound(ident); it != index_.end() && it->first.starts_with(ident);
       ++it) {
    candidates.push_back(it->first);
  }
  if (candidates.size() == 1) return candidates.front();
  if (candidates.empty()) {
    return Error::bad_input(fmt::format("unknown revision \"{}\"", ident),
                            "run `retort history` to see the revisions");
  }
  return Error::bad_input(
      fmt::format("ambiguous revision \"{}\": it matches {}", ident, fmt::join(candidates, ", ")),
      "give more characters of the id");
}

Result<std::vector<const Revision*>> RevisionGraph::upgrade_path(std::string_view from,
                                                                 std::string_view to) const {
  const int a = depth(from);
  const int b = depth(to);
  if (a < 0 || b < 0) {
    return Error::bad_input(fmt::format("unknown revision \"{}\"", a < 0 ? from : to),
                            "run `retort history` to see the revisions");
  }
  if (b < a) {
    return Error::bad_input(
        fmt::format("{} is below the current revision {}", to.empty() ? "base" : to, from),
        "use `retort downgrade` to go down");
  }
  std::vector<const Revision*> out;
  for (int d = a + 1; d <= b; ++d) out.push_back(&chain_[static_cast<std::size_t>(d - 1)]);
  return out;
}

Result<std::vector<const Revision*>> RevisionGraph::downgrade_path(std::string_view from,
                                                                   std::string_view to) const {
  const int a = depth(from);
  const int b = depth(to);
  if (a < 0 || b < 0) {
    return Error::bad_input(fmt::format("unknown revision \"{}\"", a < 0 ? from : to),
                            "run `retort history` to see the revisions");
  }
  if (b > a) {
    return Error::bad_input(fmt::format("{} is above the current revision {}", to,
                                        from.empty() ? std::string_view("base") : from),
                            "use `retort upgrade` to go up");
  }
  std::vector<const Revision*> out;
  for (int d = a; d > b; --d) out.push_back(&chain_[static_cast<std::size_t>(d - 1)]);
  return out;
}

}  // namespace retort::migrations
