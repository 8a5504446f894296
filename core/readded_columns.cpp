#include "core/readded_columns.hpp"

namespace retort {

std::set<ColumnKey> readded_columns(const std::vector<Op>& ops) {
  std::set<ColumnKey> dropped, readded;
  for (const Op& op : ops) {
    if (const auto* d = std::get_if<DropColumn>(&op)) {
      dropped.insert({d->schema, d->table, d->column});
    } else if (const auto* a = std::get_if<AddColumn>(&op)) {
      if (dropped.count({a->schema, a->table, a->column.name}) != 0)
        readded.insert({a->schema, a->table, a->column.name});
    }
  }
  return readded;
}

}  // namespace retort
