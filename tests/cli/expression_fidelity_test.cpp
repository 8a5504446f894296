// Expressions keep their meaning from models.toml to the catalog: quoted
// identifiers stay the columns they name (every keyword of each dialect as a
// column, referenced from a check, an index expression and a partial-index
// predicate), and a changed CHECK body is a change. Judged by reading the
// catalogs (pg_constraint, pg_get_indexdef, sqlite_schema) and by what the
// database then refuses.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"

namespace retort::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "name" as SQL, written inside a TOML basic string.
std::string quoted_in_toml(const std::string& name) { return "\\\"" + name + "\\\""; }
std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// The dialect's keywords, lower-case: PostgreSQL's reserved, type/function
// name and column name keywords from the server; SQLite's from the library.
// Plus names that need quotes for other reasons.
std::vector<std::string> keywords(const CliProject& p) {
  std::vector<std::string> words;
  if (p.dialect() == "postgresql") {
    for (const auto& row : p.query("SELECT word FROM pg_get_keywords() "
                                   "WHERE catcode IN ('R', 'T', 'C') ORDER BY word")) {
      words.push_back(row.at(0));
    }
  } else {
    for (int i = 0; i < sqlite3_keyword_count(); ++i) {
      const char* name = nullptr;
      int length = 0;
      if (sqlite3_keyword_name(i, &name, &length) == SQLITE_OK) {
        words.push_back(lower(std::string(name, static_cast<std::size_t>(length))));
      }
    }
  }
  words.push_back("Mixed");
  words.push_back("odd col");
  return words;
}

constexpr std::size_t kColumnsPerTable = 40;

// Tables kw_0, kw_1, ... with one integer column per word; column i has the
// check ck_kw_i ("w" >= 0) and the index ix_kw_i on ("w" + 1) where "w" > 0.
std::string keyword_models(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t first = 0; first < words.size(); first += kColumnsPerTable) {
    const std::size_t last = std::min(words.size(), first + kColumnsPerTable);
    out += "[[table]]\nname = \"kw_" + std::to_string(first / kColumnsPerTable) + "\"\n";
    out += "columns = [\n  { name = \"id\", type = \"integer\", primary_key = true },\n";
    for (std::size_t i = first; i < last; ++i) {
      out += "  { name = \"" + words[i] + "\", type = \"integer\", nullable = true },\n";
    }
    out += "]\nchecks = [\n";
    for (std::size_t i = first; i < last; ++i) {
      out += "  { name = \"ck_kw_" + std::to_string(i) + "\", sql = \"" + quoted_in_toml(words[i]) +
             " >= 0\" },\n";
    }
    out += "]\nindexes = [\n";
    for (std::size_t i = first; i < last; ++i) {
      out += "  { name = \"ix_kw_" + std::to_string(i) + "\", columns = [{ expression = \"" +
             quoted_in_toml(words[i]) + " + 1\" }], where = \"" + quoted_in_toml(words[i]) +
             " > 0\" },\n";
    }
    out += "]\n\n";
  }
  return out;
}

// INSERT INTO <table> <rest>, where a CHECK violation leaves no row instead
// of an error; the caller then looks for the row.
void insert_unless_checked(const CliProject& p, const std::string& table, const std::string& rest) {
  if (p.dialect() == "postgresql") {
    p.execute("DO $$ BEGIN INSERT INTO " + table + " " + rest +
              "; EXCEPTION WHEN check_violation THEN NULL; END $$");
  } else {
    p.execute("INSERT OR IGNORE INTO " + table + " " + rest);
  }
}

// Whether the row `id` of `table` exists.
bool has_row(const CliProject& p, const std::string& table, std::size_t id) {
  return !p.query("SELECT id FROM " + table + " WHERE id = " + std::to_string(id)).empty();
}

std::string table_of(std::size_t i) { return "kw_" + std::to_string(i / kColumnsPerTable); }

class ExpressionFidelityTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ExpressionFidelityTest, KeywordColumnsStayColumnsInChecksAndIndexes) {
  CliProject p(GetParam());
  const std::vector<std::string> words = keywords(p);
  ASSERT_GT(words.size(), 100u);
  p.write_models(keyword_models(words));
  ASSERT_FALSE(p.migrate("keywords").empty());

  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();

