#include "migrations/fleet_members.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <memory>
#include <set>
#include <sstream>

#include "dialects/registry.hpp"
#include "migrations/internal/shell_command.hpp"

namespace retort::migrations {
namespace {

// The last lines of a command's stderr, trimmed, for a message.
std::string stderr_excerpt(const std::string& err) {
  std::string text = err;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  constexpr std::size_t kMax = 500;
  if (text.size() > kMax) text = "..." + text.substr(text.size() - kMax);
  return text.empty() ? "(nothing on stderr)" : text;
}

Result<std::vector<std::string>> command_urls(const FleetConfig& fleet, const std::string& file) {
  const int line = fleet.urls_command.line;
  Result<std::string> command = expand_env(fleet.urls_command.text, file, line);
  if (!command) return std::move(command).error();
  Result<ShellResult> run = run_shell(*command);
  if (!run) return std::move(run).error().at(file, line);
  if (run->status != 0) {
    return Error::bad_input(
               fmt::format("urls_command of [fleet.{}] (`{}`) exited {}: {}", fleet.name, *command,
                           run->status, stderr_excerpt(run->err)),
               "run the command by hand and fix it; it must print one database "
               "URL per line and exit 0")
        .at(file, line);
  }
  std::vector<std::string> urls;
  std::istringstream lines(run->out);
  for (std::string url; std::getline(lines, url);) {
    const auto first = url.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const auto last = url.find_last_not_of(" \t\r");
    urls.push_back(url.substr(first, last - first + 1));
  }
  if (urls.empty()) {
    return Error::bad_input(
               fmt::format("urls_command of [fleet.{}] (`{}`) printed no URL{}", fleet.name,
                           *command,
                           run->err.empty() ? std::string() : ": " + stderr_excerpt(run->err)),
               "it must print one database URL per line; an empty fleet is "
               "more likely a broken query than a fleet with no members")
        .at(file, line);
  }
  return urls;
}

// The schemas schemas_query lists, one member each.
Result<std::vector<FleetMember>> schema_members(const FleetConfig& fleet, const std::string& file) {
  Result<std::string> url = expand_env(fleet.url.text, file, fleet.url.line);
  if (!url) return std::move(url).error();
  Result<std::string> shared = expand_env(fleet.shared_schema.text, file, fleet.shared_schema.line);
  if (!shared) return std::move(shared).error();
  if (Status s = check_schemas_supported(*url); !s)
    return std::move(s).error().at(file, fleet.url.line);
  Result<std::unique_ptr<Connection>> conn = connect(*url);
  if (!conn) {
    Error e = std::move(conn).error();
    if (e.file.empty()) e.at(file, fleet.url.line);
    return e;
  }
  const int line = fleet.schemas_query.line;
  Result<Rows> rows = (*conn)->query(fleet.schemas_query.text);
  if (!rows) {
    Error e = std::move(rows).error();
    return Error::bad_input(
               fmt::format("schemas_query of [fleet.{}] failed: {}", fleet.name, e.message),
               "run the query against the fleet's url by hand (psql) and fix it; it must return "
               "one schema name per row, in its first column")
        .with_statement(fleet.schemas_query.text)
        .at(file, line);
  }
  std::vector<FleetMember> members;
  for (const Row& row : rows->rows) {
    if (row.empty() || !row.front() || row.front()->empty()) {
      return Error::bad_input(
                 fmt::format("schemas_query of [fleet.{}] returned a row whose first column is {}",
                             fleet.name, row.empty() || !row.front() ? "NULL" : "empty"),
                 "each row names one tenant schema in its first column; filter the others out "
                 "in the query")
          .at(file, line);
    }
    members.push_back({*url, fleet.url.line, *row.front(), *shared});
  }
  if (members.empty()) {
    return Error::bad_input(
               fmt::format("schemas_query of [fleet.{}] returned no schema", fleet.name),
               "it must return one schema name per row; an empty fleet is more likely a broken "
               "query (check its LIKE pattern: '_' matches any character unless escaped) than a "
               "fleet with no members")
        .at(file, line);
  }
  for (const FleetMember& m : members) {
    if (!shared->empty() && m.schema == *shared) {
      return Error::bad_input(
                 fmt::format("schemas_query of [fleet.{}] lists the shared schema \"{}\" as a "
                             "tenant",
                             fleet.name, m.schema),
                 "the shared schema holds what every tenant shares (enums); leave it out of the "
                 "query")
          .at(file, line);
    }
  }
  return members;
}

}  // namespace

std::string member_name(const FleetMember& member) {
  return member.schema.empty() ? redact_url(member.url) : member.schema;
}

Result<std::vector<FleetMember>> fleet_members(const Config& config, std::string_view name) {
  const std::string file = config.file.string();
  auto it = config.fleets.find(std::string(name));
  if (it == config.fleets.end()) {
    std::vector<std::string> names;
    for (const auto& [n, f] : config.fleets) names.push_back(n);
    Error e = Error::bad_input(fmt::format("there is no fleet \"{}\" in {}", name, file),
                               names.empty()
                                   ? fmt::format("add a [fleet.{}] table with urls or urls_command "
                                                 "(docs/fleets.md)",
                                                 name)
                                   : fmt::format("the fleets are: {}", fmt::join(names, ", ")));
    if (!file.empty()) e.at(file);
    return e;
  }
  const FleetConfig& fleet = it->second;
  std::vector<FleetMember> members;
  switch (fleet.layout) {
    case FleetConfig::Layout::kSchemas: {
      Result<std::vector<FleetMember>> listed = schema_members(fleet, file);
      if (!listed) return std::move(listed).error();
      members = std::move(*listed);
      break;
    }
    case FleetConfig::Layout::kUrlsCommand: {
      Result<std::vector<std::string>> listed = command_urls(fleet, file);
      if (!listed) return std::move(listed).error();
      for (std::string& url : *listed) members.push_back({std::move(url), fleet.urls_command.line});
      break;
    }
    case FleetConfig::Layout::kUrls:
      for (const FleetConfig::Value& v : fleet.urls) {
        Result<std::string> url = expand_env(v.text, file, v.line);
        if (!url) return std::move(url).error();
        members.push_back({std::move(*url), v.line});
      }
      break;
  }
  std::set<std::string> seen;
  for (const FleetMember& member : members) {
    if (!seen.insert(member.schema.empty() ? member.url : member.schema).second) {
      return Error::bad_input(
                 fmt::format("[fleet.{}] lists {} twice", fleet.name, member_name(member)),
                 "list each database once: two members on one database would "
                 "run the same migrations against each other")
          .at(file, member.line);
    }
  }
  return members;
}

}  // namespace retort::migrations
