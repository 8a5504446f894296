// Op kinds on schemas, extensions, sequences, domains, composite types,
// functions and triggers: create_<kind>, drop_<kind> and alter_<kind>, one
// template for the seven.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "core/internal/object_toml.hpp"
#include "core/ops/op_kind.hpp"
#include "core/ops/schema_edit.hpp"

namespace retort::detail {
namespace {

std::vector<Schema>& objects(MetaData& md, Tag<Schema>) { return md.schemas; }
std::vector<Extension>& objects(MetaData& md, Tag<Extension>) { return md.extensions; }
std::vector<Sequence>& objects(MetaData& md, Tag<Sequence>) { return md.sequences; }
std::vector<Domain>& objects(MetaData& md, Tag<Domain>) { return md.domains; }
std::vector<CompositeType>& objects(MetaData& md, Tag<CompositeType>) { return md.composite_types; }
std::vector<Function>& objects(MetaData& md, Tag<Function>) { return md.functions; }
std::vector<Trigger>& objects(MetaData& md, Tag<Trigger>) { return md.triggers; }

// Schemas and extensions are known by name alone; the others by schema and name.
bool same_object(const Schema& a, const Schema& b) { return a.name == b.name; }
bool same_object(const Extension& a, const Extension& b) { return a.name == b.name; }
// A trigger's name is its table's.
bool same_object(const Trigger& a, const Trigger& b) {
  return a.schema == b.schema && a.table == b.table && a.name == b.name;
}
// Overloads are distinct functions.
bool same_object(const Function& a, const Function& b) {
  return a.schema == b.schema && a.name == b.name && a.arguments == b.arguments;
}
template <class T>
bool same_object(const T& a, const T& b) {
  return a.schema == b.schema && a.name == b.name;
}

template <class T>
T* find_object(MetaData& md, const T& like) {
  for (T& x : objects(md, Tag<T>{})) {
    if (same_object(x, like)) return &x;
  }
  return nullptr;
}

// The object an alter changes. A schema something lives in exists even when
// only implied (core/object_diff.hpp): declaring it with a comment later is
// an alter_schema of it, so it is taken into the list here.
template <class T>
T* find_altered(MetaData& md, const T& like) {
  T* found = find_object(md, like);
  if constexpr (std::is_same_v<T, Schema>) {
    if (found == nullptr) {
      const std::vector<std::string> used = md.used_schemas();
      if (std::binary_search(used.begin(), used.end(), like.name)) {
        md.schemas.push_back(Schema{.name = like.name});
        md.finish();
        found = find_object(md, like);
      }
    }
  }
  return found;
}

template <class T>
bool exists_in(const MetaData& md, const T& like) {
  return find_object(const_cast<MetaData&>(md), like) != nullptr;
}

template <class T>
std::string op_name_for(std::string_view verb) {
  return fmt::format("{}_{}", verb, section_name<T>());
}

// What an object needs of the schema around it, as the server checks it.
Status check_needs(const MetaData&, std::string_view, const Schema&) { return {}; }
Status check_needs(const MetaData&, std::string_view, const Extension&) { return {}; }
Status check_needs(const MetaData&, std::string_view, const Domain&) { return {}; }
Status check_needs(const MetaData&, std::string_view, const CompositeType&) { return {}; }
Status check_needs(const MetaData&, std::string_view, const Function&) { return {}; }
Status check_needs(const MetaData& md, std::string_view op, const Trigger& t) {
  if (md.find_table(t.schema, t.table) != nullptr || md.find_view(t.schema, t.table) != nullptr) {
    return {};
  }
  return missing(
      op, fmt::format("{}: its table {} does not exist", t.describe(), qualify(t.schema, t.table)));
}
Status check_needs(const MetaData& md, std::string_view op, const Sequence& s) {
  if (s.owned_by.empty()) return {};
  const auto dot = s.owned_by.find('.');
  const Table* t = md.find_table(s.schema, s.owned_by.substr(0, dot));
  if (t == nullptr || t->find_column(s.owned_by.substr(dot + 1)) == nullptr) {
    return missing(op, fmt::format("{} is owned by {}, which does not exist", s.describe(),
                                   qualify(s.schema, s.owned_by)));
  }
  return {};
}

// A schema that still holds something cannot be dropped (no CASCADE).
Status check_empty(MetaData&, std::string_view, const auto&) { return {}; }
// (The schemas are set aside and put back rather than the schema copied.)
Status check_empty(MetaData& md, std::string_view op, const Schema& s) {
  std::vector<Schema> schemas = std::move(md.schemas);
  md.schemas.clear();
  const std::vector<std::string> used = md.used_schemas();
  md.schemas = std::move(schemas);
  if (std::binary_search(used.begin(), used.end(), s.name)) {
    return Error::bad_input(fmt::format("{}: schema {} is not empty", op, s.name),
                            "drop what lives in it first");
  }
  return {};
}

template <class T>
Result<T> read_object(const toml::table& entry, const std::string& source, bool alter) {
  if (alter) return parse_object<T>(entry, source, {"op", "existing"});
  return parse_object<T>(entry, source, {"op"});
}

}  // namespace

template <class T>
const OpKind<CreateObject<T>>& op_kind(Tag<CreateObject<T>>) {
  static const std::string name = op_name_for<T>("create");
  static const OpKind<CreateObject<T>> kind{
      .name = name,
      .keys = {},
      .target = [](const CreateObject<T>&) { return std::string(); },
      .describe = [](const CreateObject<T>& o) { return "create " + o.object.describe(); },
      .inverse = [](const CreateObject<T>& o) -> std::optional<Op> {
        return DropObject<T>{o.object};
      },
      .write = [](const CreateObject<T>& o) { return object_toml(o.object); },
      .read = [](OpReader& in) -> Result<CreateObject<T>> {
        auto x = read_object<T>(in.entry(), in.source(), false);
        if (!x) return x.error();
        return CreateObject<T>{std::move(*x)};
      },
      .apply = [](MetaData& md, const CreateObject<T>& o) -> Status {
        if (find_object(md, o.object) != nullptr) {
          return Error::bad_input(fmt::format("{}: {} already exists", name, o.object.describe()));
        }
        if (auto s = check_needs(md, name, o.object); !s) return s;
        objects(md, Tag<T>{}).push_back(o.object);
        md.finish();
        return {};
      },
      .changes_existing = changes_nothing_existing<CreateObject<T>>,
  };
  return kind;
}

template <class T>
const OpKind<DropObject<T>>& op_kind(Tag<DropObject<T>>) {
  static const std::string name = op_name_for<T>("drop");
  static const OpKind<DropObject<T>> kind{
      .name = name,
      .keys = {},
      .target = [](const DropObject<T>&) { return std::string(); },
      .describe = [](const DropObject<T>& o) { return "drop " + o.object.describe(); },
      .inverse = [](const DropObject<T>& o) -> std::optional<Op> {
        return CreateObject<T>{o.object};
      },
      .write = [](const DropObject<T>& o) { return object_toml(o.object); },
      .read = [](OpReader& in) -> Result<DropObject<T>> {
        auto x = read_object<T>(in.entry(), in.source(), false);
        if (!x) return x.error();
        return DropObject<T>{std::move(*x)};
      },
      .apply = [](MetaData& md, const DropObject<T>& o) -> Status {
        if (auto s = check_empty(md, name, o.object); !s) return s;
        auto& list = objects(md, Tag<T>{});
        const auto before = list.size();
        std::erase_if(list, [&](const T& x) { return same_object(x, o.object); });
        // A schema only implied so far (made by a table's CREATE SCHEMA IF
        // NOT EXISTS) is in no list: dropping it once empty is a hand-written
        // drop_schema (docs/objects.md), and the server judges it.
        if constexpr (std::is_same_v<T, Schema>) {
          if (list.size() == before) return {};
        }
        if (list.size() == before) {
          return missing(name, fmt::format("{} does not exist", o.object.describe()));
        }
        return {};
      },
      .changes_existing = [](const MetaData& before,
                             const DropObject<T>& o) { return exists_in(before, o.object); },
  };
  return kind;
}

template <class T>
const OpKind<AlterObject<T>>& op_kind(Tag<AlterObject<T>>) {
  static const std::string name = op_name_for<T>("alter");
  static const OpKind<AlterObject<T>> kind{
      .name = name,
      .keys = {},
      .target = [](const AlterObject<T>&) { return std::string(); },
      .describe = [](const AlterObject<T>& o) { return "alter " + o.object.describe(); },
      .inverse = [](const AlterObject<T>& o) -> std::optional<Op> {
        return AlterObject<T>{o.existing, o.object};
      },
      .write =
          [](const AlterObject<T>& o) {
            toml::table t = object_toml(o.object);
            toml::table existing = object_toml(o.existing);
            existing.is_inline(true);
            t.insert_or_assign("existing", std::move(existing));
            return t;
          },
      .read = [](OpReader& in) -> Result<AlterObject<T>> {
        auto x = read_object<T>(in.entry(), in.source(), true);
        if (!x) return x.error();
        auto sub = in.sub_table("existing", true);
        if (!sub) return sub.error();
        auto existing = read_object<T>(**sub, in.source(), false);
        if (!existing) return existing.error();
        if (!same_object(*x, *existing)) {
          return Error::bad_input(
                     fmt::format("{}: `existing` names {}, not {}", name, existing->describe(),
                                 x->describe()),
                     "an alter changes one object; write a drop and a create to replace it")
              .at(in.source(), x->line);
        }
        return AlterObject<T>{std::move(*x), std::move(*existing)};
      },
      .apply = [](MetaData& md, const AlterObject<T>& o) -> Status {
        T* x = find_altered(md, o.object);
        if (x == nullptr) {
          return missing(name, fmt::format("{} does not exist", o.object.describe()));
        }
        if (auto s = check_needs(md, name, o.object); !s) return s;
        *x = o.object;
        return {};
      },
      .changes_existing = [](const MetaData& before,
                             const AlterObject<T>& o) { return exists_in(before, o.object); },
  };
  return kind;
}

#define RETORT_OBJECT_OPS(T)                                             \
  template const OpKind<CreateObject<T>>& op_kind(Tag<CreateObject<T>>); \
  template const OpKind<DropObject<T>>& op_kind(Tag<DropObject<T>>);     \
  template const OpKind<AlterObject<T>>& op_kind(Tag<AlterObject<T>>);
RETORT_OBJECT_OPS(Schema)
RETORT_OBJECT_OPS(Extension)
RETORT_OBJECT_OPS(Sequence)
RETORT_OBJECT_OPS(Domain)
RETORT_OBJECT_OPS(CompositeType)
RETORT_OBJECT_OPS(Function)
RETORT_OBJECT_OPS(Trigger)
#undef RETORT_OBJECT_OPS

}  // namespace retort::detail
