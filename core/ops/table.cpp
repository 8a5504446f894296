// Op kinds on whole tables: create_table, drop_table, rename_table,
// set_table_comment, alter_table.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/internal/schema_validate.hpp"
#include "core/ops/op_kind.hpp"
#include "core/ops/partition.hpp"
#include "core/ops/schema_edit.hpp"

namespace retort::detail {
namespace {

// create_table and drop_table carry a whole table, in the models.toml form.
toml::table table_entry(const Table& table) {
  return table_toml(table, NamingConvention{}, {}, "table");
}

Result<Table> read_table(OpReader& in) {
  auto t = parse_table(in.entry(), in.source(), NamingConvention{}, "table", {"op"});
  if (!t) return t.error();
  // The models' rename intent: a revision file states the rename itself.
  const char* kIntent = "`renamed_from` belongs in the models, not in a revision file";
  const char* kIntentHint = "write a rename_table or rename_column op instead";
  if (!t->renamed_from.empty())
    return in.r().error(kIntent, in.r().line("renamed_from"), kIntentHint);
  for (const Column& c : t->columns) {
    if (!c.renamed_from.empty()) return in.r().error(kIntent, c.line, kIntentHint);
  }
  if (auto s = validate_table(*t, in.source()); !s) return s.error();
  return t;
}

// What alter_table changes, for its description: "unlogged -> logged, storage
// (fillfactor=70) -> (), ...".
std::string describe_properties(const TableProperties& to, const TableProperties& from) {
  std::vector<std::string> changes;
  if (to.unlogged != from.unlogged) changes.push_back(to.unlogged ? "unlogged" : "logged");
  if (to.storage != from.storage) {
    changes.push_back(fmt::format("storage ({}) -> ({})", fmt::join(from.storage, ", "),
                                  fmt::join(to.storage, ", ")));
  }
  auto flag = [&](bool now, bool was, std::string_view name) {
    if (now != was) changes.push_back(fmt::format("{}{}", now ? "" : "no ", name));
  };
  flag(to.sqlite_autoincrement, from.sqlite_autoincrement, "AUTOINCREMENT");
  flag(to.sqlite_without_rowid, from.sqlite_without_rowid, "WITHOUT ROWID");
  flag(to.sqlite_strict, from.sqlite_strict, "STRICT");
  if (changes.empty()) changes.push_back("no change");
  return fmt::format("{}", fmt::join(changes, ", "));
}

}  // namespace

const OpKind<CreateTable>& op_kind(Tag<CreateTable>) {
  static const OpKind<CreateTable> kind{
      .name = "create_table",
      .keys = {},
      .target = [](const CreateTable& o) { return o.table.qualified_name(); },
      .describe =
          [](const CreateTable& o) {
            return fmt::format("create table {} ({} columns)", o.table.qualified_name(),
                               o.table.columns.size());
          },
      .inverse = [](const CreateTable& o) -> std::optional<Op> { return DropTable{o.table}; },
      .write = [](const CreateTable& o) { return table_entry(o.table); },
      .read = [](OpReader& in) -> Result<CreateTable> {
        auto t = read_table(in);
        if (!t) return t.error();
        return CreateTable{std::move(*t)};
      },
      .apply = [](MetaData& md, const CreateTable& o) -> Status {
        if (md.find_table(o.table.schema, o.table.name) != nullptr) {
          return Error::bad_input(fmt::format("{}: table {} already exists", name_of<CreateTable>(),
                                              o.table.qualified_name()))
              .on(o.table.name);
        }
        md.tables.push_back(o.table);
        md.tables.back().finish();
        sort_tables(md);
        return {};
      },
      .changes_existing = changes_nothing_existing<CreateTable>,
  };
  return kind;
}

const OpKind<DropTable>& op_kind(Tag<DropTable>) {
  static const OpKind<DropTable> kind{
      .name = "drop_table",
      .keys = {},
      .target = [](const DropTable& o) { return o.table.qualified_name(); },
      .describe =
          [](const DropTable& o) { return fmt::format("drop table {}", o.table.qualified_name()); },
      .inverse = [](const DropTable& o) -> std::optional<Op> { return CreateTable{o.table}; },
      .write = [](const DropTable& o) { return table_entry(o.table); },
      .read = [](OpReader& in) -> Result<DropTable> {
        auto t = read_table(in);
        if (!t) return t.error();
        return DropTable{std::move(*t)};
      },
      .apply = [](MetaData& md, const DropTable& o) -> Status {
        if (dropped_with_parent(o.table, md)) return {};
        auto t = table_for(md, name_of<DropTable>(), o.table.schema, o.table.name);
        if (!t) return t.error();
        std::erase_if(md.tables, [&](const Table& x) { return &x == *t; });
        // Its triggers go with it, as in the database.
        std::erase_if(md.triggers, [&](const Trigger& x) {
          return x.schema == o.table.schema && x.table == o.table.name;
        });
        forget_partitions(md, o.table.schema, o.table.name);
        return {};
      },
      .changes_existing =
          [](const MetaData& before, const DropTable& o) {
            return before.find_table(o.table.schema, o.table.name) != nullptr;
          },
  };
  return kind;
}

const OpKind<RenameTable>& op_kind(Tag<RenameTable>) {
  static const OpKind<RenameTable> kind{
      .name = "rename_table",
      .keys = {"schema", "table", "new_name"},
      .target = [](const RenameTable& o) { return qualify(o.schema, o.table); },
      .describe =
          [](const RenameTable& o) {
            return fmt::format("rename table {} to {}", qualify(o.schema, o.table), o.new_name);
          },
      .inverse = [](const RenameTable& o) -> std::optional<Op> {
        return RenameTable{o.schema, o.new_name, o.table};
      },
      .write =
          [](const RenameTable& o) {
            toml::table t = entry_head(o.schema, o.table);
            t.insert_or_assign("new_name", o.new_name);
            return t;
          },
      .read = [](OpReader& in) -> Result<RenameTable> {
        RenameTable o;
        if (auto s = in.target(o.schema, o.table); !s) return s.error();
        if (auto s = in.check(); !s) return s.error();
        auto new_name = in.r().required_string("new_name");
        if (!new_name) return new_name.error();
        o.new_name = *new_name;
        return o;
      },
      .apply = [](MetaData& md, const RenameTable& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        if (md.find_table(o.schema, o.new_name) != nullptr) {
          return Error::bad_input(fmt::format("{}: table {} already exists", name_of<RenameTable>(),
                                              qualify(o.schema, o.new_name)))
              .on(o.new_name);
        }
        (*t)->name = o.new_name;
        // Triggers and foreign keys follow the renamed table, as in the database.
        for (Trigger& x : md.triggers) {
          if (x.schema == o.schema && x.table == o.table) x.table = o.new_name;
        }
        for (auto& other : md.tables) {
          for (auto& fk : other.foreign_keys) {
            if (fk.ref_schema == o.schema && fk.ref_table == o.table) fk.ref_table = o.new_name;
          }
        }
        sort_tables(md);
        return {};
      },
      .changes_existing = table_in<RenameTable>,
  };
  return kind;
}

const OpKind<SetTableComment>& op_kind(Tag<SetTableComment>) {
  static const OpKind<SetTableComment> kind{
      .name = "set_table_comment",
      .keys = {"schema", "table", "comment", "existing"},
      .target = [](const SetTableComment& o) { return qualify(o.schema, o.table); },
      .describe =
          [](const SetTableComment& o) {
            return o.comment.empty()
                       ? fmt::format("remove comment on table {}", qualify(o.schema, o.table))
                       : fmt::format("set comment on table {}", qualify(o.schema, o.table));
          },
      .inverse = [](const SetTableComment& o) -> std::optional<Op> {
        return SetTableComment{o.schema, o.table, o.existing, o.comment};
      },
      .write =
          [](const SetTableComment& o) {
            toml::table t = entry_head(o.schema, o.table);
            t.insert_or_assign("comment", o.comment);
            t.insert_or_assign("existing", o.existing);
            return t;
          },
      .read = [](OpReader& in) -> Result<SetTableComment> {
        SetTableComment o;
        if (auto s = in.target(o.schema, o.table); !s) return s.error();
        if (auto s = in.check(); !s) return s.error();
        auto comment = in.r().string("comment");
        if (!comment) return comment.error();
        auto existing = in.r().string("existing");
        if (!existing) return existing.error();
        o.comment = *comment;
        o.existing = *existing;
        return o;
      },
      .apply = [](MetaData& md, const SetTableComment& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        (*t)->comment = o.comment;
        return {};
      },
      .changes_existing = table_in<SetTableComment>,
  };
  return kind;
}

// The entry is the new properties as a table has them (`unlogged`,
// `storage`, `sqlite_autoincrement`, ...; left out when at their default)
// and `existing = { ... }` the old ones, for the inverse.
const OpKind<AlterTable>& op_kind(Tag<AlterTable>) {
  static const OpKind<AlterTable> kind{
      .name = "alter_table",
      .keys = {"schema", "table", "unlogged", "storage", "sqlite_autoincrement",
               "sqlite_without_rowid", "sqlite_strict", "existing"},
      .target = [](const AlterTable& o) { return qualify(o.schema, o.table); },
      .describe =
          [](const AlterTable& o) {
            return fmt::format("alter table {}: {}", qualify(o.schema, o.table),
                               describe_properties(o.properties, o.existing));
          },
      .inverse = [](const AlterTable& o) -> std::optional<Op> {
        return AlterTable{o.schema, o.table, o.existing, o.properties};
      },
      .write =
          [](const AlterTable& o) {
            toml::table t = entry_head(o.schema, o.table);
            put_table_properties(t, o.properties);
            toml::table existing;
            existing.is_inline(true);
            put_table_properties(existing, o.existing);
            t.insert_or_assign("existing", std::move(existing));
            return t;
          },
      .read = [](OpReader& in) -> Result<AlterTable> {
        AlterTable o;
        if (auto s = in.target(o.schema, o.table); !s) return s.error();
        if (auto s = in.check(); !s) return s.error();
        if (auto s = read_table_properties(in.r(), o.properties); !s) return s.error();
        auto existing = in.sub_table("existing", false);
        if (!existing) return existing.error();
        if (*existing != nullptr) {
          EntryReader er(**existing, in.source(), "alter_table op's existing",
                         {"unlogged", "storage", "sqlite_autoincrement", "sqlite_without_rowid",
                          "sqlite_strict"});
          er.set_context(o.table);
          if (auto s = er.check_keys(); !s) return s.error();
          if (auto s = read_table_properties(er, o.existing); !s) return s.error();
        }
        return o;
      },
      .apply = [](MetaData& md, const AlterTable& o) -> Status {
        auto t = table_of(md, o);
        if (!t) return t.error();
        (*t)->properties = o.properties;
        return {};
      },
      .changes_existing = table_in<AlterTable>,
  };
  return kind;
}

}  // namespace retort::detail
