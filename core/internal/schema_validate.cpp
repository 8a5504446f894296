#include "core/internal/schema_validate.hpp"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <utility>

namespace retort {
namespace {

using Fail =
    std::function<Status(std::string message, int line, std::string column, std::string hint)>;

// Generated columns, collations and the table's properties: what the
// database would refuse, told with the line that declares it.
Status validate_properties(const Table& t, const Fail& fail) {
  for (const auto& c : t.columns) {
    if (c.generated.empty()) continue;
    if (!c.default_.empty()) {
      return fail(
          fmt::format("column {}.{} is generated and has a default", t.qualified_name(), c.name),
          c.line, c.name,
          "a generated column computes its value: remove `default`/`default_sql` or "
          "`generated`");
    }
    if (c.primary_key) {
      return fail(fmt::format("column {}.{} is generated and part of the primary key",
                              t.qualified_name(), c.name),
                  c.line, c.name,
                  "key the table on a column of its own; a generated column may carry a "
                  "unique constraint");
    }
  }
  const TableProperties& p = t.properties;
  for (const auto& item : p.storage) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      return fail(fmt::format("storage parameter \"{}\" of table {} is not name=value", item,
                              t.qualified_name()),
                  t.line, {}, "e.g. storage = { fillfactor = 70 }");
    }
  }
  if (p.sqlite_without_rowid && t.primary_key().empty()) {
    return fail(
        fmt::format("table {} is sqlite_without_rowid but has no primary key", t.qualified_name()),
        t.line, {}, "a WITHOUT ROWID table is keyed on its primary key: declare one");
  }
  if (p.sqlite_autoincrement) {
    const auto pk = t.primary_key();
    const Column* key = pk.size() == 1 ? t.find_column(pk.front()) : nullptr;
    if (key == nullptr || !key->autoincrement || p.sqlite_without_rowid) {
      return fail(fmt::format("table {} is sqlite_autoincrement but has no autoincrementing "
                              "rowid key",
                              t.qualified_name()),
                  t.line, {},
                  "AUTOINCREMENT needs a single integer primary key column with autoincrement "
                  "on, in a table with a rowid (not sqlite_without_rowid)");
    }
  }
  return {};
}

}  // namespace

Status validate_table(const Table& t, const std::string& source) {
  auto fail = [&](std::string message, int line, std::string column, std::string hint) -> Status {
    Error e = Error::bad_input(std::move(message), std::move(hint));
    e.at(source, line > 0 ? line : t.line);
    e.on(t.qualified_name(), std::move(column));
    return e;
  };
  std::set<std::string> seen;
  for (const auto& c : t.columns) {
    if (!seen.insert(c.name).second) {
      return fail(fmt::format("duplicate column \"{}\" in table {}", c.name, t.qualified_name()),
                  c.line, c.name, "each column name may appear once per table");
    }
  }
  std::set<std::string> renamed;
  for (const auto& c : t.columns) {
    if (c.renamed_from.empty()) continue;
    if (c.renamed_from == c.name || t.find_column(c.renamed_from) != nullptr) {
      return fail(fmt::format("column {}.{} is renamed_from \"{}\", which the table still "
                              "declares",
                              t.qualified_name(), c.name, c.renamed_from),
                  c.line, c.name,
                  fmt::format("a rename replaces column {0}: remove {0} from the table, or "
                              "remove renamed_from",
                              c.renamed_from));
    }
    if (!renamed.insert(c.renamed_from).second) {
      return fail(fmt::format("two columns of table {} are renamed_from \"{}\"", t.qualified_name(),
                              c.renamed_from),
                  c.line, c.name, "one column can take the old column's place");
    }
  }
  auto missing_column = [&](std::string_view kind, const std::string& name,
                            const std::vector<std::string>& columns, int line) -> Status {
    // A partition's columns are its parent's (validate_partitions).
    if (!t.partition_of.empty()) return {};
    for (const auto& col : columns) {
      if (t.find_column(col) == nullptr) {
        return fail(fmt::format("{} {} names missing column \"{}\"", kind, name, col), line, col,
                    fmt::format("declare the column in table {}, or fix the {}'s columns",
                                t.qualified_name(), kind));
      }
    }
    return {};
  };
  std::set<std::string> names;
  auto unique_name = [&](const std::string& name, int line) -> Status {
    if (!names.insert(name).second) {
      return fail(fmt::format("duplicate index or constraint name \"{}\" in table {}", name,
                              t.qualified_name()),
                  line, {}, "give each index and constraint its own name");
    }
    return {};
  };
  for (const auto& i : t.indexes) {
    if (auto s = unique_name(i.name, i.line); !s) return s;
    if (i.keys.empty()) return fail(fmt::format("index {} has no columns", i.name), i.line, {}, {});
    if (auto s = missing_column("index", i.name, i.column_names(), i.line); !s) return s;
    if (auto s = missing_column("index", i.name, i.include, i.line); !s) return s;
  }
  for (const auto& u : t.uniques) {
    if (auto s = unique_name(u.name, u.line); !s) return s;
    if (auto s = missing_column("unique constraint", u.name, u.columns, u.line); !s) return s;
  }
  for (const auto& fk : t.foreign_keys) {
    if (auto s = unique_name(fk.name, fk.line); !s) return s;
    if (auto s = missing_column("foreign key", fk.name, fk.columns, fk.line); !s) return s;
    if (fk.columns.size() != fk.ref_columns.size() || fk.columns.empty()) {
      return fail(fmt::format("foreign key {} has {} columns but {} ref_columns", fk.name,
                              fk.columns.size(), fk.ref_columns.size()),
                  fk.line, {}, "list one referenced column per column");
    }
  }
  for (const auto& c : t.checks) {
    if (auto s = unique_name(c.name, c.line); !s) return s;
  }
  for (const auto& x : t.exclusions) {
    if (auto s = unique_name(x.name, x.line); !s) return s;
    std::vector<std::string> columns = x.include;
    for (const auto& e : x.elements) {
      if (!e.key.column.empty()) columns.push_back(e.key.column);
    }
    if (auto s = missing_column("exclusion constraint", x.name, columns, x.line); !s) return s;
  }
  return validate_properties(t, fail);
}

