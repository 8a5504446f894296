#include "core/function_head.hpp"

#include "core/internal/head_reader.hpp"

namespace retort {

using detail::HeadReader;

std::optional<FunctionHead> read_function_head(std::string_view sql) {
  HeadReader r(sql);
  FunctionHead head;
  if (!r.create(head.or_replace, head.keyword_at)) return std::nullopt;
  const std::string w = r.word();
  if (w != "function" && w != "procedure" && w != "aggregate") return std::nullopt;
  head.routine = w;
  auto name = r.qualified();
  if (!name) return std::nullopt;
  head.schema = name->schema;
  head.name = name->name;
  head.qualified_at = name->at;
  head.name_at = name->name_at;
  return head;
}

std::string or_replace_sql(std::string_view sql) {
  const std::optional<FunctionHead> head = read_function_head(sql);
  if (!head || head->or_replace) return std::string(sql);
  std::string out(sql.substr(0, head->keyword_at));
  out += "OR REPLACE ";
  out += sql.substr(head->keyword_at);
  return out;
}

std::string without_or_replace(std::string_view sql) {
  const std::optional<FunctionHead> head = read_function_head(sql);
  if (!head || !head->or_replace) return std::string(sql);
  // CREATE <blank> OR <blank> REPLACE <blank> keyword: keep what comes
  // before OR and from the keyword on.
  HeadReader r(sql);
  (void)r.word();  // create
  const std::size_t or_at = r.at();

  return std::string(sql.substr(0, or_at)) + std::string(sql.substr(head->keyword_at));
}

std::string unqualified_sql(std::string_view sql) {
  const std::optional<FunctionHead> head = read_function_head(sql);
  if (!head || head->schema.empty()) return std::string(sql);
  return std::string(sql.substr(0, head->qualified_at)) + std::string(sql.substr(head->name_at));
}

}  // namespace retort
