#include "migrations/integrity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "migrations/checksum.hpp"

namespace retort::migrations {
namespace {

struct Recorded {
  std::string checksum;
  std::string at;
};

// Each revision's recorded checksum, from the history rows (oldest first).
std::map<std::string, Recorded> recorded_checksums(const std::vector<HistoryRow>& history) {
  std::map<std::string, Recorded> out;
  for (const HistoryRow& row : history) {
    const bool applies = (row.direction == "upgrade" && took_effect(row)) ||
                         row.direction == "stamp" || row.direction == "repair" ||
                         row.direction == "squash";
    if (row.direction == "downgrade" && took_effect(row)) {
      out.erase(row.revision);
    } else if (applies) {
      if (row.checksum.empty()) {
        out.erase(row.revision);
      } else {
        out[row.revision] = {row.checksum,
                             row.finished_at.empty() ? row.started_at : row.finished_at};
      }
    }
  }
  return out;
}

// A checksum shortened for a line: "v1:9f86d0818847".
std::string short_checksum(const std::string& checksum) {
  return checksum.size() > 15 ? checksum.substr(0, 15) : checksum;
}

}  // namespace

IntegrityReport check_integrity(const RevisionGraph& graph,
                                const std::vector<std::string>& version_rows,
                                const std::vector<HistoryRow>& history) {
  const std::map<std::string, Recorded> recorded = recorded_checksums(history);
  // The applied revisions: the rows and all they imply, through the files.
  std::set<std::string> seen;
  // Each id to walk, and whether it is a version row.
  std::vector<std::pair<std::string, bool>> todo;
  for (const std::string& row : version_rows) todo.emplace_back(row, true);
  std::vector<std::string> missing;
  while (!todo.empty()) {
    auto [id, row] = std::move(todo.back());
    todo.pop_back();
    if (id.empty()) continue;
    const Revision* rev = graph.find(id);
    // Through a squash: a parent naming the last revision it replaces means
    // the squash; a row at a replaced revision (not yet brought onto the
    // squash) is walked through the replaced files, which are not judged.
    if (const Revision* squash = graph.squash_of(id); rev == nullptr && squash != nullptr) {
      const bool last = squash->replaces.back() == id;
      rev = (last && !row) ? squash : graph.replaced(id);
      if (rev == nullptr && last) rev = squash;
    }
    if (rev == nullptr) {
      if (seen.insert(id).second) missing.push_back(id);
      continue;
    }
    if (!seen.insert(rev->id).second) continue;
    for (const std::string& parent : rev->down_revisions) todo.emplace_back(parent, false);
    for (const std::string& dependency : rev->depends_on) todo.emplace_back(dependency, false);
  }
  // A missing file hides the revisions it implied: judge every revision
  // with a checksum still recorded instead (applied, as far as the history
  // table knows).
  if (!missing.empty()) {
    for (const auto& [id, record] : recorded) {
      if (graph.find(id) != nullptr) seen.insert(id);
    }
  }
  IntegrityReport report;
  auto judge = [&](const Revision& rev, const Recorded& record) {
    std::string now = revision_checksum(rev);
    if (now == record.checksum) {
      ++report.checked;
      return;
    }
    report.edited.push_back(
        {rev.id, rev.path.string(), record.at, record.checksum, std::move(now)});
  };
  for (const Revision* rev : graph.revisions()) {
    if (!seen.contains(rev->id)) continue;
    auto it = recorded.find(rev->id);
    // A squash written after this database ran what it replaces stands for
    // those runs: the files still there are judged, and it is recorded.
    const bool ran_replaced =
        it == recorded.end() && !rev->replaces.empty() &&
        std::all_of(rev->replaces.begin(), rev->replaces.end(),
                    [&](const std::string& id) { return recorded.contains(id); });
    if (ran_replaced) {
      for (const std::string& id : rev->replaces) {
        if (const Revision* file = graph.replaced(id)) judge(*file, recorded.at(id));
      }
      continue;
    }
    if (it == recorded.end()) {
      report.unrecorded.push_back(rev->id);
      continue;
    }
    judge(*rev, it->second);
  }
  // Replaced files walked from a row behind a squash, that ran here.
  for (const std::string& id : seen) {
    const Revision* file = graph.replaced(id);
    auto it = recorded.find(id);
    if (file != nullptr && it != recorded.end()) judge(*file, it->second);
  }
  std::sort(missing.begin(), missing.end());
  for (const std::string& id : missing) {
    auto it = recorded.find(id);
    EditedRevision gone;
    gone.revision = id;
    if (it != recorded.end()) {
      gone.applied_at = it->second.at;
      gone.recorded = it->second.checksum;
    }
    report.edited.push_back(std::move(gone));
  }
  return report;
}

std::string describe_edit(const EditedRevision& e) {
  const std::string when =
      e.applied_at.empty() ? std::string("applied (time not recorded)") : "applied " + e.applied_at;
  if (e.disappeared()) {
    return fmt::format("{}  (no revision file)  {}: its file was removed since", e.revision, when);
  }
  return fmt::format("{}  {}  {}: edited since (recorded {}..., now {}...)", e.revision, e.file,
                     when, short_checksum(e.recorded), short_checksum(e.current));
}

Error edited_revisions_error(const IntegrityReport& report) {
  std::string list;
  for (const EditedRevision& e : report.edited) list += "\n  " + describe_edit(e);
  const std::size_t n = report.edited.size();
  return Error::bad_input(
      fmt::format("{} applied revision{} changed since {} applied, so this database may not "
                  "match what the files now say:{}",
                  n, n == 1 ? "" : "s", n == 1 ? "it was" : "they were", list),
      std::any_of(report.edited.begin(), report.edited.end(),
                  [](const EditedRevision& e) { return e.disappeared(); })
          ? std::string("restore the removed revision files (version control has them); then "
                        "`retort verify` says whether the others match. Nothing was run")
          : std::string("restore the files as they were applied (version control has them), or, "
                        "if the edit changed nothing this database needs, record the files as "
                        "they are now with `retort stamp --repair REV`; `retort upgrade "
                        "--allow-edited` runs anyway. Nothing was run"));
}

}  // namespace retort::migrations
