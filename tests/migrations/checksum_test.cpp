// Revision checksums (migrations/checksum.hpp): SHA-256 against the
// standard's vectors; what must not change a checksum (line endings,
// whitespace, key order, comments, keys at their defaults, the message) and
// what must (every op field, an execute op's SQL).
#include "migrations/checksum.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/internal/ops_toml.hpp"
#include "migrations/internal/sha256.hpp"
#include "tests/core/core_fixtures.hpp"

namespace retort::migrations {
namespace {

TEST(Sha256Test, MatchesTheStandardsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the length no longer fits the first padding block.
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // 64 bytes: a whole block, padding in a block of its own.
  EXPECT_EQ(sha256_hex(std::string(64, 'x')),
            "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
}

// The revision every case starts from: one op of most kinds each way.
constexpr const char* kBase = R"toml(revision = "c0ffee000001"
down_revision = ""
message = "create hero"

[[upgrade]]
op = "create_table"
table = "hero"
columns = [
  { name = "id", type = "integer", primary_key = true },
  { name = "name", type = "varchar(100)" },
  { name = "age", type = "integer", nullable = true, default = 18 },
]
indexes = [ { name = "ix_hero_name", columns = ["name"] } ]

[[upgrade]]
op = "add_column"
table = "hero"
column = { name = "power", type = "text", nullable = true }

[[upgrade]]
op = "execute"
sql = """
UPDATE hero SET power = 'none';
UPDATE hero SET age = 18 WHERE age IS NULL;
"""

[[downgrade]]
op = "drop_column"
table = "hero"
column = "power"

[[downgrade]]
op = "drop_table"
table = "hero"
columns = [ { name = "id", type = "integer", primary_key = true } ]
)toml";

std::string checksum_of(const std::string& text) {
  Result<Revision> rev = read_revision(text, "test.toml");
  EXPECT_TRUE(rev) << (rev ? "" : rev.error().describe());
  return rev ? revision_checksum(*rev) : std::string();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(ChecksumTest, IsVersionedAndReadable) {
  const std::string sum = checksum_of(kBase);
  ASSERT_EQ(sum.size(), 3u + 64u);
  EXPECT_EQ(sum.substr(0, 3), "v1:");
  Result<Revision> rev = read_revision(kBase, "test.toml");
  ASSERT_TRUE(rev);
  const std::string form = checksum_form(*rev);
  EXPECT_EQ(form.rfind("{\"downgrade\":[", 0), 0u) << form;
  EXPECT_NE(form.find("\"form\":1"), std::string::npos) << form;
  EXPECT_EQ(form.find("create hero"), std::string::npos) << "the message is not an op";
}

// Checksums recorded by one retort must match in every later one: a change
// to the canonical form (or to how op_to_toml writes an op) is a new form
// with a new prefix, never a silent change of v1.
TEST(ChecksumTest, FormV1IsStable) {
  EXPECT_EQ(checksum_of(kBase),
            "v1:48e1b52a4bf1e85759e7e8d16bb849b07e0668dcb144c5097a635e03b9e92d8d");
}

// Every op kind, as the op tests' kitchen sink has them: a change to how
// any op is written into the form shows here.
TEST(ChecksumTest, FormV1OfEveryOpKindIsStable) {
  Revision rev;
  rev.upgrade = testing::every_op(testing::kitchen_sink());
  // What was added since this checksum was recorded — op kinds, and the
  // sample tables that show partitioning — is left out: a new kind or key
  // adds to the form; it never changes how what was there is written.
  std::erase_if(rev.upgrade, [](const Op& op) {
    const std::string_view name = op_name(op);
    return name == "alter_table" || name == "attach_partition" || name == "detach_partition" ||
           name == "validate_constraint" || name == "add_exclusion" || name == "drop_exclusion" ||
           name == "create_view" || name == "drop_view" || name == "refresh_view" ||
           op_target(op).starts_with("ledger") || name.ends_with("_schema") ||
           name.ends_with("_extension") || name.ends_with("_sequence") ||
           name.ends_with("_domain") || name.ends_with("_composite_type") ||
           name.ends_with("_function") || name.ends_with("_trigger");
  });
  EXPECT_EQ(revision_checksum(rev),
            "v1:9324363e657ef9c5e3bd3b0370d4039d1880f4721963758161da1058b4372b14");
}

// A bulk_insert row is data: an escaped CR, or one non-finite float for
// another, is a change.
TEST(ChecksumTest, DataIsHashedAsItIs) {
  auto rows = [](const std::string& value) {
    return std::string(kBase) +
           "\n[[upgrade]]\nop = \"bulk_insert\"\ntable = \"hero\"\nrows = [ { name "
           "= " +
           value + " } ]\n";
  };
  EXPECT_NE(checksum_of(rows("\"a\\r\\nb\"")), checksum_of(rows("\"a\\nb\"")));
  EXPECT_NE(checksum_of(rows("inf")), checksum_of(rows("nan")));
  EXPECT_NE(checksum_of(rows("inf")), checksum_of(rows("-inf")));
}

struct Variant {
  const char* what;
  std::string text;
};

TEST(ChecksumTest, WhatDoesNotChangeAnOpsMeaningKeepsIt) {
  const std::string base = checksum_of(kBase);
  const std::vector<Variant> same = {
      {"CRLF line endings", crlf(kBase)},
      {"comments", replaced(replaced(kBase, "[[upgrade]]\nop = \"add_column\"",
                                     "# the hero's power\n[[upgrade]]  # added later\nop = "
                                     "\"add_column\""),
                            "message = \"create hero\"", "message = \"create hero\" # why")},
      {"whitespace and layout",
       replaced(kBase, "column = { name = \"power\", type = \"text\", nullable = true }",
                "column   =   {name=\"power\",type=\"text\",nullable=true}\n\n")},
      {"key order",
       replaced(kBase,
                "op = \"add_column\"\ntable = \"hero\"\ncolumn = { name = \"power\", "
                "type = \"text\", nullable = true }",
                "column = { nullable = true, type = \"text\", name = \"power\" }\ntable = "
                "\"hero\"\nop = \"add_column\"")},
      {"a key written at its default",
       replaced(replaced(kBase, "{ name = \"name\", type = \"varchar(100)\" }",
                         "{ name = \"name\", type = \"varchar(100)\", nullable = false }"),
                "columns = [\"name\"] }", "columns = [\"name\"], unique = false }")},
      {"an execute op's trailing whitespace and CRLF",
       replaced(kBase, "UPDATE hero SET power = 'none';\n",
                "UPDATE hero SET power = 'none';   \t\r\n")},
      {"blank lines at the end of an execute op's SQL",
       replaced(kBase, "WHERE age IS NULL;\n\"\"\"", "WHERE age IS NULL;\n\n\n\"\"\"")},
      {"the message", replaced(kBase, "message = \"create hero\"", "message = \"heroes\"")},
      {"lock settings and transactional",
       replaced(kBase, "message = \"create hero\"\n",
                "message = \"create hero\"\nlock_timeout = \"2s\"\ntransactional = false\n")},
  };
  for (const Variant& v : same) EXPECT_EQ(checksum_of(v.text), base) << v.what;
}

TEST(ChecksumTest, AnyChangeToAnOpsMeaningChangesIt) {
  const std::string base = checksum_of(kBase);
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\"varchar(100)\"", "\"varchar(50)\""},                                   // a column's type
      {"name = \"age\"", "name = \"years\""},                                    // a column's name
      {"default = 18", "default = 21"},                                          // a default
      {"nullable = true, default", "nullable = false, default"},                 // nullability
      {"table = \"hero\"\ncolumns = [\n", "table = \"heroes\"\ncolumns = [\n"},  // a table
      {"columns = [\"name\"] }", "columns = [\"name\"], unique = true }"},       // an index
      {"{ name = \"ix_hero_name\"", "{ name = \"ix_hero_nm\""},                  // its name
      {"SET power = 'none'", "SET power = 'None'"},            // execute SQL, by a letter
      {"SET power = 'none';", "SET  power = 'none';"},         // execute SQL, inner whitespace
      {"sql = \"\"\"", "dialect = \"sqlite\"\nsql = \"\"\""},  // execute's dialect
      {"column = \"power\"", "column = \"age\""},              // a downgrade op
      {"[[downgrade]]\nop = \"drop_column\"",
       "[[downgrade]]\nop = \"execute\"\nsql = \"SELECT "
       "1\"\n\n[[downgrade]]\nop = \"drop_column\""},  // an op added
  };
  for (const auto& [from, to] : edits) {
    EXPECT_NE(checksum_of(replaced(kBase, from, to)), base) << from << " -> " << to;
  }
  // The same ops in another order do something else.
  std::string swapped = kBase;
  const std::string add = swapped.substr(swapped.find("[[upgrade]]\nop = \"add_column\""),
                                         swapped.find("[[upgrade]]\nop = \"execute\"") -
                                             swapped.find("[[upgrade]]\nop = \"add_column\""));
  swapped.erase(swapped.find(add), add.size());
  swapped.insert(swapped.find("[[downgrade]]"), add);
  EXPECT_NE(checksum_of(swapped), base);
}

// Every field of every op kind: each leaf of the op's entry changed in turn
// (a string, number or flag altered, a key removed, an array shortened).
// Wherever the op read back differs, the checksum differs; wherever it reads
// back equal (a key at its default), the checksum is the same.
class Mutations {
 public:
  explicit Mutations(const Op& op) : op_(op), entry_(op_to_toml(op)) {}

