// retort: which applied revisions were edited, or whose files were removed,
// after they were applied (`retort verify`; `upgrade` refuses such a
// database unless told --allow-edited).
//
// The applied revisions are the version table's rows and everything they
// imply (parents and depends_on), walked through the revision files; a row
// or parent with no file is a file that disappeared, and as the revisions
// behind it cannot be walked, every revision with a checksum recorded is
// then judged. Through a squash (docs/squash.md), a parent naming the last
// revision it replaces means the squash, and a version row still at a
// replaced revision is walked through the replaced files, each judged when
// its run recorded a checksum; a squash with no record of its own, on a
// database that ran every revision it replaces, is judged by the replaced
// files still there. Each
// applied revision's
// recorded checksum (migrations/checksum.hpp) comes from the history table:
// its newest `upgrade` row that applied (or `resolved_applied`), `stamp`,
// `squash` or `repair` row (`stamp --repair`), provided no applied `downgrade` of it
// came after. An applied revision with no such row carrying a checksum (one
// reached as an ancestor of a stamp, or applied before retort recorded
// checksums) is "not recorded": it is listed, not judged.
//
// Example:
//   IntegrityReport r = check_integrity(graph, version_rows, history_rows);
//   for (const EditedRevision& e : r.edited) std::cout << describe_edit(e) << "\n";
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "migrations/history_table.hpp"
#include "migrations/revision_graph.hpp"

namespace retort::migrations {

struct EditedRevision {
  std::string revision;
  std::string file;        // the revision file; "" when it disappeared
  std::string applied_at;  // when the checksum was recorded; "" when unknown
  std::string recorded;    // the checksum recorded; "" when none was
  std::string current;     // the file's checksum now; "" when it disappeared
  bool disappeared() const { return file.empty(); }
};

struct IntegrityReport {
  std::vector<EditedRevision> edited;   // in history order, missing files last
  std::vector<std::string> unrecorded;  // applied, no checksum recorded
  std::size_t checked = 0;              // applied revisions whose checksum matched
};

IntegrityReport check_integrity(const RevisionGraph& graph,
                                const std::vector<std::string>& version_rows,
                                const std::vector<HistoryRow>& history);

// "3f2a9c1b7d4e  migrations/versions/3f2a..._add_hero.toml  applied
// 2026-12-06T04:12:03.250Z: edited since (recorded v1:ab12..., now v1:cd34...)"
std::string describe_edit(const EditedRevision& edited);

// What `upgrade` returns for a report with edits: kBadInput listing each one,
// with what to do.
Error edited_revisions_error(const IntegrityReport& report);

}  // namespace retort::migrations
