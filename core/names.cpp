#include "core/names.hpp"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <variant>

#include "core/view_order.hpp"

namespace retort {
namespace {

void visit_optional(std::string_view kind, std::string& name, int line, const NameVisitor& visit) {
  if (!name.empty()) visit(NameRef{kind, name, line});
}

void visit_all(std::string_view kind, std::vector<std::string>& names, int line,
               const NameVisitor& visit) {
  for (std::string& n : names) visit(NameRef{kind, n, line});
}

void visit_type(Type& type, int line, const NameVisitor& visit) {
  if (type.kind == TypeKind::kEnum) visit(NameRef{"enum", type.enum_name, line});
}

void visit_column(Column& c, int line, const NameVisitor& visit) {
  const int at = c.line > 0 ? c.line : line;
  visit(NameRef{"column", c.name, at});
  visit_type(c.type, at, visit);
}

int line_or(int own, int fallback) { return own > 0 ? own : fallback; }

void visit_index(Index& i, int line, const NameVisitor& visit) {
  const int at = line_or(i.line, line);
  visit(NameRef{"index", i.name, at});
  for (IndexKey& k : i.keys) visit_optional("column", k.column, at, visit);
}

void visit_unique(UniqueConstraint& u, int line, const NameVisitor& visit) {
  const int at = line_or(u.line, line);
  visit(NameRef{"unique constraint", u.name, at});
  visit_all("column", u.columns, at, visit);
}

void visit_foreign_key(ForeignKey& fk, int line, const NameVisitor& visit) {
  const int at = line_or(fk.line, line);
  visit(NameRef{"foreign key", fk.name, at});
  visit_all("column", fk.columns, at, visit);
  visit_optional("schema", fk.ref_schema, at, visit);
  visit(NameRef{"referenced table", fk.ref_table, at});
  visit_all("referenced column", fk.ref_columns, at, visit);
}

void visit_check(CheckConstraint& c, int line, const NameVisitor& visit) {
  visit(NameRef{"check constraint", c.name, line_or(c.line, line)});
}

void visit_exclusion(ExclusionConstraint& x, int line, const NameVisitor& visit) {
  const int at = line_or(x.line, line);
  visit(NameRef{"exclusion constraint", x.name, at});
  for (ExclusionElement& e : x.elements) visit_optional("column", e.key.column, at, visit);
  visit_all("column", x.include, at, visit);
}

void visit_table(Table& t, int line, const NameVisitor& visit) {
  const int at = line_or(t.line, line);
  visit_optional("schema", t.schema, at, visit);
  visit(NameRef{"table", t.name, at});
  for (Column& c : t.columns) visit_column(c, at, visit);
  visit_optional("primary key", t.primary_key_name, at, visit);
  for (Index& i : t.indexes) visit_index(i, at, visit);
  for (UniqueConstraint& u : t.uniques) visit_unique(u, at, visit);
  for (ForeignKey& fk : t.foreign_keys) visit_foreign_key(fk, at, visit);
  for (CheckConstraint& c : t.checks) visit_check(c, at, visit);
  visit_optional("schema", t.partition_of_schema, at, visit);
  visit_optional("table", t.partition_of, at, visit);
  for (ExclusionConstraint& x : t.exclusions) visit_exclusion(x, at, visit);
}

void visit_enum(Enum& e, int line, const NameVisitor& visit) {
  visit_optional("schema", e.schema, line_or(e.line, line), visit);
  visit(NameRef{"enum", e.name, line_or(e.line, line)});
}

void visit_view(View& v, int line, const NameVisitor& visit) {
  const int at = line_or(v.line, line);
  visit_optional("schema", v.schema, at, visit);
  visit(NameRef{"view", v.name, at});
  for (Index& i : v.indexes) visit_index(i, at, visit);
}

void visit_object(Schema& s, int line, const NameVisitor& visit) {
  visit(NameRef{"schema", s.name, line_or(s.line, line)});
}
void visit_object(Extension& e, int line, const NameVisitor& visit) {
  visit_optional("schema", e.schema, line_or(e.line, line), visit);
  visit(NameRef{"extension", e.name, line_or(e.line, line)});
}
void visit_object(Sequence& q, int line, const NameVisitor& visit) {
  visit_optional("schema", q.schema, line_or(q.line, line), visit);
  visit(NameRef{"sequence", q.name, line_or(q.line, line)});
}
void visit_object(Domain& d, int line, const NameVisitor& visit) {
  const int at = line_or(d.line, line);
  visit_optional("schema", d.schema, at, visit);
  visit(NameRef{"domain", d.name, at});
  for (DomainCheck& c : d.checks) visit(NameRef{"check constraint", c.name, line_or(c.line, at)});
}
void visit_object(CompositeType& t, int line, const NameVisitor& visit) {
  const int at = line_or(t.line, line);
  visit_optional("schema", t.schema, at, visit);
  visit(NameRef{"type", t.name, at});
  for (TypeAttribute& a : t.attributes) visit(NameRef{"attribute", a.name, at});
}
void visit_object(Trigger& t, int line, const NameVisitor& visit) {
  const int at = line_or(t.line, line);
  visit_optional("schema", t.schema, at, visit);
  visit(NameRef{"table", t.table, at});
  visit(NameRef{"trigger", t.name, at});
}
void visit_object(Function& f, int line, const NameVisitor& visit) {
  const int at = line_or(f.line, line);
  visit_optional("schema", f.schema, at, visit);
  visit(NameRef{f.kind(), f.name, at});
}

// The op's own table: schema (when set) and name.
template <class O>
void visit_target(O& o, const NameVisitor& visit) {
  visit_optional("schema", o.schema, 0, visit);
  visit(NameRef{"table", o.table, 0});
}

struct OpVisitor {
  const NameVisitor& visit;

