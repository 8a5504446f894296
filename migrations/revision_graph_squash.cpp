// Squashes in the revision graph: the revisions a squash replaces are set
// aside at build, their last one's name stands for the squash, and a
// database at one of them is brought onto the squash by upgrade plans (the
// rules are in revision_graph.hpp, "Squashes").
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "migrations/revision_graph.hpp"

namespace retort::migrations {
namespace {

std::string listed(const std::vector<std::string>& ids, std::string_view none) {
  return ids.empty() ? std::string(none) : fmt::format("{}", fmt::join(ids, ", "));
}

}  // namespace

Result<RevisionGraph::Replacements> RevisionGraph::replacements_of(
    const std::vector<Revision>& revisions) {
  Replacements out;
  for (const Revision& squash : revisions) {
    const std::size_t n = squash.replaces.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& id = squash.replaces[i];
      if (id.empty() || id == squash.id) {
        return revision_error(squash,
                              fmt::format("revision {} lists \"{}\" in replaces: a squash replaces "
                                          "other revisions",
                                          squash.id, id),
                              "list the ids of the revisions it replaces, oldest first");
      }
      auto [it, inserted] = out.emplace(id, Replacement{squash.id, i, n, std::nullopt});
      if (!inserted) {
        return revision_error(
            squash,
            it->second.squash == squash.id
                ? fmt::format("revision {} lists {} twice in replaces", squash.id, id)
                : fmt::format("revision {} is replaced by two squashes, {} and {}", id,
                              it->second.squash, squash.id),
            "a revision belongs to one squash, once: fix replaces");
      }
    }
  }
  for (const Revision& rev : revisions) {
    if (!rev.replaces.empty() && out.contains(rev.id)) {
      return revision_error(
          rev,
          fmt::format("squash {} is itself replaced by squash {}: squashes do not "
                      "nest",
                      rev.id, out.find(rev.id)->second.squash),
          "squash a range that starts after the earlier squash");
    }
  }
  return out;
}

Status RevisionGraph::set_aside(std::vector<Revision>& revisions, Replacements replacements) {
  std::map<std::string, const Revision*, std::less<>> squashes;
  for (const Revision& rev : revisions) {
    if (!rev.replaces.empty()) squashes.emplace(rev.id, &rev);
  }
  // A name of the last revision a squash replaces stands for the squash.
  auto named = [&](const std::vector<std::string>& ids) {
    std::vector<std::string> out;
    for (const std::string& id : ids) {
      auto r = replacements.find(id);
      const bool last = r != replacements.end() && r->second.index + 1 == r->second.count;
      out.push_back(last ? r->second.squash : id);
    }
    return out;
  };
  // Each replaced file must follow its squash's chain, or catching a
  // database up through the files would run something else.
  for (const Revision& rev : revisions) {
    auto r = replacements.find(rev.id);
    if (r == replacements.end()) continue;
    const Revision& squash = *squashes.at(r->second.squash);
    const std::vector<std::string> expected =
        r->second.index == 0 ? squash.down_revisions
                             : std::vector<std::string>{squash.replaces[r->second.index - 1]};
    if (named(rev.down_revisions) != named(expected) || !rev.depends_on.empty()) {
      return revision_error(
          rev,
          fmt::format("revision {} is replaced by squash {}, whose chain puts it after {}; its "
                      "file says down_revision {}{}",
                      rev.id, squash.id, listed(expected, "base"),
                      listed(rev.down_revisions, "\"\""),
                      rev.depends_on.empty() ? "" : " and has depends_on"),
          fmt::format("restore the file as it was squashed, or fix replaces in {}",
                      squash.path.empty() ? squash.id : squash.path.string()));
    }
  }
  std::vector<Revision> kept;
  kept.reserve(revisions.size());
  for (Revision& rev : revisions) {
    auto r = replacements.find(rev.id);
    if (r == replacements.end()) {
      kept.push_back(std::move(rev));
      continue;
    }
    r->second.file = set_aside_.size();
    set_aside_.push_back(std::move(rev));
  }
  revisions = std::move(kept);
  replacements_ = std::move(replacements);
  return {};
}

