#include "tests/migrations/schema_pairs.hpp"

#include <algorithm>
#include <functional>
#include <random>

namespace retort::testing {
namespace {

// What a column holds in a filled table: A's rows give every column its own
// value per row; a column B adds holds NULL or its default in every row.
enum class Fill { kValues, kNull, kDefault };

struct Col {
  std::string name;
  std::string type;
  bool nullable = false;
  bool has_default = false;
  std::string comment;
  Fill fill = Fill::kValues;
};
struct Idx {
  std::string name;
  std::vector<std::string> cols;
  bool unique = false;
  std::string where;
};
struct Uq {
  std::string name;
  std::vector<std::string> cols;
};
struct Ck {
  std::string name;
  std::string col;
  std::string sql;
};
struct Fk {
  std::string name;
  std::string col;
  std::string ref;
};
struct Tab {
  std::string name;
  std::string comment;
  std::vector<Col> cols;  // after the implicit "id"
  std::vector<Idx> indexes;
  std::vector<Uq> uniques;
  std::vector<Ck> checks;
  std::vector<Fk> fks;
  bool filled = true;  // has A's rows

  Col* col(const std::string& n) {
    for (Col& c : cols) {
      if (c.name == n) return &c;
    }
    return nullptr;
  }
};
using Schema = std::vector<Tab>;

bool is_int(const std::string& t) { return t == "integer" || t == "bigint" || t == "smallint"; }
bool is_text(const std::string& t) { return t == "text" || t.starts_with("varchar"); }

// A type that holds every value of `t` (empty when there is none here).
std::string widened(const std::string& t, bool wide) {
  if (t == "smallint") return wide ? "bigint" : "integer";
  if (t == "integer") return "bigint";
  if (t.starts_with("varchar(")) {
    int n = std::stoi(t.substr(8));
    return wide ? "text" : "varchar(" + std::to_string(n + 20) + ")";
  }
  return {};
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string list(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + quoted(names[i]);
  return out + "]";
}

std::string default_toml(const Col& c) {
  if (is_int(c.type)) return "7";
  if (c.type == "boolean") return "true";
  return "\"d\"";
}

std::string to_toml(const Schema& schema) {
  std::string out;
  for (const Tab& t : schema) {
    out += "[[table]]\nname = " + quoted(t.name) + "\n";
    if (!t.comment.empty()) out += "comment = " + quoted(t.comment) + "\n";
    out += "columns = [\n  { name = \"id\", type = \"integer\", primary_key = true },\n";
    for (const Col& c : t.cols) {
      out += "  { name = " + quoted(c.name) + ", type = " + quoted(c.type);
      if (c.nullable) out += ", nullable = true";
      if (c.has_default) out += ", default = " + default_toml(c);
      if (!c.comment.empty()) out += ", comment = " + quoted(c.comment);
      out += " },\n";
    }
    out += "]\n";
    if (!t.indexes.empty()) {
      out += "indexes = [\n";
      for (const Idx& i : t.indexes) {
        out += "  { name = " + quoted(i.name) + ", columns = " + list(i.cols);
        if (i.unique) out += ", unique = true";
        if (!i.where.empty()) out += ", where = " + quoted(i.where);
        out += " },\n";
      }
      out += "]\n";
    }
    if (!t.uniques.empty()) {
      out += "unique = [\n";
      for (const Uq& u : t.uniques)
        out += "  { name = " + quoted(u.name) + ", columns = " + list(u.cols) + " },\n";
      out += "]\n";
    }
    if (!t.fks.empty()) {
      out += "foreign_keys = [\n";
      for (const Fk& f : t.fks) {
        out += "  { name = " + quoted(f.name) + ", columns = " + list({f.col}) +
               ", references = " + quoted(f.ref) + ", ref_columns = [\"id\"] },\n";
      }
      out += "]\n";
    }
    if (!t.checks.empty()) {
      out += "checks = [\n";
      for (const Ck& c : t.checks)
        out += "  { name = " + quoted(c.name) + ", sql = " + quoted(c.sql) + " },\n";
      out += "]\n";
    }
    out += "\n";
  }
  return out;
}

std::string value_sql(const Col& c, int row) {
  if (is_int(c.type)) return std::to_string(row);
  if (c.type == "boolean") return row % 2 ? "TRUE" : "FALSE";
  return "'v" + std::to_string(row) + "'";
}

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  Schema make_a() {
    Schema s;
    const std::size_t n = 1 + pick(3);
    for (std::size_t i = 0; i < n; ++i) {
      Tab t = new_table(s, /*filled=*/true);
      s.push_back(std::move(t));
    }
    return s;
  }

  // Applies a few random changes to a copy of `a`.
  Schema make_b(const Schema& a, std::vector<std::string>& changes) {
    Schema b = a;
    const std::size_t n = 1 + pick(5);
    for (std::size_t done = 0, tries = 0; done < n && tries < 50; ++tries) {
      std::string what = mutate(a, b);
      if (what.empty()) continue;
      changes.push_back(std::move(what));
      ++done;
    }
    return b;
  }

 private:
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool chance(int percent) { return pick(100) < static_cast<std::size_t>(percent); }
  std::string fresh(const std::string& prefix) { return prefix + std::to_string(++counter_); }
  template <class T>
  T& any(std::vector<T>& v) {
    return v[pick(v.size())];
  }

  std::string random_type() {
    static const char* const kTypes[] = {"integer",     "bigint", "smallint", "varchar(10)",
                                         "varchar(30)", "text",   "boolean"};
    return kTypes[pick(std::size(kTypes))];
  }

  Col new_col(Fill fill) {
    Col c;
    c.name = fresh("c");
    c.type = random_type();
    c.fill = fill;
    if (fill == Fill::kValues) {
      c.nullable = chance(40);
      c.has_default = chance(30);
    } else {
      c.has_default = fill == Fill::kDefault;
      c.nullable = !c.has_default || chance(50);
    }
    if (chance(20)) c.comment = "note " + c.name;
    return c;
  }

  // May a unique key or foreign key use this column, given the rows it holds?
  static bool keyable(const Tab& t, const Col& c) {
    return c.type != "boolean" && (!t.filled || c.fill != Fill::kDefault);
  }

  std::string check_sql(const Col& c) {
    if (is_int(c.type)) return c.name + " >= 0";
    if (is_text(c.type)) return "length(" + c.name + ") < 50";
    return {};
  }

  // A table with a few columns and objects; foreign keys only to tables
  // already in `s` (so A's rows go in parents first).
  Tab new_table(const Schema& s, bool filled) {
    Tab t;
    t.name = fresh("t");
    t.filled = filled;
    if (chance(25)) t.comment = "table " + t.name;
    const std::size_t ncols = 1 + pick(4);
    for (std::size_t i = 0; i < ncols; ++i) t.cols.push_back(new_col(Fill::kValues));
    for (int i = 0; i < 3; ++i) {
      if (chance(40)) add_index(t);
    }
    if (chance(40)) add_unique(t);
    if (chance(40)) add_check(t);
    if (chance(50)) add_fk(t, s, /*filled_targets_only=*/filled);
    return t;
  }

  bool add_index(Tab& t) {
    Idx i;
    i.name = fresh("ix_" + t.name + "_");
    i.unique = chance(40);
    std::vector<const Col*> usable;
    for (const Col& c : t.cols) {
      if (!i.unique || keyable(t, c)) usable.push_back(&c);
    }
    if (usable.empty()) return false;
    const std::size_t n = std::min<std::size_t>(usable.size(), 1 + pick(2));
    for (std::size_t k = 0; k < n; ++k) {
      const Col* c = usable[pick(usable.size())];
      if (std::find(i.cols.begin(), i.cols.end(), c->name) == i.cols.end())
        i.cols.push_back(c->name);
    }
    if (chance(25)) i.where = usable[pick(usable.size())]->name + " IS NOT NULL";
    t.indexes.push_back(std::move(i));
    return true;
  }

  bool add_unique(Tab& t) {
    std::vector<const Col*> usable;
    for (const Col& c : t.cols) {
      if (keyable(t, c)) usable.push_back(&c);
    }
    if (usable.empty()) return false;
    Uq u;
    u.name = fresh("uq_" + t.name + "_");
    u.cols.push_back(usable[pick(usable.size())]->name);
    const Col* second = usable[pick(usable.size())];
    if (chance(30) && second->name != u.cols[0]) u.cols.push_back(second->name);
    t.uniques.push_back(std::move(u));
    return true;
  }

  bool add_check(Tab& t) {
    std::vector<const Col*> usable;
    for (const Col& c : t.cols) {
      if (!check_sql(c).empty()) usable.push_back(&c);
    }
    if (usable.empty()) return false;
    const Col* c = usable[pick(usable.size())];
    // A fresh name; the "replace" change may then keep the old one.
    t.checks.push_back({fresh("ck_" + t.name + "_"), c->name, check_sql(*c)});
    return true;
  }

  // A foreign key from an integer column of `t` to the id of a table in `s`
  // (or `t` itself). A column holding A's values may only point at a table
  // that holds A's rows (ids 1..kRows).
  bool add_fk(Tab& t, const Schema& s, bool filled_targets_only) {
    std::vector<const Col*> usable;
    for (const Col& c : t.cols) {
      if (is_int(c.type) && keyable(t, c)) usable.push_back(&c);
    }
    if (usable.empty()) return false;
    const Col* c = usable[pick(usable.size())];
    const bool needs_rows = t.filled && c->fill == Fill::kValues;
    std::vector<std::string> targets;
    for (const Tab& other : s) {
      if (other.name != t.name && (other.filled || !(needs_rows || filled_targets_only)))
        targets.push_back(other.name);
    }
    if (t.filled || !needs_rows) targets.push_back(t.name);  // self-reference
    if (targets.empty()) return false;
    t.fks.push_back({fresh("fk_" + t.name + "_"), c->name, targets[pick(targets.size())]});
    return true;
  }

  // A's definition of a column, or null when A has none.
  static const Col* in_a(const Schema& a, const std::string& table, const std::string& col) {
    for (const Tab& t : a) {
      if (t.name != table) continue;
      for (const Col& c : t.cols) {
        if (c.name == col) return &c;
      }
    }
    return nullptr;
  }
  static const Tab* table_in(const Schema& s, const std::string& name) {
    for (const Tab& t : s) {
      if (t.name == name) return &t;
    }
    return nullptr;
  }

  // Can a downgrade add `col` of A back to a filled table? Only when it may
  // be NULL or has a default, and no key of A needs distinct values in it.
  static bool readdable(const Tab& a_table, const Col& col) {
    if (!col.nullable && !col.has_default) return false;
    if (!col.has_default) return true;
    auto uses = [&](const std::vector<std::string>& cols) {
      return std::find(cols.begin(), cols.end(), col.name) != cols.end();
    };
    for (const Idx& i : a_table.indexes) {
      if (i.unique && uses(i.cols)) return false;
    }
    for (const Uq& u : a_table.uniques) {
      if (uses(u.cols)) return false;
    }
    for (const Fk& f : a_table.fks) {
      if (f.col == col.name) return false;
    }
    return true;
  }

  static void forget_column(Tab& t, const std::string& col) {
    auto uses = [&](const std::vector<std::string>& cols) {
      return std::find(cols.begin(), cols.end(), col) != cols.end();
    };
    std::erase_if(t.indexes,
                  [&](const Idx& i) { return uses(i.cols) || i.where.starts_with(col + " "); });
    std::erase_if(t.uniques, [&](const Uq& u) { return uses(u.cols); });
    std::erase_if(t.checks, [&](const Ck& c) { return c.col == col; });
    std::erase_if(t.fks, [&](const Fk& f) { return f.col == col; });
    std::erase_if(t.cols, [&](const Col& c) { return c.name == col; });
  }

  // One random change of `b`; "" when the one drawn does not apply.
  std::string mutate(const Schema& a, Schema& b) {
    if (b.empty()) {
      b.push_back(new_table(b, false));
      return "add table " + b.back().name;
    }
    Tab& t = any(b);
    switch (pick(14)) {
      case 0: {
        b.push_back(new_table(b, false));
        return "add table " + b.back().name;
      }
      case 1: {
        // Only a table no kept table of A points at: a downgrade re-creates it
        // empty, and A's rows elsewhere must still find their parents.
        for (const Tab& other : a) {
          if (other.name == t.name || table_in(b, other.name) == nullptr) continue;
          for (const Fk& f : other.fks) {
            if (f.ref == t.name) return {};
          }
        }
        std::string name = t.name;
        std::erase_if(b, [&](const Tab& x) { return x.name == name; });
        for (Tab& other : b) std::erase_if(other.fks, [&](const Fk& f) { return f.ref == name; });
        return "drop table " + name;
      }
      case 2: {
        Col c = new_col(!t.filled ? Fill::kValues : chance(50) ? Fill::kNull : Fill::kDefault);
        t.cols.push_back(c);
        return "add column " + t.name + "." + c.name + " " + c.type;
      }
      case 3: {
        if (t.cols.empty()) return {};
        Col& c = any(t.cols);
        const Tab* a_table = table_in(a, t.name);
        const Col* old = in_a(a, t.name, c.name);
        if (t.filled && old != nullptr && !readdable(*a_table, *old)) return {};
        if (t.cols.size() == 1 && chance(50)) return {};
        std::string name = c.name;
        forget_column(t, name);
        return "drop column " + t.name + "." + name;
      }
      case 4: {
        if (t.cols.empty()) return {};
        Col& c = any(t.cols);
        if (!c.nullable) {
          c.nullable = true;
        } else {
          if (t.filled && c.fill == Fill::kNull) return {};
          c.nullable = false;
        }
        return "nullable " + t.name + "." + c.name + " = " + (c.nullable ? "true" : "false");
      }
      case 5: {
        if (t.cols.empty()) return {};
        Col& c = any(t.cols);
        // A column B adds takes its rows' values from its default: keep it.
        if (t.filled && in_a(a, t.name, c.name) == nullptr) return {};
        c.has_default = !c.has_default;
        return "default " + t.name + "." + c.name + (c.has_default ? " set" : " removed");
      }
      case 6: {
        if (t.cols.empty() || chance(30)) {
          t.comment = t.comment.empty() ? "changed " + t.name : "";
          return "comment on table " + t.name;
        }
        Col& c = any(t.cols);
        c.comment = c.comment.empty() ? "changed " + c.name : "";
        return "comment on " + t.name + "." + c.name;
      }
      case 7: {
        if (t.cols.empty()) return {};
        Col& c = any(t.cols);
        std::string to = widened(c.type, chance(50));
        if (to.empty()) return {};
        std::string from = c.type;
        c.type = to;
        return "type " + t.name + "." + c.name + " " + from + " -> " + to;
      }
      case 8:
        return add_index(t) ? "add index " + t.indexes.back().name : "";
      case 9:
        return add_unique(t) ? "add unique " + t.uniques.back().name : "";
      case 10:
        return add_check(t) ? "add check " + t.checks.back().name : "";
      case 11:
        return add_fk(t, b, false) ? "add foreign key " + t.fks.back().name : "";
      case 12: {
        // Drop one index, unique constraint, check or foreign key.
        std::vector<std::function<std::string()>> drops;
        for (std::size_t i = 0; i < t.indexes.size(); ++i) {
          drops.push_back([&t, i] {
            std::string n = t.indexes[i].name;
            t.indexes.erase(t.indexes.begin() + static_cast<std::ptrdiff_t>(i));
            return "drop index " + n;
          });
        }
        for (std::size_t i = 0; i < t.uniques.size(); ++i) {
          drops.push_back([&t, i] {
            std::string n = t.uniques[i].name;
            t.uniques.erase(t.uniques.begin() + static_cast<std::ptrdiff_t>(i));
            return "drop unique " + n;
          });
        }
        for (std::size_t i = 0; i < t.checks.size(); ++i) {
          drops.push_back([&t, i] {
            std::string n = t.checks[i].name;
            t.checks.erase(t.checks.begin() + static_cast<std::ptrdiff_t>(i));
            return "drop check " + n;
          });
        }
        for (std::size_t i = 0; i < t.fks.size(); ++i) {
          drops.push_back([&t, i] {
            std::string n = t.fks[i].name;
            t.fks.erase(t.fks.begin() + static_cast<std::ptrdiff_t>(i));
            return "drop foreign key " + n;
          });
        }
        if (drops.empty()) return {};
        return drops[pick(drops.size())]();
      }
      default: {
        // Replace a check by one on another column (a "renamed" column's
        // check), under a new name or, half the time, under the same name
        // with a new body (compared by body: a drop and an add).
        if (t.checks.empty()) return {};
        std::string old = t.checks.back().name;
        t.checks.pop_back();
        if (!add_check(t)) return {};
        if (chance(50)) {
          t.checks.back().name = old;
          return "change the body of check " + old;
        }
        return "replace check " + old + " by " + t.checks.back().name;
      }
    }
  }

  std::mt19937_64 rng_;
  int counter_ = 0;
};

std::vector<std::string> inserts(const Schema& a) {
  std::vector<std::string> out;
  for (const Tab& t : a) {
    for (int row = 1; row <= kRows; ++row) {
      std::string cols = "\"id\"";
      std::string values = std::to_string(row);
      for (const Col& c : t.cols) {
        cols += ", \"" + c.name + "\"";
        values += ", " + value_sql(c, row);
      }
      out.push_back("INSERT INTO \"" + t.name + "\" (" + cols + ") VALUES (" + values + ")");
    }
  }
  return out;
}

}  // namespace

SchemaPair make_schema_pair(std::uint64_t seed) {
  Generator gen(seed);
  SchemaPair pair;
  pair.seed = seed;
  Schema a = gen.make_a();
  Schema b = gen.make_b(a, pair.changes);
  pair.models_a = to_toml(a);
  pair.models_b = to_toml(b);
  pair.inserts_a = inserts(a);
  return pair;
}

}  // namespace retort::testing