  void operator()(CreateTable& o) const { visit_table(o.table, 0, visit); }
  void operator()(DropTable& o) const { visit_table(o.table, 0, visit); }
  void operator()(RenameTable& o) const {
    visit_target(o, visit);
    visit(NameRef{"table", o.new_name, 0});
  }
  void operator()(AddColumn& o) const {
    visit_target(o, visit);
    visit_column(o.column, 0, visit);
  }
  void operator()(DropColumn& o) const {
    visit_target(o, visit);
    visit(NameRef{"column", o.column, 0});
    if (o.existing) visit_column(*o.existing, 0, visit);
  }
  void operator()(AlterColumn& o) const {
    visit_target(o, visit);
    visit(NameRef{"column", o.column, 0});
    if (o.type) visit_type(*o.type, 0, visit);
    if (o.existing) visit_column(*o.existing, 0, visit);
  }
  void operator()(RenameColumn& o) const {
    visit_target(o, visit);
    visit(NameRef{"column", o.column, 0});
    visit(NameRef{"column", o.new_name, 0});
  }
  void operator()(CreateIndex& o) const {
    visit_target(o, visit);
    visit_index(o.index, 0, visit);
  }
  void operator()(DropIndex& o) const {
    visit_target(o, visit);
    visit_index(o.index, 0, visit);
  }
  void operator()(RenameIndex& o) const {
    visit_target(o, visit);
    visit(NameRef{"index", o.index, 0});
    visit(NameRef{"index", o.new_name, 0});
  }
  void operator()(RenameConstraint& o) const {
    visit_target(o, visit);
    visit(NameRef{"constraint", o.constraint, 0});
    visit(NameRef{"constraint", o.new_name, 0});
  }
  void operator()(AddUnique& o) const {
    visit_target(o, visit);
    visit_unique(o.unique, 0, visit);
  }
  void operator()(DropUnique& o) const {
    visit_target(o, visit);
    visit_unique(o.unique, 0, visit);
  }
  void operator()(AddForeignKey& o) const {
    visit_target(o, visit);
    visit_foreign_key(o.foreign_key, 0, visit);
  }
  void operator()(DropForeignKey& o) const {
    visit_target(o, visit);
    visit_foreign_key(o.foreign_key, 0, visit);
  }
  void operator()(AddCheck& o) const {
    visit_target(o, visit);
    visit_check(o.check, 0, visit);
  }
  void operator()(DropCheck& o) const {
    visit_target(o, visit);
    visit_check(o.check, 0, visit);
  }
  void operator()(AlterPrimaryKey& o) const {
    visit_target(o, visit);
    visit_optional("primary key", o.name, 0, visit);
    visit_all("column", o.columns, 0, visit);
    visit_all("column", o.existing, 0, visit);
  }
  void operator()(SetTableComment& o) const { visit_target(o, visit); }
  void operator()(AlterTable& o) const { visit_target(o, visit); }
  void operator()(ValidateConstraint& o) const {
    visit_target(o, visit);
    visit(NameRef{"constraint", o.constraint, 0});
  }
  void operator()(AddExclusion& o) const {
    visit_target(o, visit);
    visit_exclusion(o.exclusion, 0, visit);
  }
  void operator()(DropExclusion& o) const {
    visit_target(o, visit);
    visit_exclusion(o.exclusion, 0, visit);
  }
  void operator()(CreateEnum& o) const { visit_enum(o.enum_, 0, visit); }
  void operator()(DropEnum& o) const { visit_enum(o.enum_, 0, visit); }
  void operator()(AlterEnum& o) const {
    visit_optional("schema", o.schema, 0, visit);
    visit(NameRef{"enum", o.name, 0});
  }
  void operator()(Execute&) const {}
  void operator()(CreateView& o) const { visit_view(o.view, 0, visit); }
  void operator()(DropView& o) const { visit_view(o.view, 0, visit); }
  void operator()(RefreshView& o) const {
    visit_optional("schema", o.schema, 0, visit);
    visit(NameRef{"view", o.name, 0});
  }
  template <class T>
  void operator()(CreateObject<T>& o) const {
    visit_object(o.object, 0, visit);
  }
  template <class T>
  void operator()(DropObject<T>& o) const {
    visit_object(o.object, 0, visit);
  }
  template <class T>
  void operator()(AlterObject<T>& o) const {
    visit_object(o.object, 0, visit);
    visit_object(o.existing, 0, visit);
  }
  void operator()(AttachPartition& o) const { visit_partition(o); }
  void operator()(DetachPartition& o) const { visit_partition(o); }
  template <class O>
  void visit_partition(O& o) const {
    visit_target(o, visit);
    visit_optional("schema", o.parent_schema, 0, visit);
    visit(NameRef{"table", o.parent, 0});
  }
  void operator()(BulkInsert& o) const {
    visit_target(o, visit);
    // Row keys are map keys: visited as copies (checked, never rewritten).
    std::set<std::string> keys;
    for (const auto& row : o.rows) {
      for (const auto& [key, value] : row) keys.insert(key);
    }
    for (std::string key : keys) visit(NameRef{"column", key, 0});
  }
};

// The name as a message shows it: control characters escaped.
std::string printable(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned>(u));
    } else {
      out += c;
    }
  }
  return out;
}

