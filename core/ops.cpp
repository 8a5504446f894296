#include "core/ops.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace retort {
namespace {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::string qualify(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

std::string key_list(const std::vector<IndexKey>& keys) {
  std::vector<std::string> parts;
  for (const auto& k : keys) {
    std::string p = k.column.empty() ? k.expression : k.column;
    if (k.order == SortOrder::kDesc) p += " DESC";
    parts.push_back(std::move(p));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string column_summary(const Column& c) {
  std::string out = c.type.to_string();
  if (c.type.kind == TypeKind::kEnum && !c.type.enum_name.empty()) out += " " + c.type.enum_name;
  out += c.nullable ? ", nullable" : ", not null";
  if (c.primary_key) out += ", primary key";
  if (!c.default_.empty()) out += ", default " + c.default_.to_sql();
  return out;
}

// The column after an AlterColumn's changes are made to `c`.
void apply_changes(Column& c, const AlterColumn& op) {
  if (op.type) c.type = *op.type;
  if (op.nullable) c.nullable = *op.nullable;
  if (op.default_) c.default_ = *op.default_;
  if (op.comment) c.comment = *op.comment;
}

std::string first_line(const std::string& s) {
  auto nl = s.find('\n');
  std::string line = s.substr(0, nl);
  if (line.size() > 60) line = line.substr(0, 57) + "...";
  if (nl != std::string::npos) line += " ...";
  return line;
}

}  // namespace

std::string_view op_name(const Op& op) {
  static constexpr std::string_view kNames[] = {
      "create_table",      "drop_table",        "rename_table",     "add_column", "drop_column",
      "alter_column",      "rename_column",     "create_index",     "drop_index", "add_unique",
      "drop_unique",       "add_foreign_key",   "drop_foreign_key", "add_check",  "drop_check",
      "alter_primary_key", "set_table_comment", "create_enum",      "alter_enum", "drop_enum",
      "execute",           "bulk_insert",
  };
  static_assert(std::size(kNames) == std::variant_size_v<Op>);
  return kNames[op.index()];
}

std::string op_target(const Op& op) {
  return std::visit(Overloaded{
                        [](const CreateTable& o) { return o.table.qualified_name(); },
                        [](const DropTable& o) { return o.table.qualified_name(); },
                        [](const CreateEnum&) { return std::string(); },
                        [](const AlterEnum&) { return std::string(); },
                        [](const DropEnum&) { return std::string(); },
                        [](const Execute&) { return std::string(); },
                        [](const auto& o) { return qualify(o.schema, o.table); },
                    },
                    op);
}

std::string describe(const Op& op) {
  return std::visit(
      Overloaded{
          [](const CreateTable& o) {
            return fmt::format("create table {} ({} columns)", o.table.qualified_name(),
                               o.table.columns.size());
          },
          [](const DropTable& o) { return fmt::format("drop table {}", o.table.qualified_name()); },
          [](const RenameTable& o) {
            return fmt::format("rename table {} to {}", qualify(o.schema, o.table), o.new_name);
          },
          [](const AddColumn& o) {
            return fmt::format("add column {}.{} ({})", qualify(o.schema, o.table), o.column.name,
                               column_summary(o.column));
          },
          [](const DropColumn& o) {
            return fmt::format("drop column {}.{}", qualify(o.schema, o.table), o.column);
          },
          [](const AlterColumn& o) {
            std::vector<std::string> changes;
            const Column* old = o.existing ? &*o.existing : nullptr;
            if (o.type) {
              changes.push_back(
                  old ? fmt::format("type {} -> {}", old->type.to_string(), o.type->to_string())
                      : fmt::format("type -> {}", o.type->to_string()));
            }
            if (o.nullable) changes.push_back(*o.nullable ? "nullable" : "not null");
            if (o.default_) {
              changes.push_back(o.default_->empty() ? "drop default"
                                                    : "default " + o.default_->to_sql());
            }
            if (o.comment) changes.push_back(o.comment->empty() ? "drop comment" : "comment");
            return fmt::format("alter column {}.{}: {}", qualify(o.schema, o.table), o.column,
                               fmt::join(changes, ", "));
          },
          [](const RenameColumn& o) {
            return fmt::format("rename column {}.{} to {}", qualify(o.schema, o.table), o.column,
                               o.new_name);
          },
          [](const CreateIndex& o) {
            return fmt::format("create {}index {} on {} ({})", o.index.unique ? "unique " : "",
                               o.index.name, qualify(o.schema, o.table), key_list(o.index.keys));
          },
          [](const DropIndex& o) {
            return fmt::format("drop index {} on {}", o.index.name, qualify(o.schema, o.table));
          },
          [](const AddUnique& o) {
            return fmt::format("add unique constraint {} on {} ({})", o.unique.name,
                               qualify(o.schema, o.table), fmt::join(o.unique.columns, ", "));
          },
          [](const DropUnique& o) {
            return fmt::format("drop unique constraint {} on {}", o.unique.name,
                               qualify(o.schema, o.table));
          },
          [](const AddForeignKey& o) {
            const ForeignKey& fk = o.foreign_key;
            return fmt::format("add foreign key {} on {} ({}) -> {} ({})", fk.name,
                               qualify(o.schema, o.table), fmt::join(fk.columns, ", "),
                               qualify(fk.ref_schema, fk.ref_table),
                               fmt::join(fk.ref_columns, ", "));
          },
          [](const DropForeignKey& o) {
            return fmt::format("drop foreign key {} on {}", o.foreign_key.name,
                               qualify(o.schema, o.table));
          },
          [](const AddCheck& o) {
            return fmt::format("add check constraint {} on {} ({})", o.check.name,
                               qualify(o.schema, o.table), o.check.sql);
          },
          [](const DropCheck& o) {
            return fmt::format("drop check constraint {} on {}", o.check.name,
                               qualify(o.schema, o.table));
          },
          [](const AlterPrimaryKey& o) {
            return fmt::format("alter primary key of {}: ({}) -> ({})", qualify(o.schema, o.table),
                               fmt::join(o.existing, ", "), fmt::join(o.columns, ", "));
          },
          [](const SetTableComment& o) {
            return o.comment.empty()
                       ? fmt::format("remove comment on table {}", qualify(o.schema, o.table))
                       : fmt::format("set comment on table {}", qualify(o.schema, o.table));
          },
          [](const CreateEnum& o) {
            return fmt::format("create enum {} ({})", qualify(o.enum_.schema, o.enum_.name),
                               fmt::join(o.enum_.values, ", "));
          },
          [](const AlterEnum& o) {
            return fmt::format("alter enum {}: ({}) -> ({})", qualify(o.schema, o.name),
                               fmt::join(o.existing, ", "), fmt::join(o.values, ", "));
          },
          [](const DropEnum& o) {
            return fmt::format("drop enum {}", qualify(o.enum_.schema, o.enum_.name));
          },
          [](const Execute& o) {
            return o.dialect.empty()
                       ? fmt::format("execute: {}", first_line(o.sql))
                       : fmt::format("execute on {}: {}", o.dialect, first_line(o.sql));
          },
          [](const BulkInsert& o) {
            return fmt::format("insert {} row{} into {}", o.rows.size(),
                               o.rows.size() == 1 ? "" : "s", qualify(o.schema, o.table));
          },
      },
      op);
}

std::optional<Op> inverse(const Op& op) {
  return std::visit(
      Overloaded{
          [](const CreateTable& o) -> std::optional<Op> { return DropTable{o.table}; },
          [](const DropTable& o) -> std::optional<Op> { return CreateTable{o.table}; },
          [](const RenameTable& o) -> std::optional<Op> {
            return RenameTable{o.schema, o.new_name, o.table};
          },
          [](const AddColumn& o) -> std::optional<Op> {
            return DropColumn{o.schema, o.table, o.column.name, o.column};
          },
          [](const DropColumn& o) -> std::optional<Op> {
            if (!o.existing) return std::nullopt;
            Column c = *o.existing;
            c.name = o.column;
            return AddColumn{o.schema, o.table, std::move(c)};
          },
          [](const AlterColumn& o) -> std::optional<Op> {
            if (!o.existing) return std::nullopt;
            const Column& old = *o.existing;
            AlterColumn inv;
            inv.schema = o.schema;
            inv.table = o.table;
            inv.column = o.column;
            if (o.type) inv.type = old.type;
            if (o.nullable) inv.nullable = old.nullable;
            if (o.default_) inv.default_ = old.default_;
            if (o.comment) inv.comment = old.comment;
            Column now = old;
            apply_changes(now, o);
            inv.existing = std::move(now);
            return inv;
          },
          [](const RenameColumn& o) -> std::optional<Op> {
            return RenameColumn{o.schema, o.table, o.new_name, o.column};
          },
          [](const CreateIndex& o) -> std::optional<Op> {
            return DropIndex{o.schema, o.table, o.index};
          },
          [](const DropIndex& o) -> std::optional<Op> {
            return CreateIndex{o.schema, o.table, o.index};
          },
          [](const AddUnique& o) -> std::optional<Op> {
            return DropUnique{o.schema, o.table, o.unique};
          },
          [](const DropUnique& o) -> std::optional<Op> {
            return AddUnique{o.schema, o.table, o.unique};
          },
          [](const AddForeignKey& o) -> std::optional<Op> {
            return DropForeignKey{o.schema, o.table, o.foreign_key};
          },
          [](const DropForeignKey& o) -> std::optional<Op> {
            return AddForeignKey{o.schema, o.table, o.foreign_key};
          },
          [](const AddCheck& o) -> std::optional<Op> {
            return DropCheck{o.schema, o.table, o.check};
          },
          [](const DropCheck& o) -> std::optional<Op> {
            return AddCheck{o.schema, o.table, o.check};
          },
          [](const AlterPrimaryKey& o) -> std::optional<Op> {
            return AlterPrimaryKey{o.schema, o.table, o.name, o.existing, o.columns};
          },
          [](const SetTableComment& o) -> std::optional<Op> {
            return SetTableComment{o.schema, o.table, o.existing, o.comment};
          },
          [](const CreateEnum& o) -> std::optional<Op> { return DropEnum{o.enum_}; },
          [](const AlterEnum& o) -> std::optional<Op> {
            return AlterEnum{o.schema, o.name, o.existing, o.values};
          },
          [](const DropEnum& o) -> std::optional<Op> { return CreateEnum{o.enum_}; },
          [](const Execute&) -> std::optional<Op> { return std::nullopt; },
          [](const BulkInsert&) -> std::optional<Op> { return std::nullopt; },
      },
      op);
}

Result<std::vector<Op>> inverse_all(const std::vector<Op>& ops) {
  std::vector<Op> out;
  out.reserve(ops.size());
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    std::optional<Op> inv = inverse(*it);
    if (!inv) {
      return Error::bad_input(
          fmt::format("{} has no inverse: {}", op_name(*it), describe(*it)),
          "write the downgrade ops by hand, or give the op the `existing` values it needs");
    }
    out.push_back(std::move(*inv));
  }
  return out;
}

}  // namespace retort
