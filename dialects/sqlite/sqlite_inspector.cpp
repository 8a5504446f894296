#include "dialects/sqlite/sqlite_inspector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/naming.hpp"
#include "core/trigger_head.hpp"
#include "dialects/sqlite/ddl_parser.hpp"
#include "dialects/sqlite/sql_tokenizer.hpp"
#include "dialects/sqlite/sqlite_normalize.hpp"
#include "dialects/sqlite/sqlite_trigger.hpp"
#include "dialects/sqlite/sqlite_types.hpp"
#include "dialects/sqlite/sqlite_view.hpp"

namespace retort::sqlite {
namespace {

std::string text(const Cell& cell) { return cell ? *cell : std::string(); }
int number(const Cell& cell) { return cell ? std::atoi(cell->c_str()) : 0; }

// to_lower(a) == to_lower(b) without making two strings: the inspector
// compares every column name against every parsed column of its table.
bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool same_names(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_name(a[i], b[i])) return false;
  }
  return true;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// "CONSTRAINT "enum:x" CHECK ("col" IN ('a', 'b'))" -> x with values a, b.
bool enum_from_check(const ParsedConstraint& c, Type& type) {
  if (c.kind != ConstraintKind::kCheck || c.name.rfind(kEnumCheckPrefix, 0) != 0) return false;
  type = Type{};
  type.kind = TypeKind::kEnum;
  type.enum_name = c.name.substr(kEnumCheckPrefix.size());
  for (const Token& t : tokenize(c.check_sql)) {
    if (t.kind == TokenKind::kString) type.enum_values.push_back(t.value);
  }
  return true;
}

std::string referential_action(const std::string& pragma_value) {
  std::string action = to_lower(pragma_value);
  return action == "no action" ? std::string() : action;
}

class Inspector {
 public:
  explicit Inspector(Connection& conn) : conn_(conn) {}

  // Reads every index's SQL in one query, so inspecting N tables does not
  // scan sqlite_schema N times.
  Status load_indexes() {
    Result<Rows> rows = conn_.query(
        "SELECT tbl_name, name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
        "ORDER BY tbl_name, name");
    if (!rows) return rows.error();
    for (const Row& r : rows->rows) {
      index_sql_[text(r[0])].emplace_back(text(r[1]), text(r[2]));
    }
    return {};
  }

  // Reads every table's columns and foreign keys in one query each (the
  // pragma table-valued functions joined to sqlite_schema) instead of two
  // pragma statements per table. Rows keep the pragma's order per table.
  Status load_pragmas() {
    std::pair<std::string_view, std::map<std::string, std::vector<Row>>*> reads[] = {
        {"table_xinfo", &xinfo_}, {"foreign_key_list", &foreign_key_list_}};
    for (auto& [fn, into] : reads) {
      Result<Rows> rows = conn_.query(fmt::format(
          "SELECT m.name, p.* FROM sqlite_schema m, pragma_{}(m.name) p WHERE m.type = 'table' "
          "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
          fn));
      if (!rows) return rows.error();
      // A table's rows come together: look its list up once, not per row.
      std::vector<Row>* list = nullptr;
      const std::string* list_of = nullptr;
      for (Row& r : rows->rows) {
        if (list == nullptr || !r[0] || *r[0] != *list_of) {
          auto it = into->try_emplace(text(r[0])).first;
          list = &it->second;
          list_of = &it->first;
        }
        r.erase(r.begin());
        list->push_back(std::move(r));
      }
    }
    return {};
  }

  Result<Table> table(const std::string& name, const std::string& sql) {
    Table table;
    table.name = name;
    ParsedTable parsed = parse_create_table(sql);
    for (const std::string& m : parsed.markers) {
      std::string comment;
      if (read_marker(m, "table-comment", comment)) table.comment = comment;
    }
    if (Status s = columns(table, parsed); !s) return s.error();
    constraints(table, parsed);
    if (Status s = foreign_keys(table, parsed); !s) return s.error();
    if (Status s = indexes(table); !s) return s.error();
    return table;
  }

  // Whether primary key column `column` takes NULL, as SQLite lets any key
  // but the rowid do unless it says NOT NULL (a legacy of its early days).
  bool nullable_key(const std::string& table, const std::string& column) const {
    int pk_columns = 0;
    bool nullable = false;
    bool integer = false;
    for (const Row& r : rows_of(xinfo_, table)) {
      if (number(r[5]) > 0) ++pk_columns;
      if (text(r[1]) == column) {
        nullable = number(r[3]) == 0;
        integer = to_lower(text(r[2])) == "integer";
      }
    }
    return nullable && !(pk_columns == 1 && integer);  // INTEGER PRIMARY KEY is the rowid
  }

