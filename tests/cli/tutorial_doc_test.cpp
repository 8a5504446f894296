// docs/tutorial.md, run as written: every `$ command` line of its code blocks
// runs in order in one scratch folder (through sh, with the built retort
// first on PATH), and what it prints (stdout and stderr together, as a
// terminal shows them) must be the text below it, so the tutorial cannot
// drift from the binary.
//
// In the expected text:
//   - a line that is only `...` stands for any number of lines (trimmed);
//   - a 12-hex-digit revision id stands for the id the run generated: the
//     first time an id of the text is met it is bound to the run's id in
//     the same place, and later commands and outputs use it consistently;
//   - a timestamp (2026-11-23T13:56:17Z) stands for any timestamp.
// A code block whose info string has `file=PATH` (```toml file=models.toml)
// is written to PATH at that point, as the reader would save it.
// A command that exits non-zero fails the test unless the next command is
// `echo $?`, which prints that exit code.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

namespace fs = std::filesystem;

struct Block {
  std::string info;  // after the opening fence
  int line = 0;      // 1-based line of the opening fence
  std::vector<std::string> lines;
};

std::string rstrip(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(rstrip(line));
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::vector<Block> code_blocks(const std::string& markdown) {
  std::vector<Block> blocks;
  const std::vector<std::string> lines = split_lines(markdown);
  Block* open = nullptr;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("```", 0) == 0) {
      if (open == nullptr) {
        blocks.push_back(Block{lines[i].substr(3), static_cast<int>(i + 1), {}});
        open = &blocks.back();
      } else {
        open = nullptr;
      }
    } else if (open != nullptr) {
      open->lines.push_back(lines[i]);
    }
  }
  return blocks;
}

using IdMap = std::map<std::string, std::string>;  // the text's id -> the run's id

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// The length of a revision id starting at `i` (a run of exactly 12 hex
// digits not inside a longer word), or 0.
std::size_t id_at(const std::string& s, std::size_t i) {
  if (i > 0 && is_word(s[i - 1])) return 0;
  if (i + 12 > s.size()) return 0;
  for (std::size_t k = i; k < i + 12; ++k) {
    if (!is_hex(s[k])) return 0;
  }
  if (i + 12 < s.size() && is_word(s[i + 12])) return 0;
  return 12;
}

std::size_t timestamp_at(const std::string& s, std::size_t i) {
  static const std::regex kTimestamp(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  if (i + 20 > s.size()) return 0;
  return std::regex_match(s.substr(i, 20), kTimestamp) ? 20 : 0;
}

// The expected line as a regex; `ids` gets the text's ids in order.
std::regex line_pattern(const std::string& want, std::vector<std::string>& ids) {
  std::string pattern;
  for (std::size_t i = 0; i < want.size();) {
    if (std::size_t n = id_at(want, i); n > 0) {
      ids.push_back(want.substr(i, n));
      pattern += "([0-9a-f]{12})";
      i += n;
    } else if (std::size_t t = timestamp_at(want, i); t > 0) {
      pattern += R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)";
      i += t;
    } else {
      if (std::string_view(R"(\^$.|?*+()[]{}/)").find(want[i]) != std::string_view::npos) {
        pattern += '\\';
      }
      pattern += want[i++];
    }
  }
  return std::regex(pattern);
}

bool match_line(const std::string& want, const std::string& got, IdMap& ids) {
  std::vector<std::string> wanted_ids;
  std::smatch m;
  if (!std::regex_match(got, m, line_pattern(want, wanted_ids))) return false;
  for (std::size_t k = 0; k < wanted_ids.size(); ++k) {
    const std::string& text_id = wanted_ids[k];
    const std::string run_id = m[k + 1].str();
    if (auto it = ids.find(text_id); it != ids.end()) {
      if (it->second != run_id) return false;
      continue;
    }
    for (const auto& [other, bound] : ids) {
      if (bound == run_id) return false;  // two ids of the text for one of the run
    }
    ids[text_id] = run_id;
  }
  return true;
}

// Whether `got` (from gi) matches `want` (from wi); on success `ids` holds
// the bindings made.
bool match_lines(const std::vector<std::string>& want, std::size_t wi,
                 const std::vector<std::string>& got, std::size_t gi, IdMap& ids) {
  if (wi == want.size()) return gi == got.size();
  if (want[wi].find_first_not_of(' ') != std::string::npos &&
      want[wi].substr(want[wi].find_first_not_of(' ')) == "...") {
    for (std::size_t k = gi; k <= got.size(); ++k) {
      IdMap attempt = ids;
      if (match_lines(want, wi + 1, got, k, attempt)) {
        ids = std::move(attempt);
        return true;
      }
    }
    return false;
  }
  if (gi == got.size()) return false;
  IdMap attempt = ids;
  if (!match_line(want[wi], got[gi], attempt)) return false;
  if (!match_lines(want, wi + 1, got, gi + 1, attempt)) return false;
  ids = std::move(attempt);
  return true;
}

