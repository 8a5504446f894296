// build_model(): a model declaration becomes the core Table read_models()
// would give for the equivalent models.toml, plus the checked rules.
#include "core/model/model.hpp"

#include <cxxabi.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "core/internal/text.hpp"
#include "core/model/internal/model_rules.hpp"
#include "core/model/internal/type_name.hpp"
#include "core/models_toml.hpp"
#include "core/naming.hpp"

namespace retort {
namespace {

[[noreturn]] void fail(const std::string& table, const std::string& column, std::string message,
                       std::string hint = {}) {
  Error e = Error::bad_input(std::move(message), std::move(hint));
  e.on(table, column);
  throw DeclarationError(std::move(e));
}

std::string_view kind_word(FieldKind kind) {
  switch (kind) {
    case FieldKind::kInt:
      return "an integer";
    case FieldKind::kDouble:
      return "a floating-point";
    case FieldKind::kBool:
      return "a bool";
    case FieldKind::kText:
      return "a std::string";
    case FieldKind::kBlob:
      return "a retort::Blob";
    case FieldKind::kUuid:
      return "a retort::Uuid";
    case FieldKind::kTimestamp:
      return "a retort::Timestamp";
    case FieldKind::kLocalTimestamp:
      return "a retort::LocalTimestamp";
    case FieldKind::kDate:
      return "a retort::Date";
    case FieldKind::kEnum:
      return "an enum";
    case FieldKind::kArray:
      return "a std::vector";
  }
  return "a";
}

// May a member of `kind` be stored in a column of type `t`?
bool type_fits(FieldKind kind, const Type& t) {
  switch (kind) {
    case FieldKind::kInt:
      return t.is_integer();
    case FieldKind::kDouble:
      return t.kind == TypeKind::kFloat || t.kind == TypeKind::kReal ||
             t.kind == TypeKind::kNumeric;
    case FieldKind::kBool:
      return t.kind == TypeKind::kBoolean;
    case FieldKind::kText:  // also the types a program keeps as text: numeric, json, time,
                            // and native types, in their text form
      return (t.is_text() && t.kind != TypeKind::kEnum) || t.kind == TypeKind::kNumeric ||
             t.kind == TypeKind::kJson || t.kind == TypeKind::kTime || t.kind == TypeKind::kNative;
    case FieldKind::kBlob:
      return t.kind == TypeKind::kBlob;
    case FieldKind::kUuid:
      return t.kind == TypeKind::kUuid || t.is_text();
    case FieldKind::kTimestamp:
      return t.kind == TypeKind::kTimestamptz;
    case FieldKind::kLocalTimestamp:
      return t.kind == TypeKind::kTimestamp;
    case FieldKind::kDate:
      return t.kind == TypeKind::kDate;
    case FieldKind::kEnum:
      return t.is_text();
    case FieldKind::kArray:  // an array type the database knows ("varchar(20)[]")
      return is_item_list_type(t);
  }
  return false;
}

Type column_type(const std::string& table, const ColumnSpec& spec) {
  const FieldAccess& access = *spec.access;
  Type t = access.type();
  if (spec.type) {
    Result<Type> parsed = parse_column_type(*spec.type, spec.native);
    if (!parsed) fail(table, spec.name, parsed.error().message, parsed.error().hint);
    if (!type_fits(access.kind(), *parsed)) {
      fail(table, spec.name,
           fmt::format("type \"{}\" cannot hold {} member", *spec.type, kind_word(access.kind())),
           fmt::format("leave .type() out to use {}, or change the member's type", t.to_string()));
    }
    t = *parsed;
    if (t.kind == TypeKind::kEnum) {
      EnumInfo e = access.enum_info();
      if (e.name.empty()) {
        fail(table, spec.name, "type \"enum\" needs an enum member whose enum_mapping has a name",
             "set enum_mapping<E>::name, or use .type(\"text\")");
      }
      t.enum_name = e.name;
      t.enum_values = e.values;
    }
  } else if (spec.max_length && access.kind() == FieldKind::kText) {
    t.kind = TypeKind::kVarchar;
    t.length = static_cast<int>(*spec.max_length);
  }
  return t;
}

// A default value as the literal models.toml would hold.
Literal literal_of(const std::string& table, const ColumnSpec& spec, const FieldValue& v) {
  struct Visitor {
    const std::string& table;
    const ColumnSpec& spec;
    Literal operator()(std::monostate) const { return Literal{}; }
    Literal operator()(std::int64_t i) const { return i; }
    Literal operator()(double d) const { return d; }
    Literal operator()(bool b) const { return b; }
    Literal operator()(const std::string& s) const { return s; }
    Literal operator()(const Blob&) const {
      fail(table, spec.name, "a blob column cannot have a default_value",
           "use default_sql with the dialect's blob literal, or default_factory");
    }
    Literal operator()(const Uuid& u) const { return u.to_string(); }
    Literal operator()(const Timestamp& t) const { return format_timestamp(t); }
    Literal operator()(const LocalTimestamp& t) const { return format_local_timestamp(t); }
    Literal operator()(const Date& d) const { return format_date(d); }
    Literal operator()(const FieldArray&) const {
      // Its literal differs by database ('{a,b}' against '["a","b"]').
      fail(table, spec.name, "an array column cannot have a default_value",
           "use default_sql with the dialect's array literal (\"'{}'\" on PostgreSQL, "
           "\"'[]'\" on SQLite), or fill the member in the struct");
    }
  };
  return std::visit(Visitor{table, spec}, v);
}

std::string action(const std::string& table, const ColumnSpec& spec, const std::string& text) {
  static constexpr std::string_view kActions[] = {"no action", "restrict", "cascade", "set null",
                                                  "set default"};
  std::string a = detail::lower(detail::trim(text));
  if (a.empty()) return a;
  if (std::find(std::begin(kActions), std::end(kActions), a) == std::end(kActions)) {
    fail(table, spec.name, fmt::format("unknown referential action \"{}\"", text),
         fmt::format("use one of: {}", fmt::join(kActions, ", ")));
  }
  return a;
}

bool is_numeric(FieldKind k) { return k == FieldKind::kInt || k == FieldKind::kDouble; }

// Option combinations that cannot work, before any schema is built.
void check_options(const std::string& table, const ColumnSpec& spec, bool autoincrement_ok) {
  const FieldAccess& a = *spec.access;
  const FieldKind kind = a.kind();
  auto only = [&](bool ok, std::string_view option, std::string_view what) {
    if (!ok) {
      fail(table, spec.name,
           fmt::format("{} applies to {} columns, not {} member", option, what, kind_word(kind)),
           fmt::format("remove .{}() from column \"{}\"", option, spec.name));
    }
  };
  // On an array, the lengths count items (Pydantic's min_length on a list).
  const bool has_length = kind == FieldKind::kText || kind == FieldKind::kArray;
  only(!spec.min_length || has_length, "min_length", "text or array");
  only(!spec.max_length || has_length, "max_length", "text or array");
  only(spec.pattern.empty() || kind == FieldKind::kText, "pattern", "text");
  only(!spec.ge || is_numeric(kind), "ge", "numeric");
  only(!spec.gt || is_numeric(kind), "gt", "numeric");
  only(!spec.le || is_numeric(kind), "le", "numeric");
  only(!spec.lt || is_numeric(kind), "lt", "numeric");
  if (spec.min_length && spec.max_length && *spec.min_length > *spec.max_length) {
    fail(table, spec.name,
         fmt::format("min_length {} is greater than max_length {}", *spec.min_length,
                     *spec.max_length));
  }
  if (spec.nullable.value_or(false) && !a.nullable()) {
    fail(table, spec.name, "a nullable column needs a std::optional member",
         "declare the member as std::optional<...>");
  }
  if (spec.primary_key && spec.nullable.value_or(false)) {
    fail(table, spec.name, "a primary key column cannot be nullable");
  }
  if (spec.default_value && spec.default_sql) {
    fail(table, spec.name, "a column has either default_value or default_sql, not both");
  }
  if (spec.default_value && spec.default_factory) {
    fail(table, spec.name, "a column has either default_value or default_factory, not both");
  }
  if (spec.autoincrement.value_or(false) && !autoincrement_ok) {
    fail(table, spec.name, "autoincrement needs a single integer primary key column");
  }
  if (spec.fk_table.empty() && (!spec.on_delete.empty() || !spec.on_update.empty())) {
    fail(table, spec.name, "on_delete/on_update need foreign_key", "add .foreign_key(...) first");
  }
  // identity and serial columns, as models.toml checks them.
  if (!spec.identity.empty() && spec.identity != "always" && spec.identity != "by default") {
    fail(table, spec.name,
         fmt::format("identity must be \"always\" or \"by default\", not \"{}\"", spec.identity));
  }
  const char* numbered = !spec.identity.empty() ? "identity" : spec.serial ? "serial" : nullptr;
  if (numbered != nullptr) {
    if (!spec.identity.empty() && spec.serial) {
      fail(table, spec.name, "a column has either identity or serial, not both");
    }
    if (kind != FieldKind::kInt) {
      fail(table, spec.name,
           fmt::format("{} needs an integer member, not {} member", numbered, kind_word(kind)));
    }
    if (spec.nullable.value_or(false)) {
      fail(table, spec.name, fmt::format("an {} column cannot be nullable", numbered));
    }
    if (spec.default_value || spec.default_sql || spec.default_factory) {
      fail(table, spec.name,
           fmt::format("an {} column takes no default: its sequence gives the values", numbered));
    }
  } else if (!spec.sequence.empty() && !spec.primary_key) {
    fail(table, spec.name, "sequence() needs identity() or serial() (or an autoincrementing key)");
  }
  if (spec.default_factory && !a.nullable()) {
    fail(table, spec.name,
         "default_factory on a plain (non-optional) member: add() cannot tell an unset value "
         "from a real one (a nil UUID, the epoch)",
         fmt::format("declare the member std::optional<...> (retort::make<T>() and add() fill "
                     "it when empty), or give \"{}\" its value in the struct",
                     spec.name));
  }
  if (spec.version) {
    if (kind != FieldKind::kInt || a.nullable()) {
      fail(table, spec.name,
           a.nullable() ? std::string("version_column needs a plain integer member, not a "
                                      "std::optional")
                        : fmt::format("version_column needs a plain integer member, not {} member",
                                      kind_word(kind)),
           "declare it as `std::int64_t version = 0;`");
    }
    if (spec.primary_key) fail(table, spec.name, "the primary key cannot be the version column");
    if (spec.default_value || spec.default_sql || spec.default_factory) {
      fail(table, spec.name, "a version column takes no default; the session writes it");
    }
  }
}

// Whether a key of type `a` can reference one of type `b`: both integers,
// both text, or the same type.
bool same_key_type(const Type& a, const Type& b) {
  if (a.is_integer() || b.is_integer()) return a.is_integer() && b.is_integer();
  const bool a_text = a.is_text() && a.kind != TypeKind::kEnum;
  const bool b_text = b.is_text() && b.kind != TypeKind::kEnum;
  if (a_text || b_text) return a_text && b_text;
  return a.to_string() == b.to_string();
}

// Whether `column` alone is `t`'s primary key, or unique by a constraint
// or a full unique index: what a foreign key may reference.
bool is_unique_key(const Table& t, const std::string& column) {
  const std::vector<std::string> one = {column};
  if (t.primary_key() == one) return true;
  for (const UniqueConstraint& u : t.uniques) {
    if (u.columns == one) return true;
  }
  for (const Index& i : t.indexes) {
    if (i.unique && i.where.empty() && i.column_names() == one) return true;
  }
  return false;
}

std::vector<IndexKey> index_keys(const std::vector<std::string>& columns) {
  std::vector<IndexKey> keys;
  for (const auto& text : columns) {
    IndexKey key;
    std::string name = detail::trim(text);
    const auto space = name.find_last_of(" \t");
    if (space != std::string::npos) {
      const std::string word = detail::lower(name.substr(space + 1));
      if (word == "desc" || word == "asc") {
        key.order = word == "desc" ? SortOrder::kDesc : SortOrder::kAsc;
        name = detail::trim(name.substr(0, space));
      }
    }
    key.column = std::move(name);
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace

std::shared_ptr<const ModelData> build_model(const std::type_info& type, std::string name,
                                             std::vector<ColumnSpec> columns,
                                             TableOptions options) {
  const NamingConvention naming = default_naming_convention();
  Table t;
  t.schema = std::move(options.schema);
  t.name = std::move(name);
  t.comment = std::move(options.comment);
  t.renamed_from = std::move(options.renamed_from);
  const std::string where = t.qualified_name();
  if (t.name.empty()) fail(where, {}, "a table name may not be empty");
  if (columns.empty()) {
    fail(where, {}, fmt::format("table {} has no columns", where),
         "add retort::column(\"id\", &T::id).primary_key()");
  }

  std::size_t pk_count = 0;
  for (const auto& spec : columns) pk_count += spec.primary_key ? 1 : 0;

  auto rules = std::make_shared<detail::CompiledRules>();
  std::vector<Enum> enums;
  for (const auto& spec : columns) {
    if (spec.name.empty()) fail(where, {}, "a column name may not be empty");
    const FieldAccess& access = *spec.access;
    Column c;
    c.name = spec.name;
    c.type = column_type(where, spec);
    // Table::finish() autoincrements only a single integer/bigint key.
    const bool serial_type = c.type.kind == TypeKind::kInteger || c.type.kind == TypeKind::kBigint;
    check_options(where, spec, pk_count == 1 && spec.primary_key && serial_type);
    c.primary_key = spec.primary_key;
    // A std::optional key, identity or serial member is empty until the
    // database numbers the row: the column is still NOT NULL.
    c.nullable = spec.nullable.value_or(access.nullable() && !spec.primary_key &&
                                        spec.identity.empty() && !spec.serial);
    c.autoincrement_off = spec.autoincrement.has_value() && !*spec.autoincrement;
    if (spec.default_value && !std::holds_alternative<std::monostate>(*spec.default_value)) {
      c.default_.value = literal_of(where, spec, *spec.default_value);
    }
    if (spec.default_sql) c.default_.sql = *spec.default_sql;
    c.default_ = normalized_default(c.default_, c.type);
    c.comment = spec.comment;
    c.renamed_from = spec.renamed_from;
    c.identity = spec.identity;
    c.serial = spec.serial;
    c.sequence = spec.sequence;
    c.generated = spec.generated;
    c.collation = spec.collation;

    const std::vector<std::string> one = {c.name};
    if (spec.unique) t.uniques.push_back({.name = naming.unique_name(t.name, one), .columns = one});
    if (spec.index) {
      Index index;
      index.name = naming.index_name(t.name, one);
      index.keys.push_back(IndexKey{c.name, {}, SortOrder::kAsc});
      t.indexes.push_back(std::move(index));
    }
    if (!spec.fk_table.empty()) {
      ForeignKey fk;
      fk.columns = one;
      fk.ref_schema = spec.fk_schema;
      fk.ref_table = spec.fk_table;
      fk.ref_columns = {spec.fk_column};
      fk.on_delete = action(where, spec, spec.on_delete);
      fk.on_update = action(where, spec, spec.on_update);
      fk.name = naming.foreign_key_name(t.name, one, fk.ref_table);
      t.foreign_keys.push_back(std::move(fk));
    }
    if (c.type.kind == TypeKind::kEnum) {
      const bool known = std::any_of(enums.begin(), enums.end(),
                                     [&](const Enum& e) { return e.name == c.type.enum_name; });
      if (!known) enums.push_back(Enum{t.schema, c.type.enum_name, c.type.enum_values});
    } else if (spec.access->kind() == FieldKind::kArray &&
               spec.access->element_kind() == FieldKind::kEnum) {
      // An array of a named enum ("mood[]") needs the enum type, which is
      // created in the table's schema, so the array names it there, quoted
      // as the enum is (PostgreSQL folds a bare name to lower case).
      EnumInfo e = spec.access->enum_info();
      const bool known =
          std::any_of(enums.begin(), enums.end(), [&](const Enum& x) { return x.name == e.name; });
      if (!e.name.empty() && !known) enums.push_back(Enum{t.schema, e.name, e.values});
      if (!e.name.empty() && !spec.type) {
        c.type.native = (t.schema.empty() ? "" : detail::quoted_name(t.schema) + ".") +
                        detail::quoted_name(e.name) + "[]";
      }
    }

    std::optional<std::regex> pattern;
    if (!spec.pattern.empty()) {
      try {
        pattern.emplace(spec.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        fail(where, spec.name, fmt::format("invalid pattern \"{}\": {}", spec.pattern, e.what()),
             "write an ECMAScript regular expression");
      }
    }
    rules->patterns.push_back(std::move(pattern));
    t.columns.push_back(std::move(c));
  }
  if (pk_count > 0) t.primary_key_name = naming.primary_key_name(t.name);
  if (options.primary_key) {
    // table_primary_key() names the key's members and their order.
    for (const std::string& column : options.primary_key->columns) {
      Column* c = t.find_column(column);
      if (c == nullptr) {
        fail(where, column, fmt::format("table_primary_key names missing column \"{}\"", column),
             "declare the column, or fix table_primary_key");
      }
      c->primary_key = true;
      c->nullable = false;
    }
    t.primary_key_order = options.primary_key->columns;
    if (!options.primary_key->name.empty()) {
      t.primary_key_name = options.primary_key->name;
    } else if (!t.primary_key().empty()) {
      t.primary_key_name = naming.primary_key_name(t.name);
    }
    t.primary_key_deferrable = options.primary_key->deferrable;
    t.primary_key_initially_deferred = options.primary_key->initially_deferred;
  }

  for (auto& i : options.indexes) {
    Index index;
    index.keys = index_keys(i.columns);
    index.unique = i.unique;
    index.where = std::move(i.where);
    index.name = i.name.empty() ? naming.index_name(t.name, index.column_names()) : i.name;
    if (index.keys.empty()) fail(where, {}, fmt::format("index {} has no columns", index.name));
    t.indexes.push_back(std::move(index));
  }
  for (auto& u : options.uniques) {
    if (u.columns.empty()) fail(where, {}, "a table_unique needs columns");
    std::string uname = u.name.empty() ? naming.unique_name(t.name, u.columns) : u.name;
    t.uniques.push_back({.name = std::move(uname), .columns = std::move(u.columns)});
  }
  for (auto& c : options.checks) {
    if (c.name.empty() || detail::trim(c.sql).empty()) {
      fail(where, {}, "a table_check needs a non-empty name and sql");
    }
    t.checks.push_back({.name = std::move(c.name), .sql = std::move(c.sql)});
  }
  // Objects given whole: the convention names the ones left unnamed.
  for (Index& index : options.full_indexes) {
    if (index.name.empty()) index.name = naming.index_name(t.name, index.column_names());
    if (index.keys.empty()) fail(where, {}, fmt::format("index {} has no columns", index.name));
    t.indexes.push_back(std::move(index));
  }
  for (UniqueConstraint& u : options.full_uniques) {
    if (u.columns.empty()) fail(where, {}, "a unique constraint needs columns");
    if (u.name.empty()) u.name = naming.unique_name(t.name, u.columns);
    t.uniques.push_back(std::move(u));
  }
  for (CheckConstraint& c : options.full_checks) {
    if (c.name.empty() || detail::trim(c.sql).empty()) {
      fail(where, {}, "a check constraint needs a non-empty name and sql");
    }
    t.checks.push_back(std::move(c));
  }
  for (ForeignKey& fk : options.foreign_keys) {
    if (fk.columns.empty() || fk.columns.size() != fk.ref_columns.size()) {
      fail(where, {}, "a foreign key needs columns and as many ref_columns");
    }
    if (fk.name.empty()) fk.name = naming.foreign_key_name(t.name, fk.columns, fk.ref_table);
    t.foreign_keys.push_back(std::move(fk));
  }
  for (ExclusionConstraint& x : options.exclusions) {
    if (x.name.empty() || x.elements.empty()) {
      fail(where, {}, "an exclusion constraint needs a name and elements");
    }
    t.exclusions.push_back(std::move(x));
  }
  t.properties = std::move(options.properties);
  t.partition_by = std::move(options.partition_by);
  if (options.partition_of) {
    t.partition_of_schema = std::move(options.partition_of->schema);
    t.partition_of = std::move(options.partition_of->parent);
    t.partition_bound = std::move(options.partition_of->bound);
  }
  t.finish();
  if (std::count_if(columns.begin(), columns.end(), [](const ColumnSpec& c) { return c.version; }) >
      1) {
    fail(where, {}, fmt::format("table {} declares more than one version_column", where),
         "keep version_column() on one integer column");
  }
  for (const ForeignKey& fk : t.foreign_keys) {
    const ColumnSpec& spec =
        *std::find_if(columns.begin(), columns.end(),
                      [&](const ColumnSpec& c) { return c.name == fk.columns.front(); });
    if (spec.fk_model) {
      detail::check_foreign_key_target(t, fk, spec.fk_model->table);
    } else if (fk.ref_schema == t.schema && fk.ref_table == t.name &&
               t.find_column(fk.ref_columns.front()) != nullptr) {
      detail::check_foreign_key_target(t, fk, t);  // to its own table
    }
  }

  // The same checks read_models() runs; foreign keys to other tables are
  // checked when the MetaData holding both is built.
  MetaData alone;
  alone.tables.push_back(t);
  auto& fks = alone.tables.front().foreign_keys;
  std::erase_if(fks, [&](const ForeignKey& fk) {
    return fk.ref_schema != t.schema || fk.ref_table != t.name;
  });
  alone.enums = enums;
  if (Status s = validate(alone, t.name); !s) {
    Error e = std::move(s).error();
    e.file.clear();
    e.line = 0;
    throw DeclarationError(std::move(e));
  }

  for (std::size_t i = 0; i < columns.size(); ++i) {
    rules->value_rules.push_back(detail::has_value_rules(columns[i]) ? 1 : 0);
    rules->may_be_empty.push_back(detail::may_be_empty(columns[i], t.columns[i]) ? 1 : 0);
    if (rules->value_rules[i] || (!rules->may_be_empty[i] && columns[i].access->nullable())) {
      rules->checked.push_back(i);
    }
  }

  auto data = std::make_shared<ModelData>();
  data->type = &type;
  data->table = std::move(t);
  data->enums = std::move(enums);
  data->columns = std::move(columns);
  data->rules = std::move(rules);
  return data;
}

const ColumnSpec* ModelData::find(std::string_view column) const {
  for (const auto& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

const ColumnSpec* ModelData::column_for(const std::type_info& member_type,
                                        const void* member_pointer) const {
  for (const auto& c : columns) {
    if (c.access->is_member(member_type, member_pointer)) return &c;
  }
  return nullptr;
}

std::size_t ModelData::index_of(const ColumnSpec& column) const {
  return static_cast<std::size_t>(&column - columns.data());
}

namespace detail {

std::string type_name(const std::type_info& type) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string out = status == 0 && demangled != nullptr ? demangled : type.name();
  std::free(demangled);
  return out;
}

void check_foreign_key_target(const Table& from, const ForeignKey& fk, const Table& target) {
  if (fk.columns.size() != 1 || fk.ref_columns.size() != 1) return;
  const Column* column = from.find_column(fk.columns.front());
  const Column* ref = target.find_column(fk.ref_columns.front());
  if (column == nullptr || ref == nullptr) return;  // validate() names a missing column
  const std::string source = from.qualified_name() + "." + column->name;
  const std::string dest = target.qualified_name() + "." + ref->name;
  if (!is_unique_key(target, ref->name)) {
    fail(from.qualified_name(), column->name,
         fmt::format("foreign key {} -> {}: {} is neither the primary key nor unique", source, dest,
                     dest),
         fmt::format("reference {}'s primary key, or declare .unique() on {}",
                     target.qualified_name(), dest));
  }
  if (!same_key_type(column->type, ref->type)) {
    fail(from.qualified_name(), column->name,
         fmt::format("foreign key {} -> {}: {} is {} but {} is {}", source, dest, source,
                     column->type.to_string(), dest, ref->type.to_string()),
         fmt::format("give {} a member of the same kind as {}", source, dest));
  }
}

void run_default_factory(const ModelData& model, const ColumnSpec& column, void* object) {
  Status s = column.access->set(object, column.default_factory());
  if (!s) {
    Error e = std::move(s).error();
    e.message = "default_factory: " + e.message;
    e.on(model.table.qualified_name(), column.name);
    throw DeclarationError(std::move(e));
  }
}

void apply_declared_defaults(const ModelData& model, void* object) {
  for (const ColumnSpec& column : model.columns) {
    if (column.default_factory) {
      run_default_factory(model, column, object);
    } else if (column.default_value) {
      Status s = column.access->set(object, *column.default_value);
      if (!s) {
        Error e = std::move(s).error();
        e.message = "default_value: " + e.message;
        e.on(model.table.qualified_name(), column.name);
        throw DeclarationError(std::move(e));
      }
    }
  }
}

void throw_not_a_column(const ModelData& model) {
  Error e = Error::bad_input(
      fmt::format("the member is not a column of table {}", model.table.qualified_name()),
      "declare it with retort::column(\"name\", &T::member) in the table");
  e.on(model.table.qualified_name());
  throw DeclarationError(std::move(e));
}

void throw_no_model(const std::type_info& type) {
  throw DeclarationError(Error::bad_input(
      fmt::format("no table is declared for {}", type_name(type)),
      fmt::format("declare one with retort::table<{}>(\"name\", ...)", type_name(type))));
}

void register_model(const std::type_info& type, std::shared_ptr<const ModelData>& slot,
                    std::shared_ptr<const ModelData> data) {
  if (slot && slot->table != data->table) {
    Error e = Error::bad_input(
        fmt::format("{} is already the model of table {}; one struct maps to one table",
                    type_name(type), slot->table.qualified_name()),
        "declare a separate struct for each table");
    e.on(data->table.qualified_name());
    throw DeclarationError(std::move(e));
  }
  slot = std::move(data);
}

void set_foreign_key(ColumnSpec& spec, std::string_view reference) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = reference.find('.', start);
    parts.emplace_back(reference.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  const bool ok = (parts.size() == 2 || parts.size() == 3) &&
                  std::none_of(parts.begin(), parts.end(), [](const auto& p) { return p.empty(); });
  if (!ok) {
    Error e =
        Error::bad_input(fmt::format("column \"{}\": foreign_key must be \"table.column\" or "
                                     "\"schema.table.column\", got \"{}\"",
                                     spec.name, reference));
    e.on({}, spec.name);
    throw DeclarationError(std::move(e));
  }
  spec.fk_schema = parts.size() == 3 ? parts[0] : std::string();
  spec.fk_table = parts[parts.size() - 2];
  spec.fk_column = parts.back();
}

}  // namespace detail
}  // namespace retort
