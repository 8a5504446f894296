// retort/sqlite: quoting for generated SQL.
#pragma once

#include <string>
#include <string_view>

namespace retort::sqlite {

// "name" with embedded quotes doubled; identifiers are always quoted.
std::string quote_ident(std::string_view ident);

}  // namespace retort::sqlite
