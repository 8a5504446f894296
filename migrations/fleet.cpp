#include "migrations/fleet.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/ops.hpp"
#include "dialects/registry.hpp"
#include "migrations/integrity.hpp"
#include "migrations/internal/schema_fleet.hpp"
#include "migrations/project.hpp"

namespace retort::migrations {
namespace {

using Clock = std::chrono::steady_clock;

Error scrubbed(Error e, const std::string& url) {
  e.message = scrub_url_password(std::move(e.message), url);
  e.hint = scrub_url_password(std::move(e.hint), url);
  e.statement = scrub_url_password(std::move(e.statement), url);
  e.file = scrub_url_password(std::move(e.file), url);
  return e;
}

// What one member does, on its own thread, with its own project.
class MemberRun {
 public:
  MemberRun(const Config& config, const FleetMember& member, const FleetOptions& options,
            MemberReport& report)
      : config_(config),
        member_(member),
        url_(member.url),
        line_(member.line),
        options_(options),
        report_(report) {}

  void run() {
    const Clock::time_point start = Clock::now();
    Status s = Status{};
    try {
      s = steps();
    } catch (const std::exception& e) {
      s = Error::internal(fmt::format("unexpected exception: {}", e.what()));
    }
    if (!s && is_stopped_error(s.error())) {
      report_.result = MemberResult::kStopped;
      output_ << scrub_url_password(s.error().message, url_) << "\n";
    } else if (!s) {
      report_.result = MemberResult::kFailed;
      Error e = scrubbed(s.error(), url_);
      // An error about the URL itself points at the config: name the
      // member's own line there.
      if (e.file == config_.file.string() && e.line == 0) e.line = line_;
      report_.error = std::move(e);
    }
    report_.output = scrub_url_password(output_.str(), url_);
    report_.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  }

 private:
  Status steps() {
    Config config = config_;
    config.url = url_;
    config.schema = member_.schema;
    config.shared_schema = member_.shared_schema;
    Result<Project> project = Project::open(std::move(config));
    if (!project) return project.error();
    project->set_notices(&output_);
    project->set_stop(options_.stop);
    if (options_.setup) {
      if (Status s = options_.setup(*project); !s) return s;
    }
    Result<std::vector<std::string>> before = project->current();
    if (!before) return before.error();
    report_.before = *before;
    report_.before_known = true;
    if (options_.command == FleetCommand::kCurrent) {
      report_.after = *before;
      report_.after_known = true;
      Result<std::vector<const Revision*>> missing = project->unapplied_heads();
      if (!missing) return missing.error();
      report_.result = missing->empty() ? MemberResult::kAtHeads : MemberResult::kBehind;
      return {};
    }
    if (options_.command == FleetCommand::kCheck) return check(*project);
    if (options_.command == FleetCommand::kVerify) return verify(*project);
    if (options_.command == FleetCommand::kUpgradeSql) return offline(*project);
    Status s = move(*project);
    if (!s) {
      // Where the member stands after the failure, when it can still say.
      if (Result<std::vector<std::string>> after = project->current()) {
        report_.after = *after;
        report_.after_known = true;
      }
      return s;
    }
    Result<std::vector<std::string>> after = project->current();
    if (!after) return after.error();
    report_.after = *after;
    report_.after_known = true;
    report_.result = *before == *after                              ? MemberResult::kAlreadyAtTarget
                     : options_.command == FleetCommand::kStamp     ? MemberResult::kStamped
                     : options_.command == FleetCommand::kDowngrade ? MemberResult::kDowngraded
                                                                    : MemberResult::kUpgraded;
    return {};
  }

  // The command that moves the member: upgrade, downgrade or stamp.
  Status move(Project& project) {
    switch (options_.command) {
      case FleetCommand::kStamp:
        return project.stamp(options_.stamp_revisions, options_.purge, output_);
      case FleetCommand::kDowngrade:
        return project.downgrade(options_.target, /*sql_only=*/false, output_);
      default:
        return project.upgrade(options_.target, /*sql_only=*/false, output_);
    }
  }

  // check: the member's version rows are kept as they are; the ops that
  // would take it to the models are its output, one line each.
  Status check(Project& project) {
    report_.after = report_.before;
    report_.after_known = true;
    Result<std::vector<Op>> ops = project.check();
    if (!ops) return ops.error();
    for (const Op& op : *ops) output_ << "- " << describe(op) << "\n";
    report_.result = ops->empty() ? MemberResult::kNoDifferences : MemberResult::kDiffers;
    return {};
  }

