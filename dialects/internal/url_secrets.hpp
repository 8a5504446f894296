// retort: finding and hiding the password in a database URL, for messages.
//
// Works for every URL form retort accepts: scheme://user:PASS@host/... and a
// libpq `password=` query parameter. Passwords may contain '@'.
#pragma once

#include <string>
#include <string_view>

namespace retort {

// The password in "postgresql://user:pass@host/db" (percent-decoded), or in a
// `password=` query parameter; "" when there is none.
std::string url_password(std::string_view url);

// The URL with the password replaced by "***".
std::string url_redacted(std::string_view url);

// `text` with every occurrence of the URL's password replaced by "***", for
// driver messages that might echo it.
std::string scrub_password(std::string text, std::string_view url);

}  // namespace retort
