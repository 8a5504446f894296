// The readable name of a C++ type ("heroes::Hero"), for error messages.
#pragma once

#include <string>
#include <typeinfo>

namespace retort::detail {

std::string type_name(const std::type_info& type);

}  // namespace retort::detail