  // One query per kind of object: a connection per word costs too much.
  std::map<std::string, std::string> check_columns;  // check name -> columns it names
  std::map<std::string, std::string> index_texts;    // index name -> key | predicate
  if (p.dialect() == "postgresql") {
    // The columns a check names are in conkey; an index's key and predicate
    // as the server prints them back.
    for (const auto& r : p.query("SELECT c.conname, string_agg(a.attname, ',') "
                                 "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = "
                                 "c.conrelid AND a.attnum = ANY (c.conkey) "
                                 "WHERE c.conname LIKE 'ck\\_kw\\_%' GROUP BY c.conname")) {
      check_columns[r.at(0)] = r.at(1);
    }
    for (const auto& r : p.query("SELECT c.relname, pg_get_indexdef(i.indexrelid, 1, true) || "
                                 "' | ' || pg_get_expr(i.indpred, i.indrelid) FROM pg_index i "
                                 "JOIN pg_class c ON c.oid = i.indexrelid "
                                 "WHERE c.relname LIKE 'ix\\_kw\\_%'")) {
      index_texts[r.at(0)] = r.at(1);
    }
  } else {
    for (const auto& r : p.query("SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                                 "AND name LIKE 'ix_kw_%'")) {
      index_texts[r.at(0)] = r.at(1);
    }
  }
  // quote_ident's spelling of each word: "user", "Mixed", but key bare.
  std::vector<std::string> quoted_by_server;
  if (p.dialect() == "postgresql") {
    std::string list;
    for (const auto& w : words) list += (list.empty() ? "'" : ", '") + w + "'";
    for (const auto& r : p.query("SELECT quote_ident(w) FROM unnest(ARRAY[" + list +
                                 "]) WITH ORDINALITY AS t(w, n) ORDER BY n")) {
      quoted_by_server.push_back(r.at(0));
    }
    ASSERT_EQ(quoted_by_server.size(), words.size());
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const std::string n = std::to_string(i);
    const std::string& index = index_texts["ix_kw_" + n];
    if (p.dialect() == "postgresql") {
      EXPECT_EQ(check_columns["ck_kw_" + n], w);
      const std::string& q = quoted_by_server[i];
      EXPECT_NE(index.find(q + " + 1"), std::string::npos) << index;
      EXPECT_NE(index.find("| (" + q + " > 0)"), std::string::npos) << index;
    } else {
      const Rows table_sql =
          p.query("SELECT sql FROM sqlite_schema WHERE name = '" + table_of(i) + "'");
      ASSERT_EQ(table_sql.size(), 1u);
      EXPECT_NE(table_sql[0][0].find(quoted(w) + " >= 0"), std::string::npos) << w;
      EXPECT_NE(index.find(quoted(w) + " + 1"), std::string::npos) << index;
      EXPECT_NE(index.find("WHERE " + quoted(w) + " > 0"), std::string::npos) << index;
    }
  }
  // Each check bites on its own column: -1 is refused for every word (on
  // PostgreSQL in one block, each insert in its own sub-transaction).
  std::string block = "DO $$ BEGIN\n";
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string rest =
        "(id, " + quoted(words[i]) + ") VALUES (" + std::to_string(i + 1) + ", -1)";
    if (p.dialect() == "postgresql") {
      block += "BEGIN INSERT INTO " + table_of(i) + " " + rest +
               "; EXCEPTION WHEN check_violation THEN NULL; END;\n";
    } else {
      insert_unless_checked(p, table_of(i), rest);
    }
  }
  if (p.dialect() == "postgresql") p.execute(block + "END $$");
  for (std::size_t t = 0; t * kColumnsPerTable < words.size(); ++t) {
    EXPECT_EQ(p.query("SELECT count(*) FROM kw_" + std::to_string(t)), (Rows{{"0"}}));
  }
}