Error name_error(std::string_view kind, std::string_view name, std::string_view problem) {
  return Error::bad_input(fmt::format("{} name \"{}\" {}", kind, printable(name), problem),
                          "names must be non-empty and hold no NUL or other control character");
}

// Index and constraint names `naming` builds for `t`: the dialect shortens
// those when they are too long, so they are exempt from the limit.
std::set<std::string> conventional_names(const Table& t, const NamingConvention& naming) {
  std::set<std::string> out;
  for (const Index& i : t.indexes) {
    if (i.column_names().size() == i.keys.size()) {
      out.insert(naming.index_name(t.name, i.column_names()));
    }
  }
  for (const UniqueConstraint& u : t.uniques) out.insert(naming.unique_name(t.name, u.columns));
  for (const ForeignKey& fk : t.foreign_keys) {
    out.insert(naming.foreign_key_name(t.name, fk.columns, fk.ref_table));
  }
  out.insert(naming.primary_key_name(t.name));
  return out;
}

bool exempt_kind(std::string_view kind) {
  return kind == "index" || kind == "unique constraint" || kind == "foreign key" ||
         kind == "primary key";
}

// Every index and constraint name of `t`, primary key included.
template <class F>
void for_each_object_name(Table& t, F&& f) {
  if (!t.primary_key_name.empty()) f(t.primary_key_name);
  for (Index& i : t.indexes) f(i.name);
  for (UniqueConstraint& u : t.uniques) f(u.name);
  for (ForeignKey& fk : t.foreign_keys) f(fk.name);
  for (CheckConstraint& c : t.checks) f(c.name);
}

