// Op kinds on data and raw SQL: execute, bulk_insert. They change no schema
// object, so they have no inverse and apply() only checks what they name.
#include <fmt/format.h>

#include "core/ops/op_kind.hpp"
#include "core/ops/schema_edit.hpp"

namespace retort::detail {
namespace {

std::string first_line(const std::string& s) {
  auto nl = s.find('\n');
  std::string line = s.substr(0, nl);
  if (line.size() > 60) line = line.substr(0, 57) + "...";
  if (nl != std::string::npos) line += " ...";
  return line;
}

toml::table write_rows(const BulkInsert& o) {
  toml::table t = entry_head(o.schema, o.table);
  toml::array rows;
  for (const auto& row : o.rows) {
    toml::table r;
    r.is_inline(true);
    for (const auto& [k, v] : row) insert_literal(r, k, v);
    rows.push_back(std::move(r));
  }
  t.insert_or_assign("rows", std::move(rows));
  return t;
}

Result<std::map<std::string, Literal>> read_row(const toml::node& element, const OpReader& in,
                                                const std::string& table) {
  const toml::table* row = element.as_table();
  if (row == nullptr) {
    return in.r().error("every element of `rows` must be a table { column = value, ... }",
                        line_of(element));
  }
  std::map<std::string, Literal> values;
  std::vector<std::string_view> keys;
  for (auto&& [k, v] : *row) keys.push_back(k.str());
  EntryReader rr(*row, in.source(), "row", keys);
  rr.set_context(table);
  for (auto key : keys) {
    auto lit = rr.literal(key);
    if (!lit) return lit.error();
    values.emplace(std::string(key), std::move(*lit));
  }
  return values;
}

Result<BulkInsert> read_rows(OpReader& in) {
  BulkInsert b;
  if (auto s = in.target(b.schema, b.table); !s) return s.error();
  if (auto s = in.check(); !s) return s.error();
  auto rows = in.r().array("rows");
  if (!rows) return rows.error();
  if (*rows == nullptr) return in.r().error("bulk_insert op is missing `rows`", in.r().line());
  for (const auto& element : **rows) {
    auto row = read_row(element, in, b.table);
    if (!row) return row.error();
    b.rows.push_back(std::move(*row));
  }
  return b;
}

}  // namespace

const OpKind<Execute>& op_kind(Tag<Execute>) {
  static const OpKind<Execute> kind{
      .name = "execute",
      .keys = {"sql", "dialect"},
      .target = [](const Execute&) { return std::string(); },
      .describe =
          [](const Execute& o) {
            return o.dialect.empty()
                       ? fmt::format("execute: {}", first_line(o.sql))
                       : fmt::format("execute on {}: {}", o.dialect, first_line(o.sql));
          },
      .inverse = [](const Execute&) -> std::optional<Op> { return std::nullopt; },
      .write =
          [](const Execute& o) {
            toml::table t;
            t.insert_or_assign("sql", o.sql);
            if (!o.dialect.empty()) t.insert_or_assign("dialect", o.dialect);
            return t;
          },
      .read = [](OpReader& in) -> Result<Execute> {
        if (auto s = in.check(); !s) return s.error();
        auto sql = in.r().required_string("sql");
        if (!sql) return sql.error();
        auto dialect = in.r().string("dialect");
        if (!dialect) return dialect.error();
        return Execute{*sql, *dialect};
      },
      .apply = [](MetaData&, const Execute&) -> Status { return {}; },
      .changes_existing = changes_nothing_existing<Execute>,
  };
  return kind;
}

const OpKind<BulkInsert>& op_kind(Tag<BulkInsert>) {
  static const OpKind<BulkInsert> kind{
      .name = "bulk_insert",
      .keys = {"schema", "table", "rows"},
      .target = [](const BulkInsert& o) { return qualify(o.schema, o.table); },
      .describe =
          [](const BulkInsert& o) {
            return fmt::format("insert {} row{} into {}", o.rows.size(),
                               o.rows.size() == 1 ? "" : "s", qualify(o.schema, o.table));
          },
      .inverse = [](const BulkInsert&) -> std::optional<Op> { return std::nullopt; },
      .write = write_rows,
      .read = read_rows,
      .apply = [](MetaData& md, const BulkInsert& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        for (const auto& row : o.rows) {
          for (const auto& [col, value] : row) {
            if (auto c = column_for(**t, name_of<BulkInsert>(), col); !c) return c.error();
          }
        }
        return {};
      },
      .changes_existing = table_in<BulkInsert>,
  };
  return kind;
}

}  // namespace retort::detail
