#include "migrations/internal/fleet_toml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace retort::migrations {
namespace {

constexpr const char* kLayouts =
    "give either urls = [\"postgresql:///t1\", ...], urls_command = \"a shell command printing "
    "one URL per line\", or url = \"postgresql:///app\" with schemas_query = \"select nspname "
    "from ...\" for a schema per member (docs/fleets.md)";

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

bool good_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

Result<FleetConfig::Value> string_value(const toml::node& node, std::string_view fleet,
                                        std::string_view key, const std::string& file) {
  const auto* str = node.as_string();
  if (str == nullptr || str->get().empty()) {
    return Error::bad_input(fmt::format("[fleet.{}] {} must be a non-empty string", fleet, key),
                            fmt::format("write {} = \"...\"", key))
        .at(file, line_of(node));
  }
  return FleetConfig::Value{str->get(), line_of(node)};
}

Result<std::vector<FleetConfig::Value>> url_list(const toml::node& node, std::string_view fleet,
                                                 const std::string& file) {
  const toml::array* array = node.as_array();
  std::vector<FleetConfig::Value> out;
  if (array != nullptr) {
    for (const toml::node& item : *array) {
      const auto* str = item.as_string();
      if (str == nullptr || str->get().empty()) {
        array = nullptr;
        break;
      }
      out.push_back({str->get(), line_of(item)});
    }
  }
  if (array == nullptr || out.empty()) {
    return Error::bad_input(
               fmt::format("[fleet.{}] urls must be an array of one or more URL strings", fleet),
               "write urls = [\"sqlite:///t1.db\", \"postgresql://app@db/t2\"]")
        .at(file, line_of(node));
  }
  return out;
}

Result<FleetConfig> read_fleet(std::string_view name, const toml::node& node,
                               const std::string& file) {
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    return Error::bad_input(fmt::format("fleet.{} must be a table", name),
                            fmt::format("write it as [fleet.{}] with urls or urls_command", name))
        .at(file, line_of(node));
  }
  FleetConfig fleet;
  fleet.name = std::string(name);
  fleet.line = line_of(node);
  bool has_urls = false, has_command = false, has_url = false, has_query = false;
  int shared_line = 0;
  for (const auto& [key, value] : *table) {
    const std::string_view k = key.str();
    if (k == "urls") {
      Result<std::vector<FleetConfig::Value>> urls = url_list(value, name, file);
      if (!urls) return std::move(urls).error();
      fleet.urls = std::move(*urls);
      has_urls = true;
      continue;
    }
    if (k == "shared_schema") {
      Result<FleetConfig::Value> v = string_value(value, name, k, file);
      if (!v) return std::move(v).error();
      fleet.shared_schema = std::move(*v);
      shared_line = fleet.shared_schema.line;
      continue;
    }
    if (k == "urls_command" || k == "url" || k == "schemas_query") {
      Result<FleetConfig::Value> v = string_value(value, name, k, file);
      if (!v) return std::move(v).error();
      if (k == "urls_command") {
        fleet.urls_command = std::move(*v);
        has_command = true;
      } else if (k == "url") {
        fleet.url = std::move(*v);
        has_url = true;
      } else {
        fleet.schemas_query = std::move(*v);
        has_query = true;
      }
      continue;
    }
    return Error::bad_input(fmt::format("unknown key \"{}\" in [fleet.{}]", k, name),
                            "a fleet has urls, or urls_command, or url with schemas_query (and "
                            "shared_schema)")
        .at(file, static_cast<int>(key.source().begin.line));
  }
  const int layouts = int{has_urls} + int{has_command} + int{has_url || has_query};
  if (layouts > 1) {
    return Error::bad_input(fmt::format("[fleet.{}] gives more than one list of members ({})", name,
                                        has_urls && has_command ? "urls and urls_command"
                                        : has_urls              ? "urls and url"
                                                                : "urls_command and url"),
                            kLayouts)
        .at(file, fleet.line);
  }
  if (layouts == 0) {
    return Error::bad_input(fmt::format("[fleet.{}] lists no members", name), kLayouts)
        .at(file, fleet.line);
  }
  if (has_url != has_query) {
    return Error::bad_input(
               fmt::format("[fleet.{}] has {} without {}", name, has_url ? "url" : "schemas_query",
                           has_url ? "schemas_query" : "url"),
               "the schema-per-tenant layout names the database (url) and the query listing the "
               "schemas (schemas_query); for a database per member, use urls or urls_command")
        .at(file, fleet.line);
  }
  if (shared_line != 0 && !has_url) {
    return Error::bad_input(
               fmt::format("[fleet.{}] has shared_schema, which only a schema-per-tenant fleet "
                           "(url + schemas_query) uses",
                           name),
               "leave shared_schema out: a fleet of databases has nothing shared between members")
        .at(file, shared_line);
  }
  fleet.layout = has_urls      ? FleetConfig::Layout::kUrls
                 : has_command ? FleetConfig::Layout::kUrlsCommand
                               : FleetConfig::Layout::kSchemas;
  return fleet;
}

}  // namespace

Result<std::map<std::string, FleetConfig>> read_fleets(const toml::node& node,
                                                       const std::string& file) {
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    return Error::bad_input("\"fleet\" must hold tables",
                            "write each fleet as [fleet.NAME] (docs/fleets.md)")
        .at(file, line_of(node));
  }
  std::map<std::string, FleetConfig> fleets;
  for (const auto& [key, value] : *table) {
    if (!good_name(key.str())) {
      return Error::bad_input(fmt::format("fleet name \"{}\" is not allowed", key.str()),
                              "use letters, digits, '_' and '-'")
          .at(file, static_cast<int>(key.source().begin.line));
    }
    Result<FleetConfig> fleet = read_fleet(key.str(), value, file);
    if (!fleet) return std::move(fleet).error();
    fleets.emplace(std::string(key.str()), std::move(*fleet));
  }
  return fleets;
}

}  // namespace retort::migrations
