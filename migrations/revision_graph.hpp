// retort: the revision graph (a DAG) and revision identifiers.
//
// Built from the loaded revisions, it validates them (kBadInput naming the
// files): duplicate ids, duplicate branch labels, a down_revision or
// depends_on that names no revision, cycles. It is the one place that knows
// revisions, parents, labels and dependencies; the runner asks it for plans.
//
// Vocabulary:
//   - `down_revisions`: parents. None = a base (several bases are allowed:
//     independent roots); several = a merge point.
//   - `depends_on`: edges that order without being parents. An upgrade runs a
//     revision's dependencies first; a downgrade of a dependency first
//     downgrades the revisions that depend on it.
//   - ancestors(r): everything reachable from r through parents and
//     dependencies. "Applied" = the heads stored in the version table plus
//     their ancestors.
//   - branch labels: a label on revision r applies to r, to every
//     descendant of r (through parents), and to r's ancestors up to (not
//     including) the nearest branch point or merge point, as Alembic does.
//     The branch of label L is the set of revisions carrying L.
//     A label is declared on one revision only; it may not be empty, contain
//     '@' or whitespace, or be a reserved word (head, heads, base, current).
//   - a head is a revision no other revision names as a parent.
//   - revisions() order: Kahn's topological sort over parents and
//     dependencies; among the revisions ready to run, a child of the one just
//     placed comes first (so a branch runs to its end before the next one
//     starts), then the earliest `created`, then the smallest id.
//
// The version table holds the applied "version heads": applied revisions no
// other applied revision has as an ancestor. A head implied only through
// depends_on (d, when the applied r depends on d) is not stored.
//
// Version moves (Alembic's HeadMaintainer). For revision r let P(r) be its
// down_revisions plus depends_on, minus members that are ancestors of other
// members. Upgrading r: rows in P(r) none -> insert r; one -> update it to r;
// several -> update the lowest id to r and delete the others. Downgrading r:
// the parents in P(r) not implied by another remaining row (not an ancestor
// or self of one) replace r: the lowest id by an update, the rest inserted;
// none -> r's row is deleted.
//
// Identifiers understood by resolve_*() (see docs/branches.md):
//   <full id>, <prefix of 4+ chars>   (shorter/ambiguous: error lists candidates)
//   head      the single head ("" when there are no revisions; several heads:
//             error listing them, suggesting `retort heads`, `LABEL@head` or
//             `retort merge heads -m MSG`)
//   heads     every head
//   base      nothing applied ("")
//   current   the database's version heads ("" when there are none)
//   +N, -N    N steps from the database's single current head (base when
//             there is none); several current heads: ambiguous, listing them
//   REV+N, REV-N, head-N, base+N
//   L@head    the head of branch L: its one revision with no child in it
//   L@base    the parent of the branch's first revision ("" for a root)
//   L@REV     REV, which must carry L
//   L@base+N, L@head-N, L@REV+N, L@REV-N   walks along branch L
//   L@+N, L@-N  from the current head that carries L (for +N, when none
//             does: the highest applied revision below the branch)
//   REV@head  the head above REV through children (error when several)
// Walks: +N steps to the children (from base: to the bases); with a label
// only children on the branch's line (carrying L, or an ancestor of the
// branch) count. More than one is an ambiguous error naming them. -N steps
// to the parent (from a base: to base); at a merge point, with a label, the
// one parent carrying L, else an ambiguous error naming the parents. Running
// out: "Relative revision +5 didn't produce 5 migrations" (the identifier as
// written, e.g. "Relative revision head-6 ..."). Labels take
// precedence over revision ids on the left of '@'.
//
// Squashes (docs/squash.md). A revision S with `replaces = [r1, ..., rn]`
// stands for that chain (r1's parents are S's parents). The replaced
// revisions whose files remain are set aside: find(), revisions() and the
// identifiers do not see them; replaced() and squash_of() do. A parent or
// dependency naming rn means S (rn's children follow S); one naming
// r1..r(n-1), a replaced file that does not follow the chain, a revision
// replaced by two squashes and a squash that is itself replaced are
// kBadInput naming the file. A version row at a replaced ri is behind S:
// upgrade_plan() first runs r(i+1)..rn from their files (the row moves as
// usual), then a `map_only` step moves rn's row onto S, running nothing; the
// other plans and stamp refuse such a row, saying to upgrade first.
// applied_ids() reads a row at rn as S and a row at an earlier ri as S's
// parents (what is applied of ri's own chain is the caller's:
// replaced_through()).
//
// Revision ids are strings; "" stands for base in paths and rows.
//
// Example:
//   Result<RevisionGraph> g = RevisionGraph::build(std::move(revisions));
//   Result<MigrationPlan> p = g->upgrade_plan({"c1", "c2"}, "heads");
//   for (const Step& s : p->steps) run(s.revision->upgrade, s.version);
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migrations/revision.hpp"

