// Test support for the hostile-input suite and the mutation fuzzer: a
// template project (retort.toml, models.toml, one revision applied to a
// SQLite file) built once and copied per case, file-type helpers (directory,
// named pipe, dangling symlink, symlink loop, sparse file) and the bytes of a
// file to prove a database untouched.
//
// Example:
//   TemplateProject t = make_template();
//   ProjectCopy c(t);
//   make_fifo(c.dir / "models.toml");
//   ProcessResult r = c.retort({"check"});
//   EXPECT_EQ(file_bytes(c.database), t.database_bytes);
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {

// A valid project at its first revision, the source of every case's copy.
struct TemplateProject {
  std::unique_ptr<CliProject> project;  // SQLite
  std::string revision;                 // the applied revision's id
  std::filesystem::path revision_file;  // relative to the project folder
  std::string config;                   // the texts of the three TOML files
  std::string models;
  std::string revision_text;
};

constexpr const char* kTemplateModels =
    "[[table]]\n"
    "name = \"team\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"name\", type = \"varchar(100)\", nullable = false },\n"
    "]\n"
    "indexes = [ { name = \"ix_team_name\", columns = [\"name\"], unique = true } ]\n"
    "\n"
    "[[table]]\n"
    "name = \"hero\"\n"
    "columns = [\n"
    "  { name = \"id\", type = \"integer\", primary_key = true },\n"
    "  { name = \"age\", type = \"integer\", default = 0 },\n"
    "  { name = \"team_id\", type = \"integer\", foreign_key = \"team.id\" },\n"
    "]\n"
    "checks = [ { name = \"ck_hero_age\", sql = \"age >= 0\" } ]\n";

// Builds the template (fails the test on error); one row in each table.
TemplateProject make_template();

// A fresh SQLite project holding a byte copy of the template.
class ProjectCopy {
 public:
  explicit ProjectCopy(const TemplateProject& t);

  std::filesystem::path dir() const { return project_.dir(); }
  std::filesystem::path database() const;
  CliProject& project() { return project_; }

  // Runs retort with a timeout (a hang fails, exit 142) and a memory cap.
  ProcessResult retort(const std::vector<std::string>& args) const;

 private:
  CliProject project_{"sqlite"};
};

// Writes `text` to `path`, creating its folder.
void write_file(const std::filesystem::path& path, const std::string& text);
// The file's bytes ("" when missing).
std::string file_bytes(const std::filesystem::path& path);
// Every file name under `dir` with its bytes, for "nothing was written".
std::string tree_listing(const std::filesystem::path& dir);

// Replaces whatever is at `path` (file, directory or link).
void replace_with_directory(const std::filesystem::path& path);
void replace_with_fifo(const std::filesystem::path& path);
void replace_with_symlink(const std::filesystem::path& path, const std::filesystem::path& target);
void replace_with_sparse_file(const std::filesystem::path& path, std::uintmax_t size);
// Two links pointing at each other; `path` is one of them.
void replace_with_symlink_loop(const std::filesystem::path& path);

}  // namespace retort::testing