  void run() { visit(entry_); }
  int changed() const { return changed_; }
  int same() const { return same_; }

 private:
  static std::string checksum(const Op& op) {
    Revision rev;
    rev.upgrade.push_back(op);
    return revision_checksum(rev);
  }

  // Execute ops whose SQL differs only in trailing spaces: equal by the
  // documented form.
  static bool only_trailing_space(const Op& a, const Op& b) {
    const auto* x = std::get_if<Execute>(&a);
    const auto* y = std::get_if<Execute>(&b);
    if (x == nullptr || y == nullptr || x->dialect != y->dialect) return false;
    auto trimmed = [](std::string sql) {
      while (!sql.empty() && (sql.back() == ' ' || sql.back() == '\n')) sql.pop_back();
      return sql;
    };
    return trimmed(x->sql) == trimmed(y->sql);
  }

  // Judges the entry as it is now (after one mutation).
  void judge(const std::string& what) {
    Result<Op> back = op_from_toml(entry_, "rev.toml");
    if (!back) return;  // not a valid op: nothing to checksum
    if (*back == op_ || only_trailing_space(*back, op_)) {
      ++same_;
      EXPECT_EQ(checksum(*back), checksum(op_)) << op_name(op_) << ": " << what;
    } else {
      ++changed_;
      EXPECT_NE(checksum(*back), checksum(op_)) << op_name(op_) << ": " << what;
    }
  }