// The samples of the report: "user" is a column, not the session role.
TEST_P(ExpressionFidelityTest, QuotedUserAndSelectColumns) {
  CliProject p(GetParam());
  p.write_models(
      "[[table]]\n"
      "name = \"account\"\n"
      "columns = [\n"
      "  { name = \"id\", type = \"integer\", primary_key = true },\n"
      "  { name = \"user\", type = \"varchar(50)\" },\n"
      "  { name = \"select\", type = \"integer\" },\n"
      "]\n"
      "checks = [\n"
      "  { name = \"ck_account_not_admin\", sql = \"\\\"user\\\" <> 'admin'\" },\n"
      "  { name = \"ck_account_select\", sql = \"\\\"select\\\" >= 0\" },\n"
      "]\n"
      "indexes = [ { name = \"ix_account_user\", columns = [\"user\"], "
      "where = \"\\\"user\\\" <> 'admin'\" } ]\n");
  ProcessResult made = p.retort({"revision", "--autogenerate", "-m", "account"});
  ASSERT_EQ(made.exit_code, 0) << made.describe();
  const std::string revision = p.read(p.revision_file("account"));
  EXPECT_NE(revision.find("\\\"user\\\" <> 'admin'"), std::string::npos) << revision;
  EXPECT_NE(revision.find("\\\"select\\\" >= 0"), std::string::npos) << revision;
  ProcessResult up = p.retort({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.describe();
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();

  if (p.dialect() == "postgresql") {
    EXPECT_EQ(p.query("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                      "WHERE conname = 'ck_account_not_admin'"),
              (Rows{{"CHECK (((\"user\")::text <> 'admin'::text))"}}));
    EXPECT_EQ(p.query("SELECT pg_get_expr(indpred, indrelid) FROM pg_index i JOIN pg_class c "
                      "ON c.oid = i.indexrelid WHERE c.relname = 'ix_account_user'"),
              (Rows{{"((\"user\")::text <> 'admin'::text)"}}));
  } else {
    const Rows sql = p.query("SELECT sql FROM sqlite_schema WHERE name = 'account'");
    EXPECT_NE(sql.at(0).at(0).find("CHECK (\"user\" <> 'admin')"), std::string::npos) << sql[0][0];
  }
  // The login role is not 'admin' here, the column is: the check refuses it.
  insert_unless_checked(p, "account", "(id, \"user\", \"select\") VALUES (1, 'admin', 0)");
  insert_unless_checked(p, "account", "(id, \"user\", \"select\") VALUES (2, 'bob', -1)");
  insert_unless_checked(p, "account", "(id, \"user\", \"select\") VALUES (3, 'bob', 0)");
  EXPECT_FALSE(has_row(p, "account", 1));
  EXPECT_FALSE(has_row(p, "account", 2));
  EXPECT_TRUE(has_row(p, "account", 3));
}

std::string check_models(const std::string& body) {
  return "[[table]]\n"
         "name = \"person\"\n"
         "columns = [\n"
         "  { name = \"id\", type = \"integer\", primary_key = true },\n"
         "  { name = \"age\", type = \"integer\" },\n"
         "]\n"
         "checks = [ { name = \"ck_person_age\", sql = \"" +
         body + "\" } ]\n";
}

// The stored body of ck_person_age, as the catalog has it.
std::string stored_check(const CliProject& p) {
  if (p.dialect() == "postgresql") {
    return p
        .query(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = "
            "'ck_person_age'")
        .at(0)
        .at(0);
  }
  return p.query("SELECT sql FROM sqlite_schema WHERE name = 'person'").at(0).at(0);
}

TEST_P(ExpressionFidelityTest, ChangedCheckBodyIsADifference) {
  CliProject p(GetParam());
  p.write_models(check_models("age >= 0"));
  const std::string first = p.migrate("age");
  ASSERT_FALSE(first.empty());
  EXPECT_NE(stored_check(p).find(">= 0"), std::string::npos) << stored_check(p);

  p.write_models(check_models("age >= 18"));
  ProcessResult pending = p.retort({"check"});
  EXPECT_EQ(pending.exit_code, 1) << pending.describe();
  ASSERT_FALSE(p.migrate("adult").empty());
  EXPECT_NE(stored_check(p).find(">= 18"), std::string::npos) << stored_check(p);
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  insert_unless_checked(p, "person", "(id, age) VALUES (1, 17)");
  EXPECT_FALSE(has_row(p, "person", 1));

  ProcessResult down = p.retort({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.describe();
  EXPECT_EQ(p.version(), first);
  EXPECT_NE(stored_check(p).find(">= 0"), std::string::npos) << stored_check(p);
  p.execute("INSERT INTO person (id, age) VALUES (1, 17)");
}

// Only the spelling changed: no difference.
TEST_P(ExpressionFidelityTest, RespelledCheckBodyIsNoDifference) {
  CliProject p(GetParam());
  p.write_models(check_models("age >= 0"));
  ASSERT_FALSE(p.migrate("age").empty());
  p.write_models(check_models("age  >=  0 /* adults and children */"));
  ProcessResult check = p.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
}

INSTANTIATE_TEST_SUITE_P(Dialects, ExpressionFidelityTest, ::testing::ValuesIn(kAllDialects),
                         [](const auto& info) { return std::string(info.param); });

}  // namespace
}  // namespace retort::testing