namespace retort::migrations {

// How one step changes the version table's rows. Applied in this order:
// deletes, then the update (from -> to), then inserts.
struct VersionMove {
  std::vector<std::string> deletes;
  std::optional<std::pair<std::string, std::string>> update;  // from, to
  std::vector<std::string> inserts;

  bool empty() const { return deletes.empty() && !update && inserts.empty(); }
  friend bool operator==(const VersionMove&, const VersionMove&) = default;
};

struct Step {
  const Revision* revision = nullptr;
  bool upgrade = true;  // run revision->upgrade, else revision->downgrade
  VersionMove version;
  // The version heads after this step (sorted), for progress lines and
  // for re-checking inside the step's transaction.
  std::vector<std::string> heads_after;
  // Moves a row from the last revision a squash replaces onto the squash
  // (`revision`), running no ops.
  bool map_only = false;
};

struct MigrationPlan {
  std::vector<std::string> heads_before;  // sorted
  std::vector<Step> steps;                // in execution order
  std::vector<std::string> heads_after;   // sorted
};

class RevisionGraph {
 public:
  RevisionGraph() = default;  // empty: no revisions

  static Result<RevisionGraph> build(std::vector<Revision> revisions);

  bool empty() const { return revisions_.empty(); }
  std::size_t size() const { return revisions_.size(); }
  // nullptr when `id` is not a full revision id.
  const Revision* find(std::string_view id) const;
  // Every revision in a stable topological order, bases first; depends_on
  // counts as an edge. Ties: a child of the revision just placed, then the
  // earliest `created`, then the smallest id (see "revisions() order").
  std::vector<const Revision*> revisions() const;
  std::vector<const Revision*> heads() const;  // sorted by id
  std::vector<const Revision*> bases() const;  // sorted by id
  // Every revision `heads` imply (themselves and their ancestors through
  // parents and depends_on), as ids sorted for binary_search. "" (base) and
  // unknown ids are left out.
  std::vector<std::string> applied_ids(const std::vector<std::string>& heads) const;
  // Children through down_revisions (not depends_on), sorted by id.
  std::vector<const Revision*> children(std::string_view id) const;
  // Every branch label carried by `id` (its own and inherited), sorted.
  std::vector<std::string> labels(std::string_view id) const;
  bool is_branch_point(std::string_view id) const;  // 2+ children
  bool is_merge_point(std::string_view id) const;   // 2+ down_revisions
  // True when `ancestor` is reachable from `id` through parents and
  // dependencies (a revision is not its own ancestor).
  bool is_ancestor(std::string_view ancestor, std::string_view id) const;

  // Every revision file the graph was built from: revisions() and then the
  // replaced ones set aside.
  std::vector<const Revision*> files() const;
  // The revision a name in a file (a parent, a dependency) stands for: the
  // revision, or the squash when `id` is the last revision it replaces;
  // nullptr otherwise.
  const Revision* find_named(std::string_view id) const;
  // Version rows with each row behind a squash replaced by the squash: where
  // an upgrade plan goes on from once it has caught up. Sorted.
  std::vector<std::string> caught_up(const std::vector<std::string>& rows) const;
  // The squash revision that replaces `id`; nullptr when none does.
  const Revision* squash_of(std::string_view id) const;
  // The file of `id`, a revision a squash replaces; nullptr when `id` is
  // not replaced or its file is gone.
  const Revision* replaced(std::string_view id) const;
  // The revisions of `id`'s squash from the first through `id`, from their
  // files, oldest first. kBadInput naming the first whose file is gone.
  Result<std::vector<const Revision*>> replaced_through(std::string_view id) const;

  // Identifiers that need the database's current heads (+N, -N, current,
  // L@+N, L@-N).
  static bool is_relative(std::string_view identifier);

  // Resolves an identifier to revision ids ("" = base): one id for most
  // forms, several for `heads`/`current`; never an empty list (`heads` with
  // no revisions and `current` with no rows are {""}). `current` is the
  // database's version heads (nullopt: not known, so relative forms are
  // kBadInput; an id in it that is no revision is kBadInput too).
  Result<std::vector<std::string>> resolve(
      std::string_view identifier,
      const std::optional<std::vector<std::string>>& current = std::nullopt) const;
  // As resolve(), but exactly one id; several is kBadInput listing them.
  Result<std::string> resolve_one(
      std::string_view identifier,
      const std::optional<std::vector<std::string>>& current = std::nullopt) const;

