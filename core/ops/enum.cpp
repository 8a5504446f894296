// Op kinds on enum types: create_enum, alter_enum, drop_enum.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/ops/op_kind.hpp"
#include "core/ops/schema_edit.hpp"

namespace retort::detail {
namespace {

toml::table enum_entry(const std::string& schema, const std::string& name,
                       const std::vector<std::string>& values) {
  toml::table t;
  if (!schema.empty()) t.insert_or_assign("schema", schema);
  t.insert_or_assign("name", name);
  t.insert_or_assign("values", string_array(values));
  return t;
}

Result<Enum> read_enum(OpReader& in) {
  if (auto s = in.check(); !s) return s.error();
  const EntryReader& r = in.r();
  auto schema = r.string("schema");
  if (!schema) return schema.error();
  auto name = r.required_string("name");
  if (!name) return name.error();
  auto values = r.strings("values");
  if (!values) return values.error();
  return Enum{*schema, *name, *values};
}

std::string no_table(const auto&) { return {}; }

Status alter_enum(MetaData& md, const AlterEnum& o) {
  auto it = std::find_if(md.enums.begin(), md.enums.end(),
                         [&](const Enum& e) { return e.schema == o.schema && e.name == o.name; });
  if (it == md.enums.end()) {
    return missing(name_of<AlterEnum>(),
                   fmt::format("enum {} does not exist", qualify(o.schema, o.name)));
  }
  it->values = o.values;
  for (auto& t : md.tables) {
    if (t.schema != o.schema) continue;
    for (auto& c : t.columns) {
      if (c.type.kind == TypeKind::kEnum && c.type.enum_name == o.name) {
        c.type.enum_values = o.values;
      }
    }
  }
  return {};
}

}  // namespace

const OpKind<CreateEnum>& op_kind(Tag<CreateEnum>) {
  static const OpKind<CreateEnum> kind{
      .name = "create_enum",
      .keys = {"schema", "name", "values"},
      .target = no_table<CreateEnum>,
      .describe =
          [](const CreateEnum& o) {
            return fmt::format("create enum {} ({})", qualify(o.enum_.schema, o.enum_.name),
                               fmt::join(o.enum_.values, ", "));
          },
      .inverse = [](const CreateEnum& o) -> std::optional<Op> { return DropEnum{o.enum_}; },
      .write =
          [](const CreateEnum& o) {
            return enum_entry(o.enum_.schema, o.enum_.name, o.enum_.values);
          },
      .read = [](OpReader& in) -> Result<CreateEnum> {
        auto e = read_enum(in);
        if (!e) return e.error();
        return CreateEnum{std::move(*e)};
      },
      .apply = [](MetaData& md, const CreateEnum& o) -> Status {
        if (md.find_enum(o.enum_.schema, o.enum_.name) != nullptr) {
          return Error::bad_input(fmt::format("{}: enum {} already exists", name_of<CreateEnum>(),
                                              qualify(o.enum_.schema, o.enum_.name)));
        }
        md.enums.push_back(o.enum_);
        sort_enums(md);
        return {};
      },
      .changes_existing = changes_nothing_existing<CreateEnum>,
  };
  return kind;
}

const OpKind<AlterEnum>& op_kind(Tag<AlterEnum>) {
  static const OpKind<AlterEnum> kind{
      .name = "alter_enum",
      .keys = {"schema", "name", "values", "existing"},
      .target = no_table<AlterEnum>,
      .describe =
          [](const AlterEnum& o) {
            return fmt::format("alter enum {}: ({}) -> ({})", qualify(o.schema, o.name),
                               fmt::join(o.existing, ", "), fmt::join(o.values, ", "));
          },
      .inverse = [](const AlterEnum& o) -> std::optional<Op> {
        return AlterEnum{o.schema, o.name, o.existing, o.values};
      },
      .write =
          [](const AlterEnum& o) {
            toml::table t = enum_entry(o.schema, o.name, o.values);
            t.insert_or_assign("existing", string_array(o.existing));
            return t;
          },
      .read = [](OpReader& in) -> Result<AlterEnum> {
        auto e = read_enum(in);
        if (!e) return e.error();
        auto existing = in.r().strings("existing");
        if (!existing) return existing.error();
        return AlterEnum{e->schema, e->name, e->values, *existing};
      },
      .apply = alter_enum,
      .changes_existing =
          [](const MetaData& before, const AlterEnum& o) {
            return before.find_enum(o.schema, o.name) != nullptr;
          },
  };
  return kind;
}

const OpKind<DropEnum>& op_kind(Tag<DropEnum>) {
  static const OpKind<DropEnum> kind{
      .name = "drop_enum",
      .keys = {"schema", "name", "values"},
      .target = no_table<DropEnum>,
      .describe =
          [](const DropEnum& o) {
            return fmt::format("drop enum {}", qualify(o.enum_.schema, o.enum_.name));
          },
      .inverse = [](const DropEnum& o) -> std::optional<Op> { return CreateEnum{o.enum_}; },
      .write =
          [](const DropEnum& o) {
            return enum_entry(o.enum_.schema, o.enum_.name, o.enum_.values);
          },
      .read = [](OpReader& in) -> Result<DropEnum> {
        auto e = read_enum(in);
        if (!e) return e.error();
        return DropEnum{std::move(*e)};
      },
      .apply = [](MetaData& md, const DropEnum& o) -> Status {
        const auto before = md.enums.size();
        std::erase_if(md.enums, [&](const Enum& e) {
          return e.schema == o.enum_.schema && e.name == o.enum_.name;
        });
        if (md.enums.size() == before) {
          return missing(name_of<DropEnum>(), fmt::format("enum {} does not exist",
                                                          qualify(o.enum_.schema, o.enum_.name)));
        }
        return {};
      },
      .changes_existing =
          [](const MetaData& before, const DropEnum& o) {
            return before.find_enum(o.enum_.schema, o.enum_.name) != nullptr;
          },
  };
  return kind;
}

}  // namespace retort::detail
