#include "dialects/postgresql/pg_ddl_sequence.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/internal/text.hpp"
#include "dialects/postgresql/pg_ddl.hpp"
#include "dialects/postgresql/pg_normalize.hpp"
#include "dialects/postgresql/pg_sql.hpp"

namespace retort::postgresql {
namespace {

using Statements = std::vector<Statement>;

// "always", "by default", or "" for a column without an identity.
std::string identity_kind(const Column& c) {
  if (!c.identity.empty()) return c.identity;
  if (c.autoincrement && !c.serial) return "by default";
  return {};
}

std::string sequence_name(const Column& c, std::string_view table) {
  return c.sequence.name.empty() ? default_sequence_name(table, c.name) : c.sequence.name;
}

// Moves the column's sequence past the values already in the table, so the
// next insert does not collide with a row; nothing when a start is declared.
Statements past_existing_rows(const Column& c, std::string_view schema, std::string_view table) {
  if (c.sequence.start) return {};
  const std::string column = quote_ident(c.name);
  return {
      {fmt::format("SELECT setval(pg_get_serial_sequence({}, {}), "
                   "COALESCE(MAX({}), 0) + 1, false) FROM {}",
                   quote_literal(qualified_name(schema, table)), quote_literal(c.name), column,
                   qualified_name(schema, table))}};
}

std::string alter_table_column(const Table& t, std::string_view column) {
  return fmt::format("ALTER TABLE {} ALTER COLUMN {} ", qualified_name(t.schema, t.name),
                     quote_ident(column));
}

// The column with the identity, serial and sequence values the op sets.
Column after(const AlterColumn& op, Column c) {
  if (op.identity) c.identity = *op.identity;
  if (op.serial) c.serial = *op.serial;
  if (op.sequence) c.sequence = *op.sequence;
  return c;
}

}  // namespace

// The options PostgreSQL's CREATE SEQUENCE and identity clauses share.
std::string sequence_options_sql(const SequenceOptions& o) {
  std::vector<std::string> parts;
  if (o.increment) parts.push_back(fmt::format("INCREMENT BY {}", *o.increment));
  if (o.min) parts.push_back(fmt::format("MINVALUE {}", *o.min));
  if (o.max) parts.push_back(fmt::format("MAXVALUE {}", *o.max));
  if (o.start) parts.push_back(fmt::format("START WITH {}", *o.start));
  if (o.cache) parts.push_back(fmt::format("CACHE {}", *o.cache));
  if (o.cycle) parts.push_back("CYCLE");
  return fmt::format("{}", fmt::join(parts, " "));
}

// Every option as ALTER SEQUENCE / ALTER COLUMN ... SET takes it, those left
// unset back at PostgreSQL's defaults. `set` is "SET " inside ALTER COLUMN.
std::vector<std::string> sequence_reset_sql(const SequenceOptions& o, std::string_view set) {
  std::vector<std::string> parts;
  const std::int64_t increment = o.increment.value_or(1);
  parts.push_back(fmt::format("{}INCREMENT BY {}", set, increment));
  parts.push_back(o.min ? fmt::format("{}MINVALUE {}", set, *o.min)
                        : fmt::format("{}NO MINVALUE", set));
  parts.push_back(o.max ? fmt::format("{}MAXVALUE {}", set, *o.max)
                        : fmt::format("{}NO MAXVALUE", set));
  if (o.start) {
    parts.push_back(fmt::format("{}START WITH {}", set, *o.start));
  } else if (increment > 0) {
    parts.push_back(fmt::format("{}START WITH {}", set, o.min.value_or(1)));
  } else if (o.max) {
    parts.push_back(fmt::format("{}START WITH {}", set, *o.max));
  } else {
    parts.push_back(fmt::format("{}START WITH -1", set));
  }
  parts.push_back(fmt::format("{}CACHE {}", set, o.cache.value_or(1)));
  parts.push_back(fmt::format("{}{}", set, o.cycle ? "CYCLE" : "NO CYCLE"));
  return parts;
}

std::string identity_clause(const Column& c) {
  const std::string kind = identity_kind(c);
  if (kind.empty()) return {};
  std::string out = fmt::format(" GENERATED {} AS IDENTITY", detail::upper(kind));
  if (const std::string options = sequence_options_sql(c.sequence); !options.empty()) {
    out += " (" + options + ")";
  }
  return out;
}

Column with_serial_default(const Column& c, std::string_view schema, std::string_view table) {
  if (!c.serial) return c;
  Column out = c;
  out.default_ = ColumnDefault{};
  out.default_.sql = fmt::format("nextval({}::regclass)",
                                 quote_literal(qualified_name(schema, sequence_name(c, table))));
  out.autoincrement = false;  // its default says how
  return out;
}

Statements serial_renames(const Table& table, std::string_view new_table, std::string_view column,
                          std::string_view new_column) {
  Statements out;
  for (const Column& c : table.columns) {
    if (!c.serial || !c.sequence.name.empty()) continue;
    const std::string old_name = default_sequence_name(table.name, c.name);
    const std::string new_name =
        default_sequence_name(new_table, c.name == column ? new_column : c.name);
    if (old_name == new_name) continue;
    out.push_back({"ALTER SEQUENCE " + qualified_name(table.schema, old_name) + " RENAME TO " +
                   quote_ident(new_name)});
  }
  return out;
}

Statements serial_before(const Column& c, std::string_view schema, std::string_view table,
                         bool unlogged) {
  if (!c.serial) return {};
  std::string sql =
      fmt::format("CREATE {}SEQUENCE {} AS {}", unlogged ? "UNLOGGED " : "",
                  qualified_name(schema, sequence_name(c, table)), type_sql(c.type, schema));
  if (const std::string options = sequence_options_sql(c.sequence); !options.empty())
    sql += " " + options;
  return {{sql}};
}

Statements serial_after(const Column& c, std::string_view schema, std::string_view table) {
  if (!c.serial) return {};
  return {{fmt::format("ALTER SEQUENCE {} OWNED BY {}.{}",
                       qualified_name(schema, sequence_name(c, table)),
                       qualified_name(schema, table), quote_ident(c.name))}};
}

Statements alter_sequence_before(const AlterColumn& op, const Column& existing,
                                 const std::string& prefix) {
  const Column now = after(op, existing);
  Statements out;
  const std::string old_kind = identity_kind(existing);
  if (!old_kind.empty() && identity_kind(now).empty()) out.push_back({prefix + "DROP IDENTITY"});
  if (existing.serial && !now.serial) {
    out.push_back({prefix + "DROP DEFAULT"});
    out.push_back(
        {"DROP SEQUENCE " + qualified_name(op.schema, sequence_name(existing, op.table))});
  }
  return out;
}

Statements alter_sequence_after(const AlterColumn& op, const Column& existing,
                                const std::string& prefix, bool unlogged) {
  const Column now = after(op, existing);
  Statements out;
  const std::string old_kind = identity_kind(existing);
  const std::string new_kind = identity_kind(now);
  if (old_kind.empty() && !new_kind.empty()) {
    out.push_back({prefix + "ADD" + identity_clause(now)});
    for (Statement& s : past_existing_rows(now, op.schema, op.table)) out.push_back(std::move(s));
  } else if (!new_kind.empty()) {
    std::vector<std::string> sets;
    if (old_kind != new_kind) sets.push_back("SET GENERATED " + detail::upper(new_kind));
    if (op.sequence) {
      for (std::string& s : sequence_reset_sql(now.sequence, "SET ")) sets.push_back(std::move(s));
    }
    if (!sets.empty()) out.push_back({prefix + fmt::format("{}", fmt::join(sets, " "))});
  }
  if (!existing.serial && now.serial) {
    Column made = with_serial_default(now, op.schema, op.table);
    for (Statement& s : serial_before(now, op.schema, op.table, unlogged))
      out.push_back(std::move(s));
    out.push_back({prefix + "SET DEFAULT " + made.default_.to_sql()});
    for (Statement& s : serial_after(now, op.schema, op.table)) out.push_back(std::move(s));
    for (Statement& s : past_existing_rows(now, op.schema, op.table)) out.push_back(std::move(s));
  } else if (existing.serial && now.serial && op.sequence) {
    const std::string old_name = sequence_name(existing, op.table);
    const std::string new_name = sequence_name(now, op.table);
    if (old_name != new_name) {
      out.push_back({"ALTER SEQUENCE " + qualified_name(op.schema, old_name) + " RENAME TO " +
                     quote_ident(new_name)});
    }
    out.push_back({fmt::format("ALTER SEQUENCE {} {}", qualified_name(op.schema, new_name),
                               fmt::join(sequence_reset_sql(now.sequence, ""), " "))});
  }
  return out;
}

Statements key_identity_before(const Table& before, const Table& after) {
  Statements out;
  for (const Column& old_col : before.columns) {
    const Column* new_col = after.find_column(old_col.name);
    if (new_col == nullptr || identity_kind(old_col).empty() || !identity_kind(*new_col).empty())
      continue;
    out.push_back({alter_table_column(before, old_col.name) + "DROP IDENTITY"});
  }
  return out;
}

Statements key_identity_after(const Table& before, const Table& after) {
  Statements out;
  for (const Column& new_col : after.columns) {
    const Column* old_col = before.find_column(new_col.name);
    if (old_col == nullptr || !identity_kind(*old_col).empty() || identity_kind(new_col).empty())
      continue;
    out.push_back({alter_table_column(after, new_col.name) + "ADD" + identity_clause(new_col)});
    for (Statement& s : past_existing_rows(new_col, after.schema, after.name)) {
      out.push_back(std::move(s));
    }
  }
  return out;
}

}  // namespace retort::postgresql