  // verify: each applied revision whose file changed is a line of output.
  Status verify(Project& project) {
    report_.after = report_.before;
    report_.after_known = true;
    Result<IntegrityReport> integrity = project.verify();
    if (!integrity) return integrity.error();
    for (const EditedRevision& e : integrity->edited) output_ << describe_edit(e) << "\n";
    report_.result = integrity->edited.empty() ? MemberResult::kVerified : MemberResult::kEdited;
    return {};
  }

  // upgrade --sql: the script from the member's version row to the target.
  Status offline(Project& project) {
    report_.after = report_.before;
    report_.after_known = true;
    if (report_.before.size() > 1) {
      return Error::bad_input(
          fmt::format("the member is on {} branches ({}), and an offline script starts from one "
                      "revision",
                      report_.before.size(), fmt::join(report_.before, ", ")),
          "upgrade it online, or write its script without --fleet with `retort upgrade FROM:TO "
          "--sql` for each branch");
    }
    Result<std::vector<const Revision*>> missing = project.unapplied_heads();
    if (!missing) return missing.error();
    if (missing->empty() && (options_.target == "head" || options_.target == "heads")) {
      report_.result = MemberResult::kAlreadyAtTarget;
      return {};
    }
    const std::string range = report_.before.empty()
                                  ? options_.target
                                  : fmt::format("{}:{}", report_.before.front(), options_.target);
    std::ostringstream script;
    if (Status s = project.upgrade(range, /*sql_only=*/true, script); !s) return s;
    report_.script = scrub_url_password(script.str(), url_);
    report_.result = MemberResult::kScripted;
    return {};
  }

  const Config& config_;
  const FleetMember& member_;
  const std::string& url_;
  int line_;
  const FleetOptions& options_;
  MemberReport& report_;
  std::ostringstream output_;
};

// Runs members [first, last) on up to `jobs` threads. With `stop_on_failure`
// no member starts once one has failed. Returns whether any failed.
class Phase {
 public:
  Phase(const Config& config, const std::vector<FleetMember>& urls, const FleetOptions& options,
        FleetReport& report, std::mutex& done_mutex)
      : config_(config), urls_(urls), options_(options), report_(report), done_mutex_(done_mutex) {}

  bool run(std::size_t first, std::size_t last, bool stop_on_failure) {
    next_ = first;
    last_ = last;
    stop_on_failure_ = stop_on_failure;
    const std::size_t workers =
        std::min<std::size_t>(static_cast<std::size_t>(options_.jobs), last - first);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < workers; ++i) threads.emplace_back([this] { work(); });
    for (std::thread& t : threads) t.join();
    return failed_;
  }

 private:
  void work() {
    while (!(stop_on_failure_ && failed_)) {
      if (options_.stop != nullptr && options_.stop->load()) return;
      const std::size_t i = next_++;
      if (i >= last_) return;
      MemberReport& member = report_.members[i];
      if (options_.on_start) {
        std::lock_guard lock(done_mutex_);
        options_.on_start(member);
      }
      MemberRun(config_, urls_[i], options_, member).run();
      if (member.result == MemberResult::kFailed) failed_ = true;
      if (options_.on_done) {
        std::lock_guard lock(done_mutex_);
        options_.on_done(member);
      }
    }
  }

  const Config& config_;
  const std::vector<FleetMember>& urls_;
  const FleetOptions& options_;
  FleetReport& report_;
  std::mutex& done_mutex_;
  std::atomic<std::size_t> next_{0};
  std::size_t last_ = 0;
  bool stop_on_failure_ = false;
  std::atomic<bool> failed_{false};
};

// Schema per tenant, before any member: the checks, then the enums in the
// shared schema (kUpgrade: run; kUpgradeSql: its script in `report`).
Status shared_step(const Config& config, const RevisionGraph& graph, const FleetMember& first,
                   const FleetOptions& options, FleetReport& report) {
  const std::string& url = first.url;
  const std::string& shared = first.shared_schema;
  Status checked = check_schema_fleet(config, graph, options.models, url, shared);
  if (!checked) return scrubbed(std::move(checked).error(), url);
  const std::vector<Enum> enums = shared_enums(graph);
  if (enums.empty()) return {};
  if (options.command == FleetCommand::kUpgradeSql) {
    Result<std::vector<std::string>> sql = shared_enum_sql(url, shared, enums);
    if (!sql) return scrubbed(std::move(sql).error(), url);
    for (const std::string& statement : *sql) report.shared_script += statement + ";\n";
    return {};
  }
  if (options.command != FleetCommand::kUpgrade) return {};
  Result<std::string> done = run_shared_step(url, shared, enums, config.migration_lock_timeout);
  if (!done) return scrubbed(std::move(done).error(), url);
  report.shared_step = std::move(*done);
  if (options.on_shared_step) options.on_shared_step(report.shared_step);
  return {};
}

int severity(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadInput:
      return 1;
    case ErrorCode::kDatabase:
      return 2;
    case ErrorCode::kInternal:
      return 3;
  }
  return 3;
}

}  // namespace