bool has_object_named(const Table& t, const std::string& name) {
  bool found = false;
  for_each_object_name(const_cast<Table&>(t), [&](const std::string& n) { found |= n == name; });
  return found;
}

}  // namespace

void for_each_name(Table& table, const NameVisitor& visit) { visit_table(table, 0, visit); }

void for_each_name(Op& op, const NameVisitor& visit) { std::visit(OpVisitor{visit}, op); }

std::string name_problem(std::string_view name) {
  if (name.empty()) return "is empty";
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u == 0) return "holds a NUL byte";
    if (u < 0x20 || u == 0x7f) {
      return fmt::format("holds the control character U+{:04X}", static_cast<unsigned>(u));
    }
  }
  return {};
}

Status check_names(const MetaData& schema, const std::string& source, const NameLimit& limit,
                   const NamingConvention& naming) {
  MetaData copy = schema;  // the visitor takes names by reference
  std::optional<Error> failure;
  for (Table& t : copy.tables) {
    const std::set<std::string> built =
        limit.max_bytes > 0 ? conventional_names(t, naming) : std::set<std::string>{};
    const std::string table = printable(t.qualified_name());
    for_each_name(t, [&](const NameRef& ref) {
      if (failure) return;
      if (std::string problem = name_problem(ref.name); !problem.empty()) {
        failure = name_error(ref.kind, ref.name, problem);
      } else if (limit.max_bytes > 0 && ref.name.size() > limit.max_bytes &&
                 !(exempt_kind(ref.kind) && built.contains(ref.name))) {
        failure = Error::bad_input(
            fmt::format("{} name \"{}\" is {} bytes; {} allows at most {} bytes in a name",
                        ref.kind, ref.name, ref.name.size(), limit.database, limit.max_bytes),
            fmt::format("shorten the name to {} bytes or fewer", limit.max_bytes));
      }
      if (failure) {
        failure->at(source, ref.line);
        failure->on(table, ref.kind == "column" ? printable(ref.name) : std::string());
      }
    });
    if (failure) return *failure;
  }
  if (limit.check_type) {
    for (const Table& t : copy.tables) {
      for (const Column& c : t.columns) {
        if (c.type.kind != TypeKind::kNative) continue;
        if (Status s = limit.check_type(c.type); !s) {
          Error e = std::move(s).error();
          e.at(source, c.line);
          e.on(printable(t.qualified_name()), printable(c.name));
          return e;
        }
      }
    }
  }
  if (limit.check_table) {
    for (const Table& t : copy.tables) {
      if (Status s = limit.check_table(t); !s) {
        Error e = std::move(s).error();
        e.at(source, t.line);
        e.on(printable(t.qualified_name()), std::string());
        return e;
      }
    }
  }
  // Enums and views: names only (no convention builds theirs).
  auto check_plain = [&](const NameRef& ref) {
    if (failure) return;
    if (std::string problem = name_problem(ref.name); !problem.empty()) {
      failure = name_error(ref.kind, ref.name, problem);
    } else if (limit.max_bytes > 0 && ref.name.size() > limit.max_bytes) {
      failure = Error::bad_input(
          fmt::format("{} name \"{}\" is {} bytes; {} allows at most {} bytes in a name", ref.kind,
                      ref.name, ref.name.size(), limit.database, limit.max_bytes),
          fmt::format("shorten the name to {} bytes or fewer", limit.max_bytes));
    }
    if (failure) failure->at(source, ref.line);
  };
  for (Enum& e : copy.enums) {
    visit_enum(e, 0, check_plain);
    if (failure) return *failure;
  }
  auto check_objects = [&](auto& list) -> std::optional<Error> {
    for (auto& x : list) {
      visit_object(x, 0, check_plain);
      if (failure) return failure;
      if (limit.check_object) {
        if (Status s = limit.check_object(x.describe()); !s) {
          Error e = std::move(s).error();
          e.at(source, x.line);
          return e;
        }
      }
    }
    return std::nullopt;
  };
  for (auto e : {check_objects(copy.schemas), check_objects(copy.extensions),
                 check_objects(copy.sequences), check_objects(copy.domains),
                 check_objects(copy.composite_types), check_objects(copy.functions)}) {
    if (e) return *e;
  }
  for (Trigger& t : copy.triggers) {
    visit_object(t, 0, check_plain);
    if (failure) return *failure;
    if (limit.check_trigger) {
      if (Status s = limit.check_trigger(t); !s) {
        Error e = std::move(s).error();
        e.at(t.source.empty() ? source : t.source, t.source.empty() ? t.line : 0);
        return e;
      }
    }
  }
  if (limit.check_function) {
    for (const Function& f : copy.functions) {
      if (Status s = limit.check_function(f); !s) {
        Error e = std::move(s).error();
        e.at(f.source.empty() ? source : f.source, f.source.empty() ? f.line : 0);
        return e;
      }
    }
  }
  for (View& v : copy.views) {
    visit_view(v, 0, check_plain);
    if (failure) return *failure;
    if (limit.check_view) {
      if (Status s = limit.check_view(v); !s) {
        Error e = std::move(s).error();
        e.at(v.source.empty() ? source : v.source, v.source.empty() ? v.line : 0);
        e.on(printable(view_key(v.schema, v.name)), std::string());
        return e;
      }
    }
  }
  return {};
}

