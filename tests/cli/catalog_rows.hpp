// Rows read from a database's catalogs by a fidelity test (an original
// database and its copy made through retort), and what tells them apart.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {

using CatalogRows = std::vector<std::vector<std::string>>;

// "a|b|c" for one row.
inline std::string joined(const std::vector<std::string>& row) {
  std::string out;
  for (const std::string& cell : row) out += (out.empty() ? "" : "|") + cell;
  return out;
}

// "" when both lists are equal; otherwise the rows only one side has, or a
// note that the same rows come in another order.
inline std::string differences(const CatalogRows& original, const CatalogRows& copy) {
  if (original == copy) return "";
  std::vector<std::string> a, b;
  for (const auto& row : original) a.push_back(joined(row));
  for (const auto& row : copy) b.push_back(joined(row));
  const std::set<std::string> in_a(a.begin(), a.end()), in_b(b.begin(), b.end());
  std::string out;
  for (const std::string& line : a) {
    if (!in_b.contains(line)) out += "- original: " + line + "\n";
  }
  for (const std::string& line : b) {
    if (!in_a.contains(line)) out += "+ copy:     " + line + "\n";
  }
  return out.empty() ? "the same rows in another order\n" : out;
}

// Copies the revision files of `from` into `to`'s versions folder.
inline void copy_revisions(const CliProject& from, const CliProject& to) {
  for (const auto& file : from.revision_files()) {
    std::filesystem::copy_file(file, to.versions_dir() / file.filename(),
                               std::filesystem::copy_options::overwrite_existing);
  }
}

}  // namespace retort::testing
