#include "core/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace retort {
namespace {

// "no action" is the default referential action; both spellings are equal.
bool same_action(const std::string& a, const std::string& b) {
  auto norm = [](const std::string& s) { return s == "no action" ? std::string() : s; };
  return norm(a) == norm(b);
}

template <class T>
void sort_by_name(std::vector<T>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const T& a, const T& b) { return a.name < b.name; });
}

}  // namespace

std::string literal_sql(const Literal& value) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "TRUE" : "FALSE"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      std::string s = fmt::format("{}", d);
      // Keep a float literal recognisably a float: 1 -> 1.0.
      if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
      return s;
    }
    std::string operator()(const std::string& s) const {
      std::string out = "'";
      for (char c : s) {
        if (c == '\'') out += '\'';
        out += c;
      }
      return out + "'";
    }
  };
  return std::visit(Visitor{}, value);
}

std::string ColumnDefault::to_sql() const {
  if (value) return literal_sql(*value);
  if (sql) return *sql;
  return {};
}

bool SequenceOptions::empty() const {
  return name.empty() && !start && !increment && !min && !max && !cache && !cycle;
}

bool operator==(const Column& a, const Column& b) {
  return a.name == b.name && a.type == b.type && a.nullable == b.nullable &&
         a.primary_key == b.primary_key && a.autoincrement == b.autoincrement &&
         a.default_ == b.default_ && a.identity == b.identity && a.serial == b.serial &&
         a.sequence == b.sequence && a.generated == b.generated && a.collation == b.collation &&
         a.comment == b.comment;
}

std::vector<std::string> Index::column_names() const {
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (!k.column.empty()) out.push_back(k.column);
  }
  return out;
}

bool operator==(const Index& a, const Index& b) {
  return a.name == b.name && a.keys == b.keys && a.unique == b.unique && a.where == b.where &&
         a.method == b.method && a.include == b.include &&
         a.nulls_not_distinct == b.nulls_not_distinct && a.storage == b.storage;
}

bool operator==(const UniqueConstraint& a, const UniqueConstraint& b) {
  return a.name == b.name && a.columns == b.columns && a.deferrable == b.deferrable &&
         a.initially_deferred == b.initially_deferred &&
         a.nulls_not_distinct == b.nulls_not_distinct;
}

bool operator==(const ForeignKey& a, const ForeignKey& b) {
  return a.name == b.name && a.columns == b.columns && a.ref_schema == b.ref_schema &&
         a.ref_table == b.ref_table && a.ref_columns == b.ref_columns &&
         same_action(a.on_delete, b.on_delete) && same_action(a.on_update, b.on_update) &&
         a.deferrable == b.deferrable && a.initially_deferred == b.initially_deferred &&
         a.match_full == b.match_full && a.not_valid == b.not_valid;
}

bool operator==(const CheckConstraint& a, const CheckConstraint& b) {
  return a.name == b.name && a.sql == b.sql && a.not_valid == b.not_valid &&
         a.no_inherit == b.no_inherit;
}

bool operator==(const ExclusionConstraint& a, const ExclusionConstraint& b) {
  return a.name == b.name && a.method == b.method && a.elements == b.elements &&
         a.include == b.include && a.where == b.where && a.deferrable == b.deferrable &&
         a.initially_deferred == b.initially_deferred;
}

std::string Table::qualified_name() const { return schema.empty() ? name : schema + "." + name; }

std::vector<std::string> Table::primary_key() const {
  if (!primary_key_order.empty()) return primary_key_order;
  std::vector<std::string> out;
  for (const auto& c : columns) {
    if (c.primary_key) out.push_back(c.name);
  }
  return out;
}

Column* Table::find_column(std::string_view column_name) {
  for (auto& c : columns) {
    if (c.name == column_name) return &c;
  }
  return nullptr;
}

const Column* Table::find_column(std::string_view column_name) const {
  for (const auto& c : columns) {
    if (c.name == column_name) return &c;
  }
  return nullptr;
}