Status check_op_names(const Op& op, const std::string& source, int line) {
  Op copy = op;
  std::optional<Error> failure;
  for_each_name(copy, [&](const NameRef& ref) {
    if (failure) return;
    if (std::string problem = name_problem(ref.name); !problem.empty()) {
      failure = name_error(ref.kind, ref.name, problem);
      failure->at(source, ref.line > 0 ? ref.line : line);
    }
  });
  if (failure) {
    failure->on(op_target(op));
    return *failure;
  }
  return {};
}

std::optional<Op> stored_names(const Op& op, std::size_t max_bytes) {
  if (max_bytes == 0) return std::nullopt;
  bool too_long = false;
  // Only reads: nothing is assigned through the references.
  for_each_name(const_cast<Op&>(op),
                [&](const NameRef& ref) { too_long = too_long || ref.name.size() > max_bytes; });
  if (!too_long) return std::nullopt;
  Op out = op;
  for_each_name(out, [&](const NameRef& ref) {
    if (ref.name.size() > max_bytes) ref.name = cut_name(ref.name, max_bytes);
  });
  return out;
}

void shorten_long_names(MetaData& schema, std::size_t max_bytes) {
  if (max_bytes == 0) return;
  for (Table& t : schema.tables) {
    for_each_object_name(t, [&](std::string& name) {
      if (name.size() <= max_bytes) return;
      std::string short_name = shorten_name(name, max_bytes);
      schema.shortened_names.push_back({t.schema, t.name, name, short_name});
      name = std::move(short_name);
    });
  }
}

std::vector<std::string> adopt_stored_names(const MetaData& live, MetaData& declared,
                                            std::size_t max_bytes) {
  std::vector<std::string> notes;
  if (max_bytes == 0) return notes;
  for (const ShortenedName& s : declared.shortened_names) {
    Table* mine = declared.find_table(s.schema, s.table);
    const Table* theirs = live.find_table(s.schema, s.table);
    if (mine == nullptr || theirs == nullptr || has_object_named(*theirs, s.shortened)) continue;
    const std::string stored = cut_name(s.declared, max_bytes);
    if (!has_object_named(*theirs, stored) || has_object_named(*mine, stored)) continue;
    for_each_object_name(*mine, [&](std::string& name) {
      if (name == s.shortened) name = stored;
    });
    notes.push_back(fmt::format(
        "table {}: kept \"{}\", the database's own cut to {} bytes of the convention's name "
        "\"{}\" (new objects get hashed names such as \"{}\")",
        mine->qualified_name(), stored, max_bytes, s.declared, s.shortened));
  }
  return notes;
}

}  // namespace retort
