#include "migrations/lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/readded_columns.hpp"
#include "dialects/lint_rules.hpp"

namespace retort::migrations {
namespace {

// The table an op works on when it changes an existing one, for
// no-lock-timeout; nullopt for ops on no table or a new one.
std::optional<std::pair<std::string, std::string>> locked_table(const Op& op) {
  return std::visit(
      [](const auto& o) -> std::optional<std::pair<std::string, std::string>> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, DropTable>) {
          return std::pair{o.table.schema, o.table.name};
        } else if constexpr (std::is_same_v<T, CreateTable> || std::is_same_v<T, RefreshView> ||
                             std::is_same_v<T, BulkInsert>) {
          return std::nullopt;
        } else if constexpr (requires {
                               o.table;
                               o.schema;
                             }) {
          if constexpr (std::is_convertible_v<decltype(o.table), std::string>) {
            return std::pair{o.schema, o.table};
          }
          return std::nullopt;
        } else {
          return std::nullopt;
        }
      },
      op);
}

void acknowledge(const Revision& rev, RevisionFinding& f) {
  for (const LintIgnore& ignore : rev.lint_ignore) {
    if (ignore.code == f.finding.code) {
      f.acknowledged = true;
      f.reason = ignore.reason;
      return;
    }
  }
}

}  // namespace

LintReport lint_revisions(const RevisionGraph& graph, const std::vector<const Revision*>& revisions,
                          std::string_view dialect, const LockSettings& settings,
                          const decltype(LintContext::row_count)& row_count) {
  std::set<const Revision*> wanted(revisions.begin(), revisions.end());
  LintReport report;
  MetaData schema;
  std::size_t left = wanted.size();
  for (const Revision* rev : graph.revisions()) {
    if (left == 0) break;
    const bool linted = wanted.count(rev) != 0;
    if (linted) {
      --left;
      ++report.revisions;
    }
    LintContext context{
        .before = schema, .transactional = rev->transactional, .row_count = row_count};
    bool touches_existing = false;
    // A column the revision drops and adds again (a generated column around
    // a replaced function) keeps its values: they are computed again.
    const std::set<ColumnKey> readded = readded_columns(rev->upgrade);
    for (std::size_t i = 0; i < rev->upgrade.size(); ++i) {
      const Op& op = rev->upgrade[i];
      if (linted) {
        ++report.ops;
        const auto* drop = std::get_if<DropColumn>(&op);
        const bool computed_again =
            drop != nullptr && readded.count({drop->schema, drop->table, drop->column}) != 0;
        for (LintFinding& finding : lint_op_on(dialect, op, context)) {
          if (computed_again && finding.code == "drop-column") continue;
          RevisionFinding f{std::move(finding),
                            rev->id,
                            rev->path.string(),
                            rev->op_line(true, i),
                            describe(op),
                            false,
                            ""};
          acknowledge(*rev, f);
          report.findings.push_back(std::move(f));
        }
        if (auto table = locked_table(op); table && context.existing(table->first, table->second))
          touches_existing = true;
      }
      if (const auto* create = std::get_if<CreateTable>(&op))
        context.new_tables.insert({create->table.schema, create->table.name});
      (void)apply(schema, op);  // raw SQL and the like: the schema stays as it was
    }
    const LockPolicy policy = rev->lock.over(settings).policy();
    if (linted && touches_existing && policy.lock_timeout.count() == 0) {
      RevisionFinding f{{"no-lock-timeout", LintSeverity::kWarning,
                         "this revision changes tables running code uses with lock_timeout = 0: "
                         "a statement that waits for a lock holds up every query queued behind "
                         "it for as long as it waits",
                         "set lock_timeout in the revision or in retort.toml (the default is "
                         "5s), so a blocked statement gives up and the revision is retried"},
                        rev->id,
                        rev->path.string(),
                        rev->line,
                        "",
                        false,
                        ""};
      acknowledge(*rev, f);
      report.findings.push_back(std::move(f));
    }
  }
  return report;
}

bool lint_fails(const LintReport& report, bool strict) {
  return std::any_of(report.findings.begin(), report.findings.end(), [&](const RevisionFinding& f) {
    if (f.acknowledged) return false;
    return f.finding.severity == LintSeverity::kError ||
           (strict && f.finding.severity == LintSeverity::kWarning);
  });
}

}  // namespace retort::migrations
