#include "core/trigger_head.hpp"

#include "core/internal/head_reader.hpp"

namespace retort {

using detail::HeadReader;

std::optional<TriggerHead> read_trigger_head(std::string_view sql) {
  HeadReader r(sql);
  TriggerHead head;
  if (!r.create(head.or_replace, head.keyword_at)) return std::nullopt;
  std::string w = r.word();
  if (w == "temp" || w == "temporary") w = r.word();  // SQLite's; its dialect refuses it
  if (w == "constraint") {
    head.constraint = true;
    w = r.word();
  }
  if (w != "trigger") return std::nullopt;
  const std::size_t before_if = r.at();
  if (r.word() == "if") {
    if (r.word() != "not" || r.word() != "exists") return std::nullopt;
  } else {
    r.reset(before_if);
  }
  auto name = r.qualified();
  if (!name) return std::nullopt;
  head.name = name->name;
  std::string word;
  while (r.skip_token(word)) {
    if (word != "on") continue;
    auto table = r.qualified();
    if (!table) return std::nullopt;
    head.table = table->name;
    head.schema = table->schema.empty() ? name->schema : table->schema;
    head.table_at = table->at;
    head.table_name_at = table->name_at;
    return head;
  }
  return std::nullopt;
}

std::string or_replace_trigger_sql(std::string_view sql) {
  const std::optional<TriggerHead> head = read_trigger_head(sql);
  if (!head || head->or_replace) return std::string(sql);
  return std::string(sql.substr(0, head->keyword_at)) + "OR REPLACE " +
         std::string(sql.substr(head->keyword_at));
}

std::string unqualified_trigger_sql(std::string_view sql) {
  const std::optional<TriggerHead> head = read_trigger_head(sql);
  if (!head || head->table_name_at == head->table_at) return std::string(sql);
  return std::string(sql.substr(0, head->table_at)) + std::string(sql.substr(head->table_name_at));
}

}  // namespace retort
