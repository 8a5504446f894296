// Mutation fuzzer over the three TOML formats (retort.toml, models.toml, a
// revision file): seeded mutations of valid files (byte flips, truncation,
// duplicated and deleted lines, swapped value types, odd values inserted),
// each driven through the commands that read files without changing a
// database (history, show, heads, check, diff --format json) against a SQLite
// file. Every run must exit 0, 1 or 2, finish (a timeout kills a hang), and
// leave the database byte-for-byte as it was.
//
// Sized for CI (a few seconds); RETORT_TEST_FULL=1 runs many more inputs.
// RETORT_FUZZ_SEED=N starts from another seed; a failure prints the seed of
// its input, so that input is remade by running with that seed.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/cli/hostile_input_support.hpp"

namespace retort::testing {
namespace {

namespace fs = std::filesystem;

constexpr int kCiInputs = 60;
constexpr int kFullInputs = 1500;

// Values swapped in for a key's value, and lines inserted between others.
const std::vector<std::string> kOddValues = {
    "5",
    "-1",
    "3.5",
    "inf",
    "nan",
    "true",
    "\"\"",
    "\"x\"",
    "[]",
    "{}",
    "[1, \"a\"]",
    "1979-05-27T07:32:00Z",
    "1979-05-27",
    "07:32:00",
    "\"a\\\"b\"",
    "\"head\"",
    "\"..\"",
    "\"/dev/zero\"",
    "\"" + std::string(300, 'n') + "\"",
    "\"varchar(99999999999999999999)\"",
    "\"numeric(1000, -5)\"",
    "\"h\\u00e9ro\"",
    "[\"0123456789ab\", \"0123456789ab\"]",
    "{ name = \"x\", type = \"integer\" }",
};

const std::vector<std::string> kOddLines = {
    "x = 1",
    "[retort]",
    "[[table]]",
    "[[upgrade]]",
    "[[downgrade]]",
    "[[enum]]",
    "name = \"team\"",
    "revision = \"0123456789ab\"",
    "down_revision = \"\"",
    "op = \"drop_table\"",
    "table = \"team\"",
    "columns = [ { name = \"id\", type = \"integer\", primary_key = true } ]",
    "a.b.c = 1",
    "\"quoted key\" = 2",
    "= 3",
    "[",
    "]]",
    "\"\"\"",
    std::string("\0", 1),
    "\xff\xfe",
};

enum class Target { kConfig, kModels, kRevision };

struct Mutator {
  std::mt19937 rng;

  std::size_t below(std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }

  static std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) {
        if (start < text.size()) out.push_back(text.substr(start));
        break;
      }
      out.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }
  static std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
  }

  std::string mutate_once(const std::string& text) {
    std::vector<std::string> ls = lines(text);
    switch (below(7)) {
      case 0: {  // flip bits of one byte
        if (text.empty()) return text;
        std::string out = text;
        out[below(out.size())] ^= static_cast<char>(1 + below(255));
        return out;
      }
      case 1:  // truncate
        return text.substr(0, below(text.size() + 1));
      case 2: {  // duplicate a line (a duplicate key, a second section)
        if (ls.empty()) return text;
        std::size_t i = below(ls.size());
        ls.insert(ls.begin() + static_cast<std::ptrdiff_t>(i), ls[i]);
        return join(ls);
      }
      case 3: {  // delete a line
        if (ls.empty()) return text;
        ls.erase(ls.begin() + static_cast<std::ptrdiff_t>(below(ls.size())));
        return join(ls);
      }
      case 4: {  // swap a value for one of another type
        std::vector<std::size_t> with_value;
        for (std::size_t i = 0; i < ls.size(); ++i) {
          if (ls[i].find(" = ") != std::string::npos) with_value.push_back(i);
        }
        if (with_value.empty()) return text;
        std::string& line = ls[pick(with_value)];
        line = line.substr(0, line.find(" = ") + 3) + pick(kOddValues);
        return join(ls);
      }
      case 5: {  // replace the contents of one quoted string
        std::vector<std::size_t> quotes;
        for (std::size_t i = 0; i < text.size(); ++i) {
          if (text[i] == '"') quotes.push_back(i);
        }
        if (quotes.size() < 2) return text;
        std::size_t q = below(quotes.size() - 1);
        std::string value = pick(kOddValues);
        if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
        return text.substr(0, quotes[q] + 1) + value + text.substr(quotes[q + 1]);
      }
      default: {  // insert an odd line
        ls.insert(ls.begin() + static_cast<std::ptrdiff_t>(below(ls.size() + 1)), pick(kOddLines));
        return join(ls);
      }
    }
  }

  std::string mutate(std::string text) {
    const std::size_t rounds = 1 + below(3);
    for (std::size_t i = 0; i < rounds; ++i) text = mutate_once(text);
    return text;
  }
};

int inputs_to_run() {
  const char* full = std::getenv("RETORT_TEST_FULL");
  return full != nullptr && std::string(full) == "1" ? kFullInputs : kCiInputs;
}

unsigned first_seed() {
  const char* seed = std::getenv("RETORT_FUZZ_SEED");
  return seed != nullptr ? static_cast<unsigned>(std::strtoul(seed, nullptr, 10)) : 1200u;
}

TEST(MutationFuzz, ReadOnlyCommandsExitCleanlyAndLeaveTheDatabaseAlone) {
  TemplateProject t = make_template();
  ASSERT_FALSE(t.revision.empty());
  ProjectCopy copy(t);
  const std::string database = file_bytes(copy.database());
  const fs::path revision_path = copy.dir() / t.revision_file;

  const std::vector<std::vector<std::string>> all_commands = {
      {"history"}, {"show", "head"}, {"heads"}, {"check"}, {"diff", "--format", "json"}};
  const std::vector<std::vector<std::string>> model_commands = {{"check"},
                                                                {"diff", "--format", "json"}};

  const int inputs = inputs_to_run();
  const unsigned seed0 = first_seed();
  int runs = 0;
  int failures = 0;
  std::set<int> codes;
  for (int i = 0; i < inputs && failures < 5; ++i) {
    const unsigned seed = seed0 + static_cast<unsigned>(i);
    Mutator m{std::mt19937(seed)};
    const Target target = static_cast<Target>(m.below(3));
    std::string config = t.config;
    std::string models = t.models;
    std::string revision = t.revision_text;
    std::string* mutated = target == Target::kConfig   ? &config
                           : target == Target::kModels ? &models
                                                       : &revision;
    *mutated = m.mutate(*mutated);
    write_file(copy.dir() / "retort.toml", config);
    write_file(copy.dir() / "models.toml", models);
    write_file(revision_path, revision);

    for (const auto& args : target == Target::kModels ? model_commands : all_commands) {
      ProcessResult r = copy.retort(args);
      ++runs;
      codes.insert(r.exit_code);
      const bool clean_exit = r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2;
      const bool untouched = file_bytes(copy.database()) == database;
      if (!clean_exit || !untouched) {
        ++failures;
        ADD_FAILURE() << "seed " << seed << ", retort " << args.front() << ": "
                      << (untouched ? "" : "the database changed; ") << r.describe()
                      << "\n--- input ---\n"
                      << mutated->substr(0, 4000);
        write_file(copy.database(), database);
      }
    }
  }
  std::string seen;
  for (int code : codes) seen += " " + std::to_string(code);
  std::printf("mutation fuzz: %d inputs (seeds %u..), %d runs, exit codes seen:%s\n", inputs, seed0,
              runs, seen.c_str());
}

}  // namespace
}  // namespace retort::testing
