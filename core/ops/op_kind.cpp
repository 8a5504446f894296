// The parts of core/ops/op_kind.hpp that every op kind shares: reading an
// entry's keys and writing the common head of an entry.
#include "core/ops/op_kind.hpp"

#include <fmt/format.h>

namespace retort::detail {
namespace {

std::vector<std::string_view> with_op(std::vector<std::string_view> keys) {
  keys.insert(keys.begin(), "op");
  return keys;
}

}  // namespace

OpReader::OpReader(const toml::table& entry, const std::string& source, std::string_view op,
                   std::vector<std::string_view> allowed)
    : entry_(entry),
      source_(source),
      r_(entry, source, fmt::format("{} op", op), with_op(std::move(allowed))) {}

Status OpReader::target(std::string& schema, std::string& table) {
  auto s = r_.string("schema");
  if (!s) return s.error();
  auto t = r_.required_string("table");
  if (!t) return t.error();
  schema = *s;
  table = *t;
  r_.set_context(table);
  return {};
}

Result<const toml::table*> OpReader::sub_table(std::string_view key, bool required) const {
  const toml::node* n = r_.node(key);
  if (n == nullptr) {
    if (!required) return static_cast<const toml::table*>(nullptr);
    return r_.error(fmt::format("{} is missing `{}`", op_label(), key), r_.line());
  }
  if (const toml::table* t = n->as_table()) return t;
  return r_.error(fmt::format("`{}` must be a table {{ ... }}", key), line_of(*n));
}

std::string OpReader::op_label() const {
  const toml::node* n = entry_.get("op");
  return n != nullptr && n->is_string() ? fmt::format("{} op", n->as_string()->get()) : "op";
}

toml::array string_array(const std::vector<std::string>& items) {
  toml::array a;
  for (const auto& s : items) a.push_back(s);
  return a;
}

toml::table rename_entry(const std::string& schema, const std::string& table, std::string_view key,
                         const std::string& old_name, const std::string& new_name) {
  toml::table t = entry_head(schema, table);
  t.insert_or_assign(key, old_name);
  t.insert_or_assign("new_name", new_name);
  return t;
}

Status read_rename(OpReader& in, std::string& schema, std::string& table, std::string_view key,
                   std::string& old_name, std::string& new_name) {
  if (auto s = in.target(schema, table); !s) return s;
  if (auto s = in.check(); !s) return s;
  auto renamed = in.r().required_string("new_name");
  if (!renamed) return renamed.error();
  auto old = in.r().required_string(key);
  if (!old) return old.error();
  old_name = *old;
  new_name = *renamed;
  return {};
}

toml::table entry_head(const std::string& schema, const std::string& table) {
  toml::table t;
  if (!schema.empty()) t.insert_or_assign("schema", schema);
  t.insert_or_assign("table", table);
  return t;
}

}  // namespace retort::detail
