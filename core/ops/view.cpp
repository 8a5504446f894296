// Op kinds on views and materialized views: create_view, drop_view,
// refresh_view.
#include <fmt/format.h>

#include "core/internal/view_toml.hpp"
#include "core/ops/op_kind.hpp"
#include "core/ops/schema_edit.hpp"

namespace retort::detail {
namespace {

std::string no_table(const auto&) { return {}; }

Result<View> read_view(OpReader& in) {
  return parse_view(in.entry(), in.source(), std::nullopt, {"op"});
}

View* find_view(MetaData& md, const std::string& schema, const std::string& name) {
  for (View& v : md.views) {
    if (v.schema == schema && v.name == name) return &v;
  }
  return nullptr;
}

}  // namespace

const OpKind<CreateView>& op_kind(Tag<CreateView>) {
  static const OpKind<CreateView> kind{
      .name = "create_view",
      .keys = {},
      .target = no_table<CreateView>,
      .describe = [](const CreateView& o) { return "create " + o.view.describe(); },
      .inverse = [](const CreateView& o) -> std::optional<Op> { return DropView{o.view}; },
      .write = [](const CreateView& o) { return view_toml(o.view); },
      .read = [](OpReader& in) -> Result<CreateView> {
        auto v = read_view(in);
        if (!v) return v.error();
        return CreateView{std::move(*v)};
      },
      .apply = [](MetaData& md, const CreateView& o) -> Status {
        const View& v = o.view;
        if (md.find_view(v.schema, v.name) != nullptr || md.find_table(v.schema, v.name)) {
          return Error::bad_input(fmt::format("{}: {} already exists as a table or view",
                                              name_of<CreateView>(), qualify(v.schema, v.name)));
        }
        md.views.push_back(v);
        sort_views(md);
        return {};
      },
      .changes_existing = changes_nothing_existing<CreateView>,
  };
  return kind;
}

const OpKind<DropView>& op_kind(Tag<DropView>) {
  static const OpKind<DropView> kind{
      .name = "drop_view",
      .keys = {},
      .target = no_table<DropView>,
      .describe = [](const DropView& o) { return "drop " + o.view.describe(); },
      .inverse = [](const DropView& o) -> std::optional<Op> { return CreateView{o.view}; },
      .write = [](const DropView& o) { return view_toml(o.view); },
      .read = [](OpReader& in) -> Result<DropView> {
        auto v = read_view(in);
        if (!v) return v.error();
        return DropView{std::move(*v)};
      },
      .apply = [](MetaData& md, const DropView& o) -> Status {
        const auto before = md.views.size();
        std::erase_if(md.views, [&](const View& v) {
          return v.schema == o.view.schema && v.name == o.view.name;
        });
        if (md.views.size() == before) {
          return missing(name_of<DropView>(), fmt::format("view {} does not exist",
                                                          qualify(o.view.schema, o.view.name)));
        }
        // Its INSTEAD OF triggers go with it, as in the database.
        std::erase_if(md.triggers, [&](const Trigger& x) {
          return x.schema == o.view.schema && x.table == o.view.name;
        });
        return {};
      },
      .changes_existing =
          [](const MetaData& before, const DropView& o) {
            return before.find_view(o.view.schema, o.view.name) != nullptr;
          },
  };
  return kind;
}

const OpKind<RefreshView>& op_kind(Tag<RefreshView>) {
  static const OpKind<RefreshView> kind{
      .name = "refresh_view",
      .keys = {"schema", "name", "concurrently"},
      .target = no_table<RefreshView>,
      .describe =
          [](const RefreshView& o) {
            return fmt::format("refresh materialized view {}{}", qualify(o.schema, o.name),
                               o.concurrently ? " concurrently" : "");
          },
      .inverse = [](const RefreshView& o) -> std::optional<Op> { return o; },
      .write =
          [](const RefreshView& o) {
            toml::table t;
            if (!o.schema.empty()) t.insert_or_assign("schema", o.schema);
            t.insert_or_assign("name", o.name);
            if (o.concurrently) t.insert_or_assign("concurrently", true);
            return t;
          },
      .read = [](OpReader& in) -> Result<RefreshView> {
        if (auto s = in.check(); !s) return s.error();
        RefreshView o;
        auto schema = in.r().string("schema");
        if (!schema) return schema.error();
        auto name = in.r().required_string("name");
        if (!name) return name.error();
        auto concurrently = in.r().boolean("concurrently");
        if (!concurrently) return concurrently.error();
        o.schema = *schema;
        o.name = *name;
        o.concurrently = *concurrently;
        return o;
      },
      .apply = [](MetaData& md, const RefreshView& o) -> Status {
        View* v = find_view(md, o.schema, o.name);
        if (v == nullptr || !v->materialized) {
          return missing(name_of<RefreshView>(), fmt::format("materialized view {} does not exist",
                                                             qualify(o.schema, o.name)));
        }
        v->with_data = true;
        return {};
      },
      .changes_existing =
          [](const MetaData& before, const RefreshView& o) {
            return before.find_view(o.schema, o.name) != nullptr;
          },
  };
  return kind;
}

}  // namespace retort::detail