  template <class Node>
  void mutate_leaf(Node& node, const std::string& path) {
    if (auto* v = node.as_string()) {
      const std::string old = v->get();
      for (const std::string& changed : {old + "x", std::string(), old + " "}) {
        *v = changed;
        judge(path + " = \"" + changed + "\"");
      }
      *v = old;
    } else if (auto* i = node.as_integer()) {
      const std::int64_t old = i->get();
      *i = old + 1;
      judge(path + " + 1");
      *i = old;
    } else if (auto* b = node.as_boolean()) {
      const bool old = b->get();
      *b = !old;
      judge(path + " flipped");
      *b = old;
    } else if (auto* f = node.as_floating_point()) {
      const double old = f->get();
      *f = old + 1.5;
      judge(path + " + 1.5");
      *f = old;
    }
  }

  void visit(toml::table& table, const std::string& path = "") {
    std::vector<std::string> keys;
    for (auto&& [key, node] : table) keys.emplace_back(key.str());
    for (const std::string& key : keys) {
      const std::string at = path.empty() ? key : path + "." + key;
      if (at == "op") continue;
      toml::node& node = *table.get(key);
      if (auto* sub = node.as_table()) {
        visit(*sub, at);
      } else if (auto* array = node.as_array()) {
        for (std::size_t i = 0; i < array->size(); ++i) {
          toml::node& element = *array->get(i);
          if (auto* t = element.as_table()) {
            visit(*t, at + "[" + std::to_string(i) + "]");
          } else {
            mutate_leaf(element, at + "[" + std::to_string(i) + "]");
          }
        }
        if (!array->empty()) {
          toml::array whole = *array;
          array->erase(array->end() - 1);
          judge(at + " without its last element");
          *table.get(key)->as_array() = std::move(whole);
        }
      } else {
        mutate_leaf(node, at);
      }
      // Left out: the key's default.
      toml::table saved;
      saved.insert(key, *table.get(key));
      table.erase(key);
      judge(at + " removed");
      table.insert(key, *saved.get(key));
    }
  }

  Op op_;
  toml::table entry_;
  int changed_ = 0;
  int same_ = 0;
};

TEST(ChecksumTest, EveryOpFieldThatChangesTheOpChangesTheChecksum) {
  int changed = 0;
  for (const Op& op : testing::every_op(testing::kitchen_sink())) {
    Mutations m(op);
    m.run();
    EXPECT_GT(m.changed(), 0) << op_name(op) << ": no mutation changed the op";
    changed += m.changed();
  }
  EXPECT_GT(changed, 100) << "the mutations reach the ops' fields";
}

}  // namespace
}  // namespace retort::migrations
