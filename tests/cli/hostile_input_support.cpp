#include "tests/cli/hostile_input_support.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace retort::testing {

namespace fs = std::filesystem;

namespace {

constexpr unsigned kTimeoutSeconds = 20;
constexpr std::size_t kMemoryLimit = std::size_t{2} << 30;  // 2 GiB

fs::path sqlite_file(const std::string& url) {
  return url.substr(std::string("sqlite:///").size());
}

void remove_any(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

}  // namespace

TemplateProject make_template() {
  TemplateProject t;
  t.project = std::make_unique<CliProject>("sqlite");
  CliProject& p = *t.project;
  p.write_models(kTemplateModels);
  t.revision = p.migrate("create team and hero");
  p.execute("INSERT INTO team (id, name) VALUES (1, 'red')");
  p.execute("INSERT INTO hero (id, age, team_id) VALUES (1, 30, 1)");
  std::vector<fs::path> files = p.revision_files();
  EXPECT_EQ(files.size(), 1u);
  if (!files.empty()) t.revision_file = files.front().lexically_relative(p.dir());
  t.config = p.read("retort.toml");
  t.models = p.read("models.toml");
  t.revision_text = p.read(t.revision_file);
  return t;
}

ProjectCopy::ProjectCopy(const TemplateProject& t) {
  const fs::path from = t.project->dir();
  for (const char* name : {"retort.toml", "models.toml"}) {
    fs::copy_file(from / name, dir() / name, fs::copy_options::overwrite_existing);
  }
  fs::copy(from / "migrations", dir() / "migrations",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  fs::copy_file(sqlite_file(t.project->url()), database(), fs::copy_options::overwrite_existing);
}

fs::path ProjectCopy::database() const { return sqlite_file(project_.url()); }

ProcessResult ProjectCopy::retort(const std::vector<std::string>& args) const {
  ProcessOptions options;
  options.cwd = dir();
  options.env = {{"RETORT_URL", project_.url()}, {"NO_COLOR", "1"}};
  options.timeout_seconds = kTimeoutSeconds;
  options.memory_limit_bytes = kMemoryLimit;
  return run_retort(args, options);
}

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string tree_listing(const fs::path& dir) {
  std::vector<std::string> lines;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const fs::path& path = it->path();
    std::string line = path.lexically_relative(dir).string();
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) {
      line += " " + std::to_string(std::hash<std::string>{}(file_bytes(path)));
    }
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

void replace_with_directory(const fs::path& path) {
  remove_any(path);
  fs::create_directories(path);
}

void replace_with_fifo(const fs::path& path) {
  remove_any(path);
  ASSERT_EQ(::mkfifo(path.c_str(), 0644), 0) << path;
}

void replace_with_symlink(const fs::path& path, const fs::path& target) {
  remove_any(path);
  fs::create_symlink(target, path);
}

void replace_with_sparse_file(const fs::path& path, std::uintmax_t size) {
  remove_any(path);
  std::ofstream(path, std::ios::binary) << "# sparse\n";
  fs::resize_file(path, size);
}

void replace_with_symlink_loop(const fs::path& path) {
  const fs::path other = path.parent_path() / (path.filename().string() + ".loop");
  replace_with_symlink(path, other);
  replace_with_symlink(other, path);
}

}  // namespace retort::testing