  // Plans. `current` is the version heads (empty = base; an id that is no
  // revision is kBadInput); `target` an identifier (relative forms resolve
  // against `current`).
  // upgrade: applies the target(s) and their unapplied ancestors (parents and
  // dependencies) in revisions() order. A target that is a current head, or
  // applied only through depends_on, adds nothing (an empty plan when
  // nothing is left); one that is applied and below a current head through
  // parents is kBadInput ("X is below the current revision(s); use `retort
  // downgrade`"), as is base when something is applied.
  // downgrade: the target resolves to one revision (or base), which must be
  // applied, else kBadInput ("use upgrade"). It unapplies the applied strict
  // descendants of the target (through parents and dependencies), dependents
  // before dependencies (reverse revisions() order). For an L@... target only
  // revisions of branch L and their descendants are touched; L@base removes
  // the whole branch and its applied descendants.
  Result<MigrationPlan> upgrade_plan(const std::vector<std::string>& current,
                                     std::string_view target) const;
  Result<MigrationPlan> downgrade_plan(const std::vector<std::string>& current,
                                       std::string_view target) const;
  // The rows after `stamp targets...`: for each target, current heads that
  // are its ancestors or descendants (or itself) are replaced by it; `purge`
  // starts from no rows (and does not check `current`). "base" removes every
  // row. A target named through a label (x@base, x@head-1) replaces only
  // rows on branch x, so the other branches keep theirs; rows implied by
  // another row are dropped. Targets on one line of history (one an
  // ancestor of another) are kBadInput. Returns the new sorted heads.
  Result<std::vector<std::string>> stamp_heads(const std::vector<std::string>& current,
                                               const std::vector<std::string>& targets,
                                               bool purge) const;

  // The step that runs revision `id` alone from version heads `current`,
  // for `retort resolve`: an upgrade needs every ancestor of `id` applied
  // and `id` not; a downgrade needs `id` applied and no applied revision
  // above it. kBadInput otherwise.
  Result<Step> single_step(const std::vector<std::string>& current, std::string_view id,
                           bool upgrade) const;

  // For `history -r A:B` and offline `--sql A:B`: revisions in (A, B], i.e.
  // ancestors-or-self of B that are not ancestors-or-self of A, in revisions()
  // order. A and B are identifiers without the relative forms (they may name
  // several revisions, e.g. `heads`). Empty A = base; empty B = every head.
  Result<std::vector<const Revision*>> range(std::string_view from, std::string_view to) const;

 private:
  static constexpr std::size_t kBase = static_cast<std::size_t>(-1);  // position of base
  struct Label {
    std::size_t declared_on = 0;  // the revision that names it
    std::size_t first = 0;        // the lowest revision carrying it
  };
  using Marks = std::vector<char>;  // one flag per position

  // build()'s phases, in order (revision_graph.cpp). The first four read the
  // files as given (input indices); the rest fill the graph in positions.
  using InputIndex = std::map<std::string, std::size_t, std::less<>>;  // name -> input index
  using Adjacency = std::vector<std::vector<std::size_t>>;
  struct Edges {
    Adjacency parents;  // down_revisions
    Adjacency deps;     // depends_on that are not also parents
    Adjacency preds;    // both
  };
  // A revision a squash replaces: which squash, and where in its list.
  struct Replacement {
    std::string squash;
    std::size_t index = 0;
    std::size_t count = 0;            // the squash's replaces.size()
    std::optional<std::size_t> file;  // its place in set_aside_; none once deleted
  };
  using Replacements = std::map<std::string, Replacement, std::less<>>;
  // Ids, each once.
  static Result<InputIndex> index_ids(const std::vector<Revision>& revisions);
  // Every id a squash present replaces, checked (revision_graph_squash.cpp).
  static Result<Replacements> replacements_of(const std::vector<Revision>& revisions);
  // Moves the replaced revisions out of `revisions` into set_aside_,
  // checking that each follows its squash's chain.
  Status set_aside(std::vector<Revision>& revisions, Replacements replacements);
  // Branch labels, each valid and declared on one revision.
  static Result<InputIndex> declared_labels(const std::vector<Revision>& revisions);
  // Parents and dependencies, each a known id.
  // A name of the last revision a squash replaces stands for the squash.
  static Result<Edges> edges_of(const std::vector<Revision>& revisions, const InputIndex& by_id,
                                const Replacements& replacements);
  // Topological order (oldest first among the ready); a cycle is kBadInput.
  static Result<std::vector<std::size_t>> order_of(const std::vector<Revision>& revisions,
                                                   const Adjacency& preds);
  // Revisions and edges in positions, heads and bases; returns each input
  // index's position.
  std::vector<std::size_t> place(std::vector<Revision>& revisions,
                                 const std::vector<std::size_t>& order, const Edges& edges);
  // P(r) for every revision.
  void reduce_parents();
  // Which revisions carry each label.
  void place_labels(const InputIndex& declared, const std::vector<std::size_t>& pos_of);

