#include "cli/internal/fleet_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include "cli/internal/common.hpp"
#include "cli/internal/exit_codes.hpp"
#include "migrations/config.hpp"
#include "migrations/fleet_members.hpp"
#include "migrations/project.hpp"

namespace retort::cli {
namespace {

using migrations::FleetReport;
using migrations::MemberReport;
using migrations::MemberResult;

constexpr const char* kFleetOptions[] = {"--jobs", "--on-error", "--canary", "--format"};

// Every result, in the order the summaries count them.
constexpr MemberResult kResults[] = {
    MemberResult::kUpgraded,      MemberResult::kDowngraded, MemberResult::kAlreadyAtTarget,
    MemberResult::kStamped,       MemberResult::kAtHeads,    MemberResult::kBehind,
    MemberResult::kNoDifferences, MemberResult::kDiffers,    MemberResult::kVerified,
    MemberResult::kEdited,        MemberResult::kScripted,   MemberResult::kStopped,
    MemberResult::kFailed,        MemberResult::kNotStarted};

// The results of the commands that read a member and change nothing.
bool read_only(MemberResult r) {
  return r == MemberResult::kAtHeads || r == MemberResult::kBehind ||
         r == MemberResult::kNoDifferences || r == MemberResult::kDiffers ||
         r == MemberResult::kVerified || r == MemberResult::kEdited || r == MemberResult::kScripted;
}

const char* error_kind(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadInput:
      return "bad_input";
    case ErrorCode::kDatabase:
      return "database";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

std::string json_result(MemberResult result) {
  std::string name = migrations::result_name(result);
  std::replace(name.begin(), name.end(), ' ', '_');
  return name;
}

std::string duration_label(std::chrono::milliseconds d) {
  if (d.count() < 10'000) return fmt::format("{} ms", d.count());
  return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string rows_or_unknown(bool known, const std::vector<std::string>& rows) {
  return known ? rows_label(rows) : "?";
}

// "[3/20] sqlite:///t3.db: upgraded (<base> -> 1a2b3c4d5e6f) in 12 ms", then
// what the member printed and its error, indented.
void print_member(Output& out, const MemberReport& m, std::size_t done, std::size_t total) {
  std::string result = migrations::result_name(m.result);
  if (m.result == MemberResult::kFailed) result = out.red(result);
  const std::string where = read_only(m.result)
                                ? rows_label(m.after)
                                : fmt::format("{} -> {}", rows_or_unknown(m.before_known, m.before),
                                              rows_or_unknown(m.after_known, m.after));
  out.line(fmt::format("[{}/{}] {}{}: {} ({}) in {}", done, total, m.name,
                       m.canary ? " (canary)" : "", result, where, duration_label(m.duration)));
  std::istringstream lines(m.output);
  for (std::string line; std::getline(lines, line);) out.line("    " + line);
  if (m.error) {
    out.line(fmt::format("    error: {}", m.error->describe()));
    if (!m.error->hint.empty()) out.line(fmt::format("    hint: {}", m.error->hint));
  }
}

void print_table(Output& out, const std::string& fleet, const FleetReport& report) {
  std::vector<std::array<std::string, 6>> rows;
  rows.push_back({"MEMBER", "BEFORE", "AFTER", "RESULT", "DURATION", "ERROR"});
  for (const MemberReport& m : report.members) {
    const bool ran = m.result != MemberResult::kNotStarted;
    std::string error = m.error ? fmt::format("exit {}: {}", exit_code(m.error->code),
                                              first_line(m.error->describe()))
                                : "";
    rows.push_back({m.name + (m.canary ? " (canary)" : ""),
                    ran ? rows_or_unknown(m.before_known, m.before) : "",
                    ran ? rows_or_unknown(m.after_known, m.after) : "",
                    migrations::result_name(m.result), ran ? duration_label(m.duration) : "",
                    error});
  }
  std::array<std::size_t, 6> width{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::vector<std::string> counts;
  for (MemberResult r : kResults) {
    if (int n = report.count(r); n > 0) {
      counts.push_back(fmt::format("{} {}", n, migrations::result_name(r)));
    }
  }
  out.line();
  out.line(fmt::format("Fleet {}: {} member{}, {}.", fleet, report.members.size(),
                       report.members.size() == 1 ? "" : "s", fmt::join(counts, ", ")));
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += i + 1 == row.size() ? row[i] : fmt::format("{:<{}}  ", row[i], width[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out.line(line);
  }
}

// Ctrl-C during a fleet run: the first SIGINT asks every member to stop
// between revisions and no new member to start (the handler only sets a flag
// and says so, with write(2): async-signal-safe); SA_RESETHAND makes a second
// Ctrl-C end the process at once, as it would any program.
migrations::StopFlag g_stop{false};

extern "C" void on_interrupt(int) {
  g_stop.store(true);
  constexpr char kSaid[] =
      "\nretort: stopping: running members finish their revision, no other starts; Ctrl-C "
      "again quits now\n";
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, kSaid, sizeof kSaid - 1);
}

// Installs on_interrupt for its lifetime, then puts the old handler back.
class InterruptScope {
 public:
  InterruptScope() {
    g_stop.store(false);
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    installed_ = ::sigaction(SIGINT, &action, &old_) == 0;
  }
  ~InterruptScope() {
    if (installed_) ::sigaction(SIGINT, &old_, nullptr);
  }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  struct sigaction old_ {};
  bool installed_ = false;
};

// On a terminal, one line below the members' blocks that says where the
// fleet stands ("fleet tenants: 7 done, 1 failed, 4 running, of 20"),
// redrawn in place as members start and end; nothing elsewhere (a pipe, a
// file, --format json), where it would only be noise in the text.
class ProgressLine {
 public:
  ProgressLine(Output& out, std::string fleet, std::size_t total)
      : out_(out), fleet_(std::move(fleet)), total_(total), on_(out.out_terminal()) {}

  void started() {
    ++running_;
    draw();
  }
  void ended(bool failed) {
    --running_;
    ++done_;
    if (failed) ++failed_;
    draw();
  }
  // Erases the line, so that a member's block or the report replaces it.
  void clear() {
    if (!on_ || !drawn_) return;
    out_.write("\r\x1b[K");
    out_.stream().flush();
    drawn_ = false;
  }

 private:
  void draw() {
    if (!on_) return;
    out_.write(fmt::format("\r\x1b[Kfleet {}: {} done, {} failed, {} running, of {}", fleet_, done_,
                           failed_, running_, total_));
    out_.stream().flush();
    drawn_ = true;
  }

  Output& out_;
  std::string fleet_;
  std::size_t total_;
  bool on_;
  bool drawn_ = false;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::size_t running_ = 0;
};

nlohmann::json rows_json(bool known, const std::vector<std::string>& rows) {
  return known ? nlohmann::json(rows) : nlohmann::json();
}

nlohmann::json report_json(const std::string& fleet, const FleetFlags& flags,
                           const migrations::FleetOptions& options, const FleetReport& report,
                           int code) {
  nlohmann::json members = nlohmann::json::array();
  for (const MemberReport& m : report.members) {
    nlohmann::json error;
    if (m.error) {
      error = {{"kind", error_kind(m.error->code)},
               {"exit_code", exit_code(m.error->code)},
               {"message", m.error->message},
               {"hint", m.error->hint},
               {"file", m.error->file},
               {"line", m.error->line},
               {"sqlstate", m.error->sqlstate}};
    }
    members.push_back({{"member", m.name},
                       {"url", m.url},
                       {"schema", m.schema.empty() ? nlohmann::json() : nlohmann::json(m.schema)},
                       {"canary", m.canary},
                       {"result", json_result(m.result)},
                       {"before", rows_json(m.before_known, m.before)},
                       {"after", rows_json(m.after_known, m.after)},
                       {"duration_ms", m.duration.count()},
                       {"error", error},
                       {"output", m.output}});
    if (options.command == migrations::FleetCommand::kUpgradeSql) {
      members.back()["script"] = m.script;
    }
  }
  nlohmann::json summary = {{"members", report.members.size()}};
  for (MemberResult r : kResults) {
    summary[json_result(r)] = report.count(r);
  }
  nlohmann::json target;
  const char* command = "current";
  switch (options.command) {
    case migrations::FleetCommand::kUpgrade:
    case migrations::FleetCommand::kUpgradeSql:
    case migrations::FleetCommand::kDowngrade:
      command = options.command == migrations::FleetCommand::kDowngrade ? "downgrade" : "upgrade";
      target = options.target;
      break;
    case migrations::FleetCommand::kStamp:
      command = "stamp";
      target = options.stamp_revisions;
      break;
    case migrations::FleetCommand::kCheck:
      command = "check";
      break;
    case migrations::FleetCommand::kVerify:
      command = "verify";
      break;
    case migrations::FleetCommand::kCurrent:
      break;
  }
  nlohmann::json doc = {
      {"fleet", fleet},     {"command", command},         {"target", target},
      {"jobs", flags.jobs}, {"on_error", flags.on_error}, {"canary", flags.canary},
      {"exit_code", code},  {"summary", summary},         {"members", members}};
  doc["shared_step"] =
      report.shared_step.empty() ? nlohmann::json() : nlohmann::json(report.shared_step);
  if (options.command == migrations::FleetCommand::kUpgradeSql) {
    doc["sql"] = true;
    doc["shared_script"] = report.shared_script;
  }
  return doc;
}

// A file name of letters, digits, '_', '-' and '.' for `name`.
std::string file_safe(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    out += ok ? c : '_';
  }
  return out;
}

// The `-- retort:` comment above each script on stdout.
std::string script_header(const std::string& fleet, const MemberReport& m,
                          const std::string& target) {
  std::string header = fmt::format("-- retort: fleet {}, member {}", fleet, m.name);
  if (!m.schema.empty()) header += fmt::format(" (schema {} of {})", m.schema, m.url);
  if (m.result == MemberResult::kAlreadyAtTarget) {
    return header + ": already at target, nothing to run\n";
  }
  return header + fmt::format(": {} -> {}\n", rows_label(m.before), target);
}

// upgrade --sql: the scripts, the shared objects' first, to `dir` (one file
// each) or, when `dir` is empty, to `out`.
Status write_scripts(Output& out, const std::string& dir, const std::string& fleet,
                     const std::string& target, const FleetReport& report) {
  if (dir.empty()) {
    if (!report.shared_script.empty()) {
      out.write(fmt::format("-- retort: fleet {}, shared objects: run first\n{}\n", fleet,
                            report.shared_script));
    }
    for (const MemberReport& m : report.members) {
      if (m.result != MemberResult::kScripted && m.result != MemberResult::kAlreadyAtTarget) {
        continue;
      }
      out.write(script_header(fleet, m, target) + m.script + "\n");
    }
    return {};
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return Error::bad_input(fmt::format("cannot create --output-dir {}: {}", dir, ec.message()),
                            "give a directory that can be created or written");
  }
  std::set<std::string> written;
  auto write = [&](const std::string& name, const std::string& text) -> Status {
    const std::filesystem::path path = std::filesystem::path(dir) / name;
    if (!written.insert(name).second) {
      return Error::bad_input(
          fmt::format("two scripts of the fleet would both be written to {}", path.string()),
          "the member names differ only in characters a file name cannot hold; print the "
          "scripts to stdout (leave --output-dir out) instead");
    }
    std::ofstream file(path);
    file << text;
    file.close();
    if (!file) {
      return Error::bad_input(fmt::format("cannot write {}", path.string()),
                              "check the directory's permissions and free space");
    }
    return {};
  };
  if (!report.shared_script.empty()) {
    if (Status s = write(kSharedScriptFile, report.shared_script); !s) return s;
  }
  for (const MemberReport& m : report.members) {
    if (m.result != MemberResult::kScripted) continue;
    if (Status s = write(fleet_script_file(m), m.script); !s) return s;
  }
  return {};
}

}  // namespace

std::string fleet_script_file(const MemberReport& m) {
  if (!m.schema.empty()) return file_safe(m.schema) + ".sql";
  // The database's name: the URL's last path segment, without its query.
  std::string_view url = m.url;
  url = url.substr(0, url.find('?'));
  std::string_view last = url.substr(url.find_last_of('/') + 1);
  if (last.ends_with(".db")) last.remove_suffix(3);
  return fmt::format("{:03}-{}.sql", m.index + 1, last.empty() ? "member" : file_safe(last));
}

void add_fleet_flags(CLI::App& sub, FleetFlags& flags, bool with_format) {
  sub.add_option("--jobs", flags.jobs,
                 fmt::format("With --fleet: how many members run at once, each on its own "
                             "connection and lock (1 to {}; default 1)",
                             migrations::kMaxFleetJobs))
      ->option_text("N")
      ->check(CLI::Range(1, migrations::kMaxFleetJobs));
  sub.add_option("--on-error", flags.on_error,
                 "With --fleet: after a member fails, `stop` starts no new member (running ones "
                 "finish; the rest are reported not started) or `continue` runs them all. "
                 "Default: stop")
      ->option_text("stop|continue")
      ->check(CLI::IsMember({"stop", "continue"}));
  sub.add_option("--canary", flags.canary,
                 "With --fleet: run the first N members first (up to --jobs at once) and start "
                 "no other if any of them fails")
      ->option_text("N")
      ->check(CLI::Range(0, 1'000'000));
  if (!with_format) return;
  sub.add_option("--format", flags.format,
                 "With --fleet: the report as a table (text, default) or one JSON document "
                 "(json; docs/fleets.md)")
      ->option_text("text|json")
      ->check(CLI::IsMember({"text", "json"}));
}

Status check_fleet_flags_need_fleet(const Context& context, CLI::App& sub, bool with_format) {
  if (!context.global.fleet.empty()) return {};
  for (const char* name : kFleetOptions) {
    if (!with_format && std::string_view(name) == "--format") continue;
    if (sub.get_option(name)->count() > 0) {
      return Error::bad_input(
          fmt::format("{} applies to a fleet, and no --fleet was given", name),
          fmt::format("run `retort --fleet NAME {} ...` with a [fleet.NAME] of retort.toml, or "
                      "leave {} out",
                      sub.get_name(), name));
    }
  }
  return {};
}

int run_on_fleet(Context& context, const FleetFlags& flags, migrations::FleetOptions options) {
  if (!context.global.url.empty()) {
    return fail(context, Error::bad_input("--url and --fleet both name the databases to use",
                                          "give --url for one database or --fleet NAME for the "
                                          "fleet's members"));
  }
  Result<migrations::Config> config =
      migrations::load_config(context.global.config_path, std::nullopt);
  if (!config) return fail(context, config.error());
  Result<std::vector<migrations::FleetMember>> urls =
      migrations::fleet_members(*config, context.global.fleet);
  if (!urls) return fail(context, urls.error());

  const bool json = flags.format == "json";
  const bool sql = options.command == migrations::FleetCommand::kUpgradeSql;
  // upgrade --sql without --output-dir: stdout is the scripts, so the
  // report goes to stderr.
  const bool scripts_on_stdout = sql && !json && flags.output_dir.empty();
  Output report_on_stderr(context.out.notices(), context.out.notices(), false, false);
  Output& out = scripts_on_stdout ? report_on_stderr : context.out;
  options.jobs = flags.jobs;
  options.canary = flags.canary;
  options.on_error = flags.on_error == "continue" ? migrations::FleetOptions::OnError::kContinue
                                                  : migrations::FleetOptions::OnError::kStop;
  const MetaData* models = context.models;
  options.models = models;
  options.setup = [setup = std::move(options.setup),
                   models](migrations::Project& project) -> Status {
    if (models != nullptr) project.set_models(*models);
    return setup ? setup(project) : Status{};
  };
  std::size_t done = 0;
  const std::size_t total = urls->size();
  ProgressLine progress(out, context.global.fleet, total);
  if (!json) {
    options.on_shared_step = [&](const std::string& line) { out.line(line); };
    options.on_start = [&](const MemberReport&) { progress.started(); };
    options.on_done = [&](const MemberReport& m) {
      progress.clear();
      print_member(out, m, ++done, total);
      out.stream().flush();  // seen as each member ends, through a pipe too
      progress.ended(m.result == MemberResult::kFailed);
    };
  }
  options.stop = &g_stop;
  Result<migrations::FleetReport> report = [&] {
    InterruptScope interrupts;
    return migrations::run_fleet(*config, *urls, options);
  }();
  progress.clear();
  if (!report) return fail(context, report.error());

  // A failure decides the exit code; else a member that differs from the
  // models (check) or whose revision files changed (verify): exit 1, as the
  // command says for one database.
  const std::optional<ErrorCode> worst = report->worst();
  const int differ = report->count(MemberResult::kDiffers) + report->count(MemberResult::kEdited);
  const bool stopped = g_stop.load();
  const int code = stopped      ? kExitInterrupted
                   : worst      ? exit_code(*worst)
                   : differ > 0 ? kExitDifferences
                                : kExitOk;
  if (json) {
    out.line(report_json(context.global.fleet, flags, options, *report, code).dump(2));
  } else {
    print_table(out, context.global.fleet, *report);
    if (sql) {
      Status written = write_scripts(context.out, flags.output_dir, context.global.fleet,
                                     options.target, *report);
      if (!written) return fail(context, written.error());
    }
  }
  if (stopped) {
    Error summary = Error::bad_input(
        fmt::format("fleet {} stopped by Ctrl-C: {} member{} stopped between revisions, {} not "
                    "started, {} failed",
                    context.global.fleet, report->count(MemberResult::kStopped),
                    report->count(MemberResult::kStopped) == 1 ? "" : "s",
                    report->count(MemberResult::kNotStarted), report->count(MemberResult::kFailed)),
        "every member is at a revision boundary (see the report); run the same command again "
        "to go on from there");
    out.error(summary);
  } else if (worst) {
    const int failed = report->count(MemberResult::kFailed);
    const int unstarted = report->count(MemberResult::kNotStarted);
    Error summary = Error::bad_input(
        fmt::format("{} of {} member{} of fleet {} failed{}", failed, total, total == 1 ? "" : "s",
                    context.global.fleet,
                    unstarted > 0 ? fmt::format(", {} not started", unstarted) : ""),
        "each failed member's error is in the report; fix them and run the command again: "
        "members already at the target are skipped");
    summary.code = *worst;
    out.error(summary);
  } else if (differ > 0 && !json) {
    out.line(
        fmt::format("{} of {} member{} of fleet {} differ from the models: write a revision "
                    "for the changes (`retort revision --autogenerate`), or bring the "
                    "members that drifted back by hand.",
                    differ, total, total == 1 ? "" : "s", context.global.fleet));
  }
  return code;
}

}  // namespace retort::cli