void Table::finish() {
  int pk_count = 0;
  for (const auto& c : columns) pk_count += c.primary_key ? 1 : 0;
  for (auto& c : columns) {
    const bool eligible = pk_count == 1 && c.primary_key &&
                          (c.type.kind == TypeKind::kInteger || c.type.kind == TypeKind::kBigint);
    c.autoincrement = eligible && !c.autoincrement_off;
    // BY DEFAULT is what an autoincrementing key is anyway: one spelling.
    if (c.autoincrement && c.identity == "by default") c.identity.clear();
  }
  // Key order equal to table order has one form: none.
  if (!primary_key_order.empty()) {
    std::vector<std::string> table_order;
    for (const auto& c : columns) {
      if (c.primary_key) table_order.push_back(c.name);
    }
    if (table_order == primary_key_order) primary_key_order.clear();
  }
  sort_by_name(indexes);
  sort_by_name(uniques);
  sort_by_name(foreign_keys);
  sort_by_name(checks);
  sort_by_name(exclusions);
}

bool operator==(const Table& a, const Table& b) {
  return a.schema == b.schema && a.name == b.name && a.columns == b.columns &&
         a.primary_key_name == b.primary_key_name && a.primary_key() == b.primary_key() &&
         a.primary_key_deferrable == b.primary_key_deferrable &&
         a.primary_key_initially_deferred == b.primary_key_initially_deferred &&
         a.indexes == b.indexes && a.uniques == b.uniques && a.foreign_keys == b.foreign_keys &&
         a.checks == b.checks && a.exclusions == b.exclusions && a.properties == b.properties &&
         a.partition_by == b.partition_by && a.partition_of_schema == b.partition_of_schema &&
         a.partition_of == b.partition_of && a.partition_bound == b.partition_bound &&
         a.comment == b.comment;
}

Table* MetaData::find_table(std::string_view schema, std::string_view name) {
  for (auto& t : tables) {
    if (t.schema == schema && t.name == name) return &t;
  }
  return nullptr;
}

const Table* MetaData::find_table(std::string_view schema, std::string_view name) const {
  for (const auto& t : tables) {
    if (t.schema == schema && t.name == name) return &t;
  }
  return nullptr;
}

const Enum* MetaData::find_enum(std::string_view schema, std::string_view name) const {
  for (const auto& e : enums) {
    if (e.schema == schema && e.name == name) return &e;
  }
  return nullptr;
}

const View* MetaData::find_view(std::string_view schema, std::string_view name) const {
  for (const auto& v : views) {
    if (v.schema == schema && v.name == name) return &v;
  }
  return nullptr;
}

namespace {

template <class T>
const T* find_named(const std::vector<T>& list, std::string_view schema, std::string_view name) {
  for (const auto& x : list) {
    if (x.schema == schema && x.name == name) return &x;
  }
  return nullptr;
}

}  // namespace

const Sequence* MetaData::find_sequence(std::string_view schema, std::string_view name) const {
  return find_named(sequences, schema, name);
}

const Domain* MetaData::find_domain(std::string_view schema, std::string_view name) const {
  return find_named(domains, schema, name);
}

const CompositeType* MetaData::find_composite_type(std::string_view schema,
                                                   std::string_view name) const {
  return find_named(composite_types, schema, name);
}