namespace {

// Each partition's parent is declared and partitioned (PARTITION BY), and
// the chain of parents ends.
Status validate_partitions(const MetaData& schema, const std::string& source_name) {
  for (const auto& t : schema.tables) {
    if (t.partition_of.empty()) continue;
    const std::string parent_name = t.partition_of_schema.empty()
                                        ? t.partition_of
                                        : t.partition_of_schema + "." + t.partition_of;
    const Table* parent = schema.find_table(t.partition_of_schema, t.partition_of);
    std::string problem;
    std::string hint;
    if (parent == nullptr) {
      problem = fmt::format("partition {} is partition_of missing table {}", t.qualified_name(),
                            parent_name);
      hint = fmt::format("declare table {} with partition_by, or fix partition_of", parent_name);
    } else if (parent->partition_by.empty()) {
      problem = fmt::format("partition {} is partition_of table {}, which has no partition_by",
                            t.qualified_name(), parent_name);
      hint = fmt::format("declare partition_by = \"RANGE (...)\" (or LIST, HASH) on table {}",
                         parent_name);
    } else {
      std::set<const Table*> chain{&t};
      for (const Table* p = parent; p != nullptr && !p->partition_of.empty();
           p = schema.find_table(p->partition_of_schema, p->partition_of)) {
        if (!chain.insert(p).second) {
          problem = fmt::format("partition {} is, through its parents, a partition of itself",
                                t.qualified_name());
          hint = "fix partition_of so that the chain of parents ends at a table of its own";
          break;
        }
      }
    }
    if (!problem.empty()) {
      return Error::bad_input(std::move(problem), std::move(hint))
          .at(source_name, t.line)
          .on(t.qualified_name());
    }
  }
  return {};
}

}  // namespace

namespace {

// Each view once, under a name no table has; its indexes' names distinct.
Status validate_views(const MetaData& schema, const std::string& source_name) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const View& v : schema.views) {
    const std::string name = v.schema.empty() ? v.name : v.schema + "." + v.name;
    std::string problem;
    if (!seen.emplace(v.schema, v.name).second) {
      problem = fmt::format("duplicate view {}", name);
    } else if (schema.find_table(v.schema, v.name) != nullptr) {
      problem = fmt::format("view {} has the name of a table", name);
    }
    if (!problem.empty()) {
      return Error::bad_input(std::move(problem),
                              "a table or view name may be declared once; rename one of them")
          .at(source_name, v.line)
          .on(name);
    }
    std::set<std::string> index_names;
    for (const Index& i : v.indexes) {
      if (!index_names.insert(i.name).second) {
        return Error::bad_input(fmt::format("duplicate index {} on {}", i.name, v.describe()),
                                "give each index its own name")
            .at(source_name, i.line)
            .on(name);
      }
    }
  }
  return {};
}

// Each schema, extension, sequence, domain and composite type once; a
// sequence's owner declared.
Status validate_objects(const MetaData& schema, const std::string& source_name) {
  std::optional<Error> failure;
  auto once = [&](const auto& list) {
    std::set<std::string> seen;
    for (const auto& x : list) {
      if (failure) return;
      if (!seen.insert(x.describe()).second) {
        failure = Error::bad_input(fmt::format("duplicate {}", x.describe()),
                                   "each object may be declared once; merge the two declarations")
                      .at(source_name, x.line);
      }
    }
  };
  once(schema.schemas);
  once(schema.extensions);
  once(schema.sequences);
  once(schema.domains);
  once(schema.composite_types);
  once(schema.triggers);
  if (failure) return *failure;
  for (const Sequence& s : schema.sequences) {
    if (s.owned_by.empty()) continue;
    const auto dot = s.owned_by.find('.');
    const Table* t = schema.find_table(s.schema, s.owned_by.substr(0, dot));
    if (t == nullptr || t->find_column(s.owned_by.substr(dot + 1)) == nullptr) {
      return Error::bad_input(
                 fmt::format("{} is owned_by {}, which the models do not declare", s.describe(),
                             s.owned_by),
                 "owned_by names a column of a table in the sequence's schema: \"table.column\"")
          .at(source_name, s.line);
    }
    // A sequence owned by the column whose default calls it is what `serial`
    // makes; the database cannot tell the two apart, so only one spelling is
    // taken.
    const Column* c = t->find_column(s.owned_by.substr(dot + 1));
    const std::string& sql = c->default_.sql.value_or(std::string());
    if (sql.find("nextval") != std::string::npos && sql.find(s.name) != std::string::npos) {
      return Error::bad_input(
                 fmt::format("{} is owned by {}, whose default calls it: that is a serial column",
                             s.describe(), s.owned_by),
                 fmt::format("declare the column with serial = true, sequence = {{ name = \"{}\" "
                             "}} and no default, and remove the [[sequence]]",
                             s.name))
          .at(source_name, s.line);
    }
  }
  return {};
}

}  // namespace