  // Plan helpers (revision_graph_plans.cpp): the step running the revision
  // at `pos` from rows `table`, which it then moves.
  Step upgrade_step(std::size_t pos, std::set<std::string>& table) const;
  Step downgrade_step(std::size_t pos, std::set<std::string>& table) const;
  // For rows at replaced revisions: the steps that bring each onto its
  // squash (the rest of its chain, then the map), and the rows after them.
  Result<std::vector<Step>> catch_up(std::vector<std::string>& rows) const;
  // A row at a replaced revision, for plans that cannot start from one.
  Error behind_squash(std::string_view id) const;

  // Graph helpers (revision_graph.cpp); positions index revisions_.
  const std::string& id_at(std::size_t pos) const;  // "" for kBase
  std::optional<std::size_t> position(std::string_view id) const;
  bool carries(std::size_t pos, std::string_view label) const;
  bool is_ancestor_at(std::size_t ancestor, std::size_t pos) const;
  // Seeds plus everything below them (through parents and, when
  // `with_deps`, dependencies), or above them (children, dependents).
  Marks ancestors_or_self(const std::vector<std::size_t>& seeds, bool with_deps = true) const;
  Marks descendants_or_self(const std::vector<std::size_t>& seeds, bool with_deps = true) const;
  std::vector<std::size_t> label_members(const Label& label, std::string_view name) const;

  // Identifier helpers (revision_identifiers.cpp).
  Result<std::vector<std::size_t>> current_positions(const std::vector<std::string>& current) const;
  Result<std::size_t> resolve_position(
      std::string_view identifier, const std::optional<std::vector<std::string>>& current) const;
  Result<std::size_t> resolve_expression(std::string_view expr, const std::string* label,
                                         const std::optional<std::vector<std::string>>& current,
                                         std::string_view identifier) const;
  Result<std::size_t> resolve_revision(std::string_view text) const;
  Result<std::size_t> single_head(std::string_view identifier) const;
  Result<std::size_t> head_above(std::size_t pos, std::string_view identifier) const;
  Result<std::size_t> label_head(const std::string& label, std::string_view identifier) const;
  Result<std::size_t> label_base(const std::string& label, std::string_view identifier) const;
  Result<std::size_t> current_start(const std::optional<std::vector<std::string>>& current,
                                    const std::string* label, bool up,
                                    std::string_view identifier) const;
  Result<std::size_t> walk(std::size_t start, int steps, const std::string* label,
                           std::string_view identifier) const;
  Error unknown_label(std::string_view name, std::string_view identifier) const;

  std::vector<Revision> revisions_;                        // topological order
  std::map<std::string, std::size_t, std::less<>> index_;  // id -> position
  std::map<std::string, Label, std::less<>> labels_;       // label -> where
  std::vector<std::vector<std::string>> label_sets_;       // position -> labels, sorted
  std::vector<std::vector<std::size_t>> parents_;          // down_revisions, declared order
  std::vector<std::vector<std::size_t>> deps_;             // depends_on (not also parents)
  std::vector<std::vector<std::size_t>> children_;         // through parents, by id
  std::vector<std::vector<std::size_t>> dependents_;       // through depends_on
  std::vector<std::vector<std::size_t>> reduced_;          // P(r), by id
  std::vector<std::size_t> heads_;                         // by id
  std::vector<std::size_t> bases_;                         // by id
  Replacements replacements_;                              // replaced id -> squash
  std::vector<Revision> set_aside_;                        // replaced revisions' files
};

// The error for a version-table row naming `id`, a revision no revision file
// has. It is the files that disagree with the database (nothing ran), so it
// is kBadInput, with the same words whichever command finds it.
Error unknown_version_row(std::string_view id);

}  // namespace retort::migrations
