#include "migrations/checksum.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <variant>

#include "core/internal/ops_toml.hpp"
#include "migrations/internal/sha256.hpp"

namespace retort::migrations {
namespace {

// CRLF and lone CR as LF.
std::string unix_lines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
    } else {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    }
  }
  return out;
}

// Without trailing spaces and tabs on each line, nor newlines at the end.
std::string without_trailing_space(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    const bool last = end == std::string::npos;
    if (last) end = text.size();
    std::size_t cut = end;
    while (cut > start && (text[cut - 1] == ' ' || text[cut - 1] == '\t')) --cut;
    out.append(text, start, cut - start);
    if (last) break;
    out += '\n';
    start = end + 1;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// A float that is not finite as text: JSON has no spelling for it, and
// nlohmann writes every one as null, which would make inf and nan equal.
void spell_non_finite(nlohmann::json& node) {
  if (node.is_number_float()) {
    const double v = node.get<double>();
    if (std::isnan(v)) node = "nan";
    if (std::isinf(v)) node = v > 0 ? "inf" : "-inf";
  } else if (node.is_array() || node.is_object()) {
    for (auto& child : node) spell_non_finite(child);
  }
}

nlohmann::json ops_form(const std::vector<Op>& ops) {
  nlohmann::json list = nlohmann::json::array();
  for (const Op& op : ops) {
    nlohmann::json entry = toml_to_json(op_to_toml(op));
    spell_non_finite(entry);
    // A TOML reader already reads a multi-line string's CRLF as LF; the SQL
    // of an execute op is also excused its trailing whitespace. Other
    // strings are data, a "\r" in them included.
    if (std::holds_alternative<Execute>(op)) {
      entry["sql"] = without_trailing_space(unix_lines(entry["sql"].get<std::string>()));
    }
    list.push_back(std::move(entry));
  }
  return list;
}

}  // namespace

std::string checksum_form(const Revision& revision) {
  nlohmann::json form = nlohmann::json::object();
  form["form"] = 1;
  form["upgrade"] = ops_form(revision.upgrade);
  form["downgrade"] = ops_form(revision.downgrade);
  // Invalid UTF-8 cannot come from a TOML file; replaced, not thrown on.
  return form.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string revision_checksum(const Revision& revision) {
  return std::string(kChecksumPrefix) + sha256_hex(checksum_form(revision));
}

}  // namespace retort::migrations