Status validate_schema(const MetaData& schema, const std::string& source_name,
                       const NameLimit& limit, const NamingConvention& naming) {
  // Names first: a bad name makes every later message about it unreadable.
  if (auto s = check_names(schema, source_name, limit, naming); !s) return s;
  std::map<std::pair<std::string, std::string>, const Table*> seen;
  for (const auto& t : schema.tables) {
    auto [it, inserted] = seen.emplace(std::pair(t.schema, t.name), &t);
    if (!inserted) {
      const Table& later = it->second->line > t.line ? *it->second : t;
      return Error::bad_input(fmt::format("duplicate table {}", t.qualified_name()),
                              "each table may be declared once; merge the two declarations")
          .at(source_name, later.line)
          .on(t.qualified_name());
    }
  }
  std::set<std::pair<std::string, std::string>> renamed;
  for (const auto& t : schema.tables) {
    if (t.renamed_from.empty()) continue;
    const std::string old_name =
        t.schema.empty() ? t.renamed_from : t.schema + "." + t.renamed_from;
    std::string problem;
    if (t.renamed_from == t.name || schema.find_table(t.schema, t.renamed_from) != nullptr) {
      problem = fmt::format("table {} is renamed_from \"{}\", which the models still declare",
                            t.qualified_name(), t.renamed_from);
    } else if (!renamed.emplace(t.schema, t.renamed_from).second) {
      problem = fmt::format("two tables are renamed_from {}", old_name);
    }
    if (!problem.empty()) {
      return Error::bad_input(std::move(problem),
                              fmt::format("a rename replaces table {0}: declare {0} no more, "
                                          "and let one table say renamed_from = \"{1}\"",
                                          old_name, t.renamed_from))
          .at(source_name, t.line)
          .on(t.qualified_name());
    }
  }
  for (const auto& t : schema.tables) {
    if (auto s = validate_table(t, source_name); !s) return s;
  }
  if (auto s = validate_views(schema, source_name); !s) return s;
  if (auto s = validate_objects(schema, source_name); !s) return s;
  if (auto s = validate_partitions(schema, source_name); !s) return s;
  for (const auto& t : schema.tables) {
    for (const auto& fk : t.foreign_keys) {
      const Table* ref = schema.find_table(fk.ref_schema, fk.ref_table);
      const std::string ref_name =
          fk.ref_schema.empty() ? fk.ref_table : fk.ref_schema + "." + fk.ref_table;
      if (ref == nullptr) {
        return Error::bad_input(
                   fmt::format("foreign key {} references missing table {}", fk.name, ref_name),
                   fmt::format("declare table {} in the models, or fix the foreign key", ref_name))
            .at(source_name, fk.line)
            .on(t.qualified_name(), fk.columns.empty() ? std::string() : fk.columns.front());
      }
      for (const auto& col : fk.ref_columns) {
        if (ref->find_column(col) == nullptr) {
          return Error::bad_input(fmt::format("foreign key {} references missing column {}.{}",
                                              fk.name, ref_name, col),
                                  fmt::format("declare column {} in table {}, or fix the "
                                              "foreign key",
                                              col, ref_name))
              .at(source_name, fk.line)
              .on(t.qualified_name(), fk.columns.empty() ? std::string() : fk.columns.front());
        }
      }
    }
    for (const auto& c : t.columns) {
      if (c.type.kind != TypeKind::kEnum) continue;
      const Enum* e = schema.find_enum(t.schema, c.type.enum_name);
      if (e == nullptr || e->values.empty()) {
        return Error::bad_input(fmt::format("enum column {} has no `values`", c.name),
                                "add values = [\"...\", ...] to the column")
            .at(source_name, c.line)
            .on(t.qualified_name(), c.name);
      }
      if (e != nullptr && !c.type.enum_values.empty() && e->values != c.type.enum_values) {
        return Error::bad_input(
                   fmt::format("enum {} is declared with different values", c.type.enum_name),
                   "give every column of one enum the same values, in the same order")
            .at(source_name, c.line)
            .on(t.qualified_name(), c.name);
      }
    }
  }
  return {};
}

}  // namespace retort
