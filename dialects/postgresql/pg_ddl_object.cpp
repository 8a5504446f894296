#include "dialects/postgresql/pg_ddl_object.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <variant>

#include "core/function_head.hpp"
#include "core/internal/text.hpp"
#include "core/trigger_head.hpp"
#include "dialects/postgresql/pg_ddl.hpp"
#include "dialects/postgresql/pg_ddl_sequence.hpp"
#include "dialects/postgresql/pg_sql.hpp"

namespace retort::postgresql {
namespace {

using Statements = std::vector<Statement>;

Statement comment_on(std::string_view kind, const std::string& name, const std::string& comment) {
  return {fmt::format("COMMENT ON {} {} IS {}", kind, name,
                      comment.empty() ? std::string("NULL") : quote_literal(comment))};
}

std::string name_of(const Schema& s) { return quote_ident(s.name); }
// "touch" ON "app"."film": how DROP and COMMENT name a trigger.
std::string name_of(const Trigger& t) {
  return quote_ident(t.name) + " ON " + qualified_name(t.schema, t.table);
}

// ALTER TABLE ... ENABLE / DISABLE: what a trigger's state says.
Statement state_sql(const Trigger& t) {
  const char* action = t.state == "disabled"  ? "DISABLE"
                       : t.state == "replica" ? "ENABLE REPLICA"
                       : t.state == "always"  ? "ENABLE ALWAYS"
                                              : "ENABLE";
  return {fmt::format("ALTER TABLE {} {} TRIGGER {}", qualified_name(t.schema, t.table), action,
                      quote_ident(t.name))};
}

// "app"."f"(integer, text): how DROP and COMMENT name a function.
std::string name_of(const Function& f) {
  return qualified_name(f.schema, f.name) + "(" + f.arguments + ")";
}
std::string name_of(const Extension& e) { return quote_ident(e.name); }
template <class T>
std::string name_of(const T& x) {
  return qualified_name(x.schema, x.name);
}

std::string collate(const std::string& collation) {
  return collation.empty() ? std::string() : " COLLATE " + quote_ident(collation);
}

// "table.column" of a sequence's OWNED BY, in the sequence's schema.
std::string owner_sql(const Sequence& s) {
  if (s.owned_by.empty()) return "NONE";
  const auto dot = s.owned_by.find('.');
  return qualified_name(s.schema, s.owned_by.substr(0, dot)) + "." +
         quote_ident(s.owned_by.substr(dot + 1));
}

// A whole number as one ("0", not "0.0"): the server keeps the text, and a
// domain made from models should read as the one written by hand.
std::string default_sql(const ColumnDefault& d) {
  if (d.value) {
    if (const auto* x = std::get_if<double>(&*d.value);
        x != nullptr && std::isfinite(*x) && std::trunc(*x) == *x && std::fabs(*x) < 1e15) {
      return fmt::format("{}", static_cast<std::int64_t>(*x));
    }
  }
  return d.to_sql();
}

std::string check_clause(const DomainCheck& c) {
  return fmt::format("CONSTRAINT {} CHECK ({})", quote_ident(c.name), c.expression);
}

std::string attribute_sql(const TypeAttribute& a, const std::string& schema) {
  return quote_ident(a.name) + " " + type_sql(a.type, schema) + collate(a.collation);
}

}  // namespace

// --------------------------------------------------------------------- create

template <>
Statements create_object_sql(const Schema& s) {
  Statements out{{"CREATE SCHEMA IF NOT EXISTS " + name_of(s)}};
  if (!s.comment.empty()) out.push_back(comment_on("SCHEMA", name_of(s), s.comment));
  return out;
}

template <>
Statements create_object_sql(const Extension& e) {
  std::string sql = "CREATE EXTENSION IF NOT EXISTS " + name_of(e);
  if (!e.schema.empty()) sql += " WITH SCHEMA " + quote_ident(e.schema);
  if (!e.version.empty()) sql += " VERSION " + quote_literal(e.version);
  return {{sql}};
}

template <>
Statements create_object_sql(const Sequence& s) {
  std::string sql = fmt::format("CREATE SEQUENCE {} AS {}", name_of(s), type_sql(s.type, s.schema));
  if (const std::string options = sequence_options_sql(s.options); !options.empty()) {
    sql += " " + options;
  }
  Statements out{{sql}};
  if (!s.owned_by.empty()) {
    out.push_back({fmt::format("ALTER SEQUENCE {} OWNED BY {}", name_of(s), owner_sql(s))});
  }
  if (!s.comment.empty()) out.push_back(comment_on("SEQUENCE", name_of(s), s.comment));
  return out;
}

template <>
Statements create_object_sql(const Domain& d) {
  std::string sql = fmt::format("CREATE DOMAIN {} AS {}{}", name_of(d), type_sql(d.type, d.schema),
                                collate(d.collation));
  if (!d.default_.empty()) sql += " DEFAULT " + default_sql(d.default_);
  if (d.not_null) sql += " NOT NULL";
  for (const DomainCheck& c : d.checks) sql += " " + check_clause(c);
  Statements out{{sql}};
  if (!d.comment.empty()) out.push_back(comment_on("DOMAIN", name_of(d), d.comment));
  return out;
}

template <>
Statements create_object_sql(const CompositeType& t) {
  std::vector<std::string> attributes;
  for (const TypeAttribute& a : t.attributes) attributes.push_back(attribute_sql(a, t.schema));
  Statements out{{fmt::format("CREATE TYPE {} AS ({})", name_of(t), fmt::join(attributes, ", "))}};
  if (!t.comment.empty()) out.push_back(comment_on("TYPE", name_of(t), t.comment));
  return out;
}

// ----------------------------------------------------------------------- drop

template <>
Statements drop_object_sql(const Schema& s) {
  return {{"DROP SCHEMA " + name_of(s)}};
}
template <>
Statements drop_object_sql(const Extension& e) {
  return {{"DROP EXTENSION " + name_of(e)}};
}
template <>
Statements drop_object_sql(const Sequence& s) {
  return {{"DROP SEQUENCE " + name_of(s)}};
}
template <>
Statements drop_object_sql(const Domain& d) {
  return {{"DROP DOMAIN " + name_of(d)}};
}
template <>
Statements drop_object_sql(const CompositeType& t) {
  return {{"DROP TYPE " + name_of(t)}};
}

// A function's statement is run as written; the server checks it.
template <>
Statements create_object_sql(const Function& f) {
  Statements out{{f.sql}};
  if (!f.comment.empty())
    out.push_back(comment_on(detail::upper(f.routine), name_of(f), f.comment));
  return out;
}

template <>
Statements drop_object_sql(const Function& f) {
  return {{fmt::format("DROP {} {}", detail::upper(f.routine), name_of(f))}};
}

// A trigger's statement is run as written, then its state and comment.
template <>
Statements create_object_sql(const Trigger& t) {
  Statements out{{t.sql}};
  if (!t.state.empty()) out.push_back(state_sql(t));
  if (!t.comment.empty()) out.push_back(comment_on("TRIGGER", name_of(t), t.comment));
  return out;
}

template <>
Statements drop_object_sql(const Trigger& t) {
  return {{"DROP TRIGGER " + name_of(t)}};
}

// ---------------------------------------------------------------------- alter

template <>
Result<Statements> alter_object_sql(const Schema& s, const Schema& existing) {
  if (s.comment == existing.comment) return Statements{};
  return Statements{comment_on("SCHEMA", name_of(s), s.comment)};
}

template <>
Result<Statements> alter_object_sql(const Extension& e, const Extension& existing) {
  Statements out;
  if (!e.version.empty() && e.version != existing.version) {
    out.push_back(
        {fmt::format("ALTER EXTENSION {} UPDATE TO {}", name_of(e), quote_literal(e.version))});
  }
  if (e.schema != existing.schema) {
    out.push_back({fmt::format("ALTER EXTENSION {} SET SCHEMA {}", name_of(e),
                               quote_ident(e.schema.empty() ? "public" : e.schema))});
  }
  return out;
}

template <>
Result<Statements> alter_object_sql(const Sequence& s, const Sequence& existing) {
  Statements out;
  std::vector<std::string> parts;
  if (!(s.type == existing.type)) parts.push_back("AS " + type_sql(s.type, s.schema));
  if (!(s.options == existing.options)) {
    for (std::string& p : sequence_reset_sql(s.options, "")) parts.push_back(std::move(p));
  }
  if (!parts.empty()) {
    out.push_back({fmt::format("ALTER SEQUENCE {} {}", name_of(s), fmt::join(parts, " "))});
  }
  if (s.owned_by != existing.owned_by) {
    out.push_back({fmt::format("ALTER SEQUENCE {} OWNED BY {}", name_of(s), owner_sql(s))});
  }
  if (s.comment != existing.comment) out.push_back(comment_on("SEQUENCE", name_of(s), s.comment));
  return out;
}

template <>
Result<Statements> alter_object_sql(const Domain& d, const Domain& existing) {
  Statements out;
  const std::string head = "ALTER DOMAIN " + name_of(d) + " ";
  if (!(d.type == existing.type) || d.collation != existing.collation) {
    // ALTER DOMAIN cannot; the comparator writes a drop and a create.
    return Error::bad_input(
        fmt::format("alter_domain {}: a domain's base type or collation cannot be altered",
                    d.describe()),
        "write drop_domain and create_domain instead (the columns that use it must go first)");
  }
  if (!(d.default_ == existing.default_)) {
    out.push_back({head + (d.default_.empty() ? std::string("DROP DEFAULT")
                                              : "SET DEFAULT " + default_sql(d.default_))});
  }
  if (d.not_null != existing.not_null) {
    out.push_back({head + (d.not_null ? "SET NOT NULL" : "DROP NOT NULL")});
  }
  auto find = [](const std::vector<DomainCheck>& list, const std::string& name) {
    return std::find_if(list.begin(), list.end(),
                        [&](const DomainCheck& c) { return c.name == name; });
  };
  for (const DomainCheck& c : existing.checks) {
    auto now = find(d.checks, c.name);
    if (now == d.checks.end() || !(*now == c)) {
      out.push_back({head + "DROP CONSTRAINT " + quote_ident(c.name)});
    }
  }
  for (const DomainCheck& c : d.checks) {
    auto was = find(existing.checks, c.name);
    if (was == existing.checks.end() || !(*was == c)) {
      out.push_back({head + "ADD " + check_clause(c)});
    }
  }
  if (d.comment != existing.comment) out.push_back(comment_on("DOMAIN", name_of(d), d.comment));
  return out;
}

template <>
Result<Statements> alter_object_sql(const CompositeType& t, const CompositeType& existing) {
  std::vector<std::string> actions;
  auto find = [](const std::vector<TypeAttribute>& list, const std::string& name) {
    return std::find_if(list.begin(), list.end(),
                        [&](const TypeAttribute& a) { return a.name == name; });
  };
  for (const TypeAttribute& a : existing.attributes) {
    auto now = find(t.attributes, a.name);
    if (now == t.attributes.end()) {
      actions.push_back("DROP ATTRIBUTE " + quote_ident(a.name));
    } else if (!(*now == a)) {
      actions.push_back(fmt::format("ALTER ATTRIBUTE {} TYPE {}{}", quote_ident(a.name),
                                    type_sql(now->type, t.schema), collate(now->collation)));
    }
  }
  for (const TypeAttribute& a : t.attributes) {
    if (find(existing.attributes, a.name) == existing.attributes.end()) {
      actions.push_back("ADD ATTRIBUTE " + attribute_sql(a, t.schema));
    }
  }
  Statements out;
  if (!actions.empty()) {
    out.push_back({fmt::format("ALTER TYPE {} {}", name_of(t), fmt::join(actions, ", "))});
  }
  if (t.comment != existing.comment) out.push_back(comment_on("TYPE", name_of(t), t.comment));
  return out;
}

// CREATE OR REPLACE with the new statement: what depends on the function
// (triggers, views, defaults) stays. A change it cannot make is a drop and
// a create (core/object_diff.hpp).
template <>
Result<Statements> alter_object_sql(const Function& f, const Function& existing) {
  Statements out;
  if (!(f.canonical.empty() && existing.canonical.empty() ? f.sql == existing.sql
                                                          : f.canonical == existing.canonical)) {
    out.push_back({or_replace_sql(f.sql)});
  }
  if (f.comment != existing.comment) {
    out.push_back(comment_on(detail::upper(f.routine), name_of(f), f.comment));
  }
  return out;
}

// CREATE OR REPLACE TRIGGER with the new statement (a constraint trigger,
// which has no OR REPLACE, is dropped and created in the same
// transaction), then the state and the comment where they differ. Either
// way the new statement leaves the trigger enabled, so a state other than
// that is set again.
template <>
Result<Statements> alter_object_sql(const Trigger& t, const Trigger& existing) {
  Statements out;
  const bool same = t.canonical.empty() && existing.canonical.empty()
                        ? t.sql == existing.sql
                        : t.canonical == existing.canonical;
  bool recreated = false;
  if (!same) {
    const std::optional<TriggerHead> head = read_trigger_head(t.sql);
    if (head && head->constraint) {
      out.push_back({"DROP TRIGGER " + name_of(existing)});
      out.push_back({t.sql});
      recreated = true;
    } else {
      out.push_back({or_replace_trigger_sql(t.sql)});
    }
  }
  if (t.state != existing.state || (!same && !t.state.empty())) out.push_back(state_sql(t));
  if (t.comment != existing.comment || (recreated && !t.comment.empty())) {
    out.push_back(comment_on("TRIGGER", name_of(t), t.comment));
  }
  return out;
}

}  // namespace retort::postgresql
