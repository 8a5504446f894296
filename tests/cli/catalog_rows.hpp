// Test support for the fidelity tests: catalog rows read from two databases
// (an original built by hand and a copy retort built from its inspect
// output) directly, not through retort's inspector; what differs between
// them; and the adoption round trip (the copy upgraded from the original's
// inspect output, the original stamped at the copy's revisions).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_project.hpp"
#include "tests/cli/process.hpp"

namespace retort::testing {

using CatalogRows = std::vector<std::vector<std::string>>;

// One row as "cell|cell|...".
inline std::string joined(const std::vector<std::string>& row) {
  std::string out;
  for (const std::string& cell : row) out += (out.empty() ? "" : "|") + cell;
  return out;
}

// Rows as lines of "cell | cell | ...", for assertion messages and for
// looking for a row in them.
inline std::string joined(const CatalogRows& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i == 0 ? "" : " | ") + row[i];
    out += "\n";
  }
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

// The schema of a PostgreSQL database as pg_dump --schema-only prints it, one
// row per line: every object and property the server keeps, whether retort
// reads it or not. Comments, blank lines, psql's \restrict lines (a random
// key per dump) and retort's own tables are left out.
inline CatalogRows pg_dump_schema(const CliProject& p) {
  ProcessOptions options;
  options.cwd = p.dir();
  const ProcessResult dump = run_process(
      "/usr/lib/postgresql/15/bin/pg_dump",
      {"--schema-only", "--no-owner", "--no-privileges", "--exclude-table=retort_version",
       "--exclude-table=retort_history", "--dbname=" + p.url()},
      options);
  EXPECT_EQ(dump.exit_code, 0) << dump.describe();
  CatalogRows out;
  std::istringstream lines(dump.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.starts_with("--") || line.starts_with("\\restrict") ||
        line.starts_with("\\unrestrict")) {
      continue;
    }
    out.push_back({line});
  }
  return out;
}

// SQLite: every column of the tables (pragma table_xinfo: type, NOT NULL,
// default, key position, hidden = 2 VIRTUAL / 3 STORED), each table's
// STRICT and WITHOUT ROWID flags (pragma table_list), and whether its SQL
// says AUTOINCREMENT. The INTEGER PRIMARY KEY of a rowid table is the rowid,
// never NULL (a NULL inserted becomes the next rowid) with or without a NOT
// NULL in its SQL: it is reported NOT NULL either way.
inline CatalogRows sqlite_table_catalog(const CliProject& p) {
  CatalogRows out = p.query(
      "SELECT m.name, x.name, x.type, "
      "  CASE WHEN x.pk = 1 AND upper(x.type) = 'INTEGER' AND l.wr = 0 AND "
      "    (SELECT count(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0) = 1 "
      "  THEN 1 ELSE x.\"notnull\" END, "
      "  coalesce(x.dflt_value, ''), x.pk, x.hidden "
      "FROM sqlite_schema m JOIN pragma_table_list l ON l.name = m.name AND l.schema = 'main', "
      "  pragma_table_xinfo(m.name) x WHERE m.type = 'table' "
      "AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'retort%' ORDER BY m.name, x.cid");
  CatalogRows tables = p.query(
      "SELECT l.name, l.strict, l.wr, instr(upper(m.sql), 'AUTOINCREMENT') > 0 "
      "FROM pragma_table_list l JOIN sqlite_schema m ON m.name = l.name "
      "WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite%' "
      "AND l.name NOT LIKE 'retort%' ORDER BY 1");
  out.insert(out.end(), tables.begin(), tables.end());
  return out;
}

// Every index of the user tables as SQLite's pragmas describe it: table,
// index, unique, origin, partial; then per key (not the rowid) its column
// (or expression, NULL name), order and collation (upper case: SQLite's
// collation names are case-insensitive).
inline CatalogRows sqlite_index_catalog(const CliProject& p) {
  CatalogRows out;
  const CatalogRows tables = p.query(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "AND name NOT IN ('retort_version', 'retort_history') ORDER BY name");
  for (const auto& table : tables) {
    const CatalogRows indexes =
        p.query("SELECT name, \"unique\", origin, partial FROM pragma_index_list('" + table[0] +
                "') ORDER BY name");
    for (const auto& index : indexes) {
      out.push_back({table[0], index[0], index[1], index[2], index[3]});
      const CatalogRows keys = p.query(
          "SELECT seqno, coalesce(name, '(expression)'), \"desc\", upper(coll) FROM "
          "pragma_index_xinfo('" +
          index[0] + "') WHERE key = 1 ORDER BY seqno");
      for (const auto& key : keys)
        out.push_back({table[0], index[0], key[0], key[1], key[2], key[3]});
    }
  }
  return out;
}

// Every foreign key of the user tables (pragma foreign_key_list: table,
// columns in order, referenced table and columns, actions, MATCH).
inline CatalogRows sqlite_foreign_key_catalog(const CliProject& p) {
  return p.query(
      "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete, "
      "f.match FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' "
      "AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE 'retort%' ORDER BY m.name, f.id, f.seq");
}

// `script` (the original's `inspect --format sql`) run in an empty database
// builds what pg_dump shows of the original.
inline void expect_script_rebuilds(const CliProject& original, const std::string& script) {
  CliProject copy("postgresql");
  ProcessResult run = copy.run_in_shell(script);
  ASSERT_EQ(run.exit_code, 0) << run.describe() << script;
  EXPECT_EQ(differences(pg_dump_schema(original), pg_dump_schema(copy)), "");
}

// The original database, given `models` (its own inspect output) and the
// revisions of `copy` (built from them) and stamped at head, has nothing to
// change.
inline void expect_original_adopts(const CliProject& original, const CliProject& copy,
                                   const std::string& models) {
  original.write_models(models);
  copy_revisions(copy, original);
  ProcessResult stamp = original.retort({"stamp", "head"});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.describe();
  ProcessResult check = original.retort({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.describe();
  EXPECT_NE(check.out.find("No differences"), std::string::npos) << check.describe();
}

// The adoption round trip of a database built by hand: `copy` (empty) is
// upgraded from `models`, the original's inspect output, and checks clean;
// then expect_original_adopts.
inline void expect_adopted(const CliProject& original, const CliProject& copy,
                           const std::string& models) {
  copy.write_models(models);
  ASSERT_FALSE(copy.migrate("from inspect").empty()) << models;
  ProcessResult copy_check = copy.retort({"check"});
  EXPECT_EQ(copy_check.exit_code, 0) << copy_check.describe();
  expect_original_adopts(original, copy, models);
}

}  // namespace retort::testing
