#include "core/view_order.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/internal/text.hpp"

namespace retort {
namespace {

// The tables whose change breaks a view that reads them.
std::set<std::string> broken_tables(const std::vector<Op>& ops) {
  std::set<std::string> out;
  for (const Op& op : ops) {
    if (const auto* o = std::get_if<AlterColumn>(&op)) {
      if (o->type || o->collation || o->generated) out.insert(view_key(o->schema, o->table));
    } else if (const auto* o = std::get_if<DropColumn>(&op)) {
      out.insert(view_key(o->schema, o->table));
    } else if (const auto* o = std::get_if<RenameColumn>(&op)) {
      out.insert(view_key(o->schema, o->table));
    } else if (const auto* o = std::get_if<RenameTable>(&op)) {
      out.insert(view_key(o->schema, o->table));
    } else if (const auto* o = std::get_if<DropTable>(&op)) {
      out.insert(view_key(o->table.schema, o->table.name));
    }
  }
  return out;
}

// The names of the functions `ops` drop (removed, or replaced by a drop and
// a create): a view that calls one must go before and come back after.
std::vector<std::string> dropped_functions(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const Op& op : ops) {
    if (const auto* o = std::get_if<DropFunction>(&op))
      out.push_back(detail::lower(o->object.name));
  }
  return out;
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

bool reads_any(const View& v, const std::set<std::string>& keys) {
  for (const std::string& d : v.depends_on) {
    if (keys.count(d) != 0) return true;
  }
  return false;
}

}  // namespace

bool calls_any(std::string_view sql, const std::vector<std::string>& names) {
  if (names.empty()) return false;
  const std::string query = detail::lower(sql);
  for (const std::string& name : names) {
    for (auto at = query.find(name); at != std::string::npos; at = query.find(name, at + 1)) {
      if (at > 0 && is_name_char(query[at - 1])) continue;
      std::size_t after = at + name.size();
      if (after < query.size() && query[after] == '"') ++after;  // "IsOk"(x)
      while (after < query.size() && std::isspace(static_cast<unsigned char>(query[after])))
        ++after;
      if (after < query.size() && query[after] == '(') return true;
    }
  }
  return false;
}

bool names_word(std::string_view sql, const std::string& word) {
  const std::string text = detail::lower(sql);
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !is_name_char(text[at - 1])) &&
        (end == text.size() || !is_name_char(text[end]))) {
      return true;
    }
  }
  return false;
}

std::string view_key(const std::string& schema, const std::string& name) {
  return schema.empty() ? name : schema + "." + name;
}

ViewOrder view_order(const std::vector<View>& views) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < views.size(); ++i) {
    index[view_key(views[i].schema, views[i].name)] = i;
  }
  // Depth-first, in name order: 0 unvisited, 1 on the path, 2 done.
  ViewOrder result;
  std::vector<int> state(views.size(), 0);
  std::vector<std::size_t> path;
  auto visit = [&](auto&& self, std::size_t i) -> void {
    if (state[i] == 2) return;
    if (state[i] == 1) {
      if (result.cycle.empty()) {
        auto from = std::find(path.begin(), path.end(), i);
        for (auto it = from; it != path.end(); ++it) {
          result.cycle.push_back(views[*it].describe());
        }
        result.cycle.push_back(views[i].describe());
      }
      return;
    }
    state[i] = 1;
    path.push_back(i);
    for (const std::string& d : views[i].depends_on) {
      auto it = index.find(d);
      if (it != index.end() && it->second != i) self(self, it->second);
    }
    path.pop_back();
    state[i] = 2;
    result.order.push_back(&views[i]);
  };
  for (const auto& [key, i] : index) visit(visit, i);
  return result;
}

std::vector<Op> with_view_ops(const MetaData& from, const MetaData& to, std::vector<Op> table_ops) {
  if (from.views.empty() && to.views.empty()) return table_ops;
  // What goes: views removed or changed, every view that reads a broken
  // table or a view that goes (in `from`'s order, so readers follow), and
  // every view that calls a function that goes.
  std::set<std::string> gone = broken_tables(table_ops);
  const std::vector<std::string> functions = dropped_functions(table_ops);
  std::set<std::string> dropped;
  const ViewOrder from_order = view_order(from.views);
  for (const View* v : from_order.order) {
    const View* target = to.find_view(v->schema, v->name);
    if (target == nullptr || !(*target == *v) || reads_any(*v, gone) ||
        calls_any(v->query, functions)) {
      const std::string key = view_key(v->schema, v->name);
      gone.insert(key);
      dropped.insert(key);
    }
  }
  std::vector<Op> ops;
  for (auto it = from_order.order.rbegin(); it != from_order.order.rend(); ++it) {
    if (dropped.count(view_key((*it)->schema, (*it)->name)) != 0) ops.push_back(DropView{**it});
  }
  for (Op& op : table_ops) ops.push_back(std::move(op));
  for (const View* v : view_order(to.views).order) {
    if (from.find_view(v->schema, v->name) == nullptr ||
        dropped.count(view_key(v->schema, v->name)) != 0) {
      ops.push_back(CreateView{*v});
    }
  }
  return ops;
}

}  // namespace retort