 private:
  Result<Rows> pragma(std::string_view fn, const std::string& arg) {
    return conn_.query(fmt::format("SELECT * FROM pragma_{}(?)", fn), {arg});
  }

  // A column's collation, generation, the portable type a STRICT table's
  // column keeps in a marker, and AUTOINCREMENT on the rowid key.
  static void column_properties(const ParsedColumn& pc, Column& col, TableProperties& props) {
    col.collation = canonical_collation(pc.collation);
    if (!pc.generated.empty()) {
      col.generated = Generated{canonical_expression(pc.generated), pc.generated_stored};
    }
    for (const std::string& m : pc.markers) {
      std::string value;
      if (read_marker(m, "type", value)) {
        if (auto type = parse_type(value)) col.type = *type;
      }
    }
    if (pc.autoincrement) props.sqlite_autoincrement = true;
  }

  Status columns(Table& table, const ParsedTable& parsed) {
    // cid, name, type, notnull, dflt_value, pk, hidden
    std::vector<std::pair<int, std::string>> pk;
    const std::vector<Row>& rows = rows_of(xinfo_, table.name);
    table.columns.reserve(rows.size());  // no regrowth: a Column is large
    for (const Row& r : rows) {
      // hidden 1 is a virtual table's hidden column; 2 and 3 are generated
      // (VIRTUAL, STORED) and come with their expression from the parser.
      if (number(r[6]) == 1) continue;
      Column col;
      col.name = text(r[1]);
      col.type = type_from_declared(text(r[2]));
      col.nullable = number(r[3]) == 0 && number(r[5]) == 0;
      if (r[4]) col.default_ = normalized_default(default_from_sql(*r[4]), col.type);
      if (number(r[5]) > 0) {
        col.primary_key = true;
        pk.emplace_back(number(r[5]), col.name);
      }
      for (const ParsedColumn& pc : parsed.columns) {
        if (!same_name(pc.name, col.name)) continue;
        for (const std::string& m : pc.markers) {
          std::string value;
          if (read_marker(m, "comment", value)) col.comment = value;
          if (read_marker(m, "bigint", value) && col.type.kind == TypeKind::kInteger)
            col.type.kind = TypeKind::kBigint;
        }
        for (const ParsedConstraint& c : pc.constraints) {
          Type enum_type;
          if (enum_from_check(c, enum_type)) col.type = enum_type;
        }
        column_properties(pc, col, table.properties);
      }
      table.columns.push_back(std::move(col));
    }
    // The key in key order (pragma pk is the 1-based position in the key);
    // finish() drops the order when it is the table's.
    std::sort(pk.begin(), pk.end());
    for (const auto& [position, name] : pk) table.primary_key_order.push_back(name);
    return {};
  }

  void constraints(Table& table, const ParsedTable& parsed) {
    NamingConvention naming;
    // Declaration order: column constraints come before table constraints.
    std::vector<ParsedConstraint> all;
    for (const ParsedColumn& pc : parsed.columns) {
      all.insert(all.end(), pc.constraints.begin(), pc.constraints.end());
    }
    all.insert(all.end(), parsed.constraints.begin(), parsed.constraints.end());
    int unnamed_checks = 0;
    for (const ParsedConstraint& c : all) {
      switch (c.kind) {
        case ConstraintKind::kPrimaryKey:
          table.primary_key_name = c.name;
          break;
        case ConstraintKind::kUnique: {
          UniqueConstraint u;
          u.columns = canonical_columns(table, c.columns);
          u.name = c.name.empty() ? naming.unique_name(table.name, u.columns) : c.name;
          table.uniques.push_back(std::move(u));
          break;
        }
        case ConstraintKind::kCheck: {
          if (c.name.rfind(kEnumCheckPrefix, 0) == 0) break;  // an enum column's values
          CheckConstraint check;
          check.sql = canonical_expression(c.check_sql);
          check.name =
              c.name.empty() ? fmt::format("ck_{}_{}", table.name, ++unnamed_checks) : c.name;
          table.checks.push_back(std::move(check));
          break;
        }
        case ConstraintKind::kForeignKey:
          parsed_fks_.push_back(c);
          break;
      }
    }
    // An unnamed primary key (inline `id INTEGER PRIMARY KEY` or hand-written
    // SQL) gets the convention's name, as the models reader gives it.
    if (table.primary_key_name.empty() && !table.primary_key().empty()) {
      table.primary_key_name = naming.primary_key_name(table.name);
    }
  }

