#include "core/internal/toml_entry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <sstream>
#include <tuple>

#include "core/internal/text.hpp"

namespace retort::detail {
namespace {

// A basic string; `multi_line` writes a """ string whose newlines stay
// newlines (a view's query reads as SQL), the first one after the opening
// quotes being dropped by TOML.
void append_quoted(std::string& out, std::string_view s, bool multi_line = false) {
  out += multi_line ? "\"\"\"\n" : "\"";
  append_escaped(out, s, multi_line);
  out += multi_line ? "\"\"\"" : "\"";
}

void append_key(std::string& out, std::string_view key) {
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  if (bare) {
    out += key;
  } else {
    append_quoted(out, key);
  }
}

bool is_table_array(const toml::node& n) {
  const toml::array* a = n.as_array();
  return a != nullptr && !a->empty() &&
         std::all_of(a->begin(), a->end(), [](const toml::node& e) { return e.is_table(); });
}

constexpr std::string_view kKeyOrder[] = {
    "op",
    "revision",
    "table",
    "name",
    "schema",
    "arguments",
    "column",
    "new_name",
    "columns",
    "type",
    "native",
    "enum",
    "values",
    "using",
    "nullable",
    "primary_key",
    "autoincrement",
    "identity",
    "serial",
    "sequence",
    "start",
    "increment",
    "min",
    "max",
    "cache",
    "cycle",
    "default",
    "default_sql",
    "drop_default",
    "unique",
    "index",
    "foreign_key",
    "references",
    "ref_columns",
    "on_delete",
    "on_update",
    "deferrable",
    "initially_deferred",
    "expression",
    "order",
    "where",
    "sql",
    "dialect",
    "comment",
    "primary_key_name",
    "columns",
    "indexes",
    "foreign_keys",
    "checks",
    "check",
    "rows",
    "existing",
};

// Arrays of tables come last, in this order.
constexpr std::string_view kArrayOrder[] = {"columns",      "indexes", "unique",
                                            "foreign_keys", "checks",  "rows"};

std::size_t rank(std::string_view key, bool table_array) {
  if (table_array) {
    auto it = std::find(std::begin(kArrayOrder), std::end(kArrayOrder), key);
    return static_cast<std::size_t>(it - std::begin(kArrayOrder));
  }
  auto it = std::find(std::begin(kKeyOrder), std::end(kKeyOrder), key);
  return static_cast<std::size_t>(it - std::begin(kKeyOrder));
}

// One key of a table being written, with its sort key computed once.
struct OrderedItem {
  bool table_array;
  std::size_t rank;
  std::string_view key;
  const toml::node* node;
};

// Keys in output order: by rank; at the top level arrays of tables go last
// (they span several lines).
std::vector<OrderedItem> ordered(const toml::table& t, bool top_level) {
  std::vector<OrderedItem> items;
  items.reserve(t.size());
  for (auto&& [k, v] : t) {
    const bool ta = top_level && is_table_array(v);
    items.push_back(OrderedItem{ta, rank(k.str(), ta), k.str(), &v});
  }
  std::stable_sort(items.begin(), items.end(), [](const OrderedItem& a, const OrderedItem& b) {
    return std::tie(a.table_array, a.rank, a.key) < std::tie(b.table_array, b.rank, b.key);
  });
  return items;
}

void append_value(std::string& out, const toml::node& node, bool top_level) {
  if (const auto* s = node.as_string()) {
    append_quoted(out, s->get(), top_level && s->get().find('\n') != std::string::npos);
  } else if (const auto* i = node.as_integer()) {
    fmt::format_to(std::back_inserter(out), "{}", i->get());
  } else if (const auto* b = node.as_boolean()) {
    out += b->get() ? "true" : "false";
  } else if (const auto* a = node.as_array()) {
    if (a->empty()) {
      out += "[]";
    } else if (top_level && is_table_array(*a)) {
      out += "[\n";
      for (const auto& e : *a) {
        out += "  ";
        append_value(out, e, false);
        out += ",\n";
      }
      out += ']';
    } else {
      out += '[';
      bool first = true;
      for (const auto& e : *a) {
        if (!first) out += ", ";
        first = false;
        append_value(out, e, false);
      }
      out += ']';
    }
  } else if (const auto* t = node.as_table()) {
    if (t->empty()) {
      out += "{}";
      return;
    }
    out += "{ ";
    bool first = true;
    for (const OrderedItem& item : ordered(*t, false)) {
      if (!first) out += ", ";
      first = false;
      append_key(out, item.key);
      out += " = ";
      append_value(out, *item.node, false);
    }
    out += " }";
  } else {
    out += format_value(node, top_level);  // floats, dates and times
  }
}

}  // namespace

int line_of(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// ---------------------------------------------------------------- EntryReader

EntryReader::EntryReader(const toml::table& entry, const std::string& source, std::string_view what,
                         std::vector<std::string_view> allowed)
    : entry_(entry), source_(source), what_(what), allowed_(std::move(allowed)) {}

void EntryReader::set_context(std::string table, std::string column) {
  table_ = std::move(table);
  column_ = std::move(column);
}

Error EntryReader::error(std::string message, int at_line, std::string hint) const {
  Error e = Error::bad_input(std::move(message), std::move(hint));
  e.at(source_, at_line > 0 ? at_line : line());
  e.on(table_, column_);
  return e;
}

Status EntryReader::check_keys(std::initializer_list<std::string_view> ignored) const {
  for (auto&& [k, v] : entry_) {
    const std::string_view key = k.str();
    if (std::find(allowed_.begin(), allowed_.end(), key) != allowed_.end()) continue;
    if (std::find(ignored.begin(), ignored.end(), key) != ignored.end()) continue;
    const int at = k.source().begin.line > 0 ? static_cast<int>(k.source().begin.line) : line_of(v);
    return error(fmt::format("unknown key `{}` in {}", key, what_), at,
                 fmt::format("valid keys: {}", fmt::join(allowed_, ", ")));
  }
  return {};
}

int EntryReader::line(std::string_view key) const {
  const toml::node* n = entry_.get(key);
  return n != nullptr ? line_of(*n) : line();
}

Result<std::string> EntryReader::required_string(std::string_view key) const {
  if (!has(key)) {
    return error(fmt::format("{} is missing `{}`", what_, key), line(),
                 fmt::format("add {} = \"...\"", key));
  }
  return string(key);
}

Result<std::string> EntryReader::string(std::string_view key, std::string fallback) const {
  const toml::node* n = entry_.get(key);
  if (n == nullptr) return fallback;
  if (const auto* s = n->as_string()) return s->get();
  return error(fmt::format("`{}` must be a string", key), line_of(*n));
}

Result<bool> EntryReader::boolean(std::string_view key, bool fallback) const {
  const toml::node* n = entry_.get(key);
  if (n == nullptr) return fallback;
  if (const auto* b = n->as_boolean()) return b->get();
  return error(fmt::format("`{}` must be true or false", key), line_of(*n));
}

Result<std::vector<std::string>> EntryReader::strings(std::string_view key) const {
  std::vector<std::string> out;
  const toml::node* n = entry_.get(key);
  if (n == nullptr) return out;
  const toml::array* a = n->as_array();
  if (a == nullptr) {
    return error(fmt::format("`{}` must be an array of strings", key), line_of(*n));
  }
  for (const auto& e : *a) {
    const auto* s = e.as_string();
    if (s == nullptr) {
      return error(fmt::format("`{}` must be an array of strings", key), line_of(e));
    }
    out.push_back(s->get());
  }
  return out;
}

Result<const toml::array*> EntryReader::array(std::string_view key) const {
  const toml::node* n = entry_.get(key);
  if (n == nullptr) return static_cast<const toml::array*>(nullptr);
  if (const toml::array* a = n->as_array()) return a;
  return error(fmt::format("`{}` must be an array [ ... ]", key), line_of(*n));
}

Result<Literal> EntryReader::literal(std::string_view key) const {
  const toml::node& n = *entry_.get(key);
  if (const auto* b = n.as_boolean()) return Literal{b->get()};
  if (const auto* i = n.as_integer()) return Literal{i->get()};
  if (const auto* f = n.as_floating_point()) return Literal{f->get()};
  if (const auto* s = n.as_string()) return Literal{s->get()};
  return error(fmt::format("`{}` must be a string, integer, float or boolean", key), line_of(n),
               "use default_sql = \"...\" for an SQL expression");
}

void insert_literal(toml::table& out, std::string_view key, const Literal& value) {
  std::visit([&](const auto& v) { out.insert_or_assign(key, v); }, value);
}
// ---------------------------------------------------------------- formatting

std::string format_value(const toml::node& node, bool top_level) {
  if (node.is_string() || node.is_integer() || node.is_boolean() || node.is_array() ||
      node.is_table()) {
    std::string out;
    append_value(out, node, top_level);
    return out;
  }
  if (const auto* f = node.as_floating_point()) {
    const double d = f->get();
    if (d != d) return "nan";
    if (d == std::numeric_limits<double>::infinity()) return "inf";
    if (d == -std::numeric_limits<double>::infinity()) return "-inf";
    std::string s = fmt::format("{}", d);
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
    return s;
  }
  std::ostringstream os;  // dates and times print as TOML already
  if (const auto* d = node.as_date()) os << *d;
  if (const auto* tm = node.as_time()) os << *tm;
  if (const auto* dt = node.as_date_time()) os << *dt;
  return os.str();
}

std::string format_entry(const toml::table& entry) {
  std::string out;
  for (const OrderedItem& item : ordered(entry, true)) {
    append_key(out, item.key);
    out += " = ";
    append_value(out, *item.node, true);
    out += '\n';
  }
  return out;
}
}  // namespace retort::detail
