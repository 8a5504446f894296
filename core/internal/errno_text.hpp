// retort: the text of an errno value, safe on any thread.
//
// std::strerror may return a buffer shared by the whole process, so two
// threads reporting failures at once (a fleet's members) could garble each
// other's messages; errno_text() copies the text from a buffer of its own.
#pragma once

#include <string>

namespace retort {

std::string errno_text(int error);

}  // namespace retort
