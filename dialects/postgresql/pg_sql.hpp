// retort/postgresql: quoting for generated SQL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::postgresql {

// "name" with embedded quotes doubled; identifiers are always quoted.
std::string quote_ident(std::string_view ident);
// 'text' with embedded quotes doubled (standard_conforming_strings is on
// since PostgreSQL 9.1, so backslashes need no escaping).
std::string quote_literal(std::string_view text);
// The parts of a possibly schema-qualified catalog name as the models give
// it (a collation, an operator class): "C" -> {C}, "s.\"My Ops\"" ->
// {s, My Ops}; double quotes only group, they are not kept.
std::vector<std::string> split_catalog_name(std::string_view name);
// "schema"."name", or "name" when schema is empty.
std::string qualified_name(std::string_view schema, std::string_view name);
// A text[] literal for a query parameter: {"public","app"}, with quotes and
// backslashes escaped.
std::string text_array(const std::vector<std::string>& items);

}  // namespace retort::postgresql