// The text's ids in `command` replaced by the run's.
std::string with_run_ids(std::string command, const IdMap& ids) {
  for (const auto& [text_id, run_id] : ids) {
    for (std::size_t at = command.find(text_id); at != std::string::npos;
         at = command.find(text_id, at + run_id.size())) {
      command.replace(at, text_id.size(), run_id);
    }
  }
  return command;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::string fmt_line(const fs::path& doc, int line, const std::string& command) {
  return doc.filename().string() + ":" + std::to_string(line) + ": $ " + command;
}

struct Command {
  std::string text;
  std::vector<std::string> expected;
  int line = 0;  // in the markdown file
};

// The matcher itself: a wildcard that matched everything would prove nothing.
TEST(TutorialDocTest, MatcherBindsIdsAndElides) {
  IdMap ids;
  EXPECT_TRUE(
      match_lines({"a aaaaaaaaaaaa", "...", "z"}, 0, {"a 0123456789ab", "x", "y", "z"}, 0, ids));
  EXPECT_EQ(ids["aaaaaaaaaaaa"], "0123456789ab");
  EXPECT_TRUE(match_lines({"b aaaaaaaaaaaa"}, 0, {"b 0123456789ab"}, 0, ids));
  EXPECT_FALSE(match_lines({"b aaaaaaaaaaaa"}, 0, {"b 0123456789ac"}, 0, ids));
  EXPECT_FALSE(match_lines({"c bbbbbbbbbbbb"}, 0, {"c 0123456789ab"}, 0, ids));  // taken
  EXPECT_FALSE(match_lines({"x", "y"}, 0, {"x"}, 0, ids));
  EXPECT_FALSE(match_lines({"x"}, 0, {"x", "y"}, 0, ids));
  EXPECT_TRUE(match_lines({"created = 2026-11-23T13:56:17Z"}, 0, {"created = 2027-01-02T03:04:05Z"},
                          0, ids));
  EXPECT_FALSE(match_lines({"a (head)"}, 0, {"a"}, 0, ids));
  EXPECT_EQ(with_run_ids("cat aaaaaaaaaaaa_x.toml", ids), "cat 0123456789ab_x.toml");
}

TEST(TutorialDocTest, EveryCommandPrintsWhatTheTutorialShows) {
  const fs::path doc = fs::path(RETORT_SOURCE_DIR) / "docs" / "tutorial.md";
  const std::vector<Block> blocks = code_blocks(read_file(doc));
  ASSERT_FALSE(blocks.empty()) << doc;

  CliProject p("sqlite", /*with_config=*/false);
  const std::string path =
      fs::path(RETORT_BINARY).parent_path().string() + ":" + std::getenv("PATH");
  ProcessOptions options;
  options.cwd = p.dir();
  options.env = {{"PATH", path}, {"NO_COLOR", "1"}, {"RETORT_URL", std::nullopt}};

  IdMap ids;
  int last_exit = 0;
  bool exit_shown = true;
  int commands_run = 0;
  for (const Block& block : blocks) {
    if (std::size_t at = block.info.find("file="); at != std::string::npos) {
      p.write(block.info.substr(at + 5), join(block.lines));
      continue;
    }
    std::vector<Command> commands;
    for (std::size_t i = 0; i < block.lines.size(); ++i) {
      const std::string& line = block.lines[i];
      const int md_line = block.line + 1 + static_cast<int>(i);
      if (line.rfind("$ ", 0) == 0) {
        commands.push_back(Command{line.substr(2), {}, md_line});
      } else if (!commands.empty()) {
        commands.back().expected.push_back(line);
      }
    }
    for (Command& c : commands) {
      while (!c.expected.empty() && c.expected.back().empty()) c.expected.pop_back();
      const std::string run = with_run_ids(c.text, ids);
      SCOPED_TRACE(fmt_line(doc, c.line, c.text));
      const bool asks_exit = c.text == "echo $?";
      EXPECT_TRUE(exit_shown || asks_exit)
          << "the previous command exited " << last_exit << " and the tutorial does not say so";
      ProcessResult r = run_process(
          "/bin/sh", {"-c", "(exit " + std::to_string(last_exit) + "); " + run + " 2>&1"}, options);
      ++commands_run;
      last_exit = r.exit_code;
      exit_shown = r.exit_code == 0 || asks_exit;
      const std::vector<std::string> got = split_lines(r.out + r.err);
      IdMap attempt = ids;
      if (match_lines(c.expected, 0, got, 0, attempt)) {
        ids = std::move(attempt);
      } else {
        ADD_FAILURE() << "the tutorial shows:\n"
                      << join(c.expected) << "the binary prints (exit " << r.exit_code << "):\n"
                      << join(got);
      }
    }
  }
  EXPECT_TRUE(exit_shown) << "the last command exited " << last_exit;
  EXPECT_GE(commands_run, 15) << "fewer commands than the tutorial shows: is the parser broken?";
  EXPECT_GE(ids.size(), 2u) << "the tutorial's two revision ids were not matched";
}

}  // namespace
}  // namespace retort::testing
