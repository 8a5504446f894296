#include "core/internal/ops_toml.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <sstream>
#include <utility>
#include <variant>

#include "core/internal/schema_toml.hpp"
#include "core/internal/toml_entry.hpp"
#include "core/names.hpp"
#include "core/ops/op_kind.hpp"

namespace retort {
namespace {

using detail::EntryReader;
using detail::OpKind;
using detail::OpReader;
using detail::Tag;

template <class T>
Result<Op> read_as(const toml::table& entry, const std::string& source) {
  const OpKind<T>& kind = detail::op_kind(Tag<T>{});
  OpReader in(entry, source, kind.name, kind.keys);
  Result<T> op = kind.read(in);
  if (!op) return op.error();
  return Op{std::move(*op)};
}

struct Reader {
  std::string_view name;
  Result<Op> (*read)(const toml::table& entry, const std::string& source);
};

// One reader per op kind, in the Op variant's order.
template <std::size_t... I>
std::array<Reader, sizeof...(I)> make_readers(std::index_sequence<I...>) {
  return {Reader{detail::name_of<std::variant_alternative_t<I, Op>>(),
                 &read_as<std::variant_alternative_t<I, Op>>}...};
}

const std::array<Reader, std::variant_size_v<Op>>& readers() {
  static const auto kReaders = make_readers(std::make_index_sequence<std::variant_size_v<Op>>{});
  return kReaders;
}

}  // namespace

std::string format_toml_entry(const toml::table& entry) { return detail::format_entry(entry); }

toml::table column_to_toml(const Column& column) { return detail::column_toml(column); }

Result<Column> column_from_toml(const toml::table& entry, const std::string& source_name) {
  return detail::parse_column(entry, source_name, {}, nullptr);
}

toml::table op_to_toml(const Op& op) {
  return detail::with_kind(op, [](const auto& o, const auto& kind) {
    toml::table t = kind.write(o);
    t.insert_or_assign("op", kind.name);
    return t;
  });
}

Result<Op> op_from_toml(const toml::table& entry, const std::string& source_name) {
  EntryReader r(entry, source_name, "op entry", {});
  auto op = r.required_string("op");
  if (!op) return op.error();
  for (const Reader& reader : readers()) {
    if (reader.name != *op) continue;
    Result<Op> result = reader.read(entry, source_name);
    if (!result) return result;
    // Names are checked here, when the revision file is read, so a bad one
    // never reaches a database.
    if (Status s = check_op_names(*result, source_name, r.line()); !s) return std::move(s).error();
    return result;
  }
  std::vector<std::string_view> names;
  for (const Reader& reader : readers()) names.push_back(reader.name);
  return r.error(fmt::format("unknown op \"{}\"", *op), r.line("op"),
                 fmt::format("use one of: {}", fmt::join(names, ", ")));
}

nlohmann::json toml_to_json(const toml::node& node) {
  if (const auto* t = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto&& [k, v] : *t) out[std::string(k.str())] = toml_to_json(v);
    return out;
  }
  if (const auto* a = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : *a) out.push_back(toml_to_json(e));
    return out;
  }
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return i->get();
  if (const auto* f = node.as_floating_point()) return f->get();
  if (const auto* b = node.as_boolean()) return b->get();
  std::ostringstream os;
  if (const auto* d = node.as_date()) os << *d;
  if (const auto* tm = node.as_time()) os << *tm;
  if (const auto* dt = node.as_date_time()) os << *dt;
  return os.str();
}

nlohmann::json ops_to_json(const std::vector<Op>& ops) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& op : ops) list.push_back(toml_to_json(op_to_toml(op)));
  return nlohmann::json{{"ops", std::move(list)}};
}

}  // namespace retort