const Extension* MetaData::find_extension(std::string_view name) const {
  for (const auto& e : extensions) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const Function* MetaData::find_function(std::string_view schema, std::string_view name,
                                        std::string_view arguments) const {
  for (const auto& f : functions) {
    if (f.schema == schema && f.name == name && f.arguments == arguments) return &f;
  }
  return nullptr;
}

const Trigger* MetaData::find_trigger(std::string_view schema, std::string_view table,
                                      std::string_view name) const {
  for (const auto& t : triggers) {
    if (t.schema == schema && t.table == table && t.name == name) return &t;
  }
  return nullptr;
}

const Schema* MetaData::find_schema(std::string_view name) const {
  for (const auto& s : schemas) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<std::string> MetaData::used_schemas() const {
  std::set<std::string> out;
  auto add = [&](const auto& list) {
    for (const auto& x : list) {
      if (!x.schema.empty()) out.insert(x.schema);
    }
  };
  add(tables);
  add(enums);
  add(views);
  add(extensions);
  add(sequences);
  add(domains);
  add(composite_types);
  add(functions);
  add(triggers);
  for (const Schema& s : schemas) out.insert(s.name);
  return {out.begin(), out.end()};
}

std::string View::describe() const {
  return fmt::format("{} {}", materialized ? "materialized view" : "view",
                     schema.empty() ? name : schema + "." + name);
}

bool operator==(const View& a, const View& b) {
  const bool same_query =
      a.canonical.empty() && b.canonical.empty() ? a.query == b.query : a.canonical == b.canonical;
  return a.schema == b.schema && a.name == b.name && same_query &&
         a.materialized == b.materialized && a.comment == b.comment && a.indexes == b.indexes;
}

std::string Function::describe() const {
  return fmt::format("{} {}({})", routine, schema.empty() ? name : schema + "." + name, arguments);
}

bool operator==(const Function& a, const Function& b) {
  const bool same_sql =
      a.canonical.empty() && b.canonical.empty() ? a.sql == b.sql : a.canonical == b.canonical;
  return a.schema == b.schema && a.name == b.name && a.arguments == b.arguments &&
         a.routine == b.routine && same_sql && a.comment == b.comment;
}

std::string Trigger::describe() const {
  return fmt::format("trigger {} on {}", name, schema.empty() ? table : schema + "." + table);
}

bool operator==(const Trigger& a, const Trigger& b) {
  const bool same_sql =
      a.canonical.empty() && b.canonical.empty() ? a.sql == b.sql : a.canonical == b.canonical;
  return a.schema == b.schema && a.table == b.table && a.name == b.name && same_sql &&
         a.state == b.state && a.comment == b.comment;
}

void MetaData::finish() {
  for (auto& t : tables) {
    t.finish();
    for (const auto& c : t.columns) {
      if (c.type.kind != TypeKind::kEnum || c.type.enum_name.empty()) continue;
      // The first declaration wins; validate() reports conflicting ones.
      auto it = std::find_if(enums.begin(), enums.end(), [&](const Enum& e) {
        return e.schema == t.schema && e.name == c.type.enum_name;
      });
      if (it == enums.end()) {
        enums.push_back(Enum{t.schema, c.type.enum_name, c.type.enum_values, c.line});
      } else if (it->values.empty()) {
        it->values = c.type.enum_values;
      }
    }
  }
  auto key = [](const auto& x) { return std::tie(x.schema, x.name); };
  std::stable_sort(tables.begin(), tables.end(),
                   [&](const Table& a, const Table& b) { return key(a) < key(b); });
  std::stable_sort(enums.begin(), enums.end(),
                   [&](const Enum& a, const Enum& b) { return key(a) < key(b); });
  std::stable_sort(views.begin(), views.end(),
                   [&](const View& a, const View& b) { return key(a) < key(b); });
  auto by_key = [&](auto& list) {
    std::stable_sort(list.begin(), list.end(),
                     [&](const auto& a, const auto& b) { return key(a) < key(b); });
  };
  by_key(sequences);
  by_key(domains);
  by_key(composite_types);
  by_key(extensions);
  std::stable_sort(functions.begin(), functions.end(), [](const Function& a, const Function& b) {
    return std::tie(a.schema, a.name, a.arguments) < std::tie(b.schema, b.name, b.arguments);
  });
  std::stable_sort(triggers.begin(), triggers.end(), [](const Trigger& a, const Trigger& b) {
    return std::tie(a.schema, a.table, a.name) < std::tie(b.schema, b.table, b.name);
  });
  std::stable_sort(schemas.begin(), schemas.end(),
                   [](const Schema& a, const Schema& b) { return a.name < b.name; });
  for (Domain& d : domains) {
    std::stable_sort(d.checks.begin(), d.checks.end(),
                     [](const DomainCheck& a, const DomainCheck& b) { return a.name < b.name; });
  }
}

std::string Unmodelled::describe() const {
  const std::string head = schema.empty() ? std::string() : schema + ".";
  if (kind == "table") return "table " + head + (table.empty() ? name : table) + ": " + what;
  // A routine's arguments follow its name: "function f(integer) not managed";
  // anything else is a word apart: "type addr (composite) not managed".
  const bool routine = kind == "function" || kind == "procedure" || kind == "aggregate";
  const std::string tail = routine && what.starts_with("(") ? what : " " + what;
  if (!table.empty()) return kind + " " + name + " on " + head + table + tail;
  return kind + " " + head + name + tail;
}

void sort_unmodelled(std::vector<Unmodelled>& list) {
  std::stable_sort(list.begin(), list.end(), [](const Unmodelled& a, const Unmodelled& b) {
    return std::tie(a.kind, a.schema, a.table, a.name) <
           std::tie(b.kind, b.schema, b.table, b.name);
  });
}

bool operator==(const MetaData& a, const MetaData& b) {
  return a.tables == b.tables && a.enums == b.enums && a.views == b.views &&
         a.schemas == b.schemas && a.extensions == b.extensions && a.sequences == b.sequences &&
         a.domains == b.domains && a.composite_types == b.composite_types &&
         a.functions == b.functions && a.triggers == b.triggers;
}

}  // namespace retort