std::vector<const Revision*> RevisionGraph::files() const {
  std::vector<const Revision*> out = revisions();
  for (const Revision& rev : set_aside_) out.push_back(&rev);
  return out;
}

const Revision* RevisionGraph::find_named(std::string_view id) const {
  if (const Revision* rev = find(id)) return rev;
  auto r = replacements_.find(id);
  if (r == replacements_.end() || r->second.index + 1 != r->second.count) return nullptr;
  return find(r->second.squash);
}

std::vector<std::string> RevisionGraph::caught_up(const std::vector<std::string>& rows) const {
  std::set<std::string> out;
  for (const std::string& id : rows) {
    if (id.empty()) continue;
    const Revision* squash = squash_of(id);
    out.insert(squash != nullptr ? squash->id : id);
  }
  return {out.begin(), out.end()};
}

const Revision* RevisionGraph::squash_of(std::string_view id) const {
  auto r = replacements_.find(id);
  return r == replacements_.end() ? nullptr : find(r->second.squash);
}

const Revision* RevisionGraph::replaced(std::string_view id) const {
  auto r = replacements_.find(id);
  return r == replacements_.end() || !r->second.file ? nullptr : &set_aside_[*r->second.file];
}

Result<std::vector<const Revision*>> RevisionGraph::replaced_through(std::string_view id) const {
  const Revision* squash = squash_of(id);
  if (squash == nullptr) {
    return Error::bad_input(fmt::format("revision {} is replaced by no squash", id));
  }
  std::vector<const Revision*> out;
  for (const std::string& each : squash->replaces) {
    const Revision* file = replaced(each);
    if (file == nullptr) {
      return Error::bad_input(
          fmt::format("the database is at {}, which squash {} replaces, and the file of {} is "
                      "gone, so retort cannot tell what the database holds",
                      id, squash->id, each),
          "restore the replaced revision files (version control has them); delete them only "
          "once every database is past the last one a squash replaces");
    }
    out.push_back(file);
    if (each == id) break;
  }
  return out;
}

Result<std::vector<Step>> RevisionGraph::catch_up(std::vector<std::string>& rows) const {
  std::vector<Step> steps;
  std::set<std::string> table;
  for (const std::string& id : rows) {
    if (!id.empty()) table.insert(id);
  }
  for (const std::string& id : std::vector<std::string>(table.begin(), table.end())) {
    auto r = replacements_.find(id);
    if (r == replacements_.end()) continue;
    const Revision& squash = *find(r->second.squash);
    std::string at = id;
    auto move_to = [&](const Revision* rev, const std::string& to, bool map_only) {
      Step step;
      step.revision = rev;
      step.map_only = map_only;
      step.version.update = {at, to};
      table.erase(at);
      table.insert(to);
      step.heads_after.assign(table.begin(), table.end());
      steps.push_back(std::move(step));
      at = to;
    };
    for (std::size_t i = r->second.index + 1; i < squash.replaces.size(); ++i) {
      const std::string& next = squash.replaces[i];
      const Revision* file = replaced(next);
      if (file == nullptr) {
        return Error::bad_input(
            fmt::format("the database is at {}, which squash {} replaces, and the file of {}, "
                        "which it must run next to reach the squash, is gone",
                        id, squash.id, next),
            fmt::format("restore the replaced revision files (version control has them) and run "
                        "`retort upgrade` again; delete them only once every database is past {}",
                        squash.replaces.back()));
      }
      move_to(file, next, false);
    }
    move_to(&squash, squash.id, true);
  }
  rows.assign(table.begin(), table.end());
  return steps;
}

Error RevisionGraph::behind_squash(std::string_view id) const {
  const Revision* squash = squash_of(id);
  return Error::bad_input(
      fmt::format("the database is at {}, which squash {} replaces", id, squash->id),
      fmt::format("run `retort upgrade {}` first: it runs the rest of the revisions {} replaces "
                  "and records the database at {}",
                  squash->id, squash->id, squash->id));
}

}  // namespace retort::migrations
