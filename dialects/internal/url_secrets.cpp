#include "dialects/internal/url_secrets.hpp"

#include <cctype>

namespace retort {
namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct Span {
  std::size_t begin = std::string_view::npos;
  std::size_t end = std::string_view::npos;
  bool found() const { return begin != std::string_view::npos; }
};

// Where the password sits in the userinfo part ("user:PASS@").
Span userinfo_password(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  const std::size_t start = scheme + 3;
  const std::size_t authority_end = url.find_first_of("/?", start);
  const std::string_view authority =
      url.substr(start, authority_end == std::string_view::npos ? url.npos : authority_end - start);
  const auto at = authority.rfind('@');
  if (at == std::string_view::npos) return {};
  const auto colon = authority.find(':');
  if (colon == std::string_view::npos || colon > at) return {};
  return {start + colon + 1, start + at};
}

// Where the value of a `password=` query parameter sits.
Span query_password(std::string_view url) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::size_t pos = q + 1;
  while (pos < url.size()) {
    std::size_t amp = url.find('&', pos);
    if (amp == std::string_view::npos) amp = url.size();
    const std::string_view param = url.substr(pos, amp - pos);
    if (param.starts_with("password=")) return {pos + 9, amp};
    pos = amp + 1;
  }
  return {};
}

}  // namespace

std::string url_password(std::string_view url) {
  if (Span s = userinfo_password(url); s.found()) {
    return percent_decode(url.substr(s.begin, s.end - s.begin));
  }
  if (Span s = query_password(url); s.found()) {
    return percent_decode(url.substr(s.begin, s.end - s.begin));
  }
  return {};
}

std::string url_redacted(std::string_view url) {
  std::string out(url);
  // Query parameter first: replacing it does not move the userinfo part.
  if (Span s = query_password(out); s.found()) out.replace(s.begin, s.end - s.begin, "***");
  if (Span s = userinfo_password(out); s.found()) out.replace(s.begin, s.end - s.begin, "***");
  return out;
}

std::string scrub_password(std::string text, std::string_view url) {
  auto scrub = [&text](const std::string& secret) {
    if (secret.empty()) return;
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  };
  // Both the decoded password and its spelling in the URL.
  scrub(url_password(url));
  if (Span s = userinfo_password(url); s.found()) {
    scrub(std::string(url.substr(s.begin, s.end - s.begin)));
  }
  if (Span s = query_password(url); s.found()) {
    scrub(std::string(url.substr(s.begin, s.end - s.begin)));
  }
  return text;
}

}  // namespace retort