  // Column names as the table spells them (SQL text may differ in case).
  static std::vector<std::string> canonical_columns(const Table& table,
                                                    const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const std::string& n : names) {
      std::string found = n;
      for (const Column& col : table.columns) {
        if (same_name(col.name, n)) found = col.name;
      }
      out.push_back(found);
    }
    return out;
  }

  Status foreign_keys(Table& table, const ParsedTable&) {
    // id, seq, table, from, to, on_update, on_delete, match
    std::map<int, ForeignKey> by_id;
    for (const Row& r : rows_of(foreign_key_list_, table.name)) {
      ForeignKey& fk = by_id[number(r[0])];
      fk.ref_table = text(r[2]);
      fk.columns.push_back(text(r[3]));
      if (r[4]) fk.ref_columns.push_back(*r[4]);
      fk.on_update = referential_action(text(r[5]));
      fk.on_delete = referential_action(text(r[6]));
    }
    NamingConvention naming;
    for (auto& [id, fk] : by_id) {
      fk.columns = canonical_columns(table, fk.columns);
      // Two keys may share columns and parent; the actions tell them apart.
      for (auto it = parsed_fks_.begin(); it != parsed_fks_.end(); ++it) {
        const ParsedConstraint& c = *it;
        if (same_names(c.columns, fk.columns) && same_name(c.ref_table, fk.ref_table) &&
            referential_action(c.on_delete) == fk.on_delete &&
            referential_action(c.on_update) == fk.on_update) {
          fk.name = c.name;
          fk.deferrable = c.deferrable;
          fk.initially_deferred = c.initially_deferred;
          parsed_fks_.erase(it);
          break;
        }
      }
      if (fk.ref_columns.empty()) {  // REFERENCES parent: the parent's primary key
        // From the columns load_pragmas() read, so a schema full of such keys
        // costs no query per key; a parent it did not read (none, or not
        // in main) is asked for as before.
        const std::vector<Row>* parent = xinfo_of(fk.ref_table);
        Result<Rows> asked = Rows{};
        if (parent == nullptr) {
          asked = pragma("table_info", fk.ref_table);
          if (!asked) return asked.error();
          parent = &asked->rows;
        }
        std::vector<std::pair<int, std::string>> pk;
        for (const Row& r : *parent) {
          if (number(r[5]) > 0) pk.emplace_back(number(r[5]), text(r[1]));
        }
        std::sort(pk.begin(), pk.end());
        for (const auto& [seq, name] : pk) fk.ref_columns.push_back(name);
      }
      if (fk.name.empty()) fk.name = naming.foreign_key_name(table.name, fk.columns, fk.ref_table);
      table.foreign_keys.push_back(std::move(fk));
    }
    parsed_fks_.clear();
    return {};
  }

  Status indexes(Table& table) {
    auto found = index_sql_.find(table.name);
    if (found == index_sql_.end()) return {};
    for (const auto& [name, sql] : found->second) {
      ParsedIndex parsed = parse_create_index(sql);
      Index index;
      index.name = name;
      index.unique = parsed.unique;
      index.keys = parsed.keys;
      for (IndexKey& k : index.keys) {
        if (!k.column.empty()) k.column = canonical_columns(table, {k.column}).front();
        k.expression = canonical_expression(k.expression);
      }
      index.where = canonical_expression(parsed.where);
      normalize_index_options(index, table);
      table.indexes.push_back(std::move(index));
    }
    return {};
  }

  // The table_xinfo rows of table `name` as SQLite resolves a name (ASCII
  // case-insensitively); nullptr when load_pragmas() did not read it.
  const std::vector<Row>* xinfo_of(const std::string& name) const {
    if (auto it = xinfo_.find(name); it != xinfo_.end()) return &it->second;
    if (xinfo_lower_.empty()) {
      for (const auto& [table, rows] : xinfo_) xinfo_lower_.emplace(to_lower(table), &rows);
    }
    auto it = xinfo_lower_.find(to_lower(name));
    return it == xinfo_lower_.end() ? nullptr : it->second;
  }

  static const std::vector<Row>& rows_of(const std::map<std::string, std::vector<Row>>& rows,
                                         const std::string& table) {
    static const std::vector<Row> kNone;
    auto it = rows.find(table);
    return it == rows.end() ? kNone : it->second;
  }

  Connection& conn_;
  std::vector<ParsedConstraint> parsed_fks_;
  // tbl_name -> that table's pragma rows, from load_pragmas().
  std::map<std::string, std::vector<Row>> xinfo_;
  std::map<std::string, std::vector<Row>> foreign_key_list_;
  // xinfo_ by lower-case name, made on the first name that needs it.
  mutable std::map<std::string, const std::vector<Row>*> xinfo_lower_;
  // tbl_name -> (index name, CREATE INDEX sql), from load_indexes().
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> index_sql_;
};

}  // namespace