const char* result_name(MemberResult result) {
  switch (result) {
    case MemberResult::kUpgraded:
      return "upgraded";
    case MemberResult::kDowngraded:
      return "downgraded";
    case MemberResult::kAlreadyAtTarget:
      return "already at target";
    case MemberResult::kStamped:
      return "stamped";
    case MemberResult::kAtHeads:
      return "at heads";
    case MemberResult::kBehind:
      return "behind";
    case MemberResult::kNoDifferences:
      return "no differences";
    case MemberResult::kDiffers:
      return "differs";
    case MemberResult::kVerified:
      return "verified";
    case MemberResult::kEdited:
      return "edited";
    case MemberResult::kScripted:
      return "scripted";
    case MemberResult::kStopped:
      return "stopped";
    case MemberResult::kFailed:
      return "failed";
    case MemberResult::kNotStarted:
      return "not started";
  }
  return "failed";
}

bool FleetReport::ok() const {
  return count(MemberResult::kFailed) == 0 && count(MemberResult::kStopped) == 0 &&
         count(MemberResult::kNotStarted) == 0;
}

std::optional<ErrorCode> FleetReport::worst() const {
  std::optional<ErrorCode> worst;
  for (const MemberReport& m : members) {
    if (!m.error) continue;
    if (!worst || severity(m.error->code) > severity(*worst)) worst = m.error->code;
  }
  return worst;
}

int FleetReport::count(MemberResult result) const {
  return static_cast<int>(std::count_if(members.begin(), members.end(),
                                        [&](const MemberReport& m) { return m.result == result; }));
}

Result<FleetReport> run_fleet(const Config& config, const std::vector<FleetMember>& urls,
                              const FleetOptions& options) {
  if (options.jobs < 1 || options.jobs > kMaxFleetJobs) {
    return Error::bad_input(fmt::format("--jobs {} is out of range", options.jobs),
                            fmt::format("give 1 to {} members at once", kMaxFleetJobs));
  }
  if (options.canary < 0) {
    return Error::bad_input(fmt::format("--canary {} is negative", options.canary),
                            "give how many members to run first, or 0 for none");
  }
  if (urls.empty()) return Error::bad_input("the fleet has no members", "list its databases");
  // What every member shares is checked once, before any member connects:
  // a broken revision file is one error, not one per member.
  Config shared = config;
  shared.url.clear();
  Result<Project> project = Project::open(std::move(shared));
  if (!project) return project.error();

  FleetReport report;
  if (!urls.front().schema.empty()) {
    Status step = shared_step(config, project->graph(), urls.front(), options, report);
    if (!step) return std::move(step).error();
  }
  report.members.resize(urls.size());
  const std::size_t canaries =
      std::min<std::size_t>(static_cast<std::size_t>(options.canary), urls.size());
  for (std::size_t i = 0; i < urls.size(); ++i) {
    report.members[i].index = i;
    report.members[i].url = redact_url(urls[i].url);
    report.members[i].name = member_name(urls[i]);
    report.members[i].schema = urls[i].schema;
    report.members[i].canary = i < canaries;
  }
  std::mutex done_mutex;
  if (canaries > 0 &&
      Phase(config, urls, options, report, done_mutex).run(0, canaries, /*stop_on_failure=*/true)) {
    return report;
  }
  if (canaries < urls.size()) {
    Phase(config, urls, options, report, done_mutex)
        .run(canaries, urls.size(), options.on_error == FleetOptions::OnError::kStop);
  }
  return report;
}

}  // namespace retort::migrations