Result<MetaData> inspect_schema(Connection& conn, const InspectOptions& options) {
  // pragma table_list tells virtual tables and their shadow tables from
  // plain ones, and which are STRICT or WITHOUT ROWID.
  Result<Rows> rows = conn.query(
      "SELECT m.name, m.sql, l.type, l.strict, l.wr FROM sqlite_schema m "
      "JOIN pragma_table_list l ON l.name = m.name AND l.schema = 'main' "
      "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name");
  if (!rows) return rows.error();
  // The triggers retort manages are MetaData::triggers, named as their
  // statement names them (as a declared one is). One the filters leave out
  // travels with its table (Table::triggers), because a table rebuild must
  // re-create it: DROP TABLE drops it. Views are read as views.
  Result<Rows> object_rows = conn.query(
      "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type IN ('trigger', 'view') "
      "AND sql IS NOT NULL ORDER BY type, name");
  if (!object_rows) return object_rows.error();
  std::map<std::string, std::vector<std::string>> triggers;
  std::vector<Trigger> managed_triggers;
  for (const Row& r : object_rows->rows) {
    if (text(r[0]) != "trigger") continue;
    Trigger t{.table = text(r[2]), .name = text(r[1]), .sql = text(r[3])};
    if (const std::optional<TriggerHead> head = read_trigger_head(t.sql)) {
      t.name = head->name;
      t.table = head->table;
    }
    if (options.filter.manages(t)) {
      managed_triggers.push_back(std::move(t));
    } else {
      triggers[to_lower(text(r[2]))].push_back(t.sql);  // by the table, in one case
    }
  }
  MetaData md;
  for (const Row& r : object_rows->rows) {
    if (text(r[0]) != "view") continue;
    const std::string name = text(r[1]);
    if (!options.only_tables.empty() || !options.filter.manages("view", "", name)) continue;
    std::optional<std::string> query = stored_view_query(text(r[3]));
    if (!query) {
      md.unmodelled.push_back({"view", "", name, "", "with a column list not managed"});
      continue;
    }
    md.views.push_back(View{.name = name, .query = std::move(*query)});
  }
  Inspector inspector(conn);
  if (Status s = inspector.load_indexes(); !s) return s.error();
  if (Status s = inspector.load_pragmas(); !s) return s.error();
  auto kept = [&](const std::string& name) {
    if (contains(options.exclude_tables, name)) return false;
    if (!options.only_tables.empty() && !contains(options.only_tables, name)) return false;
    return options.filter.manages("table", "", name);
  };
  for (const Row& r : rows->rows) {
    std::string name = text(r[0]);
    if (!kept(name)) continue;
    const std::string kind = text(r[2]);
    if (kind == "virtual") {
      md.unmodelled.push_back({"table", "", name, name, "virtual table not modelled"});
      continue;
    }
    if (kind == "shadow") continue;  // a virtual table's storage
    Result<Table> table = inspector.table(name, text(r[1]));
    if (!table) return table.error();
    if (auto it = triggers.find(to_lower(name)); it != triggers.end()) table->triggers = it->second;
    // pragma table_list's flags; AUTOINCREMENT came with the columns.
    table->properties.sqlite_strict = number(r[3]) != 0;
    table->properties.sqlite_without_rowid = number(r[4]) != 0;
    for (const Column& c : table->columns) {
      if (c.primary_key && inspector.nullable_key(name, c.name)) {
        md.unmodelled.push_back({"table", "", name, name,
                                 "column " + c.name +
                                     ": a primary key column that takes NULL is not modelled "
                                     "(it would be NOT NULL)"});
      }
    }
    table->finish();
    md.tables.push_back(std::move(*table));
  }
  std::set<std::string> relations;  // the tables and views read here, in one case
  for (const Table& t : md.tables) relations.insert(to_lower(t.name));
  for (const View& v : md.views) relations.insert(to_lower(v.name));
  for (Trigger& t : managed_triggers) {
    // On a table or view read here: the others are out of scope.
    if (relations.count(to_lower(t.table)) != 0) md.triggers.push_back(std::move(t));
  }
  sort_unmodelled(md.unmodelled);
  for (View& v : md.views) normalize_view(v, md);
  for (Trigger& t : md.triggers) normalize_trigger(t);
  md.finish();
  return md;
}

}  // namespace retort::sqlite
